"""The runs of one simulation, of one process or of a centre's items: ``replicate``.

A process runs as a one-item ``System`` (``engine.single``), a centre as a system of many items on
shared pools (``centre.simulate.compile_centre``). Whichever it is, this module refuses a request
that names no end and pools that cannot keep up, draws every replication's random numbers from the
seed, reports progress and gathers the warnings of the runs; ``kpis`` turns the runs into results.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from ..i18n import N_, _
from .engine import RunStats, SimulationError, System, pool_load, run

# Above this offered load a pool keeps up only on average: queues are long and slow to settle.
HIGH_LOAD = 0.95


@dataclass(frozen=True)
class Wording:
    """How the load checks name a pool and refuse a run: the messages people have always read.

    Whole sentences, marked with ``N_`` and translated when a check runs (the language is chosen
    after import): a pool's name is not pieced into a sentence, since Chinese orders it otherwise.
    """

    overloaded: str  # {pool}, {staff}, {load}: a pool that cannot keep up
    high_load: str  # {pool}, {load}: a pool that keeps up only on average
    refusal: str  # {overloaded}: the pools that cannot keep up; {rate}: arrivals per working day


# A process's pools are its lanes, loaded by its arrival rate; a centre's are its windows and
# departments, loaded by its items' volumes.
LANES = Wording(
    N_("lane '{pool}' cannot keep up: its {staff} staff would be busy {load} of office time"),
    N_("lane '{pool}' is loaded {load}: queues settle slowly, use a long warm-up"),
    N_("at {rate:g} arrivals per working day, {overloaded}; add staff or lower the arrival rate"))
POOLS = Wording(
    N_("'{pool}' cannot keep up: its {staff} staff would be busy {load} of office time"),
    N_("'{pool}' is loaded {load}: queues settle slowly, use a long warm-up"),
    N_("{overloaded}; add staff or lower the volumes"))


def replicate(system: System, *, days: float | None, cases: int | None, seed: int, replications: int,
              warmup_days: float, wording: Wording = POOLS, record: list | None = None,
              progress: Callable[[float], None] | None = None) -> tuple[list[RunStats], tuple[str, ...]]:
    """The independent runs of one simulation and its warnings: the load checks' first, then those
    the runs gave (each once).

    Stop by ``days`` (working days after the warm-up) or by ``cases`` (cases that arrived after the
    warm-up, run until they finish). Replication ``r`` draws from ``Random(seed * 1_000_003 + r)``:
    the same seed gives the same runs, and two systems simulated with the same seed see the same
    stream (common random numbers, which staffing searches and before/after comparisons rely on).
    ``record`` receives the step executions of the first replication (see ``engine.run``);
    ``progress`` is called with the replications done so far (a fraction during a run, updated
    every simulated working day)."""
    check_request(days=days, cases=cases, replications=replications, warmup_days=warmup_days)
    notes = check_loads(system, wording)
    runs: list[RunStats] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for r in range(replications):
            runs.append(run(system, Random(seed * 1_000_003 + r), days=days, cases=cases, warmup_days=warmup_days,
                            record=record if r == 0 else None, progress=_daily(progress, r, days, cases, warmup_days)))
            if progress is not None:
                progress(r + 1.0)
    return runs, (*notes, *dict.fromkeys(str(w.message) for w in caught))


def check_request(*, days: float | None, cases: int | None, replications: int, warmup_days: float) -> None:
    """Refuse a request that names no end, or a length that is none."""
    if replications < 1:
        raise SimulationError(_("replications must be at least 1"))
    if (days is None) == (cases is None):
        raise SimulationError(_("give either days or cases"))
    if (days is not None and days <= 0) or (cases is not None and cases <= 0) or warmup_days < 0:
        raise SimulationError(_("days and cases must be more than zero, and the warm-up zero or more"))


def check_loads(system: System, wording: Wording = POOLS) -> list[str]:
    """Refuse a run that cannot give an answer; return warnings for one that gives a shaky answer."""
    notes: list[str] = []
    overloaded: list[str] = []
    for pool, load, staff in zip(system.pools, pool_load(system), system.pool_staff, strict=True):
        if not staff:
            continue
        if load >= 1:
            overloaded.append(_(wording.overloaded).format(pool=pool, staff=staff, load=f"{load:.0%}"))
        elif load >= HIGH_LOAD:
            notes.append(_(wording.high_load).format(pool=pool, load=f"{load:.0%}"))
    if overloaded and all(item.arrival_times is not None for item in system.items):
        # replayed streams end, so the queues drain in the end: worth a warning, not a refusal
        notes.extend(_("{warning} while the replayed arrivals last").format(warning=text) for text in overloaded)
    elif overloaded:
        # queues would grow without bound: the results would only say how long the run was
        rate = sum(item.per_workday for item in system.items)
        # the clauses are joined with the language's own semicolon
        raise SimulationError(_(wording.refusal).format(rate=rate, overloaded=_("; ").join(overloaded)))
    return notes


def _daily(progress: Callable[[float], None] | None, done: int, days: float | None, cases: int | None,
           warmup_days: float) -> Callable[[float, int], None] | None:
    """The engine's end-of-day callback as a fraction of replications done (``done`` finished before)."""
    if progress is None:
        return None
    if days is not None:
        total = days + warmup_days
        return lambda workdays, arrived: progress(done + min(1.0, workdays / total))
    assert cases is not None
    return lambda workdays, arrived: progress(done + min(1.0, arrived / cases))
