"""``approvalnet staff``: the smallest staff per window and department that meets the targets.

Exit codes: 0 a staffing meets the targets (or the sweep ran), 1 no staffing within the search met
them, 2 an invalid centre or item (its problems are printed), usage errors and runs the simulator
refuses.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from ..centre.staffing import WAIT_SHARE, Targets
from ..i18n import _
from ..language.centre_loader import CentreModel
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
@SCHEDULER
def staff_command(centre: str, targets: tuple[str, ...], max_wait: str | None, sweep: str | None, days: float,
                  replications: int | None, confidence: float, precision_share: float, precision_wait: str | None,
                  max_replications: int, warmup: float, seed: int, fmt: str, report_path: str | None,
                  scheduler: str | None) -> None:
    """``approvalnet staff`` (its help is the command's ``help``, to be translated)."""
    from ..centre.staffing import Precision, StaffingError, search_staff, sweep_staff
    from ..sim.engine import NothingFinished, SimulationError

    refuse_overwriting([centre], ("--report", report_path))
    model = load_centre_or_exit(centre, fmt)
    refuse_overwriting([item.path for item in model.items], ("--report", report_path))
    goal = parse_targets(targets, max_wait)
    pool, sizes = parse_sweep(sweep, model) if sweep is not None else ("", [])
    first = replications or 10
    if sweep is None and first > max_replications:
        fail(_("--replications {first} is more than --max-replications {most}").format(
            first=first, most=max_replications))
    precision = Precision(on_time=precision_share, wait=parse_minutes(precision_wait, "--precision-wait")
                          if precision_wait is not None else (goal.max_wait or 10.0) * WAIT_SHARE,
                          confidence=confidence, first=first, most=max_replications)
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


def parse_targets(given: Sequence[str], max_wait: str | None) -> Targets:
    """``--target`` and ``--max-wait``: the targets a staffing must meet (on time 95 % when none is given)."""
    values: dict[str, float | None] = {"on_time": None, "statutory": None, "max_utilization": None}
    for target in given:
        key, sep, value = target.partition("=")
        name = {"on-time": "on_time", "ontime": "on_time", "promised": "on_time", "statutory": "statutory",
                "utilization": "max_utilization"}.get(key.strip())
        if not sep or name is None:
            fail(_("--target {target}: write on-time=0.99, statutory=1.0 or utilization=0.85").format(target=target))
        try:
            share = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
        except ValueError:
            fail(_("--target {target}: '{value}' is not a number").format(target=target, value=value))
        if not 0 < share <= 1:
            fail(_("--target {target}: a share between 0 and 1 (or a percentage)").format(target=target))
        values[name] = share
    wait = parse_minutes(max_wait) if max_wait is not None else None
    if not given and wait is None:
        values["on_time"] = 0.95
    return Targets(values["on_time"], values["statutory"], wait, values["max_utilization"])


def parse_minutes(text: str, option: str = "--max-wait") -> float:
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(min|m|minutes?|h|hours?)?\s*", text)
    if not match:
        fail(_("{option} {text}: write a time such as 30min or 2h").format(option=option, text=text))
    value = float(match.group(1))
    if value <= 0:
        fail(_("{option} {text}: the time must be more than zero").format(option=option, text=text)
             if option != "--max-wait" else
             _("--max-wait {text}: the wait must be more than zero (a queue always waits a little)").format(text=text))
    return value * 60 if (match.group(2) or "min").startswith("h") else value


def parse_sweep(text: str, centre: CentreModel) -> tuple[str, list[int]]:
    """``windows=4..16`` (the only window pool), ``market=2..8`` or ``departments.market=2..8``."""
    match = re.fullmatch(r"\s*([A-Za-z][\w.-]*)\s*=\s*([0-9]+)\s*\.\.\s*([0-9]+)\s*", text)
    if not match:
        fail(_("--sweep {text}: write POOL=LOW..HIGH, e.g. windows=4..16").format(text=text))
    name, low, high = match.group(1), int(match.group(2)), int(match.group(3))
    spec = centre.centre
    kind, _dot, bare = name.rpartition(".")
    if kind and kind not in ("windows", "departments"):
        fail(_("--sweep {text}: write POOL=LOW..HIGH with POOL a window or department id, or "
               "windows.<id> or departments.<id>").format(text=text))
    pools = spec.windows if kind == "windows" else spec.departments if kind == "departments" else None
    if pools is not None and bare not in pools:
        # one sentence per kind of pool: Chinese names the kind with its own word order
        message = (_("--sweep {text}: the centre has no window '{id}'; it has {ids}") if kind == "windows"
                   else _("--sweep {text}: the centre has no department '{id}'; it has {ids}"))
        fail(message.format(text=text, id=bare, ids=", ".join(pools)))
    name = bare or name
    if name == "windows":
        if len(spec.windows) != 1:
            fail(_("--sweep {text}: the centre has {n} window pools; name one ({ids})")
                 .format(text=text, n=len(spec.windows), ids=", ".join(spec.windows)))
        name = next(iter(spec.windows))
    if name not in spec.windows and name not in spec.departments:
        fail(_("--sweep {text}: no window or department '{id}'; the centre has {ids}")
             .format(text=text, id=name, ids=", ".join([*spec.windows, *spec.departments])))
    if not 1 <= low <= high or high - low > 40:
        fail(_("--sweep {text}: give a range from at least 1 upwards, of at most 41 sizes").format(text=text))
    return name, list(range(low, high + 1))
