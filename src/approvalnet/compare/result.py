"""The result of a comparison: one row per measure, OLD and NEW side by side with the change.

Every row says which direction is better (fewer steps, a higher on-time rate), so that the change
can be judged without knowing the measure: ``better``, ``worse``, ``same``, or ``unclear`` when a
simulated difference lies within its 95 % confidence interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from ..i18n import N_, _
from .measures import Measures
from .simulated import SimFigures, difference_ci

# The groups of rows, in order: the four reductions reform programmes report, then the model and the
# simulation. The Chinese names are the ones the programmes use. Marked N_: made at import, the
# presenter translates a title where it shows it (_(title)).
GROUPS: dict[str, str] = {
    "steps": N_("减环节 steps"),
    "materials": N_("减材料 materials"),
    "time-limits": N_("减时限 limits, working days"),
    "visits": N_("减跑动 on-site visits"),
    "modelled": N_("worst case, working days"),
    "simulated": N_("simulated"),
}

Verdict = Literal["better", "worse", "same", "unclear"]


def _round(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 6)


@dataclass(frozen=True)
class Row:
    """One measure of OLD and NEW. ``unit``: steps, materials, workdays, visits or share (0..1)."""

    key: str
    group: str
    label: str
    unit: str
    better: Literal["lower", "higher"]
    old: float | None
    new: float | None
    old_ci: float | None = None  # half-widths of 95 % confidence intervals (simulated rows)
    new_ci: float | None = None
    change_ci: float | None = None
    old_text: str | None = None  # how to show a value whose number alone misleads ("on-the-spot")
    new_text: str | None = None

    @property
    def change(self) -> float | None:
        """NEW minus OLD, in the measure's unit; None when either is not defined."""
        if self.old is None or self.new is None or math.isnan(self.old) or math.isnan(self.new):
            return None
        return self.new - self.old

    @property
    def change_percent(self) -> float | None:
        """The change as a percentage of OLD; None when OLD is zero (and NEW is not) or undefined."""
        change = self.change
        if change is None or self.old is None:
            return None
        if self.old == 0:
            return 0.0 if abs(change) < 1e-12 else None
        return change / abs(self.old) * 100

    @property
    def verdict(self) -> Verdict | None:
        change = self.change
        if change is None:
            return None
        if abs(change) < 1e-9:
            return "same"
        if self.change_ci is not None and abs(change) <= self.change_ci:
            return "unclear"
        return "better" if (change < 0) == (self.better == "lower") else "worse"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "measure": self.key, "group": self.group, "label": self.label, "unit": self.unit, "better": self.better,
            "old": _round(self.old), "new": _round(self.new), "change": _round(self.change),
            "change_percent": _round(self.change_percent), "verdict": self.verdict,
        }
        if self.group == "simulated":
            data.update(old_ci95=_round(self.old_ci), new_ci95=_round(self.new_ci),
                        change_ci95=_round(self.change_ci))
        if self.old_text or self.new_text:
            data.update(old_text=self.old_text, new_text=self.new_text)
        return data


@dataclass(frozen=True)
class Side:
    """One of the two things compared: a process file (or, later, a centre file)."""

    file: str
    code: str
    name: str
    kind: Literal["process", "centre"] = "process"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "code": self.code, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class Parameters:
    """How the two were simulated: one rate, seed, length and number of runs for both."""

    simulated: bool
    days: float
    seed: int
    replications: int
    warmup_days: float = 0.0
    per_workday: float | None = None  # the common arrival rate
    rate_source: str | None = None  # where it comes from: OLD's file, --rate …

    def to_json(self) -> dict[str, Any]:
        return {"simulated": self.simulated, "days": self.days, "seed": self.seed, "replications": self.replications,
                "warmup_days": self.warmup_days, "per_workday": _round(self.per_workday),
                "rate_source": self.rate_source}


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    parameters: Parameters
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = field(default=())

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"old": self.old.to_json(), "new": self.new.to_json(), "parameters": self.parameters.to_json(),
                "rows": [r.to_json() for r in self.rows], "notes": list(self.notes)}


def _promised_text(m: Measures) -> str | None:
    return "on-the-spot" if m.on_the_spot else None


def static_rows(old: Measures, new: Measures) -> list[Row]:
    """The rows of the four reductions and the modelled worst case."""
    def row(key: str, group: str, label: str, unit: str, attr: str, better: Literal["lower", "higher"] = "lower",
            **texts: Any) -> Row:  # the Row's text fields by name, each str or None
        return Row(key, group, label, unit, better, getattr(old, attr), getattr(new, attr), **texts)

    return [
        row("steps", "steps", _("办理环节, approved case"), "steps", "steps"),
        row("steps.staffed", "steps", _("staffed (window, department)"), "steps", "steps_staffed"),
        row("steps.total", "steps", _("all steps of the file"), "steps", "steps_total"),
        row("materials.required", "materials", _("required, from the applicant"), "materials",
            "materials_required"),
        row("materials.asked", "materials", _("all asked of the applicant"), "materials",
            "materials_asked"),
        row("materials.shared", "materials", _("from shared data (免提交)"), "materials", "materials_shared",
            "higher"),
        row("limit.promised", "time-limits", _("promised (承诺时限)"), "workdays", "promised_days",
            old_text=_promised_text(old), new_text=_promised_text(new)),
        row("limit.statutory", "time-limits", _("statutory (法定时限)"), "workdays", "statutory_days"),
        row("visits.declared", "visits", _("declared (到办事现场次数)"), "visits", "visits_declared"),
        row("visits.modelled", "visits", _("modelled, approved case"), "visits", "visits_modelled"),
        row("worst-case", "modelled", _("legal clock, accepted → approved"), "workdays",
            "worst_case_days"),
        row("worst-case.whole", "modelled", _("whole case, all time counted"), "workdays",
            "worst_case_whole_days"),
    ]


def simulated_rows(old: SimFigures, new: SimFigures) -> list[Row]:
    """The rows of the simulation: mean and p90 cycle time, on-time rates."""
    n = min(old.replications, new.replications)

    def row(key: str, label: str, unit: str, attr: str, better: Literal["lower", "higher"]) -> Row:
        a, b = getattr(old, attr), getattr(new, attr)
        return Row(key, "simulated", label, unit, better, a.mean if a else None, b.mean if b else None,
                   a.ci if a else None, b.ci if b else None, difference_ci(a, b, n))

    return [
        row("cycle-time.mean", _("mean cycle time, working days"), "workdays", "cycle_mean", "lower"),
        row("cycle-time.p90", _("cycle time p90, working days"), "workdays", "cycle_p90", "lower"),
        row("on-time.promised", _("on time, promised"), "share", "on_time_promised", "higher"),
        row("on-time.statutory", _("on time, statutory"), "share", "on_time_statutory", "higher"),
    ]
