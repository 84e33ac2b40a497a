"""How many staff each window and department needs, and how sure that answer is: a search over
staffing levels by simulation.

0. Check that staff can meet the centre-wide on-time targets at all: simulate with every pool at
   most 30 % busy; if the targets are missed even then, the work itself is longer than the limits and
   the answer says so instead of adding staff that cannot help.
1. Start near the answer with queueing theory: each pool alone as an M/M/c queue at its offered load
   (arrivals × visits × mean durations of the steps it serves), the smallest c whose Erlang C wait is
   within ``max_wait`` (without a wait target: whose utilization is at most 85 %).
2. The targets of each pool (mean wait, utilization): every pool's level is walked from its start, all
   pools at once in the same simulations (a pool's wait depends mainly on its own staff), up until its
   target is met with confidence and down until it is missed with confidence. Each level is judged
   MEETS or MISSES (its confidence interval on one side of the target), NEAR (the interval holds the
   target and is within the precision: the difference is too small to matter) or UNDECIDED.
3. The centre-wide targets (on-time shares): while missed, one member more where cases wait longest in
   total; then, for pools without targets of their own, one member less where the targets still hold.
4. A pool whose level below its answer was passed over on a probe's few replications has that level
   judged again on all of them; then the answer is simulated until every figure a target names is
   within the precision, and a pool whose target is missed there (beside the others' answers rather
   than their probes) gets a member more.

Each judgement is Law's sequential procedure for a confidence interval of a given absolute precision
(A. M. Law, *Simulation Modeling and Analysis*, 5th ed., McGraw-Hill 2015, §9.4.1): independent
replications, a Student t interval on their means, more replications until the half-width is within
the precision γ, here also stopping once the interval lies on one side of the target (a sequential
test; Law's n ≥ 10 first replications keep its coverage close to the nominal). Every staffing is
simulated with the same streams (common random numbers, Law §11.2: replication r of every staffing
draws from the same seed), so two staffings differ by their staff, not by their luck.

Each pool's answer is the smallest level whose mean meets its targets, with the levels that cannot
be told from the target at the confidence: from the one above the last level that misses with
confidence to the first that meets with confidence ("7 (6–8)"). Another seed's answer lies in that
range unless a judgement erred (each errs with about 1 − confidence). A pool is undecided when the
answer's interval is still wider than the precision after ``Precision.most`` replications.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..i18n import _
from ..language.centre_loader import CentreModel
from ..parallel import Scheduler
from ..sim.engine import NothingFinished, RunStats, System, pool_load, visits
from ..sim.kpis import CaseTimes, Estimate, mean_queue
from ..sim.queueing import erlang_c_wait
from ..sim.replicate import replicate_many
from .simulate import CentreResult, compile_centre, simulate_centre, summarise_centre

START_UTILIZATION = 0.85
CEILING_UTILIZATION = 0.3  # staff so ample that hardly anyone waits: what staffing can achieve at best
MAX_EVALUATIONS = 60
WAIT_SHARE = 0.2  # the precision of a mean wait, unless given: a fifth of its target


class StaffingError(ValueError):
    """Targets or a sweep that cannot be met; the message says which."""




@dataclass(frozen=True)
class Targets:
    on_time: float | None = 0.95  # share of cases within the promised limits (centre-wide)
    statutory: float | None = None  # share within the statutory limits
    max_wait: float | None = None  # office minutes a step may wait for staff, on average, in every pool
    max_utilization: float | None = None

    def describe(self) -> str:
        parts = []
        if self.on_time is not None:
            parts.append(_("on time (promised) ≥ {share}").format(share=f"{self.on_time:.1%}"))
        if self.statutory is not None:
            parts.append(_("on time (statutory) ≥ {share}").format(share=f"{self.statutory:.1%}"))
        if self.max_wait is not None:
            parts.append(_("mean wait ≤ {minutes:g} min in every pool").format(minutes=self.max_wait))
        if self.max_utilization is not None:
            parts.append(_("utilization ≤ {share}").format(share=f"{self.max_utilization:.0%}"))
        return ", ".join(parts)

    def to_json(self) -> dict[str, float | None]:
        return {"on_time": self.on_time, "statutory": self.statutory, "max_wait_minutes": self.max_wait,
                "max_utilization": self.max_utilization}


@dataclass(frozen=True)
class Misses:
    """What a staffing misses: the centre-wide shortfalls and the pools over a per-pool target."""

    centre: tuple[str, ...]
    pools: tuple[str, ...]

    @property
    def met(self) -> bool:
        return not self.centre and not self.pools


def misses(result: CentreResult, targets: Targets, pools: Sequence[str]) -> Misses:
    if math.isnan(result.cycle_time_workdays.mean.mean):
        raise NothingFinished(_("no case finished within the {days:g} simulated working days, so no target "
                                "can be judged").format(days=result.days))
    centre: list[str] = []
    if targets.on_time is not None and not result.on_time_promised.mean >= targets.on_time:
        centre.append(_("on time (promised) {share} < {target}").format(
            share=f"{result.on_time_promised.mean:.1%}", target=f"{targets.on_time:.1%}"))
    if targets.statutory is not None and not result.on_time_statutory.mean >= targets.statutory:
        centre.append(_("on time (statutory) {share} < {target}").format(
            share=f"{result.on_time_statutory.mean:.1%}", target=f"{targets.statutory:.1%}"))
    over: list[str] = []
    for kpi in result.pools:
        if kpi.pool not in pools:
            continue
        wait = kpi.mean_wait.mean
        too_long = targets.max_wait is not None and not math.isnan(wait) and wait > targets.max_wait
        too_busy = targets.max_utilization is not None and kpi.utilization.mean > targets.max_utilization
        if too_long or too_busy:
            over.append(kpi.pool)
    return Misses(tuple(centre), tuple(over))


@dataclass(frozen=True)
class PoolRow:
    pool: str
    name: str
    kind: str
    given: int  # the staff in the centre file
    start: int  # the queueing-theory first guess
    staff: int  # the answer (or the size in a sweep)
    utilization: Estimate
    mean_wait: Estimate
    low: int = 0  # the levels that cannot be told from the target: low..high (high: met with confidence)
    high: int = 0
    decided: bool = True  # the answer's figures within the precision
    wait: Interval | None = None  # at the answer, at the search's confidence
    busy: Interval | None = None

    def to_json(self) -> dict[str, Any]:
        return {"pool": self.pool, "name": self.name, "kind": self.kind, "in_file": self.given,
                "erlang_c_start": self.start, "staff": self.staff, "range": [self.low, self.high],
                "decided": self.decided, "utilization": self.utilization.to_json(),
                "mean_wait_minutes": self.mean_wait.to_json(),
                "interval": {"mean_wait_minutes": self.wait.to_json() if self.wait else None,
                             "utilization": self.busy.to_json() if self.busy else None}}


@dataclass(frozen=True)
class StaffingResult:
    centre: str
    name: str
    targets: Targets
    met: bool
    misses: tuple[str, ...]
    evaluations: int
    days: float
    replications: int
    rows: tuple[PoolRow, ...]
    on_time_promised: Estimate
    on_time_statutory: Estimate
    mean_cycle_workdays: Estimate
    log: tuple[str, ...] = field(default=())
    out_of_reach: bool = False  # missed even with ample staff: the rows show that staffing, not an answer
    precision: Precision | None = None
    seed: int = 0
    total_replications: int = 0  # of every staffing simulated
    on_time: Interval | None = None  # at the answer, at the search's confidence
    statutory: Interval | None = None

    @property
    def total(self) -> int:
        return sum(r.staff for r in self.rows)

    @property
    def total_range(self) -> tuple[int, int]:
        return sum(r.low for r in self.rows), sum(r.high for r in self.rows)

    @property
    def decided(self) -> bool:
        return all(r.decided for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {"centre": self.centre, "name": self.name, "targets": self.targets.to_json(), "met": self.met,
                "misses": list(self.misses), "evaluations": self.evaluations,
                "evaluation": {"days": self.days, "replications": self.replications},
                "staff": {r.pool: r.staff for r in self.rows}, "total_staff": self.total,
                "total_staff_range": list(self.total_range), "decided": self.decided, "seed": self.seed,
                "precision": self.precision.to_json() if self.precision else None,
                "replications_in_all": self.total_replications,
                "interval": {"on_time_promised": self.on_time.to_json() if self.on_time else None,
                             "on_time_statutory": self.statutory.to_json() if self.statutory else None},
                "total_staff_in_file": sum(r.given for r in self.rows),
                "pools": [r.to_json() for r in self.rows],
                "on_time_rate": {"promised": self.on_time_promised.to_json(),
                                 "statutory": self.on_time_statutory.to_json()},
                "mean_cycle_workdays": self.mean_cycle_workdays.to_json(), "out_of_reach": self.out_of_reach,
                "log": list(self.log)}

@dataclass(frozen=True)
class SweepRow:
    staff: int
    utilization: Estimate
    mean_wait: Estimate
    on_time_promised: Estimate
    on_time_statutory: Estimate
    mean_cycle_workdays: Estimate
    met: bool | None

    def to_json(self) -> dict[str, Any]:
        return {"staff": self.staff, "utilization": self.utilization.to_json(),
                "mean_wait_minutes": self.mean_wait.to_json(), "on_time_promised": self.on_time_promised.to_json(),
                "on_time_statutory": self.on_time_statutory.to_json(),
                "mean_cycle_workdays": self.mean_cycle_workdays.to_json(), "targets_met": self.met}


@dataclass(frozen=True)
class SweepResult:
    centre: str
    name: str
    pool: str
    pool_name: str
    days: float
    replications: int
    rows: tuple[SweepRow, ...]
    refused: tuple[int, ...]  # sizes that cannot keep up with the arrivals

    def to_json(self) -> dict[str, Any]:
        return {"centre": self.centre, "name": self.name, "pool": self.pool, "days": self.days,
                "replications": self.replications, "rows": [r.to_json() for r in self.rows],
                "overloaded": list(self.refused)}

def pool_traffic(system: System) -> list[tuple[float, float]]:
    """Per pool: arrivals per office minute of work and the mean duration of that work (minutes)."""
    day = system.calendar.day_minutes
    rate = [0.0] * len(system.pools)
    work = [0.0] * len(system.pools)
    for i, item in enumerate(system.items):
        per_minute = (item.per_workday or 0.0) / day
        for s, v in enumerate(visits(item.model)):
            pool = system.step_pool[system.s_offset[i] + s]
            if pool >= 0:
                rate[pool] += per_minute * v
                work[pool] += per_minute * v * item.model.step_mean[s]
    return [(r, w / r if r > 0 else 0.0) for r, w in zip(rate, work, strict=True)]


def erlang_start(rate: float, mean: float, max_wait: float | None) -> int:
    """The smallest staff for which an M/M/c queue at this traffic meets the wait target (or, without
    one, stays at most START_UTILIZATION busy)."""
    load = rate * mean
    c = max(1, math.floor(load) + 1)
    if max_wait is None:
        return max(c, math.ceil(load / START_UTILIZATION - 1e-9))
    while erlang_c_wait(rate, mean, c) > max_wait:
        c += 1
    return c


@dataclass(frozen=True)
class Precision:
    """How sure the answer must be: the confidence of its intervals, the half-width within which a
    figure counts as at its target (the indifference zone), and the replications to spend."""

    on_time: float = 0.02  # share (on time promised and statutory, and utilization)
    wait: float = 2.0  # office minutes (without a ``Precision``, ``search_staff`` takes a fifth of the target)
    confidence: float = 0.95
    first: int = 10  # replications before the first look (Law: at least 10)
    most: int = 200  # replications a staffing gets at most

    def of(self, figure: str) -> float:
        return self.wait if figure == "wait" else self.on_time

    def to_json(self) -> dict[str, float | int]:
        return {"on_time": self.on_time, "wait_minutes": self.wait, "confidence": self.confidence,
                "first_replications": self.first, "max_replications": self.most}


# What the replications say of a figure against its target.
MEETS, MISSES, NEAR, UNDECIDED = "meets", "misses", "near", "undecided"


@dataclass(frozen=True)
class Interval:
    """A figure's mean over ``n`` replications and the half-width of its confidence interval."""

    mean: float
    half: float
    n: int

    def to_json(self) -> dict[str, float | int | None]:
        return {"mean": None if math.isnan(self.mean) else round(self.mean, 6),
                "half_width": None if math.isinf(self.half) or math.isnan(self.half) else round(self.half, 6),
                "replications": self.n}


