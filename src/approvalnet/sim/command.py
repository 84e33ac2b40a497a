"""The ``simulate`` command (registered lazily in ``approvalnet.cli``).

Thin, like every command: load the file, run ``simulate``, print the result as rich tables for
people or as JSON for machines. Exit codes: 0 done, 2 an invalid or missing file (its problems are
printed), usage errors and parameters the simulation refuses (a lane that cannot keep up, a loop
that is never left).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..options import Finite
from .kpis import Estimate, SimulationResult, Summary


@click.command("simulate")
@click.argument("file", type=click.Path())
@click.option("--days", type=Finite(min=0, min_open=True), default=None,
              help="simulate this many working days after the warm-up  [default: 250]")
@click.option("--cases", type=click.IntRange(min=1), default=None,
              help="simulate until this many cases, arrived after the warm-up, have finished")
@click.option("--seed", type=int, default=0, show_default=True, help="the same seed gives the same results")
@click.option("--replications", type=click.IntRange(min=1), default=1, show_default=True,
              help="independent runs; two or more give 95 % confidence intervals")
@click.option("--warmup", "warmup", type=Finite(min=0), default=0.0, show_default=True,
              help="working days simulated first and left out of the results")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), default=None,
              help="write the event log of the first replication: events.csv or events.xes")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="override without editing the file (repeatable): lanes.<lane>.staff=N, "
                   "arrivals.per_workday=X, steps.<id>.duration='20 min'")
@click.option("--scenario", "scenario_path", type=click.Path(dir_okay=False), default=None,
              help="a YAML file of overrides with the keys of --set, as a mapping (--set wins)")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="also write an HTML report: cycle times against the limits, utilization per lane, "
                   "work in progress, and the flow diagram coloured by waiting time")
def simulate_command(file: str, days: float | None, cases: int | None, seed: int, replications: int,
                     warmup: float, fmt: str, log_path: str | None, settings: tuple[str, ...],
                     scenario_path: str | None, report_path: str | None) -> None:
    """Simulate a process: throughput, cycle times, on-time rates, utilization and bottlenecks.

    FILE is a process file, or a centre file (top-level `centre:`): then every item runs on the
    centre's shared windows and departments, with KPIs per item, per department and for the centre;
    `--set windows.<id>.staff=N`, `departments.<id>.staff=N` and `volume=X` change it without edits.

    Arrivals and the calendar come from the file's `simulation:` section; without one, arrivals are
    set so that the busiest lane is 70 % busy, on the default calendar (the output says so).
    What-if questions need no edited copy: `--set lanes.review.staff=3` or `--scenario what-if.yaml`.
    """
    from ..cli import _load_or_exit, _print_json, fail
    from .engine import SimulationError
    from .eventlog import FORMATS
    from .kpis import simulate
    from .scenario import ScenarioError, apply_overrides, parse_set, read_scenario

    if days is not None and cases is not None:
        fail("give --days or --cases, not both")
    if days is None and cases is None:
        days = 250.0
    from ..fileio import writable_problem

    for option, target in (("--log", log_path), ("--report", report_path)):  # before the run, not after it
        problem = writable_problem(target) if target is not None else None
        if problem:
            fail(f"{option} {target}: cannot be written: {problem}")
    from ..language.centre_loader import is_centre_file

    if is_centre_file(file):
        from ..centre.command import simulate_centre_file

        simulate_centre_file(file, days=days, cases=cases, seed=seed, replications=replications, warmup=warmup,
                             fmt=fmt, log_path=log_path, settings=settings, scenario_path=scenario_path,
                             report_path=report_path, progress=_progress(fmt, replications, days, cases, warmup))
        return
    if log_path is not None and Path(log_path).suffix.lower() not in FORMATS:
        fail(f"--log {log_path}: the event log is written as .csv or .xes")
    try:  # the overrides are checked before the process file is read: a typo costs nothing
        overrides = read_scenario(scenario_path) if scenario_path is not None else []
        overrides.extend(parse_set(option) for option in settings)
    except ScenarioError as error:
        fail(str(error))
    process = _load_or_exit(file, fmt)
    try:
        process = apply_overrides(process, overrides)
    except ScenarioError as error:
        fail(str(error))
    record: list | None = [] if log_path is not None else None
    try:
        with _progress(fmt, replications, days, cases, warmup) as progress:
            result = simulate(process, days=days, cases=cases, seed=seed, replications=replications,
                              warmup_days=warmup, record=record, progress=progress)
    except SimulationError as error:
        fail(f"{file}: {error}")
    if log_path is not None and record is not None:
        from .eventlog import event_log, write_event_log

        try:
            write_event_log(event_log(process, record), log_path, name=process.code)
        except OSError as error:
            fail(f"{log_path}: cannot write the event log: {error.strerror or error}")
    if report_path is not None:
        from .report import write_report

        try:
            write_report(result, process, report_path)
        except OSError as error:
            fail(f"{report_path}: cannot write the report: {error.strerror or error}")
    if fmt == "json":
        _print_json(result.to_json())
    else:
        print_result(result)
        if log_path is not None:
            _stderr().print(f"event log of the first replication written to {log_path}")
        if report_path is not None:
            _stderr().print(f"report written to {report_path}")


# Above this much simulated time (replications × working days) a run may take seconds: show progress.
PROGRESS_WORKDAYS = 5_000
PROGRESS_CASES = 200_000


def progress_wanted(fmt: str, replications: int, days: float | None, cases: int | None, warmup: float,
                    terminal: bool) -> bool:
    """A progress bar only for people watching a terminal, and only on runs long enough to need one."""
    if fmt != "text" or not terminal:
        return False
    if cases is not None:
        return replications * cases >= PROGRESS_CASES
    return replications * ((days or 0.0) + warmup) >= PROGRESS_WORKDAYS


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _progress(fmt: str, replications: int, days: float | None, cases: int | None,
              warmup: float) -> Iterator[Callable[[float], None] | None]:
    console = _stderr()
    if not progress_wanted(fmt, replications, days, cases, warmup, console.is_terminal):
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    unit = f"{replications} replications" if replications > 1 else "one run"
    with Progress(SpinnerColumn(), TextColumn(f"simulating {unit}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("simulate", total=replications)
        yield lambda done: bar.update(task, completed=done)


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
