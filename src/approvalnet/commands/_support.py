"""What every command shares: exit codes, loading an input or exiting, printing JSON and text,
progress on stderr, and writing outputs whole or not at all.

Only the command layer (and ``cli``) imports this module: the library below raises typed errors and
returns typed results; here they become messages and exit codes. Exit codes follow ruff and
sqlfluff: 0 clean, 1 problems found in the inputs, 2 usage, configuration, input or I/O errors.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from ..i18n import N_, _

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

# made when _support is first imported, which is after the command line chose the language
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help=_("text for people, json for machines"))


def scheduler_option(help: str | None = None) -> Callable[[Any], Any]:
    """``--scheduler``, declared once for every command that can spread its work over a Dask cluster."""
    return click.option(
        "--scheduler", "scheduler", default=None, metavar="local[:N]|tcp://HOST:PORT",
        help=help or _("run the independent work on Dask: local[:N] starts N worker processes on this machine, "
                       "tcp://HOST:PORT uses the workers of a running `dask scheduler` (needs pip install "
                       "'approvalnet[scale]'); the results are the same"))


SCHEDULER = scheduler_option()
CALENDAR = click.option(
    "--calendar", "calendar_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
    help=_("a calendar file (holidays and adjusted working days, office hours per weekday and per lane; see "
           "docs/calendar.md) instead of the one the file names"))


class UsageProblem(Exception):
    """A problem with what the user asked for: printed without a traceback, exit code 2."""


def fail(message: str) -> NoReturn:
    raise UsageProblem(message)


def simulation_failed(error: Exception, where: str = "") -> NoReturn:
    """A simulation the library refused, as a message; a run in which nothing finished gets the hint."""
    from ..i18n import _
    from ..sim.engine import NothingFinished

    if isinstance(error, NothingFinished):
        fail(_("{where}{error}; raise --days").format(where=where, error=error))
    fail(f"{where}{error}")


class Finite(click.FloatRange):
    """A number in a range that is also finite: click's FloatRange lets 'nan' and 'inf' through,
    which would make a simulation of 'nan' working days run for ever."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number is not None and not math.isfinite(number):
            self.fail(_("{value!r} is not a finite number").format(value=value), param, ctx)
        return number


def console(stderr: bool = False) -> Any:
    """A rich console for people: no syntax highlighting of numbers and paths, long lines kept whole."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def note(message: str) -> None:
    """A line for people on stderr (where an output went), kept out of stdout's data."""
    from rich.text import Text  # paths may hold [brackets], which rich would read as markup

    console(stderr=True).print(Text(message))


def load_or_exit(path: str, fmt: str = "text", reader: Any = None) -> Any:
    """Load one process file (or, with ``reader``, another kind) for a command that works on it; on
    problems print them and exit 2, like a missing file: the input is unusable (exit code 1 is left
    to the command's own findings, such as deviations or unmet targets)."""
    from ..language.loader import read_process
    from ..language.validate import FileResult, ValidationReport

    if Path(path).is_dir():
        fail(f"{path}: is a folder; give a file")
    if not Path(path).is_file():
        fail(f"{path}: no such file")
    if reader is None:
        from ..language.centre_loader import is_centre_file

        if is_centre_file(path):
            context = click.get_current_context(silent=True)
            command = f"'{context.info_name}'" if context and context.info_name else "this command"
            fail(f"{path} is a centre file; {command} works on one process (one of the centre's item files)")
    process, problems = (reader or read_process)(path)
    if process is None:
        report = ValidationReport((FileResult(path, tuple(problems)),))
        if fmt == "json":
            print_json(report.to_json())
        else:
            from ..reports.text import print_validation

            print_validation(report, console(stderr=True))
        sys.exit(EXIT_ERROR)
    return process


def load_centre_or_exit(path: str, fmt: str = "text") -> Any:
    """Load a centre; on problems print them (at their files, lines and columns) and exit 2."""
    from ..language.centre_loader import read_centre

    return load_or_exit(path, fmt, read_centre)


def calendar_or_exit(path: str | None, fmt: str, lanes: list[str] | None, user: str) -> Any:
    """The ``CalendarData`` of ``--calendar FILE`` (None without one), its lanes checked against
    ``lanes`` of the file ``user`` (None: not checked); on problems print them and exit 2."""
    if path is None:
        return None
    from ..language.calendar_file import read_calendar_file, to_data, unknown_lanes

    def reader(name: str) -> Any:
        calendar, problems = read_calendar_file(name)
        if calendar is not None and lanes is not None:
            problems = [*problems, *unknown_lanes(calendar, lanes, user)]
            if any(p.level == "error" for p in problems):
                calendar = None
        return calendar, problems

    return to_data(load_or_exit(path, fmt, reader), path)


def why_not_written(path: str | Path, error: OSError) -> str:
    """Why ``path`` could not be written, in words: a folder where the file should go, a file where a
    folder should be (``FileExistsError`` from creating the folders says neither), or the system's reason."""
    target = Path(path)
    if target.is_dir():
        return _("it is a folder")
    for parent in target.parents:
        if parent.exists() and not parent.is_dir():
            return _("{parent} is a file, not a folder").format(parent=parent)
    return error.strerror or str(error)


