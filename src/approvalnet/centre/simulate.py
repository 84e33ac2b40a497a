"""Simulating a centre: every item's net on the centre's shared windows and departments.

All items run in one event loop (``sim.engine.run`` on a system of many nets), so a case of one item
waits behind cases of every other item that uses the same window or department. The results come
per item, per department and for the centre, with the windows' queue over the office day (the
peak hour) and the items that miss their promised limit most often.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..i18n import _
from ..language.calendar import WorkCalendar
from ..language.centre_loader import CentreModel
from ..language.legal_clock import limits_of
from ..parallel import Scheduler
from ..sim.engine import Item, RunStats, SimulationError, System, assemble, compile_model, pool_load
from ..sim.kpis import CaseTimes, Estimate, Kpis, Summary, on_time_rates, pool_kpis, totals
from ..sim.replicate import replicate

# The items "most often late" are only those whose share on time is known to within this: the
# half-width of its 95 % interval over the replications, and that of the binomial (normal
# approximation) over its finished cases, which guards against an interval over three replications
# that happens to be narrow. A rare item finishes a handful of cases in a run, and its share late
# (49.7 ± 62.9 %) says nothing; it is left out, and counted.
LATE_PRECISION = 0.10

@dataclass(frozen=True)
class ItemKpi:
    code: str
    name: str
    file: str
    department: str | None
    per_workday: float
    throughput_per_workday: Estimate
    cycle_time_workdays: Summary
    on_time_promised: Estimate | None
    on_time_statutory: Estimate | None
    finished: int  # cases (arrived after the warm-up) finished, over all replications

    @property
    def missed_promised(self) -> float:
        """Share of finished cases over the promised limit (0 when the item promises nothing)."""
        return 0.0 if self.on_time_promised is None or math.isnan(self.on_time_promised.mean) else (
            1.0 - self.on_time_promised.mean)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "file": self.file, "department": self.department,
                "per_workday": self.per_workday, "finished": self.finished,
                "throughput_per_workday": self.throughput_per_workday.to_json(),
                "cycle_time_workdays": self.cycle_time_workdays.to_json(),
                "on_time_rate": {"promised": self.on_time_promised.to_json() if self.on_time_promised else None,
                                 "statutory": self.on_time_statutory.to_json() if self.on_time_statutory else None}}


@dataclass(frozen=True)
class DepartmentKpi:
    department: str
    name: str
    items: int
    per_workday: float
    throughput_per_workday: Estimate
    mean_cycle_workdays: Estimate
    on_time_promised: Estimate

    def to_json(self) -> dict[str, Any]:
        return {"department": self.department, "name": self.name, "items": self.items,
                "per_workday": round(self.per_workday, 6),
                "throughput_per_workday": self.throughput_per_workday.to_json(),
                "mean_cycle_workdays": self.mean_cycle_workdays.to_json(),
                "on_time_promised": self.on_time_promised.to_json()}


@dataclass(frozen=True, kw_only=True)
class CentreResult(Kpis):
    """A centre: its pools are its shared windows and departments (and the lanes it does not staff);
    the KPIs of every item and department besides the centre's. The on-time rates are over the cases
    of every item with such a limit."""

    items: tuple[ItemKpi, ...]
    departments: tuple[DepartmentKpi, ...]

    def most_late(self, n: int = 10) -> tuple[ItemKpi, ...]:
        """The items that miss their promised limit most often (those that miss it at all), of those whose
        share on time is known to within ``LATE_PRECISION`` (see ``late_left_out``)."""
        late = [i for i in self.items if i.missed_promised > 0 and _known(i)]
        return tuple(sorted(late, key=lambda i: (-i.missed_promised, i.code))[:n])

    @property
    def late_left_out(self) -> int:
        """The items that miss their promised limit but are left out of ``most_late``: their share on
        time is known to no better than ``LATE_PRECISION`` (or, with one replication, not at all)."""
        return sum(1 for i in self.items if i.missed_promised > 0 and not _known(i))

    def item(self, code: str) -> ItemKpi:
        return next(i for i in self.items if i.code == code)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.run_json("centre"),
            "on_time_rate": self.on_time_json(),
            "utilization": self.utilization_json(),
            "wip": self.wip_json(),
            "pools": [p.to_json() for p in self.pools],
            "bottlenecks": [p.pool for p in self.bottlenecks],
            "departments": [d.to_json() for d in self.departments],
            "items": [i.to_json() for i in self.items],
            "most_late": [i.code for i in self.most_late()],
            "backlog": self.backlog.to_json() if self.backlog else None,
            "most_late_left_out": self.late_left_out, "most_late_precision": LATE_PRECISION,
        }


def _known(item: ItemKpi) -> bool:
    """Whether the item's share on time (promised) is known to within ``LATE_PRECISION``."""
    share = item.on_time_promised
    if share is None or share.ci is None or share.ci > LATE_PRECISION or not item.finished:
        return False
    p = min(max(share.mean, 0.0), 1.0)
    return 1.96 * math.sqrt(p * (1 - p) / item.finished) <= LATE_PRECISION


