"""The simulation's results for people: rich tables in the terminal."""

from __future__ import annotations

import math
from typing import Any

from ..sim.kpis import Estimate, SimulationResult, Summary


def _fmt(estimate: Estimate | None, scale: float = 1.0, digits: int = 2, percent: bool = False) -> str:
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    if percent:
        text = f"{estimate.mean * 100:.1f} %"
        return text if estimate.ci is None else f"{text}±{estimate.ci * 100:.1f}"
    text = f"{estimate.mean * scale:.{digits}f}"
    return text if estimate.ci is None else f"{text}±{estimate.ci * scale:.{digits}f}"


def print_result(result: SimulationResult, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    stop = f"{result.days:g} working days" if result.days is not None else f"{result.cases} cases"
    console.print(f"[bold]{result.name}[/bold] ({result.process}) — {stop}, warm-up {result.warmup_days:g} days, "
                  f"{result.replications} replication(s), seed {result.seed}")
    if result.defaults_used:
        console.print(f"[yellow]no 'simulation:' section: assumed {result.per_workday:.3g} arrivals per working day "
                      "(the busiest lane 70 % busy) and the default calendar[/yellow]")
    else:
        console.print(f"{result.per_workday:g} arrivals per working day")
    for note in result.warnings:
        console.print(f"[yellow]warning: {note}[/yellow]")
    ci = " (mean ± 95 % CI)" if result.replications > 1 else ""

    overview = Table(title=f"Results{ci}", show_header=False)
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    overview.add_row("arrived / finished / in progress (all runs)",
                     f"{result.arrived} / {result.completed} / {result.in_progress}")
    overview.add_row("throughput per working day", _fmt(result.throughput_per_workday))
    overview.add_row("on time (promised limit)", _fmt(result.on_time_promised, percent=True))
    overview.add_row("on time (statutory limit)", _fmt(result.on_time_statutory, percent=True))
    overview.add_row("work in progress (mean cases)", _fmt(result.wip_mean))
    for outcome, share in result.outcomes.items():
        overview.add_row(f"ended {outcome}", f"{share * 100:.1f} %")
    console.print(overview)

    cycle = Table(title=f"Cycle time{ci}")
    cycle.add_column("clock")
    for name in ("mean", "p50", "p90", "p95", "max"):
        cycle.add_column(name, justify="right")
    for label, summary in (("working days", result.cycle_time_workdays), ("calendar days", result.cycle_time_days)):
        cycle.add_row(label, *_summary_cells(summary))
    console.print(cycle)

    lanes = Table(title=f"Lanes, busiest first{ci}")
    for column in ("lane", "name", "staff", "offered load", "utilization", "mean queue", "max queue", "peak hour"):
        lanes.add_column(column, justify="right" if column not in ("lane", "name") else "left")
    for lane in result.bottlenecks:
        lanes.add_row(lane.lane, lane.name, str(lane.staff), f"{lane.offered_load * 100:.1f} %",
                      _fmt(lane.utilization, percent=True), _fmt(lane.mean_queue), _fmt(lane.max_queue, digits=0),
                      peak_hour(lane.queue_by_hour))
    console.print(lanes)

    steps = Table(title=f"Steps: mean office minutes per execution{ci}")
    for column in ("step", "name", "lane", "visits", "waiting", "working"):
        steps.add_column(column, justify="right" if column in ("visits", "waiting", "working") else "left")
    for step in result.steps:
        steps.add_row(step.step, step.name, step.lane, f"{step.visits:.2f}", _fmt(step.waiting_minutes, digits=1),
                      _fmt(step.working_minutes, digits=1))
    console.print(steps)


def peak_hour(queue_by_hour: tuple[float, ...]) -> str:
    """The hour of the office day with the longest mean queue ("3rd"), or a dash when nobody waits."""
    if not queue_by_hour or max(queue_by_hour) <= 0:
        return "–"
    hour = max(range(len(queue_by_hour)), key=queue_by_hour.__getitem__) + 1
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(hour if hour < 20 else hour % 10, "th")
    return f"{hour}{suffix} hour"


def _summary_cells(summary: Summary) -> list[str]:
    return [_fmt(getattr(summary, name)) for name in ("mean", "p50", "p90", "p95", "max")]