def interval(values: Sequence[float], confidence: float) -> Interval:
    """Student's t interval on independent replications (Law 2015, §9.4.1)."""
    kept = [v for v in values if not math.isnan(v)]
    if not kept:
        return Interval(math.nan, 0.0, 0)
    mean = statistics.fmean(kept)
    if len(kept) < 2:
        return Interval(mean, math.inf, len(kept))
    from scipy.stats import t

    half = float(t.ppf((1 + confidence) / 2, len(kept) - 1)) * statistics.stdev(kept) / math.sqrt(len(kept))
    return Interval(mean, half, len(kept))


def verdict(figure: Interval, target: float, *, at_most: bool, precision: float) -> str:
    """MEETS or MISSES when the interval lies on one side of the target; NEAR when it holds the target
    and is within ``precision`` (the two cannot be told apart, and the difference does not matter);
    UNDECIDED otherwise (more replications may tell)."""
    if math.isnan(figure.mean):
        return MEETS  # no step of the pool ran: no one waited
    low, high = figure.mean - figure.half, figure.mean + figure.half
    if (high <= target) if at_most else (low >= target):
        return MEETS
    if (low > target) if at_most else (high < target):
        return MISSES
    return NEAR if figure.half <= precision else UNDECIDED


def combined(verdicts: Sequence[str]) -> str:
    """Several targets at once: missed if one is, met if all are, otherwise undecided or near."""
    if MISSES in verdicts:
        return MISSES
    if all(v == MEETS for v in verdicts):
        return MEETS
    return UNDECIDED if UNDECIDED in verdicts else NEAR


