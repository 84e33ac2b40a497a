"""What the simulator does with the constructs of the language: choices, parallel branches, office
hours, calendar waits, arrival profiles, the legal clock, and bad parameters."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from random import Random

import pytest

from approvalnet.cli import main
from approvalnet.language.loader import parse_process
from approvalnet.sim import SimulationError, simulate
from approvalnet.sim.engine import _arrival_stream, compile_model, offered_load, run, visits

from .models import ROUND_THE_CLOCK, process

ROOT = Path(__file__).resolve().parents[2]
ONE_LANE = "  desk: {name: 窗口, kind: window, staff: 50}\n  applicant: {name: 申请人, kind: applicant}"


def test_choice_follows_the_probabilities_and_loops_are_counted() -> None:
    steps = """  - id: check
    name: 审查
    lane: desk
    duration: 1 min
    outcomes:
      ok: {next: decide, p: 0.7}
      again: {next: fix, p: 0.2}
      no: {end: not-accepted, p: 0.1}
  - {id: fix, name: 补正, lane: applicant, duration: 10 min, next: check}
  - {id: decide, name: 决定, lane: desk, duration: 1 min, end: approved}"""
    model = compile_model(process(ONE_LANE, steps, 100))
    v = dict(zip(model.steps, visits(model), strict=True))
    assert v["check"] == pytest.approx(1 / 0.8)  # geometric number of rounds
    assert v["fix"] == pytest.approx(0.2 / 0.8)
    assert v["decide"] == pytest.approx(0.7 / 0.8)
    result = simulate(process(ONE_LANE, steps, 100), cases=20_000, seed=1)
    assert result.outcomes["approved"] == pytest.approx(7 / 8, abs=0.01)
    assert result.completed == result.arrived


def test_choice_without_probabilities_takes_equal_shares() -> None:
    steps = """  - id: check
    name: 审查
    lane: desk
    duration: 1 min
    outcomes: {a: decide, b: refuse}
  - {id: decide, name: 决定, lane: desk, duration: 1 min, end: approved}
  - {id: refuse, name: 不予许可, lane: desk, duration: 1 min, end: refused}"""
    result = simulate(process(ONE_LANE, steps, 100), cases=10_000, seed=2)
    assert result.outcomes["approved"] == pytest.approx(0.5, abs=0.02)


def test_parallel_branches_join_on_the_slowest() -> None:
    lanes = "  a: {name: A, staff: 9}\n  b: {name: B, staff: 9}\n  w: {name: W, kind: window, staff: 9}"
    steps = """  - {id: accept, name: 受理, lane: w, duration: 1 min, next: [ra, rb]}
  - {id: ra, name: 甲审查, lane: a, duration: 30 min, next: decide}
  - {id: rb, name: 乙审查, lane: b, duration: 50 min, next: decide}
  - {id: decide, name: 决定, lane: w, join: all, duration: 2 min, end: approved}"""
    model = compile_model(process(lanes, steps, 2))  # light load: hardly any queueing
    stats = run(model, Random(3), cases=500)
    assert stats.completed == 500
    assert min(stats.cycle_minutes) == pytest.approx(1 + 50 + 2)
    assert stats.step_count[model.steps.index("decide")] == 500  # the join fired once per case


def test_work_stops_outside_office_hours() -> None:
    calendar = """simulation:
  arrivals: {per_workday: 1}
  calendar: {start: "2025-03-03"}"""
    steps = "  - {id: review, name: 审查, lane: desk, duration: 5 h, end: approved}"
    model = compile_model(process(ONE_LANE, steps, 0, calendar))
    stats = run(model, Random(4), cases=200)
    # a 5-hour step is 300 office minutes, however the evenings and weekends fall
    assert stats.cycle_minutes and all(c == pytest.approx(300) for c in stats.cycle_minutes)
    # ... but it spans a lunch break at least, and often a night: more calendar time than 5 h
    assert min(stats.cycle_days) > 5 / 24
    assert max(stats.cycle_days) > 1


def test_calendar_day_waits_run_on_calendar_time() -> None:
    calendar = """simulation:
  arrivals: {per_workday: 1}
  calendar: {start: "2025-03-03", holidays: none}"""
    steps = ("  - {id: prepare, name: 准备材料, lane: applicant, duration: 7 days, next: receive}\n"
             "  - {id: receive, name: 收件, lane: desk, duration: 0 min, end: approved}")
    stats = run(compile_model(process(ONE_LANE, steps, 0, calendar)), Random(5), cases=200)
    # seven calendar days always hold five working days of 420 office minutes (no holidays here)
    assert statistics.fmean(stats.cycle_days) == pytest.approx(7, abs=0.01)
    assert all(c == pytest.approx(5 * 420) for c in stats.cycle_minutes)


def test_profile_shapes_the_arrivals() -> None:
    calendar = """simulation:
  arrivals: {per_workday: 700, profile: [1, 0, 0, 0, 0, 0, 1]}"""
    steps = "  - {id: receive, name: 收件, lane: desk, duration: 1 min, end: approved}"
    model = compile_model(process(ONE_LANE, steps, 0, calendar))
    stats = run(model, Random(6), days=20)
    assert stats.arrived == pytest.approx(700 * 20, rel=0.03)
    next_arrival = _arrival_stream(model, model.calendar, Random(6))
    times = [next_arrival(0.0)]
    while len(times) < 5000:
        times.append(next_arrival(times[-1]))
    hours = [int((t % 420) // 60) for t in times]
    assert set(hours) == {0, 6}  # only in the first and the last office hour
    assert hours.count(0) / len(hours) == pytest.approx(0.5, abs=0.03)


def test_excluded_and_applicant_time_is_off_the_legal_clock() -> None:
    steps = """  - {id: receive, name: 收件, lane: desk, duration: 1 workday, next: test}
  - {id: test, name: 检验, lane: lab, kind: testing, duration: 30 workdays, excluded_from_clock: true, next: decide}
  - {id: decide, name: 决定, lane: desk, duration: 1 workday, end: approved}"""
    lanes = ONE_LANE + "\n  lab: {name: 检验机构, kind: external}"
    result = simulate(process(lanes, steps, 1), cases=300, seed=7)
    assert result.cycle_time_workdays.mean.mean == pytest.approx(32, rel=0.01)
    assert result.on_time_statutory.mean == 1.0  # 2 working days on the clock, limit 20
    assert result.on_time_promised.mean == 1.0


def test_overloaded_lane_is_refused_before_the_run() -> None:
    model = process("  desk: {name: 窗口, kind: window, staff: 2}",
                    "  - {id: serve, name: 办理, lane: desk, duration: 10 min, end: approved}", 300)
    assert offered_load(compile_model(model))[0] == pytest.approx(300 * 10 / 1440 / 2)
    with pytest.raises(SimulationError, match="lane 'desk' cannot keep up: its 2 staff would be busy 104%"):
        simulate(model, days=10)


def test_loop_that_is_never_left_is_refused() -> None:
    steps = """  - id: a
    name: 审查
    lane: desk
    duration: 1 min
    outcomes:
      again: {next: a, p: 1.0}
      done: {end: approved, p: 0.0}"""
    with pytest.raises(SimulationError, match="is never"):
        simulate(process(ONE_LANE, steps, 1), days=1)


def test_bad_run_parameters() -> None:
    model = process(ONE_LANE, "  - {id: a, name: a, lane: desk, duration: 1 min, end: approved}", 1)
    for kwargs in ({}, {"days": 1, "cases": 1}, {"days": -1}, {"cases": 10, "replications": 0}):
        with pytest.raises(SimulationError):
            simulate(model, **kwargs)


@pytest.mark.parametrize(("section", "line", "col", "words"), [
    ("  arrivals: {per_workday: 0}", 12, 27, "must be more than 0"),
    ("  arrivals: {per_workday: 5, profile: [1, 2]}", 12, 39, "the office day has 7 hours"),
    ("  arrivals: {per_workday: 5}\n  calendar: {office_hours: [\"9-12\"]}", 13, 29, "not an office period"),
    ("  arrivals: {per_workday: 5}\n  calendar: {office_hours: [\"13:00-12:00\"]}", 13, 29, "ends before"),
    ("  arrivals: {per_workday: 5}\n  calendar: {holidays: japan}", 13, 24, "'japan' is not one of"),
    ("  arrivals: {per_workday: 5}\n  calendar: {start: \"2025-02-30\"}", 13, 21, "not a date"),
])
def test_bad_simulation_section_is_reported_at_its_place(section: str, line: int, col: int, words: str) -> None:
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    header = text.count("\n")
    # the fixture's line numbers count from the end of minimal.yaml
    result, problems = parse_process(text + "simulation:\n" + section + "\n", "x.yaml")
    assert result is None
    errors = [p for p in problems if p.level == "error"]
    assert len(errors) == 1, errors
    assert words in errors[0].message
    assert (errors[0].loc.line - header - 1, errors[0].loc.col) == (line - 11, col)


def test_command_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.yaml"
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text + "simulation:\n  arrivals: {per_workday: 2}\n", encoding="utf-8")
    assert main(["simulate", str(path), "--days", "30", "--replications", "3", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("throughput_per_workday", "cycle_time_workdays", "on_time_rate", "utilization", "waiting_time"):
        assert key in data
    assert set(data["cycle_time_workdays"]) == {"mean", "p50", "p90", "p95", "max"}
    assert set(data["on_time_rate"]) == {"promised", "statutory"}
    assert set(data["throughput_per_workday"]) == {"mean", "ci95"}
    assert set(data["utilization"]) == {"window", "office"}
    assert set(data["waiting_time"]) == {"receive", "check", "review", "decide"}
    assert data["parameters"]["defaults_used"] is False


def test_command_text_says_when_it_assumed_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(ROOT / "examples/minimal.yaml"), "--days", "20"]) == 0
    out = capsys.readouterr().out
    assert "no 'simulation:' section" in out and "审批科" in out


def test_command_runs_an_overloaded_process_to_its_horizon(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.yaml"
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text + "simulation:\n  arrivals: {per_workday: 50}\n", encoding="utf-8")
    assert main(["simulate", str(path), "--days", "10"]) == 1  # answered, but the backlog grows
    out = capsys.readouterr().out
    assert "lane 'office' cannot keep up" in out and "lane 'window' cannot keep up" in out
    assert "Overloaded: " in out and "Backlog at the end of each week" in out and "Traceback" not in out
    # by cases the run would only say how long the backlog takes to drain: refused, pointing to --days
    assert main(["simulate", str(path), "--cases", "100"]) == 2
    err = capsys.readouterr().err
    assert "lane 'window' cannot keep up" in err and "(--days)" in err
    assert main(["simulate", str(path), "--days", "1", "--cases", "1"]) == 2


assert ROUND_THE_CLOCK  # the models module is shared with test_queueing
