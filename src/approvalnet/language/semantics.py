"""Checks that need the whole file: references, unique ids, probabilities, and the shape of the flow.

These are the conditions without which a process has no meaning (a step that names a lane that does
not exist cannot be drawn or simulated). Whether a meaningful process is *good* — sound, lawful,
consistent with its listing — is the business of the rules, not of the loader.
"""

from __future__ import annotations

import datetime
import difflib
import math
import typing

from .source import Problem
from .types import Empirical, Gamma, Lognormal, Node, Process, Simulation, Triangular, Uniform

PROBABILITY_TOLERANCE = 1e-6
DEFAULT_OFFICE_HOURS = ("09:00-12:00", "13:30-17:30")  # the default of ``Calendar.office_hours``
STAFFED_LANES = ("window", "department")


def check_semantics(process: Process) -> list[Problem]:
    problems: list[Problem] = []

    def error(node: Node, field: tuple[str | int, ...], message: str, code: str) -> None:
        problems.append(Problem(node.loc_of(*field), message, code))

    step_ids = _unique_ids(process.steps, "step", error)
    material_ids = _unique_ids(process.materials, "material", error)

    for lane_id, lane in process.lanes.items():
        if lane.kind in STAFFED_LANES and lane.staff is None:
            error(lane, (), f"lane '{lane_id}' ({lane.kind}) needs a staff count ('staff: 2')", "missing-key")
        elif lane.kind in STAFFED_LANES and lane.staff == 0:
            error(lane, ("staff",), f"lane '{lane_id}' has no staff; a {lane.kind} needs at least one", "value")
        elif lane.kind not in STAFFED_LANES and lane.staff:
            article = "an" if lane.kind[0] in "aeiou" else "a"
            error(lane, ("staff",), f"lane '{lane_id}' is {article} {lane.kind} lane, whose time takes no staff; "
                  "remove 'staff'", "value")

    ends = 0
    for index, step in enumerate(process.steps):
        if step.lane not in process.lanes:
            error(step, ("lane",), f"step '{step.id}' names lane '{step.lane}', which is not defined"
                  f"{_suggest(step.lane, process.lanes)}", "reference")
        for i, material in enumerate(step.materials):
            if material not in material_ids:
                error(step, ("materials", i), f"step '{step.id}' uses material '{material}', which is not "
                      f"defined in 'materials'{_suggest(material, material_ids)}", "reference")
        ends += _check_flow(process, index, step_ids, error)
        if step.duration is not None:
            _check_duration(step.duration, error)

    if ends == 0:
        error(process, ("steps",), "no step ends the process; mark the last step of each outcome with "
              "'end: approved' (or refused, not-accepted, withdrawn, terminated)", "flow")

    if process.simulation is not None:
        _check_simulation(process.simulation, error)
        for step_id in process.simulation.priorities:
            if step_id not in step_ids:
                error(process.simulation, ("priorities", step_id), f"priority for step '{step_id}', which is not "
                      f"defined{_suggest(step_id, step_ids)}", "reference")

    extension = process.time_limit.extension
    if extension is not None and not extension.approver.strip():
        error(extension, ("approver",), "an extension needs the approver named (Art. 42)", "value")
    return problems


def _unique_ids(items, what, error) -> dict[str, typing.Any]:
    seen: dict[str, typing.Any] = {}
    for item in items:
        if item.id in seen:
            first = seen[item.id].loc_of("id").line
            error(item, ("id",), f"duplicate {what} id '{item.id}' (first at line {first})", "duplicate-id")
        else:
            seen[item.id] = item
    return seen


def _check_flow(process: Process, index: int, step_ids: dict, error) -> int:
    """Check how one step continues; return how many ways it has of ending the case."""
    step = process.steps[index]
    ways = [name for name in ("next", "outcomes", "end") if getattr(step, name) is not None]
    if len(ways) > 1:
        error(step, (ways[1],), f"step '{step.id}' has both '{ways[0]}' and '{ways[1]}'; a step either goes "
              "on to a next step, chooses among outcomes, or ends the case", "flow")
        return 1
    if step.end is not None:
        return 1
    if isinstance(step.next, str):
        _check_target(step, step, ("next",), step.next, step_ids, error)
    elif isinstance(step.next, list):
        if len(step.next) < 2:
            error(step, ("next",), f"step '{step.id}' starts a parallel split with {len(step.next)} branch; "
                  "name a single step without brackets, or two or more in parallel", "flow")
        seen: set[str] = set()
        for i, target in enumerate(step.next):
            if target in seen:
                error(step, ("next", i), f"step '{step.id}' starts branch '{target}' twice", "flow")
            seen.add(target)
            _check_target(step, step, ("next", i), target, step_ids, error)
    elif step.outcomes is not None:
        return _check_outcomes(step, step_ids, error)
    elif index == len(process.steps) - 1:
        error(step, ("id",), f"the last step '{step.id}' has no successor; add 'end: approved' (or another "
              "outcome) or 'next:'", "flow")
    return 0


