"""``approvalnet net``: the workflow Petri net of a process file."""

from __future__ import annotations

import click

from ..i18n import _
from ._support import load_or_exit, refuse_overwriting, write_or_print


@click.command("net", help=_(
    "Write the workflow Petri net of a process file as PNML, DOT or JSON.\n\nPNML is written by "
    "pm4py and reads back with pm4py, ProM and WoPeD; names are derived from step ids, so the "
    "same file always gives the same net, byte for byte."
))
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["pnml", "dot", "json"]), default="pnml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=_("write to this file instead of stdout"))
def net_command(file: str, fmt: str, output: str | None) -> None:
    refuse_overwriting([file], ("-o", output))
    process = load_or_exit(file, "json" if fmt == "json" else "text")
    from ..net import export
    from ..net.build import to_petri_net

    petri = to_petri_net(process)
    writer = {"pnml": export.to_pnml, "dot": export.to_dot, "json": export.json_text}[fmt]
    write_or_print(writer(*petri), output)
