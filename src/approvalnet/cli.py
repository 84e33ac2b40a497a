"""The ``approvalnet`` command line: a thin layer over the library.

Every command builds one result object and prints it for people (rich text) or for machines
(``--format json``). Exit codes follow ruff and sqlfluff: 0 clean, 1 problems found in the inputs,
2 usage, configuration or I/O errors. Heavy modules (pm4py above all) are imported inside the
commands that need them, so ``--help`` and ``validate`` start fast.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text for people, json for machines")


class UsageProblem(Exception):
    """A problem with what the user asked for: printed without a traceback, exit code 2."""


def fail(message: str) -> NoReturn:
    raise UsageProblem(message)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="approvalnet")
def cli() -> None:
    """Validate, verify, render and simulate government approval processes (行政审批)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@FORMAT
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="processes to use for many files  [default: one per core]")
def validate(paths: tuple[str, ...], fmt: str, jobs: int | None) -> None:
    """Check that process files are well-formed: syntax, keys, types, references, probabilities.

    PATHS are files or folders (searched recursively for *.yaml and *.yml). Exit code 0 when every
    file is valid, 1 when any is invalid, 2 when a path is missing or holds no process files.
    """
    from .language.validate import validate_files
    from .paths import PathError, find_process_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    report = validate_files(files, jobs)
    if fmt == "json":
        _print_json(report.to_json())
    else:
        from .reports.text import print_validation

        print_validation(report, _console())
    sys.exit(EXIT_OK if report.valid else EXIT_PROBLEMS)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write to this file instead of stdout")
def schema(output: str | None) -> None:
    """Print the JSON Schema (draft-07) of process files, for editors and other tools."""
    from .language.schema import schema_text

    text = schema_text()
    if output:
        from .fileio import write_atomic

        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    try:
        cli.main(args=argv, prog_name="approvalnet", standalone_mode=False)
    except UsageProblem as problem:
        click.echo(f"approvalnet: error: {problem}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("approvalnet: interrupted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("approvalnet: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug of ours: say so plainly, without a traceback
        click.echo(f"approvalnet: internal error: {type(error).__name__}: {error}\n"
                   "Please report this with the command and input that caused it.", err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
