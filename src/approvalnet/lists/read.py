"""Reading an implementation list from a spreadsheet (.xlsx) or a CSV file, every cell with its place.

A list exported by a platform or kept by hand often opens with a title row or two ("××市政务服务事项
实施清单") above its headings, so the heading row is the one among the first rows whose cells name
the most fields (``fields.match``); the rows under it are the items. The materials are often on a
second sheet, one row per material, tied to the item by its code or name: the sheet whose headings
include 材料名称. Without such a sheet a 申请材料 column lists them in one cell.

Each cell keeps where it was, as a person finds it in Excel (``list.xlsx:事项清单!C5``) or in a text
editor (``list.csv:5:3``), so that every message points at its cell. Workbooks are read with
openpyxl in read-only mode (values, not formulas); a CSV file as Excel in China saves it, in UTF-8
with or without a byte-order mark or in GB18030 (GBK).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from .fields import ITEM_FIELDS, MATERIAL_FIELDS, Field, match

HEADER_SEARCH = 10  # rows searched for the headings


class ListError(Exception):
    """A list that cannot be read at all: not a spreadsheet, no headings, no such sheet."""


@dataclass(frozen=True)
class Cell:
    text: str
    where: str  # "list.xlsx:事项清单!C5" or "list.csv:5:3"


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (1-based, title and heading rows counted)
    where: str  # "list.xlsx:事项清单!5" or "list.csv:5"
    cells: dict[str, Cell]

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell else ""

    def at(self, key: str) -> str:
        """Where the cell of ``key`` is, or the row when the list has no such column."""
        cell = self.cells.get(key)
        return cell.where if cell else self.where


@dataclass
class Sheet:
    name: str | None  # None for CSV
    header_row: int
    columns: dict[str, tuple[str, str]]  # field key → (column, heading as written)
    ignored: list[tuple[str, str]]  # (column, heading) of columns no field was found for
    rows: list[Row] = field(default_factory=list)


@dataclass
class ListFile:
    path: str
    items: Sheet
    materials: Sheet | None


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA (openpyxl's, counted from 1)."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def cell_text(value: object) -> str:
    """A cell's value as the text a person reads in it: 20.0 is "20", a date is "2026-01-05"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def read_list(path: str | Path, sheet: str | None = None) -> ListFile:
    """The items (and materials) of the list in ``path``; ``sheet`` names the items' sheet of a workbook."""
    name = str(path)
    target = Path(path)
    if target.is_dir():
        raise ListError(_("{path}: is a folder; give a .xlsx or .csv file").format(path=name))
    if not target.is_file():
        raise ListError(_("{path}: no such file").format(path=name))
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(name, sheet)
    if suffix == ".csv":
        if sheet is not None:
            raise ListError(_("{path}: --sheet names a sheet of a workbook; a CSV file has none").format(path=name))
        return ListFile(name, _read_csv(name), None)
    if suffix == ".xls":
        raise ListError(_("{path}: the old Excel format (.xls) cannot be read; save the list as .xlsx or CSV "
                          "in Excel or LibreOffice").format(path=name))
    raise ListError(_("{path}: an implementation list is a .xlsx or .csv file").format(path=name))


def _sheet_rows(rows: list[tuple[object, ...]], fields: tuple[Field, ...]) -> tuple[int, dict[int, Field]]:
    """The heading row among the first rows (0-based) and the fields its columns name."""
    best: tuple[int, dict[int, Field]] = (-1, {})
    for number, row in enumerate(rows[:HEADER_SEARCH]):
        found: dict[int, Field] = {}
        for index, value in enumerate(row):
            matched = match(cell_text(value), fields) if isinstance(value, str) else None
            if matched is not None and matched not in found.values():
                found[index] = matched
        if len(found) > len(best[1]):
            best = (number, found)
    return best


def _sheet(path: str, name: str | None, rows: list[tuple[object, ...]], fields: tuple[Field, ...],
           lines: list[int] | None = None) -> Sheet | None:
    """A sheet's heading row found, its columns named and its rows kept; None without headings.

    A workbook's rows are numbered as Excel shows them; a CSV file's by the line each record starts
    on (``lines``), since a cell may hold line breaks."""
    header, found = _sheet_rows(rows, fields)
    if header < 0 or not found:
        return None
    number = (lambda i: lines[i]) if lines is not None else (lambda i: i + 1)
    heading = rows[header]
    columns = {f.key: (column_letter(i), cell_text(heading[i])) for i, f in found.items()}
    ignored = [(column_letter(i), cell_text(v)) for i, v in enumerate(heading)
               if i not in found and cell_text(v)]
    sheet = Sheet(name, number(header), columns, ignored)
    for i in range(header + 1, len(rows)):
        row, line = rows[i], number(i)
        cells = {}
        for index, f in found.items():
            text = cell_text(row[index]) if index < len(row) else ""
            place = (f"{path}:{name}!{column_letter(index)}{line}" if name is not None
                     else f"{path}:{line}:{index + 1}")
            cells[f.key] = Cell(text, place)
        if not any(c.text for c in cells.values()):
            continue  # an empty row, or one with only columns no field was found for (a total, a note)
        sheet.rows.append(Row(line, f"{path}:{name}!{line}" if name is not None else f"{path}:{line}", cells))
    return sheet


def _read_workbook(path: str, wanted: str | None) -> ListFile:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ListError(_("{path}: not a readable .xlsx workbook ({reason})").format(
            path=path, reason=getattr(error, "strerror", None) or error)) from None
    try:
        names = list(book.sheetnames)
        if wanted is not None and wanted not in names:
            raise ListError(_("{path}: no sheet named '{sheet}'; its sheets are: {sheets}").format(
                path=path, sheet=wanted, sheets=", ".join(names)))
        items: Sheet | None = None
        materials: Sheet | None = None
        for name in names:
            rows = [tuple(r) for r in book[name].iter_rows(values_only=True)]
            if materials is None and name != wanted:
                candidate = _sheet(path, name, rows, MATERIAL_FIELDS)
                # a materials sheet names its materials (材料名称) and the item each belongs to
                if candidate is not None and "name" in candidate.columns and (
                        "code" in candidate.columns or "item" in candidate.columns):
                    materials = candidate
                    continue
            if items is None and (wanted is None or name == wanted):
                candidate = _sheet(path, name, rows, ITEM_FIELDS)
                if candidate is not None and "name" in candidate.columns:
                    items = candidate
    finally:
        book.close()
    if items is None:
        where = _("sheet '{sheet}'").format(sheet=wanted) if wanted else _("any sheet")
        raise ListError(_("{path}: no heading row naming the item (事项名称) was found in the first {rows} rows of "
                          "{where}").format(path=path, rows=HEADER_SEARCH, where=where))
    return ListFile(path, items, materials)


def _read_csv(path: str) -> Sheet:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ListError(_("{path}: is neither UTF-8 nor GB18030 (GBK) text; save it from Excel as "
                              "\"CSV UTF-8\"").format(path=path)) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[tuple[object, ...]] = []
        lines: list[int] = []
        for record in reader:
            lines.append(reader.line_num - sum(c.count("\n") for c in record))
            rows.append(tuple(record))
    except csv.Error as error:
        raise ListError(_("{path}: not readable as CSV: {reason}").format(path=path, reason=error)) from None
    sheet = _sheet(path, None, rows, ITEM_FIELDS, lines)
    if sheet is None or "name" not in sheet.columns:
        raise ListError(_("{path}: no heading row naming the item (事项名称) was found in the first {rows} "
                          "rows").format(path=path, rows=HEADER_SEARCH))
    return sheet
