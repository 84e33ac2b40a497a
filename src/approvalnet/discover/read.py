"""Reading event logs for discovery: CSV (columns chosen like pm4py's ``format_dataframe``) and XES.

A log becomes a list of *executions* per case: one execution is one performance of an activity, with
its end (the ``complete`` event) and, when the log tells it, its start and resource. Three shapes of
log are understood:

- a lifecycle column (``start`` / ``complete`` events, as ``approvalnet simulate --log`` writes and as
  XES has it): the starts are paired with the completes of the same activity in the same case, first
  in first out; other lifecycle values (``schedule``, ``assign`` …) are left out;
- a start-timestamp column (one row per execution, with its start and its end);
- neither: every row is a completion, and the start is unknown.

Timestamps are read as local time of the calendar: a timestamp with a UTC offset is converted to
``utc_offset`` hours (Beijing time, +8, by default) and the offset dropped; one without is taken as
it is. Problems with the file are raised as ``LogError`` with a message that names the file and,
for CSV, the line.
"""

from __future__ import annotations

import datetime
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Column names tried, in order, when an option does not name one (compared without case).
CANDIDATES: dict[str, tuple[str, ...]] = {
    "case": ("case_id", "case:concept:name", "case", "caseid", "case id", "case_key"),
    "activity": ("activity", "concept:name", "activity name", "activity_name", "event", "task"),
    "timestamp": ("timestamp", "time:timestamp", "complete_timestamp", "end_timestamp", "end time", "end_time",
                  "completetimestamp"),
    "start_timestamp": ("start_timestamp", "start timestamp", "start_time", "start time", "starttimestamp"),
    "resource": ("resource", "org:resource", "user", "performer"),
    "lifecycle": ("lifecycle", "lifecycle:transition", "event_type"),
}
SUFFIXES = (".csv", ".xes", ".xes.gz")


class LogError(Exception):
    """An event log that cannot be read; the message is written for the person who gave it."""


