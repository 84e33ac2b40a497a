"""Reading an event log case by case, without holding the whole log in memory: CSV and XES.

A case is handed on as soon as all of its events have been read, as a ``Case``: its id, and its
activity instances ``(activity, start, end, resource)`` in time order. Times are seconds since
1970-01-01 00:00 *Beijing time* (``+08:00``): an aware timestamp is converted to Beijing time, a
naive one is taken to be Beijing time already (the clocks of the approval centres).

**CSV.** Read with the ``csv`` module, row by row. Which column is what comes from the column
mapping (``LogColumns``); unset columns are found by their usual names (``case_id`` or
``case:concept:name``, ``activity`` or ``concept:name``, ``timestamp`` or ``time:timestamp``,
``lifecycle``, ``resource``). A row is one of:

- a *start* or *complete* event, when the log has a lifecycle column: starts and completes of the
  same activity in a case are paired first in, first out (a complete without a start is an
  instance of no duration; a start never completed, one that ended when it began);
- an *activity instance*, when a start-timestamp column is given (empty: no duration);
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

**XES.** ``lxml``'s ``iterparse`` hands over one ``<trace>`` at a time; each is cleared, and the
trees before it removed, once read, so memory holds one trace. Attribute keys come from the same
mapping (``concept:name``, ``time:timestamp``, ``lifecycle:transition``, ``org:resource`` by
default). ``.xes.gz`` is read through gzip.

Problems of the log (a missing column, a timestamp that cannot be read, broken XML) raise
``LogError`` with the file and line.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import difflib
import gzip
import io
import os
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
_EPOCH = datetime.datetime(1970, 1, 1)
_BEIJING_OFFSET = 8 * 3600.0

START, COMPLETE, OTHER = 0, 1, 2
LOG_SUFFIXES = (".csv", ".xes", ".xes.gz")
# The years a timestamp may fall in. Others are placeholders for a missing date (0001-01-01,
# 9999-12-31) far more often than real times; the working-day clock, which counts the days from a
# case's start to its end one by one, would take minutes over them and leaves the calendar's range.
YEARS = (1900, 2199)

# Usual names of the columns, tried in order (case-insensitively) when the mapping does not name one.
CSV_DEFAULTS: dict[str, tuple[str, ...]] = {
    "case": ("case_id", "case:concept:name", "case", "caseid", "case id"),
    "activity": ("activity", "concept:name", "activity name", "activity_name"),
    "timestamp": ("timestamp", "time:timestamp", "complete_timestamp", "end_timestamp", "end_time", "time"),
    "lifecycle": ("lifecycle", "lifecycle:transition"),
    "resource": ("resource", "org:resource"),
}
XES_DEFAULTS: dict[str, str] = {
    "case": "concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "lifecycle": "lifecycle:transition",
    "resource": "org:resource",
}

Instance = tuple[str, float, float, str]  # activity, start, end (Beijing seconds), resource ("" if none)
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)


class LogError(Exception):
    """The log cannot be read as asked: the message says where and why, for the user."""


class TimestampRangeError(ValueError):
    """A timestamp that was read, but falls outside ``YEARS``."""


class NotGrouped(Exception):
    """A case's rows are not together in the file: read it again with ``grouped=False``."""

    def __init__(self, case: str, line: int):
        super().__init__(f"case '{case}' comes back at line {line}, after other cases")
        self.case, self.line = case, line


@dataclass(frozen=True)
class LogColumns:
    """Which CSV column (or XES attribute key) holds what; None: the usual name."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    start_timestamp: str | None = None
    resource: str | None = None
    lifecycle: str | None = None
    timestamp_format: str | None = None  # a strptime format, for timestamps that are not ISO 8601


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
    partitions: int = 0  # > 0 when the CSV was not grouped by case and was read in partitions
    columns: dict[str, str] = field(default_factory=dict)  # role -> the column or key used


def log_kind(path: str | Path) -> str:
    """``csv`` or ``xes`` by the file's name; LogError for anything else."""
    name = str(path).lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".xes", ".xes.gz")):
        return "xes"
    raise LogError(f"{path}: an event log is a .csv, .xes or .xes.gz file")


def parse_time(text: str, fmt: str | None = None) -> float:
    """Seconds since 1970-01-01 00:00 Beijing time; ValueError when ``text`` is not a timestamp."""
    text = text.strip()
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        if fmt is not None:
            when = datetime.datetime.strptime(text, fmt)
        else:
            when = datetime.datetime.fromisoformat(text.replace("/", "-"))  # 2025/03/04 09:00
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise TimestampRangeError(f"timestamp '{text}' is in the year {when.year}, outside {YEARS[0]}–{YEARS[1]}; "
                                  "is it a placeholder for a missing date?")
    if when.tzinfo is not None:
        return when.timestamp() + _BEIJING_OFFSET
    return (when - _EPOCH).total_seconds()


