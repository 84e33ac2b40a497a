"""``approvalnet list``: implementation lists (实施清单) in and out.

``list import`` turns the rows of a list kept in a spreadsheet into process files; ``list export``
writes process files back as a list with the figures approvalnet computes, for the reports an office
sends upward.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..i18n import _
from ._support import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, FORMAT, SCHEDULER, console, fail, print_json, write_output


@click.group("list", help=_(
    "Implementation lists (实施清单): import a spreadsheet as process files, export process files as a "
    "spreadsheet."))
def list_command() -> None:
    """The group; its commands follow."""


@list_command.command("import", help=_(
    "Turn each row of an implementation list (.xlsx or .csv) into a process file.\n\n"
    "The heading row is found among the first rows, under the field names of the national platform "
    "(事项名称, 实施编码, 事项类型, 实施主体, 设定依据, 法定办结时限, 承诺办结时限, 办件类型, 到办事现场次数, "
    "办理流程 …) "
    "or their usual variants; the materials come from a second sheet with one row per material (材料名称 "
    "and the item's 实施编码 or 事项名称) or from a 申请材料 column. The procedure is read from 办理流程 "
    "(\"收件→受理→审查→决定→送达\") where it is a chain of stages, otherwise the standard procedure is "
    "written and marked. Values the list does not give but a process file needs are marked ASSUMED in "
    "comments. A row that cannot be turned into a file is reported at its sheet, row and column. Exit "
    "code 0 when every row was written, 1 when some were not, 2 when the list cannot be read or a file "
    "exists (give --force to replace)."))
@click.argument("file", type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help=_("folder for the process files  [default: a folder named after the list]"))
@click.option("--sheet", default=None, help=_("the sheet that holds the items  [default: found by its headings]"))
@click.option("--force", is_flag=True, help=_("replace process files that exist"))
@FORMAT
def import_command(file: str, out_dir: str | None, sheet: str | None, force: bool, fmt: str) -> None:
    from ..fileio import write_atomic
    from ..lists import ListError, import_list, read_list

    try:
        table = read_list(file, sheet)
    except ListError as error:
        fail(str(error))
    result = import_list(table)
    folder = Path(out_dir) if out_dir is not None else Path(file).with_suffix("")
    written = [r for r in result.rows if r.ok and r.file_name]
    if not force:
        existing = [folder / r.file_name for r in written if r.file_name and os.path.lexists(folder / r.file_name)]
        if existing:
            shown = ", ".join(str(p) for p in existing[:3]) + (" …" if len(existing) > 3 else "")
            fail(_("{count} of the files to write exist already ({files}); give --force to replace them, or "
                   "choose another folder with -o").format(count=len(existing), files=shown))
    for converted in written:
        assert converted.file_name is not None and converted.text is not None
        target = folder / converted.file_name
        try:
            write_atomic(target, converted.text)
        except OSError as error:
            from ._support import why_not_written

            fail(_("{path}: cannot write: {reason}").format(path=target, reason=why_not_written(target, error)))
    refused = [r for r in result.rows if not r.ok]
    if fmt == "json":
        data = result.to_json()
        data["folder"] = str(folder)
        print_json(data)
    else:
        from ..reports.lists import print_import

        print_import(result, str(folder), console(), console(stderr=True))
    if not result.rows:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if refused else EXIT_OK)


@list_command.command("export", help=_(
    "Write process files as an implementation list (.xlsx), with the figures approvalnet computes.\n\n"
    "One row per item (a centre gives its items): the list's fields as the files declare them, then the "
    "number of steps and materials, the on-site visits of an approved case, the worst case of the legal "
    "clock in working days, soundness and the number of findings by level. A second sheet lists the "
    "findings, a third the materials. The headings are Chinese, the language of the list, unless --lang "
    "en or --headings en is given; `list import` reads the file back. Exit code 0 when written, 2 when a "
    "path is missing or the file cannot be written."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help=_("the workbook to write (.xlsx)"))
@click.option("--headings", type=click.Choice(["zh", "en"]), default=None,
              help=_("language of the headings and values  [default: zh, or en with --lang en]"))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help=_("processes to use for many files  [default: one per core]"))
@SCHEDULER
def export_command(paths: tuple[str, ...], output: str, headings: str | None, jobs: int | None,
                   scheduler: str | None) -> None:
    from .. import i18n
    from ..lists.summary import list_entries
    from ..paths import PathError, find_process_files
    from ..reports.list_xlsx import list_workbook
    from ._support import refuse_overwriting, scheduler_or_exit, scheduler_progress

    if not output.lower().endswith(".xlsx"):
        fail(_("-o {output}: the list is written as an Excel workbook; give a name ending in .xlsx").format(
            output=output))
    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    refuse_overwriting(files, ("-o", output))
    if headings is None:
        headings = "en" if i18n.asked_for() and i18n.get_language() == "en" else "zh"
    with scheduler_or_exit(scheduler) as dask, scheduler_progress(_("reading"), dask, wanted=True) as progress:
        entries = list_entries(files, jobs=jobs, scheduler=dask, progress=progress)
    write_output(output, list_workbook(entries, headings=headings), _(" the list"))
    from ..reports.lists import print_export

    print_export(len(entries), output, console(stderr=True))
    sys.exit(EXIT_OK)
