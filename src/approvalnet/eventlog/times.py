"""Timestamps of event logs and arrival files, on the office's clock.

The one time-zone rule: a timestamp with a UTC offset is converted to the office's clock
(``utc_offset`` hours from UTC, Beijing time by default); one without is taken to be on that clock
already (the clocks of the approval centres). Logs may mix the two.

Timestamps are ISO 8601 (``2025-03-04T09:30:00+08:00``, ``2025-03-04 09:30``), also with ``/`` and
one-digit months, days and hours (``2025/3/4 9:30``); others need a ``strptime`` format. Times
are handed on as seconds since 1970-01-01 00:00 on the office's clock: floats keep whole
microseconds exactly for the years a log may hold, and are what the streaming readers sort and
subtract millions of times.
"""

from __future__ import annotations

import datetime
import re

from ..i18n import _

BEIJING_HOURS = 8.0
EPOCH = datetime.datetime(1970, 1, 1)
# The years a timestamp may fall in. Others are placeholders for a missing date (0001-01-01,
# 9999-12-31) far more often than real times; the working-day clock, which counts the days from a
# case's start to its end one by one, would take minutes over them and leaves the calendar's range.
YEARS = (1900, 2199)
_FIRST_YEAR, _LAST_YEAR = YEARS
_fromisoformat = datetime.datetime.fromisoformat

# What fromisoformat refuses but people write: 2025/03/04, 2025-3-4, 9:30
_LOOSE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?"
                    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?")


class TimestampRangeError(ValueError):
    """A timestamp that was read, but falls outside ``YEARS``."""


def read_datetime(text: str, fmt: str | None = None) -> datetime.datetime:
    """The ``datetime`` written in ``text``, aware when it has a UTC offset; ValueError when it is
    not a timestamp, ``TimestampRangeError`` when it is outside ``YEARS``."""
    text = text.strip()
    try:
        when = _fromisoformat(text)
    except ValueError:
        when = _not_iso(text, fmt)
    if not _FIRST_YEAR <= when.year <= _LAST_YEAR:
        raise _out_of_range(text, when)
    return when


def parse_time(text: str, fmt: str | None = None, utc_offset: float = BEIJING_HOURS) -> float:
    """Seconds since 1970-01-01 00:00 on the office's clock; ValueError when ``text`` is not a timestamp."""
    # read_datetime's lines again: this runs once or twice for every event of a log
    text = text.strip()
    try:
        when = _fromisoformat(text)
    except ValueError:
        when = _not_iso(text, fmt)
    if not _FIRST_YEAR <= when.year <= _LAST_YEAR:
        raise _out_of_range(text, when)
    if when.tzinfo is not None:
        return when.timestamp() + utc_offset * 3600.0
    return (when - EPOCH).total_seconds()


def office_datetime(text: str, fmt: str | None = None, utc_offset: float = BEIJING_HOURS) -> datetime.datetime:
    """The naive ``datetime`` on the office's clock of ``text`` (``parse_time`` as a date and time)."""
    when = read_datetime(text, fmt)
    if when.tzinfo is not None:
        return when.astimezone(office_zone(utc_offset)).replace(tzinfo=None)
    return when


def to_datetime(seconds: float) -> datetime.datetime:
    """The naive ``datetime`` on the office's clock of ``seconds`` (the inverse of ``parse_time``)."""
    return EPOCH + datetime.timedelta(seconds=seconds)


def office_zone(utc_offset: float = BEIJING_HOURS) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(hours=utc_offset))


def _out_of_range(text: str, when: datetime.datetime) -> TimestampRangeError:
    return TimestampRangeError(_("timestamp '{text}' is in the year {year}, outside {years}–{years2}; "
                                 "is it a placeholder for a missing date?").format(
                                     text=text, year=when.year, years=YEARS[0], years2=YEARS[1]))


def _not_iso(text: str, fmt: str | None) -> datetime.datetime:
    if fmt is not None:
        return datetime.datetime.strptime(text, fmt)
    found = _LOOSE.fullmatch(text)
    if found is None:
        raise ValueError(_("not a timestamp: {text!r}").format(text=text))
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    iso = f"{year}-{month:0>2}-{day:0>2}"
    if hour is not None:
        iso += f"T{hour:0>2}:{minute:0>2}:{second or '0':0>2}{fraction or ''}"
    return datetime.datetime.fromisoformat(iso + (zone or ""))
