"""The results of a simulation, of one process or of a centre, over replications with 95 %
confidence intervals, and ``simulate`` for one process.

Every figure is an ``Estimate``: the mean over the replications and, with two or more, the
half-width of its 95 % confidence interval (Student t on the replication means: replications are
independent, the cases within one run are not). ``Kpis`` holds what every simulation reports and
``PoolKpi`` a staff pool, a process's lane or a centre's window or department; ``SimulationResult``
adds a process's steps and outcomes (``centre.simulate.CentreResult`` a centre's items and
departments). The runs themselves come from ``replicate.replicate``.
"""

from __future__ import annotations

import datetime
import math
import statistics
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from ..language.calendar import CalendarData, WorkCalendar
from ..language.legal_clock import limits_of
from ..language.types import Process
from ..parallel import Scheduler
from .engine import Model, RunStats, System, compile_model, offered_load, pool_load, single, visits
from .lateness import StepTime, of_run
from .legal import LegalTimes, judge_run
from .replicate import LANES, replicate

if TYPE_CHECKING:
    from .backlog import Backlog

# Without a `simulation:` section, arrivals load the busiest lane to this level.
DEFAULT_LOAD = 0.7

# Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)


def t_quantile(df: int) -> float:
    """The 97.5 % quantile of Student's t (a table to 30, then the Cornish–Fisher series, < 1e-4 off)."""
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Estimate:
    mean: float
    ci: float | None = None  # half-width of the 95 % confidence interval

    @classmethod
    def of(cls, values: list[float]) -> Estimate:
        values = [v for v in values if not math.isnan(v)]
        if not values:
            return cls(math.nan)
        mean = statistics.fmean(values)
        if len(values) < 2:
            return cls(mean)
        return cls(mean, t_quantile(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values)))

    def contains(self, value: float) -> bool:
        return self.ci is not None and abs(self.mean - value) <= self.ci

    def to_json(self) -> dict[str, float | None] | float | None:
        mean = None if math.isnan(self.mean) else round(self.mean, 6)
        return mean if self.ci is None else {"mean": mean, "ci95": round(self.ci, 6)}


@dataclass(frozen=True)
class Summary:
    """The distribution of a time over cases: mean and percentiles, each an estimate over replications."""

    NAMES: ClassVar[tuple[str, ...]] = ("mean", "p50", "p90", "p95", "max")

    mean: Estimate
    p50: Estimate
    p90: Estimate
    p95: Estimate
    max: Estimate

    @classmethod
    def of(cls, samples: list[list[float]]) -> Summary:
        per_run = [_describe(s) for s in samples]
        return cls(*(Estimate.of([r[i] for r in per_run]) for i in range(5)))

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name).to_json() for name in self.NAMES}


@dataclass(frozen=True)
class PoolKpi:
    """A staff pool: a process's lane, or a centre's shared window or department."""

    pool: str
    name: str
    kind: str  # a lane's kind; in a centre: window, department, or item (a lane the centre does not staff)
    staff: int
    offered_load: float
    utilization: Estimate
    mean_queue: Estimate  # cases waiting for this pool's staff, averaged over office time
    max_queue: Estimate
    queue_by_hour: tuple[float, ...] = ()  # mean queue in each hour of the office day (all replications)
    queue_per_workday: tuple[float, ...] = ()  # first replication: mean queue of each working day
    mean_wait: Estimate = Estimate(math.nan)  # office minutes a step waits for this pool's staff, per execution

    @property
    def lane(self) -> str:
        """The lane's id, for a process (whose pools are its lanes)."""
        return self.pool

    @property
    def peak_hour(self) -> int | None:
        """The hour of the office day (1-based) with the longest mean queue; None when nobody waits."""
        if not self.queue_by_hour or max(self.queue_by_hour) <= 0:
            return None
        return max(range(len(self.queue_by_hour)), key=self.queue_by_hour.__getitem__) + 1

    def to_json(self) -> dict[str, Any]:
        return {"pool": self.pool, "name": self.name, "kind": self.kind, "staff": self.staff,
                "offered_load": round(self.offered_load, 6), "utilization": self.utilization.to_json(),
                "mean_queue": self.mean_queue.to_json(), "max_queue": self.max_queue.to_json(),
                "queue_by_hour": [round(q, 4) for q in self.queue_by_hour], "peak_hour": self.peak_hour,
                "mean_wait_minutes": self.mean_wait.to_json()}

    def lane_json(self) -> dict[str, Any]:
        """A process's lane, with the keys its JSON has always had."""
        return {"lane": self.pool, "name": self.name, "staff": self.staff, "offered_load": round(self.offered_load, 6),
                "utilization": self.utilization.to_json(), "mean_queue": self.mean_queue.to_json(),
                "max_queue": self.max_queue.to_json(),
                "queue_by_hour": [round(q, 4) for q in self.queue_by_hour],
                "queue_per_workday": [round(q, 4) for q in self.queue_per_workday]}


