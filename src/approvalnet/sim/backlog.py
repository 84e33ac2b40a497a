"""The backlog of a run by working days: work in progress at the end of each working week and month,
how fast it grows, when the limits start to be missed, and the staff that would clear it by a date.

When a pool's offered load is 1 or more its queue grows for as long as the run lasts, and no steady
state exists: means of cycle times and queues then only say how long the run was. What a manager
needs instead is the growth itself, read here from what the event loop samples anyway at the start
of every working day (``RunStats.wip_series`` and ``queue_daily_end``): the cases in progress and
the cases waiting for each pool's staff, taken at the last working day of every calendar week and
month (on the run's working calendar), with 95 % intervals across replications.

- Growth: the least-squares slope of the daily work in progress over the second half of the measuring
  window (the first half lets an empty system fill up), in cases per working day, one slope per
  replication. Beside it, per pool, the queueing arithmetic: cases
  per working day ask for ``load × staff`` staff, so a pool with load ρ ≥ 1 serves 1/ρ of the cases
  that reach it and its queue grows by ``rate × (1 − 1/ρ)`` cases a working day.
- Limits: per week, the share of the cases finished that week within the promised and within the
  statutory limit (on the legal clock, as ``on_time_rates`` counts them), and the share of the cases
  that *arrived* that week known to miss it by the end of the run (finished late, or still in
  progress and already past it on the legal clock at the run's end, ``legal.judge_open``: the cases
  finished in an overloaded week are the quick ones, and would flatter the shares). A limit "starts
  to be missed" in the first week whose arrivals miss it more often
  than its target allows (5 % promised, as ``staff`` assumes; none statutory, since that is the
  law).
- Clearing: per pool, the work owed at the end of the run (the expected work of every case that
  arrived, less the staff-minutes worked) and the staff whose office time over the working days
  left until the date covers the work still arriving plus that owed (a fluid estimate: those staff
  work flat out to the date, so a margin is wise).
"""

from __future__ import annotations

import datetime
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..language.calendar import CalendarWarning
from ..language.legal_clock import limits_of
from .engine import RunStats, SimulationError, System, _mean_rate, pool_load, visits
from .kpis import CaseTimes, Estimate
from .legal import judge_open

PROMISED_TARGET = 0.95  # the share of a week's applications that must keep the promised limit (as `staff` assumes)
STATUTORY_TARGET = 1.0  # the statutory limit is the law: one late case misses it


@dataclass(frozen=True)
class BacklogPoint:
    """The end of one working week or month of the run."""

    period: str  # "2025-W12" or "2025-03"
    date: str  # the last working day of the period within the run (ISO)
    workday: int  # working days since the start of the run (the warm-up included)
    complete: bool  # False: the run ended before the period did
    in_progress: Estimate  # cases in the system at the end of that working day
    queues: tuple[Estimate, ...]  # per pool: cases waiting for its staff
    finished: Estimate  # cases finished in the period (arrived after the warm-up)
    on_time_promised: Estimate | None  # share of those finished within the promised limit
    on_time_statutory: Estimate | None
    # of the cases that arrived in the period, the share known to miss the limit by the end of the run:
    # finished late, or still in progress past it (a lower bound for the last periods, whose cases may
    # yet miss it); unlike the shares of the cases finished, not flattered by the late ones still waiting
    late_promised: Estimate | None = None
    late_statutory: Estimate | None = None

    def to_json(self, pools: Sequence[str]) -> dict[str, Any]:
        return {"period": self.period, "date": self.date, "workday": self.workday, "complete": self.complete,
                "in_progress": self.in_progress.to_json(), "finished": self.finished.to_json(),
                "queues": {pool: q.to_json() for pool, q in zip(pools, self.queues, strict=True)},
                "on_time_promised": self.on_time_promised.to_json() if self.on_time_promised else None,
                "on_time_statutory": self.on_time_statutory.to_json() if self.on_time_statutory else None,
                "late_promised": self.late_promised.to_json() if self.late_promised else None,
                "late_statutory": self.late_statutory.to_json() if self.late_statutory else None}


