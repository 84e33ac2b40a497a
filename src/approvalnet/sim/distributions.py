"""Drawing durations from the distributions of the language, with a ``random.Random``.

Each ``Distribution`` is compiled once into a sampler: a function of the random generator that
returns minutes. Which minutes depends on the clock the step runs on:

- working time (the default): ``workday`` is one office day of ``day_minutes``; a calendar ``day``
  counts as 5/7 of one (as in ``net.timing.quantity_days``);
- calendar time (waits in applicant and external lanes written in ``days``): ``day`` is 1440
  minutes and a ``workday`` 7/5 of a day.

The normal is truncated at zero (redrawn, so that it is the normal conditioned on being positive);
lognormal and gamma are given by the mean and standard deviation of the duration itself.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable
from random import Random
from statistics import NormalDist

from ..language.quantity import Quantity
from ..language.types import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
)

Sampler = Callable[[Random], float]


def uses_calendar_days(duration: Distribution) -> bool:
    """Whether any quantity of ``duration`` is written in calendar days."""
    values = duration.values if isinstance(duration, Empirical) else [
        v for v in duration.__dict__.values() if isinstance(v, Quantity)]
    return any(q.unit == "day" for q in values)


def to_minutes(quantity: Quantity, day_minutes: float, calendar: bool = False) -> float:
    if not calendar:
        return quantity.working_minutes(day_minutes)
    if quantity.unit == "workday":
        return quantity.value * 1440.0 * 7 / 5
    return quantity.minutes()  # a calendar day is 1,440 minutes


def sampler(duration: Distribution | None, day_minutes: float, calendar: bool = False) -> Sampler:
    """A function drawing one duration in minutes (see the module's docstring for the clock)."""
    if duration is None:
        return lambda rng: 0.0

    def m(q: Quantity) -> float:
        return to_minutes(q, day_minutes, calendar)

    match duration:
        case Fixed():
            value = m(duration.value)
            return lambda rng: value
        case Exponential():
            mean = m(duration.mean)
            if mean <= 0:
                return lambda rng: 0.0
            log = math.log
            return lambda rng: -log(1.0 - rng.random()) * mean  # Random.expovariate's formula, one call less
        case Uniform():
            low, high = m(duration.min), m(duration.max)
            return lambda rng: rng.uniform(low, high)
        case Triangular():
            low, mode, high = m(duration.min), m(duration.mode), m(duration.max)
            return lambda rng: rng.triangular(low, high, mode)
        case Normal():
            mu, sd = m(duration.mean), m(duration.sd)
            if sd <= 0:
                return lambda rng: mu

            def truncated_normal(rng: Random) -> float:
                # rejection: the mean is at least zero, so at least half the draws are kept
                while True:
                    x = rng.gauss(mu, sd)
                    if x >= 0:
                        return x

            return truncated_normal
        case Lognormal():
            mean, sd = m(duration.mean), m(duration.sd)
            if sd <= 0 or mean <= 0:
                return lambda rng: mean
            sigma = math.sqrt(math.log(1 + (sd / mean) ** 2))
            mu = math.log(mean) - sigma * sigma / 2
            return lambda rng: rng.lognormvariate(mu, sigma)
        case Gamma():
            mean, sd = m(duration.mean), m(duration.sd)
            if sd <= 0 or mean <= 0:
                return lambda rng: mean
            shape, scale = (mean / sd) ** 2, sd * sd / mean
            return lambda rng: rng.gammavariate(shape, scale)
        case Empirical():
            values = [m(v) for v in duration.values]
            weights = duration.weights or [1.0] * len(values)
            cumulative = list(itertools.accumulate(weights))
            total = cumulative[-1]
            last = len(values) - 1
            # bisect on the cumulative weights: one random number per draw, like random.choices
            return lambda rng: values[min(last, bisect.bisect_right(cumulative, rng.random() * total))]
    raise TypeError(f"unknown duration {duration!r}")


def mean_minutes(duration: Distribution | None, day_minutes: float, calendar: bool = False) -> float:
    """The exact mean of what ``sampler`` draws (used to check the offered load before a run)."""
    if duration is None:
        return 0.0

    def m(q: Quantity) -> float:
        return to_minutes(q, day_minutes, calendar)

    match duration:
        case Fixed():
            return m(duration.value)
        case Exponential() | Lognormal() | Gamma():
            return m(duration.mean)
        case Uniform():
            return (m(duration.min) + m(duration.max)) / 2
        case Triangular():
            return (m(duration.min) + m(duration.mode) + m(duration.max)) / 3
        case Normal():
            mu, sd = m(duration.mean), m(duration.sd)
            if sd <= 0:
                return mu
            alpha = -mu / sd
            unit = NormalDist()
            return mu + sd * unit.pdf(alpha) / (1 - unit.cdf(alpha))
        case Empirical():
            values = [m(v) for v in duration.values]
            weights = duration.weights or [1.0] * len(values)
            return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
    raise TypeError(f"unknown duration {duration!r}")
