"""A discrete-event simulator that executes the process's Petri net.

The net is the one ``to_petri_net`` builds, so what ``check`` verified is what runs. It is compiled
into index lists (places and transitions sorted by name, so runs are reproducible), and each case
keeps its own marking: a list of token counts per place (a token colour per case).

Semantics:

- a labelled transition is a step: when enabled it takes its input tokens at once, then waits for a
  member of its lane's staff (first come, first served per lane), works for a sampled duration and
  puts its output tokens; steps of applicant and external lanes take no staff and only take time;
- silent transitions fire at once; a place with several silent consumers is an exclusive choice and
  draws one of them by the outcomes' probabilities (equal shares when none are given);
- parallel split and join need nothing special: the join transition is enabled when every input
  place holds a token.

Time is *working time*: office minutes since the start of the calendar (see ``calendar.py``). Staff
work only in office hours, so a step's end is simply its start plus its duration; waits written in
calendar days go through the calendar. Events are ordered by (time, sequence number), so that equal
times are broken in a fixed order and a seed gives the same run every time.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass, field
from random import Random
from typing import Any

from ..language.types import Process
from .calendar import WorkCalendar
from .distributions import Sampler, mean_minutes, sampler, uses_calendar_days

STAFFED = ("window", "department")
DEFAULT_PER_WORKDAY = 10.0

_ARRIVAL, _DONE, _SAMPLE, _WARMUP = 0, 1, 2, 3


class SimulationError(ValueError):
    """Parameters that would give a meaningless run, or one that never ends."""


@dataclass(frozen=True)
class Model:
    """The compiled net with everything the event loop needs, as plain lists of integers and floats."""

    process: Process
    calendar: WorkCalendar
    per_workday: float
    profile: tuple[float, ...] | None
    places: list[str]
    source: int
    sink: int
    t_names: list[str]
    t_inputs: list[list[int]]
    t_outputs: list[list[int]]
    t_step: list[int]  # step index of a labelled transition, -1 when silent
    t_end: list[str | None]  # the outcome an end transition records
    p_single: list[int]  # the one consumer of a place, -1 when none or a choice
    p_choice: list[tuple[list[int], list[float]] | None]  # a choice: transitions, cumulative probabilities
    steps: list[str]
    step_names: list[str]
    step_lane: list[int]
    step_sampler: list[Sampler]
    step_on_calendar: list[bool]  # a wait in calendar days (no staff)
    step_off_clock: list[bool]  # Art. 45 or the applicant's time: not counted in the legal limits
    step_mean: list[float]
    lanes: list[str]
    lane_names: list[str]
    lane_staff: list[int]  # 0: the lane takes no staff
    defaults_used: bool = False


def compile_model(process: Process) -> Model:
    """Compile ``process`` (its net, durations, lanes and calendar) for the event loop."""
    from ..net.build import to_petri_net

    calendar = WorkCalendar.of(process)
    day = calendar.day_minutes
    net, _, _ = to_petri_net(process)
    places = sorted(net.places, key=lambda p: p.name)
    transitions = sorted(net.transitions, key=lambda t: t.name)
    p_index = {p: i for i, p in enumerate(places)}
    t_index = {t: i for i, t in enumerate(transitions)}

    lanes = list(process.lanes)
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    lane_staff = [(process.lanes[lane].staff or 0) if process.lanes[lane].kind in STAFFED else 0 for lane in lanes]
    step_index = {s.id: i for i, s in enumerate(process.steps)}

    samplers, on_calendar, off_clock, means = [], [], [], []
    for step in process.steps:
        lane = process.lanes[step.lane]
        staffed = lane.kind in STAFFED
        calendar_wait = not staffed and step.duration is not None and uses_calendar_days(step.duration)
        samplers.append(sampler(step.duration, day, calendar_wait))
        on_calendar.append(calendar_wait)
        off_clock.append(step.excluded_from_clock or lane.kind == "applicant")
        means.append(mean_minutes(step.duration, day, calendar_wait))
        if staffed and not lane.staff:
            raise SimulationError(f"step '{step.id}' needs staff of lane '{step.lane}', which has none")

    t_step, t_end = [], []
    for t in transitions:
        properties = t.properties or {}
        t_step.append(step_index[properties["step"]] if t.label is not None else -1)
        t_end.append(properties.get("outcome") if properties.get("role") == "end" else None)

    p_single: list[int] = []
    p_choice: list[tuple[list[int], list[float]] | None] = []
    for p in places:
        consumers = sorted(t_index[a.target] for a in p.out_arcs)
        if len(consumers) <= 1:
            p_single.append(consumers[0] if consumers else -1)
            p_choice.append(None)
            continue
        if any(t_step[t] >= 0 for t in consumers):
            raise SimulationError(f"place '{p.name}' feeds several steps; only outcome choices may share a place")
        given = [(transitions[t].properties or {}).get("p") for t in consumers]
        weights = [1.0] * len(consumers) if any(g is None for g in given) else [float(g) for g in given]
        total = sum(weights)
        if total <= 0:
            raise SimulationError(f"the outcomes of '{p.name}' all have probability zero")
        cumulative, running = [], 0.0
        for w in weights:
            running += w / total
            cumulative.append(running)
        cumulative[-1] = 1.0
        p_single.append(-1)
        p_choice.append((consumers, cumulative))

    simulation = process.simulation
    return Model(
        process=process, calendar=calendar,
        per_workday=simulation.arrivals.per_workday if simulation else DEFAULT_PER_WORKDAY,
        profile=tuple(simulation.arrivals.profile) if simulation and simulation.arrivals.profile else None,
        places=[p.name for p in places],
        source=next(i for i, p in enumerate(places) if p.name == "source"),
        sink=next(i for i, p in enumerate(places) if p.name == "sink"),
        t_names=[t.name for t in transitions],
        t_inputs=[sorted(p_index[a.source] for a in t.in_arcs) for t in transitions],
        t_outputs=[sorted(p_index[a.target] for a in t.out_arcs) for t in transitions],
        t_step=t_step, t_end=t_end, p_single=p_single, p_choice=p_choice,
        steps=[s.id for s in process.steps], step_names=[s.name for s in process.steps],
        step_lane=[lane_index[s.lane] for s in process.steps], step_sampler=samplers,
        step_on_calendar=on_calendar, step_off_clock=off_clock, step_mean=means,
        lanes=lanes, lane_names=[process.lanes[lane].name for lane in lanes], lane_staff=lane_staff,
        defaults_used=simulation is None,
    )


def visits(model: Model, limit: float = 1e6) -> list[float]:
    """Expected executions of each step per case, from the traffic equations of the net.

    Solved by iteration: a loop taken with probability q is visited 1/(1-q) times. A loop that is
    never left (probability 1) makes the numbers grow without bound: an error, not a run.
    """
    n_t = len(model.t_names)
    producers: list[list[int]] = [[] for _ in model.places]
    for t, outputs in enumerate(model.t_outputs):
        for p in outputs:
            producers[p].append(t)
    rate = [0.0] * n_t
    for _ in range(20_000):
        change = 0.0
        for t in range(n_t):
            p = model.t_inputs[t][0]  # in a sound net every input of a join carries the same flow
            inflow = 1.0 if p == model.source else sum(rate[u] for u in producers[p])
            choice = model.p_choice[p]
            if choice is not None:
                consumers, cumulative = choice
                k = consumers.index(t)
                inflow *= cumulative[k] - (cumulative[k - 1] if k else 0.0)
            change = max(change, abs(inflow - rate[t]))
            rate[t] = inflow
            if inflow > limit:
                raise SimulationError(f"transition '{model.t_names[t]}' would run without end: a loop is "
                                      "never left (check the outcome probabilities)")
        if change < 1e-12:
            break
    else:
        raise SimulationError("a loop of the process is never (or almost never) left: check the outcome "
                              "probabilities")
    result = [0.0] * len(model.steps)
    for t, s in enumerate(model.t_step):
        if s >= 0:
            result[s] += rate[t]
    return result


def offered_load(model: Model) -> list[float]:
    """Per lane, the busy staff fraction the arrivals ask for (utilization when the lane keeps up)."""
    per_minute = model.per_workday / model.calendar.day_minutes
    demand = [0.0] * len(model.lanes)
    for s, v in enumerate(visits(model)):
        demand[model.step_lane[s]] += per_minute * v * model.step_mean[s]
    return [d / staff if staff else 0.0 for d, staff in zip(demand, model.lane_staff, strict=True)]


@dataclass
class RunStats:
    """The raw results of one run, in working minutes; ``kpis.py`` turns them into KPIs."""

    start: float  # end of the warm-up
    end: float  # end of the measuring window: the horizon, or the last counted arrival
    arrived: int = 0
    arrived_after_warmup: int = 0
    completed: int = 0
    completed_after_warmup: int = 0  # within the measuring window
    in_progress: int = 0
    cycle_minutes: list[float] = field(default_factory=list)  # working minutes, cases arrived after warm-up
    cycle_days: list[float] = field(default_factory=list)  # calendar days
    clock_minutes: list[float] = field(default_factory=list)  # on the legal clock
    same_day: list[bool] = field(default_factory=list)  # finished on the working day of arrival
    outcomes: dict[str, int] = field(default_factory=dict)
    step_count: list[int] = field(default_factory=list)
    step_wait: list[float] = field(default_factory=list)
    step_work: list[float] = field(default_factory=list)
    lane_busy: list[float] = field(default_factory=list)  # staff-minutes busy in the measuring window
    lane_queue_samples: list[list[int]] = field(default_factory=list)
    wip_area: float = 0.0  # integral of work in progress over the measuring window
    wip_series: list[tuple[float, int]] = field(default_factory=list)  # (working day, cases in progress)


class _Case:
    __slots__ = ("arrival", "id", "marking", "off", "outcome")

    def __init__(self, case_id: int, arrival: float, n_places: int) -> None:
        self.id = case_id
        self.arrival = arrival
        self.marking = [0] * n_places
        self.off: list[tuple[float, float]] | None = None  # intervals off the legal clock
        self.outcome: str | None = None


def run(model: Model, rng: Random, *, days: float | None = None, cases: int | None = None,
        warmup_days: float = 0.0, record: list[tuple[int, int, float, float, float]] | None = None) -> RunStats:
    """Simulate one replication; stop at ``warmup_days + days`` working days, or when ``cases`` cases
    that arrived after the warm-up (and every case before them) have finished.

    ``record``, when given, receives one ``(case, step index, enabled, started, ended)`` per finished
    step execution, in working minutes (the material of an event log)."""
    if (days is None) == (cases is None):
        raise SimulationError("give either a horizon in working days or a number of cases")
    if (days is not None and days <= 0) or (cases is not None and cases <= 0) or warmup_days < 0:
        raise SimulationError("the horizon, the number of cases and the warm-up must be positive")
    calendar = model.calendar
    day = calendar.day_minutes
    warm = warmup_days * day
    horizon = math.inf if days is None else warm + days * day
    n_places, n_steps, n_lanes = len(model.places), len(model.steps), len(model.lanes)
    stats = RunStats(start=warm, end=0.0, step_count=[0] * n_steps, step_wait=[0.0] * n_steps,
                     step_work=[0.0] * n_steps, lane_busy=[0.0] * n_lanes,
                     lane_queue_samples=[[] for _ in range(n_lanes)])

    # locals for the hot loop
    t_inputs, t_outputs, t_step, t_end = model.t_inputs, model.t_outputs, model.t_step, model.t_end
    p_single, p_choice = model.p_single, model.p_choice
    step_lane, step_sampler, step_on_calendar = model.step_lane, model.step_sampler, model.step_on_calendar
    step_off_clock = model.step_off_clock
    staff = model.lane_staff
    free = list(staff)
    queues: list[deque] = [deque() for _ in range(n_lanes)]
    busy_area = stats.lane_busy
    busy_since = [0.0] * n_lanes
    step_count, step_wait, step_work = stats.step_count, stats.step_wait, stats.step_work
    source, sink = model.source, model.sink
    random = rng.random
    heap: list[tuple] = []
    push, pop = heapq.heappush, heapq.heappop
    seq = 0
    wip = 0
    wip_since = 0.0
    arrivals_open = True
    next_arrival = _arrival_stream(model, rng)

    def begin(case: _Case, t: int, s: int, enabled: float, now: float) -> None:
        nonlocal seq
        seq += 1
        push(heap, (now + step_sampler[s](rng), seq, _DONE, case, t, s, enabled, now))

    def enable(case: _Case, t: int, s: int, now: float) -> None:
        nonlocal seq
        lane = step_lane[s]
        if staff[lane]:
            if free[lane]:
                busy_area[lane] += (staff[lane] - free[lane]) * (now - busy_since[lane])
                busy_since[lane] = now
                free[lane] -= 1
                begin(case, t, s, now, now)
            else:
                queues[lane].append((case, t, s, now))
        else:
            d = step_sampler[s](rng)
            end = calendar.to_working(calendar.to_calendar(now) + d) if step_on_calendar[s] else now + d
            seq += 1
            push(heap, (end, seq, _DONE, case, t, s, now, now))

    def propagate(case: _Case, stack: list[int], now: float) -> None:
        marking = case.marking
        while stack:
            p = stack.pop()
            while marking[p] > 0:
                t = p_single[p]
                if t < 0:
                    choice = p_choice[p]
                    if choice is None:
                        break  # the sink
                    consumers, cumulative = choice
                    x = random()
                    k = 0
                    while cumulative[k] <= x:
                        k += 1
                    t = consumers[k]
                inputs = t_inputs[t]
                for q in inputs:
                    if marking[q] <= 0:
                        break
                else:
                    for q in inputs:
                        marking[q] -= 1
                    s = t_step[t]
                    if s < 0:
                        if t_end[t] is not None:
                            case.outcome = t_end[t]
                        outputs = t_outputs[t]
                        for q in outputs:
                            marking[q] += 1
                        stack.extend(outputs)
                    else:
                        enable(case, t, s, now)
                    continue
                break  # a join still waiting for another branch

    def finish(case: _Case, now: float) -> None:
        nonlocal wip, wip_since
        if now >= warm:
            stats.wip_area += wip * (now - max(wip_since, warm))
            wip_since = now
            stats.completed_after_warmup += 1
        wip -= 1
        stats.completed += 1
        outcome = case.outcome or "?"
        stats.outcomes[outcome] = stats.outcomes.get(outcome, 0) + 1
        if case.arrival >= warm:
            cycle = now - case.arrival
            stats.cycle_minutes.append(cycle)
            begun = calendar.to_calendar(case.arrival, resume=True)
            stats.cycle_days.append((calendar.to_calendar(now) - begun) / 1440.0)
            stats.clock_minutes.append(cycle - _union(case.off))
            stats.same_day.append(int(now // day) == int(case.arrival // day) or now == case.arrival)

    # the first arrival, the daily samples, the end of the warm-up
    first = next_arrival(0.0)
    push(heap, (first, 0, _ARRIVAL, None, 0, 0, 0.0, 0.0))
    push(heap, (day, -1, _SAMPLE, None, 0, 0, 0.0, 0.0))
    if warm > 0:
        push(heap, (warm, -2, _WARMUP, None, 0, 0, 0.0, 0.0))
    to_arrive = cases
    now = 0.0
    closed: float | None = None
    window_busy = [0.0] * n_lanes
    window_wip = 0.0
    window_completed = 0

    while heap:
        event = pop(heap)
        now = event[0]
        if now > horizon:
            now = horizon
            break
        kind = event[2]
        if kind == _DONE:
            _, _, _, case, t, s, enabled, started = event
            lane = step_lane[s]
            if staff[lane]:
                queue = queues[lane]
                if queue:
                    waiting, wt, ws, wenabled = queue.popleft()
                    begin(waiting, wt, ws, wenabled, now)
                else:
                    busy_area[lane] += (staff[lane] - free[lane]) * (now - busy_since[lane])
                    busy_since[lane] = now
                    free[lane] += 1
            if enabled >= warm:
                step_count[s] += 1
                step_wait[s] += started - enabled
                step_work[s] += now - started
            if record is not None:
                record.append((case.id, s, enabled, started, now))
            if step_off_clock[s]:
                if case.off is None:
                    case.off = []
                case.off.append((enabled, now))
            marking = case.marking
            outputs = t_outputs[t]
            for q in outputs:
                marking[q] += 1
            propagate(case, list(outputs), now)
            if marking[sink]:
                finish(case, now)
        elif kind == _ARRIVAL:
            case = _Case(stats.arrived, now, n_places)
            stats.arrived += 1
            if now >= warm:
                stats.wip_area += wip * (now - max(wip_since, warm))
                wip_since = now
                stats.arrived_after_warmup += 1
                if to_arrive is not None:
                    to_arrive -= 1
            wip += 1
            case.marking[source] = 1
            propagate(case, [source], now)
            if case.marking[sink]:
                finish(case, now)
            if to_arrive is None or to_arrive > 0:
                seq += 1
                push(heap, (next_arrival(now), seq, _ARRIVAL, None, 0, 0, 0.0, 0.0))
            else:
                # the measuring window of time averages ends with the last counted arrival: after it
                # the system only drains, which would dilute utilization and throughput
                arrivals_open = False
                closed = now
                stats.end = now
                for lane in range(n_lanes):
                    window_busy[lane] = busy_area[lane] + (staff[lane] - free[lane]) * (
                        now - max(busy_since[lane], warm))
                window_wip = stats.wip_area + wip * (now - max(wip_since, warm))
                window_completed = stats.completed_after_warmup
        elif kind == _SAMPLE:
            stats.wip_series.append((now / day, wip))
            for lane in range(n_lanes):
                stats.lane_queue_samples[lane].append(len(queues[lane]))
            if arrivals_open or wip:
                push(heap, (now + day, -1, _SAMPLE, None, 0, 0, 0.0, 0.0))
        else:  # _WARMUP: the busy-time and WIP integrals start here
            for lane in range(n_lanes):
                busy_area[lane] = 0.0
                busy_since[lane] = now
            wip_since = now

    stats.in_progress = wip
    if closed is not None:
        busy_area[:] = window_busy
        stats.wip_area = window_wip
        stats.completed_after_warmup = window_completed
        return stats
    stats.end = horizon
    for lane in range(n_lanes):
        busy_area[lane] += (staff[lane] - free[lane]) * (horizon - max(busy_since[lane], warm))
    stats.wip_area += wip * (horizon - max(wip_since, warm))
    return stats


def _union(intervals: list[tuple[float, float]] | None) -> float:
    """Total length of the union of intervals (parallel excluded steps are not counted twice)."""
    if not intervals:
        return 0.0
    total, current_start, current_end = 0.0, None, None
    for a, b in sorted(intervals):
        if current_end is None or a > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    return total + current_end - current_start


def _arrival_stream(model: Model, rng: Random) -> Any:
    """A function giving the next arrival after working time ``now``: a Poisson process in office time,
    homogeneous, or piecewise constant per office hour when a profile is given (drawn by thinning)."""
    day = model.calendar.day_minutes
    if model.profile is None:
        rate = model.per_workday / day
        expovariate = rng.expovariate
        return lambda now: now + expovariate(rate)
    weights = model.profile
    total = sum(weights)
    lengths = [min(60.0, day - 60.0 * i) for i in range(len(weights))]
    rates = [model.per_workday * w / total / length for w, length in zip(weights, lengths, strict=True)]
    peak = max(rates)
    last = len(rates) - 1

    def next_arrival(now: float) -> float:
        while True:
            now += rng.expovariate(peak)
            slot = min(last, int((now % day) // 60))
            if rng.random() * peak < rates[slot]:
                return now

    return next_arrival
