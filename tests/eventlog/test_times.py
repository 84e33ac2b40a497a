"""Timestamps on the office's clock: the formats read, the one time-zone rule, the years refused."""

from __future__ import annotations

import datetime

import pytest

from approvalnet.eventlog import office_datetime, parse_time, to_datetime
from approvalnet.eventlog.times import TimestampRangeError


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-04T09:30:00", datetime.datetime(2025, 3, 4, 9, 30)),
    ("2025-03-04 09:30", datetime.datetime(2025, 3, 4, 9, 30)),
    ("2025/03/04 09:30", datetime.datetime(2025, 3, 4, 9, 30)),
    ("2025-3-4 9:30", datetime.datetime(2025, 3, 4, 9, 30)),
    ("2025/3/4 9:30:05.25", datetime.datetime(2025, 3, 4, 9, 30, 5, 250000)),
    ("2025/03/04", datetime.datetime(2025, 3, 4)),
    ("  2025-03-04T09:30  ", datetime.datetime(2025, 3, 4, 9, 30)),
    # with an offset: converted to Beijing time
    ("2025-03-04T01:30:00Z", datetime.datetime(2025, 3, 4, 9, 30)),
    ("2025-03-04T09:30:00.123+08:00", datetime.datetime(2025, 3, 4, 9, 30, 0, 123000)),
    ("2025/3/4 3:30+02:00", datetime.datetime(2025, 3, 4, 9, 30)),
])
def test_formats_people_write(text: str, expected: datetime.datetime) -> None:
    assert office_datetime(text) == expected
    assert to_datetime(parse_time(text)) == expected


def test_the_office_clock_can_be_another_zone() -> None:
    assert office_datetime("2025-03-04T01:30:00Z", utc_offset=0) == datetime.datetime(2025, 3, 4, 1, 30)
    assert office_datetime("2025-03-04 01:30", utc_offset=0) == datetime.datetime(2025, 3, 4, 1, 30)  # on it already
    assert parse_time("2025-03-04T09:30+08:00", utc_offset=-5.5) == parse_time("2025-03-03 20:00")


def test_a_strptime_format_for_the_rest() -> None:
    with pytest.raises(ValueError):
        parse_time("04.03.2025 09:30")
    assert office_datetime("04.03.2025 09:30", "%d.%m.%Y %H:%M") == datetime.datetime(2025, 3, 4, 9, 30)
    assert office_datetime("2025-03-04T09:30", "%d.%m.%Y %H:%M") == datetime.datetime(2025, 3, 4, 9, 30)  # ISO too


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31T23:59", "1899-12-31T23:00+08:00", "2200-01-01 09:00"])
def test_placeholder_years_are_refused(text: str) -> None:
    with pytest.raises(TimestampRangeError, match="outside 1900–2199"):
        parse_time(text)


@pytest.mark.parametrize("text", ["", "yesterday", "2025-13-01", "2025-02-30 09:00", "9:30", "2025/03/04 25:00"])
def test_what_is_no_timestamp(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)
