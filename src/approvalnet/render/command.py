"""The ``render`` and ``doctor`` commands (registered in ``approvalnet.cli``).

Thin, like every command: find the files, draw each with ``approvalnet.render``, write atomically,
say what happened. Exit codes as everywhere: 0 all drawn, 1 some input invalid (the others are
still drawn), 2 usage errors, a missing Graphviz or a failing ``dot``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from .flow import DEFAULT_FONT

if TYPE_CHECKING:
    from ..language.source import Problem
    from ..language.types import Process
    from . import View
    from .gallery import GalleryEntry

EXTENSIONS = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot"}
PROBE_TEXT = "行政审批流程图"  # what doctor asks dot to draw to see which font it uses for Chinese


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
                raise PathError(f"{jobs[job.target].source} and {file} would both be drawn to {job.target}; "
                                "render them in separate runs with different -o folders")
            jobs[job.target] = job
    return list(jobs.values())


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _warn(message: str) -> None:
    click.echo(f"approvalnet: warning: {message}", err=True)


HEAT_DAYS = 60


def _heat(process: Any, by: str) -> Any:
    """The heat overlay of a short simulation, or the reason there is none."""
    from ..sim.engine import SimulationError
    from ..sim.kpis import simulate
    from .heat import heat_overlay

    try:
        result = simulate(process, days=HEAT_DAYS, seed=0)
    except SimulationError as error:  # e.g. an overloaded lane: the diagram is still worth drawing
        return str(error)
    return heat_overlay(result, process, by)  # type: ignore[arg-type]


@click.command(name="render")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--view", type=click.Choice(["flow", "net"]), default="flow", show_default=True,
              help="flow: swimlane flowchart for people; net: the Petri net for analysts")
@click.option("--format", "fmt", type=click.Choice(list(EXTENSIONS)), default="svg", show_default=True,
              help="svg, png and pdf need Graphviz's dot; dot (DOT text) does not")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="folder to write the diagrams (and index.html) into")
@click.option("--font", default=DEFAULT_FONT, show_default=True,
              help="font family of every label; it must have Chinese glyphs")
@click.option("--findings", is_flag=True, help="colour the steps at which the checks report problems")
@click.option("--heat", type=click.Choice(["waiting", "utilization"]), default=None,
              help=f"colour the steps by simulated waiting time or lane utilization ({HEAT_DAYS} working days "
                   "simulated with the file's parameters, seed 0)")
def render_command(paths: tuple[str, ...], view: str, fmt: str, out_dir: str, font: str, findings: bool,
                   heat: str | None) -> None:
    """Draw process files as diagrams with Graphviz: one diagram per process, named after its file.

    PATHS are files or folders (searched recursively). For a folder, the diagrams keep its
    sub-folders and an index.html gallery lists each with its name, code and status. Exit code 0
    when every file was drawn, 1 when some file is invalid (the others are drawn), 2 on usage
    errors, when Graphviz is missing (except for --format dot) or when dot fails.
    """
    from ..cli import EXIT_OK, EXIT_PROBLEMS, fail
    from ..fileio import write_atomic
    from ..language.loader import read_process
    from ..paths import PathError
    from ..reports.text import problem_line
    from . import GraphvizError, diagram
    from .fonts import check_font
    from .graphviz_run import INSTALL_HINT, find_dot, run_dot
    from .overlay import check_findings, combine, findings_overlay

    out = Path(out_dir)
    try:
        jobs = plan(list(paths), out, EXTENSIONS[fmt])
    except PathError as error:
        fail(str(error))
    if fmt != "dot":
        if find_dot() is None:
            fail(INSTALL_HINT)
        warning = check_font(font).warning()
        if warning:
            _warn(warning)

    gallery = any(job.from_folder for job in jobs)
    errors = _console(stderr=True)
    entries = []
    drawn = invalid = 0
    from ..language.centre_loader import is_centre_file

    for job in jobs:
        if is_centre_file(job.source):
            if view != "flow" or heat:
                _warn(f"{job.source}: a centre is drawn as its overview (windows → departments); --view net and "
                      "--heat apply to its items' files")
            drawn_ok = _render_centre(job, out, fmt, font, errors, entries)
            drawn += drawn_ok
            invalid += not drawn_ok
            continue
        process, problems = read_process(job.source)
        if process is None:
            for problem in problems:
                errors.print(problem_line(problem))
            invalid += 1
            entries.append(_entry(job, out, None, problems, None))
            continue
        overlays = [findings_overlay(check_findings(process), process)] if findings else []
        if heat:
            simulated = _heat(process, heat)
            if isinstance(simulated, str):
                _warn(f"{job.source}: no heat overlay: {simulated}")
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
                fail(f"{job.source}: {error}")
            for line in done.log.splitlines():
                if line.strip():
                    _warn(f"{job.source}: dot: {line.strip()}")
            data = done.data
        try:
            write_atomic(job.target, data)
        except OSError as error:
            fail(f"cannot write {job.target}: {error.strerror or error}")
        drawn += 1
        entries.append(_entry(job, out, process, problems, _soundness(process) if gallery else None))

    summary = f"✓ {drawn} diagram{'s' * (drawn != 1)} ({view}, {fmt}) written to {out}"
    if gallery:
        from .gallery import gallery_html

        index = out / "index.html"
        try:
            write_atomic(index, gallery_html(entries))
        except OSError as error:
            fail(f"cannot write {index}: {error.strerror or error}")
        summary += f"; gallery: {index}"
    from rich.text import Text  # paths may hold [brackets], which rich would read as markup

    console = _console()
    if drawn or not invalid:
        console.print(Text(summary, style="green" if not invalid else ""))
    if invalid:
        console.print(Text(f"✗ {invalid} of {len(jobs)} file{'s' * (len(jobs) != 1)} invalid, not drawn", style="red"))
    sys.exit(EXIT_PROBLEMS if invalid else EXIT_OK)


def _render_centre(job: Job, out: Path, fmt: str, font: str, errors: Any, entries: list) -> bool:
    """Draw a centre's overview (windows → departments); False when the centre is invalid."""
    from ..cli import fail
    from ..fileio import write_atomic
    from ..language.centre_loader import read_centre
    from ..reports.text import problem_line
    from . import GraphvizError
    from .centre import centre_graph
    from .gallery import GalleryEntry
    from .graphviz_run import run_dot

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
    try:
        write_atomic(job.target, data)
    except OSError as error:
        fail(f"cannot write {job.target}: {error.strerror or error}")
    entries.append(GalleryEntry(str(job.source), job.target.relative_to(out).as_posix(),
                                f"{centre.name}（中心总览 centre overview）", centre.code, True, None))
    return True


