"""The simulator against queueing theory: M/M/c (Erlang C), a Jackson tandem, Little's law."""

from __future__ import annotations

import statistics
from random import Random

import pytest

from approvalnet.sim import simulate
from approvalnet.sim.engine import compile_model, run
from approvalnet.sim.queueing import erlang_c_wait

from .models import mmc, process


@pytest.mark.parametrize(("rate", "cases", "replications"), [(0.5, 10_000, 10), (0.9, 20_000, 12)])
def test_mm4_against_erlang_c(rate: float, cases: int, replications: int) -> None:
    exact = erlang_c_wait(rate, 4.0, 4)
    assert exact == pytest.approx(0.3478 if rate == 0.5 else 7.8775, rel=1e-3)  # the reference's values
    result = simulate(mmc(rate, 4.0, 4), cases=cases, replications=replications, warmup_days=1, seed=3)
    wait = result.step("serve").waiting_minutes
    assert wait.contains(exact), (wait, exact)
    assert wait.ci < 0.1 * exact  # and the interval is tight enough to mean something
    assert result.lanes[0].utilization.mean == pytest.approx(rate, rel=0.02)
    assert result.throughput_per_workday.mean == pytest.approx(rate * 1440, rel=0.02)


def test_tandem_against_the_sum_of_station_waits() -> None:
    # the reference's 3-station tandem: arrivals every 60 s; staff 2, 3, 1; means 90, 150, 45 s
    lanes = "\n".join(f"  {lane}: {{name: {lane}, kind: department, staff: {c}}}"
                      for lane, c in (("a", 2), ("b", 3), ("c", 1)))
    steps = "\n".join(f"  - {{id: s{i}, name: s{i}, lane: {lane}, duration: {{distribution: exponential, "
                      f"mean: {mean} s}}{', end: approved' if i == 3 else ''}}}"
                      for i, (lane, mean) in enumerate((("a", 90), ("b", 150), ("c", 45)), start=1))
    model = process(lanes, steps, 1440)
    waits = sum(erlang_c_wait(1.0, mean / 60, c) for mean, c in ((90, 2), (150, 3), (45, 1)))
    assert waits * 60 == pytest.approx(461.38, abs=0.01)
    result = simulate(model, cases=20_000, replications=10, warmup_days=1, seed=11)
    cycle_minutes = result.cycle_time_workdays.mean
    cycle_minutes = type(cycle_minutes)(cycle_minutes.mean * 1440, cycle_minutes.ci * 1440)
    assert cycle_minutes.contains(waits + (90 + 150 + 45) / 60), (cycle_minutes, waits)


def test_littles_law_and_case_conservation() -> None:
    model = compile_model(mmc(0.8, 4.0, 4))
    stats = run(model, Random(5), days=60, warmup_days=5)
    # every case that arrived is finished or still in progress
    assert stats.arrived == stats.completed + stats.in_progress
    window = stats.end - stats.start
    wip = stats.wip_area / window
    arrival_rate = stats.arrived_after_warmup / window
    assert wip == pytest.approx(arrival_rate * statistics.fmean(stats.cycle_minutes), rel=0.03)


def test_by_cases_every_case_finishes() -> None:
    model = compile_model(mmc(0.8, 4.0, 4))
    stats = run(model, Random(2), cases=3000)
    assert stats.arrived == stats.completed == 3000 and stats.in_progress == 0


def test_same_seed_same_result_and_different_seed_different() -> None:
    model = mmc(0.7, 4.0, 4)
    a = simulate(model, days=5, seed=42).to_json()
    b = simulate(model, days=5, seed=42).to_json()
    c = simulate(model, days=5, seed=43).to_json()
    assert a == b
    assert a["waiting_time"] != c["waiting_time"]


@pytest.mark.parametrize("servers", [1, 3])
def test_waits_equal_the_fcfs_recursion_on_the_same_samples(servers: int) -> None:
    """Kiefer–Wolfowitz: replaying FCFS on the simulator's own arrival and service times gives its waits."""
    model = compile_model(mmc(0.9 * servers / 4.0, 4.0, servers))
    record: list[tuple[int, int, float, float, float]] = []
    run(model, Random(9), cases=5000, record=record)
    record.sort(key=lambda r: (r[2], r[0]))  # in order of arrival
    free_at = [0.0] * servers  # when each server is next free
    for _, _, arrival, started, ended in record:
        earliest = min(range(servers), key=free_at.__getitem__)
        begin = max(arrival, free_at[earliest])
        assert started == pytest.approx(begin, abs=1e-9)
        free_at[earliest] = begin + (ended - started)
