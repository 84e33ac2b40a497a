"""Discovering a process file from an event log: the steps of ``approvalnet discover``.

1. the log's completions go to pm4py's inductive miner, which gives a process tree;
2. ``tree.py`` turns the tree into steps, choices, parallel splits, joins and loops;
3. each choice gets the frequencies observed in the log: after each execution of the step that owns
   it, which of its targets came next (the counts of the tree stand in where nothing was observed);
4. ``fit.py`` fits durations on the office clock, finds lanes and staff in the resources and the
   arrival rate in the first moments of the cases;
5. ``emit.py`` writes the file, which is read back by the loader (it must be valid) and turned into
   its Petri net, on which the log is replayed (token-based fitness) and soundness is decided.
"""

from __future__ import annotations

import datetime
import math
import statistics
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..i18n import _
from ..language.calendar import CalendarData, CalendarWarning, WorkCalendar, merge_calendar_warnings
from ..language.semantics import DEFAULT_OFFICE_HOURS
from ..language.types import Process
from . import fit, tree
from .emit import Document, LaneText, StepText, rounded_probabilities, to_yaml
from .read import EventLog

ROUTING_LANE = "routing"
ROUTING_NAMES = {"start": "开始", "choice": "选择", "split": "并行开始", "join": "汇合", "merge": "分支汇合"}


class DiscoveryError(Exception):
    """Discovery could not produce a valid process (a defect of approvalnet, reported plainly)."""


@dataclass(frozen=True)
class Options:
    noise_threshold: float = 0.0
    office_hours: tuple[str, ...] = DEFAULT_OFFICE_HOURS
    holidays: str = "china"
    weekends: bool = True
    calendar: CalendarData | None = None  # a calendar file's data (--calendar): holidays, hours per weekday
    code: str | None = None
    name: str | None = None
    replay: bool = True  # replay the log on the discovered net (token-based fitness) and decide soundness
    today: datetime.date | None = None  # the date written into the file (today when None)


@dataclass(frozen=True)
class StepReport:
    id: str
    name: str
    lane: str
    executions: int
    duration: str  # the distribution chosen, or "none"
    mean_minutes: float
    ks: float | None
    routing: bool

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "lane": self.lane, "executions": self.executions,
                "duration": self.duration, "mean_minutes": round(self.mean_minutes, 3),
                "ks": None if self.ks is None else round(self.ks, 4), "routing": self.routing}


@dataclass
class Discovery:
    """What ``discover`` found, and the file's text."""

    log: str
    cases: int
    events: int
    activities: int
    first: str
    last: str
    noise_threshold: float
    tree: str  # the miner's tree
    translated: str  # the tree as translated (see tree.normalize)
    steps: list[StepReport]
    lanes: list[dict[str, Any]]
    lanes_from: str
    per_workday: float
    cycle_time_mean: float  # office days
    cycle_time_p95: float
    has_start: bool
    fitness: dict[str, float] | None
    sound: bool | None
    notes: list[str]
    yaml: str
    process: Process | None = field(default=None, repr=False)
    output: str | None = None

    @property
    def routing_steps(self) -> int:
        return sum(1 for s in self.steps if s.routing)

    def to_json(self) -> dict[str, Any]:
        return {
            "log": self.log, "output": self.output, "cases": self.cases, "events": self.events,
            "activities": self.activities, "first": self.first, "last": self.last,
            "noise_threshold": self.noise_threshold, "tree": self.tree, "translated_tree": self.translated,
            "steps": [s.to_json() for s in self.steps], "routing_steps": self.routing_steps,
            "lanes": self.lanes, "lanes_from": self.lanes_from, "per_workday": round(self.per_workday, 6),
            "cycle_time_workdays": {"mean": round(self.cycle_time_mean, 6), "p95": round(self.cycle_time_p95, 6)},
            "has_start_times": self.has_start,
            "fitness": None if self.fitness is None else {k: round(v, 6) for k, v in self.fitness.items()},
            "sound": self.sound, "notes": self.notes,
            "process": None if self.output else self.yaml,
        }


