"""Implementation lists for people: what ``list import`` read and wrote, what ``list export`` wrote."""

from __future__ import annotations

from typing import Any

from ..i18n import _, ngettext


def print_import(result: Any, folder: str, out: Any, err: Any) -> None:
    """Which columns were used, each row's problems at its cell, and what was written where."""
    from rich.text import Text

    sheet = _(", sheet {sheet}").format(sheet=result.sheet) if result.sheet else ""
    out.print(Text(ngettext("{file}{sheet}: {count} item row", "{file}{sheet}: {count} item rows",
                            len(result.rows)).format(file=result.source, sheet=sheet, count=len(result.rows))))
    used = "; ".join(f"{column} {heading}" for column, heading in sorted(
        result.columns.values(), key=lambda c: (len(c[0]), c[0])))
    out.print(Text(_("  columns used: {columns}").format(columns=used)))
    if result.ignored:
        out.print(Text(_("  columns ignored: {columns}").format(
            columns="; ".join(f"{c} {h}" for c, h in result.ignored))))
    if result.material_sheet:
        out.print(Text(_("  materials from sheet {sheet}").format(sheet=result.material_sheet)))
    for converted in result.rows:
        for note in converted.notes:
            level = _("error") if note.level == "error" else _("warning")
            style = "red" if note.level == "error" else "yellow"
            err.print(Text(f"{note.where}: {level}: {note.message}", style=style))
    written = sum(r.ok for r in result.rows)
    refused = len(result.rows) - written
    out.print(Text(ngettext("{count} process file written to {folder}", "{count} process files written to {folder}",
                            written).format(count=written, folder=folder), style="green" if written else ""))
    if refused:
        out.print(Text(ngettext("{count} row not imported: fix it in the list (see the messages above)",
                                "{count} rows not imported: fix them in the list (see the messages above)",
                                refused).format(count=refused), style="red"))
    if written:
        out.print(Text(_("next: approvalnet check {folder}").format(folder=folder)))


def print_export(count: int, output: str, out: Any) -> None:
    from rich.text import Text

    out.print(Text(ngettext("{count} item written to {file}", "{count} items written to {file}", count).format(
        count=count, file=output)))