@dataclass(frozen=True)
class PoolBacklog:
    """One staffed pool: whether it keeps up, how its queue grows, and the staff that would clear it."""

    pool: str
    name: str
    staff: int
    offered_load: float
    cases_per_workday: float  # cases that reach the pool per working day
    expected_growth: float  # cases per working day its queue grows by, from the load (0 when it keeps up)
    queue_at_end: Estimate  # cases waiting for its staff at the end of the run
    owed_staff_days: Estimate  # work owed at the end of the run, in staff working days
    staff_to_keep_up: int  # the fewest staff with an offered load below 1
    staff_to_clear: int  # the fewest that clear what is owed by the date, with the arrivals going on

    @property
    def overloaded(self) -> bool:
        return self.offered_load >= 1

    def to_json(self) -> dict[str, Any]:
        return {"pool": self.pool, "name": self.name, "staff": self.staff,
                "offered_load": round(self.offered_load, 6), "overloaded": self.overloaded,
                "cases_per_workday": round(self.cases_per_workday, 6),
                "expected_growth_per_workday": round(self.expected_growth, 6),
                "queue_at_end": self.queue_at_end.to_json(), "owed_staff_days": self.owed_staff_days.to_json(),
                "staff_to_keep_up": self.staff_to_keep_up, "staff_to_clear": self.staff_to_clear}


@dataclass(frozen=True)
class Backlog:
    """How the work in progress of a run by working days developed, week by week and month by month."""

    overloaded: tuple[str, ...]  # the pools whose offered load is 1 or more: no steady state
    weeks: tuple[BacklogPoint, ...]
    months: tuple[BacklogPoint, ...]
    growth_per_workday: Estimate  # slope of the daily work in progress over the second half of the window
    start_in_progress: Estimate  # cases in progress when the measuring window opened
    end_in_progress: Estimate  # and when the run ended
    window_workdays: float
    first_missed_promised: str | None  # the first week more than 5 % of whose cases miss the promised limit
    first_missed_statutory: str | None  # the first week with a case that misses the statutory limit
    run_end: str  # the last working day of the run (ISO)
    clear_by: str  # the date the staff to clear are counted for (ISO)
    clear_workdays: float  # working days from the end of the run to the end of that date
    pools: tuple[PoolBacklog, ...]  # every staffed pool, overloaded first

    queue_pools: tuple[str, ...] = ()  # the system's pools, in the order of each point's queues

    @property
    def steady(self) -> bool:
        """No pool is overloaded: the run's means may describe a steady state."""
        return not self.overloaded

    def to_json(self) -> dict[str, Any]:
        return {
            "steady": self.steady, "overloaded": list(self.overloaded),
            "growth_per_workday": self.growth_per_workday.to_json(),
            "in_progress_at_start": self.start_in_progress.to_json(),
            "in_progress_at_end": self.end_in_progress.to_json(), "window_workdays": self.window_workdays,
            "targets": {"promised": PROMISED_TARGET, "statutory": STATUTORY_TARGET},
            "first_missed": {"promised": self.first_missed_promised, "statutory": self.first_missed_statutory},
            "run_end": self.run_end, "clear_by": self.clear_by, "clear_workdays": round(self.clear_workdays, 3),
            "pools": [p.to_json() for p in self.pools],
            "weeks": [w.to_json(self.queue_pools) for w in self.weeks],
            "months": [m.to_json(self.queue_pools) for m in self.months],
        }


