"""Reading an event log case by case, without holding the whole log in memory: CSV, Excel, XES and Parquet.

A case is handed on as soon as all of its events have been read, as a ``Case``: its id, and its
activity instances ``(activity, start, end, resource, known)`` in time order. Times are seconds on
the office's clock (``times.py``). ``known`` says which times the log gave: ``SPAN`` both, ``END_ONLY``
a completion without a start (``start`` is its end), ``START_ONLY`` a start never completed
(``end`` is its start). Conformance counts the last two as instances of no duration; discovery
leaves the start unknown and the unfinished instance out.

**CSV.** Read with the ``csv`` module, row by row. Which column is what comes from the column
mapping (``columns.py``: named, or found by its usual name). A row is one of:

- a *start* or *complete* event, when the log has a lifecycle column: starts and completes of the
  same activity in a case are paired first in, first out;
- an *activity instance*, when there is a start-timestamp column (empty: the start is not known);
- a *complete* event otherwise.

Logs are not always sorted by case. The reader first assumes that each case's rows are together
(as every exporter writes them: the simulator, pm4py, ProM, most databases' ``ORDER BY case``):
when the case column changes, the previous case is complete and is handed on, so only one case
is in memory, plus the set of the ids already seen. If an id comes back after its case was
closed, the log is not grouped: ``NotGrouped`` is raised, and the caller reads the log again with
``grouped=False``. That second way partitions the rows by a hash of the case id into temporary
files of a few megabytes each (an external hash partition, removed afterwards), then groups one
partition at a time. Memory stays bounded by a partition, not by the log; the cost is writing and
reading the log once more. The cases then come in the order of their first row in the file.

**Excel** (``.xlsx``, ``.xlsm``: the case records, 办件记录, many systems export). One worksheet, the
first or the one named in ``LogOptions.sheet``, streamed by ``openpyxl`` in its read-only mode, one
row at a time (imported only here, so that the commands start fast). Its first non-empty row is the
header and goes through the same column mapping; each row is made the text a CSV of the same log
would hold (a date-time cell its ISO 8601 text, on the office's clock like any time without an
offset; a whole number ``1001.0`` as ``1001``; an empty cell ``""``) and read by the CSV's own row
parser, so the same log as CSV and as a workbook gives the same cases; a log not grouped by case
goes through the same partitions. Places are a sheet's row and column (``log.xlsx, sheet 办件记录,
row 17, column C``). An old binary ``.xls`` is refused with a hint to save it as ``.xlsx`` or CSV.

**Parquet** (``.parquet``), and **folders of parts** (``part-0000.parquet`` …, also in sub-folders
such as ``date=2026-01-05/``, or CSV parts ``part-0.csv`` …, as data platforms export a table; files
whose names begin with ``_`` or ``.``, such as ``_SUCCESS``, are not parts). A Parquet file is read
by ``pyarrow`` a batch of 65,536 rows at a time, and each value made the text a CSV of the same log
would hold (a timestamp in ISO 8601: one without a time zone is on the office's clock), so it goes
through the CSV's column mapping and row parser, as a sheet does. The parts are read in the order of
their paths, their rows numbered across them (the order of the cases); every part must have the
first part's columns. A case whose rows are in two parts is a log not grouped by case: it is read
again in partitions by a hash of the case id, like an unsorted CSV.

**XES.** ``lxml``'s ``iterparse`` hands over one ``<trace>`` at a time; each is cleared, and the
trees before it removed, once read, so memory holds one trace. Attribute keys come from the same
mapping (``concept:name``, ``time:timestamp``, ``lifecycle:transition``, ``org:resource`` by
default). ``.xes.gz`` is read through gzip.

Problems of the log (a missing column, a timestamp that cannot be read, broken XML, a file that is no
workbook) raise ``LogError`` with the file and line (in a workbook: the sheet, row and column).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import gzip
import io
import os
import re
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _
from ..xmlsafe import iterparse
from .columns import NAMES, XES_KEYS, LogColumns, LogOptions, csv_columns, delimiter_of
from .errors import LogError, NotGrouped
from .times import TimestampRangeError, parse_time

START, COMPLETE, OTHER = 0, 1, 2
SPAN, END_ONLY, START_ONLY = 0, 1, 2
LOG_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xes", ".xes.gz", ".parquet")
PART_SUFFIXES = (".parquet", ".csv")  # the files of a folder of parts, as data platforms export a table
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# what a file begins with: an .xlsx is a zip archive; an .xls (and an .xlsx encrypted by a password) is
# an OLE2 compound file
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A workbook holds about three times its size of CSV text (1,000,000 rows of benchmarks/xlsx_log.py:
# 37 MB of workbook, 95 MB of CSV), which sizes the partitions of a sheet not grouped by case.
_XLSX_TEXT_RATIO = 3

Instance = tuple[str, float, float, str, int]  # activity, start, end, resource ("" if none), known
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)


@dataclass(slots=True)
class Case:
    id: str
    order: int  # line of its first event in the file: the order of the output
    instances: list[Instance]
    events: int  # rows or XES events read for it


@dataclass
class LogStats:
    """What the reader saw besides the cases."""

    events: int = 0
    other_lifecycle: int = 0  # events neither start nor complete (schedule, suspend ...): not used
    partitions: int = 0  # > 0 when the CSV or sheet was not grouped by case and was read in partitions
    columns: dict[str, str] = field(default_factory=dict)  # role -> the column or key used


def log_kind(path: str | Path) -> str:
    """``csv``, ``xlsx``, ``xes`` or ``parquet`` by the file's name, ``parts`` for a folder of Parquet
    or CSV parts; LogError for anything else."""
    if Path(path).is_dir():
        return "parts"
    name = str(path).lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(EXCEL_SUFFIXES):
        return "xlsx"
    if name.endswith((".xes", ".xes.gz")):
        return "xes"
    if name.endswith(".xls"):
        raise LogError(_("{path}: an .xls file (Excel 97–2003) cannot be read: open it in Excel or WPS and save "
                         "it as .xlsx or CSV").format(path=path))
    raise LogError(_("{path}: an event log is a .csv, .xlsx, .xlsm, .xes, .xes.gz or .parquet file, or a folder "
                     "of .parquet or .csv parts").format(path=path))


def log_parts(folder: str | Path) -> list[Path]:
    """The parts of a folder log, in the order of their paths (``part-0000.parquet`` …, also in
    sub-folders such as ``date=2026-01-05/``, as partitioned exports write them); one kind only."""
    found = sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in PART_SUFFIXES
                   and not p.name.startswith((".", "_")))  # _SUCCESS, .crc files of Spark and Hadoop
    kinds = {p.suffix.lower() for p in found}
    if not found:
        raise LogError(_("{path}: is a folder without .parquet or .csv parts; give the event log's file, or the "
                         "folder its parts were exported to").format(path=folder))
    if len(kinds) > 1:
        raise LogError(_("{path}: the folder holds both .parquet and .csv parts; a log's parts are of one "
                         "kind").format(path=folder))
    return found


def check_log_file(path: str | Path) -> str:
    """``csv``, ``xlsx`` or ``xes`` for a file that can be read as a log; LogError for a folder,
    another kind of file, no file, or a workbook that is no zip archive."""
    kind = log_kind(path)
    if kind == "parts":
        log_parts(path)
        return kind
    if not Path(path).is_file():
        raise LogError(_("{path}: no such file").format(path=path))
    if kind == "xlsx":
        _check_workbook(path)
    return kind


def _check_workbook(path: str | Path) -> None:
    """LogError unless the file begins as an .xlsx does: a CSV or an .xls renamed .xlsx would
    otherwise reach openpyxl, whose messages name neither."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError as error:
        raise LogError(_("{path}: cannot read the log: {value}").format(
                             path=path, value=error.strerror or error)) from None
    if not magic:
        raise LogError(_("{path}: the file is empty").format(path=path))
    if magic == _OLE2_MAGIC:
        raise LogError(_("{path}: not an .xlsx workbook but an Excel 97–2003 (.xls) file or one protected by a "
                         "password: open it in Excel or WPS and save it as .xlsx or CSV").format(path=path))
    if magic[:4] not in _ZIP_MAGIC:
        raise LogError(_("{path}: not an .xlsx workbook (an .xlsx file is a zip archive); is it another kind of "
                         "file with the name of one?").format(path=path))


