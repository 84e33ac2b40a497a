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

from ..i18n import _
from .source import Problem, listing
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
            error(lane, (), _("lane '{lane}' ({kind}) needs a staff count ('staff: 2')").format(
                lane=lane_id, kind=lane.kind), "missing-key")
        elif lane.kind in STAFFED_LANES and lane.staff == 0:
            error(lane, ("staff",), _("lane '{lane}' has no staff; a {kind} needs at least one").format(
                lane=lane_id, kind=lane.kind), "value")
        elif lane.kind not in STAFFED_LANES and lane.staff:
            # English needs the article of the kind (an applicant, a public ...): one message for each
            message = (_("lane '{lane}' is an {kind} lane, whose time takes no staff; remove 'staff'")
                       if lane.kind[0] in "aeiou" else
                       _("lane '{lane}' is a {kind} lane, whose time takes no staff; remove 'staff'"))
            error(lane, ("staff",), message.format(lane=lane_id, kind=lane.kind), "value")

    ends = 0
    for index, step in enumerate(process.steps):
        if step.lane not in process.lanes:
            error(step, ("lane",), _("step '{step}' names lane '{lane}', which is not defined").format(
                step=step.id, lane=step.lane) + _suggest(step.lane, process.lanes), "reference")
        for i, material in enumerate(step.materials):
            if material not in material_ids:
                error(step, ("materials", i), _("step '{step}' uses material '{material}', which is not defined "
                      "in 'materials'").format(step=step.id, material=material)
                      + _suggest(material, material_ids), "reference")
        ends += _check_flow(process, index, step_ids, error)
        if step.duration is not None:
            _check_duration(step.duration, error)

    if ends == 0:
        error(process, ("steps",), _("no step ends the process; mark the last step of each outcome with "
              "'end: approved' (or refused, not-accepted, withdrawn, terminated)"), "flow")

    if process.simulation is not None:
        _check_simulation(process.simulation, error)
        calendar = process.simulation.calendar
        if calendar is not None and calendar.file:
            from .calendar_file import check_named  # it reads files with the loader, which imports this module

            problems.extend(check_named(calendar.file, calendar.loc.file, list(process.lanes)))
        for step_id in process.simulation.priorities:
            if step_id not in step_ids:
                error(process.simulation, ("priorities", step_id), _("priority for step '{step}', which is not "
                      "defined").format(step=step_id) + _suggest(step_id, step_ids), "reference")

    extension = process.time_limit.extension
    if extension is not None and not extension.approver.strip():
        error(extension, ("approver",), _("an extension needs the approver named (Art. 42)"), "value")
    return problems


def _unique_ids(items, what, error) -> dict[str, typing.Any]:
    seen: dict[str, typing.Any] = {}
    for item in items:
        if item.id in seen:
            first = seen[item.id].loc_of("id").line
            message = (_("duplicate step id '{id}' (first at line {line})") if what == "step"
                       else _("duplicate material id '{id}' (first at line {line})"))
            error(item, ("id",), message.format(id=item.id, line=first), "duplicate-id")
        else:
            seen[item.id] = item
    return seen


def _check_flow(process: Process, index: int, step_ids: dict, error) -> int:
    """Check how one step continues; return how many ways it has of ending the case."""
    step = process.steps[index]
    ways = [name for name in ("next", "outcomes", "end") if getattr(step, name) is not None]
    if len(ways) > 1:
        error(step, (ways[1],), _("step '{step}' has both '{first}' and '{second}'; a step either goes "
              "on to a next step, chooses among outcomes, or ends the case").format(
                  step=step.id, first=ways[0], second=ways[1]), "flow")
        return 1
    if step.end is not None:
        return 1
    if isinstance(step.next, str):
        _check_target(step, step, ("next",), step.next, step_ids, error)
    elif isinstance(step.next, list):
        if len(step.next) < 2:
            error(step, ("next",), _("step '{step}' starts a parallel split with {count} branch; "
                  "name a single step without brackets, or two or more in parallel").format(
                      step=step.id, count=len(step.next)), "flow")
        seen: set[str] = set()
        for i, target in enumerate(step.next):
            if target in seen:
                error(step, ("next", i), _("step '{step}' starts branch '{target}' twice").format(
                    step=step.id, target=target), "flow")
            seen.add(target)
            _check_target(step, step, ("next", i), target, step_ids, error)
    elif step.outcomes is not None:
        return _check_outcomes(step, step_ids, error)
    elif index == len(process.steps) - 1:
        error(step, ("id",), _("the last step '{step}' has no successor; add 'end: approved' (or another "
              "outcome) or 'next:'").format(step=step.id), "flow")
    return 0


