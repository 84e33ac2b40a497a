"""Where the simulated late cases' time went (issue 14, part 5): ``simulate``'s ``lateness``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from approvalnet import load
from approvalnet.reports.simulation_html import report_html
from approvalnet.sim import simulate
from approvalnet.sim.heat import heat_colour
from approvalnet.sim.lateness import of_run, split, split_many

ROOT = Path(__file__).resolve().parents[2]
FOOD = ROOT / "processes" / "kunming" / "food-business-licence.yaml"


def test_a_wait_goes_to_the_next_step_parallel_time_is_shared_and_off_time_is_left_out() -> None:
    # window 0 → 100: step 0 runs 0-10; wait 10-30; steps 1 and 2 run together 30-50 (2 alone to 60);
    # step 3 is off the clock 60-80; wait 80-90; step 4 runs 90-100
    spans = [(0, 10, False), (30, 50, False), (30, 60, False), (60, 80, True), (90, 100, False)]
    service, wait = split(spans, 0, 100)
    assert service == [10, 10, 20, 0, 10]
    assert wait == [0, 20, 0, 0, 10]
    assert sum(service) + sum(wait) == 100 - 20
    many = split_many(np.array([[s for s, __, __ in spans]], dtype=float),
                      np.array([[e for __, e, __ in spans]], dtype=float),
                      np.array([o for __, __, o in spans]), np.array([0.0]), np.array([100.0]))
    assert many[0].tolist() == [service] and many[1].tolist() == [wait]


def test_of_run_adds_up_per_limit() -> None:
    # two cases, 0-100 and 0-40 working minutes (a day of 10): the first is late, in its window 0-100
    record = [(7, 0, 0, 0, 10), (7, 1, 10, 60, 100), (8, 0, 0, 0, 10), (8, 1, 10, 10, 40)]
    late = of_run(record, [7, 8], {"late-promised": np.array([True, False])},
                  {"late-promised": np.array([0.0, 0.0])}, {"late-promised": np.array([100.0, 40.0])}, ["a", "b"],
                  [False, False], 10.0)
    assert [(t.step, t.service_days, t.wait_days, t.share) for t in late["late-promised"]] == [
        ("a", 1.0, 0.0, 0.1), ("b", 4.0, 5.0, 0.9)]
    # the window is the limit's own: from 10 (acceptance, say) the first step is outside it
    late = of_run(record, [7, 8], {"late-promised": np.array([True, False])},
                  {"late-promised": np.array([10.0, 10.0])}, {"late-promised": np.array([100.0, 40.0])}, ["a", "b"],
                  [False, False], 10.0)
    assert [(t.step, t.service_days, t.wait_days) for t in late["late-promised"]] == [("b", 4.0, 5.0)]


@pytest.fixture(scope="module")
def food_run(tmp_path_factory: pytest.TempPathFactory):
    from approvalnet.conform.core import conform
    from approvalnet.eventlog import write_event_log
    from approvalnet.sim.eventlog import event_log

    process = load(FOOD)
    record: list = []
    result = simulate(process, cases=600, seed=4, record=record)
    log = tmp_path_factory.mktemp("food") / "events.csv"
    write_event_log(event_log(process, record), log)
    return process, result, conform(process, log)


def test_the_simulated_late_cases_time_is_conform_s_of_the_log(food_run) -> None:
    process, result, checked = food_run
    assert result.late_cases["late-promised"] > 10
    for kind in ("late-promised", "late-statutory"):
        mine = {t.step: (t.service_days, t.wait_days) for t in result.lateness.get(kind, ())}
        theirs = {t.step: (t.service_days, t.wait_days) for t in checked.lateness.get(kind, ())}
        assert mine.keys() == theirs.keys(), kind
        for step, (service, wait) in mine.items():  # the log keeps whole milliseconds
            assert (service, wait) == pytest.approx(theirs[step], abs=1e-5), (kind, step)
    times = result.lateness["late-promised"]
    assert sum(t.share for t in times) == pytest.approx(1.0)
    data = result.to_json()["lateness"]
    assert data["late-promised"][0].keys() == {"step", "service_days", "wait_days", "share"}
    top = max(times, key=lambda t: t.share)
    assert top.step in ("review", "on-site-inspection", "decide")  # not the delivery at the end
    if shutil.which("dot"):
        html = report_html(result, process)
        assert "Where the late cases" in html
        # the second diagram: the step with the largest share in the reddest colour
        late_svg = html[html.index("Where the late cases"):]
        node = re.search(rf"<title>step_{re.escape(top.step.replace('-', '&#45;'))}</title>(.*?)</g>", late_svg, re.S)
        assert node and heat_colour(1.0) in node.group(1)


@pytest.mark.parametrize("overlap", [False, True])
def test_on_arrays_as_one_by_one(overlap: bool) -> None:
    """``split_many`` gives ``split``'s parts, for steps one after the other (its shortcut) and in parallel."""
    rng = np.random.default_rng(7)
    starts = np.cumsum(rng.uniform(0, 50, (30, 8)), axis=1)
    starts[:, 3] = starts[:, 2]  # two steps that begin together (the first one a moment long)
    following = np.concatenate([starts[:, 1:], np.full((30, 1), np.inf)], axis=1)
    ends = starts + rng.uniform(0, 80, (30, 8))
    if not overlap:
        ends = np.minimum(ends, following)
    assert bool(np.all(starts[:, 1:] >= ends[:, :-1])) != overlap
    off = np.array([False, False, False, True, False, False, True, False])
    a, b = starts[:, 1] + 5, ends[:, 6]
    service, wait = split_many(starts, ends, off, a, b)
    for k in range(len(a)):
        one = split([(s, e, o) for s, e, o in zip(starts[k], ends[k], off, strict=True)], a[k], b[k])
        assert np.allclose(service[k], one[0]) and np.allclose(wait[k], one[1])
