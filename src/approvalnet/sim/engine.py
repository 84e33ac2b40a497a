"""A discrete-event simulator that executes the processes' Petri nets on shared staff pools.

Each net is the one ``to_petri_net`` builds, so what ``check`` verified is what runs. A net is
compiled into index lists (places and transitions sorted by name, so runs are reproducible); a
*system* puts one or more compiled nets together with the staff pools their lanes run on: one
process on its own lanes (``simulate``), or the items of a service centre on the centre's shared
windows and departments (``approvalnet.centre``). Each case is a token colour.

Semantics:

- a labelled transition is a step: when enabled it takes its input tokens at once, then waits for a
  member of its pool's staff (first come, first served, or by priority where priorities are given),
  works for a sampled duration and puts its output tokens; steps of applicant and external lanes
  take no staff and only take time;
- silent transitions fire at once; a place with several silent consumers is an exclusive choice and
  draws one of them by the outcomes' probabilities (equal shares when none are given);
- parallel split and join need nothing special: the join transition is enabled when every input
  place holds a token.

The nets ``to_petri_net`` builds are free-choice workflow nets in which a place is consumed by one
transition or by a choice of silent ones, so a case's marking only matters at the input places of
joins: tokens elsewhere are consumed the moment they arrive. The event loop therefore follows tokens
through the compiled tables and counts tokens only at joins, which is what makes it fast.

Time is *working time*: office minutes since the start of the calendar (see ``calendar.py``). Staff
work only in office hours, so a step's end is simply its start plus its duration; waits written in
calendar days go through the calendar. Events are ordered by (time, sequence number), so that equal
times are broken in a fixed order and a seed gives the same run every time.
"""

from __future__ import annotations

import heapq
import itertools
import math
from array import array
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from ..i18n import _
from ..language.calendar import WorkCalendar
from ..language.types import Process
from .distributions import Sampler, mean_minutes, sampler, uses_calendar_days

STAFFED = ("window", "department")
DEFAULT_PER_WORKDAY = 10.0
SAMPLE_MINUTES = 15.0  # queue lengths and work in progress are sampled this often (office minutes)

# kinds of place, for the token game
_DIRECT, _CHOICE, _JOIN, _SINK = 0, 1, 2, 3
# where a transition's tokens lead when no choice, split or join is on the way (see System.t_jump)
_GENERAL, _FINISH = -1, -2
# events other than the end of a step (whose kind is the transition index, >= 0)
_ARRIVAL, _SAMPLE, _WARMUP = -1, -2, -3


class SimulationError(ValueError):
    """Parameters that would give a meaningless run, or one that never ends."""


class NothingFinished(SimulationError):
    """No case finished within the simulated days, so no time or rate can be told: a longer run is needed."""


@dataclass(frozen=True)
class Model:
    """One process's net, compiled: everything the event loop needs, as plain lists."""

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
    step_priority: list[int]  # higher is served first within a pool
    lanes: list[str]
    lane_names: list[str]
    lane_staff: list[int]  # 0: the lane takes no staff
    lane_staffed: list[bool]  # window and department lanes
    defaults_used: bool = False
    arrival_times: tuple[float, ...] | None = None  # replayed arrivals (working minutes), instead of Poisson


def compile_model(process: Process, calendar: WorkCalendar | None = None) -> Model:
    """Compile ``process`` (its net, durations, lanes and calendar) for the event loop."""
    from ..net.build import to_petri_net

    calendar = calendar or WorkCalendar.of(process)
    day = calendar.day_minutes
    net, __, __ = to_petri_net(process)
    places = sorted(net.places, key=lambda p: p.name)
    transitions = sorted(net.transitions, key=lambda t: t.name)
    p_index = {p: i for i, p in enumerate(places)}
    t_index = {t: i for i, t in enumerate(transitions)}

    lanes = list(process.lanes)
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    staffed = [process.lanes[lane].kind in STAFFED for lane in lanes]
    lane_staff = [(process.lanes[lane].staff or 0) if s else 0 for lane, s in zip(lanes, staffed, strict=True)]
    step_index = {s.id: i for i, s in enumerate(process.steps)}
    priorities = process.simulation.priorities if process.simulation else {}

    samplers, on_calendar, off_clock, means = [], [], [], []
    for step in process.steps:
        lane = process.lanes[step.lane]
        calendar_wait = lane.kind not in STAFFED and step.duration is not None and uses_calendar_days(step.duration)
        samplers.append(sampler(step.duration, day, calendar_wait))
        on_calendar.append(calendar_wait)
        off_clock.append(step.excluded_from_clock or lane.kind == "applicant")
        means.append(mean_minutes(step.duration, day, calendar_wait))

    t_step, t_end = [], []
    for t in transitions:
        properties = t.properties or {}
        t_step.append(step_index[properties["step"]] if t.label is not None else -1)
        t_end.append(properties.get("outcome") if properties.get("role") == "end" else None)

    t_inputs = [sorted(p_index[a.source] for a in t.in_arcs) for t in transitions]
    p_single: list[int] = []
    p_choice: list[tuple[list[int], list[float]] | None] = []
    for p in places:
        consumers = sorted(t_index[a.target] for a in p.out_arcs)
        if len(consumers) <= 1:
            p_single.append(consumers[0] if consumers else -1)
            p_choice.append(None)
            continue
        if any(t_step[t] >= 0 or len(t_inputs[t]) > 1 for t in consumers):
            raise SimulationError(_("place '{place}' feeds several steps or joins; only outcome choices may "
                                    "share a place").format(place=p.name))
        given = [(transitions[t].properties or {}).get("p") for t in consumers]
        weights = [1.0] * len(consumers) if any(g is None for g in given) else [float(g) for g in given]
        total = sum(weights)
        if total <= 0:
            raise SimulationError(_("the outcomes of '{place}' all have probability zero").format(place=p.name))
        cumulative, running = [], 0.0
        for w in weights:
            running += w / total
            cumulative.append(running)
        cumulative[-1] = 1.0
        p_single.append(-1)
        p_choice.append((consumers, cumulative))

    simulation = process.simulation
    arrival_times = None
    if simulation is not None and simulation.arrivals.file is not None:
        from .arrivals import ArrivalsError, read_arrivals

        base = Path(process.file).parent if process.file else Path.cwd()
        try:
            arrival_times = read_arrivals(base / simulation.arrivals.file, calendar)
        except ArrivalsError as error:
            raise SimulationError(str(error)) from None
    per_workday = DEFAULT_PER_WORKDAY
    if simulation is not None:
        per_workday = simulation.arrivals.per_workday or _replay_rate(arrival_times or (), day)
    return Model(
        process=process, calendar=calendar, per_workday=per_workday,
        profile=tuple(simulation.arrivals.profile) if simulation and simulation.arrivals.profile else None,
        places=[p.name for p in places],
        source=next(i for i, p in enumerate(places) if p.name == "source"),
        sink=next(i for i, p in enumerate(places) if p.name == "sink"),
        t_names=[t.name for t in transitions],
        t_inputs=t_inputs,
        t_outputs=[sorted(p_index[a.target] for a in t.out_arcs) for t in transitions],
        t_step=t_step, t_end=t_end, p_single=p_single, p_choice=p_choice,
        steps=[s.id for s in process.steps], step_names=[s.name for s in process.steps],
        step_lane=[lane_index[s.lane] for s in process.steps], step_sampler=samplers,
        step_on_calendar=on_calendar, step_off_clock=off_clock, step_mean=means,
        step_priority=[priorities.get(s.id, 0) for s in process.steps],
        lanes=lanes, lane_names=[process.lanes[lane].name for lane in lanes], lane_staff=lane_staff,
        lane_staffed=staffed, defaults_used=simulation is None, arrival_times=arrival_times,
    )


