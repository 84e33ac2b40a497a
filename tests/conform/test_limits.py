"""Time limits in working days: Chinese holidays and 调休 days, Art. 42 and its extension, on-the-spot promises."""

from __future__ import annotations

import datetime

import chinese_calendar

from approvalnet import load
from approvalnet.conform.limits import LimitChecker, LogClock, limits_of
from approvalnet.eventlog import parse_time
from approvalnet.language.types import Process

from .conftest import ROOT


def at(day: datetime.date, clock: str = "17:30") -> float:
    return parse_time(f"{day.isoformat()}T{clock}:00+08:00")


def spans(process: Process, accepted: float, decided: float, *extra: tuple[str, float, float]) -> list:
    index = {s.id: i for i, s in enumerate(process.steps)}
    found = [(index["receive"], accepted - 3600, accepted - 1800), (index["accept"], accepted - 600, accepted),
             *((index[step], a, b) for step, a, b in extra), (index["decide"], decided - 3600, decided)]
    return sorted(found, key=lambda span: span[2])


def test_working_days_follow_the_chinese_calendar(process: Process) -> None:
    checker = LimitChecker(process, LogClock(process))
    friday = datetime.date(2025, 9, 26)  # before National Day 2025, with the 调休 Sunday 9-28 and Saturday 10-11
    for end in (datetime.date(2025, 10, 9), datetime.date(2025, 10, 31), datetime.date(2025, 12, 4)):
        expected = len(chinese_calendar.get_workdays(friday + datetime.timedelta(days=1), end))
        assert checker.clock_days(spans(process, at(friday), at(end)), at(friday), at(end)) == expected


def test_the_decision_limit_of_art42_for_joint_handling(process: Process) -> None:
    limits = limits_of(process, 420.0)
    # joint: 45 (+15), Art. 44: 10
    assert (limits.statutory.days, limits.extension.days, limits.delivery.days) == (45, 15, 10)
    checker = LimitChecker(process, LogClock(process))
    friday = datetime.date(2025, 9, 26)
    workdays = chinese_calendar.get_workdays(friday + datetime.timedelta(days=1), datetime.date(2025, 12, 31))

    def late(end: datetime.date, *extra: tuple[str, float, float]) -> list[float]:
        found = checker.check(spans(process, at(friday), at(end), *extra))
        return [d.days for d in found if d.kind == "late-statutory"]

    assert late(workdays[44]) == []  # the 45th working day: in time
    assert late(workdays[45]) == [46.0]  # the 46th: late, by the working days of the calendar
    extension = ("extension", at(workdays[10], "09:00"), at(workdays[10], "10:00"))
    assert late(workdays[59], extension) == []  # an extension step gives 15 more
    assert late(workdays[60], extension) == [61.0]
    expert = ("expert-review", at(workdays[10]), at(workdays[20]))  # Art. 45: ten working days off the clock
    assert late(workdays[54], expert) == []
    assert late(workdays[55], expert) == [46.0]


def test_a_statutory_limit_with_its_basis_wins() -> None:
    food = load(ROOT / "processes" / "kunming" / "food-business-licence.yaml")
    limits = limits_of(food, 420.0)
    assert limits.statutory.days == 10 and "办法" in limits.statutory_basis  # 10 working days with its legal basis
    assert limits.promised.days == 5


def test_an_on_the_spot_promise_ends_the_day_it_began() -> None:
    renewal = load(ROOT / "processes" / "kunming" / "food-business-licence-renewal.yaml")
    assert renewal.time_limit.promised == "on-the-spot"
    checker = LimitChecker(renewal, LogClock(renewal))
    first, last = 0, len(renewal.steps) - 1
    day = datetime.date(2025, 3, 4)
    same = [(first, at(day, "09:30"), at(day, "09:40")), (last, at(day, "16:00"), at(day, "16:10"))]
    assert [d.kind for d in checker.check(same)] == []
    nextday = [(first, at(day, "16:30"), at(day, "16:40")), (last, at(day + datetime.timedelta(days=1), "09:10"),
                                                               at(day + datetime.timedelta(days=1), "09:20"))]
    assert [d.kind for d in checker.check(nextday)] == ["late-promised"]