def _soundness(process: Process) -> bool | None:
    from ..net.verify import verify_process

    return verify_process(process).sound


def _entry(job: Job, out: Path, process: Process | None, problems: list[Problem], sound: bool | None) -> GalleryEntry:
    from .gallery import GalleryEntry

    if process is None:
        return GalleryEntry(str(job.source), None, valid=False,
                            problems=sum(p.level == "error" for p in problems))
    return GalleryEntry(str(job.source), job.target.relative_to(out).as_posix(), process.name, process.code,
                        True, sound)


@click.command(name="doctor")
@click.option("--font", default=DEFAULT_FONT, show_default=True, help="the font to check")
def doctor_command(font: str) -> None:
    """Check what drawing diagrams needs: Graphviz, a font with Chinese glyphs, pm4py.

    Exit code 0 when everything is in place, 1 when something is missing.
    """
    import platform
    from importlib import metadata

    import graphviz

    from .. import __version__
    from ..cli import EXIT_OK, EXIT_PROBLEMS
    from .fonts import check_font, chinese_families, covers, file_charset
    from .graphviz_run import INSTALL_HINT, GraphvizError, dot_version, find_dot, resolved_fonts, run_dot

    ok = True

    def say(good: bool | None, text: str) -> None:
        nonlocal ok
        ok = ok and good is not False
        mark = {True: "✓", False: "✗", None: "·"}[good]
        click.echo(f"{mark} {text}")

    click.echo(f"approvalnet {__version__}, Python {platform.python_version()} ({sys.executable})")

    dot = find_dot()
    if dot is None:
        say(False, "Graphviz: dot not found on the PATH")
        click.echo("  " + INSTALL_HINT.replace("\n", "\n  "))
    else:
        say(True, f"Graphviz {dot_version(dot) or '(version unknown)'}: {dot}")

    check = check_font(font)
    if check.covers_chinese:
        say(True, f"font '{font}' has Chinese glyphs: {', '.join(check.files)}")
    else:  # unknown (no fontconfig tools, as on Windows) is not a failure: dot's own answer follows
        say(None if check.covers_chinese is None else False, check.warning() or f"font '{font}'")
    families = chinese_families()
    if families:  # Simplified Chinese ones first: the others draw some characters in other shapes
        families.sort(key=lambda family: (not family.endswith((" SC", " CN")) and "WenQuanYi" not in family, family))
        shown = ", ".join(families[:8]) + (f" and {len(families) - 8} more" if len(families) > 8 else "")
        click.echo(f"  fonts with Chinese glyphs: {shown}")

    if dot is not None:  # what dot really draws with: the font that matters for PNG and PDF
        probe = graphviz.Digraph()
        probe.node("a", label=PROBE_TEXT, fontname=font)
        try:
            used = resolved_fonts(run_dot(probe.source, "png", "-v").log)
        except GraphvizError as error:
            say(False, f"dot could not draw a test diagram: {error}")
            used = []
        for resolved in used:
            charset = file_charset(resolved.file) if resolved.file else None
            missing = covers(charset, PROBE_TEXT) if charset is not None else None
            where = f" ({resolved.file})" if resolved.file else ""
            if missing is None:
                say(None, f"dot draws '{font}' with {resolved.family}{where}; its glyphs could not be checked")
            elif missing:
                say(False, f"dot draws '{font}' with {resolved.family}{where}, which lacks {''.join(missing)}: "
                           "Chinese would show as boxes")
            else:
                say(True, f"dot draws '{font}' with {resolved.family}{where}, which covers {PROBE_TEXT}")

    for package in ("pm4py", "graphviz"):
        try:
            say(True, f"{package} {metadata.version(package)} (Python package)")
        except metadata.PackageNotFoundError:
            say(False, f"{package} (Python package) is not installed: pip install {package}")
    sys.exit(EXIT_OK if ok else EXIT_PROBLEMS)
