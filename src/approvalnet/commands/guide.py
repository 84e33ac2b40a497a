"""``approvalnet guide``: the service guide (办事指南) of an item, as DOCX, PDF or HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _, ngettext
from ._support import EXIT_OK, EXIT_PROBLEMS, console, fail, refuse_overwriting, write_output

if TYPE_CHECKING:
    from ..reports.guide import Guide

SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "html": ".html"}


@click.command("guide", help=_(
    "Write the service guide (办事指南) of an item: DOCX, PDF or HTML, A4.\n\n"
    "The guide has the elements service guides publish, in their usual order: name, codes, type, legal "
    "basis, authority, service object, acceptance conditions, the materials as a table (original, copy, "
    "electronic, copies, need, source), the procedure with its flowchart (`render --style guide`), the "
    "time limits in working days, fees, result, place and hours, on-site visits, consultation and "
    "complaints. An element the file does not give is shown as not stated, never filled in. The guide is "
    "in Chinese unless --lang en is given.\n\n"
    "With one file, -o names the guide and its suffix the format (.docx, .pdf, .html). With a folder, a "
    "centre or several files, -o names a folder: one guide per item in --format, and index.html, their "
    "table of contents. Exit code 0 when every guide was written, 1 when some files were not valid "
    "processes (the others are written), 2 for usage errors, a missing Graphviz, or PDF without "
    "WeasyPrint."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(),
              help=_("the guide (FILE.docx, .pdf or .html), or a folder for several guides"))
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "html"]), default=None,
              help=_("format of the guides written to a folder  [default: from the suffix of -o, else html]"))
def guide_command(paths: tuple[str, ...], output: str, fmt: str | None) -> None:
    from .. import i18n
    from ..language.centre_loader import expand_centres, is_centre_file
    from ..paths import PathError, find_process_files

    lang = "en" if i18n.asked_for() and i18n.get_language() == "en" else "zh"
    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    single = len(paths) == 1 and Path(paths[0]).is_file() and not is_centre_file(paths[0])
    suffix = Path(output).suffix.lower().lstrip(".")
    if single and not Path(output).is_dir():
        if suffix not in SUFFIXES:
            fail(_("-o {output}: name the guide with .docx, .pdf or .html, or give an existing folder").format(
                output=output))
        if fmt is not None and fmt != suffix:
            fail(_("--format {format} and -o {output} disagree; give one of them").format(format=fmt, output=output))
        fmt = suffix
    else:
        if suffix in SUFFIXES and not Path(output).is_dir():
            fail(_("-o {output}: several guides are written to a folder; give a folder name, and --format for "
                   "their format").format(output=output))
        fmt = fmt or "html"
    refuse_overwriting(files, ("-o", output))

    from ..render import GraphvizError
    from ..reports.guide import PdfUnavailable, build_guide, contents_html

    entries = [e for e in expand_centres(files) if e.kind != "centre"]
    invalid = 0
    rows = []
    names: set[str] = set()
    for entry in entries:
        process = entry.process
        if process is None:
            from ..language.loader import read_process

            process, problems = read_process(entry.path)
            if process is None:
                invalid += 1
                from ..language.validate import FileResult, ValidationReport
                from ..reports.text import print_validation

                # the problems as `validate` prints them, at their lines and columns
                report = ValidationReport((FileResult(str(entry.path), tuple(problems)),))
                print_validation(report, console(stderr=True))
                continue
        try:
            guide = build_guide(process, str(entry.path), lang=lang)
        except GraphvizError as error:
            fail(_("the flowchart cannot be drawn: {error}").format(error=error))
        try:
            data = _document(guide, fmt)
        except PdfUnavailable as error:
            fail(_("PDF needs WeasyPrint and the Pango library ({error}); install them (Debian: apt-get install "
                   "libpango-1.0-0), or write .docx or .html").format(error=error))
        if single and not Path(output).is_dir():
            target = Path(output)
        else:
            stem = entry.path.stem
            while stem in names:
                stem += "-2"
            names.add(stem)
            target = Path(output) / f"{stem}{SUFFIXES[fmt]}"
            rows.append({"name": process.name, "code": process.code, "authority": process.authority.name,
                         "href": target.name})
        write_output(target, data, _(" the guide"))
    if rows:
        write_output(Path(output) / "index.html", contents_html(rows, lang), _(" the table of contents"))
    written = len(rows) if rows else len(entries) - invalid
    console(stderr=True).print(ngettext("{count} guide written to {output}", "{count} guides written to {output}",
                                        written).format(count=written, output=output), highlight=False)
    sys.exit(EXIT_PROBLEMS if invalid else EXIT_OK)


def _document(guide: Guide, fmt: str) -> bytes | str:
    from ..reports.guide import guide_docx, guide_html, guide_pdf

    if fmt == "docx":
        return guide_docx(guide)
    if fmt == "pdf":
        return guide_pdf(guide)
    return guide_html(guide)
