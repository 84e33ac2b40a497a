"""``conform``: a simulated log conforms; a changed log reports exactly the changed cases, in the process's words."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest

from approvalnet.conform import conform
from approvalnet.conform.replay import pm4py_net
from approvalnet.language.types import Process

from .conftest import CASES
from .helpers import Row, by_case, shift, steps_of, write_rows


def pm4py_measures(process: Process, path: Path, alignments: bool = False) -> dict[str, float]:
    """pm4py's own fitness and precision on the whole log (complete events, by step id), to compare with."""
    import pandas as pd
    import pm4py

    frame = pd.read_csv(path, dtype={"case_id": str})
    frame = frame[frame["lifecycle"] == "complete"].copy()
    frame["activity"] = frame["step"]
    frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    net, initial, final = pm4py_net(process)
    out = {"fitness": pm4py.fitness_token_based_replay(frame, net, initial, final)["log_fitness"],
           "precision": pm4py.precision_token_based_replay(frame, net, initial, final)}
    if alignments:
        out["alignments"] = pm4py.fitness_alignments(frame, net, initial, final)["log_fitness"]
        out["alignment_precision"] = pm4py.precision_alignments(frame, net, initial, final)
    return out


@pytest.mark.parametrize("kind", ["csv", "xes"])
def test_a_simulated_log_conforms(process: Process, logs: dict[str, Path], kind: str) -> None:
    result = conform(process, logs[kind])
    assert result.cases == CASES
    assert result.fitness == 1.0
    assert result.fitting_cases == CASES
    assert result.deviating_cases == ()
    assert result.conforming_cases == CASES
    assert not any(result.counts.values())
    assert result.unknown_activities == {}
    assert 0.5 < result.precision <= 1.0


def test_fitness_and_precision_are_pm4py_s_on_the_whole_log(process: Process, logs: dict[str, Path]) -> None:
    expected = pm4py_measures(process, logs["csv"])
    result = conform(process, logs["csv"])
    assert result.fitness == pytest.approx(expected["fitness"], abs=1e-12)
    assert result.precision == pytest.approx(expected["precision"], abs=1e-12)


