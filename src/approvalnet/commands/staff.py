"""``approvalnet staff``: the smallest staff per window and department that meets the targets.

Exit codes: 0 a staffing meets the targets (or the sweep ran), 1 no staffing within the search met
them, 2 an invalid centre or item (its problems are printed), usage errors and runs the simulator
refuses.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import click

from ..i18n import _
from ._support import (
    CALENDAR,
    EXIT_PROBLEMS,
    SCHEDULER,
    Finite,
    calendar_or_exit,
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
@click.option("--replications", type=click.IntRange(min=2), default=None,
              help=_("runs per staffing: for a sweep, all of them [default: 3]; for a search, the first ones, "
                     "before more are added until each target is decided [default: 10]"))
@click.option("--confidence", type=Finite(min=0.5, max=0.999), default=0.95, show_default=True,
              help=_("the confidence of the search's intervals"))
@click.option("--precision", "precision_share", type=Finite(min=0, min_open=True, max=1), default=0.02,
              show_default=True,
              help=_("half-width within which an on-time share or a utilization counts as at its target"))
@click.option("--precision-wait", default=None, metavar="3min",
              help=_("half-width within which a mean wait counts as at its target (e.g. 3min)  "
                     "[default: a fifth of --max-wait]"))
@click.option("--max-replications", type=click.IntRange(min=2), default=200, show_default=True,
              help=_("the most runs the search gives one staffing; a pool whose answer needs more is "
                     "reported as undecided"))
@click.option("--warmup", type=Finite(min=0), default=5.0, show_default=True,
              help=_("working days simulated first and left out of each evaluation"))
@click.option("--seed", type=int, default=0, show_default=True, help=_("the same seed gives the same results"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help=_("also write an HTML page with the table (and the sweep's plot)"))
@CALENDAR
@SCHEDULER
def staff_command(centre: str, targets: tuple[str, ...], max_wait: str | None, sweep: str | None, days: float,
                  replications: int | None, confidence: float, precision_share: float, precision_wait: str | None,
                  max_replications: int, warmup: float, seed: int, fmt: str, report_path: str | None,
                  calendar_path: str | None, scheduler: str | None) -> None:
    """``approvalnet staff`` (its help is the command's ``help``, to be translated)."""
    from ..centre.staffing import Precision, StaffingError, search_staff, sweep_staff
    from ..sim.engine import NothingFinished, SimulationError

    refuse_overwriting([centre], ("--report", report_path))
    model = load_centre_or_exit(centre, fmt)
    if calendar_path is not None:
        pools = [*model.centre.windows, *model.centre.departments]
        model = replace(model, calendar_data=calendar_or_exit(calendar_path, fmt, pools, centre))
    refuse_overwriting([item.path for item in model.items], ("--report", report_path))
    from ..centre.options import parse_minutes, parse_sweep, parse_targets
    from ..centre.staffing import WAIT_SHARE

    try:
        goal = parse_targets(targets, max_wait)
        pool, sizes = parse_sweep(sweep, model) if sweep is not None else ("", [])
        wait_precision = (parse_minutes(precision_wait, "--precision-wait") if precision_wait is not None
                          else (goal.max_wait or 10.0) * WAIT_SHARE)
    except StaffingError as error:
        fail(str(error))
    first = replications or 10
    if sweep is None and first > max_replications:
        fail(_("--replications {first} is more than --max-replications {most}").format(
            first=first, most=max_replications))
    precision = Precision(on_time=precision_share, wait=wait_precision, confidence=confidence, first=first,
                          most=max_replications)
    try:
        with scheduler_or_exit(scheduler) as dask:
            if sweep is not None:
                given = goal if targets or max_wait is not None else None  # judge sizes only against asked targets
                # the sweep's runs all go to the workers at once: show them done, on a terminal
                wanted = dask is not None and fmt == "text" and console(stderr=True).is_terminal
                with progress_bar(_("simulating"), 1.0, wanted=wanted) as bar:
                    result: Any = sweep_staff(model, pool, sizes, days=days, replications=replications or 3,
                                              warmup_days=warmup, seed=seed, targets=given, scheduler=dask,
                                              progress=bar)
            else:
                result = search_staff(model, goal, days=days, warmup_days=warmup, seed=seed, precision=precision,
                                      scheduler=dask)
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
