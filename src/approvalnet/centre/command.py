"""Command-line parts for centre files: ``simulate CENTRE`` and ``staff CENTRE``.

``approvalnet simulate`` hands a centre file here (a file whose top level has ``centre:``);
``approvalnet staff`` is registered lazily in ``approvalnet.cli``. Exit codes as everywhere: 0 done,
1 no staffing met the targets, 2 an invalid centre or item (its problems are printed), usage errors
and runs the simulator refuses.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..language.centre_loader import CentreModel
from ..options import Finite


def load_centre_or_exit(path: str, fmt: str = "text") -> CentreModel:
    """Load a centre; on problems print them (at their files, lines and columns) and exit 1."""
    from ..cli import _load_or_exit
    from ..language.centre_loader import read_centre

    return _load_or_exit(path, fmt, read_centre)


def parse_staff_settings(settings: tuple[str, ...], centre: CentreModel) -> tuple[dict[str, int], float]:
    """``--set`` for a centre: ``windows.<id>.staff=N``, ``departments.<id>.staff=N`` and ``volume=X``
    (every item's volume times X). Returns the staff overrides and the volume factor."""
    from ..cli import fail

    staff: dict[str, int] = {}
    volume = 1.0
    spec = centre.centre
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep:
            fail(f"--set {setting}: write KEY=VALUE, e.g. windows.comprehensive.staff=14")
        parts = key.strip().split(".")
        if parts == ["volume"]:
            try:
                volume = float(value)
            except ValueError:
                fail(f"--set {setting}: volume must be a number, e.g. volume=1.2")
            if not volume > 0:
                fail(f"--set {setting}: volume must be above zero")
            continue
        if len(parts) != 3 or parts[0] not in ("windows", "departments") or parts[2] != "staff":
            fail(f"--set {setting}: a centre takes windows.<id>.staff=N, departments.<id>.staff=N or volume=X")
        pools = spec.windows if parts[0] == "windows" else spec.departments
        if parts[1] not in pools:
            fail(f"--set {setting}: the centre has no {parts[0][:-1]} '{parts[1]}'; it has {', '.join(pools)}")
        if not value.strip().isdigit() or int(value) < 1:
            fail(f"--set {setting}: staff must be a whole number of at least 1")
        staff[parts[1]] = int(value)
    return staff, volume


def simulate_centre_file(file: str, *, days: float | None, cases: int | None, seed: int, replications: int,
                         warmup: float, fmt: str, log_path: str | None, settings: tuple[str, ...],
                         scenario_path: str | None, report_path: str | None, progress: Any) -> None:
    """``approvalnet simulate CENTRE``: every item on the centre's shared staff."""
    from ..cli import _print_json, fail
    from ..sim.engine import SimulationError
    from .simulate import simulate_centre

    if log_path is not None:
        fail("--log writes the event log of one process; simulate an item's file for its log")
    if scenario_path is not None:
        fail("--scenario is for one process; for a centre use --set windows.<id>.staff=N, "
             "departments.<id>.staff=N or volume=X")
    centre = load_centre_or_exit(file, fmt)
    staff, volume = parse_staff_settings(settings, centre)
    try:
        with progress as callback:
            result = simulate_centre(centre, days=days, cases=cases, seed=seed, replications=replications,
                                     warmup_days=warmup, staff=staff, rate_scale=volume, progress=callback)
    except SimulationError as error:
        fail(f"{file}: {error}")
    if report_path is not None:
        from .report import write_centre_report

        try:
            write_centre_report(result, report_path)
        except OSError as error:
            fail(f"{report_path}: cannot write the report: {error.strerror or error}")
    if fmt == "json":
        _print_json(result.to_json())
    else:
        from .report import print_centre

        print_centre(result)
        if report_path is not None:
            from ..sim.command import _stderr

            _stderr().print(f"report written to {report_path}")


@click.command("staff")
@click.argument("centre", type=click.Path())
@click.option("--target", "targets", multiple=True, metavar="on-time=0.99",
              help="what the staffing must achieve (repeatable): on-time=SHARE (promised limits), "
                   "statutory=SHARE, utilization=SHARE (at most)  [default: on-time=0.95]")
@click.option("--max-wait", default=None, metavar="30min",
              help="the mean wait for a window or department must not exceed this (e.g. 30min, 2h)")
@click.option("--sweep", default=None, metavar="POOL=LOW..HIGH",
              help="instead of a search: the KPIs for each size of one pool, e.g. windows=4..16 or market=2..8")
@click.option("--days", type=Finite(min=0, min_open=True), default=60.0, show_default=True,
              help="working days simulated per evaluation")
@click.option("--replications", type=click.IntRange(min=2), default=3, show_default=True,
              help="runs per evaluation (for the confidence intervals)")
@click.option("--warmup", type=Finite(min=0), default=5.0, show_default=True,
              help="working days simulated first and left out of each evaluation")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="also write an HTML page with the table (and the sweep's plot)")
def staff_command(centre: str, targets: tuple[str, ...], max_wait: str | None, sweep: str | None, days: float,
                  replications: int, warmup: float, seed: int, fmt: str, report_path: str | None) -> None:
    """Find the smallest staff per window and department that meets the targets.

    Starts from queueing theory (Erlang C for each pool at its offered load), then simulates the
    whole centre and adds staff where the targets are missed, removing what is not needed, until
    every target holds. With --sweep, prints the KPIs for a range of one pool's size instead.
    Exit code 1 when the search ends without meeting the targets (e.g. limits that the work itself
    exceeds, however many staff wait for it).
    """
    from ..cli import EXIT_PROBLEMS, _print_json, fail
    from ..sim.engine import SimulationError
    from .staffing import StaffingError, Targets, parse_sweep, search_staff, sweep_staff

    model = load_centre_or_exit(centre, fmt)
    try:
        goal = Targets.parse(targets, max_wait)
        if sweep is not None:
            pool, sizes = parse_sweep(sweep, model)
            given = goal if targets or max_wait is not None else None  # judge the sizes only against asked targets
            result: Any = sweep_staff(model, pool, sizes, days=days, replications=replications, warmup_days=warmup,
                                      seed=seed, targets=given)
        else:
            result = search_staff(model, goal, days=days, replications=replications, warmup_days=warmup, seed=seed)
    except StaffingError as error:
        fail(str(error))
    except SimulationError as error:
        fail(f"{centre}: {error}")
    if report_path is not None:
        from ..fileio import write_atomic

        try:
            write_atomic(report_path, result.to_html())
        except OSError as error:
            fail(f"{report_path}: cannot write the report: {error.strerror or error}")
    if fmt == "json":
        _print_json(result.to_json())
    else:
        result.print()
    if getattr(result, "met", True) is False:
        sys.exit(EXIT_PROBLEMS)  # scripts can tell that no staffing within the search met the targets