@dataclass(frozen=True)
class StepKpi:
    step: str
    name: str
    lane: str
    visits: float  # expected executions per case
    waiting_minutes: Estimate  # mean per execution, in office minutes
    working_minutes: Estimate

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "name": self.name, "lane": self.lane, "visits": round(self.visits, 6),
                "waiting_minutes": self.waiting_minutes.to_json(), "working_minutes": self.working_minutes.to_json()}


@dataclass(frozen=True, kw_only=True)
class Kpis:
    """What every simulation reports, of one process or of a centre's items together."""

    code: str  # the process's or the centre's code
    name: str
    file: str
    seed: int
    replications: int
    days: float | None
    cases: int | None
    warmup_days: float
    per_workday: float  # arrivals per working day (all items together)
    warnings: tuple[str, ...]
    arrived: int  # summed over replications
    completed: int
    in_progress: int
    throughput_per_workday: Estimate
    cycle_time_workdays: Summary
    on_time_promised: Estimate | None
    on_time_statutory: Estimate | None
    wip_mean: Estimate
    wip_series: tuple[tuple[float, int], ...]  # first replication: (working day, cases in progress)
    pools: tuple[PoolKpi, ...]
    backlog: Backlog | None = None  # a run by working days: the backlog week by week (see ``backlog``)

    @property
    def overloaded(self) -> tuple[str, ...]:
        """The pools that cannot keep up (offered load 1 or more): the run has no steady state."""
        return tuple(p.pool for p in self.pools if p.staff and p.offered_load >= 1)

    def pool(self, pool: str) -> PoolKpi:
        return next(p for p in self.pools if p.pool == pool)

    @property
    def bottlenecks(self) -> tuple[PoolKpi, ...]:
        """Staffed pools, busiest first."""
        staffed = [p for p in self.pools if p.staff]
        return tuple(sorted(staffed, key=lambda p: (-p.utilization.mean, -p.mean_queue.mean, p.pool)))

    def run_json(self, key: str, **parameters: Any) -> dict[str, Any]:
        """The JSON every simulation starts with, the code under ``key``: what ran, how, and its totals."""
        return {
            key: self.code, "name": self.name, "file": self.file,
            "parameters": {"seed": self.seed, "replications": self.replications, "days": self.days,
                           "cases": self.cases, "warmup_days": self.warmup_days, "per_workday": self.per_workday,
                           **parameters},
            "warnings": list(self.warnings),
            "arrived": self.arrived, "completed": self.completed, "in_progress": self.in_progress,
            "throughput_per_workday": self.throughput_per_workday.to_json(),
            "cycle_time_workdays": self.cycle_time_workdays.to_json(),
        }

    def on_time_json(self) -> dict[str, Any]:
        return {"promised": self.on_time_promised.to_json() if self.on_time_promised else None,
                "statutory": self.on_time_statutory.to_json() if self.on_time_statutory else None}

    def utilization_json(self) -> dict[str, Any]:
        return {p.pool: p.utilization.to_json() for p in self.pools if p.staff}

    def wip_json(self) -> dict[str, Any]:
        return {"mean": self.wip_mean.to_json(), "per_workday": [[round(d, 3), n] for d, n in self.wip_series]}