def to_datetime(seconds: float) -> datetime.datetime:
    """The Beijing-time ``datetime`` of ``seconds`` (the inverse of ``parse_time``)."""
    return (_EPOCH + datetime.timedelta(seconds=seconds)).replace(tzinfo=BEIJING)


_LIFECYCLE = {"complete": COMPLETE, "completed": COMPLETE, "": COMPLETE, "start": START, "started": START}


def lifecycle_code(value: str) -> int:
    """``START``, ``COMPLETE`` (also for an empty value) or ``OTHER`` (schedule, suspend ...)."""
    code = _LIFECYCLE.get(value)  # the usual spellings without the cost of normalising them
    return code if code is not None else _LIFECYCLE.get(value.strip().lower(), OTHER)


# --- cases from events --------------------------------------------------------------------------

Event = tuple[str, int, float, float, str, int]  # activity, lifecycle, time, start (or time), resource, sequence


def build_case(case_id: str, order: int, events: list[Event]) -> Case:
    """Pair the starts and completes of a case into activity instances, in time order."""
    events.sort(key=lambda e: (e[2], e[1], e[5]))
    waiting: dict[str, deque[tuple[float, str, int]]] = {}
    found: list[tuple[float, float, int, str, str]] = []  # end, start, sequence, activity, resource
    for activity, life, when, start, resource, seq in events:
        if life == START:
            waiting.setdefault(activity, deque()).append((when, resource, seq))
            continue
        opened = waiting.get(activity)
        if opened:
            began, started_by, _ = opened.popleft()
            found.append((when, began, seq, activity, resource or started_by))
        else:
            found.append((when, min(start, when), seq, activity, resource))
    for activity, opened in waiting.items():
        for began, resource, seq in opened:  # started, never completed: ended when it began
            found.append((began, began, seq, activity, resource))
    found.sort()
    return Case(case_id, order, [(a, s, e, r) for e, s, _, a, r in found], len(events))


# --- reading with progress ----------------------------------------------------------------------

