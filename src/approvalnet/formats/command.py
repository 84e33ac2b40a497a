"""The ``export`` and ``import`` commands (registered lazily in ``approvalnet.cli``).

``approvalnet export FILE --format bpmn|pnml -o OUT`` writes a process as BPMN 2.0 (with its
diagram) or as the PNML of its Petri net. ``approvalnet import FILE.bpmn [-o OUT.yaml]`` reads BPMN
back into the process language. Exit codes: 0 done; 1 BPMN elements the language cannot express,
or values it refuses (import: the YAML is still written, without them or with placeholders, and
saying so at its top; it always validates); 2 usage and I/O errors, an invalid process file
(export), input that is not BPMN at all, and BPMN whose process cannot be one of the language (no
YAML is written).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .bpmn import BpmnProblem


def write_output(path: str, data: str | bytes, what: str = "") -> None:
    """Write an output file atomically, or fail (exit 2) saying plainly why it cannot be written."""
    from ..cli import fail
    from ..fileio import write_atomic

    try:
        write_atomic(path, data)
    except OSError as error:
        fail(f"{path}: cannot write{what}: {why_not_written(path, error)}")


def why_not_written(path: str | Path, error: OSError) -> str:
    """Why ``path`` could not be written, in words: a folder where the file should go, a file where a
    folder should be (``FileExistsError`` from creating the folders says neither), or the system's reason."""
    target = Path(path)
    if target.is_dir():
        return "it is a folder"
    for parent in target.parents:
        if parent.exists() and not parent.is_dir():
            return f"{parent} is a file, not a folder"
    return error.strerror or str(error)


@click.command("export")
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["bpmn", "pnml"]), default=None,
              help="bpmn: BPMN 2.0 XML with a diagram (bpmn.io, Camunda Modeler); pnml: the Petri net  "
                   "[default: from the suffix of -o, else bpmn]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write to this file instead of stdout")
def export_command(file: str, fmt: str | None, output: str | None) -> None:
    """Export a process file as BPMN 2.0 XML (with lanes and a diagram layout) or as PNML.

    The BPMN opens in bpmn.io and Camunda Modeler; what BPMN has no place for (step kinds,
    durations, probabilities, the item's fields) travels in approvalnet: extension attributes, so
    that `approvalnet import` gives the same process back. The same file always gives the same bytes.
    """
    from ..cli import _load_or_exit

    if fmt is None:
        fmt = "pnml" if output and Path(output).suffix.lower() == ".pnml" else "bpmn"
    process = _load_or_exit(file)
    if fmt == "bpmn":
        from .bpmn import to_bpmn

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


@dataclass(slots=True)
class ImportResult:
    """What one import gave: the YAML, where it went, and the BPMN elements it could not express."""

    file: str
    yaml: str
    output: str | None
    problems: list[BpmnProblem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "output": self.output,
            "complete": not self.problems,
            "problems": [{"file": self.file, **p.to_json()} for p in self.problems],
        }
        if self.output is None:
            data["yaml"] = self.yaml
        return data


@click.command("import")
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write the YAML to this file instead of stdout")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the YAML on stdout and problems on stderr; json: one JSON object on stdout")
def import_command(file: str, output: str | None, fmt: str) -> None:
    """Read a BPMN 2.0 file into the process language (YAML).

    Tasks become steps, lanes lanes, exclusive and parallel gateways outcomes, parallel splits and
    joins, end events `end:` outcomes. Elements the language cannot express (sub-processes,
    boundary and intermediate events, inclusive gateways, message flows, other pools …) are
    reported as FILE:LINE: MESSAGE on stderr and left out of the YAML, which says so at its top; so
    are values the language refuses (a probability that is none, a negative staff count, fields of
    approvalnet:item), left out or replaced by placeholders. The YAML written always validates.
    Exit code 0 when everything was expressed, 1 when something was left out or replaced, 2 when
    the file is not readable BPMN or its process cannot be a valid one (then nothing is written).
    """
    from ..cli import _print_json, fail
    from .bpmn import BpmnError, from_bpmn

    if Path(file).is_dir():
        fail(f"{file}: is a folder; give a BPMN file")
    if not Path(file).is_file():
        fail(f"{file}: no such file")
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
        _print_json(result.to_json())
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
