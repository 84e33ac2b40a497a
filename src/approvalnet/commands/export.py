"""``approvalnet export``: a process as BPMN 2.0 or as the PNML of its Petri net."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from ._support import load_or_exit, refuse_overwriting, write_output


@click.command("export", help=_(
    "Export a process file as BPMN 2.0 XML (with lanes and a diagram layout) or as PNML.\n\nThe "
    "BPMN opens in bpmn.io and Camunda Modeler; what BPMN has no place for (step kinds, "
    "durations, probabilities, the item's fields) travels in approvalnet: extension "
    "attributes, so that `approvalnet import` gives the same process back. The same file "
    "always gives the same bytes. Exit code 0 when written, 2 on usage and I/O errors and an "
    "invalid process file."
))
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["bpmn", "pnml"]), default=None,
              help=_("bpmn: BPMN 2.0 XML with a diagram (bpmn.io, Camunda Modeler); pnml: the Petri net  "
                   "[default: from the suffix of -o, else bpmn]"))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=_("write to this file instead of stdout"))
def export_command(file: str, fmt: str | None, output: str | None) -> None:
    if fmt is None:
        fmt = "pnml" if output and Path(output).suffix.lower() == ".pnml" else "bpmn"
    refuse_overwriting([file], ("-o", output))
    process = load_or_exit(file)
    if fmt == "bpmn":
        from ..formats.bpmn import to_bpmn

        data: bytes = to_bpmn(process)
    else:
        from ..net.build import to_petri_net
        from ..net.export import to_pnml

        data = to_pnml(*to_petri_net(process)).encode("utf-8")
    if output:
        write_output(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