class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read from it, for progress."""

    def __init__(self, raw: IO[bytes], progress: Progress | None, total: int):
        self.raw, self.progress, self.total, self.done = raw, progress, total, 0
        self._next = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
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

    def __init__(self, path: str | Path, columns: LogColumns = LogColumns(), *, delimiter: str | None = None,
                 encoding: str = "utf-8-sig", progress: Progress | None = None):
        self.path = Path(path)
        self.kind = log_kind(path)
        self.columns = columns
        self.delimiter = _delimiter_option(delimiter)
        self.encoding = encoding
        self.progress = progress
        self.stats = LogStats()
        if self.path.is_dir():
            raise LogError(f"{self.path}: is a folder; give the event log's file")
        if not self.path.is_file():
            raise LogError(f"{self.path}: no such file")
        self.size = self.path.stat().st_size
        self._header: list[str] = []

    def cases(self, grouped: bool = True) -> Iterator[Case]:
        """The cases, one at a time. CSV: raises ``NotGrouped`` (possibly after some cases) when
        ``grouped`` and a case's rows are not together; call again with ``grouped=False``."""
        self.stats = LogStats()
        if self.kind == "xes":
            return self._xes_cases()
        return self._csv_grouped() if grouped else self._csv_partitioned()

    # --- CSV --------------------------------------------------------------------------------------

    def _open_text(self) -> io.TextIOWrapper:
        raw = open(self.path, "rb")  # noqa: SIM115 - closed by the wrapper
        return io.TextIOWrapper(_Counting(raw, self.progress, self.size), encoding=self.encoding, newline="")

    def _delimiter(self, first: str) -> str:
        if self.delimiter is not None:
            return self.delimiter
        # the candidate that splits the header into the most columns
        return max((",", ";", "\t", "|"), key=lambda d: (first.count(d), d == ","))

    def _csv_rows(self) -> Iterator[tuple[str, str, int, float, float, str, int]]:
        """(case, activity, lifecycle, time, start, resource, line) of each usable row."""
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise LogError(f"unknown text encoding '{self.encoding}' (utf-8, gbk, gb18030 ...)") from None
        try:
            handle = self._open_text()
        except OSError as error:
            raise LogError(f"{self.path}: cannot read the log: {error.strerror or error}") from None
        except LookupError:  # a codec of bytes to bytes (base64, zlib …), not of text
            raise LogError(f"'{self.encoding}' is not a text encoding (utf-8, gbk, gb18030 ...)") from None
        with handle:
            try:
                first = handle.readline()
                if not first.strip():
                    raise LogError(f"{self.path}: the log is empty (no header row)")
                delimiter = self._delimiter(first)
                header = next(csv.reader([first], delimiter=delimiter))
                index = self._csv_columns(header)
                reader = csv.reader(handle, delimiter=delimiter)
                yield from self._csv_parse(reader, index)
            except UnicodeError as error:  # also UTF-16 without its byte order mark
                raise LogError(not_text(self.path, self.encoding, error)) from None
            except csv.Error as error:
                raise LogError(f"{self.path}: not a readable CSV file: {error}") from None

    def _csv_columns(self, header: list[str]) -> dict[str, int]:
        names = [h.strip() for h in header]
        self._header = names
        lower = {n.lower(): i for i, n in reversed(list(enumerate(names)))}
        chosen: dict[str, int] = {}

        def pick(role: str, given: str | None, required: bool) -> None:
            if given is not None:
                if given.strip().lower() not in lower:
                    close = difflib.get_close_matches(given, names, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    raise LogError(f"{self.path}:1: no column '{given}' for the {role.replace('_', ' ')}{hint}; "
                                   f"the columns are: {', '.join(names)}")
                chosen[role] = lower[given.strip().lower()]
                return
            for name in CSV_DEFAULTS.get(role, ()):
                if name in lower:
                    chosen[role] = lower[name]
                    return
            if required:
                option = "--" + role.replace("_", "-")
                raise LogError(f"{self.path}:1: which column holds the {role}? None has a usual name "
                               f"({', '.join(CSV_DEFAULTS[role])}); give it with {option}; the columns are: "
                               f"{', '.join(names)}")

        c = self.columns
        pick("case", c.case, True)
        pick("activity", c.activity, True)
        pick("timestamp", c.timestamp, True)
        pick("resource", c.resource, False)
        if c.start_timestamp is not None:
            pick("start_timestamp", c.start_timestamp, True)
            if c.lifecycle is not None:
                pick("lifecycle", c.lifecycle, True)
        else:
            pick("lifecycle", c.lifecycle, False)
        self.stats.columns = {role: names[i] for role, i in chosen.items()}
        return chosen

    def _csv_parse(self, reader: Any, index: dict[str, int]) -> Iterator[tuple[str, str, int, float, float, str, int]]:
        ci, ai, ti = index["case"], index["activity"], index["timestamp"]
        si, ri, li = index.get("start_timestamp"), index.get("resource"), index.get("lifecycle")
        width = max(index.values()) + 1
        fmt = self.columns.timestamp_format
        stats = self.stats
        header_names = self._header
        for row in reader:
            line = reader.line_num + 1  # the header was read before the reader began
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue  # a blank line
                raise LogError(f"{self.path}:{line}: the row has {len(row)} columns, fewer than the "
                               f"{width} the column mapping needs")
            life = lifecycle_code(row[li]) if li is not None else COMPLETE
            if life == OTHER:
                stats.other_lifecycle += 1
                continue
            case, activity = row[ci].strip(), row[ai].strip()
            if not case:
                raise LogError(f"{self.path}:{line}: the case id (column "
                               f"'{self.stats.columns['case']}') is empty")
            try:
                when = parse_time(row[ti], fmt)
                start = parse_time(row[si], fmt) if si is not None and row[si].strip() else when
            except TimestampRangeError as error:
                raise LogError(f"{self.path}:{line}: {error}") from None
            except ValueError:
                bad = ti if not _is_time(row[ti], fmt) else si
                assert bad is not None
                raise LogError(f"{self.path}:{line}: cannot read '{row[bad]}' in column "
                               f"'{header_names[bad]}' as a timestamp (ISO 8601 like 2025-03-04T09:30:00+08:00, "
                               "or give --timestamp-format)") from None
            stats.events += 1
            yield case, activity, life, when, start, row[ri].strip() if ri is not None else "", line

    def _csv_grouped(self) -> Iterator[Case]:
        closed: set[str] = set()
        current: str | None = None
        order = 0
        events: list[Event] = []
        for case, activity, life, when, start, resource, line in self._csv_rows():
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

    def _csv_partitioned(self) -> Iterator[Case]:
        # a partition of about 4 MB of the log: its rows, held as tuples, take a few tens of MB
        count = max(2, min(512, self.size // (4 << 20) + 1))
        with tempfile.TemporaryDirectory(prefix="approvalnet-conform-") as folder:
            files = [open(os.path.join(folder, f"{k}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
                     for k in range(count)]
            try:
                writers = [csv.writer(f) for f in files]
                for case, activity, life, when, start, resource, line in self._csv_rows():
                    k = zlib.crc32(case.encode("utf-8")) % count  # not hash(): that changes from run to run
                    writers[k].writerow((case, activity, life, repr(when), repr(start), resource, line))
            finally:
                for f in files:
                    f.close()
            self.stats.partitions = count
            for k in range(count):
                by_case: dict[str, list[Event]] = {}
                with open(os.path.join(folder, f"{k}.csv"), encoding="utf-8", newline="") as f:
                    for case, activity, life, when, start, resource, line in csv.reader(f):
                        by_case.setdefault(case, []).append(
                            (activity, int(life), float(when), float(start), resource, int(line)))
                for case, events in by_case.items():
                    yield build_case(case, events[0][5], events)
                by_case.clear()

    # --- XES --------------------------------------------------------------------------------------

    def _xes_cases(self) -> Iterator[Case]:
        from lxml import etree

        c = self.columns
        keys = {role: getattr(c, role) or XES_DEFAULTS.get(role) for role in
                ("case", "activity", "timestamp", "lifecycle", "resource", "start_timestamp")}
        self.stats.columns = {role: key for role, key in keys.items() if key}
        try:
            zipped = self.path.name.lower().endswith(".gz")
            raw: IO[bytes] = gzip.open(self.path, "rb") if zipped else open(self.path, "rb")  # noqa: SIM115
        except OSError as error:
            raise LogError(f"{self.path}: cannot read the log: {error.strerror or error}") from None
        counted = _Counting(raw, self.progress, self.size)
        number = 0
        try:
            with counted:
                for _, trace in etree.iterparse(counted, events=("end",), tag="{*}trace", huge_tree=True,
                                                resolve_entities=False, no_network=True):
                    number += 1
                    yield self._xes_trace(trace, keys, number)
                    # free what has been read: the trace, and the (cleared) traces before it
                    trace.clear()
                    parent = trace.getparent()
                    while trace.getprevious() is not None and parent is not None:
                        del parent[0]
        except etree.XMLSyntaxError as error:
            line, col = error.position if error.position else (0, 0)
            where = f"{self.path}:{line}:{col}" if line > 0 else str(self.path)
            what = "the file is empty" if self.size == 0 else f"not a readable XES file: {error.msg}"
            raise LogError(f"{where}: {what}") from None
        except (OSError, EOFError) as error:  # a broken .gz
            raise LogError(f"{self.path}: cannot read the log: {error}") from None
        if number == 0:
            raise LogError(f"{self.path}: no <trace> in the file: not an XES event log")

    def _xes_trace(self, trace: Any, keys: dict[str, str | None], number: int) -> Case:
        fmt = self.columns.timestamp_format
        case_id = None
        events: list[Event] = []
        stats = self.stats
        for child in trace:
            tag = _local(child.tag)
            if tag == "event":
                values = {child2.get("key"): child2.get("value") for child2 in child}
                activity = values.get(keys["activity"])
                stamp = values.get(keys["timestamp"])
                if activity is None or stamp is None:
                    missing = keys["activity"] if activity is None else keys["timestamp"]
                    raise LogError(f"{self.path}:{child.sourceline}: an event without '{missing}'; give the "
                                   "attribute's key with --activity or --timestamp")
                life = lifecycle_code(values.get(keys["lifecycle"]) or "") if keys["lifecycle"] else COMPLETE
                if life == OTHER:
                    stats.other_lifecycle += 1
                    continue
                try:
                    when = parse_time(stamp, fmt)
                    begun = values.get(keys["start_timestamp"]) if keys["start_timestamp"] else None
                    start = parse_time(begun, fmt) if begun else when
                except TimestampRangeError as error:
                    raise LogError(f"{self.path}:{child.sourceline}: {error}") from None
                except ValueError:
                    raise LogError(f"{self.path}:{child.sourceline}: cannot read '{stamp}' as a timestamp") from None
                stats.events += 1
                events.append((activity.strip(), life, when, start, (values.get(keys["resource"]) or "").strip()
                               if keys["resource"] else "", child.sourceline or len(events)))
            elif child.get("key") == keys["case"]:
                case_id = child.get("value")
        return build_case(case_id if case_id is not None else str(number), trace.sourceline or number, events)


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


def _delimiter_option(given: str | None) -> str | None:
    """The CSV delimiter asked for (``\\t`` and ``tab`` mean a tab); LogError when it cannot be one."""
    if given is None:
        return None
    delimiter = "\t" if given in ("\\t", "tab") else given
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise LogError(f"--delimiter must be one character, not a quote or a line break; got {given!r}")
    return delimiter


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_time(text: str, fmt: str | None) -> bool:
    try:
        parse_time(text, fmt)
    except ValueError:
        return False
    return True