_LIFECYCLE = {"complete": COMPLETE, "completed": COMPLETE, "": COMPLETE, "start": START, "started": START}


def lifecycle_code(value: str) -> int:
    """``START``, ``COMPLETE`` (also for an empty value) or ``OTHER`` (schedule, suspend ...)."""
    code = _LIFECYCLE.get(value)  # the usual spellings without the cost of normalising them
    return code if code is not None else _LIFECYCLE.get(value.strip().lower(), OTHER)


def empty_log_message(path: str | Path, cases: int, stats: LogStats) -> str:
    """Why a log gave no event to work on, for the user."""
    what = "the log holds no case" if cases == 0 else f"the {cases} case(s) of the log hold no event"
    left_out = stats.other_lifecycle
    if left_out:
        column = stats.columns.get("lifecycle", "lifecycle")
        what += (f": all {left_out} events have a lifecycle other than start or complete (column '{column}'); "
                 "is that the lifecycle column?")
    return f"{path}: {what}"


# --- cases from events --------------------------------------------------------------------------

# activity, lifecycle, time, start (None: not in the log), resource, sequence (unique, in file order)
RawEvent = tuple[str, int, float, float | None, str, int]


def build_case(case_id: str, order: int, events: list[RawEvent]) -> Case:
    """Pair the starts and completes of a case into activity instances, in time order."""
    events.sort(key=lambda e: (e[2], e[1], e[5]))
    waiting: dict[str, deque[tuple[float, str, int]]] = {}
    found: list[tuple[float, float, int, str, str, int]] = []  # end, start, sequence, activity, resource, known
    for activity, life, when, start, resource, seq in events:
        if life == START:
            waiting.setdefault(activity, deque()).append((when, resource, seq))
            continue
        opened = waiting.get(activity)
        if opened:
            began, started_by, __ = opened.popleft()
            found.append((when, began, seq, activity, resource or started_by, SPAN))
        elif start is None:
            found.append((when, when, seq, activity, resource, END_ONLY))
        else:
            found.append((when, start, seq, activity, resource, SPAN))
    for activity, opened in waiting.items():
        for began, resource, seq in opened:
            found.append((began, began, seq, activity, resource, START_ONLY))
    found.sort()
    return Case(case_id, order, [(a, s, e, r, k) for e, s, __, a, r, k in found], len(events))


