"""The legal clock (``language.legal_clock``): due dates as dates, whole days off the clock, and the
same late cases from ``simulate`` and from ``conform`` of the log it writes, on every shipped process."""

from __future__ import annotations

import datetime
import json
import warnings
from dataclasses import replace
from pathlib import Path
from random import Random

import numpy as np
import pytest

from approvalnet.cli import main
from approvalnet.language.calendar import CalendarWarning, WorkCalendar
from approvalnet.language.legal_clock import Period, judge, judge_windows
from approvalnet.language.quantity import Quantity

ROOT = Path(__file__).resolve().parent.parent
START = datetime.date(2026, 9, 1)


def at(calendar: WorkCalendar, day: str, clock: str = "09:00") -> float:
    """Calendar minutes of ``day`` at ``clock``."""
    hours, minutes = (int(x) for x in clock.split(":"))
    return (datetime.date.fromisoformat(day) - calendar.start).days * 1440.0 + hours * 60 + minutes


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar(start=START)


def one(calendar: WorkCalendar, period: Period, a: float, b: float, lo: list[float] = (), hi: list[float] = ()):
    found = judge_windows(calendar, period, np.array([a]), np.array([b]),
                          np.array([list(lo)]).reshape(1, len(lo)), np.array([list(hi)]).reshape(1, len(hi)))
    return bool(found.late[0]), float(found.counted[0]), found.due_date(0), float(found.office[0])


def test_the_due_date_is_a_date_first_day_not_counted_and_the_last_day_whole(calendar: WorkCalendar) -> None:
    # accepted 2026-09-29 at 09:30 under five working days: 9-30 is the first day counted, the National
    # Day holidays are not, Saturday 10-10 is an adjusted working day (调休): due on Monday 10-12
    five = Period.of(Quantity(5, "workday"), calendar.day_minutes)
    accepted = at(calendar, "2026-09-29", "09:30")
    late, counted, due, office = one(calendar, five, accepted, at(calendar, "2026-10-12", "17:00"))
    assert due == datetime.date(2026, 10, 12)
    assert not late and counted == 5
    assert office > 5  # on office time it would have been late: that figure is kept, not the verdict
    late, counted, due, __ = one(calendar, five, accepted, at(calendar, "2026-10-13", "09:10"))
    assert late and counted == 6 and due == datetime.date(2026, 10, 12)


def test_a_decision_on_a_day_off_counts_up_to_the_working_day_before(calendar: WorkCalendar) -> None:
    two = Period.workdays_of(2)
    # Thursday 09-03 accepted; Friday 09-04 and Monday 09-07 are its two days; Sunday counts nothing
    assert one(calendar, two, at(calendar, "2026-09-03"), at(calendar, "2026-09-06", "11:00"))[:2] == (False, 1)
    assert one(calendar, two, at(calendar, "2026-09-03"), at(calendar, "2026-09-07", "16:00"))[:2] == (False, 2)
    assert one(calendar, two, at(calendar, "2026-09-03"), at(calendar, "2026-09-08", "09:05"))[:2] == (True, 3)


def test_only_working_days_wholly_off_the_clock_are_left_out(calendar: WorkCalendar) -> None:
    three = Period.workdays_of(3)
    a, b = at(calendar, "2026-09-07", "10:00"), at(calendar, "2026-09-14", "10:00")  # Monday to next Monday
    assert one(calendar, three, a, b)[1] == 5
    # testing (Art. 45) from Tuesday's opening to Thursday's close: three whole days off
    whole = one(calendar, three, a, b, [at(calendar, "2026-09-08", "08:00")], [at(calendar, "2026-09-10", "18:30")])
    assert whole[:3] == (False, 2, datetime.date(2026, 9, 15))
    # from Tuesday noon to Thursday noon only Wednesday is wholly off
    part = one(calendar, three, a, b, [at(calendar, "2026-09-08", "12:00")], [at(calendar, "2026-09-10", "12:00")])
    assert part[:2] == (True, 4)
    # two parallel steps off the clock over the same days count once
    both = one(calendar, three, a, b, [at(calendar, "2026-09-08", "08:00"), at(calendar, "2026-09-09", "08:00")],
               [at(calendar, "2026-09-10", "18:30"), at(calendar, "2026-09-09", "18:30")])
    assert both[:2] == (False, 2)


