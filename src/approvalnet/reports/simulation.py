"""The results of a simulation, of one process or of a centre, for people: rich tables in the terminal."""

from __future__ import annotations

import math
from typing import Any

from ..centre.simulate import CentreResult
from ..sim.kpis import Estimate, Kpis, SimulationResult, Summary


def _fmt(estimate: Estimate | None, scale: float = 1.0, digits: int = 2, percent: bool = False) -> str:
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    if percent:
        text = f"{estimate.mean * 100:.1f} %"
        return text if estimate.ci is None else f"{text}±{estimate.ci * 100:.1f}"
    text = f"{estimate.mean * scale:.{digits}f}"
    return text if estimate.ci is None else f"{text}±{estimate.ci * scale:.{digits}f}"


def _console(console: Any) -> Any:
    from rich.console import Console

    return console or Console(highlight=False, soft_wrap=True)


def _run_line(result: Kpis) -> str:
    """How long and how often the simulation ran, for the first line."""
    stop = f"{result.days:g} working days" if result.days is not None else f"{result.cases} cases"
    return f"{stop}, warm-up {result.warmup_days:g} days, {result.replications} replication(s), seed {result.seed}"


def _warnings(console: Any, result: Kpis) -> str:
    """Print the run's warnings; return the note that says what ± means when there are replications."""
    for note in result.warnings:
        console.print(f"[yellow]warning: {note}[/yellow]")
    return " (mean ± 95 % CI)" if result.replications > 1 else ""


def _counts(result: Kpis) -> tuple[str, str]:
    counts = f"{result.arrived} / {result.completed} / {result.in_progress}"
    return "arrived / finished / in progress (all runs)", counts


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


def print_result(result: SimulationResult, console: Any = None) -> None:
    console = _console(console)
    console.print(f"[bold]{result.name}[/bold] ({result.process}) — {_run_line(result)}")
    if result.defaults_used:
        console.print(f"[yellow]no 'simulation:' section: assumed {result.per_workday:.3g} arrivals per working day "
                      "(the busiest lane 70 % busy) and the default calendar[/yellow]")
    else:
        console.print(f"{result.per_workday:g} arrivals per working day")
    ci = _warnings(console, result)
    console.print(_measures(f"Results{ci}", [
        _counts(result),
        ("throughput per working day", _fmt(result.throughput_per_workday)),
        ("on time (promised limit)", _fmt(result.on_time_promised, percent=True)),
        ("on time (statutory limit)", _fmt(result.on_time_statutory, percent=True)),
        ("work in progress (mean cases)", _fmt(result.wip_mean)),
        *((f"ended {outcome}", f"{share * 100:.1f} %") for outcome, share in result.outcomes.items()),
    ]))
    console.print(_table(f"Cycle time{ci}", ("clock", "mean", "p50", "p90", "p95", "max"), 1, [
        [label, *_summary_cells(summary)]
        for label, summary in (("working days", result.cycle_time_workdays), ("calendar days", result.cycle_time_days))
    ]))
    console.print(_table(f"Lanes, busiest first{ci}", ("lane", "name", "staff", "offered load", "utilization",
                                                       "mean queue", "max queue", "peak hour"), 2, [
        [lane.lane, lane.name, str(lane.staff), f"{lane.offered_load * 100:.1f} %",
         _fmt(lane.utilization, percent=True), _fmt(lane.mean_queue), _fmt(lane.max_queue, digits=0),
         peak_hour(lane.queue_by_hour)] for lane in result.bottlenecks]))
    console.print(_table(f"Steps: mean office minutes per execution{ci}",
                         ("step", "name", "lane", "visits", "waiting", "working"), 3, [
        [step.step, step.name, step.lane, f"{step.visits:.2f}", _fmt(step.waiting_minutes, digits=1),
         _fmt(step.working_minutes, digits=1)] for step in result.steps]))


def peak_hour(queue_by_hour: tuple[float, ...]) -> str:
    """The hour of the office day with the longest mean queue ("3rd"), or a dash when nobody waits."""
    if not queue_by_hour or max(queue_by_hour) <= 0:
        return "–"
    hour = max(range(len(queue_by_hour)), key=queue_by_hour.__getitem__) + 1
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(hour if hour < 20 else hour % 10, "th")
    return f"{hour}{suffix} hour"


def _summary_cells(summary: Summary) -> list[str]:
    return [_fmt(getattr(summary, name)) for name in ("mean", "p50", "p90", "p95", "max")]


# --- a centre: the same figures, the pools shared, and per department and item -----------------------


def _f(estimate: Any, digits: int = 2, percent: bool = False) -> str:
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    scale = 100.0 if percent else 1.0
    text = f"{estimate.mean * scale:.{digits - 1 if percent else digits}f}"
    if estimate.ci is not None and not math.isnan(estimate.ci):
        text += f" ± {estimate.ci * scale:.{digits - 1 if percent else digits}f}"
    return text + (" %" if percent else "")


def print_centre(result: CentreResult, console: Any = None, items: int = 10) -> None:
    console = _console(console)
    console.print(f"[bold]{result.name}[/bold] ({result.code}) — {len(result.items)} items, {_run_line(result)}")
    console.print(f"{result.per_workday:.1f} applications per working day over all items")
    ci = _warnings(console, result)
    console.print(_measures(f"Centre{ci}", [
        _counts(result),
        ("throughput per working day", _f(result.throughput_per_workday)),
        ("cycle time, working days (mean)", _f(result.cycle_time_workdays.mean)),
        ("cycle time, working days (p90)", _f(result.cycle_time_workdays.p90)),
        ("on time (promised limits)", _f(result.on_time_promised, percent=True)),
        ("on time (statutory limits)", _f(result.on_time_statutory, percent=True)),
        ("work in progress (mean cases)", _f(result.wip_mean)),
    ]))
    console.print(_table(f"Windows and departments, busiest first{ci}", (
        "pool", "name", "kind", "staff", "offered load", "utilization", "mean queue", "max queue", "peak hour"), 3, [
        [pool.pool, pool.name, pool.kind, str(pool.staff), f"{pool.offered_load * 100:.1f} %",
         _f(pool.utilization, percent=True), _f(pool.mean_queue), _f(pool.max_queue, digits=0),
         str(pool.peak_hour or "–")] for pool in result.bottlenecks]))
    console.print(_table(f"Departments{ci}", ("department", "name", "items", "per day", "throughput", "cycle (wd)",
                                              "on time (promised)"), 2, [
        [d.department, d.name, str(d.items), f"{d.per_workday:.1f}", _f(d.throughput_per_workday),
         _f(d.mean_cycle_workdays), _f(d.on_time_promised, percent=True)] for d in result.departments]))
    late = result.most_late(items)
    if late:
        console.print(_table(f"Items that miss their promised limit most often{ci}", (
            "item", "name", "per day", "cycle (wd) mean", "p90", "on time (promised)"), 2, [
            [item.code, item.name, f"{item.per_workday:g}", _f(item.cycle_time_workdays.mean),
             _f(item.cycle_time_workdays.p90), _f(item.on_time_promised, percent=True)] for item in late]))
    else:
        console.print("[green]every item kept its promised limit in every simulated case[/green]")