def _replay_rate(times: Sequence[float], day: float) -> float:
    """Mean arrivals per working day of a replayed stream, over the working days it covers."""
    if not times:
        return 0.0
    return len(times) / max(1.0, math.ceil((times[-1] + 1e-9) / day) - math.floor(times[0] / day))


def visits(model: Model, limit: float = 1e6) -> list[float]:
    """Expected executions of each step per case, from the traffic equations of the net.

    Solved by iteration: a loop taken with probability q is visited 1/(1-q) times. A loop that is
    never left (probability 1) makes the numbers grow without bound: an error, not a run. A model's
    visits are solved once and kept on it (a compiled model does not change): the loads, the KPIs
    and the backlog of a centre's 144 items all ask for them.
    """
    cached = model.__dict__.get("_visits")
    if cached is not None and limit == 1e6:
        return list(cached)
    n_t = len(model.t_names)
    producers: list[list[int]] = [[] for __ in model.places]
    for t, outputs in enumerate(model.t_outputs):
        for p in outputs:
            producers[p].append(t)
    rate = [0.0] * n_t
    for _round in range(20_000):
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
                raise SimulationError(_("transition '{transition}' would run without end: a loop is never left "
                                        "(check the outcome probabilities)").format(transition=model.t_names[t]))
        if change < 1e-12:
            break
    else:
        raise SimulationError(_("a loop of the process is never (or almost never) left: check the outcome "
                                "probabilities"))
    result = [0.0] * len(model.steps)
    for t, s in enumerate(model.t_step):
        if s >= 0:
            result[s] += rate[t]
    if limit == 1e6:
        object.__setattr__(model, "_visits", tuple(result))  # frozen, but a cache is no field of it
    return result


@dataclass(frozen=True)
class Item:
    """A compiled process in a system: its arrivals and the pool each of its lanes runs on."""

    model: Model
    per_workday: float
    profile: tuple[float, ...] | None = None  # relative weights per office hour
    months: tuple[float, ...] | None = None  # relative weights per calendar month
    arrival_times: tuple[float, ...] | None = None  # replayed arrivals in working minutes
    priority: int = 0  # added to the steps' priorities when its cases wait for shared staff
    lane_pool: tuple[int, ...] = ()  # per lane of the model: the pool index, -1 when it takes no staff


@dataclass(frozen=True)
class System:
    """Items and the staff pools they share, compiled into global tables for the event loop.

    Transitions, places and steps of all items are numbered one after another (item by item), so
    the loop needs no per-item lookups; ``t_offset``/``p_offset``/``s_offset`` give each item's first
    index."""

    calendar: WorkCalendar
    items: tuple[Item, ...]
    pools: tuple[str, ...]
    pool_names: tuple[str, ...]
    pool_staff: tuple[int, ...]
    t_offset: tuple[int, ...]
    p_offset: tuple[int, ...]
    s_offset: tuple[int, ...]
    t_inputs: list[list[int]]
    t_outputs: list[list[int]]
    t_step: list[int]
    t_end: list[str | None]
    p_kind: list[int]
    p_next: list[int]  # the consumer of a direct or join place
    p_choice: list[tuple[list[int], list[float]] | None]
    step_item: list[int]
    step_pool: list[int]  # -1: takes no staff
    step_priority: list[int]
    step_sampler: list[Sampler]
    step_on_calendar: list[bool]
    step_off_clock: list[bool]
    item_source: list[int]
    # Where the token game goes after transition t (or from item i's source) when it cannot branch:
    # >= 0 the labelled transition it enables, _FINISH the sink (the case ends with the outcome in
    # t_jump_end), _GENERAL a choice, split or join on the way (followed token by token).
    t_jump: list[int] = field(default_factory=list)
    t_jump_end: list[str | None] = field(default_factory=list)
    source_jump: list[int] = field(default_factory=list)
    source_jump_end: list[str | None] = field(default_factory=list)
    # per pool, the calendar of a window or department that keeps its own hours (``lanes:`` of a
    # calendar file), None for those on the centre's hours
    pool_calendar: tuple[WorkCalendar | None, ...] = ()
    # per step, what the legal clock needs of it (``MARK_*`` bits: acceptance, decision, delivery,
    # extension; MARK_BEGIN: the first step of an item without acceptance, whose clock starts there)
    step_mark: list[int] = field(default_factory=list)

    @property
    def n_steps(self) -> int:
        return len(self.step_item)

    def item_steps(self, i: int) -> range:
        return range(self.s_offset[i], self.s_offset[i] + len(self.items[i].model.steps))


