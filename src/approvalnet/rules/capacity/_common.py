"""What the capacity rules share: the brief simulation they judge by, and how they word its figures."""

from __future__ import annotations

import math
from typing import Any

from ...i18n import _
from ..context import Context

# The simulation the capacity rules run unless told otherwise: `simulate`'s own length (250 working days,
# a year of office time) and seed, over 5 replications so that a share has a confidence interval.
DAYS = 250.0
REPLICATIONS = 5
SEED = 0
LIMITS = ("promised", "statutory")  # the limits the on-time rules judge


def simulation(ctx: Context, options: Any) -> Any:
    """The shared simulation of ``ctx``'s process with ``options``' days, replications and seed (None
    when the file declares no arrivals or no staff, or cannot be simulated)."""
    return ctx.simulation(days=float(options.days), replications=max(1, int(options.replications)),
                          seed=int(options.seed))


def percent(value: float) -> str:
    return _("{value} %").format(value=f"{100 * value:.1f}")


def share_text(estimate: Any) -> str:
    """A share with its 95 % confidence interval, when the replications give one."""
    if estimate.ci is None or math.isnan(estimate.ci):
        return percent(estimate.mean)
    low, high = max(0.0, estimate.mean - estimate.ci), min(1.0, estimate.mean + estimate.ci)
    return _("{share} (95 % confidence interval {low} to {high})").format(
        share=percent(estimate.mean), low=percent(low), high=percent(high))


def upper(estimate: Any) -> float:
    """The upper end of the estimate's confidence interval (its mean when there is none)."""
    return estimate.mean + (estimate.ci or 0.0)


def rate_text(result: Any) -> str:
    return _("{n} a working day").format(n=f"{result.per_workday:g}")


def missed(kpis: Any, process: Any, options: Any) -> list[tuple[str, Any, str]]:
    """The limits (of ``options.limits``) whose on-time share in ``kpis`` (a simulation's or one centre
    item's) is below ``options.target`` even at the upper end of its interval: per limit, its kind,
    the estimate and the words that name it, with the limit the legal clock used."""
    found = []
    for kind in LIMITS:
        if kind not in options.limits:
            continue
        estimate = kpis.on_time_promised if kind == "promised" else kpis.on_time_statutory
        if estimate is None or estimate.mean != estimate.mean or upper(estimate) >= options.target - 1e-12:
            continue
        if kind == "promised":
            which = _("the promised limit ({limit})").format(limit=process.time_limit.promised)
        else:
            which = _("the statutory limit ({limit})").format(limit=_statutory_label(process))
        found.append((kind, estimate, which))
    return found


def _statutory_label(process: Any) -> str:
    """The statutory limit the simulation judged: the file's, or Art. 42's in its place (a licence that
    declares none, or a longer one without its basis), as ``language.legal_clock`` takes it."""
    from ...language.legal_clock import limits_of

    limits = limits_of(process, 480.0)
    if limits.statutory_declared or limits.statutory is None:
        return str(process.time_limit.statutory)
    return limits.statutory_basis
