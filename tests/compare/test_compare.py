"""``compare_processes`` on a hand-made before/after pair (old.yaml, new.yaml): every figure by hand."""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import pytest

import approvalnet
from approvalnet.compare import Comparison, Measures, aggregate, compare_processes, process_measures
from approvalnet.compare.result import Row
from approvalnet.compare.simulated import common_rate, difference_ci
from approvalnet.language.loader import parse_process
from approvalnet.sim.engine import SimulationError
from approvalnet.sim.kpis import Estimate, t_quantile

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
QUARTER_HOUR = 15 / 480  # the rules' working day is 8 office hours
HOUR = 60 / 480

# (measure, OLD, NEW) — counted on old.yaml and new.yaml by hand; see the comments of those files.
STATIC = [
    # receive, check, accept, review-a, review-b, decide, collect | intake, accept, review-a, review-b, decide, deliver
    ("steps", 7, 6),
    ("steps.staffed", 9, 8),  # all but the applicant's 'supplement'
    ("steps.total", 10, 9),
    ("materials.required", 4, 1),  # the licence comes from shared data in NEW
    ("materials.asked", 5, 2),  # the conditional power of attorney counts here
    ("materials.shared", 0, 1),
    ("limit.promised", 15, 5),
    ("limit.statutory", 20, 20),
    ("visits.declared", 2, 1),
    ("visits.modelled", 2, 1),  # hand in and collect | hand in (the licence is posted)
    # from the end of 'accept': review-a 2 + review-b 2 (in NEW: in parallel, 2) + decide 1 h + deliver 15 min
    ("worst-case", 4 + HOUR + QUARTER_HOUR, 2 + HOUR + QUARTER_HOUR),
    # from the first step, the supplement loop once and the applicant's 2 working days counted: OLD
    # receive, check, notice, (2 wd), receive, check, accept: 6 quarter-hours, then 4 wd of review,
    # decide (1 h) and collect (a quarter); NEW intake, notice, (2 wd), intake, accept: 4 quarters,
    # then 2 wd of parallel review, decide and deliver
    ("worst-case.whole", 6 * QUARTER_HOUR + 2 + 4 + HOUR + QUARTER_HOUR,
     4 * QUARTER_HOUR + 2 + 2 + HOUR + QUARTER_HOUR),
]


@pytest.fixture(scope="module")
def old() -> approvalnet.Process:
    return approvalnet.load(HERE / "old.yaml")


@pytest.fixture(scope="module")
def new() -> approvalnet.Process:
    return approvalnet.load(HERE / "new.yaml")


@pytest.fixture(scope="module")
def simulated(old: approvalnet.Process, new: approvalnet.Process) -> Comparison:
    return compare_processes(old, new, days=60, seed=3, replications=3)


@pytest.mark.parametrize(("key", "before", "after"), STATIC, ids=[s[0] for s in STATIC])
def test_static_measure_and_change(old: approvalnet.Process, new: approvalnet.Process, key: str, before: float,
                                   after: float) -> None:
    row = compare_processes(old, new, simulate=False).row(key)
    assert row.old == pytest.approx(before, abs=1e-6)
    assert row.new == pytest.approx(after, abs=1e-6)
    assert row.change == pytest.approx(after - before, abs=1e-6)
    if before:
        assert row.change_percent == pytest.approx((after - before) / before * 100, abs=1e-4)
    else:
        assert row.change_percent is None  # a rise from zero has no percentage
    expected = "same" if before == after else ("better" if (after < before) == (row.better == "lower") else "worse")
    assert row.verdict == expected


def test_every_static_row_is_checked(old: approvalnet.Process, new: approvalnet.Process) -> None:
    rows = compare_processes(old, new, simulate=False).rows
    assert [r.key for r in rows] == [key for key, _, _ in STATIC]


def test_reform_shortens_the_simulated_cycle_time(simulated: Comparison) -> None:
    # Fixed durations: OLD's reviews follow one another (4 working days), NEW's run in parallel (2),
    # so the mean cycle time falls by about 2 working days; the margin is wide enough not to flake.
    mean = simulated.row("cycle-time.mean")
    assert mean.old > 4 and mean.new < 3
    assert mean.change < -1.5
    assert mean.verdict == "better"
    assert mean.change_ci is not None and 0 < mean.change_ci < 1
    assert simulated.row("cycle-time.p90").new < simulated.row("cycle-time.p90").old
    for key in ("on-time.promised", "on-time.statutory"):
        row = simulated.row(key)
        assert 0 <= row.old <= 1 and 0 <= row.new <= 1


def test_both_are_simulated_at_olds_rate(simulated: Comparison) -> None:
    # NEW's own file says 3 per working day; the comparison holds demand at OLD's 2
    assert simulated.parameters.per_workday == 2
    assert "OLD's simulation.arrivals.per_workday" in simulated.parameters.rate_source
    assert any("NEW's file says 3" in note for note in simulated.notes)


def test_same_seed_gives_the_same_comparison(old: approvalnet.Process, new: approvalnet.Process,
                                             simulated: Comparison) -> None:
    again = compare_processes(old, new, days=60, seed=3, replications=3)
    assert again.to_json() == simulated.to_json()