def single(model: Model) -> System:
    """The system of one process on its own lanes: a pool per lane with the lane's staff."""
    pools = [lane if staffed else "" for lane, staffed in zip(model.lanes, model.lane_staffed, strict=True)]
    for s, lane in enumerate(model.step_lane):
        if model.lane_staffed[lane] and not model.lane_staff[lane]:
            raise SimulationError(_("step '{step}' needs staff of lane '{lane}', which has none")
                                  .format(step=model.steps[s], lane=model.lanes[lane]))
    item = Item(model, model.per_workday, model.profile, None, model.arrival_times, 0,
                tuple(i if p else -1 for i, p in enumerate(pools)))
    return assemble(model.calendar, [item], list(model.lanes), list(model.lane_names), list(model.lane_staff))


def assemble(calendar: WorkCalendar, items: Sequence[Item], pools: Sequence[str], pool_names: Sequence[str],
             pool_staff: Sequence[int]) -> System:
    """Number the items' transitions, places and steps one after another and resolve their pools."""
    t_inputs: list[list[int]] = []
    t_outputs: list[list[int]] = []
    t_step: list[int] = []
    t_end: list[str | None] = []
    p_kind: list[int] = []
    p_next: list[int] = []
    p_choice: list[tuple[list[int], list[float]] | None] = []
    step_item, step_pool, step_priority, step_sampler, step_on_calendar, step_off_clock = [], [], [], [], [], []
    t_offset, p_offset, s_offset, item_source = [], [], [], []
    for i, item in enumerate(items):
        m = item.model
        to, po, so = len(t_step), len(p_kind), len(step_item)
        t_offset.append(to)
        p_offset.append(po)
        s_offset.append(so)
        item_source.append(po + m.source)
        t_inputs.extend([po + p for p in ps] for ps in m.t_inputs)
        t_outputs.extend([po + p for p in ps] for ps in m.t_outputs)
        t_step.extend(so + s if s >= 0 else -1 for s in m.t_step)
        t_end.extend(m.t_end)
        for p in range(len(m.places)):
            choice = m.p_choice[p]
            consumer = m.p_single[p]
            if choice is not None:
                p_kind.append(_CHOICE)
                p_next.append(-1)
                p_choice.append(([to + t for t in choice[0]], choice[1]))
            elif consumer < 0:
                p_kind.append(_SINK)
                p_next.append(-1)
                p_choice.append(None)
            else:
                p_kind.append(_JOIN if len(m.t_inputs[consumer]) > 1 else _DIRECT)
                p_next.append(to + consumer)
                p_choice.append(None)
        for s, lane in enumerate(m.step_lane):
            pool = item.lane_pool[lane]
            if pool >= 0 and not pool_staff[pool]:
                raise SimulationError(_("step '{step}' of '{item}' needs staff of '{pool}', which has none")
                                      .format(step=m.steps[s], item=m.process.code, pool=pools[pool]))
            step_item.append(i)
            step_pool.append(pool)
            step_priority.append(m.step_priority[s] + item.priority)
            step_sampler.append(m.step_sampler[s])
            step_on_calendar.append(m.step_on_calendar[s])
            step_off_clock.append(m.step_off_clock[s])
    def jump(places: list[int]) -> tuple[int, str | None]:
        outcome = None
        while len(places) == 1:
            p = places[0]
            if p_kind[p] == _SINK:
                return _FINISH, outcome
            if p_kind[p] != _DIRECT:
                break
            t = p_next[p]
            if t_step[t] >= 0:
                return (t, None) if outcome is None else (_GENERAL, None)
            outcome = t_end[t] if t_end[t] is not None else outcome
            places = t_outputs[t]
        return _GENERAL, None

    t_jumps = [jump(outputs) for outputs in t_outputs]
    source_jumps = [jump([p]) for p in item_source]
    return System(calendar, tuple(items), tuple(pools), tuple(pool_names), tuple(pool_staff), tuple(t_offset),
                  tuple(p_offset), tuple(s_offset), t_inputs, t_outputs, t_step, t_end, p_kind, p_next, p_choice,
                  step_item, step_pool, step_priority, step_sampler, step_on_calendar, step_off_clock, item_source,
                  [j for j, __ in t_jumps], [e for __, e in t_jumps], [j for j, __ in source_jumps],
                  [e for __, e in source_jumps], tuple(calendar.for_lane(pool) for pool in pools),
                  [mark for item in items for mark in step_marks(item.model.process)])


MARK_ACCEPT, MARK_DECIDE, MARK_DELIVER, MARK_EXTENSION, MARK_BEGIN = 1, 2, 4, 8, 16
# The event log dates a step of no length at a period boundary at the period's close (``eventlog``),
# and the legal clock reads a start as the next period's opening: such a first step's start is kept a
# hair earlier, so that both give it the same date (a millionth of a minute: no figure shows it).
BEFORE = 1e-6
_MARKS = {"accept": MARK_ACCEPT, "decide": MARK_DECIDE, "deliver": MARK_DELIVER, "extension": MARK_EXTENSION}


def step_marks(process: Process) -> list[int]:
    """The ``MARK_*`` bits of each step of ``process`` (see ``System.step_mark``)."""
    # without an accept step the clock starts with the case's first step, the file's first (``flow.start``)
    begin = 0 if any(step.kind == "accept" for step in process.steps) else MARK_BEGIN
    return [_MARKS.get(step.kind or "", 0) | (begin if i == 0 else 0) for i, step in enumerate(process.steps)]


