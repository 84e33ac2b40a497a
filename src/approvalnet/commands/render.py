"""``approvalnet render``: process files drawn as diagrams with Graphviz, with a gallery.

Find the files, draw each with ``approvalnet.render``, write atomically, say what happened. Exit
codes: 0 all drawn, 1 some input invalid (the others are still drawn), 2 usage errors, a missing
Graphviz or a failing ``dot``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..i18n import _, ngettext
from ..render.flow import DEFAULT_FONT
from ._support import (
    EXIT_OK,
    EXIT_PROBLEMS,
    SCHEDULER,
    FormattedHelpOption,
    console,
    fail,
    scheduler_or_exit,
    scheduler_progress,
    write_output,
)

if TYPE_CHECKING:
    from ..language.source import Problem
    from ..language.types import Process
    from ..render import View
    from ..reports.gallery import GalleryEntry

EXTENSIONS = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot"}


@dataclass(frozen=True)
class Job:
    source: Path  # the process file
    target: Path  # the diagram
    from_folder: bool  # found by searching a folder named on the command line


def plan(paths: list[str], out_dir: Path, ext: str) -> list[Job]:
    """Where each file's diagram goes: ``DIR/<name><ext>``; files of a folder keep their sub-folders.

    Raises ``PathError`` for a missing path, a folder without process files, or two files that
    would be drawn to the same place.
    """
    from ..paths import PathError, find_process_files

    jobs: dict[Path, Job] = {}
    for name in paths:
        root = Path(name)
        for file in find_process_files([name]):
            relative = file.relative_to(root) if root.is_dir() else Path(file.name)
            job = Job(file, out_dir / relative.with_suffix(ext), root.is_dir())
            if file in {j.source for j in jobs.values()}:
                continue
            if job.target in jobs:
                raise PathError(_("{source} and {file} would both be drawn to {target}; render them in "
                                  "separate runs with different -o folders").format(
                                      source=jobs[job.target].source, file=file, target=job.target))
            jobs[job.target] = job
    return list(jobs.values())


def _warn(message: str) -> None:
    click.echo(f"approvalnet: warning: {message}", err=True)


HEAT_DAYS = 60


def _heat(process: Any, by: str) -> Any:
    """The heat overlay of a short simulation, or the reason there is none."""
    from ..sim.engine import SimulationError
    from ..sim.heat import heat_overlay
    from ..sim.kpis import simulate

    try:
        result = simulate(process, days=HEAT_DAYS, seed=0)
    except SimulationError as error:  # e.g. an overloaded lane: the diagram is still worth drawing
        return str(error)
    return heat_overlay(result, process, by)  # type: ignore[arg-type]


@click.command(name="render", help=_(
    "Draw process files as diagrams with Graphviz: one diagram per process, named after its "
    "file.\n\nPATHS are files or folders (searched recursively). For a folder, the diagrams keep "
    "its sub-folders and an index.html gallery lists each with its name, code and status. Exit "
    "code 0 when every file was drawn, 1 when some file is invalid (the others are drawn), 2 "
    "on usage errors, when Graphviz is missing (except for --format dot) or when dot fails."
))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--view", "--style", "view", type=click.Choice(["flow", "net", "guide"]), default="flow",
              show_default=True,
              help=_("flow: swimlane flowchart for people; net: the Petri net for analysts; guide: the "
                     "flowchart of a published service guide, top to bottom, in Chinese, fitting an A4 page"))
@click.option("--format", "fmt", type=click.Choice(list(EXTENSIONS)), default="svg", show_default=True,
              help=_("svg, png and pdf need Graphviz's dot; dot (DOT text) does not"))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help=_("folder to write the diagrams (and index.html) into"))
@click.option("--font", default=DEFAULT_FONT, show_default=True,
              help=_("font family of every label; it must have Chinese glyphs"))
@click.option("--findings", is_flag=True, help=_("colour the steps at which the checks report problems"))
@click.option("--heat", type=click.Choice(["waiting", "utilization"]), default=None, cls=FormattedHelpOption,
              help_values={"days": HEAT_DAYS},
              help=_("colour the steps by simulated waiting time or lane utilization ({days} working days simulated "
                     "with the file's parameters, seed 0)"))
@SCHEDULER
def render_command(paths: tuple[str, ...], view: str, fmt: str, out_dir: str, font: str, findings: bool,
                   heat: str | None, scheduler: str | None) -> None:
    from ..i18n import get_language
    from ..paths import PathError
    from ..render.fonts import check_font
    from ..render.graphviz_run import INSTALL_HINT, find_dot
    from ..reports.text import problem_line

    out = Path(out_dir)
    try:
        jobs = plan(list(paths), out, EXTENSIONS[fmt])
    except PathError as error:
        fail(str(error))
    if fmt != "dot":
        if find_dot() is None:
            fail(_(INSTALL_HINT))
        warning = check_font(font).warning()
        if warning:
            _warn(warning)

    gallery = any(job.from_folder for job in jobs)
    errors = console(stderr=True)
    entries: list[GalleryEntry] = []
    drawn = invalid = 0
    from ..language.centre_loader import is_centre_file

    # the guide view is drawn for print, without overlays (said once, at the first process drawn)
    draw = partial(_draw, get_language(), view, fmt, font, findings and view != "guide",
                   heat if view != "guide" else None, gallery)
    ready: dict[Path, Drawn] = {}
    if scheduler is not None:  # the processes drawn on the workers, then written here in order
        from ..parallel import map_files

        processes = [job.source for job in jobs if not is_centre_file(job.source)]
        with scheduler_or_exit(scheduler) as dask, scheduler_progress(_("drawing"), dask, wanted=True) as progress:
            ready = dict(zip(processes, map_files(draw, processes, jobs=None, threshold=0, scheduler=dask,
                                                  progress=progress), strict=True))
    guide_said = False
    for job in jobs:
        if is_centre_file(job.source):
            if view != "flow" or heat:
                _warn(_("{source}: a centre is drawn as its overview (windows → departments); --view net and "
                        "--heat apply to its items' files").format(source=job.source))
            drawn_ok = _render_centre(job, out, fmt, font, errors, entries)
            drawn += drawn_ok
            invalid += not drawn_ok
            continue
        result = ready[job.source] if job.source in ready else draw(job.source)
        process, problems = result.process, result.problems
        if process is None:
            for problem in problems:
                errors.print(problem_line(problem))
            invalid += 1
            entries.append(_entry(job, out, None, problems, None))
            continue
        if view == "guide" and (findings or heat) and not guide_said:
            _warn(_("{source}: the guide view is drawn for print, without --findings or --heat").format(
                source=job.source))
            guide_said = True
        for message in result.warnings:
            _warn(message)
        if result.error is not None or result.data is None:
            fail(result.error or f"{job.source}")
        write_output(job.target, result.data)
        drawn += 1
        entries.append(_entry(job, out, process, problems, result.sound))

    summary = "✓ " + ngettext("{count} diagram ({view}, {format}) written to {folder}",
                              "{count} diagrams ({view}, {format}) written to {folder}", drawn).format(
                                  count=drawn, view=view, format=fmt, folder=out)
    if gallery:
        from ..reports.gallery import gallery_html

        index = out / "index.html"
        write_output(index, gallery_html(entries))
        summary += _("; gallery: {index}").format(index=index)
    from rich.text import Text  # paths may hold [brackets], which rich would read as markup

    out_console = console()
    if drawn or not invalid:
        out_console.print(Text(summary, style="green" if not invalid else ""))
    if invalid:
        out_console.print(Text("✗ " + ngettext("{invalid} of {count} file invalid, not drawn",
                                               "{invalid} of {count} files invalid, not drawn", len(jobs)).format(
                                                   invalid=invalid, count=len(jobs)), style="red"))
    sys.exit(EXIT_PROBLEMS if invalid else EXIT_OK)


def _render_centre(job: Job, out: Path, fmt: str, font: str, errors: Any, entries: list) -> bool:
    """Draw a centre's overview (windows → departments); False when the centre is invalid."""
    from ..language.centre_loader import read_centre
    from ..render import GraphvizError
    from ..render.centre import centre_graph
    from ..render.graphviz_run import run_dot
    from ..reports.gallery import GalleryEntry
    from ..reports.text import problem_line

    centre, problems = read_centre(job.source)
    if centre is None:
        for problem in problems:
            errors.print(problem_line(problem))
        entries.append(GalleryEntry(str(job.source), None, valid=False,
                                    problems=sum(p.level == "error" for p in problems)))
        return False
    source = centre_graph(centre, font).source
    if fmt == "dot":
        data = source.encode("utf-8")
    else:
        try:
            data = run_dot(source, fmt).data
        except GraphvizError as error:
            fail(f"{job.source}: {error}")
    write_output(job.target, data)
    entries.append(GalleryEntry(str(job.source), job.target.relative_to(out).as_posix(),
                                f"{centre.name}（中心总览 centre overview）", centre.code, True, None))
    return True