@dataclass(frozen=True)
class _Figures:
    """What one replication says of the targets: the centre's on-time shares, each pool's mean wait,
    utilization and mean queue."""

    finished: int  # cases that arrived after the warm-up and finished
    promised: float
    statutory: float
    wait: tuple[float, ...]
    busy: tuple[float, ...]
    queue: tuple[float, ...]


def _figures(run: RunStats, system: System) -> _Figures:
    """The figures of one run: the shares over the cases of every item with such a limit (as
    ``summarise_centre`` weighs the items' shares by their cases)."""
    import numpy as np

    times = CaseTimes.of(run, system)
    # the shares over the cases of every item with such a limit, on the legal clock (``sim.legal``)
    known_p, known_s = ~np.isnan(times.on_promised), ~np.isnan(times.on_statutory)
    share_promised = float(times.on_promised[known_p].mean()) if known_p.any() else math.nan
    share_statutory = float(times.on_statutory[known_s].mean()) if known_s.any() else math.nan
    span = run.end - run.start
    waits, busy, queue = [], [], []
    for p, staff in enumerate(system.pool_staff):
        steps = [s for s, q in enumerate(system.step_pool) if q == p]
        count = sum(run.step_count[s] for s in steps)
        waits.append(sum(run.step_wait[s] for s in steps) / count if count else math.nan)
        busy.append(run.lane_busy[p] / (staff * span) if staff and span > 0 else math.nan)
        queue.append(mean_queue(run, p))
    return _Figures(len(times.workdays), share_promised, share_statutory, tuple(waits), tuple(busy), tuple(queue))


