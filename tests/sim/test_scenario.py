"""Scenario overrides (``--set``, ``--scenario``): what-if questions without an edited copy of the process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.commands.simulate import progress_wanted
from approvalnet.language.loader import parse_process
from approvalnet.language.types import Fixed, Process
from approvalnet.sim import simulate
from approvalnet.sim.scenario import ScenarioError, apply_overrides, parse_set, read_scenario

PROCESS = """code: "WHATIF-1"
name: 假设测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 10}
lanes:
  window: {name: 窗口, kind: window, staff: 2}
  office.a: {name: 审批科, staff: 2}
  applicant: {name: 申请人, kind: applicant}
steps:
  - {id: receive, name: 收件, lane: window, duration: {distribution: exponential, mean: 20 min}, next: review}
  - {id: review, name: 审查, lane: office.a, duration: {distribution: exponential, mean: 3 h}, end: approved}
simulation:
  arrivals: {per_workday: 4}
"""


@pytest.fixture
def process() -> Process:
    result, problems = parse_process(PROCESS, "p.yaml")
    assert result is not None, problems
    return result


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(PROCESS, encoding="utf-8")
    return path


def test_parse_set() -> None:
    assert parse_set("lanes.window.staff=3").path == ("lanes", "window", "staff")
    assert parse_set("lanes.window.staff=3").value == 3
    assert parse_set("lanes.office.a.staff=3").path == ("lanes", "office.a", "staff")  # a lane id with a dot
    assert parse_set("arrivals.per_workday=2.5").value == 2.5
    assert parse_set("steps.review.duration=20 min").value == "20 min"
    assert parse_set("steps.review.duration={distribution: exponential, mean: 2 h}").value == {
        "distribution": "exponential", "mean": "2 h"}
    for bad, words in (("lanes.window.staff", "KEY=VALUE"), ("staff=3", "unknown key 'staff'"),
                       ("lanes.staff=3", "unknown key"), ("steps.review.duration=", "empty")):
        with pytest.raises(ScenarioError, match=words):
            parse_set(bad)


def test_overrides_make_a_copy_that_keeps_its_positions(process: Process) -> None:
    changed = apply_overrides(process, [parse_set("lanes.window.staff=5"), parse_set("arrivals.per_workday=7"),
                                        parse_set("steps.review.duration=2 h")])
    assert changed.lanes["window"].staff == 5 and process.lanes["window"].staff == 2
    assert changed.simulation is not None and changed.simulation.arrivals.per_workday == 7.0
    assert process.simulation is not None and process.simulation.arrivals.per_workday == 4
    review = changed.step("review")
    assert isinstance(review.duration, Fixed) and review.duration.value.minutes() == 120
    assert changed.lanes["window"].loc == process.lanes["window"].loc and changed.lanes["window"].loc.line == 8
    assert review.duration.loc.line == process.step("review").loc.line == 13
    assert changed.file == "p.yaml"
    assert apply_overrides(process, []) is process


def test_the_rate_of_a_file_without_a_simulation_section(process: Process) -> None:
    bare = process.model_copy(update={"simulation": None})
    changed = apply_overrides(bare, [parse_set("arrivals.per_workday=3")])
    assert changed.simulation is not None and changed.simulation.arrivals.per_workday == 3.0
    assert simulate(changed, days=5).defaults_used is False


@pytest.mark.parametrize(("option", "words"), [
    ("lanes.counter.staff=3", "no lane 'counter'; its lanes are window, office.a, applicant"),
    ("lanes.window.name=x", "only 'staff'"),
    ("lanes.applicant.staff=2", "applicant lane, whose time takes no staff"),
    ("lanes.window.staff=0", "at least 1"),
    ("lanes.window.staff=1.5", "at least 1"),
    ("arrivals.per_workday=-1", "above zero"),
    ("arrivals.per_workday=many", "above zero"),
    ("arrivals.profile=[1, 2]", "only 'arrivals.per_workday'"),
    ("steps.approve.duration=1 h", "no step 'approve'"),
    ("steps.review.lane=window", "only 'duration'"),
    ("steps.review.duration=soon", "not a duration"),
    ("steps.review.duration={distribution: uniform, min: 2 h, max: 1 h}", "min 2 h above max 1 h (p.yaml:13"),
])
def test_bad_overrides_are_refused_clearly(process: Process, option: str, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        apply_overrides(process, [parse_set(option)])
    assert words in str(caught.value) and str(caught.value).startswith(("--set ", "with the scenario (--set"))


def test_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "what-if.yaml"
    path.write_text("lanes:\n  office.a: {staff: 4}\narrivals:\n  per_workday: 5\n"
                    "steps:\n  review: {duration: 90 min}\nlanes.window.staff: 3\n", encoding="utf-8")
    overrides = read_scenario(path)
    assert [(o.path, o.value) for o in overrides] == [
        (("lanes", "office.a", "staff"), 4), (("arrivals", "per_workday"), 5),
        (("steps", "review", "duration"), "90 min"), (("lanes", "window", "staff"), 3)]
    assert overrides[0].origin == f"{path}:2:21"
    path.write_text("lanes:\n  office.a: {staff: 4}\n  desk: {staff: 1}\n", encoding="utf-8")
    result, problems = parse_process(PROCESS, "p.yaml")
    assert result is not None, problems
    with pytest.raises(ScenarioError, match=rf"^{path}:3:17: the process has no lane 'desk'"):
        apply_overrides(result, read_scenario(path))
    for text, words in (("staff: 3\n", "unknown key 'staff'"), ("- 1\n", "a scenario is a mapping"),
                        ("lanes: 3\n", "must be a mapping"), ("lanes: {window: 3}\n", "{staff: 3}"),
                        ("lanes: {window: {staff: 1}, window: {staff: 2}}\n", "duplicate key 'window'")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError, match=words):
            read_scenario(path)
    for empty in ("", "# nothing to change\n"):
        path.write_text(empty, encoding="utf-8")
        assert read_scenario(path) == []
    with pytest.raises(ScenarioError, match="cannot read"):
        read_scenario(tmp_path / "missing.yaml")


def test_more_staff_on_the_bottleneck_lowers_its_utilization_and_the_cycle_time(process: Process) -> None:
    before = simulate(process, days=150, seed=4, replications=3)
    assert before.bottlenecks[0].lane == "office.a"  # 4 × 3 h of 14 staff-hours a day: 86 % busy
    after = simulate(apply_overrides(process, [parse_set("lanes.office.a.staff=3")]), days=150, seed=4,
                     replications=3)
    util = {lane.lane: lane.utilization.mean for lane in before.lanes}
    util_after = {lane.lane: lane.utilization.mean for lane in after.lanes}
    assert util_after["office.a"] < util["office.a"] - 0.2
    assert after.cycle_time_workdays.mean.mean < before.cycle_time_workdays.mean.mean / 2
    assert util_after["window"] == pytest.approx(util["window"], abs=0.05)  # the other lane is unchanged


def test_command_set_and_scenario(model_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("lanes: {window: {staff: 4}}\narrivals: {per_workday: 2}\n", encoding="utf-8")
    assert main(["simulate", str(model_file), "--days", "20", "--format", "json", "--scenario", str(scenario),
                 "--set", "arrivals.per_workday=3", "--set", "lanes.office.a.staff=3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["per_workday"] == 3.0  # --set wins over the file
    assert {lane["lane"]: lane["staff"] for lane in data["lanes"]} == {"window": 4, "office.a": 3, "applicant": 0}


@pytest.mark.parametrize(("args", "words"), [
    (["--set", "lanes.desk.staff=2"], "--set lanes.desk.staff=2: the process has no lane 'desk'"),
    (["--set", "color=red"], "unknown key 'color'"),
    (["--scenario", "missing.yaml"], "cannot read the scenario"),
])
def test_command_refuses_bad_overrides(model_file: Path, args: list[str], words: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(model_file), "--days", "5", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_progress_only_for_long_runs_watched_on_a_terminal(model_file: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert progress_wanted("text", 20, 250, None, 0, terminal=True)
    assert progress_wanted("text", 2, None, 200_000, 0, terminal=True)
    assert not progress_wanted("text", 1, 250, None, 0, terminal=True)  # short
    assert not progress_wanted("json", 20, 250, None, 0, terminal=True)  # machines
    assert not progress_wanted("text", 20, 250, None, 0, terminal=False)  # a pipe
    assert main(["simulate", str(model_file), "--days", "250", "--replications", "20"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "simulating" not in captured.out