def pool_load(system: System) -> list[float]:
    """Per pool, the busy staff fraction the arrivals ask for (utilization when the pool keeps up)."""
    day = system.calendar.day_minutes
    demand = [0.0] * len(system.pools)
    for i, item in enumerate(system.items):
        per_minute = _mean_rate(item) / day
        for s, v in enumerate(visits(item.model)):
            pool = system.step_pool[system.s_offset[i] + s]
            if pool >= 0:
                demand[pool] += per_minute * v * item.model.step_mean[s]
    return [d / staff if staff else 0.0 for d, staff in zip(demand, system.pool_staff, strict=True)]


def offered_load(model: Model) -> list[float]:
    """Per lane of one process on its own staff, the busy fraction the arrivals ask for."""
    return pool_load(single(model)) if all(
        model.lane_staff[lane] or not model.lane_staffed[lane] for lane in model.step_lane) else _lane_demand(model)


def _lane_demand(model: Model) -> list[float]:
    per_minute = model.per_workday / model.calendar.day_minutes
    demand = [0.0] * len(model.lanes)
    for s, v in enumerate(visits(model)):
        demand[model.step_lane[s]] += per_minute * v * model.step_mean[s]
    return [d / staff if staff else 0.0 for d, staff in zip(demand, model.lane_staff, strict=True)]


def _mean_rate(item: Item) -> float:
    """Mean arrivals per working day (of a replayed stream: over the working days it covers)."""
    if item.arrival_times is not None:
        return _replay_rate(item.arrival_times, item.model.calendar.day_minutes)
    return item.per_workday