@dataclass(frozen=True)
class Columns:
    """Which columns hold what; ``None`` means: look for a usual name (see ``CANDIDATES``)."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    start_timestamp: str | None = None
    resource: str | None = None
    lifecycle: str | None = None


@dataclass(frozen=True)
class Execution:
    """One performance of an activity in a case. Times are naive local times of the calendar."""

    case: str
    activity: str
    end: datetime.datetime
    start: datetime.datetime | None = None
    resource: str | None = None


@dataclass
class EventLog:
    """The executions of each case, in order of completion, and what the log told."""

    path: str
    traces: dict[str, list[Execution]]
    rows: int  # rows (events) read
    has_start: bool  # some execution has a start time
    has_resource: bool
    columns: dict[str, str] = field(default_factory=dict)  # role -> column used

    @property
    def executions(self) -> list[Execution]:
        return [e for trace in self.traces.values() for e in trace]

    @property
    def activities(self) -> list[str]:
        return sorted({e.activity for trace in self.traces.values() for e in trace})


def read_log(path: str | Path, columns: Columns | None = None, *, sep: str = ",", encoding: str = "utf-8",
             utc_offset: float = 8.0) -> EventLog:
    """Read a CSV or XES event log (``.csv``, ``.xes``, ``.xes.gz``) into executions per case."""
    columns = columns or Columns()
    name = str(path)
    p = Path(path)
    if p.is_dir():
        raise LogError(f"{name}: is a folder; give the event log's file")
    if not p.is_file():
        raise LogError(f"{name}: no such file")
    lower = p.name.lower()
    if lower.endswith(".csv"):
        frame = _read_csv(p, name, sep, encoding)

        def line_of(index: int) -> str:
            return f"{name}:{index + 2}"  # file:line; the header is line 1
    elif lower.endswith((".xes", ".xes.gz")):
        frame = _read_xes(p, name, encoding)

        def line_of(index: int) -> str:
            return f"{name}: event {index + 1}"
    else:
        raise LogError(f"{name}: an event log is read from .csv or .xes (or .xes.gz), not '{p.suffix or p.name}'")
    if len(frame) == 0:
        raise LogError(f"{name}: the log has no events")
    used = _choose_columns(frame, columns, name)
    return _executions(frame, used, name, line_of, utc_offset)


def _read_csv(path: Path, name: str, sep: str, encoding: str) -> Any:
    import pandas as pd

    from ..eventlog.read import not_text

    sep = "\t" if sep in ("\\t", "tab") else sep
    if len(sep) != 1 or sep in "\"\r\n":
        # pandas would read a longer separator as a regular expression, with another parser
        raise LogError(f"--sep must be one character, not a quote or a line break; got {sep!r}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding=encoding)
    except UnicodeError as error:  # a byte the encoding cannot decode; UTF-16 without its byte order mark
        raise LogError(not_text(name, encoding, error)) from None
    except LookupError:
        raise LogError(f"{name}: '{encoding}' is not a known text encoding (utf-8, gbk, gb18030 ...)") from None
    except pd.errors.EmptyDataError:
        raise LogError(f"{name}: the file is empty") from None
    except (pd.errors.ParserError, ValueError, OSError) as error:
        raise LogError(f"{name}: cannot read as CSV: {_first_line(error)}") from None


def _read_xes(path: Path, name: str, encoding: str) -> Any:
    import pm4py

    _check_xes_root(path, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pm4py suggests an optional faster parser on every call
            frame = pm4py.read_xes(str(path), encoding=encoding, show_progress_bar=False)
    except Exception as error:  # lxml, gzip and pm4py raise many kinds; all mean the same to the user
        raise LogError(f"{name}: cannot read as XES: {_first_line(error)}") from None
    if not hasattr(frame, "columns"):
        raise LogError(f"{name}: cannot read as XES")
    return frame


def _check_xes_root(path: Path, name: str) -> None:
    """LogError unless the file is XML whose root element is XES's ``<log>``: pm4py's reader fails on
    anything else with messages that say nothing to the user."""
    import gzip

    from lxml import etree

    try:
        with (gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")) as raw:
            if not raw.read(1):
                raise LogError(f"{name}: the file is empty")
            raw.seek(0)
            for _, element in etree.iterparse(raw, events=("start",), resolve_entities=False, no_network=True):
                tag = element.tag if isinstance(element.tag, str) else ""
                if tag.rsplit("}", 1)[-1] != "log":
                    raise LogError(f"{name}:{element.sourceline}: not an XES event log: the root element is "
                                   f"<{tag.rsplit('}', 1)[-1]}>, not <log>")
                return
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 0
        raise LogError(f"{name}:{line}: not well-formed XML: {error.msg}" if line > 0
                       else f"{name}: not well-formed XML: {error.msg}") from None
    except (OSError, EOFError) as error:  # a broken .gz
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise LogError(f"{name}: cannot read the log: {why}") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _choose_columns(frame: Any, columns: Columns, name: str) -> dict[str, str]:
    """Map each role (case, activity …) to a column of ``frame``: the one named, or a usual name."""
    available = [str(c) for c in frame.columns]
    by_lower = {c.lower().strip(): c for c in available}
    used: dict[str, str] = {}
    for role, candidates in CANDIDATES.items():
        given = getattr(columns, role)
        if given is not None:
            if given not in available:
                option = "--" + role.replace("_", "-")
                raise LogError(f"{name}: {option} names column '{given}', which the log does not have; "
                               f"its columns are: {', '.join(available)}")
            used[role] = given
            continue
        for candidate in candidates:
            if candidate in by_lower:
                used[role] = by_lower[candidate]
                break
    for role in ("case", "activity", "timestamp"):
        if role not in used:
            option = "--" + role
            raise LogError(f"{name}: no {role} column found (tried {', '.join(CANDIDATES[role][:4])}); name it "
                           f"with {option}; the log's columns are: {', '.join(available)}")
    if used.get("start_timestamp") == used["timestamp"]:
        del used["start_timestamp"]
    return used


def _timestamps(series: Any, column: str, name: str, line_of: Any, utc_offset: float) -> list[datetime.datetime]:
    """Parse a column of timestamps into naive local datetimes (see the module's docstring)."""
    import pandas as pd

    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        text = series.astype(str).str.strip()
        aware = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True)
        if aware.any() and not aware.all():
            index = int((~aware).to_numpy().nonzero()[0][0])
            raise LogError(f"{line_of(index)}: timestamp '{text.iloc[index]}' in column '{column}' has no "
                           "UTC offset, but others have one; give all timestamps an offset or none")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=bool(aware.any()))
        bad = parsed.isna().to_numpy()
        if bad.any():
            index = int(bad.nonzero()[0][0])
            value = text.iloc[index]
            what = "an empty timestamp" if not value else f"'{value}', not a date and time,"
            raise LogError(f"{line_of(index)}: {what} in column '{column}'")
    if getattr(parsed.dt, "tz", None) is not None:
        offset = datetime.timezone(datetime.timedelta(hours=utc_offset))
        parsed = parsed.dt.tz_convert(offset).dt.tz_localize(None)
    return [t.to_pydatetime() for t in parsed]