def perturb(process: Process, rows: list[Row], seed: int = 5) -> tuple[list[Row], dict[str, list[str]]]:
    """A review removed from exactly 10 % of the cases, acceptance swapped with the completeness check
    in others, decisions and deliveries delayed past their limits in others; the expected deviations."""
    cases = by_case(rows)
    rng = random.Random(seed)
    ids = list(cases)
    with_health = [c for c in ids if "health-review" in steps_of(cases[c])]
    removed = set(rng.sample(with_health, len(ids) // 10))
    rest = [c for c in ids if c not in removed]
    # swap only where the check was followed directly by acceptance (one swap, not two)
    adjacent = [c for c in rest if "check,accept" in ",".join(steps_of(cases[c]))]
    swapped = set(rng.sample(adjacent, 7))
    rest = [c for c in rest if c not in swapped and "deliver" in steps_of(cases[c])]
    late_decision, late_delivery = set(rest[:4]), set(rest[4:9])
    names = {s.id: s.name for s in process.steps}
    expected: dict[str, list[str]] = {}
    for case in ids:
        events = cases[case]
        if case in removed:
            cases[case] = [row for row in events if row["step"] != "health-review"]
            expected[case] = ["skipped-step"]
        if case in swapped:
            for row in events:
                if row["step"] in ("check", "accept"):
                    row["step"] = "accept" if row["step"] == "check" else "check"
                    row["activity"] = names[row["step"]]
            expected[case] = ["wrong-order"]
        if case in late_decision:  # the decision 100 days late (a wait in the window's queue, on the clock)
            for row in events:
                if row["step"] in ("decide", "deliver"):
                    shift(row, 100)
            expected[case] = ["late-promised", "late-statutory"]
        if case in late_delivery:  # the licence delivered 45 days after the decision
            for row in events:
                if row["step"] == "deliver":
                    shift(row, 45)
            expected[case] = ["late-delivery", "late-promised"]
    return [row for case in ids for row in cases[case]], expected


def test_perturbations_are_reported_exactly(process: Process, rows: list[Row], tmp_path: Path) -> None:
    changed, expected = perturb(process, rows)
    path = write_rows(tmp_path / "perturbed.csv", changed)
    result = conform(process, path)
    found = {c.case: sorted(d.kind for d in c.deviations) for c in result.deviating_cases}
    assert found == expected
    assert result.counts["skipped-step"] == CASES // 10
    assert result.case_counts["wrong-order"] == 7
    assert result.conforming_cases == CASES - len(expected)
    assert result.limit_violations["late-statutory"].cases == 4
    assert result.limit_violations["late-delivery"].cases == 5
    reference = pm4py_measures(process, path)
    assert result.fitness < 1.0
    assert result.fitness == pytest.approx(reference["fitness"], abs=1e-12)
    assert result.precision == pytest.approx(reference["precision"], abs=1e-12)


def test_deviations_name_the_steps_and_where_they_are_written(process: Process, rows: list[Row],
                                                                tmp_path: Path) -> None:
    changed, _ = perturb(process, rows)
    result = conform(process, write_rows(tmp_path / "perturbed.csv", changed))
    deviations = [d for c in result.deviating_cases for d in c.deviations]
    skipped = [d for d in deviations if d.kind == "skipped-step"]
    assert {d.step for d in skipped} == {"health-review"}
    assert {d.loc for d in skipped} == {str(process.step("health-review").loc)}
    assert all("联合决定" in d.message and "卫生审查" in d.message and d.message.startswith("a decision")
               for d in skipped)
    swapped = [d for d in deviations if d.kind == "wrong-order"]
    assert {(d.step, d.other, d.arc) for d in swapped} == {("accept", "check", ("accept", "check"))}
    assert {d.loc for d in swapped} == {str(process.step("accept").loc)}
    late = [d for d in deviations if d.kind == "late-statutory"]
    assert {d.step for d in late} == {"decide"}
    assert all(d.days > d.limit and d.limit in (45, 45 + 15) for d in late)  # 15 more after an extension
    delivery = [d for d in deviations if d.kind == "late-delivery"]
    assert {d.step for d in delivery} == {"deliver"}
    assert all(d.days > d.limit == 10 for d in delivery)


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # pm4py's alignments use numpy.matrix
def test_alignment_fitness_and_precision_are_pm4py_s(process: Process, rows: list[Row], tmp_path: Path) -> None:
    changed, _ = perturb(process, rows)
    cases = list(by_case(changed).values())
    # a third of the cases, whole (a case cut after a start would be a different log for pm4py, which
    # reads only the completes): faster
    path = write_rows(tmp_path / "perturbed.csv", [row for case in cases[: len(cases) // 3] for row in case])
    result = conform(process, path, alignments=True)
    expected = pm4py_measures(process, path, True)
    assert result.alignment_fitness is not None and result.alignment_fitness < 1.0
    assert result.alignment_fitness == pytest.approx(expected["alignments"], abs=1e-12)
    assert result.alignment_precision == pytest.approx(expected["alignment_precision"], abs=1e-12)
    assert result.to_json()["alignments"]["precision"] == pytest.approx(expected["alignment_precision"], abs=1e-6)


def test_a_second_supplement_notice_is_one_deviation(process: Process, rows: list[Row], tmp_path: Path) -> None:
    cases = by_case(rows)
    target = next(c for c, events in cases.items() if "supplement-notice" in steps_of(events)
                  and "accept" in steps_of(events))
    events = cases[target]
    # the round supplement notice → the applicant supplements → re-check, taken a second time after the first
    round_ = [dict(row) for row in events if row["step"] in ("supplement-notice", "prepare", "recheck")]
    times = [datetime.datetime.fromisoformat(row["timestamp"]) for row in round_]
    length = (max(times) - min(times)).total_seconds() / 86400 + 1
    later = [row for row in events if datetime.datetime.fromisoformat(row["timestamp"]) > max(times)]
    for row in later:
        shift(row, 2 * length)
    for row in round_:
        shift(row, length)
    cases[target] = events + round_
    result = conform(process, write_rows(tmp_path / "twice.csv", [r for c in cases.values() for r in c]))
    assert [c.case for c in result.deviating_cases] == [target]
    assert [d.kind for d in result.deviating_cases[0].deviations] == ["repeated-supplement"]
    deviation = result.deviating_cases[0].deviations[0]
    assert deviation.step == "supplement-notice" and "Art. 32" in deviation.message


def test_unknown_activities_are_reported_not_dropped(process: Process, rows: list[Row], tmp_path: Path) -> None:
    cases = by_case(rows)
    chosen = list(cases)[3:6]
    for case in chosen:
        first = cases[case][0]
        cases[case].insert(1, {**first, "activity": "系统自动登记", "step": "", "lifecycle": "complete"})
    result = conform(process, write_rows(tmp_path / "unknown.csv", [r for c in cases.values() for r in c]))
    assert [c.case for c in result.deviating_cases] == chosen
    for case in result.deviating_cases:
        assert [(d.kind, d.activity) for d in case.deviations] == [("unknown-activity", "系统自动登记")]
    assert result.unknown_activities == {"系统自动登记": 3}
    assert result.events == len(rows) + 3
    assert result.fitness == 1.0  # pm4py's convention: activities not in the model do not lower fitness


def test_an_unfinished_case(process: Process, rows: list[Row], tmp_path: Path) -> None:
    cases = by_case(rows)
    target = next(c for c, events in cases.items() if steps_of(events)[-1] == "deliver")
    cases[target] = [row for row in cases[target] if row["step"] not in ("decide", "deliver")]
    result = conform(process, write_rows(tmp_path / "open.csv", [r for c in cases.values() for r in c]))
    assert [c.case for c in result.deviating_cases] == [target]
    (deviation,) = result.deviating_cases[0].deviations
    assert deviation.kind == "unfinished-case" and deviation.step == "decide"


def test_time_in_art45_and_applicant_steps_is_off_the_clock(process: Process, rows: list[Row],
                                                            tmp_path: Path) -> None:
    cases = by_case(rows)
    reviewed = [c for c, events in cases.items() if "expert-review" in steps_of(events)][:2]
    assert len(reviewed) == 2
    excluded, counted = reviewed
    # the expert review (Art. 45) takes 200 days longer: off the clock, nothing is late
    for row in cases[excluded]:
        if (row["step"] == "expert-review" and row["lifecycle"] == "complete") or row["step"] in ("decide", "deliver"):
            shift(row, 200)
    # the same 200 days spent waiting for the decision instead: on the clock, late
    for row in cases[counted]:
        if row["step"] in ("decide", "deliver"):
            shift(row, 200)
    result = conform(process, write_rows(tmp_path / "slow.csv", [r for c in cases.values() for r in c]))
    assert [c.case for c in result.deviating_cases] == [counted]
    assert {d.kind for d in result.deviating_cases[0].deviations} == {"late-statutory", "late-promised"}


@pytest.mark.parametrize("name", ["food-business-licence", "construction-permit", "restaurant-opening-one-thing"])
def test_real_processes_fit_and_their_late_cases_are_the_simulator_s(name: str, tmp_path: Path) -> None:
    """Simulated logs of real processes replay with fitness 1.0 and no deviation of the flow; the cases
    the simulator counts late against each limit (its queues are realistic) are as many as found late."""
    from approvalnet import load
    from approvalnet.eventlog import write_event_log
    from approvalnet.sim.eventlog import event_log
    from approvalnet.sim.kpis import simulate

    from .conftest import ROOT

    real = load(ROOT / "processes" / "kunming" / f"{name}.yaml")
    record: list = []
    simulated = simulate(real, cases=200, seed=2, record=record)
    path = tmp_path / "events.csv"
    write_event_log(event_log(real, record), path)
    result = conform(real, path)
    assert result.cases == simulated.completed == 200
    assert result.fitness == 1.0 and result.fitting_cases == 200
    assert {k for k, n in result.counts.items() if n} <= {"late-promised", "late-statutory", "late-delivery"}
    # the same late cases for every limit, as the run judged them on the same legal clock
    assert simulated.late_cases["late-promised"] > 0
    assert {kind: result.case_counts[kind] for kind in result.limit_violations} == simulated.late_cases