def discover(log: EventLog, options: Options | None = None, process_tree: Any = None) -> Discovery:
    """Discover a process from ``log`` (see the module's docstring). ``process_tree``, a pm4py
    ``ProcessTree``, is translated instead of the miner's when given (a model made elsewhere)."""
    options = options or Options()
    notes: list[str] = []
    calendar, traces = _on_the_clock(log, options, notes)
    mined = process_tree if process_tree is not None else _inductive_miner(log, options.noise_threshold)
    discovered, normalized, flow = _flow(log, traces, mined, options, notes)
    measured = _measure(log, traces, flow, calendar.day_minutes, notes)
    text = to_yaml(_document(log, options, calendar, flow, measured))
    process = _validated(text, Path(log.path).name)
    fitness, sound = _replay(log, process, measured.routing_lane) if options.replay else (None, None)
    ends = [e.end for e in log.executions]
    cycles = measured.cycles
    return Discovery(
        log=log.path, cases=len(log.traces), events=log.rows, activities=len(measured.counts),
        first=min(ends).isoformat(sep=" "), last=max(ends).isoformat(sep=" "),
        noise_threshold=options.noise_threshold, tree=str(discovered), translated=str(normalized),
        steps=measured.reports,
        lanes=[{"id": lane.id, "name": lane.name, "kind": lane.kind, "staff": lane.staff, "note": lane.note}
               for lane in measured.lanes.lanes],
        lanes_from=measured.lanes.source, per_workday=measured.arrivals.per_workday,
        cycle_time_mean=statistics.fmean(cycles) if cycles else math.nan,
        cycle_time_p95=_quantile(cycles, 0.95), has_start=log.has_start, fitness=fitness, sound=sound,
        notes=notes, yaml=text, process=process,
    )


def _on_the_clock(log: EventLog, options: Options, notes: list[str]) -> tuple[WorkCalendar, dict[str, list[fit.Timed]]]:
    """The working calendar from the log's first day, and the log's executions in office minutes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CalendarWarning)
        first_date = min((e.start or e.end) for e in log.executions).date()
        calendar = WorkCalendar(options.office_hours, options.holidays, options.weekends,  # type: ignore[arg-type]
                                first_date, options.calendar)
        traces = fit.timed_traces(log, fit.Clock(calendar))
        fit.first_working_day(log, calendar)  # years without holiday data warn here, once
    notes += merge_calendar_warnings(str(w.message) for w in caught if issubclass(w.category, CalendarWarning))
    return calendar, traces


def _flow(log: EventLog, traces: dict[str, list[fit.Timed]], mined: Any, options: Options,
          notes: list[str]) -> tuple[tree.Tree, tree.Tree, tree.Flow]:
    """The miner's tree, the tree as translated, and its steps with observed outcome probabilities."""
    discovered = tree.from_pm4py(mined, notes)
    precedes = _precedes(traces, 1.0 - options.noise_threshold) if log.has_start else None
    normalized = tree.normalize(discovered, _last_branch(traces), precedes)
    counts = _counts(log)
    graph = tree.build(normalized, tree.branch_probabilities(normalized, counts, len(log.traces)))
    flow = tree.lower(graph)
    _observed_probabilities(log, flow, notes)
    return discovered, normalized, flow


def _counts(log: EventLog) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in log.executions:
        counts[e.activity] = counts.get(e.activity, 0) + 1
    return counts


@dataclass
class _Measured:
    """Everything the steps need besides the flow: order, ids, lanes, durations, arrivals."""

    order: list[int]
    ids: dict[int, str]
    lanes: fit.Lanes
    routing_lane: str
    counts: dict[str, int]
    arrivals: fit.Arrivals
    cycles: list[float]
    steps: list[StepText]
    reports: list[StepReport]


def _measure(log: EventLog, traces: dict[str, list[fit.Timed]], flow: tree.Flow, day: float,
             notes: list[str]) -> _Measured:
    """Order and ids of the steps, lanes, fitted durations and arrivals."""
    position = fit.positions(traces)
    order = _order(flow, position)
    ids = _ids(flow, order)
    lanes = fit.find_lanes(log, traces)
    lanes.lanes.sort(key=lambda lane: min((position.get(a, math.inf) for a, owner in lanes.of_activity.items()
                                           if owner == lane.id), default=math.inf))
    if not log.has_start:
        notes.append(_("the log has no start times: a duration is the office time since the previous completion "
                       "in the case, waiting included, and the first step of a case has none"))
    fits = {activity: fit.fit_duration(values, day) for activity, values in fit.durations(traces).items()}
    counts = _counts(log)
    routing_lane = fit.unique(ROUTING_LANE, {lane.id for lane in lanes.lanes})
    steps, reports = _steps(flow, order, ids, lanes, fits, counts, routing_lane)
    if flow.routing:
        notes.append(_("{count} routing step(s) added where the language has no silent step for what the tree "
                       "says; they are not in the log, and the fitness replays them as silent moves").format(
                           count=len(flow.routing)))
    if any(lane.kind in ("external", "applicant") for lane in lanes.lanes):
        notes.append(_("lanes whose resource works on several cases at once were taken as lanes without staff "
                       "(kind applicant when the name says so, else external)"))
    return _Measured(order, ids, lanes, routing_lane, counts, fit.arrivals(traces, day), fit.cycle_times(traces, day),
                     steps, reports)