@dataclass(frozen=True, kw_only=True)
class SimulationResult(Kpis):
    """One process: its pools are its lanes; per step the waiting and working times."""

    defaults_used: bool  # no `simulation:` section: the arrival rate was chosen by the simulator
    cycle_time_days: Summary
    steps: tuple[StepKpi, ...]
    outcomes: dict[str, float]  # share of finished cases per end outcome
    cycle_time_samples: tuple[float, ...] = ()  # first replication: each finished case's working days
    # first replication: each finished case's working days on the legal clock (what the limits count)
    clock_time_samples: tuple[float, ...] = ()
    # the promised and statutory limits in working days (None: the file gives none), for the histogram
    limit_workdays: dict[str, float | None] = field(default_factory=dict)
    # first replication: where the late cases' time went, per limit (``lateness.of_run``)
    lateness: dict[str, tuple[StepTime, ...]] = field(default_factory=dict)
    # first replication (the one ``--log`` writes): the cases past each limit, judged as ``conform``
    # judges that log (``sim.legal``)
    late_cases: dict[str, int] = field(default_factory=dict)

    @property
    def process(self) -> str:
        """The process's code."""
        return self.code

    @property
    def lanes(self) -> tuple[PoolKpi, ...]:
        return self.pools

    def step(self, step_id: str) -> StepKpi:
        return next(s for s in self.steps if s.step == step_id)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.run_json("process", defaults_used=self.defaults_used),
            "cycle_time_days": self.cycle_time_days.to_json(),
            "on_time_rate": self.on_time_json(),
            "utilization": self.utilization_json(),
            "waiting_time": {s.step: s.waiting_minutes.to_json() for s in self.steps},
            "working_time": {s.step: s.working_minutes.to_json() for s in self.steps},
            "lanes": [lane.lane_json() for lane in self.lanes],
            "steps": [s.to_json() for s in self.steps],
            "bottlenecks": [lane.lane for lane in self.bottlenecks],
            "wip": self.wip_json(),
            "outcomes": {k: round(v, 6) for k, v in self.outcomes.items()},
            "cycle_time_histogram": self.histogram_json(),
            "backlog": self.backlog.to_json() if self.backlog else None,
            "lateness": {kind: [t.to_json() for t in times] for kind, times in self.lateness.items()},
            "late_cases": {"replication": 1, **self.late_cases},
        }

    def histogram_json(self, bins: int = 24) -> dict[str, Any]:
        """The first replication's cases on the legal clock (what the limits count; the cycle time where
        there is no clock time) in ``bins`` equal bins of working days from 0 to past the largest of the
        times and the limits, with the limits, so that a client can draw the histogram against them."""
        clock = bool(self.clock_time_samples)
        samples = self.clock_time_samples or self.cycle_time_samples
        limits = {k: None if v is None else round(v, 6) for k, v in self.limit_workdays.items()}
        top = max([*samples, *(v for v in limits.values() if v is not None), 0.0]) * 1.05 or 1.0
        width = top / bins
        counts = [0] * bins
        for value in samples:
            counts[min(int(max(value, 0.0) / width), bins - 1)] += 1
        return {"basis": "legal-clock" if clock else "cycle-time", "unit": "workdays", "cases": len(samples),
                "edges": [round(i * width, 6) for i in range(bins + 1)], "counts": counts, "limits": limits}


