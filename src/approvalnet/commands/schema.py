"""``approvalnet schema``: the JSON Schema of process and centre files, for editors."""

from __future__ import annotations

import click

from ._support import write_or_print


@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write to this file instead of stdout")
@click.option("--centre", is_flag=True, help="the schema of centre files instead of process files")
def schema_command(output: str | None, centre: bool) -> None:
    """Print the JSON Schema (draft-07) of process files (or of centre files), for editors and other tools."""
    from ..language.schema import schema_text

    write_or_print(schema_text(centre), output)
