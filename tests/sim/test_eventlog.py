"""The event log of ``approvalnet simulate --log``: pm4py reads it back and it replays on the model's net."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.eventlog import to_csv, write_event_log
from approvalnet.language.loader import read_process
from approvalnet.sim import simulate
from approvalnet.sim.eventlog import event_log

# a loop through the applicant, a choice, a parallel split and join, two staffed lanes and office hours
PROCESS = """code: "LOG-1"
name: 日志测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 10}
lanes:
  window: {name: 窗口, kind: window, staff: 2}
  office: {name: 审批科, staff: 4}
  applicant: {name: 申请人, kind: applicant}
steps:
  - id: receive
    name: 收件
    lane: window
    duration: {distribution: exponential, mean: 20 min}
    outcomes:
      complete: {next: split, p: 0.7}
      missing: {next: supplement, p: 0.2}
      reject: {end: not-accepted, p: 0.1}
  - {id: supplement, name: 补正, lane: applicant, duration: 1 day, next: receive}
  - {id: split, name: 受理, lane: window, duration: 5 min, next: [review, inspect]}
  - {id: review, name: 审查, lane: office, duration: {distribution: uniform, min: 1 h, max: 3 h}, next: decide}
  - {id: inspect, name: 现场核查, lane: office, duration: 2 h, next: decide}
  - {id: decide, name: 决定, lane: office, join: all, duration: 30 min, end: approved}
simulation:
  arrivals: {per_workday: 3}
"""


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("log")
    model = folder / "p.yaml"
    model.write_text(PROCESS, encoding="utf-8")
    csv_path, xes_path = folder / "events.csv", folder / "events.xes"
    for path in (csv_path, xes_path):
        assert main(["simulate", str(model), "--cases", "40", "--seed", "3", "--format", "json",
                     "--log", str(path)]) == 0
    return model, csv_path, xes_path


def _replay(model: Path, log: object) -> float:
    import pm4py

    from approvalnet import to_petri_net

    process, _ = read_process(model)
    assert process is not None
    net, im, fm = to_petri_net(process)
    return pm4py.fitness_token_based_replay(log, net, im, fm)["log_fitness"]


def test_csv_reads_back_with_pm4py_and_replays_with_fitness_one(logs: tuple[Path, Path, Path]) -> None:
    import pandas as pd
    import pm4py

    model, csv_path, _ = logs
    frame = pd.read_csv(csv_path, dtype={"case_id": str})
    assert list(frame.columns) == ["case_id", "activity", "step", "resource", "lane", "lifecycle", "timestamp"]
    assert set(frame["lifecycle"]) == {"start", "complete"}
    assert frame["case_id"].nunique() >= 40
    frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    complete = frame[frame["lifecycle"] == "complete"]
    assert _replay(model, complete) == 1.0
    assert {"补正", "现场核查", "决定"} <= set(complete["concept:name"])


@pytest.mark.filterwarnings("ignore:Install the optional requirement")
def test_xes_reads_back_with_pm4py_and_replays_with_fitness_one(logs: tuple[Path, Path, Path]) -> None:
    import pm4py

    model, csv_path, xes_path = logs
    frame = pm4py.read_xes(str(xes_path))
    assert {"case:concept:name", "concept:name", "org:resource", "time:timestamp", "lifecycle:transition"} <= set(
        frame.columns)
    assert len(frame) == len(Path(csv_path).read_text(encoding="utf-8").splitlines()) - 1  # the same events
    complete = frame[frame["lifecycle:transition"] == "complete"]
    assert _replay(model, complete) == 1.0


def test_events_are_real_times_in_office_hours_and_staff_never_double_booked() -> None:
    import chinese_calendar

    from approvalnet.language.loader import parse_process

    process, _ = parse_process(PROCESS, "p.yaml")
    assert process is not None
    record: list = []
    simulate(process, cases=60, seed=5, record=record)
    events = event_log(process, record)
    assert len(events) == 2 * len(record)
    first = events[0].timestamp
    assert first.date() >= datetime.date(2025, 3, 3) and first.utcoffset() == datetime.timedelta(hours=8)
    busy: dict[str, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    starts: dict[tuple[str, str], list[datetime.datetime]] = {}
    for e in events:
        if e.lane == "applicant":  # its calendar-day waits may end on any day
            assert e.resource == "applicant"
            continue
        minutes = e.timestamp.hour * 60 + e.timestamp.minute + e.timestamp.second / 60
        assert 540 <= minutes <= 720 or 810 <= minutes <= 1050, e  # 09:00-12:00, 13:30-17:30
        assert chinese_calendar.is_workday(e.timestamp.date()), e  # weekends and holidays are off, 调休 days on
        member = int(e.resource.split("#")[1])
        assert e.resource.startswith(f"{e.lane}#") and 1 <= member <= {"window": 2, "office": 4}[e.lane]
        key = (e.case, e.step)
        if e.lifecycle == "start":
            starts.setdefault(key, []).append(e.timestamp)
        else:
            begun = starts[key].pop(0)
            assert begun <= e.timestamp
            busy.setdefault(e.resource, []).append((begun, e.timestamp))
    for intervals in busy.values():
        intervals.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(intervals))
    by_case: dict[str, list[datetime.datetime]] = {}
    for e in events:
        by_case.setdefault(e.case, []).append(e.timestamp)
    assert all(times == sorted(times) for times in by_case.values())


def test_csv_text_and_bad_suffix(tmp_path: Path) -> None:
    from approvalnet.language.loader import parse_process

    process, _ = parse_process(PROCESS, "p.yaml")
    assert process is not None
    record: list = []
    simulate(process, cases=3, seed=1, record=record)
    text = to_csv(event_log(process, record))
    assert text.splitlines()[0] == "case_id,activity,step,resource,lane,lifecycle,timestamp"
    assert "+08:00" in text.splitlines()[1]
    with pytest.raises(ValueError, match=r"\.csv or \.xes"):
        write_event_log([], tmp_path / "log.txt")
    assert not (tmp_path / "log.txt").exists()


def test_command_refuses_a_log_of_unknown_format(logs: tuple[Path, Path, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model, _, _ = logs
    assert main(["simulate", str(model), "--days", "1", "--log", "events.txt"]) == 2
    assert ".csv or .xes" in capsys.readouterr().err
    assert not Path("events.txt").exists()


def test_command_text_says_where_the_log_went(logs: tuple[Path, Path, Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    model, _, _ = logs
    target = tmp_path / "sub" / "events.csv"
    assert main(["simulate", str(model), "--days", "3", "--log", str(target)]) == 0
    assert f"event log of the first replication written to {target}" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").startswith("case_id,")
    assert [p.name for p in target.parent.iterdir()] == ["events.csv"]  # no temporary file left behind
