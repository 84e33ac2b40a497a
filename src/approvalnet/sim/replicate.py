"""The runs of one simulation, of one process or of a centre's items: ``replicate``.

A process runs as a one-item ``System`` (``engine.single``), a centre as a system of many items on
shared pools (``centre.simulate.compile_centre``). Whichever it is, this module refuses a request
that names no end and pools that cannot keep up, draws every replication's random numbers from the
seed, reports progress and gathers the warnings of the runs; ``kpis`` turns the runs into results.

Pools that cannot keep up are refused unless the caller asks for an overloaded run (``overload``):
then a run by working days goes on to its horizon and ``backlog`` reads how the queues grew; a run
by cases is still refused, since it would only measure how long the backlog takes to drain.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from random import Random

from ..i18n import N_, _, get_language, set_language
from ..language.calendar import merge_calendar_warnings
from ..parallel import Scheduler, map_files
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
              progress: Callable[[float], None] | None = None,
              scheduler: Scheduler | None = None, overload: bool = False) -> tuple[list[RunStats], tuple[str, ...]]:
    """The independent runs of one simulation and its warnings: the load checks' first, then those
    the runs gave (each once).

    Stop by ``days`` (working days after the warm-up) or by ``cases`` (cases that arrived after the
    warm-up, run until they finish). Replication ``r`` draws from ``Random(seed * 1_000_003 + r)``:
    the same seed gives the same runs, and two systems simulated with the same seed see the same
    stream (common random numbers, which staffing searches and before/after comparisons rely on).
    ``record`` receives the step executions of the first replication (see ``engine.run``);
    ``progress`` is called with the replications done so far (a fraction during a run, updated
    every simulated working day). ``overload``: run a system whose pools cannot keep up, when it
    stops by ``days`` (see ``check_loads``).

    With a Dask ``scheduler`` the replications run on its workers (``replicate_many``): the same runs,
    gathered in replication order, with the same warnings in the same order; ``progress`` then hears
    of each replication finished."""
    if scheduler is not None:
        return replicate_many([system], days=days, cases=cases, seed=seed, replications=replications,
                              warmup_days=warmup_days, wording=wording, record=record, progress=progress,
                              scheduler=scheduler, overload=overload)[0]
    check_request(days=days, cases=cases, replications=replications, warmup_days=warmup_days)
    notes = check_loads(system, wording, overload=overload, by_days=days is not None)
    runs: list[RunStats] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for r in range(replications):
            runs.append(run(system, seeded(seed, r), days=days, cases=cases, warmup_days=warmup_days,
                            record=record if r == 0 else None, progress=_daily(progress, r, days, cases, warmup_days)))
            if progress is not None:
                progress(r + 1.0)
    return runs, (*notes, *merge_calendar_warnings(str(w.message) for w in caught))


def seeded(seed: int, r: int) -> Random:
    """The random numbers of replication ``r`` of a simulation with ``seed``."""
    return Random(seed * 1_000_003 + r)


def replicate_many(systems: Sequence[System], *, days: float | None, cases: int | None, seed: int,
                   replications: int, warmup_days: float, wording: Wording = POOLS, record: list | None = None,
                   progress: Callable[[float], None] | None = None, scheduler: Scheduler | None = None,
                   overload: bool = False, first: int = 0) -> list[tuple[list[RunStats], tuple[str, ...]]]:
    """``replicate`` of each of ``systems`` (the same seeds for each), every replication of them all a
    task of its own on the ``scheduler``'s workers (here one after another without one). ``first``:
    the number of the first replication, so that a sequential procedure adds replications
    ``first``, ``first + 1``, … to those it has (the same runs as asking for them all at once).

    A replication is a function of the system, the seed and its number alone, so it gives the same
    run wherever it runs; the runs are gathered in order, and each system's warnings are those its
    runs gave, in replication order, as ``replicate`` gathers them. ``record`` receives the step
    executions of the first system's first replication; ``progress`` the replications finished
    (of all systems)."""
    check_request(days=days, cases=cases, replications=replications, warmup_days=warmup_days)
    notes = [check_loads(system, wording, overload=overload, by_days=days is not None) for system in systems]
    # the systems travel once with the work, each task names its system by number
    work = partial(_replication, get_language(), tuple(systems), days, cases, warmup_days, record is not None)
    tasks = [(i, seed, r) for i in range(len(systems)) for r in range(first, first + replications)]
    told = None if progress is None else (lambda done, total: progress(float(done)))
    done = map_files(work, tasks, jobs=1, threshold=len(tasks) + 1, scheduler=scheduler, progress=told)
    results = []
    for i in range(len(systems)):
        mine = done[i * replications:(i + 1) * replications]
        if i == 0 and record is not None:
            record.extend(mine[0][2] or ())
        results.append(([stats for stats, _w, _r in mine],
                        (*notes[i], *merge_calendar_warnings(message for _s, said, _r in mine for message in said))))
    return results


def _replication(language: str, systems: tuple[System, ...], days: float | None, cases: int | None,
                 warmup_days: float, recording: bool,
                 task: tuple[int, int, int]) -> tuple[RunStats, tuple[str, ...], list | None]:
    """One replication (of system number ``i``), on a worker: its run, the warnings it gave and (for
    the first system's first, when asked) its step executions."""
    set_language(language)
    i, seed, r = task
    system = systems[i]
    record: list | None = [] if recording and i == 0 and r == 0 else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stats = run(system, seeded(seed, r), days=days, cases=cases, warmup_days=warmup_days, record=record)
    return stats, tuple(str(w.message) for w in caught), record


def check_request(*, days: float | None, cases: int | None, replications: int, warmup_days: float) -> None:
    """Refuse a request that names no end, or a length that is none."""
    if replications < 1:
        raise SimulationError(_("replications must be at least 1"))
    if (days is None) == (cases is None):
        raise SimulationError(_("give either days or cases"))
    if (days is not None and days <= 0) or (cases is not None and cases <= 0) or warmup_days < 0:
        raise SimulationError(_("days and cases must be more than zero, and the warm-up zero or more"))


def check_loads(system: System, wording: Wording = POOLS, *, overload: bool = False, by_days: bool = True) -> list[str]:
    """Refuse a run that cannot give an answer; return warnings for one that gives a shaky answer.

    With ``overload`` a system whose pools cannot keep up is run all the same when it runs ``by_days``
    (the horizon bounds it) and its pools are named in a warning: its figures describe the days run,
    not a steady state. By cases it is refused even so: the run would end only when the backlog had
    drained, and say only how long that took."""
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
    elif overloaded and overload and by_days:
        notes.extend(overloaded)
    elif overloaded:
        # queues would grow without bound: the results would only say how long the run was
        rate = sum(item.per_workday for item in system.items)
        # the clauses are joined with the language's own semicolon
        refusal = _(wording.refusal).format(rate=rate, overloaded=_("; ").join(overloaded))
        if overload:
            refusal = _("{refusal}. A run by cases would only tell how long the backlog takes to drain: give a "
                        "number of working days (--days) to see how the backlog grows").format(refusal=refusal)
        raise SimulationError(refusal)
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