@dataclass
class RunStats:
    """The raw results of one run, in working minutes; ``kpis.py`` turns them into KPIs.

    Per-step and per-pool lists are indexed by the system's global step and pool numbers (for one
    process on its own lanes these are its steps and lanes). Per-case lists hold the cases that
    arrived after the warm-up and finished, in order of finishing."""

    start: float  # end of the warm-up
    end: float  # end of the measuring window: the horizon, or the last counted arrival
    day_minutes: float = 1.0
    arrived: int = 0
    arrived_after_warmup: int = 0
    completed: int = 0
    completed_after_warmup: int = 0  # within the measuring window
    in_progress: int = 0
    item_arrived: list[int] = field(default_factory=list)  # after the warm-up, per item
    item_completed: list[int] = field(default_factory=list)  # within the measuring window, per item
    # typed arrays rather than lists: numpy reads them without a copy when the KPIs are computed
    case_item: array = field(default_factory=lambda: array("l"))
    case_arrival: array = field(default_factory=lambda: array("d"))
    case_end: array = field(default_factory=lambda: array("d"))
    case_off: array = field(default_factory=lambda: array("d"))  # time off the legal clock (Art. 45, applicant)
    case_id: array = field(default_factory=lambda: array("l"))  # the ids ``record`` knows the cases by
    # the legal clock's instants of each case (NaN: none): acceptance (or, without an accept step, the
    # start of its first step) and the first decision after it; and, four numbers each, (row in the
    # case arrays, what, start, end): what 0 a step off the clock, 1 an extension step, 2 a delivery
    # (the decision before it, the delivery's end). Working minutes, as the rest.
    case_accepted: array = field(default_factory=lambda: array("d"))
    case_decided: array = field(default_factory=lambda: array("d"))
    case_spans: array = field(default_factory=lambda: array("d"))
    cycle_days: list[float] = field(default_factory=list)  # calendar days, filled after the run
    outcomes: list[dict[str, int]] = field(default_factory=list)  # per item: end outcomes of the counted cases
    step_count: list[int] = field(default_factory=list)
    step_wait: list[float] = field(default_factory=list)
    step_work: list[float] = field(default_factory=list)
    lane_busy: list[float] = field(default_factory=list)  # per pool: staff-minutes busy in the measuring window
    queue_slots: list[list[float]] = field(default_factory=list)  # per pool, per sample slot of the day: sum
    queue_daily: list[list[float]] = field(default_factory=list)  # per pool: mean queue of each working day
    queue_max: list[int] = field(default_factory=list)
    slot_samples: list[int] = field(default_factory=list)  # samples taken per slot of the day
    wip_area: float = 0.0  # integral of work in progress over the measuring window
    wip_series: list[tuple[float, int]] = field(default_factory=list)  # (working day, cases in progress)
    # per pool: cases waiting for its staff at the start of each working day (the end of the one before),
    # sampled with wip_series: the backlog of each pool, read week by week when a pool cannot keep up
    queue_daily_end: list[list[int]] = field(default_factory=list)
    warmup_arrived: list[int] = field(default_factory=list)  # per item: arrivals during the warm-up
    warmup_busy: list[float] = field(default_factory=list)  # per pool: staff-minutes busy during the warm-up
    # the cases still in progress at the end (arrived after the warm-up): item, arrival, time off the legal
    # clock in the steps they finished
    open_item: array = field(default_factory=lambda: array("l"))
    open_arrival: array = field(default_factory=lambda: array("d"))
    open_off: array = field(default_factory=lambda: array("d"))
    # their legal clock so far (as ``case_accepted``, ``case_decided`` and ``case_spans``; rows of the open arrays)
    open_accepted: array = field(default_factory=lambda: array("d"))
    open_decided: array = field(default_factory=lambda: array("d"))
    open_spans: array = field(default_factory=lambda: array("d"))

    @property
    def cycle_minutes(self) -> list[float]:
        return [e - a for a, e in zip(self.case_arrival, self.case_end, strict=True)]

    @property
    def clock_minutes(self) -> list[float]:
        return [e - a - o for a, e, o in zip(self.case_arrival, self.case_end, self.case_off, strict=True)]

    @property
    def same_day(self) -> list[bool]:
        d = self.day_minutes
        return [int(e // d) == int(a // d) or e == a for a, e in zip(self.case_arrival, self.case_end, strict=True)]

    @property
    def lane_queue_samples(self) -> list[list[float]]:
        return self.queue_daily


class _Case:
    __slots__ = ("arrival", "id", "item", "legal", "off", "outcome", "tokens")

    def __init__(self, case_id: int, item: int, arrival: float) -> None:
        self.id = case_id
        self.item = item
        self.arrival = arrival
        self.off: list[tuple[float, float]] | None = None  # intervals off the legal clock
        self.outcome: str | None = None
        self.tokens: dict[int, int] | None = None  # tokens waiting at the input places of joins
        # the legal clock's instants, from the first marked step on (``_mark``): acceptance alone (a
        # float: most cases of items without a decision step need no more), or a list of acceptance,
        # the first decision after it, the last decision so far, and the extension steps and
        # deliveries (three numbers each, as ``RunStats.case_spans`` without the row) or None
        self.legal: float | list | None = None


def _mark(case: _Case, mark: int, started: float, ended: float) -> None:
    """What a step with ``mark`` bits tells the legal clock of ``case`` (in the order steps finish)."""
    legal = case.legal
    if legal is None:
        legal = case.legal = [math.nan, math.nan, math.nan, None]
    elif not isinstance(legal, list):
        legal = case.legal = [legal, math.nan, math.nan, None]
    if mark & MARK_BEGIN and not started >= legal[0]:  # also when NaN
        legal[0] = started if started < ended else started - BEFORE
    if mark & MARK_ACCEPT and legal[0] != legal[0]:
        legal[0] = ended
    if mark & MARK_DECIDE:
        if legal[1] != legal[1] and ended >= legal[0]:
            legal[1] = ended
        legal[2] = ended
    if mark & (MARK_EXTENSION | MARK_DELIVER):
        if legal[3] is None:
            legal[3] = []
        if mark & MARK_EXTENSION:
            legal[3] += (1.0, started, ended)
        elif legal[2] == legal[2]:
            legal[3] += (2.0, legal[2], ended)


def _keep(stats: RunStats, case: _Case) -> None:
    """The steps off the clock, extensions and deliveries of a counted case that has just finished
    (after its other arrays: its row is the last)."""
    row = float(len(stats.case_accepted) - 1)
    spans = stats.case_spans
    for start, end in case.off or ():
        spans.extend((row, 0.0, start, end))
    found = case.legal[3] if isinstance(case.legal, list) else None
    for k in range(0, len(found or ()), 3):
        spans.extend((row, *found[k:k + 3]))  # type: ignore[index]


Record = tuple[int, int, float, float, float]  # case, global step, enabled, started, ended (working minutes)


def run(system: System | Model, rng: Random, *, days: float | None = None, cases: int | None = None,
        warmup_days: float = 0.0, record: list[Record] | None = None,
        progress: Callable[[float, int], None] | None = None) -> RunStats:
    """Simulate one replication; stop at ``warmup_days + days`` working days, or when ``cases`` cases
    that arrived after the warm-up (and every case before them) have finished.

    ``record``, when given, receives one ``(case, step, enabled, started, ended)`` per finished step
    execution, in working minutes (the material of an event log). ``progress``, when given, is
    called at the end of every simulated working day with the working days done and the number of
    cases that have arrived after the warm-up."""
    if isinstance(system, Model):
        system = single(system)
    if (days is None) == (cases is None):
        raise SimulationError(_("give either a horizon in working days or a number of cases"))
    if (days is not None and days <= 0) or (cases is not None and cases <= 0) or warmup_days < 0:
        raise SimulationError(_("the horizon, the number of cases and the warm-up must be positive"))
    calendar = system.calendar
    day = calendar.day_minutes
    warm = warmup_days * day
    horizon = math.inf if days is None else warm + days * day
    n_steps, n_pools, n_items = system.n_steps, len(system.pools), len(system.items)
    slots = max(1, math.ceil(day / SAMPLE_MINUTES - 1e-9))
    sample_step = day / slots
    stats = RunStats(start=warm, end=0.0, day_minutes=day, step_count=[0] * n_steps, step_wait=[0.0] * n_steps,
                     step_work=[0.0] * n_steps, lane_busy=[0.0] * n_pools,
                     item_arrived=[0] * n_items, item_completed=[0] * n_items,
                     outcomes=[{} for __ in range(n_items)],
                     queue_slots=[[0.0] * slots for __ in range(n_pools)], queue_daily=[[] for __ in range(n_pools)],
                     queue_max=[0] * n_pools, slot_samples=[0] * slots,
                     queue_daily_end=[[] for __ in range(n_pools)], warmup_arrived=[0] * n_items,
                     warmup_busy=[0.0] * n_pools)

    # locals for the hot loop
    t_inputs, t_outputs, t_step, t_end = system.t_inputs, system.t_outputs, system.t_step, system.t_end
    p_kind, p_next, p_choice = system.p_kind, system.p_next, system.p_choice
    t_jump, t_jump_end, source_jump = system.t_jump, system.t_jump_end, system.source_jump
    step_pool, step_on_calendar, step_off_clock = system.step_pool, system.step_on_calendar, system.step_off_clock
    draw = system.step_sampler
    staff = list(system.pool_staff)
    free = list(staff)
    prioritised = [len({system.step_priority[s] for s in range(n_steps) if system.step_pool[s] == pool}) > 1
                   for pool in range(n_pools)]
    step_priority = system.step_priority
    queues: list[Any] = [[] if prioritised[pool] else deque() for pool in range(n_pools)]
    busy_area = stats.lane_busy
    busy_since = [0.0] * n_pools
    step_count, step_wait, step_work = stats.step_count, stats.step_wait, stats.step_work
    case_item, case_arrival = stats.case_item, stats.case_arrival
    case_end, case_off = stats.case_end, stats.case_off
    case_ids = stats.case_id
    case_accepted, case_decided = stats.case_accepted, stats.case_decided
    NAN = math.nan
    item_completed, item_arrived = stats.item_completed, stats.item_arrived
    case_outcome: list[str | None] = []
    warmup_arrived = stats.warmup_arrived
    queue_daily_end = stats.queue_daily_end
    random = rng.random
    heap: list[tuple] = []
    push, pop = heapq.heappush, heapq.heappop
    seq = itertools.count(1).__next__
    wip = 0
    wip_since = 0.0
    wip_area = 0.0  # integral of work in progress over the measuring window (stats.wip_area at the end)
    streams = [_arrival_stream(item, calendar, rng) for item in system.items]
    own_hours = _own_hours(calendar, system.pool_calendar)

    def enable(case: _Case, t: int, s: int, now: float) -> None:
        pool = step_pool[s]
        if pool >= 0:
            if free[pool]:
                busy_area[pool] += (staff[pool] - free[pool]) * (now - busy_since[pool])
                busy_since[pool] = now
                free[pool] -= 1
                if own_hours is None or own_hours[pool] is None:
                    push(heap, (now + draw[s](rng), seq(), t, case, now, now))
                else:
                    push(heap, (own_hours[pool](now, draw[s](rng)), seq(), t, case, now, now))
            elif prioritised[pool]:
                push(queues[pool], (-step_priority[s], seq(), case, t, now))
            else:
                queues[pool].append((case, t, now))
        elif step_on_calendar[s]:
            end = calendar.to_working(calendar.to_calendar(now) + draw[s](rng))
            push(heap, (end, seq(), t, case, now, now))
        else:
            push(heap, (now + draw[s](rng), seq(), t, case, now, now))

    def put(case: _Case, p: int, now: float) -> None:
        """A token arrives at place ``p``: fire what it enables, following silent transitions."""
        while True:
            kind = p_kind[p]
            if kind == _DIRECT:
                t = p_next[p]
            elif kind == _CHOICE:
                consumers, cumulative = p_choice[p]
                x = random()
                k = 0
                while cumulative[k] <= x:
                    k += 1
                t = consumers[k]
            elif kind == _JOIN:
                tokens = case.tokens
                if tokens is None:
                    tokens = case.tokens = {}
                tokens[p] = tokens.get(p, 0) + 1
                t = p_next[p]
                inputs = t_inputs[t]
                for q in inputs:
                    if not tokens.get(q):
                        return  # a join still waiting for another branch
                for q in inputs:
                    tokens[q] -= 1
            else:
                finish(case, now)
                return
            s = t_step[t]
            if s >= 0:
                enable(case, t, s, now)
                return
            if t_end[t] is not None:
                case.outcome = t_end[t]
            outputs = t_outputs[t]
            if len(outputs) != 1:
                for q in outputs:
                    put(case, q, now)
                return
            p = outputs[0]

    def finish(case: _Case, now: float) -> None:
        nonlocal wip, wip_since, wip_area
        if now >= warm:
            wip_area += wip * (now - (wip_since if wip_since > warm else warm))
            wip_since = now
            item_completed[case.item] += 1
        wip -= 1
        if case.arrival >= warm:
            case_item.append(case.item)
            case_ids.append(case.id)
            case_arrival.append(case.arrival)
            case_end.append(now)
            case_off.append(_union(case.off) if case.off else 0.0)
            case_outcome.append(case.outcome)
            legal = case.legal
            if legal.__class__ is list:
                case_accepted.append(legal[0])  # type: ignore[index]
                case_decided.append(legal[1])  # type: ignore[index]
            else:  # a float (acceptance) or None
                case_accepted.append(NAN if legal is None else legal)  # type: ignore[arg-type]
                case_decided.append(NAN)
            if case.off is not None or (legal.__class__ is list and legal[3] is not None):  # type: ignore[index]
                _keep(stats, case)

    # the next arrival of each item waits in a heap of its own, (time, sequence, item): an arrival
    # then costs one replace in that small heap instead of a push and a pop in the main one
    arrivals: list[tuple[float, int, int]] = []
    for i, stream in enumerate(streams):
        first = stream(0.0)
        if first is not None:
            arrivals.append((first, seq(), i))
    heapq.heapify(arrivals)
    push(heap, (0.0, 0, _SAMPLE, 0, 0.0, 0.0))
    if warm > 0:
        push(heap, (warm, 0, _WARMUP, None, 0.0, 0.0))
    to_arrive = cases
    now = 0.0
    closed: float | None = None
    window_busy = [0.0] * n_pools
    window_wip = 0.0
    window_items: list[int] = []
    day_queue = [0.0] * n_pools
    day_samples = 0  # samples of the current day (slots, unless its office hours are shorter)
    uniform, day_at = calendar.uniform, calendar.day_at
    next_case = 0

    # module-level names as locals: the loop below runs a few million times
    ARRIVAL, SAMPLE, FINISH, Case, union, mark, keep = _ARRIVAL, _SAMPLE, _FINISH, _Case, _union, _mark, _keep
    step_mark = system.step_mark
    stopped = False  # by the horizon, with the event just taken not done
    while heap or arrivals:
        if arrivals and (not heap or arrivals[0] < heap[0]):  # sequence numbers break ties of time
            event = arrivals[0]
            kind = ARRIVAL
        else:
            event = pop(heap)
            kind = event[2]
        now = event[0]
        if now > horizon:
            now = horizon
            stopped = True
            break
        if kind >= 0:
            _end, _seq, t, case, enabled, started = event
            s = t_step[t]
            pool = step_pool[s]
            if pool >= 0:
                queue = queues[pool]
                if queue:
                    if prioritised[pool]:
                        _priority, _seq, waiting, wt, wenabled = heapq.heappop(queue)
                    else:
                        waiting, wt, wenabled = queue.popleft()
                    if own_hours is None or own_hours[pool] is None:
                        push(heap, (now + draw[t_step[wt]](rng), seq(), wt, waiting, wenabled, now))
                    else:
                        push(heap, (own_hours[pool](now, draw[t_step[wt]](rng)), seq(), wt, waiting, wenabled, now))
                else:
                    busy_area[pool] += (staff[pool] - free[pool]) * (now - busy_since[pool])
                    busy_since[pool] = now
                    free[pool] += 1
            if enabled >= warm:
                step_count[s] += 1
                step_wait[s] += started - enabled
                step_work[s] += now - started
            if record is not None:
                record.append((case.id, s, enabled, started, now))
            if step_off_clock[s]:
                if case.off is None:
                    case.off = []
                # from its start, as a log shows it: the legal clock is the same for a log of the run
                case.off.append((started, now))
            m = step_mark[s]
            if m:
                if case.legal is None and m in (MARK_BEGIN, MARK_ACCEPT):  # the case's first mark, inlined
                    case.legal = (started if started < now else started - BEFORE) if m == MARK_BEGIN else now
                else:
                    mark(case, m, started, now)
            target = t_jump[t]
            if target >= 0:
                enable(case, target, t_step[target], now)
            elif target == FINISH:
                if t_jump_end[t] is not None:
                    case.outcome = t_jump_end[t]
                # finish(case, now), inlined: the end of every case passes here
                if now >= warm:
                    wip_area += wip * (now - (wip_since if wip_since > warm else warm))
                    wip_since = now
                    item_completed[case.item] += 1
                wip -= 1
                if case.arrival >= warm:
                    case_item.append(case.item)
                    case_ids.append(case.id)
                    case_arrival.append(case.arrival)
                    case_end.append(now)
                    case_off.append(union(case.off) if case.off else 0.0)
                    case_outcome.append(case.outcome)
                    legal = case.legal
                    if legal.__class__ is list:
                        case_accepted.append(legal[0])  # type: ignore[index]
                        case_decided.append(legal[1])  # type: ignore[index]
                    else:  # a float (acceptance) or None
                        case_accepted.append(NAN if legal is None else legal)  # type: ignore[arg-type]
                        case_decided.append(NAN)
                    if case.off is not None or (legal.__class__ is list and legal[3] is not None):  # type: ignore[index]
                        keep(stats, case)
            else:
                for q in t_outputs[t]:
                    put(case, q, now)
        elif kind == ARRIVAL:
            i = event[2]
            case = Case(next_case, i, now)
            next_case += 1
            if now >= warm:
                wip_area += wip * (now - (wip_since if wip_since > warm else warm))
                wip_since = now
                item_arrived[i] += 1
                if to_arrive is not None:
                    to_arrive -= 1
            else:
                warmup_arrived[i] += 1
            wip += 1
            target = source_jump[i]
            if target >= 0:
                s = t_step[target]
                pool = step_pool[s]
                if pool >= 0 and free[pool] and own_hours is None:  # enable(...), inlined for the common case
                    busy_area[pool] += (staff[pool] - free[pool]) * (now - busy_since[pool])
                    busy_since[pool] = now
                    free[pool] -= 1
                    push(heap, (now + draw[s](rng), seq(), target, case, now, now))
                else:
                    enable(case, target, s, now)
            else:
                put(case, system.item_source[i], now)
            if to_arrive is None or to_arrive > 0:
                following = streams[i](now)
                if following is not None:
                    heapq.heapreplace(arrivals, (following, seq(), i))
                else:
                    heapq.heappop(arrivals)
            else:
                # the measuring window of time averages ends with the last counted arrival: after it
                # the system only drains, which would dilute utilization and throughput
                arrivals.clear()
                closed = now
                stats.end = now
                for pool in range(n_pools):
                    window_busy[pool] = busy_area[pool] + (staff[pool] - free[pool]) * (
                        now - max(busy_since[pool], warm))
                window_wip = wip_area + wip * (now - max(wip_since, warm))
                window_items = list(item_completed)
        elif kind == SAMPLE:
            if uniform:
                k = round(now / sample_step)
                slot = k % slots
                following = (k + 1) * sample_step
            else:  # the slots of each day's own office time (a Saturday of three hours has fewer)
                day_number, begun, length = day_at(now)
                slot = min(slots - 1, round((now - begun) / sample_step))
                following = now + sample_step if now + sample_step < begun + length - 1e-9 else begun + length
                k = day_number
            if slot == 0:
                if k:
                    for pool in range(n_pools):
                        stats.queue_daily[pool].append(day_queue[pool] / max(1, day_samples))
                        day_queue[pool] = 0.0
                    if progress is not None:
                        progress(now / day, sum(item_arrived))
                stats.wip_series.append((now / day, wip))
                for pool in range(n_pools):
                    queue_daily_end[pool].append(len(queues[pool]))
                day_samples = 0
            day_samples += 1
            if now >= warm:
                stats.slot_samples[slot] += 1
                for pool in range(n_pools):
                    length = len(queues[pool])
                    stats.queue_slots[pool][slot] += length
                    day_queue[pool] += length
                    if length > stats.queue_max[pool]:
                        stats.queue_max[pool] = length
            if arrivals or wip:
                push(heap, (following, 0, SAMPLE, 0, 0.0, 0.0))
        else:  # _WARMUP: the busy-time and WIP integrals start here
            for pool in range(n_pools):
                stats.warmup_busy[pool] = busy_area[pool] + (staff[pool] - free[pool]) * (now - busy_since[pool])
                busy_area[pool] = 0.0
                busy_since[pool] = now
            wip_since = now

    stats.in_progress = wip
    if wip:
        # the step end that stopped the loop past the horizon was taken off the heap, not done: its case is open
        _open_cases(stats, [*heap, event] if stopped and kind >= 0 else heap, queues, prioritised, warm)
    stats.arrived = next_case
    stats.arrived_after_warmup = sum(item_arrived)
    stats.completed = stats.arrived - wip
    for (item, outcome), n in Counter(zip(case_item, case_outcome, strict=True)).items():
        counts = stats.outcomes[item]
        counts[outcome or "?"] = counts.get(outcome or "?", 0) + n
    stats.completed_after_warmup = sum(item_completed)
    stats.cycle_days = _calendar_days(calendar, case_arrival, case_end)
    if closed is not None:
        busy_area[:] = window_busy
        stats.wip_area = window_wip
        stats.completed_after_warmup = sum(window_items)
        stats.item_completed = window_items
        return stats
    stats.end = horizon if days is not None else now
    for pool in range(n_pools):
        busy_area[pool] += (staff[pool] - free[pool]) * (stats.end - max(busy_since[pool], warm))
    stats.wip_area = wip_area + wip * (stats.end - max(wip_since, warm))
    return stats


def _own_hours(calendar: WorkCalendar, own: Sequence[WorkCalendar | None]) -> list[Any] | None:
    """Per pool, for a window or department with hours of its own: a function from the working time
    a step starts at and its office minutes to the working time it ends at (None: the centre's hours).

    Working time stays the centre's: a step of ``d`` minutes begun at ``now`` is done when the lane
    has been open ``d`` minutes since (it waits for the lane to open); the staff member holds the case
    while the lane is closed. None when no pool keeps hours of its own (the event loop's fast path)."""
    if not any(c is not None for c in own):
        return None

    def clock(lane: WorkCalendar) -> Any:
        def end(now: float, minutes: float) -> float:
            begun = calendar.to_calendar(now, resume=True)
            return calendar.to_working(lane.to_calendar(lane.to_working(begun) + minutes))
        return end

    return [None if c is None else clock(c) for c in own]


def _open_cases(stats: RunStats, heap: list[tuple], queues: list[Any], prioritised: list[bool],
                warm: float) -> None:
    """The cases still in progress at the end of the run (arrived after the warm-up): each is in a step
    (its end is in the heap) or waits for staff (in a queue), or both on parallel branches. Read once,
    after the loop, so the loop itself pays nothing for it."""
    cases: dict[int, _Case] = {}
    for event in heap:
        if event[2] >= 0:
            cases[event[3].id] = event[3]
    for pool, queue in enumerate(queues):
        for entry in queue:
            case = entry[2] if prioritised[pool] else entry[0]
            cases[case.id] = case
    for case_id in sorted(cases):
        case = cases[case_id]
        if case.arrival >= warm:
            stats.open_item.append(case.item)
            stats.open_arrival.append(case.arrival)
            stats.open_off.append(_union(case.off) if case.off else 0.0)
            legal = case.legal
            if isinstance(legal, list):
                stats.open_accepted.append(legal[0])
                stats.open_decided.append(legal[1])
            else:
                stats.open_accepted.append(math.nan if legal is None else legal)
                stats.open_decided.append(math.nan)
            row = float(len(stats.open_item) - 1)
            for start, end in case.off or ():
                stats.open_spans.extend((row, 0.0, start, end))


def _calendar_days(calendar: WorkCalendar, arrivals: list[float], ends: list[float]) -> list[float]:
    """Calendar days from each arrival (when work could begin) to its end, converted all at once."""
    if not arrivals:
        return []
    begun = calendar.to_calendar_many(arrivals, resume=True)
    done = calendar.to_calendar_many(ends)
    return ((done - begun) / 1440.0).tolist()


def _union(intervals: list[tuple[float, float]]) -> float:
    """Total length of the union of intervals (parallel excluded steps are not counted twice)."""
    if len(intervals) == 1:
        a, b = intervals[0]
        return b - a
    total, current_start, current_end = 0.0, None, None
    for a, b in sorted(intervals):
        if current_end is None or a > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    return total + current_end - current_start


def _arrival_stream(item: Item | Model, calendar: WorkCalendar, rng: Random) -> Callable[[float], float | None]:
    """A function giving the next arrival after working time ``now`` (None when a replayed stream has
    ended): a Poisson process in office time, homogeneous, or with a rate that varies by office hour
    and by month (drawn by thinning), or the replayed times."""
    if isinstance(item, Model):
        item = single(item).items[0]
    if item.arrival_times is not None:
        times = item.arrival_times
        position = 0

        def replay(now: float) -> float | None:
            nonlocal position
            while position < len(times) and times[position] < now:
                position += 1  # times are sorted; an arrival at ``now`` itself is the next one
            if position >= len(times):
                return None
            position += 1
            return times[position - 1]

        return replay
    day = calendar.day_minutes
    if item.per_workday <= 0:
        return lambda now: None
    if item.profile is None and item.months is None:
        gap = day / item.per_workday  # mean minutes between arrivals
        random, log = rng.random, math.log
        return lambda now: now - log(1.0 - random()) * gap  # what Random.expovariate draws, one call less
    weights = item.profile or (1.0,)
    hours = len(weights) if item.profile else 1
    lengths = [min(60.0, day - 60.0 * i) if item.profile else day for i in range(hours)]
    total = sum(weights)
    rates = [item.per_workday * w / total / length for w, length in zip(weights, lengths, strict=True)]
    months = item.months or (1.0,) * 12
    month_mean = sum(months) / 12
    month_factor = [m / month_mean for m in months]
    peak = max(rates) * max(month_factor)
    last = hours - 1
    month_of_day: dict[int, int] = {}
    day_at = calendar.day_at  # days of different lengths (Saturday service): the hour of that day's office time

    def next_arrival(now: float) -> float:
        while True:
            now += rng.expovariate(peak)
            if calendar.uniform:
                k, offset = int(now // day), now % day
                begun = k * day
            else:
                k, begun, _length = day_at(now)
                offset = now - begun
            rate = rates[min(last, int(offset // 60))] if item.profile else rates[0]
            if item.months is not None:
                month = month_of_day.get(k)
                if month is None:
                    month = month_of_day[k] = calendar.date_of(calendar.to_calendar(begun, resume=True)).month - 1
                rate *= month_factor[month]
            if rng.random() * peak < rate:
                return now

    return next_arrival