# --- reading with progress ----------------------------------------------------------------------

class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read from it, for progress."""

    def __init__(self, raw: io.BufferedIOBase, progress: Progress | None, total: int):
        self.raw, self.progress, self.total, self.done = raw, progress, total, 0
        self._next = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        self.done += n or 0
        if self.progress is not None and self.done >= self._next:
            self.progress(self.done, self.total)
            self._next = self.done + max(1 << 20, self.total // 200)
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


class LogReader:
    """Cases of one log file, read once (``cases()``) and then summarised in ``stats``."""

    def __init__(self, path: str | Path, columns: LogColumns | None = None, options: LogOptions | None = None, *,
                 progress: Progress | None = None):
        self.path = Path(path)
        self.kind = check_log_file(path)
        self.columns = columns or LogColumns()
        self.options = options or LogOptions()
        try:
            self.delimiter = delimiter_of(self.options.delimiter)
        except ValueError as error:
            raise LogError(_("the delimiter {error}").format(error=error)) from None
        self.progress = progress
        self.stats = LogStats()
        self.parts = log_parts(self.path) if self.kind == "parts" else [self.path]
        self.size = sum(p.stat().st_size for p in self.parts)
        self.sheet: str | None = None  # the title of the worksheet read, once an Excel log is read
        self.part: Path = self.path  # the file being read, for messages (a part of a folder log)
        self._header: list[str] = []
        self._start_key_unknown = False

    def cases(self, grouped: bool = True) -> Iterator[Case]:
        """The cases, one at a time. CSV and Excel: raises ``NotGrouped`` (possibly after some cases)
        when ``grouped`` and a case's rows are not together; call again with ``grouped=False``."""
        self.stats = LogStats()
        if self.kind == "xes":
            return self._xes_cases()
        return self._grouped() if grouped else self._partitioned()

    def where(self, line: int, column: int | None = None) -> str:
        """The place of a row (and of its ``column``, counted from 0) for a message: ``log.csv:17``
        (a CSV's messages name the column by its header), ``log.xlsx, sheet 办件记录, row 17, column C``."""
        if self.kind in ("parquet", "parts") and self.part.suffix.lower() == ".parquet":
            return _("{path}, row {row}").format(path=self.part, row=line)
        if self.kind == "parts":
            return f"{self.part}:{line}"
        if self.kind != "xlsx":
            return f"{self.path}:{line}"
        if column is None:
            return _("{path}, sheet {sheet}, row {row}").format(path=self.path, sheet=self.sheet, row=line)
        return _("{path}, sheet {sheet}, row {row}, column {column}").format(
            path=self.path, sheet=self.sheet, row=line, column=_column_letter(column))

    def _rows(self) -> Iterator[tuple[str, str, int, float, float | None, str, int]]:
        if self.kind == "xlsx":
            return self._xlsx_rows()
        if self.kind in ("parquet", "parts"):
            return self._part_rows()
        return self._csv_rows()

    # --- Parquet, and folders of parts ------------------------------------------------------------

    def _part_rows(self) -> Iterator[tuple[str, str, int, float, float | None, str, int]]:
        """The rows of each part in turn (one Parquet file is a folder of one part). Every part must
        have the first one's columns; a case may span parts: the grouped reading then finds its id
        again and the log is read in partitions, as an unsorted CSV is."""
        header: list[str] | None = None
        offset = 0  # rows are numbered across the parts, so that cases keep the order of the whole log
        for part in self.parts:
            self.part = part
            rows = self._csv_rows(part) if part.suffix.lower() == ".csv" else self._parquet_rows(part)
            first = True
            last = 0
            for case, activity, life, when, start, resource, line in rows:
                if first:
                    if header is not None and self._header != header:
                        raise LogError(_("{path}: its columns ({columns}) are not those of the first part ({first})"
                                         ).format(path=part, columns=", ".join(self._header),
                                                  first=", ".join(header)))
                    header = list(self._header)
                    first = False
                last = line
                yield case, activity, life, when, start, resource, line + offset
            offset += last
        self.part = self.path

    def _parquet_rows(self, part: Path) -> Iterator[tuple[str, str, int, float, float | None, str, int]]:
        """A Parquet file's rows, a row group's batch at a time, as the CSV's rows: each value the text
        a CSV export holds (a timestamp in ISO 8601; one without a time zone is on the office's clock)."""
        try:
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            raise LogError(_("{path}: reading Parquet needs pyarrow (pip install pyarrow)").format(path=part)) from None
        try:
            source = pq.ParquetFile(part)
        except OSError as error:
            raise LogError(_("{path}: not a readable Parquet file ({error})").format(path=part, error=error)) from None
        except Exception as error:  # pyarrow's ArrowInvalid for a file that is no Parquet
            raise LogError(_("{path}: not a readable Parquet file ({error})").format(path=part, error=error)) from None
        header = list(source.schema_arrow.names)
        self._header = [h.strip() for h in header]
        index = csv_columns(header, self.columns, _("{path}, its columns").format(path=part))
        self.stats.columns = {role: self._header[i] for role, i in index.items()}
        rows = _ParquetRows(source, self.progress, self.size)
        try:
            yield from self._parse(rows, index)
        except LogError:
            raise
        except Exception as error:  # a damaged row group shows only when it is read
            raise LogError(_("{path}: not a readable Parquet file ({error})").format(path=part, error=error)) from None

    # --- CSV --------------------------------------------------------------------------------------

    def _open_text(self, path: Path | None = None) -> io.TextIOWrapper:
        raw = open(path or self.path, "rb")  # noqa: SIM115 - closed by the wrapper
        counted: Any = _Counting(raw, self.progress, self.size)  # typeshed asks for a buffer; raw bytes serve
        return io.TextIOWrapper(counted, encoding=self.options.encoding, newline="")

    def _delimiter(self, first: str) -> str:
        if self.delimiter is not None:
            return self.delimiter
        # the candidate that splits the header into the most columns
        return max((",", ";", "\t", "|"), key=lambda d: (first.count(d), d == ","))

    def _csv_rows(self, part: Path | None = None) -> Iterator[tuple[str, str, int, float, float | None, str, int]]:
        """(case, activity, lifecycle, time, start, resource, line) of each usable row (of ``part``, a CSV
        part of a folder log, else of the log's file)."""
        path = part or self.path
        encoding = self.options.encoding
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LogError(_("unknown text encoding '{encoding}' (utf-8, gbk, gb18030 ...)").format(
                                 encoding=encoding)) from None
        try:
            handle = self._open_text(path)
        except OSError as error:
            raise LogError(_("{path}: cannot read the log: {value}").format(
                                 path=path, value=error.strerror or error)) from None
        except LookupError:  # a codec of bytes to bytes (base64, zlib …), not of text
            raise LogError(_("'{encoding}' is not a text encoding (utf-8, gbk, gb18030 ...)").format(
                                 encoding=encoding)) from None
        with handle:
            reader: Any = None
            try:
                first = handle.readline()
                if not first:
                    raise LogError(_("{path}: the file is empty").format(path=path))
                if not first.strip():
                    raise LogError(_("{path}:1: the first line is blank: the log has no header row").format(
                                         path=path))
                delimiter = self._delimiter(first)
                header = next(csv.reader([first], delimiter=delimiter))
                self._header = [h.strip() for h in header]
                index = csv_columns(header, self.columns, f"{path}:1")
                self.stats.columns = {role: self._header[i] for role, i in index.items()}
                reader = csv.reader(handle, delimiter=delimiter)
                yield from self._parse(reader, index)
            except UnicodeError as error:  # also UTF-16 without its byte order mark
                raise LogError(not_text(path, encoding, error)) from None
            except csv.Error as error:
                line = reader.line_num + 1 if reader is not None else 1
                raise LogError(_("{path}:{line}: not a readable CSV file: {error}").format(
                                     path=path, line=line, error=error)) from None

    def _parse(self, reader: Any, index: dict[str, int]) -> Iterator[tuple[str, str, int, float, float | None,
                                                                            str, int]]:
        """The usable rows of ``reader`` (a ``csv.reader``, or ``_SheetRows`` giving a sheet's rows as
        the same lists of text), with ``index`` the columns' roles."""
        ci, ai, ti = index["case"], index["activity"], index["timestamp"]
        si, ri, li = index.get("start_timestamp"), index.get("resource"), index.get("lifecycle")
        width = max(index.values()) + 1
        fmt, utc_offset = self.options.timestamp_format, self.options.utc_offset
        stats = self.stats
        names = self._header
        path = self.part if self.kind == "parts" else self.path
        where = self.where
        for row in reader:
            line = reader.line_num + 1  # the header was read before the reader began
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue  # a blank line
                raise LogError(_("{path}:{line}: the row has {count} columns, fewer than the {width} "
                                 "the column mapping needs").format(
                                     path=path, line=line, count=len(row), width=width))
            life = lifecycle_code(row[li]) if li is not None else COMPLETE
            if life == OTHER:
                stats.other_lifecycle += 1
                continue
            case, activity = row[ci].strip(), row[ai].strip()
            if not case or not activity:
                role, column = ("case id", ci) if not case else ("activity", ai)
                raise LogError(_("{where}: the {role} (column '{name}') is empty").format(
                                     where=where(line, column), role=role, name=names[column]))
            try:
                when = parse_time(row[ti], fmt, utc_offset)
            except ValueError as error:
                raise _time_problem(where(line, ti), row[ti], f"column '{names[ti]}'", error) from None
            start = None
            if si is not None and row[si].strip():
                try:
                    start = parse_time(row[si], fmt, utc_offset)
                except ValueError as error:
                    raise _time_problem(where(line, si), row[si], f"column '{names[si]}'", error) from None
                if start > when:
                    raise LogError(_("{where}: the start {value} (column '{name}') is after the "
                                     "end {value2} (column '{name2}')").format(
                                         where=where(line, si), value=row[si].strip(), name=names[si],
                                         value2=row[ti].strip(), name2=names[ti]))
            stats.events += 1
            yield case, activity, life, when, start, row[ri].strip() if ri is not None else "", line

    def _grouped(self) -> Iterator[Case]:
        closed: set[str] = set()
        current: str | None = None
        order = 0
        events: list[RawEvent] = []
        for case, activity, life, when, start, resource, line in self._rows():
            if case != current:
                if current is not None:
                    closed.add(current)
                    yield build_case(current, order, events)
                    events = []
                if case in closed:
                    raise NotGrouped(case, line)
                current, order = case, line
            events.append((activity, life, when, start, resource, line))
        if current is not None:
            yield build_case(current, order, events)

    def _partitioned(self) -> Iterator[Case]:
        # a partition of about 4 MB of the log as CSV: its rows, held as tuples, take a few tens of MB
        text_size = self.size * (_XLSX_TEXT_RATIO if self.kind == "xlsx" else 1)
        count = max(2, min(512, text_size // (4 << 20) + 1))
        with tempfile.TemporaryDirectory(prefix="approvalnet-eventlog-") as folder:
            files = [open(os.path.join(folder, f"{k}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
                     for k in range(count)]
            try:
                writers = [csv.writer(f) for f in files]
                for case, activity, life, when, start, resource, line in self._rows():
                    k = zlib.crc32(case.encode("utf-8")) % count  # not hash(): that changes from run to run
                    writers[k].writerow((case, activity, life, repr(when), "" if start is None else repr(start),
                                         resource, line))
            finally:
                for f in files:
                    f.close()
            self.stats.partitions = count
            for k in range(count):
                by_case: dict[str, list[RawEvent]] = {}
                with open(os.path.join(folder, f"{k}.csv"), encoding="utf-8", newline="") as f:
                    for case, activity, life_text, when_text, start_text, resource, line_text in csv.reader(f):
                        by_case.setdefault(case, []).append(
                            (activity, int(life_text), float(when_text), float(start_text) if start_text else None,
                             resource, int(line_text)))
                for case, events in by_case.items():
                    yield build_case(case, events[0][5], events)
                by_case.clear()

    # --- Excel ------------------------------------------------------------------------------------

    def _xlsx_rows(self) -> Iterator[tuple[str, str, int, float, float | None, str, int]]:
        """The usable rows of the chosen sheet, as ``_csv_rows`` gives a CSV's."""
        from openpyxl import load_workbook

        try:
            # read_only streams the sheet's XML, a row at a time (its parser keeps only the emptied row
            # elements, some 90 bytes a row), and keeps the file open until close(); data_only gives a
            # formula's last computed value, as a CSV export would
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # a broken workbook fails in zipfile, XML or openpyxl alike
            raise self._not_a_workbook(error) from None
        try:
            sheet = self._worksheet(book)
            self.sheet = sheet.title
            # the dimension a workbook declares may be wrong (some exporters write A1): read every row,
            # padded here; it serves only to show progress
            rows_declared = sheet.max_row if isinstance(sheet.max_row, int) else 0
            sheet.reset_dimensions()
            rows = _SheetRows(sheet.iter_rows(values_only=True), self.progress, rows_declared, self.size)
            header = rows.header()
            if header is None:
                raise LogError(_("{path}: the sheet '{sheet}' is empty").format(path=self.path, sheet=self.sheet))
            self._header = [h.strip() for h in header]
            index = csv_columns(header, self.columns, self.where(rows.row))
            self.stats.columns = {role: self._header[i] for role, i in index.items()}
            rows.width = max(index.values()) + 1
            yield from self._parse(rows, index)
        except LogError:
            raise
        except Exception as error:  # a sheet's broken XML shows only as its rows are read
            raise self._not_a_workbook(error) from None
        finally:
            book.close()

    def _worksheet(self, book: Any) -> Any:
        """The sheet named in the options (exactly, else without case and surrounding spaces), or the first."""
        sheets = book.worksheets  # chart sheets have no rows: they are not offered
        if not sheets:
            raise LogError(_("{path}: the workbook has no worksheet").format(path=self.path))
        wanted = self.options.sheet
        if wanted is None:
            return sheets[0]
        for sheet in sheets:
            if sheet.title == wanted:
                return sheet
        loose = [sheet for sheet in sheets if sheet.title.strip().casefold() == wanted.strip().casefold()]
        if len(loose) == 1:
            return loose[0]
        raise LogError(_("{path}: no sheet '{sheet}'; the sheets are: {items}").format(
                             path=self.path, sheet=wanted, items=", ".join(f"'{s.title}'" for s in sheets)))

    def _not_a_workbook(self, error: Exception) -> LogError:
        if isinstance(error, OSError):
            return LogError(_("{path}: cannot read the log: {value}").format(
                                path=self.path, value=error.strerror or error))
        # a KeyError (a part the archive lacks) would show its text in quotes
        what = str(error.args[0] if isinstance(error, KeyError) and error.args else error) or type(error).__name__
        return LogError(_("{path}: not a readable .xlsx workbook ({error}); open it in Excel or WPS and save it "
                          "again, or save it as CSV").format(path=self.path, error=what))

    # --- XES --------------------------------------------------------------------------------------

    def _open_xes(self) -> io.BufferedIOBase:
        try:
            if self.path.name.lower().endswith(".gz"):
                return gzip.open(self.path, "rb")
            return open(self.path, "rb")
        except OSError as error:
            raise LogError(_("{path}: cannot read the log: {value}").format(
                                 path=self.path, value=error.strerror or error)) from None

    def _xml_problem(self, error: Any) -> LogError:
        line, col = error.position if error.position else (0, 0)
        where = f"{self.path}:{line}:{col}" if line > 0 else str(self.path)
        what = re.sub(r", line \d+, column \d+$", "", error.msg)  # lxml repeats the position
        return LogError(_("{where}: not well-formed XML: {what}").format(where=where, what=what))

    def _check_xes_root(self) -> None:
        """LogError unless the file is XML whose root element is XES's ``<log>``: other XML would
        otherwise be read to its end for traces it does not have."""
        from lxml import etree

        try:
            with self._open_xes() as raw:
                if not raw.read(1):
                    raise LogError(_("{path}: the file is empty").format(path=self.path))
                raw.seek(0)
                for __, element in iterparse(raw, events=("start",)):
                    tag = _local(element.tag)
                    if tag != "log":
                        raise LogError(_("{path}:{sourceline}: not an XES event log: the root element "
                                         "is <{tag}>, not <log>").format(
                                             path=self.path, sourceline=element.sourceline, tag=tag))
                    return
        except etree.XMLSyntaxError as error:
            raise self._xml_problem(error) from None
        except (OSError, EOFError) as error:  # a broken .gz
            raise LogError(_("{path}: cannot read the log: {error}").format(path=self.path, error=error)) from None

    def _xes_cases(self) -> Iterator[Case]:
        from lxml import etree

        self._check_xes_root()
        c = self.columns
        keys = {role: getattr(c, role) or XES_KEYS.get(role) for role in
                ("case", "activity", "timestamp", "lifecycle", "resource", "start_timestamp")}
        self.stats.columns = {role: key for role, key in keys.items() if key}
        self._start_key_unknown = keys["start_timestamp"] is None
        counted = _Counting(self._open_xes(), self.progress, self.size)
        number = 0
        try:
            with counted:
                for __, trace in iterparse(counted, events=("end",), tag="{*}trace", huge_tree=True):
                    number += 1
                    yield self._xes_trace(trace, keys, number)
                    # free what has been read: the trace, and the (cleared) traces before it
                    trace.clear()
                    parent = trace.getparent()
                    while trace.getprevious() is not None and parent is not None:
                        del parent[0]
        except etree.XMLSyntaxError as error:
            raise self._xml_problem(error) from None
        except (OSError, EOFError) as error:  # a broken .gz
            raise LogError(_("{path}: cannot read the log: {error}").format(path=self.path, error=error)) from None
        if number == 0:
            raise LogError(_("{path}: no <trace> in the file: not an XES event log").format(path=self.path))

    def _xes_trace(self, trace: Any, keys: dict[str, str | None], number: int) -> Case:
        fmt, utc_offset = self.options.timestamp_format, self.options.utc_offset
        case_id = None
        events: list[RawEvent] = []
        stats = self.stats
        for child in trace:
            tag = _local(child.tag)
            if tag == "event":
                values = {child2.get("key"): child2.get("value") for child2 in child}
                if self._start_key_unknown:
                    self._start_key_unknown = False
                    self._xes_start_key(keys, values)
                line = child.sourceline
                activity = values.get(keys["activity"])
                stamp = values.get(keys["timestamp"])
                if activity is None or stamp is None:
                    missing = keys["activity"] if activity is None else keys["timestamp"]
                    raise LogError(_("{path}:{line}: an event without '{missing}'; give the "
                                     "attribute's key with --activity or --timestamp").format(
                                         path=self.path, line=line, missing=missing))
                life = lifecycle_code(values.get(keys["lifecycle"]) or "") if keys["lifecycle"] else COMPLETE
                if life == OTHER:
                    stats.other_lifecycle += 1
                    continue
                if not activity.strip():
                    raise LogError(_("{path}:{line}: the activity (attribute '{key}') is empty").format(
                                         path=self.path, line=line, key=keys['activity']))
                try:
                    when = parse_time(stamp, fmt, utc_offset)
                except ValueError as error:
                    raise _time_problem(f"{self.path}:{line}", stamp, f"attribute '{keys['timestamp']}'",
                                             error) from None
                begun = values.get(keys["start_timestamp"]) if keys["start_timestamp"] else None
                start = None
                if begun:
                    try:
                        start = parse_time(begun, fmt, utc_offset)
                    except ValueError as error:
                        raise _time_problem(f"{self.path}:{line}", begun,
                                                 f"attribute '{keys['start_timestamp']}'", error) from None
                    if start > when:
                        raise LogError(_("{path}:{line}: the start {value} is after the end {value2}").format(
                                             path=self.path, line=line, value=begun.strip(), value2=stamp.strip()))
                stats.events += 1
                events.append((activity.strip(), life, when, start, (values.get(keys["resource"]) or "").strip()
                               if keys["resource"] else "", len(events)))
            elif child.get("key") == keys["case"]:
                case_id = child.get("value")
        return build_case(case_id if case_id is not None else str(number), trace.sourceline or number, events)

    def _xes_start_key(self, keys: dict[str, str | None], values: dict[str, str]) -> None:
        """The start-timestamp key of a log whose mapping names none: the first usual name the
        log's first event has (pm4py writes ``start_timestamp`` in logs of activity instances)."""
        keys["start_timestamp"] = next((name for name in NAMES["start_timestamp"] if name in values), None)
        if keys["start_timestamp"]:
            self.stats.columns["start_timestamp"] = keys["start_timestamp"]


class _SheetRows:
    """A sheet's rows as a ``csv.reader`` gives a CSV's, for ``_parse``: lists of text, and
    ``line_num`` one less than the row's number (a CSV's reader counts from the line after the header).

    Rows without any value are left out (a sheet keeps rows that were only formatted); shorter rows
    are padded to ``width`` with empty cells (a sheet does not store trailing empty cells)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]], progress: Progress | None, rows_declared: int, size: int):
        self._rows, self._progress, self._declared, self._size = rows, progress, rows_declared, size
        self.row = 0  # the number of the row last read (openpyxl yields the missing rows as empty ones)
        self.width = 0
        self._next_progress = 0

    @property
    def line_num(self) -> int:
        return self.row - 1

    def header(self) -> list[str] | None:
        """The first row with a value, its trailing empty cells cut; None for an empty sheet."""
        for row in self:
            while row and not row[-1].strip():
                row.pop()
            return row
        return None

    def __iter__(self) -> _SheetRows:
        return self

    def __next__(self) -> list[str]:
        while True:
            values = next(self._rows)
            self.row += 1
            if any(v is not None and v != "" for v in values):
                break
        row = [_cell_text(v) for v in values]
        if len(row) < self.width:
            row.extend([""] * (self.width - len(row)))
        if self._progress is not None and self._declared and self.row >= self._next_progress:
            # a sheet counts rows, not bytes: shown as the same share of the file
            self._progress(min(self._size, self._size * self.row // self._declared), self._size)
            self._next_progress = self.row + max(10_000, self._declared // 200)
        return row


class _ParquetRows:
    """A Parquet file's rows as a ``csv.reader`` gives a CSV's, for ``_parse``: lists of text, and
    ``line_num`` counting the header as a CSV's first line, so that data row n is reported as row n + 1."""

    def __init__(self, source: Any, progress: Progress | None, size: int):
        self._batches = source.iter_batches(batch_size=65_536)
        self._rows: Iterator[tuple[Any, ...]] = iter(())
        self._progress, self._size = progress, size
        self._total = source.metadata.num_rows or 1
        self.line_num = 0

    def __iter__(self) -> _ParquetRows:
        return self

    def __next__(self) -> list[str]:
        while True:
            try:
                values = next(self._rows)
                break
            except StopIteration:
                batch = next(self._batches)  # StopIteration at the end ends the rows too
                columns = [column.to_pylist() for column in batch.columns]
                self._rows = zip(*columns, strict=True)
                if self._progress is not None:
                    self._progress(min(self._size, self._size * self.line_num // self._total), self._size)
        self.line_num += 1
        return [_cell_text(v) for v in values]


def _cell_text(value: Any) -> str:
    """The text a CSV export writes for a cell's value: a date and time in ISO 8601 (without an offset,
    like Excel's, so on the office's clock), a whole number without ``.0``, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a case id 1001 is stored as the number 1001.0
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _column_letter(index: int) -> str:
    """The letters of a sheet's column counted from 0: A, B, … Z, AA … (openpyxl's, counted from 1)."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def not_text(path: str | Path, encoding: str, error: UnicodeError) -> str:
    """The message for a file that is not text in ``encoding``: where the first byte that cannot be
    decoded stands (a decoder reading through a buffer reports positions in the buffer, not the file)."""
    hint = "give its encoding, e.g. --encoding gbk"
    try:
        with open(path, "rb") as handle:
            if handle.read(2) in (b"\xff\xfe", b"\xfe\xff") and not encoding.lower().replace("_", "-").startswith(
                    "utf-16"):
                hint = "it starts with the byte order mark of UTF-16: give --encoding utf-16"
    except OSError:
        pass
    if not isinstance(error, UnicodeDecodeError):
        return f"{path}: the log is not {encoding} text ({error}); {hint}"
    found = first_undecodable(path, encoding)
    if found is None:
        return f"{path}: the log is not {encoding} text ({error.reason}); {hint}"
    line, offset, byte = found
    return f"{path}:{line}: the log is not {encoding} text (byte 0x{byte:02x} at offset {offset}); {hint}"


def first_undecodable(path: str | Path, encoding: str) -> tuple[int, int, int] | None:
    """(line, offset in the file, byte) of the first byte of ``path`` that ``encoding`` cannot decode,
    read a megabyte at a time; None when all of it decodes (or the encoding is unknown)."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        return None
    line, offset, pending = 1, 0, b""  # offset: of the first byte of ``pending`` in the file
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(1 << 20)
                data = pending + chunk
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as error:
                    # the error's position is in the decoder's buffer: the bytes it held back, then ``chunk``
                    held = len(error.object) - len(chunk)
                    start = len(pending) - held + error.start
                    return line + data[:start].count(b"\n"), offset + start, data[start]
                if not chunk:
                    return None
                held = len(decoder.getstate()[0])
                done = len(data) - held
                line += data[:done].count(b"\n")
                offset += done
                pending = data[done:]
    except (OSError, UnicodeError, IndexError):
        return None


def _time_problem(where: str, text: str, name: str, error: ValueError) -> LogError:
    if isinstance(error, TimestampRangeError):
        return LogError(f"{where}: {error}")
    if not text.strip():
        return LogError(_("{where}: the timestamp ({name}) is empty").format(where=where, name=name))
    return LogError(_("{where}: cannot read '{text}' in {name} as a timestamp (ISO 8601 like "
                      "2025-03-04T09:30:00+08:00, or give --timestamp-format)").format(
                          where=where, text=text, name=name))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