def _document(log: EventLog, options: Options, calendar: WorkCalendar, flow: tree.Flow,
              measured: _Measured) -> Document:
    """The file to write: the header, the placeholders, the lanes and steps, and the simulation section."""
    lanes = [LaneText(lane.id, lane.name, lane.kind, lane.staff, lane.note) for lane in measured.lanes.lanes]
    if flow.routing:
        lanes.append(LaneText(measured.routing_lane, "路由（发现时添加，不是实际的办理环节）", "external", None,
                              "routing steps: no staff, no time"))
    today = options.today or datetime.date.today()
    source = Path(log.path).name
    arrivals = measured.arrivals
    return Document(
        header=_header(log, options, source, today, measured.cycles, flow, measured.routing_lane),
        code=options.code or f"DISCOVERED-{fit.slug(Path(log.path).stem, 'LOG').upper()}",
        name=options.name or f"由事件日志 {source} 发现的流程",
        generated=(f"Discovered by approvalnet {__version__} from {source} with pm4py's inductive miner "
                   f"(noise threshold {options.noise_threshold:g}) on {today.isoformat()}."),
        lanes=lanes,
        steps=measured.steps,
        per_workday=fit.number(max(arrivals.per_workday, 1e-4)),
        arrivals_note=f"{_count(arrivals.cases, 'case')} over {arrivals.span_workdays:.1f} working days",
        calendar={"office_hours": list(options.office_hours), "holidays": options.holidays,
                  "weekends": options.weekends, "start": fit.first_working_day(log, calendar).isoformat()},
        placeholders=_placeholders(options),
    )


# --- the miner -----------------------------------------------------------------------------------------------


def _frame(log: EventLog) -> Any:
    """The completions as a pandas frame for pm4py. The timestamps are the position of each completion
    in the log (one second apart), so that pm4py, which sorts by time, keeps our order of each case,
    ties included; the miner and the replay use only the order."""
    import pandas as pd

    cases: list[str] = []
    activities: list[str] = []
    for case, trace in log.traces.items():
        for e in trace:
            cases.append(case)
            activities.append(e.activity)
    times = pd.date_range("2000-01-01", periods=len(cases), freq="s", tz="UTC")
    return pd.DataFrame({"case:concept:name": cases, "concept:name": activities, "time:timestamp": times})


def _inductive_miner(log: EventLog, noise_threshold: float) -> Any:
    import pm4py

    return pm4py.discover_process_tree_inductive(_frame(log), noise_threshold=noise_threshold)


def _last_branch(traces: dict[str, list[fit.Timed]]) -> tree.LastBranch:
    """Which branch of a parallel block most often finishes last, by the completions of its activities."""

    def choose(branches: list[tree.Tree]) -> int:
        members = [set(tree.leaves(b)) for b in branches]
        wins = [0] * len(branches)
        for trace in traces.values():
            last = [max((t.end for t in trace if t.execution.activity in m), default=None) for m in members]
            if any(v is None for v in last):
                continue
            wins[max(range(len(last)), key=lambda k: (last[k], k))] += 1
        return max(range(len(wins)), key=lambda k: (wins[k], k))

    return choose


def _precedes(traces: dict[str, list[fit.Timed]], share: float) -> tree.Precedes:
    """Whether one branch always ends before another begins, in at least ``share`` of the cases that
    have both (by the start and end times of their activities)."""
    spans: list[dict[str, tuple[float, float]]] = []
    for trace in traces.values():
        span: dict[str, tuple[float, float]] = {}
        for t in trace:
            begun = t.start if t.start is not None else t.end
            low, high = span.get(t.execution.activity, (begun, t.end))
            span[t.execution.activity] = (min(low, begun), max(high, t.end))
        spans.append(span)

    def check(a: tree.Tree, b: tree.Tree) -> bool:
        first, second = set(tree.leaves(a)), set(tree.leaves(b))
        both = kept = 0
        for span in spans:
            ends = [span[x][1] for x in first if x in span]
            starts = [span[x][0] for x in second if x in span]
            if not ends or not starts:
                continue
            both += 1
            kept += max(ends) <= min(starts)
        return both > 0 and kept >= share * both

    return check


# --- choices, order and ids ---------------------------------------------------------------------------------