def simulate(process: Process, *, days: float | None = None, cases: int | None = None, seed: int = 0,
             replications: int = 1, warmup_days: float = 0.0, record: list | None = None,
             progress: Callable[[float], None] | None = None, scheduler: Scheduler | None = None,
             calendar: CalendarData | None = None, overload: bool = False,
             clear_by: datetime.date | None = None, lateness: bool = True,
             with_backlog: bool = True) -> SimulationResult:
    """Simulate ``process`` ``replications`` times on its own lanes; stop by ``days`` (working days
    after the warm-up) or by ``cases`` (cases that arrived after the warm-up, run until they finish).

    ``record``, when given, receives the step executions of the first replication (see ``engine.run``);
    ``progress``, when given, is called with the number of replications done so far (a fraction
    during a run, updated every simulated working day). With a Dask ``scheduler`` the replications
    run on its workers, with the same results (see ``replicate``). ``calendar``: a calendar file's
    data instead of the one the process names.

    ``overload``: run by ``days`` even when a lane cannot keep up (else refused); a run by days
    reports its ``backlog`` week by week, with the staff that would clear it by ``clear_by``
    (``with_backlog=False``: not, for a caller that needs only the other figures, such as the
    ``capacity`` rules: the weekly backlog is about a third of a short run's time).

    ``lateness``: find where the late cases' time went (``SimulationResult.lateness``), which needs
    the first replication's step executions recorded (about 8 % of the run's time); without it, and
    without ``record``, they are not recorded and ``lateness`` is empty."""
    model = compile_model(process, WorkCalendar.of(process, calendar))
    if model.defaults_used:
        model = replace(model, per_workday=default_rate(model))
    system = single(model)
    # the first replication's step executions, for where its late cases' time went
    executions: Any = record if record is not None else Executions() if lateness else None
    runs, notes = replicate(system, days=days, cases=cases, seed=seed, replications=replications,
                            warmup_days=warmup_days, wording=LANES, record=executions, progress=progress,
                            scheduler=scheduler, overload=overload)
    result, legal = _summarise(model, system, runs, seed=seed, days=days, cases=cases, warmup_days=warmup_days,
                               notes=notes)
    result = replace(result, lateness=late_time(model, runs[0], executions, legal) if executions is not None else {})
    if days is None or not with_backlog:
        return result
    from .backlog import backlog

    return replace(result, backlog=backlog(system, runs, clear_by=clear_by))


class Executions:
    """The step executions ``engine.run`` records, five numbers each in one flat array of floats (a run
    of 100,000 cases has over a million, 40 bytes each; ``append`` is the array's own ``extend``)."""

    def __init__(self) -> None:
        self.data = array("d")
        self.append = self.data.extend

    def extend(self, executions: Any) -> None:
        for execution in executions:
            self.data.extend(execution)


def late_time(model: Model, run: RunStats, executions: Any, legal: LegalTimes) -> dict[str, tuple[StepTime, ...]]:
    """Where the time of the run's cases past the promised, the statutory or the delivery limit went,
    in the windows of the legal clock (``sim.legal``: acceptance to the end, to the decision, the
    decision to delivery)."""
    if not len(run.case_id):
        return {}
    record = executions.data if isinstance(executions, Executions) else executions
    late = {kind: legal.late(kind) for kind in legal.late_counts()}
    return of_run(record, run.case_id, late, legal.start, legal.stop, list(model.steps), model.step_off_clock,
                  model.calendar.day_minutes)


def default_rate(model: Model) -> float:
    """Arrivals per working day for a process without a `simulation:` section: the rate that keeps its
    busiest lane DEFAULT_LOAD busy (the model's own rate when no lane takes staff)."""
    loads = offered_load(model)
    busiest = max(loads) if loads else 0.0
    return DEFAULT_LOAD * model.per_workday / busiest if busiest > 0 else model.per_workday


def totals(runs: list[RunStats], times: list[CaseTimes], day: float) -> dict[str, Any]:
    """The figures of ``Kpis`` that every simulation computes the same way, as keyword arguments."""
    return {
        "replications": len(runs), "arrived": sum(r.arrived for r in runs),
        "completed": sum(r.completed for r in runs), "in_progress": sum(r.in_progress for r in runs),
        "throughput_per_workday": Estimate.of([r.completed_after_warmup * day / (r.end - r.start)
                                               if r.end > r.start else math.nan for r in runs]),
        "cycle_time_workdays": Summary.of([c.workdays for c in times]),
        "wip_mean": Estimate.of([r.wip_area / (r.end - r.start) if r.end > r.start else math.nan for r in runs]),
        "wip_series": tuple(runs[0].wip_series),
    }


