"""The options that say how to read an event log, declared once for ``conform`` and ``discover``.

    @click.command("conform")
    @click.argument("log")
    @log_options()
    def conform_command(log: str, columns: LogColumns, log_options: LogOptions) -> None: ...

The command receives them as a ``LogColumns`` and a ``LogOptions``; a delimiter that cannot be one
fails here, with the option's name as the user typed it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from ..eventlog.columns import NAMES, LogColumns, LogOptions, delimiter_of
from ..i18n import _
from ._support import Finite, FormattedHelpOption, fail, note


def _usual(role: str, shown: int = 2) -> dict[str, object]:
    return {"names": ", ".join(NAMES[role][:shown])}


_OPTIONS = (
    click.option("--case", "case_column", metavar="COLUMN", cls=FormattedHelpOption, help_values=_usual("case"),
                 help=_("the column (in XES: the attribute key) of the case id  [default: {names} …]")),
    click.option("--activity", "activity_column", metavar="COLUMN", cls=FormattedHelpOption,
                 help_values=_usual("activity"), help=_("the column of the activity  [default: {names} …]")),
    click.option("--timestamp", "timestamp_column", metavar="COLUMN", cls=FormattedHelpOption,
                 help_values=_usual("timestamp"), help=_("the column of the (completion) time  [default: {names} …]")),
    click.option("--start-timestamp", "start_column", metavar="COLUMN", cls=FormattedHelpOption,
                 help_values=_usual("start_timestamp"),
                 help=_("the column of the start time: each row is then one activity instance  [default: {names} …, "
                        "when there is no lifecycle column]")),
    click.option("--resource", "resource_column", metavar="COLUMN", cls=FormattedHelpOption,
                 help_values=_usual("resource"), help=_("the column of the resource  [default: {names} …]")),
    click.option("--lifecycle", "lifecycle_column", metavar="COLUMN", cls=FormattedHelpOption,
                 help_values=_usual("lifecycle"), help=_("the column of start/complete  [default: {names} …]")),
    click.option("--delimiter", metavar="CHAR",
                 help=_("the CSV's delimiter: one character, 'tab' for a tab  [default: guessed from the header]")),
    click.option("--encoding", default="utf-8-sig", show_default=True,
                 help=_("the CSV's text encoding, e.g. gbk (utf-8-sig reads UTF-8 with or without a byte order mark)")),
    click.option("--timestamp-format", metavar="FORMAT",
                 help=_("strptime format of timestamps that are not ISO 8601, e.g. '%d.%m.%Y %H:%M'")),
    click.option("--utc-offset", "utc_offset", type=Finite(-14, 14), default=8.0, show_default=True,
                 help=_("hours from UTC of the office's clock: timestamps with an offset are converted to it, those "
                      "without one are on it")),
    click.option("--sheet", metavar="NAME",
                 help=_("the worksheet of an Excel (.xlsx) log  [default: the first]")),
)
# discover named the delimiter --sep before both commands shared these options: old scripts still run
_SEP = click.option("--sep", hidden=True, help=_("the old name of --delimiter"))


def log_options(*, old_sep: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add the options of reading an event log to a command, which receives them as ``columns``
    and ``log_options``; ``old_sep``: also take the delimiter as ``--sep``, hidden and deprecated."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, case_column: str | None, activity_column: str | None, timestamp_column: str | None,
                start_column: str | None, resource_column: str | None, lifecycle_column: str | None,
                delimiter: str | None, encoding: str, timestamp_format: str | None, utc_offset: float,
                sheet: str | None, sep: str | None = None, **kwargs: Any) -> Any:
            option = "--delimiter"
            if sep is not None:
                if delimiter is not None:
                    fail(_("give --delimiter; --sep is its old name, not another option"))
                note(_("--sep is now called --delimiter; --sep will go in a later version"))
                option, delimiter = "--sep", sep
            try:
                delimiter_of(delimiter)
            except ValueError as error:
                fail(f"{option} {error}")
            columns = LogColumns(case=case_column, activity=activity_column, timestamp=timestamp_column,
                                 start_timestamp=start_column, resource=resource_column, lifecycle=lifecycle_column)
            options = LogOptions(delimiter=delimiter, encoding=encoding, timestamp_format=timestamp_format,
                                 utc_offset=utc_offset, sheet=sheet)
            return command(*args, columns=columns, log_options=options, **kwargs)

        for option in reversed((*_OPTIONS, _SEP) if old_sep else _OPTIONS):
            run = option(run)
        return run

    return decorate
