"""``approvalnet schema``: the JSON Schema of process and centre files, for editors."""

from __future__ import annotations

import click

from ..i18n import _
from ._support import write_or_print


# this module is imported after --lang is read (cli.LazyGroup), so its help is translated here
@click.command("schema", help=_("Print the JSON Schema (draft-07) of process files (or of centre files), for "
                                "editors and other tools."))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=_("write to this file instead of stdout"))
@click.option("--centre", is_flag=True, help=_("the schema of centre files instead of process files"))
@click.option("--calendar-file", "calendar", is_flag=True,
              help=_("the schema of calendar files (docs/calendar.md) instead of process files"))
def schema_command(output: str | None, centre: bool, calendar: bool) -> None:
    """Print the JSON Schema of process or centre files (the help is the command's ``help=`` above)."""
    from ..language.schema import schema_text

    if centre and calendar:
        raise click.UsageError(_("give --centre or --calendar-file, not both"))
    write_or_print(schema_text(centre, calendar), output)