def test_a_given_rate_is_used_for_both(old: approvalnet.Process, new: approvalnet.Process) -> None:
    low = compare_processes(old, new, days=40, seed=1, replications=1, rate=0.5)
    assert low.parameters.per_workday == 0.5 and low.parameters.rate_source == "given"
    assert low.row("cycle-time.mean").old_ci is None  # one replication: no interval


def test_a_rate_a_lane_cannot_serve_is_refused_naming_the_side(old: approvalnet.Process,
                                                              new: approvalnet.Process) -> None:
    # 3 window staff for 1 h 45 min of window work per case (7 steps of 15 min, 1 h decision) cannot serve 20 a day
    with pytest.raises(SimulationError, match=r"OLD \(.*old.yaml\).*cannot keep up"):
        compare_processes(old, new, days=10, replications=1, rate=20)


def test_rate_without_simulation_section_is_the_one_simulate_chooses(old: approvalnet.Process) -> None:
    bare = old.model_copy(update={"simulation": None})
    rate, source = common_rate(bare)
    assert "70 %" in source
    result = approvalnet.sim.simulate(bare, days=5, seed=0)
    assert rate == pytest.approx(result.per_workday)


def test_on_the_spot_promise_counts_zero_days() -> None:
    text = (HERE / "new.yaml").read_text(encoding="utf-8").replace("promised: 5 workdays", "promised: on-the-spot")
    process, problems = parse_process(text, "spot.yaml")
    assert process is not None, problems
    measures = process_measures(process)
    assert measures.promised_days == 0 and measures.on_the_spot


def test_calendar_days_count_five_sevenths() -> None:
    text = (HERE / "old.yaml").read_text(encoding="utf-8").replace("statutory: 20 workdays", "statutory: 28 days")
    process, problems = parse_process(text, "days.yaml")
    assert process is not None, problems
    assert process_measures(process).statutory_days == pytest.approx(20)


def test_comparing_a_real_process_with_itself_changes_nothing() -> None:
    process = approvalnet.load(ROOT / "processes/kunming/restaurant-opening-one-thing.yaml")
    comparison = compare_processes(process, process, simulate=False)
    assert all(row.change == 0 and row.verdict == "same" for row in comparison.rows if row.old is not None)
    # the joint item: both parallel reviews are steps of the approved case, the modelled visits as declared
    assert comparison.row("visits.modelled").old == process.visits


def test_aggregate_weights_by_volume_and_sums() -> None:
    def measures(steps: float, promised: float | None) -> Measures:
        return Measures(steps=steps, steps_total=steps + 2, steps_staffed=steps + 1, materials_required=3,
                        materials_asked=4, materials_shared=0, promised_days=promised, statutory_days=20,
                        on_the_spot=False, visits_declared=1, visits_modelled=1, worst_case_days=None,
                        worst_case_whole_days=None)

    items = [(measures(10, 10), 1.0), (measures(4, None), 3.0)]
    mean = aggregate(items)
    assert mean.steps == pytest.approx((10 * 1 + 4 * 3) / 4)
    assert mean.promised_days == 10  # only the item that has one
    assert mean.worst_case_days is None
    total = aggregate(items, "sum")
    assert total.steps == 14 and total.steps_total == 18 and total.materials_required == 6
    with pytest.raises(ValueError):
        aggregate([])


def test_difference_interval_is_welchs() -> None:
    a = [4.1, 4.6, 4.3, 4.9, 4.4]
    b = [2.5, 2.2, 2.9, 2.4, 2.6]
    n = len(a)
    va, vb = statistics.variance(a) / n, statistics.variance(b) / n
    df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1))
    expected = t_quantile(math.floor(df)) * math.sqrt(va + vb)
    assert difference_ci(Estimate.of(a), Estimate.of(b), n) == pytest.approx(expected, rel=1e-9)
    assert difference_ci(Estimate(1.0), Estimate(2.0), 1) is None


def test_row_change_percent_and_verdict() -> None:
    assert Row("x", "simulated", "x", "workdays", "lower", 4.0, 3.9, change_ci=0.5).verdict == "unclear"
    assert Row("x", "simulated", "x", "share", "higher", 0.5, 0.8, change_ci=0.1).verdict == "better"
    assert Row("x", "steps", "x", "steps", "lower", 0, 0).change_percent == 0
    assert Row("x", "steps", "x", "steps", "lower", None, 3).change is None


def test_olds_replayed_arrivals_give_their_mean_rate_to_both(tmp_path: Path) -> None:
    # 4 applications on each of two working days (Monday 3 and Tuesday 4 March 2025): 4 per working day
    times = [f"2025-03-0{day} {hour:02d}:00" for day in (3, 4) for hour in (9, 10, 14, 15)]
    (tmp_path / "arrivals.csv").write_text("timestamp\n" + "\n".join(times) + "\n", encoding="utf-8")
    text = (HERE / "old.yaml").read_text(encoding="utf-8").replace("{per_workday: 2}", "{file: arrivals.csv}")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    old = approvalnet.load(tmp_path / "old.yaml")
    rate, source = common_rate(old)
    assert rate == pytest.approx(4) and "replayed" in source
    comparison = compare_processes(old, approvalnet.load(HERE / "new.yaml"), days=20, replications=1)
    assert comparison.parameters.per_workday == pytest.approx(4)