def pool_kpis(runs: list[RunStats], *, pools: Sequence[str], names: Sequence[str], kinds: Sequence[str],
              staff: Sequence[int], loads: Sequence[float], step_pool: Sequence[int],
              day: float) -> tuple[PoolKpi, ...]:
    """Every pool's utilization, queues and waits over the runs (``step_pool``: each step's pool)."""
    def wait(r: RunStats, pool: int) -> float:
        steps = [s for s, p in enumerate(step_pool) if p == pool]
        count = sum(r.step_count[s] for s in steps)
        return sum(r.step_wait[s] for s in steps) / count if count else math.nan

    return tuple(
        PoolKpi(pool, names[p], kinds[p], staff[p], loads[p],
                Estimate.of([r.lane_busy[p] / (staff[p] * (r.end - r.start)) if staff[p] and r.end > r.start
                             else math.nan for r in runs]),
                Estimate.of([mean_queue(r, p) for r in runs]), Estimate.of([float(r.queue_max[p]) for r in runs]),
                queue_by_hour(runs, p, day), tuple(runs[0].queue_daily[p]),
                Estimate.of([wait(r, p) for r in runs]))
        for p, pool in enumerate(pools))


def _summarise(model: Model, system: System, runs: list[RunStats], *, seed: int, days: float | None,
               cases: int | None, warmup_days: float, notes: tuple[str, ...]) -> tuple[SimulationResult, LegalTimes]:
    """The result of ``runs``, and the first replication's cases judged on the legal clock."""
    process = model.process
    day = model.calendar.day_minutes
    times = [CaseTimes.of(r, system) for r in runs]
    on_promised, on_statutory = on_time_rates(times, process, day)
    # a lane's waits are its steps' even where it takes no staff, so steps map to lanes, not to pools
    lanes = pool_kpis(runs, pools=model.lanes, names=model.lane_names,
                      kinds=[process.lanes[lane].kind for lane in model.lanes], staff=model.lane_staff,
                      loads=pool_load(system), step_pool=model.step_lane, day=day)
    v = visits(model)
    steps = tuple(
        StepKpi(step, model.step_names[s], model.lanes[model.step_lane[s]], v[s],
                Estimate.of([r.step_wait[s] / r.step_count[s] if r.step_count[s] else math.nan for r in runs]),
                Estimate.of([r.step_work[s] / r.step_count[s] if r.step_count[s] else math.nan for r in runs]))
        for s, step in enumerate(model.steps))
    outcomes: dict[str, int] = {}
    for r in runs:
        for k, n in r.outcomes[0].items():
            outcomes[k] = outcomes.get(k, 0) + n
    finished = sum(outcomes.values()) or 1
    legal = times[0].legal
    assert legal is not None
    return SimulationResult(
        code=process.code, name=process.name, file=process.file, seed=seed, days=days, cases=cases,
        warmup_days=warmup_days, per_workday=model.per_workday, defaults_used=model.defaults_used,
        warnings=notes, **totals(runs, times, day),
        cycle_time_days=Summary.of([c.days for c in times]),
        on_time_promised=on_promised, on_time_statutory=on_statutory, pools=lanes, steps=steps,
        outcomes={k: n / finished for k, n in sorted(outcomes.items())},
        cycle_time_samples=tuple(times[0].workdays.tolist()), clock_time_samples=tuple(times[0].clock.tolist()),
        limit_workdays=limit_workdays(process, day),
        late_cases=legal.late_counts(),
    ), legal



