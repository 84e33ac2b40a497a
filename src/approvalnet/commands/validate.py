"""``approvalnet validate``: are the files well-formed?"""

from __future__ import annotations

import sys

import click

from ..i18n import _
from ._support import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FORMAT,
    SCHEDULER,
    console,
    fail,
    print_json,
    scheduler_or_exit,
    scheduler_progress,
)


# this module is imported after --lang is read (cli.LazyGroup), so its help is translated here
@click.command("validate", help=_(
    "Check that process files are well-formed: syntax, keys, types, references, probabilities.\n\n"
    "PATHS are files or folders (searched recursively for *.yaml and *.yml). Exit code 0 when every "
    "file is valid, 1 when any is invalid, 2 when a path is missing or holds no process files."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@FORMAT
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help=_("processes to use for many files  [default: one per core]"))
@SCHEDULER
def validate_command(paths: tuple[str, ...], fmt: str, jobs: int | None, scheduler: str | None) -> None:
    """Check that process files are well-formed (the help is the command's ``help=`` above)."""
    from ..language.validate import validate_files
    from ..paths import PathError, find_process_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    with scheduler_or_exit(scheduler) as dask, \
            scheduler_progress(_("validating"), dask, wanted=fmt == "text") as progress:
        report = validate_files(files, jobs, scheduler=dask, progress=progress)
    if fmt == "json":
        print_json(report.to_json())
    else:
        from ..reports.text import print_validation

        print_validation(report, console())
    sys.exit(EXIT_OK if report.valid else EXIT_PROBLEMS)