@dataclass
class _Evaluations:
    """The staffings simulated so far, each with its replications (common random numbers:
    replication r of every staffing draws from the same stream), extended as a judgement needs."""

    centre: CentreModel
    base: System
    targets: Targets
    precision: Precision
    days: float
    warmup_days: float
    seed: int
    scheduler: Scheduler | None
    runs: dict[tuple[int, ...], list[RunStats]] = field(default_factory=dict)
    figures: dict[tuple[int, ...], list[_Figures]] = field(default_factory=dict)
    notes: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict)
    replications: int = 0  # run in all

    @property
    def evaluations(self) -> int:
        return len(self.runs)

    def system(self, key: tuple[int, ...]) -> System:
        return replace(self.base, pool_staff=key)

    def extend(self, key: tuple[int, ...], n: int) -> None:
        have = len(self.runs.get(key, ()))
        if n <= have:
            return
        system = self.system(key)
        (runs, notes), = replicate_many([system], days=self.days, cases=None, seed=self.seed,
                                        replications=n - have, warmup_days=self.warmup_days,
                                        scheduler=self.scheduler, first=have)
        self.runs.setdefault(key, []).extend(runs)
        self.figures.setdefault(key, []).extend(_figures(r, system) for r in runs)
        self.notes[key] = tuple(dict.fromkeys((*self.notes.get(key, ()), *notes)))
        self.replications += len(runs)

    def intervals(self, key: tuple[int, ...]) -> dict[tuple[str, int], Interval]:
        """Every figure a target names, at the confidence: ("on_time", -1), ("wait", pool), …"""
        figures, confidence = self.figures[key], self.precision.confidence
        out = {("on_time", -1): interval([f.promised for f in figures], confidence),
               ("statutory", -1): interval([f.statutory for f in figures], confidence)}
        for p in range(len(self.base.pools)):
            out[("wait", p)] = interval([f.wait[p] for f in figures], confidence)
            out[("utilization", p)] = interval([f.busy[p] for f in figures], confidence)
        return out

    def verdicts(self, key: tuple[int, ...], figures: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        shown = self.intervals(key)
        return {f: verdict(shown[f], self.target(f[0]), at_most=f[0] in ("wait", "utilization"),
                           precision=self.precision.of(f[0])) for f in figures}

    def judge(self, key: tuple[int, ...], figures: Sequence[tuple[str, int]], *, exact: bool = False,
              most: int | None = None) -> dict[tuple[str, int], str]:
        """Law's sequential procedure: add replications until every figure is decided (its interval on
        one side of its target, or within the precision) or, ``exact``, until every interval is within
        the precision; at most ``most`` (``precision.most``). How many to add comes from the replications so far
        (Law's n*: the half-width shrinks as one over the square root of the replications), at most
        doubling them at a time."""
        self.extend(key, self.precision.first)
        if not any(f.finished for f in self.figures[key]):
            raise NothingFinished(_("no case finished within the {days:g} simulated working days, so no target "
                                    "can be judged").format(days=self.days))
        while True:
            said = self.verdicts(key, figures)
            shown = self.intervals(key)
            n = len(self.runs[key])
            need = 0.0
            for f in figures:
                iv, wanted = shown[f], self.precision.of(f[0])
                if iv.n < 2 or (iv.half <= wanted if exact else said[f] != UNDECIDED):
                    continue
                enough = iv.n * (iv.half / wanted) ** 2
                if not exact:  # or enough to tell it from its target
                    gap = abs(iv.mean - self.target(f[0]))
                    enough = min(enough, iv.n * (iv.half / gap) ** 2 if gap > 0 else math.inf)
                need = max(need, enough)
            cap = most or self.precision.most
            if not need or n >= cap:
                return said
            self.extend(key, min(cap, max(n + 2, min(math.ceil(need), 2 * n))))

    def target(self, kind: str) -> float:
        value = {"on_time": self.targets.on_time, "statutory": self.targets.statutory,
                 "wait": self.targets.max_wait, "utilization": self.targets.max_utilization}[kind]
        assert value is not None
        return value


def centre_figures(targets: Targets) -> list[tuple[str, int]]:
    return [f for f, t in ((("on_time", -1), targets.on_time), (("statutory", -1), targets.statutory))
            if t is not None]


def pool_figures(targets: Targets, p: int) -> list[tuple[str, int]]:
    return [f for f, t in ((("wait", p), targets.max_wait), (("utilization", p), targets.max_utilization))
            if t is not None]


def search_staff(centre: CentreModel, targets: Targets, *, days: float = 60.0, warmup_days: float = 5.0,
                 seed: int = 0, precision: Precision | None = None,
                 scheduler: Scheduler | None = None) -> StaffingResult:
    """The smallest staff per window and department that meets ``targets``, each with the levels that
    cannot be told from it (see the module's docstring).

    With a Dask ``scheduler`` each batch of replications runs on its workers, with the same runs."""
    precision = precision or Precision(wait=targets.max_wait * WAIT_SHARE if targets.max_wait else 2.0)
    base = compile_centre(centre)
    spec = centre.centre
    searched = [p for p in base.pools if p in spec.windows or p in spec.departments]
    index = {p: base.pools.index(p) for p in searched}
    traffic = pool_traffic(base)
    start = {p: erlang_start(*traffic[index[p]], targets.max_wait) for p in searched}
    loads = {p: traffic[index[p]][0] * traffic[index[p]][1] for p in searched}
    book = _Evaluations(centre, base, targets, precision, days, warmup_days, seed, scheduler)
    log: list[str] = []
    on_centre = centre_figures(targets)

    def key_of(sizes: dict[str, int]) -> tuple[int, ...]:
        staff = list(base.pool_staff)
        for p, size in sizes.items():
            staff[index[p]] = size
        return tuple(staff)

    def centre_met(key: tuple[int, ...], said: dict[tuple[str, int], str]) -> bool:
        """The centre-wide targets met on their means (decided or near), not clearly missed."""
        shown = book.intervals(key)
        return all(said[f] == MEETS or (said[f] != MISSES and shown[f].mean >= book.target(f[0])) for f in on_centre)

    # 0. whether staff can meet the centre-wide targets at all: with every pool at most
    # CEILING_UTILIZATION busy cases hardly wait, and what is late then is late because of the work itself
    if on_centre:
        ample = {p: max(start[p], math.ceil(loads[p] / CEILING_UTILIZATION)) for p in searched}
        key = key_of(ample)
        said = book.judge(key, on_centre)
        if not centre_met(key, said):
            shown = book.intervals(key)
            missed = [_("on time (promised) {share} < {target}").format(
                share=f"{shown[f].mean:.1%}", target=f"{targets.on_time:.1%}") if f[0] == "on_time" else
                _("on time (statutory) {share} < {target}").format(
                share=f"{shown[f].mean:.1%}", target=f"{targets.statutory or 0:.1%}")
                for f in on_centre if said[f] == MISSES or said[f] != MEETS]
            return _result(centre, book, key, targets, searched, index, start,
                           {p: (ample[p], ample[p], ample[p], True) for p in searched}, False,
                           tuple(_("{missed}, even with every pool at most {share} busy: the work itself takes "
                                   "longer than the limits, staff alone cannot meet this").format(
                               missed=m, share=f"{CEILING_UTILIZATION:.0%}") for m in missed),
                           (_("ceiling: every pool at most {share} busy").format(share=f"{CEILING_UTILIZATION:.0%}"),),
                           out_of_reach=True)

    # 1. the targets of every pool (wait, utilization), all pools probed in the same simulations: each
    # pool's level is walked from its queueing-theory start until it is known where its target is
    # missed (MISSES) and where it is met (MEETS), every level between judged (NEAR or UNDECIDED)
    seen: dict[str, dict[int, tuple[str, bool]]] = {p: {} for p in searched}
    probe: dict[str, int | None] = {p: start[p] if pool_figures(targets, index[p]) else None for p in searched}

    def bounds(p: str) -> tuple[int, int | None]:
        """The largest level known to miss below the smallest known to meet (0: no staff), and that."""
        met = [c for c, (v, _m) in seen[p].items() if v == MEETS]
        high = min(met) if met else None
        low = max([0, *(c for c, (v, _m) in seen[p].items() if v == MISSES and (high is None or c < high))])
        return low, high

    def answer(p: str) -> int:
        """The smallest level whose mean meets the target, above the last level known to miss."""
        low, high = bounds(p)
        if high is None:
            return max(seen[p]) + 1 if seen[p] else start[p]
        return min(c for c, (v, mean_met) in seen[p].items() if low < c <= high and (v == MEETS or mean_met))

    def next_probe(p: str) -> int | None:
        low, high = bounds(p)
        known = seen[p]
        if high is None:
            return max(known) + 1
        below = min(c for c in known if c > low)
        return below - 1 if below - 1 > low and below - 1 not in known else None

    while any(c is not None for c in probe.values()) and book.evaluations < MAX_EVALUATIONS:
        for p in searched:  # a level at which the pool cannot keep up misses without a simulation
            level = probe[p]
            while level is not None and loads[p] >= level:
                seen[p][level] = (MISSES, False)
                level = probe[p] = next_probe(p)
        probing = [p for p in searched if probe[p] is not None]
        if not probing:
            break
        key = key_of({p: probe.get(p) or answer(p) for p in searched})
        figures = [f for p in probing for f in pool_figures(targets, index[p])]
        said = book.judge(key, figures, most=max(precision.first, precision.most // PROBE_SHARE))
        shown = book.intervals(key)
        for p in probing:
            level = probe[p]
            assert level is not None
            mine = pool_figures(targets, index[p])
            met_on_mean = all(shown[f].mean <= book.target(f[0]) or math.isnan(shown[f].mean) for f in mine)
            seen[p][level] = (combined([said[f] for f in mine]), met_on_mean)
            probe[p] = next_probe(p)
            if level > start[p] + MAX_STEPS:
                probe[p] = None
        log.append(_("simulated {staffing}: {n} replications").format(
            staffing=", ".join(f"{p} {key[index[p]]}" for p in probing), n=len(book.runs[key])))

    ranges: dict[str, tuple[int, int, bool]] = {}
    for p in searched:
        if not seen[p]:  # no target of its own: the centre-wide targets set it (step 2)
            ranges[p] = (start[p], start[p], True)
            continue
        low, high = bounds(p)
        decided = high is not None and all(v != UNDECIDED for c, (v, _m) in seen[p].items() if low < c <= high)
        ranges[p] = (low + 1, high if high is not None else answer(p), decided)
    sizes = {p: answer(p) if seen[p] else start[p] for p in searched}

    # 2. the centre-wide targets: while missed, a member more where cases wait longest in total (the
    # largest share of the delay); then, for the pools without targets of their own, a member less
    # where that keeps them, least busy first
    key = key_of(sizes)
    if on_centre:
        said = book.judge(key, on_centre)
        while not centre_met(key, said) and book.evaluations < MAX_EVALUATIONS:
            queue = {p: statistics.fmean(f.queue[index[p]] for f in book.figures[key]) for p in searched}
            worst = max(searched, key=lambda p: (queue[p], book.intervals(key)[("utilization", index[p])].mean))
            if queue[worst] <= 0:
                break  # no one waits for staff: the limits are missed by the work itself
            sizes[worst] += 1
            low, high, decided = ranges[worst]
            ranges[worst] = (low, max(high, sizes[worst]), decided)
            log.append(_("+1 {pools} ({missed})").format(pools=worst, missed=_("the centre-wide targets")))
            key = key_of(sizes)
            said = book.judge(key, on_centre)
        free = [p for p in searched if not seen[p]]
        changed = centre_met(key, said)
        while changed and book.evaluations < MAX_EVALUATIONS:
            changed = False
            for p in sorted(free, key=lambda q: book.intervals(key)[("utilization", index[q])].mean):
                if sizes[p] <= 1 or loads[p] >= sizes[p] - 1:
                    continue
                trial = {**sizes, p: sizes[p] - 1}
                tried = key_of(trial)
                verdicts = book.judge(tried, on_centre)
                low, high, decided = ranges[p]
                if centre_met(tried, verdicts):
                    sizes, key, said, changed = trial, tried, verdicts, True
                    # met only on the mean: the level above cannot be told from it either
                    ranges[p] = (min(low, sizes[p]), high if combined(list(verdicts.values())) == MEETS
                                 else max(high, sizes[p] + 1), decided)
                    log.append(f"-1 {p}")
                elif combined(list(verdicts.values())) != MISSES:
                    ranges[p] = (min(low, sizes[p] - 1), high, decided and UNDECIDED not in verdicts.values())
                if book.evaluations >= MAX_EVALUATIONS:
                    break
        for p in free:
            low, high, decided = ranges[p]
            ranges[p] = (min(low, sizes[p]), max(high, sizes[p]), decided)

    # 3. a pool whose level below its answer was passed over on a probe's few replications (its interval
    # wider than the precision) has that level judged again on all of them, beside the others' answers:
    # the answer is the smallest level whose mean meets the target at the precision, not on a probe's luck
    doubtful = [p for p in searched if seen[p] and ranges[p][0] <= sizes[p] - 1
                and seen[p].get(sizes[p] - 1, (UNDECIDED, False))[0] == UNDECIDED]
    if doubtful and book.evaluations < MAX_EVALUATIONS:
        trial = {**sizes, **{p: sizes[p] - 1 for p in doubtful}}
        tried = key_of(trial)
        verdicts = book.judge(tried, [f for p in doubtful for f in pool_figures(targets, index[p])])
        shown = book.intervals(tried)
        for p in doubtful:
            mine = pool_figures(targets, index[p])
            judged = combined([verdicts[f] for f in mine])
            low, high, decided = ranges[p]
            if judged == MISSES:
                ranges[p] = (sizes[p], high, decided)
            elif judged != UNDECIDED and all(shown[f].mean <= book.target(f[0]) for f in mine):
                sizes[p] -= 1
                ranges[p] = (low, sizes[p] if judged == MEETS else high, decided)
                log.append(f"-1 {p}")

    # 4. the answer simulated until every figure a target names is within its precision
    everything = [*on_centre, *(f for p in searched for f in pool_figures(targets, index[p]))]
    # the pools were judged beside the others' probes: where a pool's target is missed beside the
    # others' answers (on the mean), it gets a member more. Judged first as a probe is, then, when
    # no pool is over, on all the replications the precision needs (the same runs, extended)
    cap = max(precision.first, precision.most // PROBE_SHARE)
    exact = False
    said = book.judge(key, everything, most=cap) if everything else {}
    while everything and book.evaluations < MAX_EVALUATIONS:
        shown = book.intervals(key)
        # over: missed with confidence, or over on the mean at the precision (or with every replication);
        # an interval still wider than the precision gets more replications, not a member more
        over = [p for p in searched if any(
            said[f] == MISSES or (shown[f].mean > book.target(f[0])
                                  and (said[f] == NEAR or (exact and said[f] != MEETS)))
            for f in pool_figures(targets, index[p]))]
        if not over:
            if exact:
                break
            exact = True
            said = book.judge(key, everything, exact=True)
            continue
        for p in over:
            sizes[p] += 1
            low, high, decided = ranges[p]
            ranges[p] = (low, max(high, sizes[p]), decided)
        log.append(_("+1 {pools} (wait)").format(pools=", ".join(over)))
        key = key_of(sizes)
        said = book.judge(key, everything, exact=exact, most=None if exact else cap)
    if everything and not exact:  # stopped by MAX_EVALUATIONS: the answer still gets its precision
        said = book.judge(key, everything, exact=True)
    for p in searched:  # an answer only near its target beside the others' answers: the level above may be needed
        pool_said = [said[f] for f in pool_figures(targets, index[p])]
        if pool_said and combined(pool_said) != MEETS:
            low, high, decided = ranges[p]
            ranges[p] = (low, max(high, sizes[p] + 1), decided)
    met = all(v != MISSES for v in said.values()) and (not on_centre or centre_met(key, said))
    shown = book.intervals(key)
    misses_text = tuple(
        _("{pool}: over the wait or utilization target").format(pool=p) for p in searched
        if any(said.get(f) == MISSES for f in pool_figures(targets, index[p])))
    if on_centre and not centre_met(key, said):
        misses_text = (*(_("on time (promised) {share} < {target}").format(
            share=f"{shown[f].mean:.1%}", target=f"{targets.on_time:.1%}") if f[0] == "on_time" else
            _("on time (statutory) {share} < {target}").format(
                share=f"{shown[f].mean:.1%}", target=f"{targets.statutory or 0:.1%}") for f in on_centre),
            *misses_text)
    return _result(centre, book, key, targets, searched, index, start,
                   {p: (sizes[p], *ranges[p][:2], ranges[p][2]) for p in searched}, met, misses_text, tuple(log))


MAX_STEPS = 40  # levels a pool's walk may climb above its start
# a probe gets at most an eighth of the replications: it finds where a target lies; the answer gets them all
PROBE_SHARE = 8


def _result(centre: CentreModel, book: _Evaluations, key: tuple[int, ...], targets: Targets, searched: list[str],
            index: dict[str, int], start: dict[str, int], answers: dict[str, tuple[int, int, int, bool]],
            met: bool, missed: tuple[str, ...], log: tuple[str, ...], *, out_of_reach: bool = False) -> StaffingResult:
    system = book.system(key)
    result = summarise_centre(centre, system, book.runs[key], seed=book.seed, days=book.days, cases=None,
                              warmup_days=book.warmup_days, notes=book.notes[key])
    shown = book.intervals(key)
    precision = book.precision
    rows = []
    for p in searched:
        size, low, high, _judged = answers[p]
        kpi = result.pool(p)
        wait, busy = shown[("wait", index[p])], shown[("utilization", index[p])]
        # decided: the answer's figures within the precision (the precision is the promise, even where
        # a wider interval already lies below the target)
        within = all(shown[f].half <= precision.of(f[0]) for f in pool_figures(targets, index[p]))
        rows.append(PoolRow(p, kpi.name, kpi.kind, book.base.pool_staff[index[p]], start[p], size, kpi.utilization,
                            kpi.mean_wait, low=low, high=high, decided=within,
                            wait=wait, busy=busy))
    return StaffingResult(
        centre.code, centre.name, targets, met, missed, book.evaluations, book.days, len(book.runs[key]), tuple(rows),
        result.on_time_promised, result.on_time_statutory, result.cycle_time_workdays.mean, log,
        out_of_reach=out_of_reach, precision=precision, seed=book.seed, total_replications=book.replications,
        on_time=shown[("on_time", -1)], statutory=shown[("statutory", -1)])


def sweep_staff(centre: CentreModel, pool: str, sizes: Sequence[int], *, days: float = 60.0, replications: int = 3,
                warmup_days: float = 5.0, seed: int = 0, targets: Targets | None = None,
                scheduler: Scheduler | None = None, progress: Callable[[float], None] | None = None) -> SweepResult:
    """The KPIs of the centre for each size of one pool, every other pool as in the file.

    With a Dask ``scheduler`` every replication of every size is a task on its workers, all at once;
    each size's results are then summarised here, in order, as without one. ``progress`` hears of the
    share of those runs done."""
    base = compile_centre(centre)
    p = base.pools.index(pool)
    rows: list[SweepRow] = []
    refused: list[int] = []
    searched = [q for q in base.pools if q in centre.centre.windows or q in centre.centre.departments]
    systems: dict[int, System] = {}
    for size in sizes:
        staff = list(base.pool_staff)
        staff[p] = size
        system = replace(base, pool_staff=tuple(staff))
        if pool_load(system)[p] >= 1:
            refused.append(size)
            continue
        systems[size] = system
    ran = dict(zip(systems, replicate_many(list(systems.values()), days=days, cases=None, seed=seed,
                                           replications=replications, warmup_days=warmup_days,
                                           scheduler=scheduler, progress=None if progress is None else (
                                               lambda done: progress(done / (len(systems) * replications)))),
                   strict=True)) if scheduler is not None and systems else {}
    for size, system in systems.items():
        if size in ran:
            runs, notes = ran[size]
            result = summarise_centre(centre, system, runs, seed=seed, days=days, cases=None,
                                      warmup_days=warmup_days, notes=notes)
        else:
            result = simulate_centre(centre, days=days, seed=seed, replications=replications,
                                     warmup_days=warmup_days, system=system)
        kpi = result.pool(pool)
        met = misses(result, targets, searched).met if targets is not None else None
        rows.append(SweepRow(size, kpi.utilization, kpi.mean_wait, result.on_time_promised, result.on_time_statutory,
                             result.cycle_time_workdays.mean, met))
    return SweepResult(centre.code, centre.name, pool, centre.pool_name(pool), days, replications, tuple(rows),
                       tuple(refused))
