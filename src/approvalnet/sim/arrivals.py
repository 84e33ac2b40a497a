"""Arrivals replayed from a CSV file of timestamps (instead of a Poisson rate).

The file has one application per row: a column named ``timestamp`` (or ``time``, ``arrival``,
``submitted``), or, without such a header, the first column. Timestamps are read as in event logs
(``eventlog.times``): ISO 8601 dates and times (``2025-03-03 09:12``, ``2025-03-03T09:12:30+08:00``);
times without a zone are Beijing time, those with one are converted to it. An application that
arrives outside office hours waits for the next office period, as at a real window. Rows need
not be sorted; blank rows are skipped.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from ..eventlog.times import TimestampRangeError, office_datetime
from ..i18n import _
from ..language.calendar import WorkCalendar

COLUMNS = ("timestamp", "time", "arrival", "submitted")


class ArrivalsError(ValueError):
    """A replay file that cannot be read; the message names the file and the line."""


def read_arrivals(path: str | Path, calendar: WorkCalendar) -> tuple[float, ...]:
    """The arrivals of ``path`` in working minutes of ``calendar``, sorted."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ArrivalsError(_("{path}: no such file of arrivals").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ArrivalsError(_("{path}: cannot read the arrivals: {reason}").format(path=path, reason=error)) from None
    rows = list(csv.reader(text.splitlines()))
    column, first = 0, 0
    if rows:
        header = [cell.strip().lower() for cell in rows[0]]
        named = [i for i, cell in enumerate(header) if cell in COLUMNS]
        if named:
            column, first = named[0], 1
        # the column names are the file's own: only the word between them is translated
        elif not _looks_like_time(rows[0][0] if rows[0] else ""):
            raise ArrivalsError(_("{path}:1: no column named {columns}, and the first column does not hold timestamps")
                                .format(path=path, columns=_(" or ").join(COLUMNS)))
    origin = datetime.datetime.combine(calendar.start, datetime.time())
    minutes: list[float] = []
    for line, row in enumerate(rows[first:], start=first + 1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if column >= len(row):
            raise ArrivalsError(_("{path}:{line}: the row has no column {column}")
                                .format(path=path, line=line, column=column + 1))
        cell = row[column].strip()
        try:
            when = office_datetime(cell)
        except TimestampRangeError as error:
            raise ArrivalsError(f"{path}:{line}: {error}") from None
        except ValueError:
            raise ArrivalsError(_("{path}:{line}: '{cell}' is not an ISO 8601 date and time (e.g. 2025-03-03 09:12)")
                                .format(path=path, line=line, cell=cell)) from None
        offset = (when - origin).total_seconds() / 60
        if offset < 0:
            raise ArrivalsError(_("{path}:{line}: {cell} is before the calendar's start, {start}; move "
                                  "`simulation.calendar.start` back or drop the row")
                                .format(path=path, line=line, cell=cell, start=calendar.start))
        minutes.append(offset)
    if not minutes:
        raise ArrivalsError(_("{path}: no arrivals in the file").format(path=path))
    minutes.sort()
    return tuple(calendar.to_working(m) for m in minutes)


def _looks_like_time(cell: str) -> bool:
    try:
        office_datetime(cell)
    except ValueError:
        return False
    return True
