"""Discovery from simulated logs gives back the process that was simulated.

Each process is simulated for 2,000 cases, its event log written (CSV or XES), and a process
discovered from the log. The discovered file must validate, have the same steps, replay the log
(token-based fitness ≥ 0.95, measured here with pm4py directly), and behave like the original.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.discover import Discovery
from approvalnet.language.calendar import CalendarWarning
from approvalnet.language.flow import out_edges
from approvalnet.language.loader import read_process
from approvalnet.language.types import Process
from approvalnet.net.build import to_petri_net
from approvalnet.net.soundness import soundness
from approvalnet.sim.distributions import mean_minutes
from approvalnet.sim.engine import STAFFED
from approvalnet.sim.kpis import simulate

from .conftest import FOOD_LICENCE, JOINT_REVIEW, RESTAURANT

CASES = [(JOINT_REVIEW, ".csv"), (RESTAURANT, ".csv"), (FOOD_LICENCE, ".xes")]
Discovered = Callable[..., tuple[Process, Path, Discovery]]


def edges(process: Process) -> dict[tuple[str, str], float]:
    """The flow by step names: (from, to or 'end') -> probability (1 for next and parallel branches)."""
    names = {s.id: s.name for s in process.steps}
    result: dict[tuple[str, str], float] = {}
    for index, step in enumerate(process.steps):
        for edge in out_edges(process, index):
            key = (step.name, names[edge.target] if edge.target else "end")
            result[key] = result.get(key, 0.0) + (1.0 if edge.p is None else edge.p)
    return result


def by_name(process: Process) -> dict[str, object]:
    return {step.name: step for step in process.steps}


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_the_discovered_file_validates(file: str, suffix: str, discovered: Discovered, tmp_path: Path) -> None:
    _, log, result = discovered(file, suffix)
    path = tmp_path / "discovered.yaml"
    path.write_text(result.yaml, encoding="utf-8")
    process, problems = read_process(path)
    assert problems == [] and process is not None
    assert main(["validate", str(path)]) == 0
    assert process.generated.startswith("Discovered by approvalnet")
    header = result.yaml.splitlines()[0]
    assert header.startswith("# Discovered by approvalnet") and log.name in header
    assert "PLACEHOLDER" in result.yaml


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_the_same_steps_are_found_without_routing_steps(file: str, suffix: str, discovered: Discovered) -> None:
    original, _, result = discovered(file, suffix)
    assert {s.name for s in result.process.steps} == {s.name for s in original.steps}
    assert result.routing_steps == 0


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_the_flow_and_its_probabilities_are_the_original_ones(file: str, suffix: str, discovered: Discovered) -> None:
    """Every edge between steps, and every way to end, with its probability within 0.03: with 2,000
    cases the standard error of an observed share is at most 0.011, so 0.03 is about three of them."""
    original, _, result = discovered(file, suffix)
    a, b = edges(original), edges(result.process)
    far = {k: (a.get(k, 0.0), b.get(k, 0.0)) for k in a.keys() | b.keys() if abs(a.get(k, 0.0) - b.get(k, 0.0)) > 0.03}
    assert far == {}
    assert {s.name for s in original.steps if s.join} == {s.name for s in result.process.steps if s.join}


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_the_log_replays_on_the_discovered_net(file: str, suffix: str, discovered: Discovered) -> None:
    """Token-based replay by pm4py itself, on the log as pm4py reads it (complete events)."""
    import pandas as pd
    import pm4py

    _, path, result = discovered(file, suffix)
    if suffix == ".xes":
        frame = pm4py.read_xes(str(path), show_progress_bar=False)
    else:
        frame = pm4py.format_dataframe(pd.read_csv(path, dtype={"case_id": str}), case_id="case_id",
                                       activity_key="activity", timestamp_key="timestamp")
    frame = frame[frame["lifecycle:transition" if suffix == ".xes" else "lifecycle"] == "complete"]
    net, initial, final = to_petri_net(result.process)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitness = pm4py.fitness_token_based_replay(frame, net, initial, final)
    assert fitness["log_fitness"] >= 0.95
    assert soundness(net, initial, final).sound


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_durations_and_lanes_are_the_original_ones(file: str, suffix: str, discovered: Discovered) -> None:
    """Steps of staffed lanes run on office time, where the log measures exactly what the simulator drew:
    the fitted mean is within 5 % of the original's (the standard error of a mean of 100 or more draws
    of these distributions is under 4 %; fixed durations come back exactly). Waits of the applicant
    and of outside bodies, written in calendar days, are seen in office time, where a calendar day is
    worth 5/7 of a working day on average: within 12 %."""
    original, _, result = discovered(file, suffix)
    found = by_name(result.process)
    day = 420.0
    for step in original.steps:
        twin = found[step.name]
        lane, twin_lane = original.lanes[step.lane], result.process.lanes[twin.lane]
        assert twin.lane == step.lane and twin_lane.kind == lane.kind
        if lane.kind in STAFFED:
            assert twin_lane.staff <= lane.staff
        expected, got = mean_minutes(step.duration, day), mean_minutes(twin.duration, day)
        tolerance = 0.05 if lane.kind in STAFFED else 0.12
        assert got == pytest.approx(expected, rel=tolerance, abs=0.5), step.name
        if step.duration is not None and step.duration.distribution == "fixed" and lane.kind in STAFFED:
            assert twin.duration.distribution == "fixed"


@pytest.mark.parametrize(("file", "suffix"), CASES)
def test_the_discovered_process_behaves_like_the_original(file: str, suffix: str, discovered: Discovered) -> None:
    """Both are simulated for 10 replications of 1,000 cases. Expected executions per case (from the
    probabilities) agree within 0.03, as the probabilities do. Mean cycle times agree within 10 %: the
    busiest lane of these processes is 70 % busy, where the mean wait of a 1,000-case run varies by a
    third from run to run and a 2 % error in a fitted mean duration or the arrival rate moves it by
    about 6 %; waiting is a small part of the cycle, and 10 replications bring the rest of the run-to-run
    variation under 5 %."""
    original, _, result = discovered(file, suffix)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarWarning)
        a = simulate(original, cases=1000, seed=11, replications=10)
        b = simulate(result.process, cases=1000, seed=11, replications=10)
    visits_a = {s.name: s.visits for s in a.steps}
    visits_b = {s.name: s.visits for s in b.steps}
    assert visits_a.keys() == visits_b.keys()
    assert all(abs(visits_a[k] - visits_b[k]) <= 0.03 for k in visits_a), (visits_a, visits_b)
    assert b.cycle_time_workdays.mean.mean == pytest.approx(a.cycle_time_workdays.mean.mean, rel=0.10)
    assert b.per_workday == pytest.approx(a.per_workday, rel=0.06)


def test_the_log_fitness_reported_by_discover_is_pm4pys(simulated: Callable) -> None:
    from approvalnet.discover import Options, discover, read_log

    _, path = simulated("examples/minimal.yaml", ".csv", cases=300)
    result = discover(read_log(path), Options())
    assert result.fitness is not None and result.fitness["log_fitness"] == pytest.approx(1.0)
    assert result.sound is True
    assert result.to_json()["fitness"]["log_fitness"] == pytest.approx(1.0)


def test_a_calendar_file_is_the_clock_discovery_measures_on(simulated: Callable) -> None:
    """Saturday service in the calendar file: the log's weekday work is the same, but the arrival
    rate per office day falls, Saturdays being office time where nothing happened in the log."""
    from approvalnet.discover.discovery import Options, discover
    from approvalnet.discover.read import read_log
    from approvalnet.language.calendar import CalendarData

    _, path = simulated("examples/minimal.yaml", ".csv", cases=300)
    log = read_log(path)
    plain = discover(log, Options(replay=False))
    saturdays = discover(log, Options(replay=False, calendar=CalendarData(hours={"saturday": ("09:00-17:00",)})))
    assert saturdays.per_workday < plain.per_workday * 0.95
