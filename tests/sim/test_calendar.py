"""The working calendar: office periods, weekends, holidays and 调休 from chinese-calendar."""

from __future__ import annotations

import datetime
import warnings

import pytest

from approvalnet.language.calendar import DAY, CalendarWarning, WorkCalendar


def at(cal: WorkCalendar, day: datetime.date, hhmm: str) -> float:
    hour, minute = map(int, hhmm.split(":"))
    return (day - cal.start).days * DAY + hour * 60 + minute


def test_national_day_2024_and_its_adjusted_working_days() -> None:
    cal = WorkCalendar(start="2024-09-23")
    # verified against chinese-calendar 1.11: 10-01..07 off; Sunday 09-29 and Saturday 10-12 are worked
    assert cal.is_working_day(datetime.date(2024, 9, 29))
    assert cal.is_working_day(datetime.date(2024, 10, 12))
    assert not any(cal.is_working_day(datetime.date(2024, 10, d)) for d in range(1, 8))
    assert not cal.is_working_day(datetime.date(2024, 9, 28))  # an ordinary Saturday
    # from Monday 30 Sept 17:00, one office hour later is Tuesday 8 Oct 09:30 (7 days of holiday)
    begin = at(cal, datetime.date(2024, 9, 30), "17:00")
    end = cal.add_working_minutes(begin, 60)
    assert cal.date_of(end) == datetime.datetime(2024, 10, 8, 9, 30)
    assert cal.working_minutes_between(begin, end) == pytest.approx(60)


def test_spring_festival_2025() -> None:
    cal = WorkCalendar(start="2025-01-20")
    assert cal.is_working_day(datetime.date(2025, 1, 26))  # Sunday, 调休
    assert cal.is_working_day(datetime.date(2025, 2, 8))  # Saturday, 调休
    assert not cal.is_working_day(datetime.date(2025, 1, 29))  # 春节
    # Monday 20 Jan to Monday 10 Feb: weeks of 5, 5 (+ Sun 26), 3 (27, 28 off from 28), ...
    expected = sum(cal.is_working_day(cal.start + datetime.timedelta(days=i)) for i in range(21))
    days = cal.working_days_between(0.0, 21 * DAY)
    assert days == pytest.approx(expected)
    import chinese_calendar

    assert expected == len(chinese_calendar.get_workdays(datetime.date(2025, 1, 20), datetime.date(2025, 2, 9)))


def test_office_periods_and_lunch_break() -> None:
    cal = WorkCalendar(start="2025-03-03")  # a Monday
    monday = cal.start
    assert cal.day_minutes == 420
    assert cal.to_working(at(cal, monday, "08:00")) == 0
    assert cal.to_working(at(cal, monday, "10:00")) == 60
    assert cal.to_working(at(cal, monday, "12:30")) == 180  # lunch: no office time passes
    assert cal.to_working(at(cal, monday, "14:30")) == 240
    # work begun at 11:30 for an hour stops at 12:00 and continues at 13:30
    assert cal.add_working_minutes(at(cal, monday, "11:30"), 60) == at(cal, monday, "14:00")
    # a task that ends exactly at the end of a period ends there, not when the next one begins
    assert cal.to_calendar(180) == at(cal, monday, "12:00")
    assert cal.to_calendar(180, resume=True) == at(cal, monday, "13:30")
    assert cal.next_working_instant(at(cal, monday, "12:15")) == at(cal, monday, "13:30")
    assert cal.next_working_instant(at(cal, monday, "10:15")) == at(cal, monday, "10:15")
    friday = monday + datetime.timedelta(days=4)
    assert cal.date_of(cal.next_working_instant(at(cal, friday, "18:00"))) == datetime.datetime(2025, 3, 10, 9, 0)


def test_round_trip_is_monotone() -> None:
    cal = WorkCalendar(start="2024-12-30")
    previous = -1.0
    for w in range(0, 420 * 40, 37):
        t = cal.to_calendar(float(w))
        assert cal.to_working(t) == pytest.approx(w)
        assert t > previous
        previous = t


def test_round_the_clock_calendar() -> None:
    cal = WorkCalendar(["00:00-24:00"], holidays="none", weekends=False)
    assert cal.day_minutes == DAY
    for t in (0.0, 17.5, 1440.0, 10_000.25):
        assert cal.to_working(t) == t
        assert cal.to_calendar(t) == t


def test_year_without_data_falls_back_to_weekdays_with_a_warning() -> None:
    cal = WorkCalendar(start="2101-01-03")  # a Monday, beyond the years of the holidays package
    with pytest.warns(CalendarWarning, match="2101"):
        assert cal.is_working_day(datetime.date(2101, 1, 3))
    assert cal.year_status(2101).status == "missing"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once per year only
        assert not cal.is_working_day(datetime.date(2101, 1, 1))  # Saturday


def test_year_after_chinese_calendar_estimates_public_holidays() -> None:
    cal = WorkCalendar(start="2099-01-01")
    with pytest.warns(CalendarWarning, match="2099"):
        assert not cal.is_working_day(datetime.date(2099, 1, 1))  # New Year's Day, from the holidays package
    assert cal.year_status(2099).status == "estimate"
    assert cal.is_working_day(datetime.date(2099, 1, 2))  # a Friday


def test_weekends_worked_but_holidays_kept() -> None:
    cal = WorkCalendar(weekends=False)
    assert cal.is_working_day(datetime.date(2025, 3, 8))  # a Saturday
    assert not cal.is_working_day(datetime.date(2025, 10, 1))


@pytest.mark.parametrize("hours", [["09:00-12:00", "13:30-17:30"], ["00:00-24:00"], ["08:00-08:30", "20:00-21:00"]])
def test_many_conversions_at_once_equal_one_by_one(hours: list[str]) -> None:
    calendar = WorkCalendar(hours, start="2025-01-27")  # the Spring Festival holiday in the first weeks
    d = calendar.day_minutes
    # period boundaries, day boundaries, and points in between, over two months
    points = sorted({k * d + x for k in range(45) for x in (0.0, 0.5, 30.0, 180.0, d * 0.5, d - 1e-6, d) if x <= d})
    for resume in (False, True):
        many = calendar.to_calendar_many(points, resume=resume)
        assert [float(v) for v in many] == pytest.approx([calendar.to_calendar(w, resume=resume) for w in points])
