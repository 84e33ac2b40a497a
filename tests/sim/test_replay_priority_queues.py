"""Arrivals replayed from a CSV file, priorities within a lane, queue lengths over the day, and the
progress a long run reports."""

from __future__ import annotations

import datetime
from pathlib import Path
from random import Random

import pytest

from approvalnet.cli import main
from approvalnet.language.loader import read_process
from approvalnet.sim import SimulationError, simulate
from approvalnet.sim.engine import compile_model, run

from .models import mmc, process

HEADER = """code: "SIM-REPLAY"
name: 回放测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 10}
lanes:
  desk: {name: 窗口, kind: window, staff: 1}
steps:
  - {id: serve, name: 办理, lane: desk, duration: 10 min, end: approved}
simulation:
  arrivals: {file: arrivals.csv}
  calendar: {start: "2025-03-03", holidays: none}
"""


def write(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "arrivals.csv").write_text(rows, encoding="utf-8")
    path = tmp_path / "replay.yaml"
    path.write_text(HEADER, encoding="utf-8")
    return path


def test_replayed_arrivals_are_the_files_and_out_of_hours_ones_wait(tmp_path: Path) -> None:
    path = write(tmp_path, "case,timestamp\n"
                           "a,2025-03-03 09:00\n"
                           "b,2025-03-03T09:05:00+08:00\n"
                           "c,2025-03-03 01:00:00+00:00\n"  # 09:00 Beijing time
                           "d,2025-03-03 20:00\n"  # after hours: served the next morning
                           "\n")
    loaded, problems = read_process(path)
    assert loaded is not None, problems
    model = compile_model(loaded)
    assert model.arrival_times == (0.0, 0.0, 5.0, 420.0)  # 09:00 twice, 09:05, the next day's opening
    record: list = []
    stats = run(model, Random(1), days=5, record=record)
    assert stats.arrived == 4 and stats.completed == 4
    starts = sorted(started for _, _, _, started, _ in record)
    assert starts == [0.0, 10.0, 20.0, 420.0]  # one clerk: FCFS behind the two 09:00 arrivals


@pytest.mark.parametrize(("rows", "message"), [
    ("when\nyesterday\n", "arrivals.csv:1: no column named timestamp"),
    ("timestamp\n2025-03-03 09:00\nnot a time\n", "arrivals.csv:3: 'not a time' is not an ISO 8601"),
    ("timestamp\n2025-03-01 09:00\n", "arrivals.csv:2: 2025-03-01 09:00 is before the calendar's start"),
    ("timestamp\n", "no arrivals in the file"),
])
def test_bad_replay_files_name_the_line(tmp_path: Path, rows: str, message: str) -> None:
    loaded, _ = read_process(write(tmp_path, rows))
    with pytest.raises(SimulationError, match=message.replace("(", r"\(")):
        simulate(loaded, days=5)


def test_missing_replay_file_is_a_usage_error_on_the_command_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "timestamp\n2025-03-03 09:00\n")
    (tmp_path / "arrivals.csv").unlink()
    assert main(["simulate", str(path), "--days", "5"]) == 2
    assert "arrivals.csv: no such file of arrivals" in capsys.readouterr().err


def test_rate_and_file_together_are_refused_by_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    path.write_text(HEADER.replace("{file: arrivals.csv}", "{file: arrivals.csv, per_workday: 3}"), encoding="utf-8")
    loaded, problems = read_process(path)
    assert loaded is None
    assert any("either as `per_workday`" in p.message and p.loc.line == 12 for p in problems), problems


def test_a_replayed_day_matches_its_timestamps_through_the_event_log(tmp_path: Path) -> None:
    times = [datetime.datetime(2025, 3, 3, 9, 0) + datetime.timedelta(minutes=7 * i) for i in range(30)]
    path = write(tmp_path, "timestamp\n" + "".join(f"{t:%Y-%m-%d %H:%M}\n" for t in times))
    loaded, _ = read_process(path)
    result = simulate(loaded, days=3)
    assert result.arrived == 30 and result.completed == 30
    # 10-minute services arriving every 7 minutes at one clerk: the queue builds during the morning
    assert result.lanes[0].max_queue.mean >= 5


PRIORITY_LANES = "  desk: {name: 窗口, kind: window, staff: 1}"
PRIORITY_STEPS = """  - id: route
    name: 分流
    lane: applicant
    duration: 0 min
    outcomes:
      urgent: {next: fast, p: 0.5}
      normal: {next: slow, p: 0.5}
  - {id: fast, name: 加急办理, lane: desk, duration: {distribution: exponential, mean: 1 min}, end: approved}
  - {id: slow, name: 普通办理, lane: desk, duration: {distribution: exponential, mean: 1 min}, end: approved}"""


def priority_process(priorities: str) -> object:
    extra = f"""simulation:
  arrivals: {{per_workday: 1224}}
  calendar: {{office_hours: ["00:00-24:00"], holidays: none, weekends: false}}
  priorities: {priorities}"""
    return process(PRIORITY_LANES + "\n  applicant: {name: 申请人, kind: applicant}", PRIORITY_STEPS, 0, extra)


def test_a_higher_priority_step_is_served_first() -> None:
    plain = simulate(priority_process("{}"), days=30, seed=3)
    ranked = simulate(priority_process("{fast: 1}"), days=30, seed=3)
    assert plain.step("fast").waiting_minutes.mean == pytest.approx(plain.step("slow").waiting_minutes.mean, rel=0.2)
    assert ranked.step("fast").waiting_minutes.mean < 0.3 * ranked.step("slow").waiting_minutes.mean
    # the lane does the same work either way
    assert ranked.lanes[0].utilization.mean == pytest.approx(plain.lanes[0].utilization.mean, rel=0.05)


def test_priority_for_an_unknown_step_is_an_error_at_its_line() -> None:
    with pytest.raises(AssertionError, match=r"priority for step 'fsat', which is not defined.*did you mean 'fast'"):
        priority_process("{fsat: 1}")


def test_mean_queue_obeys_littles_law_and_is_reported_by_hour() -> None:
    # M/M/2 at rho 0.8 round the clock: mean queue = arrival rate x mean wait in queue
    result = simulate(mmc(0.4, 4.0, 2), days=60, warmup_days=2, seed=5)
    lane = result.lanes[0]
    wait = result.step("serve").waiting_minutes.mean
    assert lane.mean_queue.mean == pytest.approx(0.4 * wait, rel=0.1)
    assert len(lane.queue_by_hour) == 24 and lane.max_queue.mean >= max(lane.queue_by_hour)
    assert len(lane.queue_per_workday) >= 59
    assert result.to_json()["lanes"][0]["queue_by_hour"][0] == pytest.approx(lane.queue_by_hour[0], abs=1e-4)


def test_progress_moves_within_a_run() -> None:
    seen: list[float] = []
    simulate(mmc(0.4, 4.0, 2), days=20, replications=2, seed=1, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 2.0
    assert any(0 < x < 1 for x in seen) and any(1 < x < 2 for x in seen)  # not only at the end of each run
    seen.clear()
    simulate(mmc(0.4, 4.0, 2), cases=3000, seed=1, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3
