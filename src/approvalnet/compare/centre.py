"""``compare_centres``: two versions of a centre, side by side.

The static rows are the items' figures averaged with the items' volumes as weights (what the
average application meets: its steps, materials, limits and visits); the simulated rows come from
simulating each centre on its own shared staff. Both centres meet the same demand: NEW's volumes are
scaled so that its applications per working day add up to OLD's (the items may differ, the demand
does not), and both run with the same seed, length and replications.
"""

from __future__ import annotations

from ..centre.simulate import simulate_centre
from ..i18n import _, ngettext
from ..language.centre_loader import CentreModel
from ..sim.engine import NothingFinished, SimulationError
from .measures import aggregate, process_measures
from .process import build_comparison
from .result import Comparison, Parameters, Side
from .simulated import SimFigures


def compare_centres(old: CentreModel, new: CentreModel, *, days: float = 250.0, seed: int = 0, replications: int = 5,
                    warmup_days: float = 0.0, simulate: bool = True) -> Comparison:
    old_measures = aggregate([(process_measures(i.process), i.spec.per_workday) for i in old.items])
    new_measures = aggregate([(process_measures(i.process), i.spec.per_workday) for i in new.items])
    sides = (Side(str(old.path), old.code, old.name, "centre"), Side(str(new.path), new.code, new.name, "centre"))
    notes = [_("static figures are the items' figures weighted by their volumes (the average application); a "
               "limit is averaged over the items that have one")]
    for label, centre in (("OLD", old), ("NEW", new)):
        without = [i.process.code for i in centre.items if i.process.time_limit.promised is None]
        if without:
            notes.append(ngettext("{label}: {n} of {total} item promises no limit and is left out of the promised "
                                  "limit's mean",
                                  "{label}: {n} of {total} items promise no limit and are left out of the promised "
                                  "limit's mean", len(centre.items))
                         .format(label=label, n=len(without), total=len(centre.items)))
    if not simulate:
        return build_comparison(*sides, old_measures, new_measures, None, None,
                                Parameters(False, days, seed, replications, warmup_days), notes)
    old_total = sum(i.spec.per_workday for i in old.items)
    new_total = sum(i.spec.per_workday for i in new.items)
    scale = old_total / new_total
    if abs(scale - 1) > 1e-9:
        notes.append(_("NEW's volumes add up to {new:.4g} applications per working day; they were scaled by "
                       "{scale:.4g} to OLD's {old:.4g}, the same demand")
                     .format(new=new_total, scale=scale, old=old_total))
    figures = []
    for label, centre, factor in (("OLD", old, 1.0), ("NEW", new, scale)):
        try:
            result = simulate_centre(centre, days=days, seed=seed, replications=replications, warmup_days=warmup_days,
                                     rate_scale=factor)
        except SimulationError as error:
            raise type(error)(f"{label} ({centre.path}): {error}") from None  # keeps NothingFinished a NothingFinished
        if result.cycle_time_workdays.mean.mean != result.cycle_time_workdays.mean.mean:  # NaN: nothing finished
            raise NothingFinished(_("{label} ({file}): no case finished within the {days:g} simulated working days")
                                  .format(label=label, file=centre.path, days=days))
        figures.append(SimFigures.of(result))
    return build_comparison(*sides, old_measures, new_measures, figures[0], figures[1],
                            Parameters(True, days, seed, replications, warmup_days, old_total,
                                       _("OLD's item volumes")),
                            notes)

