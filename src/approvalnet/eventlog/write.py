"""Writing an event log: CSV or XES for pm4py and other process-mining tools (``simulate --log``), and
Parquet for data platforms and large logs (``log convert``).

One ``Event`` per row: the case, the activity, the step id, the resource, the lane, the lifecycle
(``start`` or ``complete``) and an aware timestamp. The CSV's columns are the first of the usual
names the readers look for, so a log written here reads back without options.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .read import END_ONLY, SPAN, Case
from .times import to_datetime

FORMATS = (".csv", ".xes")
CSV_COLUMNS = ("case_id", "activity", "step", "resource", "lane", "lifecycle", "timestamp")


@dataclass(frozen=True)
class Event:
    case: str
    activity: str
    step: str
    resource: str
    lane: str
    lifecycle: str  # "start" or "complete"
    timestamp: datetime.datetime


def to_csv(events: list[Event]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        writer.writerow((e.case, e.activity, e.step, e.resource, e.lane, e.lifecycle,
                         e.timestamp.isoformat(timespec="milliseconds")))
    return buffer.getvalue()


def to_xes(events: list[Event], name: str = "") -> bytes:
    """XES 1849-2016 through pm4py's exporter (concept, lifecycle, org and time extensions)."""
    from pm4py.objects.log.exporter.xes import exporter
    from pm4py.objects.log.obj import Event as XesEvent
    from pm4py.objects.log.obj import EventLog, Trace

    log = EventLog(attributes={"concept:name": name} if name else {})
    trace: Trace | None = None
    for e in events:
        if trace is None or trace.attributes["concept:name"] != e.case:
            trace = Trace(attributes={"concept:name": e.case})
            log.append(trace)
        trace.append(XesEvent({"concept:name": e.activity, "lifecycle:transition": e.lifecycle,
                               "org:resource": e.resource, "time:timestamp": e.timestamp,
                               "step": e.step, "lane": e.lane}))
    return exporter.serialize(log, parameters={"show_progress_bar": False})  # no pm4py bar on our stderr


def event_log_data(events: list[Event], path: str | Path, name: str = "") -> str | bytes:
    """The log as CSV or XES, chosen by the suffix of the file it is for."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(_("{path}: an event log is written as .csv or .xes, not '{value}'").format(
                               path=path, value=suffix or 'no suffix'))
    return to_csv(events) if suffix == ".csv" else to_xes(events, name)


def write_event_log(events: list[Event], path: str | Path, name: str = "") -> None:
    """Write the log as CSV or XES, chosen by the file's suffix, atomically."""
    from ..fileio import write_atomic

    write_atomic(path, event_log_data(events, path, name))


# --- Parquet (``approvalnet log convert``) -------------------------------------------------------------

PARQUET_COLUMNS = ("case_id", "activity", "lifecycle", "timestamp", "resource")
_BATCH = 100_000  # rows per row group: a few MB in memory, whatever the size of the log


def write_parquet(cases: Iterator[Case], path: str | Path, parts: int | None = None) -> tuple[int, int]:
    """The cases as a Parquet file of start and complete events (the columns the readers find by
    name; times naive, on the office's clock, as they were read), written atomically, a row group
    at a time. An activity instance with both times gives a start and a complete row, one with its
    end only a complete row, one never completed a start row: read back, they pair into the same
    instances. Returns (cases, rows).

    With ``parts``, ``path`` is a folder of that many files ``part-00000.parquet`` …, each case in the
    part given by a hash of its id (CRC-32, the same on every machine): no case spans two parts, so
    that ``conform`` checks each part on its own (on Dask's workers, with ``--scheduler``). The
    folder is written beside its place and renamed into it when complete."""
    import os
    import shutil
    import tempfile
    import zlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(path)
    schema = pa.schema([("case_id", pa.string()), ("activity", pa.string()), ("lifecycle", pa.string()),
                        ("timestamp", pa.timestamp("ms")), ("resource", pa.string())])
    target.parent.mkdir(parents=True, exist_ok=True)
    if parts is None:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
        files = [temporary]
    else:
        temporary = tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        mask = os.umask(0)  # mkdtemp makes the folder private; the log's folder is as any other the user makes
        os.umask(mask)
        os.chmod(temporary, 0o777 & ~mask)
        files = [os.path.join(temporary, f"part-{k:05d}.parquet") for k in range(parts)]
    buffers: list[list[list[object]]] = [[[] for _ in PARQUET_COLUMNS] for _ in files]
    count = rows = 0
    writers: list[pq.ParquetWriter] = []

    def flush(k: int) -> None:
        nonlocal rows
        rows += len(buffers[k][0])
        writers[k].write_table(pa.table(buffers[k], schema=schema))
        buffers[k] = [[] for _ in PARQUET_COLUMNS]

    try:
        try:
            writers.extend(pq.ParquetWriter(f, schema) for f in files)
            for case in cases:
                count += 1
                k = 0 if parts is None else zlib.crc32(case.id.encode("utf-8")) % parts
                columns = buffers[k]
                for activity, start, end, resource, known in case.instances:
                    events = (("start", start), ("complete", end)) if known == SPAN else (
                        (("complete", end),) if known == END_ONLY else (("start", start),))
                    for life, when in events:
                        for column, value in zip(columns, (case.id, activity, life, to_datetime(when), resource),
                                                 strict=True):
                            column.append(value)
                if len(columns[0]) >= _BATCH:
                    flush(k)
            for k in range(len(files)):
                if buffers[k][0] or rows == 0 or parts is not None:
                    flush(k)
        finally:
            for writer in writers:
                writer.close()
        if parts is not None and target.is_dir():
            # the old folder is moved aside first, so that the log's place always holds a whole folder
            old = tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old")
            os.replace(target, os.path.join(old, target.name))
            os.replace(temporary, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temporary, target)
    except BaseException:
        if parts is None:
            Path(temporary).unlink(missing_ok=True)
        else:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    return count, rows
