"""Event logs read and written: one column mapping, one reader and one writer for every command.

``conform`` streams a log's cases (CSV, Excel .xlsx or XES) through ``LogReader``; ``discover``
reads the same cases into memory; ``simulate --log`` writes with ``write_event_log``; replayed
arrivals share the timestamps' rule (``times.py``). The package imports only the foundation: the
readers and writers know nothing of processes.

    reader = LogReader("events.csv", LogColumns(case="办件编号"), LogOptions(encoding="gbk"))
    for case in reader.cases():          # NotGrouped: read again with cases(grouped=False)
        print(case.id, case.instances)
"""

from __future__ import annotations

from .columns import NAMES, XES_KEYS, LogColumns, LogOptions, delimiter_of
from .errors import LogError, NotGrouped
from .read import (
    END_ONLY,
    LOG_SUFFIXES,
    SPAN,
    START_ONLY,
    Case,
    Instance,
    LogReader,
    LogStats,
    check_log_file,
    empty_log_message,
    log_kind,
)
from .times import office_datetime, parse_time, to_datetime
from .write import CSV_COLUMNS, FORMATS, Event, event_log_data, to_csv, to_xes, write_event_log, write_parquet

__all__ = [
    "CSV_COLUMNS",
    "END_ONLY",
    "FORMATS",
    "LOG_SUFFIXES",
    "NAMES",
    "SPAN",
    "START_ONLY",
    "XES_KEYS",
    "Case",
    "Event",
    "Instance",
    "LogColumns",
    "LogError",
    "LogOptions",
    "LogReader",
    "LogStats",
    "NotGrouped",
    "check_log_file",
    "delimiter_of",
    "empty_log_message",
    "event_log_data",
    "log_kind",
    "office_datetime",
    "parse_time",
    "to_csv",
    "to_datetime",
    "to_xes",
    "write_event_log",
    "write_parquet",
]