def _check_target(step, node, field, target: str, step_ids: dict, error) -> None:
    if target not in step_ids:
        error(node, field, f"step '{step.id}' goes to step '{target}', which is not defined"
              f"{_suggest(target, step_ids)}", "reference")


def _check_outcomes(step, step_ids: dict, error) -> int:
    outcomes = step.outcomes
    if len(outcomes) < 2:
        error(step, ("outcomes",), f"step '{step.id}' chooses among {len(outcomes)} outcome; a choice needs two "
              "or more (use 'next:' for a single successor)", "flow")
    ends = 0
    for name, outcome in outcomes.items():
        if (outcome.next is None) == (outcome.end is None):
            error(outcome, (), f"outcome '{name}' of step '{step.id}' needs exactly one of 'next: <step>' "
                  "or 'end: <outcome>'", "flow")
        elif outcome.next is not None:
            _check_target(step, outcome, ("next",), outcome.next, step_ids, error)
        else:
            ends += 1
        if outcome.p is not None and not (0.0 <= outcome.p <= 1.0):
            error(outcome, ("p",), f"probability {outcome.p} of outcome '{name}' is outside 0..1", "probability")
    given = [o.p for o in outcomes.values() if o.p is not None]
    if given and len(given) != len(outcomes):
        missing = [name for name, o in outcomes.items() if o.p is None]
        error(step, ("outcomes",), f"step '{step.id}' gives probabilities for some outcomes but not for "
              f"{', '.join(missing)}; give 'p' for every outcome or for none", "probability")
    elif given and all(0 <= p <= 1 for p in given) and not math.isclose(sum(given), 1.0,
                                                                         abs_tol=PROBABILITY_TOLERANCE):
        error(step, ("outcomes",), f"the probabilities of the outcomes of step '{step.id}' sum to "
              f"{sum(given):g}, not 1", "probability")
    return ends


def _check_duration(spec, error) -> None:
    if isinstance(spec, Uniform) and spec.min.minutes() > spec.max.minutes():
        error(spec, ("min",), f"uniform duration has min {spec.min} above max {spec.max}", "value")
    elif isinstance(spec, Triangular) and not (
        spec.min.minutes() <= spec.mode.minutes() <= spec.max.minutes()
    ):
        error(spec, ("mode",), f"triangular duration needs min ≤ mode ≤ max, got {spec.min}, {spec.mode}, "
              f"{spec.max}", "value")
    elif isinstance(spec, Lognormal | Gamma) and spec.mean.value <= 0:
        error(spec, ("mean",), f"a {spec.distribution} duration needs a mean above zero", "value")
    elif isinstance(spec, Empirical) and spec.weights is not None:
        if len(spec.weights) != len(spec.values):
            error(spec, ("weights",), f"{len(spec.weights)} weights for {len(spec.values)} values", "value")
        elif any(w < 0 for w in spec.weights) or sum(spec.weights) <= 0:
            error(spec, ("weights",), "weights must be zero or more and not all zero", "value")


def office_periods(hours: list[str]) -> list[tuple[int, int]]:
    """``["09:00-12:00", …]`` as minutes of the day: ``[(540, 720), …]`` (patterns checked by the types)."""
    def minutes(text: str) -> int:
        hour, minute = text.split(":")
        return int(hour) * 60 + int(minute)

    return [(minutes(a), minutes(b)) for a, b in (period.split("-") for period in hours)]


def _check_simulation(simulation: Simulation, error) -> None:
    calendar = simulation.calendar
    day_minutes = sum(end - begin for begin, end in office_periods(list(DEFAULT_OFFICE_HOURS)))
    if calendar is not None:
        periods = office_periods(calendar.office_hours)
        for i, (begin, end) in enumerate(periods):
            if begin >= end:
                error(calendar, ("office_hours", i), f"office period '{calendar.office_hours[i]}' ends before "
                      "it begins", "value")
            elif i and begin < periods[i - 1][1]:
                error(calendar, ("office_hours", i), f"office period '{calendar.office_hours[i]}' overlaps or "
                      "precedes the one before; list the periods of the day in order", "value")
        day_minutes = sum(max(0, end - begin) for begin, end in periods)
        try:
            datetime.date.fromisoformat(calendar.start)
        except ValueError:
            error(calendar, ("start",), f"'{calendar.start}' is not a date of the calendar", "value")
    arrivals = simulation.arrivals
    if (arrivals.per_workday is None) == (arrivals.file is None):
        error(arrivals, (), "give the arrivals either as `per_workday` (a Poisson rate) or as a `file` of "
              "timestamps, one of the two", "value")
    profile = simulation.arrivals.profile
    hours = math.ceil(day_minutes / 60)
    if profile is not None and day_minutes and len(profile) != hours:
        error(simulation.arrivals, ("profile",), f"the profile gives {len(profile)} hourly weights, but the "
              f"office day has {hours} hours; give one weight per hour of office time", "value")
    elif profile is not None and sum(profile) <= 0:
        error(simulation.arrivals, ("profile",), "the profile's weights are all zero", "value")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

