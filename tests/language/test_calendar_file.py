"""Calendar files: their problems at file:line:col, the status of each year's holiday data, the one
warning of a run, and office hours per weekday and per lane in the calendar and the simulator."""

from __future__ import annotations

import datetime
import json
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from approvalnet import load
from approvalnet.language.calendar import (
    DAY,
    CalendarData,
    CalendarWarning,
    WorkCalendar,
    calendar_warning,
    merge_calendar_warnings,
)
from approvalnet.language.calendar_file import load_calendar_file, read_calendar_file
from approvalnet.language.loader import read_process
from approvalnet.sim.kpis import simulate

HERE = Path(__file__).parent / "calendars"
ROOT = Path(__file__).parents[2]

# fixture -> every error expected: (line, col, code, words the message must contain)
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "bad-date.yaml": [(4, 5, "value", "'2027-2-3' is not a date; write it as 'YYYY-MM-DD'")],
    "bad-range.yaml": [
        (3, 5, "value", "'2027-02-30' is not a date of the calendar"),
        (4, 28, "value", "the range ends on 2027-05-01, before it begins on 2027-05-03"),
    ],
    "overlapping-periods.yaml": [
        (3, 28, "value", "office period '11:30-17:30' overlaps or precedes the one before"),
        (4, 14, "value", "office period '12:00-09:00' ends before it begins"),
    ],
    "holiday-and-working-day.yaml": [(6, 5, "conflict", "2030-10-05 is both a holiday and an adjusted working day")],
    "unknown-key.yaml": [
        (2, 1, "unknown-key", "unknown key 'holiday' (did you mean 'holidays'?)"),
        (5, 3, "unknown-key", "unknown key 'saturdy' in 'office_hours' (did you mean 'saturday'?)"),
    ],
    "years-without-status.yaml": [(3, 8, "missing-key", "'status: official' or 'status: estimate'")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_calendar_file(name: str) -> None:
    calendar, problems = read_calendar_file(HERE / "invalid" / name)
    assert calendar is None
    got = [(p.loc.line, p.loc.col, p.code, p.message) for p in problems if p.level == "error"]
    assert len(got) == len(EXPECTED[name]), "\n".join(map(str, problems))
    for (line, col, code, words), (gline, gcol, gcode, message) in zip(EXPECTED[name], got, strict=True):
        assert (gline, gcol, gcode) == (line, col, code), message
        assert words in message
    assert all(p.loc.file == str(HERE / "invalid" / name) for p in problems)


def _process_naming(tmp_path: Path, calendar: str, start: str = "2025-03-03") -> Path:
    """examples/minimal.yaml with a simulation section whose calendar names ``calendar``."""
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    text += (f"simulation:\n  arrivals: {{per_workday: 4}}\n  calendar: {{start: '{start}', file: {calendar}}}\n")
    path = tmp_path / "process.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_lane_is_reported_in_the_calendar_file(tmp_path: Path) -> None:
    (tmp_path / "cal.yaml").write_text((HERE / "invalid/unknown-lane.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    process, problems = read_process(_process_naming(tmp_path, "cal.yaml"))
    assert process is None
    [problem] = [p for p in problems if p.level == "error"]
    assert (problem.loc.file, problem.loc.line, problem.loc.col, problem.code) == (
        str(tmp_path / "cal.yaml"), 3, 3, "reference")
    assert "'windw' is not a window, department or lane" in problem.message and "'window'" in problem.message


def test_a_missing_calendar_file_is_an_error(tmp_path: Path) -> None:
    process, problems = read_process(_process_naming(tmp_path, "nowhere.yaml"))
    assert process is None
    assert any(p.code == "io" and "nowhere.yaml" in p.message for p in problems)


def test_valid_files_and_their_data() -> None:
    data = load_calendar_file(HERE / "valid/official-2030.yaml")
    assert data.years == {2030} and data.status == "official"
    assert datetime.date(2030, 2, 5) in data.holidays and len(data.holidays) == 8
    assert data.working_days == {datetime.date(2030, 1, 26)}
    saturday = load_calendar_file(HERE / "valid/saturday-service.yaml")
    assert saturday.hours["saturday"] == ("09:00-12:00",)
    assert saturday.lanes == {"window": {"friday": ("09:00-12:00", "13:30-16:30")}}
    assert read_calendar_file(HERE / "valid/saturday-service.yaml")[1] == []  # no problem, not even a warning


def test_shipped_estimate_for_2027_is_valid_and_marked() -> None:
    path = ROOT / "processes/kunming/calendar-2027.yaml"
    data = load_calendar_file(path)
    assert data.years == {2027} and data.status == "estimate" and not data.working_days  # no invented 调休
    import holidays

    assert data.holidays == set(holidays.China(years=2027))
    assert "ESTIMATE" in path.read_text(encoding="utf-8")


# --- the status of each year and the one warning --------------------------------------------------------


def test_status_per_year() -> None:
    calendar = WorkCalendar(data=load_calendar_file(HERE / "valid/official-2030.yaml"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        statuses = {year: calendar.year_status(year).status for year in (2025, 2027, 2030, 2101)}
    assert statuses == {2025: "official", 2027: "estimate", 2030: "file", 2101: "missing"}
    assert calendar.year_status(2025).source.startswith("chinese-calendar")
    assert calendar.year_status(2027).source.startswith("holidays")
    assert sorted(str(w.message) for w in caught) == sorted([calendar_warning([2027], []),
                                                             calendar_warning([], [2101])])
    assert [s.year for s in calendar.years()] == [2025, 2027, 2030, 2101]
    off = WorkCalendar(holidays="none")
    assert off.year_status(2027).status == "none"


def test_a_file_of_the_official_arrangement_silences_the_warning_for_its_year() -> None:
    calendar = WorkCalendar(start="2030-01-02", data=load_calendar_file(HERE / "valid/official-2030.yaml"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalendarWarning)
        calendar.to_calendar(200 * calendar.day_minutes)  # most of 2030
    assert calendar.year_status(2030).status == "file"
    assert not calendar.is_working_day(datetime.date(2030, 2, 4))  # the file's Spring Festival
    assert calendar.is_working_day(datetime.date(2030, 1, 26))  # its adjusted working day, a Saturday
    assert not calendar.is_working_day(datetime.date(2030, 1, 27))  # an ordinary Sunday


def test_an_estimated_file_still_warns() -> None:
    data = load_calendar_file(ROOT / "processes/kunming/calendar-2027.yaml")
    calendar = WorkCalendar(start="2027-01-04", data=data)
    with pytest.warns(CalendarWarning, match="2027"):
        calendar.to_calendar(10 * calendar.day_minutes)
    assert calendar.year_status(2027).status == "estimate"
    assert "holidays package" in calendar.year_status(2027).source


def test_local_holidays_add_to_the_national_data() -> None:
    local = CalendarData(holidays=frozenset({datetime.date(2025, 4, 14)}))  # a local festival, a Monday
    calendar = WorkCalendar(start="2025-03-03", data=local)
    assert not calendar.is_working_day(datetime.date(2025, 4, 14))
    assert not calendar.is_working_day(datetime.date(2025, 5, 1))  # the national holiday stays
    assert calendar.is_working_day(datetime.date(2025, 4, 27))  # and so does its adjusted working day (Sunday)


def test_merged_warning_names_every_year_once_and_comes_first() -> None:
    messages = ["a note", calendar_warning([2027], []), calendar_warning([2028], []), "a note",
                calendar_warning([], [2101]), calendar_warning([2027], [])]
    merged = merge_calendar_warnings(messages)
    assert merged == [calendar_warning([2027, 2028], [2101]), "a note"]
    assert "2027–2028" in merged[0] and "2101" in merged[0] and "--calendar FILE" in merged[0]
    assert merge_calendar_warnings(["x", "y"]) == ["x", "y"]


def test_a_simulation_over_two_estimated_years_warns_once(tmp_path: Path) -> None:
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text + "simulation:\n  arrivals: {per_workday: 2}\n  calendar: {start: '2027-10-04'}\n",
                    encoding="utf-8")
    result = simulate(load(path), days=200, seed=1, replications=2)
    about = [w for w in result.warnings if "holiday" in w]
    assert about == [calendar_warning([2027, 2028], [])]


def test_the_command_prints_the_warning_once_and_a_calendar_file_silences_it(tmp_path: Path) -> None:
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "official.yaml").write_text((HERE / "valid/official-2030.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text + "simulation:\n  arrivals: {per_workday: 2}\n  calendar: {start: '2030-01-07'}\n",
                    encoding="utf-8")

    def run(*extra: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "approvalnet", "simulate", str(path), "--days", "100",
                               "--format", "json", *extra], capture_output=True, text=True, check=True)
        return json.loads(done.stdout)["warnings"]

    assert run() == [calendar_warning([2030], [])]
    assert run("--calendar", str(tmp_path / "official.yaml")) == []


def test_the_command_refuses_a_calendar_file_with_an_unknown_lane(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "approvalnet", "simulate", str(ROOT / "examples/minimal.yaml"),
                           "--days", "5", "--calendar", str(HERE / "invalid/unknown-lane.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert f"{HERE / 'invalid/unknown-lane.yaml'}:3:3: error: 'windw' is not a window" in done.stderr


# --- office hours per weekday and per lane ---------------------------------------------------------------


def test_saturday_service_and_adjusted_working_days() -> None:
    data = CalendarData(hours={"saturday": ("09:00-12:00",)})
    calendar = WorkCalendar(start="2025-01-20", data=data)  # Monday; Spring Festival 2025 ahead
    assert calendar.office_hours_of(datetime.date(2025, 1, 25)) == [(540.0, 720.0)]  # a Saturday: mornings
    assert calendar.office_hours_of(datetime.date(2025, 2, 8)) == [(540.0, 720.0), (810.0, 1050.0)]  # 调休 Saturday
    assert calendar.office_hours_of(datetime.date(2025, 2, 1)) == []  # a Saturday in the holiday
    assert calendar.office_hours_of(datetime.date(2025, 1, 26)) == [(540.0, 720.0), (810.0, 1050.0)]  # 调休 Sunday
    assert calendar.office_hours_of(datetime.date(2025, 1, 19)) == []  # an ordinary Sunday
    friday = (datetime.date(2025, 1, 24) - calendar.start).days * DAY
    # Friday 17:00: half an hour that day, three hours on Saturday morning, then Sunday 26th (调休)
    assert calendar.date_of(calendar.add_working_minutes(friday + 17 * 60, 30 + 180)) == datetime.datetime(
        2025, 1, 25, 12, 0)
    assert calendar.date_of(calendar.add_working_minutes(friday + 17 * 60, 30 + 180 + 60)) == datetime.datetime(
        2025, 1, 26, 10, 0)


def test_conversions_stay_monotone_and_inverse_with_days_of_different_hours() -> None:
    data = CalendarData(hours={"saturday": ("09:00-12:00",), "friday": ("08:30-12:00", "13:00-16:00"),
                               "wednesday": ()})
    calendar = WorkCalendar(start="2024-12-30", data=data)
    uniform = WorkCalendar(start="2024-12-30")
    assert not calendar.uniform and uniform.uniform
    rng = random.Random(3)
    instants = sorted(rng.uniform(0, 90 * DAY) for __ in range(3000))
    works = [calendar.to_working(t) for t in instants]
    assert works == sorted(works)
    for t, w in zip(instants, works, strict=True):
        back = calendar.to_calendar(w, resume=True)
        assert calendar.to_working(back) == pytest.approx(w)
        assert back >= calendar.to_calendar(w) - 1e-9
        if calendar.is_working_day(calendar.date_of(t).date()) and any(
                a < (t % DAY) < b for a, b in calendar.office_hours_of(calendar.date_of(t).date())):
            assert back == pytest.approx(t)  # inside office hours the round trip is exact
    many = calendar.to_working_many(instants)
    assert [float(x) for x in many] == pytest.approx(works)
    points = sorted({*works, *(float(k) * 60 for k in range(0, 1500, 7))})
    for resume in (False, True):
        assert [float(x) for x in calendar.to_calendar_many(points, resume=resume)] == pytest.approx(
            [calendar.to_calendar(w, resume=resume) for w in points])
    assert not calendar.is_working_day(datetime.date(2025, 1, 8))  # Wednesdays closed


def _one_window(tmp_path: Path, start: str) -> Path:
    """One window step of a fixed two office days: its cycle time in calendar days shows the calendar."""
    path = tmp_path / "one-window.yaml"
    path.write_text(f"""code: T-1
name: 测试
type: administrative-licensing
authority: {{name: 测试局}}
handling: commitment
time_limit: {{statutory: 20}}
lanes:
  window: {{name: 窗口, kind: window, staff: 50}}
steps:
  - {{id: receive, name: 收件, lane: window, kind: receive, duration: 14 h, end: approved}}
simulation:
  arrivals: {{per_workday: 2}}
  calendar: {{start: '{start}'}}
""", encoding="utf-8")
    return path


def test_saturday_service_shortens_the_simulated_cycle_time(tmp_path: Path) -> None:
    process = load(_one_window(tmp_path, "2025-03-03"))
    plain = simulate(process, days=120, seed=4)
    saturday = simulate(process, days=120, seed=4, calendar=CalendarData(hours={"saturday": ("09:00-17:00",)}))
    assert saturday.cycle_time_days.mean.mean < plain.cycle_time_days.mean.mean - 0.3


def test_a_window_with_shorter_hours_lengthens_the_cycle_time(tmp_path: Path) -> None:
    process = load(_one_window(tmp_path, "2025-03-03"))
    plain = simulate(process, days=120, seed=4)
    mornings = simulate(process, days=120, seed=4,
                        calendar=CalendarData(lanes={"window": {"default": ("09:00-12:00",)}}))
    assert mornings.cycle_time_days.mean.mean > plain.cycle_time_days.mean.mean + 1.0


def test_conformance_counts_office_time_on_the_calendar_file() -> None:
    from approvalnet.conform.limits import LogClock

    process = load(ROOT / "examples/joint-review.yaml")

    def seconds(when: datetime.datetime) -> float:
        return (when - datetime.datetime(1970, 1, 1)).total_seconds()

    a, b = seconds(datetime.datetime(2025, 3, 11, 9)), seconds(datetime.datetime(2025, 3, 13, 9))  # Tue to Thu
    plain = LogClock(process)
    local = LogClock(process, CalendarData(holidays=frozenset({datetime.date(2025, 3, 12)})))
    assert plain.minutes(b) - plain.minutes(a) == 2 * 420
    assert local.minutes(b) - local.minutes(a) == 420  # the local holiday is not office time


def test_lane_hours_outside_the_calendar_warn(tmp_path: Path) -> None:
    path = tmp_path / "outside.yaml"
    path.write_text('calendar: x\noffice_hours:\n  default: ["09:00-12:00", "13:30-17:30"]\nlanes:\n'
                    '  window:\n    saturday: ["09:00-12:00"]\n    friday: ["09:00-12:00", "13:30-18:00"]\n',
                    encoding="utf-8")
    calendar, problems = read_calendar_file(path)
    assert calendar is not None  # warnings only
    assert [(p.loc.line, p.loc.col, p.level) for p in problems] == [(6, 16, "warning"), (7, 29, "warning")]
    assert "'13:30-18:00' (friday) is outside the office hours" in problems[1].message
