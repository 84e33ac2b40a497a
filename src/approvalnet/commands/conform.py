"""``approvalnet conform``: a real event log checked against its process.

Load the process, stream the log through ``conform``, print the result as rich tables for people or
as JSON for machines, and optionally write the HTML report. Exit codes: 0 every case conforms, 1
deviations found, 2 an invalid process file, a log that cannot be read, a column mapping or mapping
file that does not fit, and other usage errors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from ..i18n import _
from ._log_options import log_options
from ._support import (
    CALENDAR,
    calendar_or_exit,
    console,
    fail,
    load_or_exit,
    note,
    parse_scheduler_or_exit,
    print_json,
    progress_bar,
    refuse_overwriting,
    scheduler_option,
    write_output,
)

if TYPE_CHECKING:
    from ..eventlog import LogColumns, LogOptions


@click.command("conform", help=_(
    "Check an event log against its process: fitness, precision, deviations and time "
    "limits.\n\nLOG is a CSV, an Excel workbook (.xlsx, .xlsm: its first sheet, or the one "
    "--sheet names) or an XES file (.xes, .xes.gz); columns are found by their usual names or "
    "given with --case, --activity, --timestamp (and --start-timestamp, --resource, "
    "--lifecycle); for XES the same options name attribute keys. Activities are "
    "steps by name or id, or by a --mapping file; others are reported as steps not in the "
    "standard. Each case is checked for skipped steps (a decision without its review), steps "
    "in the wrong order, repeated supplement notices (Art. 32) and the promised, statutory "
    "(Art. 42) and delivery (Art. 44) limits in working days, Art. 45 steps excluded. Exit "
    "code 0 when every case conforms, 1 when some deviate, 2 when the log cannot be read."
))
@click.argument("process_file", metavar="PROCESS", type=click.Path())
@click.argument("log", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help=_("also write an HTML report: the diagram with the deviations' counts, the worst cases"))
@log_options()
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), default=None,
              help=_("a YAML file mapping activities of the log to step ids (null: leave the activity out)"))
@click.option("--alignments", is_flag=True, help=_("also compute fitness by pm4py's alignments (slower)"))
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True,
              help=_("deviating cases printed (text format), worst first"))
@click.option("--progress/--no-progress", "show_progress", default=None,
              help=_("show progress on stderr  [default: on a terminal, with --format text]"))
@CALENDAR
@scheduler_option(_("a Dask scheduler (local[:N] or tcp://HOST:PORT) that checks the parts of a folder log on its "
                    "workers (`log convert LOG OUT --parts N` writes one); a single file is checked here"))
def conform_command(process_file: str, log: str, fmt: str, report_path: str | None, columns: LogColumns,
                    log_options: LogOptions, mapping_path: str | None, alignments: bool, show: int,
                    show_progress: bool | None, calendar_path: str | None, scheduler: str | None) -> None:
    from ..conform import conform
    from ..conform.mapping import MappingError
    from ..eventlog import LogError, check_log_file

    try:
        check_log_file(log)  # before the process is loaded and its net built
    except LogError as error:
        fail(str(error))
    refuse_overwriting([process_file, log, mapping_path], ("--report", report_path))
    dask = parse_scheduler_or_exit(scheduler)
    process = load_or_exit(process_file, fmt)
    calendar = calendar_or_exit(calendar_path, fmt, list(process.lanes), process_file)
    try:
        with _progress(fmt, show_progress) as progress:
            result = conform(process, log, columns=columns, options=log_options, mapping=mapping_path,
                             alignments=alignments, progress=progress, scheduler=dask, calendar=calendar)
    except (LogError, MappingError) as error:
        fail(str(error))
    if report_path is not None:
        from ..reports.conformance_html import report_html

        write_output(report_path, report_html(result, process), " the report")
    if fmt == "json":
        print_json(result.to_json())
    else:
        from ..reports.conformance import print_result

        print_result(result, show=show)
        if report_path is not None:
            note(_("report written to {report_path}").format(report_path=report_path))
    sys.exit(0 if result.conforms else 1)


@contextmanager
def _progress(fmt: str, wanted: bool | None) -> Iterator[Callable[[int, int, int], None] | None]:
    """A progress bar on a terminal; plain lines when asked for elsewhere; nothing for JSON unless asked."""
    terminal = console(stderr=True).is_terminal
    if wanted is False or (wanted is None and (fmt != "text" or not terminal)):
        yield None
        return
    if not terminal:
        last = [0.0]

        def line(cases: int, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 1.0 or (total and done >= total):
                last[0] = now
                share = f"{done / total:.0%} of the log" if total else ""
                # cases < 0: not known yet (the parts on Dask's workers report when they are done)
                counted = f"{cases} cases" if cases >= 0 else ""
                click.echo(f"conform: {', '.join(filter(None, (counted, share)))}", err=True)

        yield line
        return
    with progress_bar("conforming", 1.0, wanted=True, counter="cases") as bar:
        assert bar is not None
        yield lambda cases, done, total: bar(done / total if total else 0.0, cases=cases if cases >= 0 else "–")
