"""``approvalnet import``: BPMN 2.0 back into the process language."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from ._support import fail, print_json, refuse_overwriting, refuse_replacing, write_output


@click.command("import", help=_(
    "Read a BPMN 2.0 file into the process language (YAML).\n\nTasks become steps, lanes lanes, "
    "exclusive and parallel gateways outcomes, parallel splits and joins, end events `end:` "
    "outcomes. Elements the language cannot express (sub-processes, boundary and intermediate "
    "events, inclusive gateways, message flows, other pools …) are reported as FILE:LINE: "
    "MESSAGE on stderr and left out of the YAML, which says so at its top; so are values the "
    "language refuses (a probability that is none, a negative staff count, fields of "
    "approvalnet:item), left out or replaced by placeholders. The YAML written always "
    "validates. Exit code 0 when everything was expressed, 1 when something was left out or "
    "replaced, 2 when the file is not readable BPMN or its process cannot be a valid one (then "
    "nothing is written)."
))
@click.argument("file", type=click.Path())
@click.option("--force", is_flag=True, help=_("replace the -o file when it exists"))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help=_("write the YAML to this file instead of stdout"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text: the YAML on stdout and problems on stderr; json: one JSON object on stdout"))
def import_command(file: str, output: str | None, fmt: str, force: bool) -> None:
    from ..formats.bpmn import BpmnError, from_bpmn
    from ..formats.bpmn_import import ImportResult

    if Path(file).is_dir():
        fail(_("{file}: is a folder; give a BPMN file").format(file=file))
    if not Path(file).is_file():
        fail(_("{file}: no such file").format(file=file))
    refuse_overwriting([file], ("-o", output))
    refuse_replacing("-o", output, force)
    try:
        text, problems = from_bpmn(file)
    except BpmnError as error:
        if error.reasons:  # the BPMN was read, but its process cannot be one of the language
            fail(f"{file}: cannot be imported: the process it holds would not be valid, so no YAML is written\n"
                 + "\n".join(f"  {file}:{r.line}: {r.message}" if r.line else f"  {file}: {r.message}"
                              for r in error.reasons))
        fail(f"{file}:{error.line}: {error}" if error.line else f"{file}: {error}")
    result = ImportResult(file, text, output, problems)
    if output:
        write_output(output, text)
    if fmt == "json":
        print_json(result.to_json())
    else:
        if not output:
            sys.stdout.write(text)
        for problem in problems:
            click.echo(f"{file}:{problem.line}: {problem.message}" if problem.line else f"{file}: {problem.message}",
                       err=True)
        if output:
            state = (f"{len(problems)} problem(s), listed above and at its top" if problems
                     else "everything expressed")
            click.echo(f"wrote {output} ({state})", err=True)
    sys.exit(1 if problems else 0)
