"""``approvalnet compare``: two versions of a process or a centre, before and after a reform.

Load both files, compare them, print the comparison as a rich table for people or as JSON for
machines, optionally write it to a file and as an HTML page. Exit codes: 0 done, 2 either file is
not a valid process or centre (its problems are printed), usage errors and simulations the
simulator refuses (a lane that cannot keep up at the common arrival rate).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..i18n import _
from ._support import (
    Finite,
    fail,
    load_centre_or_exit,
    load_or_exit,
    print_json,
    refuse_overwriting,
    simulation_failed,
    write_output,
)


@click.command("compare", help=_(
    # the command's help given here, not as the docstring, so that it is translated
    "Compare two versions of a process (or of a centre), before (OLD) and after (NEW) a "
    "reform.\n\n"
    "The four reductions reform programmes report — 减环节 steps, 减材料 materials, 减时限 promised "
    "and statutory limits, 减跑动 on-site visits — the modelled worst-case duration, and the "
    "simulated cycle time and on-time rates, with the change in percent. Both versions are "
    "simulated at the same arrival rate (OLD's, or --rate), with the same seed and length: "
    "the same demand."))
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--days", type=Finite(min=0, min_open=True), default=250.0, show_default=True,
              help=_("working days to simulate each version, after the warm-up"))
@click.option("--seed", type=int, default=0, show_default=True, help=_("the same seed for both versions"))
@click.option("--replications", type=click.IntRange(min=1), default=5, show_default=True,
              help=_("independent runs of each version; two or more give 95 % confidence intervals"))
@click.option("--warmup", type=Finite(min=0), default=0.0, show_default=True,
              help=_("working days simulated first and left out of the results"))
@click.option("--rate", type=Finite(min=0, min_open=True), default=None,
              help=_("arrivals per working day for both versions  [default: OLD's rate]"))
@click.option("--no-simulate", "no_simulate", is_flag=True, help=_("only the static figures: no simulation"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=_("write the text or JSON to this file instead of stdout"))
@click.option("--report", "--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help=_("also write the comparison as a self-contained HTML page (--html is the old name)"))
def compare_command(old: str, new: str, days: float, seed: int, replications: int, warmup: float,
                    rate: float | None, no_simulate: bool, fmt: str, output: str | None,
                    html_path: str | None) -> None:
    """``approvalnet compare`` (its help is the command's ``help``, to be translated)."""
    from ..compare.process import compare_processes
    from ..sim.engine import SimulationError

    for path in (old, new):
        if not Path(path).is_file():
            fail(_("{path}: no such file").format(path=path))
    refuse_overwriting([old, new], ("-o", output), ("--report", html_path))
    if _is_centre(old) or _is_centre(new):
        if rate is not None:
            fail(_("--rate is for two processes; two centres are compared at OLD's item volumes"))
        comparison = compare_centres_hook(old, new, fmt=fmt, days=days, seed=seed, replications=replications,
                                          warmup=warmup, simulate=not no_simulate,
                                          outputs=(("-o", output), ("--report", html_path)))
    else:
        old_process = load_or_exit(old, fmt)
        new_process = load_or_exit(new, fmt)
        try:
            comparison = compare_processes(old_process, new_process, days=days, seed=seed,
                                           replications=replications, rate=rate, warmup_days=warmup,
                                           simulate=not no_simulate)
        except SimulationError as error:
            simulation_failed(error)
    if html_path is not None:
        from ..reports.compare import html_page

        write_output(html_path, html_page(comparison), " the HTML page")
    if fmt == "json":
        if output is not None:
            write_output(output, json.dumps(comparison.to_json(), ensure_ascii=False, indent=2) + "\n",
                         " the comparison")
        else:
            print_json(comparison.to_json())
        return
    from ..reports.compare import print_comparison

    if output is not None:
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        print_comparison(comparison, Console(file=buffer, no_color=True, width=160, soft_wrap=True))
        write_output(output, buffer.getvalue(), " the comparison")
    else:
        from rich.console import Console

        print_comparison(comparison, Console(highlight=False, soft_wrap=True))
    for written, message in ((output, _("comparison written to {path}")),
                             (html_path, _("HTML page written to {path}"))):
        if written is not None:
            click.echo(message.format(path=written), err=True)


def _is_centre(path: str) -> bool:
    from ..language.centre_loader import is_centre_file

    return is_centre_file(path)


def compare_centres_hook(old: str, new: str, *, fmt: str, days: float, seed: int, replications: int,
                         warmup: float, simulate: bool, outputs: tuple[tuple[str, str | None], ...] = ()) -> Any:
    """Two centre files: load both (exit 2 on problems) and compare them (see ``compare.centre``)."""
    from ..compare.centre import compare_centres
    from ..sim.engine import SimulationError

    if not (_is_centre(old) and _is_centre(new)):
        fail(_("cannot compare a centre with a process: {old} and {new} must both be process files or both centres")
             .format(old=old, new=new))
    old_centre, new_centre = load_centre_or_exit(old, fmt), load_centre_or_exit(new, fmt)
    refuse_overwriting([item.path for c in (old_centre, new_centre) for item in c.items], *outputs)
    try:
        return compare_centres(old_centre, new_centre, days=days, seed=seed, replications=replications,
                               warmup_days=warmup, simulate=simulate)
    except SimulationError as error:
        simulation_failed(error)
