"""``approvalnet log``: event logs converted between formats (``log convert``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _
from ._log_options import log_options
from ._support import EXIT_OK, console, fail, refuse_overwriting, refuse_replacing

if TYPE_CHECKING:
    from ..eventlog import LogColumns, LogOptions


@click.group("log", help=_("Event logs: convert between the formats approvalnet reads."))
def log_command() -> None:
    """The group; its commands follow."""


@log_command.command("convert", help=_(
    "Write an event log (CSV, Excel, XES, Parquet or a folder of parts) as one Parquet file.\n\n"
    "The log is read with the same column mapping as `conform` and `discover`, and written as start "
    "and complete events in the columns they find by name (case_id, activity, lifecycle, timestamp, "
    "resource), times on the office's clock, a row group at a time, so that a log of any size needs "
    "little memory. Parquet keeps the log typed and compressed, and data platforms read it too. The "
    "file is written whole or not at all. With --parts N, OUTPUT is a folder of N Parquet parts, each case "
    "in the part given by a hash of its id, so that no case spans two parts: `conform` checks such a "
    "folder part by part, on Dask's workers with --scheduler. Exit code 0 when written, 2 when the log "
    "cannot be read or the output exists (give --force)."))
@click.argument("log")
@click.argument("output", type=click.Path())
@log_options()
@click.option("--parts", type=click.IntRange(min=1, max=10_000),
              help=_("write OUTPUT as a folder of this many parts, cut by a hash of the case id"))
@click.option("--force", is_flag=True, help=_("replace OUTPUT when it exists"))
def convert_command(log: str, output: str, columns: LogColumns, log_options: LogOptions, parts: int | None,
                    force: bool) -> None:
    from ..eventlog import LogError, LogReader, NotGrouped, write_parquet

    if parts is None and not output.lower().endswith(".parquet"):
        fail(_("{output}: the converted log is a Parquet file; give a name ending in .parquet, or --parts N for a "
               "folder of parts").format(output=output))
    if parts is not None and Path(output).is_file():
        fail(_("{output}: is a file; with --parts the converted log is a folder of parts").format(output=output))
    refuse_overwriting([log], ("OUTPUT", output))
    refuse_replacing("OUTPUT", output, force)
    if parts is not None and Path(output).is_dir():
        # --force replaces a folder of parts, and only that: never a folder of other files, nor the input's
        folder = Path(output).resolve()
        if folder == Path(log).resolve() or folder in Path(log).resolve().parents:
            fail(_("{output}: holds the input log; choose another folder").format(output=output))
        others = [p.name for p in folder.iterdir() if not (p.is_file() and p.name.startswith("part-")
                                                             and p.suffix == ".parquet")]
        if others:
            fail(_("{output}: holds other files than parts ({names}); only a folder of parts is replaced").format(
                output=output, names=", ".join(sorted(others)[:3])))
    try:
        reader = LogReader(log, columns, log_options)
        try:
            counted = write_parquet(reader.cases(grouped=True), output, parts)
        except NotGrouped:
            counted = write_parquet(reader.cases(grouped=False), output, parts)
    except LogError as error:
        fail(str(error))
    except OSError as error:
        fail(_("{output}: cannot write: {reason}").format(output=output, reason=error.strerror or error))
    cases, rows = counted
    console(stderr=True).print(_("{cases} cases, {rows} events written to {output}").format(
        cases=cases, rows=rows, output=Path(output)), highlight=False)
    sys.exit(EXIT_OK)
