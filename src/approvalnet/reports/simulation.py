"""The results of a simulation, of one process or of a centre, for people: rich tables in the terminal.

``print_result`` prints both: the run and its warnings, the overview, the cycle time and the staff
pools, busiest first; a process adds its steps, a centre its departments and the items most often late.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..centre.simulate import CentreResult
from ..sim.kpis import Estimate, Kpis, SimulationResult, Summary


def _fmt(estimate: Estimate | None, digits: int = 2, percent: bool = False, spaced: bool = False) -> str:
    """A mean and its 95 % interval: ``1.23±0.05``, ``45.0 %±1.2``; ``spaced``: ``1.23 ± 0.05``, ``45.0 ± 1.2 %``
    (how a centre's figures have always been printed)."""
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    scale, digits = (100.0, 1) if percent else (1.0, digits)
    mean = f"{estimate.mean * scale:.{digits}f}"
    if spaced:
        ci = "" if estimate.ci is None or math.isnan(estimate.ci) else f" ± {estimate.ci * scale:.{digits}f}"
        return mean + ci + (" %" if percent else "")
    mean += " %" if percent else ""
    return mean if estimate.ci is None else f"{mean}±{estimate.ci * scale:.{digits}f}"


def _console(console: Any) -> Any:
    from rich.console import Console

    return console or Console(highlight=False, soft_wrap=True)


def _measures(title: str, rows: list[tuple[str, str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def _table(title: str, columns: tuple[str, ...], left: int, rows: list[list[str]]) -> Any:
    """A table whose first ``left`` columns are names (left-aligned) and the others figures."""
    from rich.table import Table

    table = Table(title=title)
    for n, column in enumerate(columns):
        table.add_column(column, justify="left" if n < left else "right")
    for row in rows:
        table.add_row(*row)
    return table


def print_result(result: Kpis, console: Any = None, items: int = 10) -> None:
    """Print a process's or a centre's simulation (a centre: at most ``items`` of its late items)."""
    console = _console(console)
    centre = result if isinstance(result, CentreResult) else None
    process = result if isinstance(result, SimulationResult) else None

    def f(estimate: Estimate | None, digits: int = 2, percent: bool = False) -> str:
        return _fmt(estimate, digits, percent, spaced=centre is not None)

    stop = f"{result.days:g} working days" if result.days is not None else f"{result.cases} cases"
    counted = f"{len(centre.items)} items, " if centre else ""
    console.print(f"[bold]{result.name}[/bold] ({result.code}) — {counted}{stop}, warm-up {result.warmup_days:g} "
                  f"days, {result.replications} replication(s), seed {result.seed}")
    if centre:
        console.print(f"{result.per_workday:.1f} applications per working day over all items")
    elif process and process.defaults_used:
        console.print(f"[yellow]no 'simulation:' section: assumed {result.per_workday:.3g} arrivals per working day "
                      "(the busiest lane 70 % busy) and the default calendar[/yellow]")
    else:
        console.print(f"{result.per_workday:g} arrivals per working day")
    for note in result.warnings:
        console.print(f"[yellow]warning: {note}[/yellow]")
    ci = " (mean ± 95 % CI)" if result.replications > 1 else ""

    cycle = result.cycle_time_workdays
    limits = "limits" if centre else "limit"  # a centre's rates are over the limits of many items
    overview = [("arrived / finished / in progress (all runs)",
                 f"{result.arrived} / {result.completed} / {result.in_progress}"),
                ("throughput per working day", f(result.throughput_per_workday))]
    if centre:
        overview += [("cycle time, working days (mean)", f(cycle.mean)),
                     ("cycle time, working days (p90)", f(cycle.p90))]
    overview += [(f"on time (promised {limits})", f(result.on_time_promised, percent=True)),
                 (f"on time (statutory {limits})", f(result.on_time_statutory, percent=True)),
                 ("work in progress (mean cases)", f(result.wip_mean))]
    if process:
        overview += [(f"ended {outcome}", f"{share * 100:.1f} %") for outcome, share in process.outcomes.items()]
    console.print(_measures(f"{'Centre' if centre else 'Results'}{ci}", overview))
    if process:
        console.print(_table(f"Cycle time{ci}", ("clock", "mean", "p50", "p90", "p95", "max"), 1, [
            [label, *(f(getattr(summary, name)) for name in Summary.NAMES)]
            for label, summary in (("working days", cycle), ("calendar days", process.cycle_time_days))]))

    kind = ("kind",) if centre else ()
    console.print(_table(
        f"{'Windows and departments' if centre else 'Lanes'}, busiest first{ci}",
        ("pool" if centre else "lane", "name", *kind, "staff", "offered load", "utilization", "mean queue",
         "max queue", "peak hour"), 2 + len(kind), [
            [pool.pool, pool.name, *((pool.kind,) if centre else ()), str(pool.staff),
             f"{pool.offered_load * 100:.1f} %", f(pool.utilization, percent=True), f(pool.mean_queue),
             f(pool.max_queue, digits=0), str(pool.peak_hour or "–") if centre else peak_hour(pool.queue_by_hour)]
            for pool in result.bottlenecks]))

    if process:
        console.print(_table(f"Steps: mean office minutes per execution{ci}",
                             ("step", "name", "lane", "visits", "waiting", "working"), 3, [
            [step.step, step.name, step.lane, f"{step.visits:.2f}", f(step.waiting_minutes, digits=1),
             f(step.working_minutes, digits=1)] for step in process.steps]))
    if centre:
        _print_centre_parts(console, centre, ci, items, f)


def _print_centre_parts(console: Any, result: CentreResult, ci: str, items: int, f: Callable[..., str]) -> None:
    """What only a centre has: its departments and the items most often late."""
    console.print(_table(f"Departments{ci}", ("department", "name", "items", "per day", "throughput", "cycle (wd)",
                                              "on time (promised)"), 2, [
        [d.department, d.name, str(d.items), f"{d.per_workday:.1f}", f(d.throughput_per_workday),
         f(d.mean_cycle_workdays), f(d.on_time_promised, percent=True)] for d in result.departments]))
    late = result.most_late(items)
    if late:
        console.print(_table(f"Items that miss their promised limit most often{ci}", (
            "item", "name", "per day", "cycle (wd) mean", "p90", "on time (promised)"), 2, [
            [item.code, item.name, f"{item.per_workday:g}", f(item.cycle_time_workdays.mean),
             f(item.cycle_time_workdays.p90), f(item.on_time_promised, percent=True)] for item in late]))
    else:
        console.print("[green]every item kept its promised limit in every simulated case[/green]")


def peak_hour(queue_by_hour: tuple[float, ...]) -> str:
    """The hour of the office day with the longest mean queue ("3rd"), or a dash when nobody waits."""
    if not queue_by_hour or max(queue_by_hour) <= 0:
        return "–"
    hour = max(range(len(queue_by_hour)), key=queue_by_hour.__getitem__) + 1
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(hour if hour < 20 else hour % 10, "th")
    return f"{hour}{suffix} hour"