def test_days_off_the_clock_after_the_limit_ran_out_do_not_move_the_due_date(calendar: WorkCalendar) -> None:
    # three working days from Monday 09-07 run out on Thursday 09-10; the applicant holds the file from
    # Friday to Monday (both wholly off), too late to matter: due Thursday, and late when decided Tuesday
    three = Period.workdays_of(3)
    late, counted, due, __ = one(calendar, three, at(calendar, "2026-09-07", "10:00"), at(calendar, "2026-09-15"),
                                 [at(calendar, "2026-09-11", "08:00")], [at(calendar, "2026-09-14", "18:00")])
    assert (late, counted, due) == (True, 4, datetime.date(2026, 9, 10))
    # off days before the due date move it: Tuesday and Wednesday off, due the next Monday
    late, counted, due, __ = one(calendar, three, at(calendar, "2026-09-07", "10:00"), at(calendar, "2026-09-14"),
                                 [at(calendar, "2026-09-08", "08:00")], [at(calendar, "2026-09-09", "18:00")])
    assert (late, counted, due) == (False, 3, datetime.date(2026, 9, 14))


def test_calendar_days_end_on_the_next_working_day_when_the_last_is_a_day_off(calendar: WorkCalendar) -> None:
    ten = Period.of(Quantity(10, "day"), calendar.day_minutes)
    assert ten.calendar_days == 10
    # accepted Thursday 09-03: ten days later is Sunday 09-13, so the period ends on Monday 09-14
    late, __, due, __ = one(calendar, ten, at(calendar, "2026-09-03"), at(calendar, "2026-09-14", "16:00"))
    assert due == datetime.date(2026, 9, 14) and not late
    assert one(calendar, ten, at(calendar, "2026-09-03"), at(calendar, "2026-09-15", "09:05"))[0]


def test_hours_run_on_office_time_from_the_moment(calendar: WorkCalendar) -> None:
    four_hours = Period.of(Quantity(4, "hour"), calendar.day_minutes)
    assert not four_hours.by_dates
    a = at(calendar, "2026-09-03", "15:00")  # Thursday; the office closes at 17:30 by default
    late, __, due, office = one(calendar, four_hours, a, at(calendar, "2026-09-04", "10:00"))
    assert due is None and not late and office * calendar.day_minutes == pytest.approx(150 + 60)
    assert one(calendar, four_hours, a, at(calendar, "2026-09-04", "11:00"))[0]


def test_on_the_spot_is_zero_days(calendar: WorkCalendar) -> None:
    spot = Period.workdays_of(0)
    a = at(calendar, "2026-09-03", "16:50")
    assert one(calendar, spot, a, at(calendar, "2026-09-03", "17:25"))[:3] == (False, 0, datetime.date(2026, 9, 3))
    assert one(calendar, spot, a, at(calendar, "2026-09-04", "09:05"))[0]


def test_judge_takes_arrays(calendar: WorkCalendar) -> None:
    a = np.array([at(calendar, "2026-09-03")] * 3)
    b = np.array([at(calendar, day, "12:00") for day in ("2026-09-04", "2026-09-07", "2026-09-08")])
    assert judge(calendar, Period.workdays_of(2), a, b).late.tolist() == [False, False, True]


# --- simulate and conform agree --------------------------------------------------------------------

SHIPPED = sorted(p for p in (ROOT / "processes").rglob("*.yaml")
                 if p.name not in ("centre.yaml", ".approvalnet.yaml") and not p.name.startswith("calendar"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT / "processes")))
def test_a_simulated_log_has_the_run_s_late_cases_case_by_case(path: Path, tmp_path: Path) -> None:
    from approvalnet import load
    from approvalnet.conform.core import conform
    from approvalnet.eventlog import write_event_log
    from approvalnet.sim.engine import compile_model, run, single
    from approvalnet.sim.eventlog import event_log
    from approvalnet.sim.kpis import default_rate
    from approvalnet.sim.legal import KINDS, judge_run

    process = load(path)
    model = compile_model(process)
    if model.defaults_used:
        model = replace(model, per_workday=default_rate(model))
    system = single(model)
    record: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarWarning)
        stats = run(system, Random(5), cases=300, record=record)
        legal = judge_run(stats, system)
        log = tmp_path / "events.csv"
        write_event_log(event_log(process, record), log)
        result = conform(process, log)
    ids = np.asarray(stats.case_id)
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for case in result.deviating_cases:
        for deviation in case.deviations:
            if deviation.kind in found:
                found[deviation.kind].add(case.case)
    for kind in KINDS:
        assert {str(c) for c in ids[legal.late(kind)]} == found[kind], kind
    assert set(legal.late_counts()) == set(result.limit_violations)