def _first_activities(flow: tree.Flow, key: int, seen: frozenset[int] = frozenset()) -> tuple[set[str], bool]:
    """The activities that can begin the target ``key`` (through routing steps), and whether the case
    can end there without another activity."""
    if key == tree.END:
        return set(), True
    if key in seen:
        return set(), False
    step = flow.steps[key]
    if step.activity is not None:
        return {step.activity}, False
    names: set[str] = set()
    ends = False
    for t in step.targets():
        more, end = _first_activities(flow, t, seen | {key})
        names |= more
        ends = ends or end
    return names, ends


def _observed_probabilities(log: EventLog, flow: tree.Flow, notes: list[str]) -> None:
    """Replace the tree's probabilities of each activity's outcomes by the frequencies observed after it."""
    for step in flow.steps.values():
        # a routing step at the start is observed from the start of each case; other routing steps
        # keep the probabilities of the activity counts
        if step.outcomes is None or (step.activity is None and step.key != flow.start):
            continue
        begins = {t: _first_activities(flow, t) for t in step.outcomes}
        first = {t: names for t, (names, __) in begins.items() if names}
        enders = [t for t, (__, ends) in begins.items() if ends]
        # the end of the case tells the target only when one target can end it
        end_key = enders[0] if len(enders) == 1 else None
        observed = fit.observe_choice(log, step.activity, first, end_key)
        if observed.decided == 0:
            notes.append(_("the outcomes of '{activity}' were never observed one by one; their probabilities come "
                           "from the activity counts").format(activity=step.activity or _("the start")))
            continue
        step.outcomes = {t: observed.counts.get(t, 0) / observed.decided for t in step.outcomes}


def _order(flow: tree.Flow, position: dict[str, float]) -> list[int]:
    """The steps in the order of the file: the first step, then by the mean time into a case at which
    each first happens (a routing step just before the earliest step it leads to)."""

    def where(key: int, seen: frozenset[int] = frozenset()) -> float:
        step = flow.steps[key]
        if step.activity is not None:
            return position.get(step.activity, math.inf)
        if key in seen:
            return math.inf
        targets = [where(t, seen | {key}) for t in step.targets() if t != tree.END]
        return min(targets, default=math.inf) - 1e-3

    rest = sorted((k for k in flow.steps if k != flow.start), key=lambda k: (where(k), k))
    return [flow.start, *rest]


def _ids(flow: tree.Flow, order: list[int]) -> dict[int, str]:
    """Ids from the activity names when they make ids (English names), else s1, s2 … in file order;
    routing steps are r1, r2 …"""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    number = routing = 0
    for key in order:
        step = flow.steps[key]
        if step.activity is None:
            routing += 1
            candidate = f"r{routing}"
        else:
            number += 1
            candidate = fit.slug(step.activity, f"s{number}")
        value, k = candidate, 2
        while value in taken:
            value, k = f"{candidate}-{k}", k + 1
        ids[key] = value
        taken.add(value)
    return ids


# --- steps ---------------------------------------------------------------------------------------------------


def _steps(flow: tree.Flow, order: list[int], ids: dict[int, str], lanes: fit.Lanes,
           fits: dict[str, fit.DurationFit], counts: dict[str, int], routing_lane: str
           ) -> tuple[list[StepText], list[StepReport]]:
    texts: list[StepText] = []
    reports: list[StepReport] = []
    routing_number = 0
    for key in order:
        step = flow.steps[key]
        if step.activity is None:
            routing_number += 1
            name = f"路由 {routing_number}：{ROUTING_NAMES[step.role]}"
            text = StepText(ids[key], name, routing_lane, comment=(
                "A routing step added by discovery: the language has no silent steps, and the tree has a "
                f"{step.role} here\nthat no step of the log can hold. It takes no time; it is not in the log."))
            reports.append(StepReport(ids[key], name, routing_lane, 0, "none", 0.0, None, True))
        else:
            duration = fits.get(step.activity)
            executions = counts.get(step.activity, 0)
            lane = lanes.of_activity.get(step.activity, lanes.lanes[0].id)
            text = StepText(ids[key], step.activity, lane)
            if duration is not None and duration.spec is not None:
                text.duration = duration.spec
                if duration.distribution == "fixed":
                    text.duration_note = f"all {duration.samples} executions took this long"
                else:
                    text.duration_note = f"fitted to {duration.samples} executions, KS distance {duration.ks:.3f}"
            elif duration is not None:
                text.duration_note = f"the {duration.samples} executions took no time"
            else:
                text.duration_note = "no execution with a start time"
            reports.append(StepReport(ids[key], step.activity, lane, executions,
                                      duration.distribution if duration else "none",
                                      duration.mean if duration else 0.0, duration.ks if duration else None, False))
        text.join = step.join
        if step.parallel is not None:
            text.next = [ids[t] for t in sorted(step.parallel, key=order.index)]
        elif step.outcomes is not None:
            targets = sorted(step.outcomes, key=lambda t: (t == tree.END, order.index(t) if t != tree.END else 0))
            probabilities = rounded_probabilities([step.outcomes[t] for t in targets])
            text.outcomes = [("end" if t == tree.END else f"to-{ids[t]}", None if t == tree.END else ids[t], p)
                             for t, p in zip(targets, probabilities, strict=True)]
        elif step.next == tree.END or step.next is None:
            text.end = True
        else:
            text.next = ids[step.next]
        texts.append(text)
    return texts, reports