def limit_workdays(process: Process, day: float) -> dict[str, float | None]:
    """The promised and statutory limits in working days (an on-the-spot promise: 1, the working day
    of arrival), for the histogram of the office-time figures."""
    limits = limits_of(process, day)
    return {"promised": None if limits.promised is None else 1.0 if limits.on_the_spot else limits.promised.days,
            "statutory": None if limits.statutory is None else limits.statutory.days}


@dataclass(frozen=True)
class CaseTimes:
    """The finished cases of one run (arrived after the warm-up) as numpy arrays, in working days, with
    each limit's verdict on the legal clock (``sim.legal``)."""

    item: Any
    workdays: Any  # cycle time
    clock: Any  # the office-time figure: cycle time less Art. 45 and the applicant's time
    days: Any  # cycle time in calendar days
    same_day: Any  # finished on the working day of arrival
    on_promised: Any  # 1.0 within the promised limit, 0.0 past it, NaN: no such limit (or never accepted)
    on_statutory: Any  # the same for the statutory decision limit
    legal: LegalTimes | None = None

    @classmethod
    def of(cls, r: RunStats, system: System) -> CaseTimes:
        import numpy as np

        day = system.calendar.day_minutes
        arrival, end = np.asarray(r.case_arrival, dtype=float), np.asarray(r.case_end, dtype=float)
        same = (np.floor(end / day) == np.floor(arrival / day)) | (end == arrival)
        legal = judge_run(r, system)
        return cls(np.asarray(r.case_item, dtype=np.int64), (end - arrival) / day,
                   (end - arrival - np.asarray(r.case_off, dtype=float)) / day, np.asarray(r.cycle_days, dtype=float),
                   same, legal.on_time["late-promised"], legal.on_time["late-statutory"], legal)

    def of_item(self, i: int) -> CaseTimes:
        mask = self.item == i
        return CaseTimes(self.item[mask], self.workdays[mask], self.clock[mask], self.days[mask], self.same_day[mask],
                         self.on_promised[mask], self.on_statutory[mask])


def _nanshare(values: Any) -> float:
    import numpy as np

    known = values[~np.isnan(values)]
    return float(known.mean()) if len(known) else math.nan


def on_time_rates(times: list[CaseTimes], process: Process, day: float) -> tuple[Estimate | None, Estimate | None]:
    """The shares of cases within the promised and within the statutory limit, judged on the legal
    clock (``language.legal_clock``); None where the item has no such limit."""
    limits = limits_of(process, day)
    on_promised = None if limits.promised is None else Estimate.of([_nanshare(c.on_promised) for c in times])
    on_statutory = None if limits.statutory is None else Estimate.of([_nanshare(c.on_statutory) for c in times])
    return on_promised, on_statutory


def mean_queue(r: RunStats, pool: int) -> float:
    """Mean number of cases waiting for ``pool``'s staff over the measuring window (from the samples)."""
    samples = sum(r.slot_samples)
    return sum(r.queue_slots[pool]) / samples if samples else 0.0


def queue_by_hour(runs: list[RunStats], pool: int, day: float) -> tuple[float, ...]:
    """Mean queue of ``pool`` in each hour of the office day, over every replication's samples."""
    slots = len(runs[0].slot_samples)
    hours = max(1, math.ceil(day / 60 - 1e-9))
    total, count = [0.0] * hours, [0] * hours
    for r in runs:
        for slot in range(slots):
            hour = min(hours - 1, int(slot * day / slots // 60))
            total[hour] += r.queue_slots[pool][slot]
            count[hour] += r.slot_samples[slot]
    return tuple(t / c if c else 0.0 for t, c in zip(total, count, strict=True))


def _describe(values: Any) -> tuple[float, float, float, float, float]:
    """Mean, p50, p90, p95 and max of one run (NaN when no case finished)."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    if not len(values):
        return (math.nan,) * 5
    p50, p90, p95 = np.percentile(values, [50, 90, 95])  # linear interpolation between order statistics
    return float(values.mean()), float(p50), float(p90), float(p95), float(values.max())
