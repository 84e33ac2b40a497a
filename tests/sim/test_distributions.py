"""Sampled durations have the means and variances their distributions promise."""

from __future__ import annotations

import math
import statistics
from random import Random

import pytest
from pydantic import TypeAdapter

from approvalnet.language.types import DurationSpec
from approvalnet.sim.distributions import mean_minutes, sampler, uses_calendar_days

SPEC = TypeAdapter(DurationSpec)
N = 40_000


def draw(spec: dict | str, *, calendar: bool = False, seed: int = 1) -> list[float]:
    distribution = SPEC.validate_python(spec)
    sample = sampler(distribution, 420.0, calendar)
    rng = Random(seed)
    return [sample(rng) for _ in range(N)]


@pytest.mark.parametrize(("spec", "mean", "sd"), [
    ("15 min", 15, 0),
    ("2 workdays", 840, 0),
    ({"distribution": "exponential", "mean": "20 min"}, 20, 20),
    ({"distribution": "uniform", "min": "10 min", "max": "30 min"}, 20, 20 / math.sqrt(12)),
    ({"distribution": "triangular", "min": "5 min", "mode": "10 min", "max": "30 min"}, 15,
     math.sqrt((25 + 100 + 900 - 50 - 150 - 300) / 18)),
    ({"distribution": "lognormal", "mean": "2 h", "sd": "1 h"}, 120, 60),
    ({"distribution": "gamma", "mean": "2 h", "sd": "30 min"}, 120, 30),
    ({"distribution": "empirical", "values": ["10 min", "20 min", "40 min"], "weights": [2, 1, 1]}, 20,
     math.sqrt((2 * 100 + 0 + 400) / 4)),
])
def test_sample_mean_and_sd(spec: dict | str, mean: float, sd: float) -> None:
    values = draw(spec)
    assert statistics.fmean(values) == pytest.approx(mean, rel=0.02, abs=1e-9)
    assert statistics.pstdev(values) == pytest.approx(sd, rel=0.04, abs=1e-9)
    assert mean_minutes(SPEC.validate_python(spec), 420.0) == pytest.approx(mean)


def test_normal_is_truncated_at_zero() -> None:
    spec = {"distribution": "normal", "mean": "10 min", "sd": "10 min"}
    values = draw(spec)
    assert min(values) >= 0
    expected = mean_minutes(SPEC.validate_python(spec), 420.0)
    assert expected > 10  # the truncation moves the mean up: 10 + 10·φ(1)/Φ(1) ≈ 12.88
    assert expected == pytest.approx(10 + 10 * 0.24197 / 0.84134, rel=1e-4)
    assert statistics.fmean(values) == pytest.approx(expected, rel=0.02)


def test_calendar_days_on_calendar_and_working_clocks() -> None:
    spec = SPEC.validate_python({"distribution": "uniform", "min": "2 days", "max": "4 days"})
    assert uses_calendar_days(spec)
    assert not uses_calendar_days(SPEC.validate_python("3 workdays"))
    assert mean_minutes(spec, 420.0, calendar=True) == 3 * 1440
    assert mean_minutes(spec, 420.0) == pytest.approx(3 * 420 * 5 / 7)


def test_same_seed_same_draws() -> None:
    spec = {"distribution": "gamma", "mean": "1 h", "sd": "2 h"}
    assert draw(spec, seed=7)[:100] == draw(spec, seed=7)[:100]
    assert draw(spec, seed=7)[:100] != draw(spec, seed=8)[:100]
