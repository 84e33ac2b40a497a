"""``compare_processes``: two versions of a process (before and after a reform), side by side.

The comparison is built in three parts, so that two centres can be compared the same way:

1. the static figures of each side (``measures.Measures``: steps, materials, limits, visits, the
   modelled worst case);
2. the simulated figures of each side (``simulated.SimFigures``: cycle times and on-time rates),
   both at one arrival rate;
3. ``build_comparison``, which turns the two pairs into rows.

Centres (hook, not implemented here): a centre comparison loads both centre files
(``approvalnet.centre``), takes ``measures.aggregate([(process_measures(item.process), item.per_workday)
for item in centre.items])`` for each side (the volume-weighted mean: what the average application
meets; ``how="sum"`` for the catalogue's totals), simulates each centre on its shared pools and wraps
the result in ``SimFigures`` (cycle times and on-time rates over all its cases), and passes both to
``build_comparison`` with ``Side(kind="centre")``. The command routes a centre file to
``command.compare_centres_hook``.
"""

from __future__ import annotations

from ..i18n import _
from ..language.semantics import DEFAULT_OFFICE_HOURS
from ..language.types import Process
from ..sim.engine import SimulationError
from ..sim.scenario import ScenarioError
from .measures import Measures, process_measures
from .result import Comparison, Parameters, Side, simulated_rows, static_rows
from .simulated import SimFigures, common_rate, simulate_figures


def compare_processes(old: Process, new: Process, *, days: float = 250.0, seed: int = 0, replications: int = 5,
                      rate: float | None = None, warmup_days: float = 0.0, simulate: bool = True) -> Comparison:
    """Compare ``old`` and ``new``: the static figures, and (``simulate``) both simulated at one arrival
    rate — ``rate``, or OLD's (see ``simulated``) — with the same seed, length and replications.

    Raises ``SimulationError`` naming the side when a simulation is refused (a lane that cannot keep up
    at the common rate, a loop never left)."""
    if rate is not None and not rate > 0:
        raise SimulationError(_("the arrival rate must be above zero"))
    old_measures, new_measures = process_measures(old), process_measures(new)
    notes: list[str] = []
    if not simulate:
        return build_comparison(side(old), side(new), old_measures, new_measures, None, None,
                                Parameters(False, days, seed, replications, warmup_days), notes)
    if rate is None:
        try:
            rate, source = common_rate(old)
        except SimulationError as error:
            raise SimulationError(f"OLD ({old.file}): {error}") from None
    else:
        source = _("given")
    figures = []
    for label, process in (("OLD", old), ("NEW", new)):
        try:
            figures.append(simulate_figures(process, rate=rate, days=days, seed=seed, replications=replications,
                                            warmup_days=warmup_days))
        except (SimulationError, ScenarioError) as error:
            raise type(error)(f"{label} ({process.file}): {error}") from None  # keeps NothingFinished a NothingFinished
    own = new.simulation.arrivals.per_workday if new.simulation is not None else None
    if own is not None and abs(own - rate) > 1e-9:
        notes.append(_("NEW's file says {own:g} arrivals per working day; both were simulated at {rate:.4g}, "
                       "the same demand").format(own=own, rate=rate))
    if _office_hours(old) != _office_hours(new):
        notes.append(_("the two files have different office hours: cycle times are in working days of each "
                       "file's own office day"))
    return build_comparison(side(old), side(new), old_measures, new_measures, figures[0], figures[1],
                            Parameters(True, days, seed, replications, warmup_days, rate, source), notes)


def build_comparison(old_side: Side, new_side: Side, old: Measures, new: Measures, old_figures: SimFigures | None,
                     new_figures: SimFigures | None, parameters: Parameters, notes: list[str]) -> Comparison:
    """The comparison of two sides from their static and (when simulated) simulated figures."""
    rows = static_rows(old, new)
    all_notes = [*old.notes, *new.notes, *notes]
    if old_figures is not None and new_figures is not None:
        rows.extend(simulated_rows(old_figures, new_figures))
        all_notes.extend(f"OLD: {w}" for w in old_figures.warnings)
        all_notes.extend(f"NEW: {w}" for w in new_figures.warnings)
    return Comparison(old_side, new_side, parameters, tuple(rows), tuple(all_notes))


def side(process: Process) -> Side:
    return Side(process.file or "", process.code, process.name)


def _office_hours(process: Process) -> tuple[str, ...]:
    simulation = process.simulation
    if simulation is None or simulation.calendar is None:
        return tuple(DEFAULT_OFFICE_HOURS)
    return tuple(simulation.calendar.office_hours)
