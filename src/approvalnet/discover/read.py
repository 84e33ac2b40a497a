"""An event log in memory for discovery: the executions of each case, read by ``eventlog``.

One execution is one performance of an activity, with its end and, when the log tells it, its
start and resource. The reader (``eventlog.LogReader``, the one ``conform`` streams) pairs starts
with completes, reads activity instances and completions alike; here its cases are gathered:
an execution is a completed activity instance (a start never completed is left out), and its
start is unknown when the log gave none. Times are naive ``datetime`` on the office's clock.
Problems with the file are raised as ``LogError`` with a message that names the file and line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..eventlog import (
    END_ONLY,
    START_ONLY,
    Case,
    LogColumns,
    LogError,
    LogOptions,
    LogReader,
    NotGrouped,
    empty_log_message,
    to_datetime,
)
from ..i18n import _


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


def read_log(path: str | Path, columns: LogColumns | None = None, options: LogOptions | None = None) -> EventLog:
    """Read a CSV, Excel or XES event log (``.csv``, ``.xlsx``, ``.xlsm``, ``.xes``, ``.xes.gz``) into
    executions per case."""
    name = str(path)
    reader = LogReader(path, columns or LogColumns(), options or LogOptions())
    try:
        traces, cases = _traces(reader.cases(grouped=True))
    except NotGrouped:  # unlike conform, discovery holds the log anyway: no note that it was read twice
        traces, cases = _traces(reader.cases(grouped=False))
    stats = reader.stats
    if stats.events == 0:
        raise LogError(empty_log_message(name, cases, stats))
    traces = {case: _ordered(trace) for case, trace in traces.items() if trace}
    if not traces:
        raise LogError(_("{name}: the log has no completed events").format(name=name))
    has_start = any(e.start is not None for t in traces.values() for e in t)
    has_resource = any(e.resource is not None for t in traces.values() for e in t)
    return EventLog(name, dict(sorted(traces.items(), key=lambda item: _case_key(item[0]))),
                    stats.events + stats.other_lifecycle, has_start, has_resource, dict(stats.columns))


def _traces(cases: Iterator[Case]) -> tuple[dict[str, list[Execution]], int]:
    """The executions per case id (an id may come back in another XES trace), and the cases read."""
    traces: dict[str, list[Execution]] = {}
    count = 0
    for case in cases:
        count += 1
        trace = traces.setdefault(case.id, [])
        for activity, start, end, resource, known in case.instances:
            if known == START_ONLY:
                continue
            trace.append(Execution(case.id, activity, to_datetime(end),
                                   None if known == END_ONLY else to_datetime(start), resource or None))
    return traces, count


def _ordered(trace: list[Execution]) -> list[Execution]:
    """In order of completion; equal ends by start (the one begun first ended first)."""
    return sorted(trace, key=lambda e: (e.end, e.start or e.end))


def _case_key(case: str) -> tuple[int, int | str]:
    # numeric case ids in numeric order, then the others
    return (0, int(case)) if case.isdigit() else (1, case)
