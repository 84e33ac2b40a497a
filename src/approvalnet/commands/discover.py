"""``approvalnet discover``: a process file discovered from an event log.

Reads an event log, discovers a process with pm4py's inductive miner and writes it as a process
file (to ``-o FILE``, atomically, or to stdout). Exit codes: 0 written, 2 a log that cannot be read,
bad options, or an output that cannot be written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from ..i18n import _
from ..language.semantics import DEFAULT_OFFICE_HOURS
from ..language.types import OFFICE_PERIOD_PATTERN
from ._log_options import log_options
from ._support import (
    CALENDAR,
    Finite,
    calendar_or_exit,
    console,
    fail,
    print_json,
    refuse_overwriting,
    refuse_replacing,
    write_output,
)

if TYPE_CHECKING:
    from ..eventlog import LogColumns, LogOptions


@click.command("discover", help=_(
    "Discover a process file from an event log (CSV, Excel .xlsx or XES) with pm4py's inductive "
    "miner.\n\nThe "
    "steps are the log's activities; choices carry the frequencies observed in the log, "
    "durations are fitted on the office clock, lanes and staff come from the resources, and "
    "the arrival rate from the cases. Fields the log cannot tell (the item's code, type, "
    "authority, time limits) are marked PLACEHOLDER. The file is checked by the loader before "
    "it is written, and the log is replayed on its Petri net: the fitness is printed."
))
@click.argument("log", type=click.Path())
@click.option("--force", is_flag=True, help=_("replace the -o file when it exists"))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=_("write the process file here (atomically) instead of to stdout"))
@click.option("--noise", "noise", type=Finite(0.0, 1.0), default=0.0, show_default=True,
              help=_("noise threshold of the inductive miner: 0 keeps every behaviour of the log, 0.2 drops "
                   "directly-follows relations rarer than 20 % of their activity's most frequent one"))
@log_options(old_sep=True)
@click.option("--office-hours", "office_hours", default=",".join(DEFAULT_OFFICE_HOURS), show_default=True,
              help=_("office periods of a working day, comma-separated"))
@click.option("--holidays", type=click.Choice(["china", "none"]), default="china", show_default=True,
              help=_("china: public holidays and 调休 working days are known to the calendar"))
@click.option("--weekends/--no-weekends", default=True, show_default=True, help=_("Saturdays and Sundays are off"))
@CALENDAR
@click.option("--code", default=None, help=_("the item's code (实施编码), instead of a placeholder"))
@click.option("--name", default=None, help=_("the item's name (事项名称), instead of a placeholder"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
def discover_command(log: str, output: str | None, noise: float, columns: LogColumns, log_options: LogOptions,
                     office_hours: str, holidays: str, weekends: bool, calendar_path: str | None, code: str | None,
                     name: str | None, fmt: str, force: bool) -> None:
    from ..discover.discovery import DiscoveryError, Options, discover
    from ..discover.read import read_log
    from ..eventlog import LogError

    periods = tuple(p.strip() for p in office_hours.split(",") if p.strip())
    bad = [p for p in periods if not re.match(OFFICE_PERIOD_PATTERN, p)]
    if not periods or bad:
        fail(_("--office-hours: '{value}' is not a period HH:MM-HH:MM").format(
                   value=bad[0] if bad else office_hours))
    refuse_overwriting([log, calendar_path], ("-o", output))
    refuse_replacing("-o", output, force)
    calendar = calendar_or_exit(calendar_path, fmt, None, log)
    if calendar is not None and calendar.lanes:
        fail(_("{file}: the lanes of a calendar file are for simulation; discovery measures every lane on the "
               "calendar's own hours").format(file=calendar_path))
    try:
        event_log = read_log(log, columns, log_options)
    except LogError as error:
        fail(str(error))
    options = Options(noise_threshold=noise, office_hours=periods, holidays=holidays, weekends=weekends,
                      calendar=calendar, code=code, name=name)
    try:
        result = discover(event_log, options)
    except (DiscoveryError, ValueError) as error:
        fail(f"{log}: {error}")
    if output is not None:
        write_output(output, result.yaml, " the process file")
        result.output = output
    if fmt == "json":
        print_json(result.to_json())
        return
    if output is None:
        click.echo(result.yaml, nl=False)
    from ..reports.discovery import print_result

    print_result(result, console(stderr=output is None))