def _strings(series: Any, column: str, name: str, line_of: Any, required: bool) -> list[str | None]:
    values: list[str | None] = []
    for index, value in enumerate(series.tolist()):
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
        if not text and required:
            raise LogError(f"{line_of(index)}: empty value in column '{column}'")
        values.append(text or None)
    return values


def _executions(frame: Any, used: dict[str, str], name: str, line_of: Any, utc_offset: float) -> EventLog:
    n = len(frame)
    cases = _strings(frame[used["case"]], used["case"], name, line_of, True)
    activities = _strings(frame[used["activity"]], used["activity"], name, line_of, True)
    ends = _timestamps(frame[used["timestamp"]], used["timestamp"], name, line_of, utc_offset)
    starts: list[datetime.datetime] | None = None
    if "start_timestamp" in used:
        starts = _timestamps(frame[used["start_timestamp"]], used["start_timestamp"], name, line_of, utc_offset)
    resources = (_strings(frame[used["resource"]], used["resource"], name, line_of, False)
                 if "resource" in used else [None] * n)
    lifecycle = ([(v or "").lower() for v in _strings(frame[used["lifecycle"]], used["lifecycle"], name, line_of,
                                                      False)] if "lifecycle" in used else None)
    if lifecycle is not None and "complete" not in lifecycle:
        # a lifecycle column without completions (all "complete" under another word, or a column that
        # only looks like one): every row is a completion
        lifecycle = None

    # rows in time order within each case; equal times keep the order of the file
    order = sorted(range(n), key=lambda i: (cases[i], ends[i], i))
    traces: dict[str, list[Execution]] = {}
    pending: dict[tuple[str, str], deque[tuple[datetime.datetime, str | None]]] = {}
    for i in order:
        case, activity = str(cases[i]), str(activities[i])
        trace = traces.setdefault(case, [])
        if lifecycle is not None:
            if lifecycle[i] == "start":
                pending.setdefault((case, activity), deque()).append((ends[i], resources[i]))
                continue
            if lifecycle[i] != "complete":
                continue
            queue = pending.get((case, activity))
            start, start_resource = queue.popleft() if queue else (None, None)
            trace.append(Execution(case, activity, ends[i], start, resources[i] or start_resource))
        else:
            start = starts[i] if starts is not None else None
            if start is not None and start > ends[i]:
                raise LogError(f"{line_of(i)}: the start {start} is after the end {ends[i]}")
            trace.append(Execution(case, activity, ends[i], start, resources[i]))
    traces = {case: _ordered(trace) for case, trace in traces.items() if trace}
    if not traces:
        raise LogError(f"{name}: the log has no completed events")
    has_start = any(e.start is not None for t in traces.values() for e in t)
    has_resource = any(e.resource is not None for t in traces.values() for e in t)
    return EventLog(name, dict(sorted(traces.items(), key=lambda item: _case_key(item[0]))), n, has_start,
                    has_resource, used)


def _ordered(trace: list[Execution]) -> list[Execution]:
    """In order of completion; equal ends by start (the one begun first ended first)."""
    return sorted(trace, key=lambda e: (e.end, e.start or e.end))


def _case_key(case: str) -> tuple[int, int | str]:
    # numeric case ids in numeric order, then the others
    return (0, int(case)) if case.isdigit() else (1, case)
