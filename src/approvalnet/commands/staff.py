"""``approvalnet staff``: the smallest staff per window and department that meets the targets.

Exit codes: 0 a staffing meets the targets (or the sweep ran), 1 no staffing within the search met
them, 2 an invalid centre or item (its problems are printed), usage errors and runs the simulator
refuses.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..i18n import _
from ._support import (
    EXIT_PROBLEMS,
    SCHEDULER,
    Finite,
    console,
    fail,
    load_centre_or_exit,
    print_json,
    progress_bar,
    refuse_overwriting,
    scheduler_or_exit,
    write_output,
)


@click.command("staff", help=_(
    # the command's help given here, not as the docstring, so that it is translated
    "Find the smallest staff per window and department that meets the targets.\n\n"
    "Starts from queueing theory (Erlang C for each pool at its offered load), then simulates "
    "the whole centre and adds staff where the targets are missed, removing what is not "
    "needed, until every target holds. With --sweep, prints the KPIs for a range of one "
    "pool's size instead. Exit code 1 when the search ends without meeting the targets (e.g. "
    "limits that the work itself exceeds, however many staff wait for it)."))
@click.argument("centre", type=click.Path())
@click.option("--target", "targets", multiple=True, metavar="on-time=0.99",
              help=_("what the staffing must achieve (repeatable): on-time=SHARE (promised limits), "
                     "statutory=SHARE, utilization=SHARE (at most)  [default: on-time=0.95]"))
@click.option("--max-wait", default=None, metavar="30min",
              help=_("the mean wait for a window or department must not exceed this (e.g. 30min, 2h)"))
@click.option("--sweep", default=None, metavar="POOL=LOW..HIGH",
              help=_("instead of a search: the KPIs for each size of one pool, e.g. windows=4..16 or market=2..8"))
@click.option("--days", type=Finite(min=0, min_open=True), default=60.0, show_default=True,
              help=_("working days simulated per evaluation"))
@click.option("--replications", type=click.IntRange(min=2), default=3, show_default=True,
              help=_("runs per evaluation (for the confidence intervals)"))
@click.option("--warmup", type=Finite(min=0), default=5.0, show_default=True,
              help=_("working days simulated first and left out of each evaluation"))
@click.option("--seed", type=int, default=0, show_default=True, help=_("the same seed gives the same results"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help=_("also write an HTML page with the table (and the sweep's plot)"))
@SCHEDULER
def staff_command(centre: str, targets: tuple[str, ...], max_wait: str | None, sweep: str | None, days: float,
                  replications: int, warmup: float, seed: int, fmt: str, report_path: str | None,
                  scheduler: str | None) -> None:
    """``approvalnet staff`` (its help is the command's ``help``, to be translated)."""
    from ..centre.staffing import StaffingError, search_staff, sweep_staff
    from ..sim.engine import NothingFinished, SimulationError

    refuse_overwriting([centre], ("--report", report_path))
    model = load_centre_or_exit(centre, fmt)
    refuse_overwriting([item.path for item in model.items], ("--report", report_path))
    from ..centre.options import parse_sweep, parse_targets

    try:
        goal = parse_targets(targets, max_wait)
        pool, sizes = parse_sweep(sweep, model) if sweep is not None else ("", [])
    except StaffingError as error:
        fail(str(error))
    try:
        with scheduler_or_exit(scheduler) as dask:
            if sweep is not None:
                given = goal if targets or max_wait is not None else None  # judge sizes only against asked targets
                # the sweep's runs all go to the workers at once: show them done, on a terminal
                wanted = dask is not None and fmt == "text" and console(stderr=True).is_terminal
                with progress_bar(_("simulating"), 1.0, wanted=wanted) as bar:
                    result: Any = sweep_staff(model, pool, sizes, days=days, replications=replications,
                                              warmup_days=warmup, seed=seed, targets=given, scheduler=dask,
                                              progress=bar)
            else:
                result = search_staff(model, goal, days=days, replications=replications, warmup_days=warmup,
                                      seed=seed, scheduler=dask)
    except NothingFinished as error:
        fail(_("{error}; raise --days").format(error=error))
    except StaffingError as error:
        fail(str(error))
    except SimulationError as error:
        fail(f"{centre}: {error}")
    from ..centre.staffing import SweepResult
    from ..reports import staffing as present

    sweeping = isinstance(result, SweepResult)
    if report_path is not None:
        page = present.sweep_html(result) if sweeping else present.staffing_html(result)
        write_output(report_path, page, " the report")
    if fmt == "json":
        print_json(result.to_json())
    elif sweeping:
        present.print_sweep(result)
    else:
        present.print_staffing(result)
    if getattr(result, "met", True) is False:
        sys.exit(EXIT_PROBLEMS)  # scripts can tell that no staffing within the search met the targets