def write_output(path: str | Path, data: str | bytes, what: str = "") -> None:
    """Write an output file atomically, or fail (exit 2) saying plainly why it cannot be written;
    ``what`` names the output in the message (" the report")."""
    from ..fileio import write_atomic

    try:
        write_atomic(path, data)
    except OSError as error:
        fail(f"{path}: cannot write{what}: {why_not_written(path, error)}")


def write_or_print(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` (atomically), or to stdout without one."""
    if output:
        write_output(output, text)
    else:
        sys.stdout.write(text)


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same path, a symbolic link to it, or a hard link."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_overwriting(inputs: Iterable[str | Path | None], *outputs: tuple[str, str | Path | None]) -> None:
    """Fail (exit 2) before any work when an output would be written over an input of the same run
    (``(option, path)`` pairs): the input would be lost, and the run would read what it writes."""
    given = [i for i in inputs if i is not None]
    for option, output in outputs:
        if output is None:
            continue
        for source in given:
            if _same_file(output, source):
                if str(output) == str(source):
                    fail(_("{option} {output}: is an input of this run; writing it would destroy the input, "
                           "choose another file").format(option=option, output=output))
                fail(_("{option} {output}: is an input of this run (the same file as {source}); writing it would "
                       "destroy the input, choose another file").format(option=option, output=output, source=source))


def refuse_replacing(option: str, output: str | None, force: bool) -> None:
    """Fail (exit 2) when ``output`` exists and ``force`` was not given: a process file someone wrote
    by hand is not replaced by a generated one without being asked."""
    if output is not None and not force and os.path.lexists(output):
        fail(_("{option} {output}: the file exists; give --force to replace it").format(option=option, output=output))


def refuse_unwritable(*outputs: tuple[str, str | None]) -> None:
    """Fail before a long run whose result could not be written: ``(option, path)`` pairs."""
    from ..fileio import writable_problem

    for option, target in outputs:
        problem = writable_problem(target) if target is not None else None
        if problem:
            fail(_("{option} {target}: cannot be written: {problem}").format(option=option, target=target,
                                                                           problem=problem))


def warn(message: str) -> None:
    """A warning line for people on stderr, as the commands write them."""
    click.echo(f"approvalnet: warning: {message}", err=True)


@contextmanager
def scheduler_or_exit(text: str | None) -> Iterator[Any]:
    """The Dask scheduler of ``--scheduler``, started or reached, and closed again at the end; None
    without the option (and Dask is not imported). Exit 2 with a message when the text is not a
    scheduler, when Dask is missing or when the scheduler does not answer."""
    if text is None:
        yield None
        return
    from ..parallel import SchedulerError

    scheduler = parse_scheduler_or_exit(text)
    try:
        scheduler.connect()
    except SchedulerError as error:
        fail(f"--scheduler {text}: {error}")
    try:
        yield scheduler
    finally:
        scheduler.close()


def parse_scheduler_or_exit(text: str | None) -> Any:
    """The scheduler ``--scheduler`` describes, not yet started or reached (the library connects to it
    when it has work for it); None without the option. Exit 2 when the text is not a scheduler."""
    if text is None:
        return None
    from ..parallel import parse_scheduler

    try:
        scheduler = parse_scheduler(text)
    except ValueError as error:
        fail(f"--scheduler {error}")
    scheduler.warn = warn
    return scheduler


@contextmanager
def scheduler_progress(label: str, scheduler: Any, wanted: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar of the items done on the workers (``parallel.Progress``), or None without a
    scheduler or without a terminal to show it on."""
    with progress_bar(label, 1.0, wanted=wanted and scheduler is not None and console(stderr=True).is_terminal) \
            as bar:
        yield None if bar is None else (lambda done, total: bar(done / total if total else 1.0))


COUNTER_WORDS = {"cases": N_("cases"), "simulations": N_("simulations"), "runs": N_("runs")}


@contextmanager
def progress_bar(label: str, total: float, *, wanted: bool, counter: str | None = None,
                 remaining: bool = False) -> Iterator[Callable[..., None] | None]:
    """A transient progress bar on stderr while a long job runs, or None when nobody watches.

    The callback takes the work done so far (in units of ``total``) and, with ``counter``, the
    value of that counter as a keyword (``cases=120``)."""
    if not wanted:
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [SpinnerColumn(), TextColumn(label), BarColumn()]
    # the counter's field keeps its English name; the word shown after it is translated
    word = _(COUNTER_WORDS[counter]) if counter in COUNTER_WORDS else counter
    columns.append(TextColumn(f"{{task.fields[{counter}]}} {word}") if counter else TaskProgressColumn())
    columns.append(TimeElapsedColumn())
    if remaining:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as bar:
        fields: dict[str, Any] = {counter: 0} if counter else {}
        task = bar.add_task(label, total=total, **fields)
        yield lambda done, **fields: bar.update(task, completed=done, **fields)


class FormattedHelpOption(click.Option):
    """An option whose help has ``{placeholders}`` filled when shown, so that the help's template,
    not its filled text, is what the catalogue translates (``cli.translate_help``)."""

    def __init__(self, *args: Any, help_values: dict[str, object] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_values = help_values or {}

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        template = self.help
        self.help = (template or "").format(**self.help_values)
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = template