def test_simulate_log_then_conform_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    process = ROOT / "processes" / "kunming" / "restaurant-opening-one-thing.yaml"
    log = tmp_path / "events.csv"
    args = ["simulate", str(process), "--cases", "300", "--seed", "5", "--log", str(log), "--format", "json"]
    assert main(args) in (0, 1)
    simulated = json.loads(capsys.readouterr().out)["late_cases"]
    main(["conform", str(process), str(log), "--format", "json"])
    checked = json.loads(capsys.readouterr().out)
    late = {kind: v["cases"] for kind, v in checked["limit_violations"].items()}
    assert simulated.pop("replication") == 1
    assert late == simulated and late["late-statutory"] > 0


@pytest.mark.parametrize("uniform", [True, False])
def test_one_window_in_plain_python_as_on_arrays(uniform: bool) -> None:
    """``judge_one`` (conform's case-by-case stream) gives ``judge_windows``'s verdicts, due dates and
    figures, on an ordinary calendar and on one with a short Saturday (days of unequal length)."""
    from approvalnet.language.calendar import CalendarData
    from approvalnet.language.legal_clock import judge_one

    data = None if uniform else CalendarData(hours={"saturday": ("09:00-12:00",)})
    calendar = WorkCalendar(start=START, data=data)
    rng = np.random.default_rng(3 if uniform else 4)
    periods = [Period.workdays_of(n) for n in (0, 1, 5, 20)] + [
        Period.of(Quantity(10, "day"), calendar.day_minutes), Period.of(Quantity(4, "hour"), calendar.day_minutes)]
    for period in periods:
        a = rng.uniform(0, 60 * 1440, 200)
        b = a + rng.uniform(0, 30 * 1440, 200)
        lo = a[:, None] + rng.uniform(-2 * 1440, 20 * 1440, (200, 3))
        hi = lo + rng.uniform(0, 8 * 1440, (200, 3))
        lo[rng.uniform(size=(200, 3)) < 0.4] = np.nan  # fewer steps off the clock for some cases
        hi[np.isnan(lo)] = np.nan
        many = judge_windows(calendar, period, a, b, lo, hi)
        for i in range(200):
            off = [(x, y) for x, y in zip(lo[i], hi[i], strict=True) if not np.isnan(x)]
            one = judge_one(calendar, period, float(a[i]), float(b[i]), off)
            assert (one.late[0], one.counted[0], one.due[0]) == (bool(many.late[i]), float(many.counted[i]),
                                                                  int(many.due[i])), (period, i)
            assert one.office[0] == pytest.approx(float(many.office[i]), abs=1e-9)


def test_a_first_step_of_no_length_at_night_is_dated_alike(tmp_path: Path) -> None:
    """An application filed after hours starts at the period's boundary; the simulator's legal clock
    and the log it writes must give that start the same date (they once differed by a day)."""
    from approvalnet import load
    from approvalnet.conform.core import conform
    from approvalnet.eventlog import write_event_log
    from approvalnet.sim.engine import compile_model, run, single
    from approvalnet.sim.eventlog import event_log
    from approvalnet.sim.legal import judge_run

    process = load(ROOT / "tests" / "fixtures" / "legal-clock" / "night-arrivals.yaml")
    system = single(compile_model(process))
    record: list = []
    stats = run(system, Random(5), cases=100, record=record)
    legal = judge_run(stats, system)
    log = tmp_path / "events.csv"
    write_event_log(event_log(process, record), log)
    found = {c.case for c in conform(process, log).deviating_cases
             if any(d.kind == "late-promised" for d in c.deviations)}
    late = {str(c) for c in np.asarray(stats.case_id)[legal.late("late-promised")]}
    assert late == found and len(late) > 10
