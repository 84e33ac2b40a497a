"""``approvalnet soundness``: is each process's workflow net sound?"""

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


@click.command("soundness", help=_(
    "Verify that each process's Petri net is a sound workflow net.\n\nSound: every case can "
    "finish, finishes with nothing left running, and every step can happen. A centre file "
    "stands for its items: each item's process is verified. Exit code 0 when all are sound, 1 "
    "when any is unsound, unknown or invalid, 2 on usage errors."
))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@FORMAT
@click.option("--max-states", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help=_("give up (verdict unknown) after exploring this many markings"))
@SCHEDULER
def soundness_command(paths: tuple[str, ...], fmt: str, max_states: int, scheduler: str | None) -> None:
    from ..net.verify import verify_files
    from ..paths import PathError, find_process_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    with scheduler_or_exit(scheduler) as dask, \
            scheduler_progress(_("verifying"), dask, wanted=fmt == "text") as progress:
        # a centre has no net of its own: its items are verified
        results = verify_files(files, max_states, scheduler=dask, progress=progress)
    if fmt == "json":
        print_json({"sound": all(r.sound is True for r in results), "files": [r.to_json() for r in results]})
    else:
        from ..reports.text import print_soundness

        print_soundness(results, console())
    sys.exit(EXIT_OK if all(r.sound is True for r in results) else EXIT_PROBLEMS)
