"""Confidence intervals and summaries."""

from __future__ import annotations

import math

import pytest

from approvalnet.sim.kpis import Estimate, Summary, t_quantile


def test_t_quantiles() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 5, 10, 29, 30, 31, 50, 100, 1000):
        assert t_quantile(df) == pytest.approx(scipy_stats.t.ppf(0.975, df), abs=2e-3)


def test_estimate() -> None:
    single = Estimate.of([3.0])
    assert single.ci is None and single.to_json() == 3.0
    estimate = Estimate.of([1.0, 2.0, 3.0])
    assert estimate.mean == 2.0
    assert estimate.ci == pytest.approx(4.303 * 1.0 / math.sqrt(3))
    assert estimate.contains(3.0) and not estimate.contains(5.0)
    assert estimate.to_json() == {"mean": 2.0, "ci95": pytest.approx(4.303 / math.sqrt(3), abs=1e-6)}
    assert math.isnan(Estimate.of([math.nan]).mean) and Estimate.of([]).to_json() is None


def test_summary_percentiles() -> None:
    summary = Summary.of([[float(x) for x in range(101)]])
    assert (summary.mean.mean, summary.p50.mean, summary.p90.mean, summary.p95.mean, summary.max.mean) == (
        50.0, 50.0, 90.0, 95.0, 100.0)


def test_histogram_of_the_legal_clock_against_the_limits() -> None:
    from pathlib import Path

    from approvalnet.language.loader import load as load_process
    from approvalnet.sim.kpis import simulate

    root = Path(__file__).resolve().parents[2]
    process = load_process(root / "processes/kunming/food-business-licence.yaml")
    result = simulate(process, days=40, seed=1)
    histogram = result.to_json()["cycle_time_histogram"]
    assert histogram["limits"] == {"promised": 5.0, "statutory": 10.0}
    assert histogram["basis"] == "legal-clock" and histogram["cases"] == len(result.clock_time_samples) > 0
    assert sum(histogram["counts"]) == histogram["cases"]
    edges = histogram["edges"]
    assert len(edges) == len(histogram["counts"]) + 1 and edges[0] == 0.0
    assert edges[-1] >= max(10.0, *result.clock_time_samples)  # the statutory line and every case fit
    # the histogram shows the office-time figure; the verdict is by dates (whole working days from
    # acceptance, ``language.legal_clock``), which the figure follows closely but not case by case
    late = sum(1 for t in result.clock_time_samples if t > 5.0 + 1e-9) / histogram["cases"]
    assert abs((1 - late) - result.on_time_promised.mean) < 0.1