def _check_target(step, node, field, target: str, step_ids: dict, error) -> None:
    if target not in step_ids:
        error(node, field, _("step '{step}' goes to step '{target}', which is not defined").format(
            step=step.id, target=target) + _suggest(target, step_ids), "reference")


def _check_outcomes(step, step_ids: dict, error) -> int:
    outcomes = step.outcomes
    if len(outcomes) < 2:
        error(step, ("outcomes",), _("step '{step}' chooses among {count} outcome; a choice needs two "
              "or more (use 'next:' for a single successor)").format(step=step.id, count=len(outcomes)), "flow")
    ends = 0
    for name, outcome in outcomes.items():
        if (outcome.next is None) == (outcome.end is None):
            error(outcome, (), _("outcome '{outcome}' of step '{step}' needs exactly one of 'next: <step>' "
                  "or 'end: <outcome>'").format(outcome=name, step=step.id), "flow")
        elif outcome.next is not None:
            _check_target(step, outcome, ("next",), outcome.next, step_ids, error)
        else:
            ends += 1
        if outcome.p is not None and not (0.0 <= outcome.p <= 1.0):
            error(outcome, ("p",), _("probability {p} of outcome '{outcome}' is outside 0..1").format(
                p=outcome.p, outcome=name), "probability")
    given = [o.p for o in outcomes.values() if o.p is not None]
    if given and len(given) != len(outcomes):
        missing = [name for name, o in outcomes.items() if o.p is None]
        error(step, ("outcomes",), _("step '{step}' gives probabilities for some outcomes but not for "
              "{missing}; give 'p' for every outcome or for none").format(step=step.id, missing=listing(missing)),
              "probability")
    elif given and all(0 <= p <= 1 for p in given) and not math.isclose(sum(given), 1.0,
                                                                         abs_tol=PROBABILITY_TOLERANCE):
        error(step, ("outcomes",), _("the probabilities of the outcomes of step '{step}' sum to "
              "{total}, not 1").format(step=step.id, total=f"{sum(given):g}"), "probability")
    return ends


def _check_duration(spec, error) -> None:
    if isinstance(spec, Uniform) and spec.min.minutes() > spec.max.minutes():
        error(spec, ("min",), _("uniform duration has min {min} above max {max}").format(min=spec.min, max=spec.max),
              "value")
    elif isinstance(spec, Triangular) and not (
        spec.min.minutes() <= spec.mode.minutes() <= spec.max.minutes()
    ):
        error(spec, ("mode",), _("triangular duration needs min ≤ mode ≤ max, got {min}, {mode}, {max}").format(
            min=spec.min, mode=spec.mode, max=spec.max), "value")
    elif isinstance(spec, Lognormal | Gamma) and spec.mean.value <= 0:
        error(spec, ("mean",), _("a {distribution} duration needs a mean above zero").format(
            distribution=spec.distribution), "value")
    elif isinstance(spec, Empirical) and spec.weights is not None:
        if len(spec.weights) != len(spec.values):
            error(spec, ("weights",), _("{weights} weights for {count} values").format(
                weights=len(spec.weights), count=len(spec.values)), "value")
        elif any(w < 0 for w in spec.weights) or sum(spec.weights) <= 0:
            error(spec, ("weights",), _("weights must be zero or more and not all zero"), "value")


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
                error(calendar, ("office_hours", i), _("office period '{period}' ends before it begins").format(
                    period=calendar.office_hours[i]), "value")
            elif i and begin < periods[i - 1][1]:
                error(calendar, ("office_hours", i), _("office period '{period}' overlaps or precedes the one "
                      "before; list the periods of the day in order").format(period=calendar.office_hours[i]),
                      "value")
        day_minutes = sum(max(0, end - begin) for begin, end in periods)
        try:
            datetime.date.fromisoformat(calendar.start)
        except ValueError:
            error(calendar, ("start",), _("'{start}' is not a date of the calendar").format(start=calendar.start),
                  "value")
    arrivals = simulation.arrivals
    if (arrivals.per_workday is None) == (arrivals.file is None):
        error(arrivals, (), _("give the arrivals either as `per_workday` (a Poisson rate) or as a `file` of "
              "timestamps, one of the two"), "value")
    profile = simulation.arrivals.profile
    hours = math.ceil(day_minutes / 60)
    if profile is not None and day_minutes and len(profile) != hours:
        error(simulation.arrivals, ("profile",), _("the profile gives {weights} hourly weights, but the "
              "office day has {hours} hours; give one weight per hour of office time").format(
                  weights=len(profile), hours=hours), "value")
    elif profile is not None and sum(profile) <= 0:
        error(simulation.arrivals, ("profile",), _("the profile's weights are all zero"), "value")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _(" (did you mean '{word}'?)").format(word=close[0]) if close else ""