@dataclass(frozen=True)
class Drawn:
    """One process file drawn (here or on a Dask worker), for the command to write and report."""

    process: Process | None  # None: invalid, see the problems
    problems: list[Problem]
    data: bytes | None = None  # the diagram
    warnings: tuple[str, ...] = ()  # in the order they arose
    error: str | None = None  # dot failed: the command stops here
    sound: bool | None = None  # for the gallery


def _draw(language: str, view: str, fmt: str, font: str, findings: bool, heat: str | None, gallery: bool,
          source_path: Path) -> Drawn:
    """Read and draw one process file: the diagram's bytes and what to say about it, nothing written."""
    from ..i18n import set_language
    from ..language.loader import read_process
    from ..render import GraphvizError, diagram
    from ..render.graphviz_run import run_dot
    from ..render.overlay import combine, findings_overlay

    set_language(language)
    process, problems = read_process(source_path)
    if process is None:
        return Drawn(None, list(problems))
    said: list[str] = []
    overlays = [findings_overlay(_findings(process), process)] if findings else []
    if heat:
        simulated = _heat(process, heat)
        if isinstance(simulated, str):
            said.append(_("{source}: no heat overlay: {reason}").format(source=source_path, reason=simulated))
        else:
            overlays.append(simulated)
    overlay = combine(overlays)
    source = diagram(process, cast("View", view), overlay, font).source
    if fmt == "dot":
        data = source.encode("utf-8")
    else:
        try:
            done = run_dot(source, fmt)
        except GraphvizError as error:
            return Drawn(process, list(problems), None, tuple(said), f"{source_path}: {error}")
        said.extend(f"{source_path}: dot: {line.strip()}" for line in done.log.splitlines() if line.strip())
        data = done.data
    return Drawn(process, list(problems), data, tuple(said), None, _soundness(process) if gallery else None)


def _soundness(process: Process) -> bool | None:
    from ..net.verify import verify_process

    return verify_process(process).sound


def _entry(job: Job, out: Path, process: Process | None, problems: list[Problem], sound: bool | None) -> GalleryEntry:
    from ..reports.gallery import GalleryEntry

    if process is None:
        return GalleryEntry(str(job.source), None, valid=False,
                            problems=sum(p.level == "error" for p in problems))
    return GalleryEntry(str(job.source), job.target.relative_to(out).as_posix(), process.name, process.code,
                        True, sound)




def _findings(process: Process) -> list[Problem]:
    """What ``--findings`` draws: the findings ``approvalnet check`` reports for the process's file,
    with the file's nearest configuration and its suppression comments.

    The rules read the Petri net, so this needs pm4py and is imported only when asked for.
    """
    from ..rules.config import load_config
    from ..rules.engine import check_file, check_process

    path = Path(process.file)
    if path.is_file():
        return list(check_file(path, load_config(near=path)).findings)
    return check_process(process)
