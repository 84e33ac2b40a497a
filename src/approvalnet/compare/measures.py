"""The static figures of one process that reform programmes report, computed from its file.

Reform programmes (放管服, 最多跑一次, 一件事一次办) report four reductions: 减环节 (steps), 减材料
(materials), 减时限 (time limits) and 减跑动 (on-site visits). Each is read here from the process
file the way the rules read it, so that ``compare`` and ``check`` never disagree:

- **steps** (办理环节): the steps an approved application with complete materials can go through —
  the union over every loop-free case from the first step to an ``approved`` end that passes no
  ``supplement-notice`` step (the same cases ``listing/visits-declared`` counts visits on), every
  parallel branch counted, steps of ``applicant`` lanes left out (the applicant's own work is not a
  step of the procedure). Also given: every step of the file, and the steps in ``window`` and
  ``department`` lanes (the work of the centre's staff, whatever the branch);
- **materials** (申请材料): those the applicant must hand in — ``need: required`` and not
  ``source: government`` (shared data, 免提交, is not asked of the applicant); also every material
  that may be asked of the applicant (conditional and optional included), and those taken from
  shared data (where a rise is the reform);
- **time limits** (办结时限): promised and statutory, in working days as the rules count them
  (``net.timing.quantity_days``: calendar days count 5/7, hours a share of an 8-hour day); a promise
  to finish on the spot (当场办结) counts as 0 working days;
- **visits** (到办事现场次数): the declared ``visits`` and the modelled count of
  ``listing/visits-declared`` (the approved case with complete materials that has the most steps
  with ``applicant_present: true``);
- **worst case** (modelled, not a reduction programmes report): the longest path of the Petri net
  (``net.timing``), once on the legal clock from acceptance to an approved end (the figure
  ``listing/model-within-promise`` holds against the promised limit: the applicant's own time and
  Art. 45 steps weigh nothing), once for the whole case from the first step, all time counted.

A centre reports the same figures over its catalogue: ``aggregate`` sums them (the catalogue's
total of steps or materials) or takes their mean weighted by each item's volume (what the average
application meets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..i18n import _
from ..language.types import Process
from ..rules.context import Context

STAFFED = ("window", "department")


@dataclass(frozen=True)
class Measures:
    """The static figures of one process (or, aggregated, of a centre's catalogue); None: not defined."""

    steps: float | None  # 办理环节 of an approved case with complete materials (applicant lanes left out)
    steps_total: float  # every step of the file
    steps_staffed: float  # steps in window and department lanes
    materials_required: float  # need: required, handed in by the applicant
    materials_asked: float  # any need, handed in by the applicant
    materials_shared: float  # source: government (免提交)
    promised_days: float | None  # working days; on-the-spot counts 0
    statutory_days: float | None
    on_the_spot: bool  # the promise is 当场办结
    visits_declared: float | None
    visits_modelled: float | None
    worst_case_days: float | None  # legal clock, acceptance → approved end
    worst_case_whole_days: float | None  # first step → approved end, all time counted
    notes: tuple[str, ...] = ()


def process_measures(process: Process) -> Measures:
    """The static figures of ``process``."""
    from ..rules.visits import approved_visits

    ctx = Context(process)
    notes: list[str] = []
    visits = approved_visits(ctx)
    if visits is None:
        notes.append(_("{file}: no approved case with complete materials was found (or too many to follow), so "
                       "its steps and modelled visits are not counted").format(file=process.file or process.code))
    lane_kind = {step.id: process.lanes[step.lane].kind if step.lane in process.lanes else None
                 for step in process.steps}
    steps = None if visits is None else len([s for s in visits.on_some_case if lane_kind[s] != "applicant"])
    applicant_materials = [m for m in process.materials if m.source != "government"]
    promised, statutory, on_the_spot = limits_days(process)
    worst, whole = worst_cases(ctx)
    return Measures(
        steps=steps,
        steps_total=len(process.steps),
        steps_staffed=len([s for s in process.steps if lane_kind[s.id] in STAFFED]),
        materials_required=len([m for m in applicant_materials if m.need == "required"]),
        materials_asked=len(applicant_materials),
        materials_shared=len(process.materials) - len(applicant_materials),
        promised_days=promised, statutory_days=statutory, on_the_spot=on_the_spot,
        visits_declared=process.visits, visits_modelled=None if visits is None else visits.count,
        worst_case_days=worst, worst_case_whole_days=whole, notes=tuple(notes),
    )


def limits_days(process: Process) -> tuple[float | None, float | None, bool]:
    """Promised and statutory limits in working days, as the legal clock takes them
    (``language.legal_clock``: a licence without a declared statutory limit has Art. 42's), and
    whether the promise is on the spot (then 0 working days)."""
    from ..language.legal_clock import limits_of

    limits = limits_of(process, 480.0)
    promised = None if limits.promised is None else limits.promised.days
    statutory = None if limits.statutory is None else limits.statutory.days
    return promised, statutory, limits.on_the_spot


def worst_cases(ctx: Context) -> tuple[float | None, float | None]:
    """The worst case to an approved end: on the legal clock from acceptance (as
    ``listing/model-within-promise`` computes it), and for the whole case from the first step with the
    applicant's time and Art. 45 steps counted. None when no case can end approved."""
    from ..net.timing import ClockRules, Timing

    process = ctx.process
    enders = [s.id for s in process.steps if s.id in ctx.reachable_from_start
              and any(e.end == "approved" for e in ctx.outgoing[s.id])]
    if not enders:
        return None, None
    accepts: list[str | None] = [s.id for s in process.steps if s.kind == "accept"]
    starts = accepts or [None]
    spans = [span.days for start in starts for end in enders if (span := ctx.timing.longest(start, end)) is not None]
    whole = Timing(process, ctx.petri_net[0], ClockRules(count_applicant_time=True, count_excluded=True))
    whole_spans = [span.days for end in enders if (span := whole.longest(None, end)) is not None]
    return (max(spans) if spans else None), (max(whole_spans) if whole_spans else None)


NUMERIC = tuple(f.name for f in fields(Measures) if f.name not in ("on_the_spot", "notes"))


def aggregate(items: Sequence[tuple[Measures, float]], how: Literal["mean", "sum"] = "mean") -> Measures:
    """The figures of a catalogue of items, each given with its volume (applications per working day).

    ``mean``: the mean weighted by volume, over the items where the figure is defined — what the
    average application meets; ``sum``: the plain total over the items (the catalogue's steps or
    materials), volumes ignored. A figure no item defines stays None. A centre comparison builds its
    static rows from this, on the items of each centre file."""
    if not items:
        raise ValueError("no items to aggregate")
    if how == "mean" and sum(weight for _, weight in items) <= 0:
        raise ValueError("the volumes of the items sum to zero")
    values: dict[str, Any] = {}  # NUMERIC's fields, each float or None
    for name in NUMERIC:
        given = [(getattr(m, name), w) for m, w in items if getattr(m, name) is not None]
        if not given:
            values[name] = None
        elif how == "sum":
            values[name] = float(sum(v for v, _ in given))
        else:
            total = sum(w for _, w in given)
            values[name] = sum(v * w for v, w in given) / total if total > 0 else None
    notes = tuple(note for m, _ in items for note in m.notes)
    first = items[0][0]
    return replace(first, on_the_spot=all(m.on_the_spot for m, _ in items), notes=notes, **values)