# --- header ------------------------------------------------------------------------------------------------------


def _placeholders(options: Options) -> dict[str, str]:
    result = {
        "type": "PLACEHOLDER: the log cannot tell the item's type",
        "authority": "PLACEHOLDER: 实施主体",
        "handling": "PLACEHOLDER: 即办件 (on-the-spot) or 承诺件 (commitment)",
        "time_limit": "PLACEHOLDER: Art. 42's general limit, not the item's",
    }
    if options.code is None:
        result["code"] = "PLACEHOLDER: the item's 实施编码"
    if options.name is None:
        result["name"] = "PLACEHOLDER: 事项名称"
    return result


def _header(log: EventLog, options: Options, source: str, today: datetime.date, cycles: list[float],
            flow: tree.Flow, routing_lane: str) -> list[str]:
    ends = [e.end for e in log.executions]
    mean = statistics.fmean(cycles) if cycles else math.nan
    lines = [
        f"Discovered by approvalnet {__version__} on {today.isoformat()} from the event log {source}",
        f"with pm4py's inductive miner (noise threshold {options.noise_threshold:g}): "
        f"{_count(len(log.traces), 'case')}, {_count(log.rows, 'event')}, "
        f"{min(ends):%Y-%m-%d} to {max(ends):%Y-%m-%d}.",
        f"Observed cycle time: mean {mean:.2f}, 95th percentile {_quantile(cycles, 0.95):.2f} working days.",
        "",
        "From the log: the steps (named as its activities), their order, parallel branches and loops, the",
        "probability of each outcome (how often each target followed the step), durations fitted on the",
        "office clock, lanes and staff from the resources, and the arrival rate.",
        "Not from the log: the fields marked PLACEHOLDER, the kind of each step and how cases end (every",
        "end is written 'approved'). Fill them in, then run `approvalnet check`.",
    ]
    if flow.routing:
        lines.append(f"{len(flow.routing)} routing step(s) (lane '{routing_lane}') stand for silent moves of "
                     "the miner's tree.")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


# --- checking the result ---------------------------------------------------------------------------------------


def _validated(text: str, source: str) -> Process:
    from ..language.loader import parse_process

    process, problems = parse_process(text, f"<discovered from {source}>")
    if process is None:
        detail = "; ".join(str(p) for p in problems[:5])
        raise DiscoveryError(_("the discovered process is not valid (a defect of approvalnet): {detail}").format(
                                   detail=detail))
    return process


def _replay(log: EventLog, process: Process, routing_lane: str) -> tuple[dict[str, float], bool]:
    """Token-based replay fitness of the log's completions on the process's net, and its soundness.

    Routing steps take no time and are not in the log: they are replayed as the silent moves they
    stand for (``log_fitness``). With routing steps, ``log_fitness_as_written`` is the fitness on the
    net as ``to_petri_net`` builds it, where every step is a labelled transition."""
    from pm4py.algo.evaluation.replay_fitness import algorithm as replay_fitness

    from ..net.build import to_petri_net
    from ..net.soundness import soundness

    net, initial, final = to_petri_net(process)
    sound = soundness(net, initial, final).sound
    frame = _frame(log)
    parameters = {"show_progress_bar": False, "activity_key": "concept:name", "timestamp_key": "time:timestamp",
                  "case_id_key": "case:concept:name"}

    def replay() -> dict[str, float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = replay_fitness.apply(frame, net, initial, final, variant=replay_fitness.Variants.TOKEN_BASED,
                                          parameters=parameters)
        keys = ("log_fitness", "average_trace_fitness", "percentage_of_fitting_traces")
        return {key: float(result[key]) for key in keys if key in result}

    routing = [t for t in net.transitions if (t.properties or {}).get("role") == "step"
               and (t.properties or {}).get("lane") == routing_lane]
    if not routing:
        return replay(), sound
    as_written = replay()["log_fitness"]
    for t in routing:
        t.label = None
    return {**replay(), "log_fitness_as_written": as_written}, sound
