"""How many staff each window and department needs: a search over staffing levels by simulation.

0. Check that staff can meet the centre-wide on-time targets at all: simulate with every pool at
   most 30 % busy; if the targets are missed even then, the work itself is longer than the limits and
   the answer says so instead of adding staff that cannot help.
1. Start near the answer with queueing theory: each pool alone as an M/M/c queue at its offered load
   (arrivals × visits × mean durations of the steps it serves), the smallest c whose Erlang C wait is
   within ``max_wait`` (without a wait target: whose utilization is at most 85 %).
2. Simulate the whole centre (shared pools, office hours, the real duration distributions) and, while
   a target is missed, add one member to the pool where cases wait longest in total (the largest
   share of the delay), or to the pools over a wait or utilization target.
3. Then try taking one member from each pool, least busy first, keeping every removal after which
   the targets still hold, until none can go.

Every evaluation uses the same seeds (common random numbers), so two staffings are compared on the
same arrivals and durations, and a target counts as met when the mean over the replications meets it.
The answer is a local minimum: no pool can lose a member without missing a target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..i18n import _
from ..language.centre_loader import CentreModel
from ..parallel import Scheduler
from ..sim.engine import NothingFinished, System, pool_load, visits
from ..sim.kpis import Estimate
from ..sim.queueing import erlang_c_wait
from ..sim.replicate import replicate_many
from .simulate import CentreResult, compile_centre, simulate_centre, summarise_centre

START_UTILIZATION = 0.85
CEILING_UTILIZATION = 0.3  # staff so ample that hardly anyone waits: what staffing can achieve at best
MAX_EVALUATIONS = 60


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

    def to_json(self) -> dict[str, Any]:
        return {"pool": self.pool, "name": self.name, "kind": self.kind, "in_file": self.given,
                "erlang_c_start": self.start, "staff": self.staff, "utilization": self.utilization.to_json(),
                "mean_wait_minutes": self.mean_wait.to_json()}


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

    @property
    def total(self) -> int:
        return sum(r.staff for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {"centre": self.centre, "name": self.name, "targets": self.targets.to_json(), "met": self.met,
                "misses": list(self.misses), "evaluations": self.evaluations,
                "evaluation": {"days": self.days, "replications": self.replications},
                "staff": {r.pool: r.staff for r in self.rows}, "total_staff": self.total,
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


def search_staff(centre: CentreModel, targets: Targets, *, days: float = 60.0, replications: int = 3,
                 warmup_days: float = 5.0, seed: int = 0, scheduler: Scheduler | None = None) -> StaffingResult:
    """The smallest staff per window and department that meets ``targets`` (see the module's docstring).

    Each evaluation depends on the one before, so with a Dask ``scheduler`` it is the replications of
    every evaluation that run on the workers."""
    base = compile_centre(centre)
    spec = centre.centre
    searched = [p for p in base.pools if p in spec.windows or p in spec.departments]
    index = {p: base.pools.index(p) for p in searched}
    traffic = pool_traffic(base)
    staff = list(base.pool_staff)
    start = {p: erlang_start(*traffic[index[p]], targets.max_wait) for p in searched}
    for p in searched:
        staff[index[p]] = start[p]
    log: list[str] = []
    evaluations = 0
    cache: dict[tuple[int, ...], CentreResult] = {}

    def evaluate(sizes: list[int]) -> CentreResult | None:
        nonlocal evaluations
        key = tuple(sizes)
        if key not in cache:
            system = replace(base, pool_staff=key)
            if any(load >= 1 for load in pool_load(system)):
                return None
            evaluations += 1
            cache[key] = simulate_centre(centre, days=days, seed=seed, replications=replications,
                                         warmup_days=warmup_days, system=system, scheduler=scheduler)
        return cache[key]

    # first, whether staff can meet the centre-wide targets at all: with every pool at most
    # CEILING_UTILIZATION busy cases hardly wait, and what is late then is late because of the work itself
    if targets.on_time is not None or targets.statutory is not None:
        ample = list(staff)
        for p in searched:
            ample[index[p]] = max(staff[index[p]], math.ceil(traffic[index[p]][0] * traffic[index[p]][1]
                                                             / CEILING_UTILIZATION))
        ceiling = evaluate(ample)
        if ceiling is not None and misses(ceiling, targets, []).centre:
            missed = misses(ceiling, targets, []).centre
            rows = tuple(PoolRow(p, ceiling.pool(p).name, ceiling.pool(p).kind, base.pool_staff[index[p]], start[p],
                                 ample[index[p]], ceiling.pool(p).utilization, ceiling.pool(p).mean_wait)
                         for p in searched)
            return StaffingResult(
                centre.code, centre.name, targets, False,
                tuple(_("{missed}, even with every pool at most {share} busy: the work itself takes longer than "
                        "the limits, staff alone cannot meet this").format(missed=m, share=f"{CEILING_UTILIZATION:.0%}")
                      for m in missed),
                evaluations, days, replications, rows, ceiling.on_time_promised, ceiling.on_time_statutory,
                ceiling.cycle_time_workdays.mean, (
                    _("ceiling: every pool at most {share} busy").format(share=f"{CEILING_UTILIZATION:.0%}"),),
                out_of_reach=True)

    # phase 1: add staff until every target holds
    result = evaluate(staff)
    while True:
        if result is None:  # a pool cannot keep up at all: give the most loaded one a member
            loads = pool_load(replace(base, pool_staff=tuple(staff)))
            worst = max(searched, key=lambda p: loads[index[p]])
            staff[index[worst]] += 1
            log.append(_("+1 {pool} (overloaded)").format(pool=worst))
            result = evaluate(staff)
            continue
        missed = misses(result, targets, searched)
        if missed.met or evaluations >= MAX_EVALUATIONS:
            break
        grow = list(missed.pools)
        if missed.centre:
            # the pool whose queue holds cases longest in total is the largest share of the delay
            delay = {p: result.pool(p).mean_queue.mean for p in searched}
            worst = max(searched, key=lambda p: (delay[p], result.pool(p).utilization.mean))
            if worst not in grow and delay[worst] > 0:
                grow.append(worst)
            if not grow:
                break  # no one waits for staff: the limits are missed by the work itself, not the staffing
        for p in grow:
            staff[index[p]] += 1
        log.append(_("+1 {pools} ({missed})").format(pools=", ".join(grow), missed="; ".join(missed.centre))
                   if missed.centre else _("+1 {pools} (wait)").format(pools=", ".join(grow)))
        result = evaluate(staff)

    # phase 2: take away what is not needed, least busy pools first
    if result is not None and misses(result, targets, searched).met:
        changed = True
        while changed and evaluations < MAX_EVALUATIONS:
            changed = False
            order = sorted(searched, key=lambda p: result.pool(p).utilization.mean)
            for p in order:
                if staff[index[p]] <= 1:
                    continue
                trial = list(staff)
                trial[index[p]] -= 1
                tried = evaluate(trial)
                if tried is not None and misses(tried, targets, searched).met:
                    staff, result, changed = trial, tried, True
                    log.append(f"-1 {p}")
                if evaluations >= MAX_EVALUATIONS:
                    break

    assert result is not None
    final = misses(result, targets, searched)
    rows = tuple(PoolRow(p, result.pool(p).name, result.pool(p).kind,
                         base.pool_staff[index[p]], start[p], staff[index[p]], result.pool(p).utilization,
                         result.pool(p).mean_wait) for p in searched)
    return StaffingResult(centre.code, centre.name, targets, final.met, final.centre + tuple(
        _("{pool}: over the wait or utilization target").format(pool=p) for p in final.pools), evaluations, days,
        replications, rows,
        result.on_time_promised, result.on_time_statutory, result.cycle_time_workdays.mean, tuple(log))


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