def compile_centre(centre: CentreModel, staff: Mapping[str, int] | None = None,
                   rate_scale: float = 1.0) -> System:
    """The centre as one system: windows, then departments, then a private pool for each department
    lane the centre does not staff (with the lane's own staff). ``staff`` overrides pool sizes."""
    spec = centre.centre
    calendar = _calendar(centre)
    pools: list[str] = [*spec.windows, *spec.departments]
    names = [p.name for p in (*spec.windows.values(), *spec.departments.values())]
    sizes = [p.staff for p in (*spec.windows.values(), *spec.departments.values())]
    for pool, size in (staff or {}).items():
        if pool not in pools:
            raise SimulationError(_("the centre has no window or department '{pool}'; it has {pools}")
                                  .format(pool=pool, pools=", ".join(pools)))
        sizes[pools.index(pool)] = size
    items: list[Item] = []
    for entry in centre.items:
        model = compile_model(entry.process, calendar)
        lane_pool: list[int] = []
        for lane_id, lane in entry.process.lanes.items():
            pool = entry.lane_pool.get(lane_id)
            if pool is not None:
                lane_pool.append(pools.index(pool))
            elif lane.kind in ("window", "department"):  # unmapped: the item keeps its own staff here
                pools.append(f"{entry.process.code}/{lane_id}")
                names.append(lane.name)
                sizes.append(lane.staff or 0)
                lane_pool.append(len(pools) - 1)
            else:
                lane_pool.append(-1)
        items.append(Item(model, entry.spec.per_workday * rate_scale,
                          tuple(entry.spec.profile) if entry.spec.profile else None,
                          tuple(entry.spec.months) if entry.spec.months else None, None, entry.spec.priority,
                          tuple(lane_pool)))
    return assemble(calendar, items, pools, names, sizes)


def _calendar(centre: CentreModel) -> WorkCalendar:
    return WorkCalendar.of_block(centre.centre.calendar, centre.calendar_data)


def simulate_centre(centre: CentreModel, *, days: float | None = None, cases: int | None = None, seed: int = 0,
                    replications: int = 1, warmup_days: float = 0.0, staff: Mapping[str, int] | None = None,
                    rate_scale: float = 1.0, progress: Callable[[float], None] | None = None,
                    system: System | None = None, scheduler: Scheduler | None = None, overload: bool = False,
                    clear_by: datetime.date | None = None, with_backlog: bool = True) -> CentreResult:
    """Simulate every item of ``centre`` together on its shared staff (see ``kpis.simulate`` for the
    stopping rules, replications and ``progress``). ``system``, when given, is the centre already
    compiled (``compile_centre``), so that a search over staffing compiles the nets once. With a Dask
    ``scheduler`` the replications run on its workers, with the same results. ``overload`` and
    ``clear_by``: as for a process (``kpis.simulate``); ``with_backlog=False``: no weekly backlog (the
    ``capacity`` rules need none)."""
    if system is None:
        system = compile_centre(centre, staff, rate_scale)
    runs, notes = replicate(system, days=days, cases=cases, seed=seed, replications=replications,
                            warmup_days=warmup_days, progress=progress, scheduler=scheduler, overload=overload)
    result = summarise_centre(centre, system, runs, seed=seed, days=days, cases=cases, warmup_days=warmup_days,
                              notes=notes)
    if days is None or not with_backlog:
        return result
    from ..sim.backlog import backlog

    return replace(result, backlog=backlog(system, runs, clear_by=clear_by))