def backlog(system: System, runs: Sequence[RunStats], *, clear_by: datetime.date | None = None) -> Backlog:
    """The backlog of ``runs`` (by working days) of ``system``. ``clear_by``: the date by which the staff
    to clear should have cleared what is owed at the end of the run (default: as many working days
    after the end as the run measured); it must fall after the run's last working day."""
    import numpy as np

    calendar = system.calendar
    day = calendar.day_minutes
    first = runs[0]
    warm_days = first.start / day
    full_days = int(first.end // day + 1e-9)  # working days completed by the end of the run
    window = (first.end - first.start) / day

    # the date of every working day 0 … full_days (the one after the run only tells whether the last
    # week or month was complete)
    dates = [calendar.date_of(calendar.to_calendar(k * day, resume=True)).date() for k in range(full_days + 1)]
    weeks = _periods(dates, full_days, warm_days, lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}")
    months = _periods(dates, full_days, warm_days, lambda d: f"{d.year}-{d.month:02d}")

    # which limits the items have (as the legal clock takes them)
    every = [limits_of(item.model.process, day) for item in system.items]
    any_promised = any(limits.promised is not None for limits in every)
    any_statutory = any(limits.statutory is not None for limits in every)

    # per run: of the finished cases, the end (working days) and whether each kept the promised and the
    # statutory limit (1, 0; nan: its item has no such limit), on the legal clock; of every case arrived
    # after the warm-up, the arrival and whether it is known to miss each limit by the end of the run (1:
    # it finished late or is still in progress past the limit; 0: it finished in time or may yet; nan: no
    # such limit)
    flags, late = [], []
    for r in runs:
        times = CaseTimes.of(r, system)
        on_p, on_s = times.on_promised, times.on_statutory
        flags.append((np.asarray(r.case_end, dtype=float) / day, on_p, on_s))
        arrival_o = np.asarray(r.open_arrival, dtype=float)
        past_p, past_s = judge_open(r, system)  # still in progress and already past a limit
        late.append((np.concatenate([np.asarray(r.case_arrival, dtype=float), arrival_o]) / day,
                     np.concatenate([1.0 - on_p, past_p]), np.concatenate([1.0 - on_s, past_s])))

    def point(label: str, begin: int, end: int, complete: bool) -> BacklogPoint:
        """The period of working days begin … end - 1, read at the end of working day end - 1."""
        finished, on_p, on_s, late_p, late_s = [], [], [], [], []
        for ends, p, s in flags:
            mask = (ends > begin) & (ends <= end)
            finished.append(float(mask.sum()))
            on_p.append(_share(p[mask]))
            on_s.append(_share(s[mask]))
        for arrivals, p, s in late:
            mask = (arrivals >= begin) & (arrivals < end)
            late_p.append(_share(p[mask]))
            late_s.append(_share(s[mask]))
        return BacklogPoint(
            label, dates[end - 1].isoformat(), end, complete, Estimate.of([_at(r.wip_series, end) for r in runs]),
            tuple(Estimate.of([_at(r.queue_daily_end[p], end) for r in runs]) for p in range(len(system.pools))),
            Estimate.of(finished), Estimate.of(on_p) if any_promised else None,
            Estimate.of(on_s) if any_statutory else None, Estimate.of(late_p) if any_promised else None,
            Estimate.of(late_s) if any_statutory else None)

    week_points = tuple(point(*w) for w in weeks)
    month_points = tuple(point(*m) for m in months)

    def first_above(points: Sequence[BacklogPoint], which: str, allowed: float) -> str | None:
        for p in points:
            share = getattr(p, which)
            if share is not None and not math.isnan(share.mean) and share.mean > allowed + 1e-9:
                return p.period
        return None

    # growth: the slope of the daily work in progress over the second half of the measuring window, per
    # replication (in the first half the system fills up from empty to its usual work in progress)
    start = math.ceil(warm_days - 1e-9)
    half = start + (full_days - start) // 2
    slopes = []
    for r in runs:
        ys = np.asarray([_at(r.wip_series, k) for k in range(half, full_days + 1)], dtype=float)
        xs = np.arange(len(ys), dtype=float)
        slopes.append(float(np.polyfit(xs, ys, 1)[0]) if len(ys) >= 2 else math.nan)

    # the last instant of the run (an office day that ends at midnight must not give the next date)
    run_end = calendar.date_of(calendar.to_calendar(first.end) - 1e-6).date()
    if clear_by is None:
        clear_workdays = window
        with warnings.catch_warnings():
            # a date past the holidays chinese-calendar knows is counted Monday to Friday; it is only the
            # date the default staffing is counted for, and no figure of the run depends on it
            warnings.simplefilter("ignore", CalendarWarning)
            target_date = calendar.date_of(calendar.to_calendar(first.end + window * day) - 1e-6).date()
    else:
        through = calendar.to_working(((clear_by - calendar.start).days + 1) * 1440.0)
        clear_workdays = (through - first.end) / day
        if clear_workdays <= 1e-9:
            raise SimulationError(_("the date to clear the backlog by, {date}, is not after the end of the run "
                                    "({end})").format(date=clear_by.isoformat(), end=run_end.isoformat()))
        target_date = clear_by

    pools = _pools(system, runs, clear_workdays, full_days)
    return Backlog(
        overloaded=tuple(p.pool for p in pools if p.overloaded), weeks=week_points, months=month_points,
        growth_per_workday=Estimate.of(slopes),
        start_in_progress=Estimate.of([_at(r.wip_series, start) for r in runs]),
        end_in_progress=Estimate.of([_at(r.wip_series, full_days) for r in runs]), window_workdays=window,
        first_missed_promised=first_above(week_points, "late_promised", 1 - PROMISED_TARGET),
        first_missed_statutory=first_above(week_points, "late_statutory", 1 - STATUTORY_TARGET),
        run_end=run_end.isoformat(), clear_by=target_date.isoformat(), clear_workdays=clear_workdays,
        pools=tuple(sorted(pools, key=lambda p: (not p.overloaded, -p.offered_load, p.pool))),
        queue_pools=system.pools)


def _at(series: Sequence[Any], k: int) -> float:
    """A daily sample; past the last one (the system emptied and sampling stopped) nothing is in it."""
    if k >= len(series):
        return 0.0
    value = series[k]
    return float(value[1] if isinstance(value, tuple) else value)


def _share(flags: Any) -> float:
    """The mean of 0/1 flags, leaving out the cases without the limit (nan when none has it)."""
    import numpy as np

    counted = flags[~np.isnan(flags)]
    return float(counted.mean()) if len(counted) else math.nan


def _periods(dates: Sequence[datetime.date], full_days: int, warm_days: float,
             key: Any) -> list[tuple[str, int, int, bool]]:
    """The weeks or months of working days 0 … full_days - 1 that end after the warm-up: (label, first day,
    the day after the last, complete)."""
    out: list[tuple[str, int, int, bool]] = []
    begin = 0
    for k in range(1, full_days + 1):
        if k == full_days or key(dates[k]) != key(dates[k - 1]):
            complete = k < full_days or key(dates[k]) != key(dates[k - 1])
            if k > warm_days + 1e-9:
                out.append((key(dates[k - 1]), begin, k, complete))
            begin = k
    return out


def _pools(system: System, runs: Sequence[RunStats], clear_workdays: float, full_days: int) -> list[PoolBacklog]:
    """The arithmetic of every staffed pool (see the module's docstring)."""
    day = system.calendar.day_minutes
    loads = pool_load(system)
    n_pools = len(system.pools)
    work = [[0.0] * n_pools for __ in system.items]  # per item and pool: expected staff-minutes per case
    # per item and pool: the share of its cases that reach the pool, taken as the most visited of its steps
    # there (exact when every case that reaches the pool passes one step of it, as most items do)
    reach = [[0.0] * n_pools for __ in system.items]
    for i, item in enumerate(system.items):
        for s, v in enumerate(visits(item.model)):
            at = system.step_pool[system.s_offset[i] + s]
            if at >= 0:
                work[i][at] += v * item.model.step_mean[s]
                reach[i][at] = min(1.0, max(reach[i][at], v))
    out = []
    for p, (pool, name, staff) in enumerate(zip(system.pools, system.pool_names, system.pool_staff, strict=True)):
        if not staff:
            continue
        load = loads[p]
        rate = sum(_mean_rate(item) * reach[i][p] for i, item in enumerate(system.items))
        demand = load * staff  # staff busy on average to keep up
        owed = Estimate.of([
            max(0.0, sum((r.warmup_arrived[i] + r.item_arrived[i]) * work[i][p] for i in range(len(system.items)))
                - r.warmup_busy[p] - r.lane_busy[p]) / day for r in runs])
        owed_days = 0.0 if math.isnan(owed.mean) else owed.mean
        out.append(PoolBacklog(
            pool, name, staff, load, rate, rate * (1 - 1 / load) if load >= 1 else 0.0,
            Estimate.of([_at(r.queue_daily_end[p], full_days) for r in runs]), owed, math.floor(demand + 1e-9) + 1,
            math.floor(demand + owed_days / clear_workdays + 1e-9) + 1))
    return out