def summarise_centre(centre: CentreModel, system: System, runs: list[RunStats], *, seed: int, days: float | None,
                     cases: int | None, warmup_days: float, notes: tuple[str, ...]) -> CentreResult:
    day = system.calendar.day_minutes
    times = [CaseTimes.of(r, system) for r in runs]

    def window(r: RunStats) -> float:
        return (r.end - r.start) / day

    # per item, per replication: finished cases and their on-time shares (None: the item has no such
    # limit), from which the item's, the departments' and the centre's rates are all made
    items: list[ItemKpi] = []
    department_of: list[str | None] = []
    per_item_times: list[list[CaseTimes]] = []
    shares: list[list[tuple[int, float | None, float | None]]] = []
    for i, entry in enumerate(centre.items):
        mine = [t.of_item(i) for t in times]
        per_item_times.append(mine)
        shares.append([(len(t.workdays), *(None if e is None else e.mean for e in on_time_rates([t], entry.process,
                                                                                              day)))
                       for t in mine])
        limits = limits_of(entry.process, day)
        promised = None if limits.promised is None else Estimate.of(
            [math.nan if s[1] is None else s[1] for s in shares[i]])
        statutory = None if limits.statutory is None else Estimate.of(
            [math.nan if s[2] is None else s[2] for s in shares[i]])
        department = entry.spec.department or next(
            (pool for lane, pool in entry.lane_pool.items() if pool and entry.process.lanes[lane].kind == "department"),
            None)
        department_of.append(department)
        items.append(ItemKpi(
            entry.process.code, entry.process.name, str(entry.path), department, system.items[i].per_workday,
            Estimate.of([r.item_completed[i] / window(r) if window(r) > 0 else math.nan for r in runs]),
            Summary.of([t.workdays for t in mine]), promised, statutory, sum(len(t.workdays) for t in mine)))

    spec = centre.centre
    pools = pool_kpis(runs, pools=system.pools, names=system.pool_names,
                      kinds=["window" if pool in spec.windows else "department" if pool in spec.departments
                             else "item" for pool in system.pools],
                      staff=system.pool_staff, loads=pool_load(system), step_pool=system.step_pool, day=day)

    departments = []
    for pool_id, pool in spec.departments.items():
        members = [i for i, d in enumerate(department_of) if d == pool_id]
        if not members:
            continue
        cycle, on_time = [], []
        for r in range(len(runs)):
            values = [per_item_times[i][r].workdays for i in members]
            total = sum(len(v) for v in values)
            cycle.append(sum(float(v.sum()) for v in values) / total if total else math.nan)
            on_time.append(_weighted([shares[i][r] for i in members], 1))
        departments.append(DepartmentKpi(
            pool_id, pool.name, len(members), sum(system.items[i].per_workday for i in members),
            Estimate.of([sum(r.item_completed[i] for i in members) / window(r) if window(r) > 0 else math.nan
                         for r in runs]),
            Estimate.of(cycle), Estimate.of(on_time)))

    return CentreResult(
        code=centre.code, name=centre.name, file=str(centre.path), seed=seed, days=days, cases=cases,
        warmup_days=warmup_days, per_workday=sum(item.per_workday for item in system.items), warnings=notes,
        **totals(runs, times, day),
        on_time_promised=Estimate.of([_weighted([s[r] for s in shares], 1) for r in range(len(runs))]),
        on_time_statutory=Estimate.of([_weighted([s[r] for s in shares], 2) for r in range(len(runs))]),
        pools=pools, items=tuple(items), departments=tuple(departments))


def _weighted(rows: list[tuple[int, float | None, float | None]], which: int) -> float:
    """The on-time share over several items' cases: each item's share weighted by its finished cases,
    over the items that have the limit (``which``: 1 promised, 2 statutory) and finished any case."""
    counted = [(row[which], row[0]) for row in rows if row[which] is not None and row[0] and row[which] == row[which]]
    total = sum(n for _, n in counted)
    return sum(share * n for share, n in counted) / total if total else math.nan

