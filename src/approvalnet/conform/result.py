"""The result of a conformance check: per log, per case, per step and arc; one ``to_json`` for machines.

The kinds of deviation, in the process's words:

================== =================================================================================
``skipped-step``    a step the standard requires on the path the case took was not done (a decision
                    without its review)
``unknown-activity``an activity that is no step of the standard
``wrong-order``     two steps done in the opposite order to the standard's
``unexpected-step`` a step of the standard done where the path does not allow it (done twice, or on
                    a branch the case did not take)
``unfinished-case`` the log stops before the case reaches an end of the process
``repeated-supplement`` the supplement notice issued more than once (Art. 32: 一次性告知)
``late-promised``   finished later than the promised limit (承诺时限)
``late-statutory``  decided later than the statutory limit after acceptance (Art. 42)
``late-delivery``   the licence delivered more than 10 working days after the decision (Art. 44)
================== =================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..sim.lateness import StepTime, add, summarise

Where = tuple[tuple[str, ...], Any]  # step ids; days in each step, then days waiting before each (numpy)

KINDS: tuple[str, ...] = ("skipped-step", "unknown-activity", "wrong-order", "unexpected-step", "unfinished-case",
                          "repeated-supplement", "late-promised", "late-statutory", "late-delivery")
LIMIT_KINDS: tuple[str, ...] = ("late-promised", "late-statutory", "late-delivery")

LIMIT_NAMES: dict[str, str] = {"late-promised": "promised 承诺", "late-statutory": "decision 法定 (Art. 42)",
                               "late-delivery": "delivery 送达 (Art. 44)"}

KIND_ZH: dict[str, str] = {
    "skipped-step": "缺少环节",
    "unknown-activity": "标准外环节",
    "wrong-order": "顺序颠倒",
    "unexpected-step": "多余环节",
    "unfinished-case": "未办结",
    "repeated-supplement": "多次补正",
    "late-promised": "超承诺时限",
    "late-statutory": "超法定时限",
    "late-delivery": "超送达时限",
}


@dataclass(frozen=True, slots=True)
class Deviation:
    """One way a case departs from the standard."""

    kind: str
    message: str
    step: str | None = None  # the step it is about (its id)
    loc: str | None = None  # where that step is written: file:line:col
    activity: str | None = None  # the activity as the log writes it (unknown activities)
    other: str | None = None  # the second step: the one a wrong-order step was swapped with
    arc: tuple[str | None, str | None] | None = None  # what the case did instead, drawn on the diagram
    days: float | None = None  # limits: working days on the clock
    limit: float | None = None  # limits: the limit in working days
    due: str | None = None  # limits judged by dates: the due date (ISO), see ``language.legal_clock``
    # limits: where the window's working days went: the step ids (one tuple per variant), and a numpy
    # array of the working days in each step, then of those waiting before each. No new object per
    # case for the garbage collector to follow: thousands of late cases kept so made it collect
    # everything once more in every other run.
    where_steps: tuple[str, ...] | None = field(default=None, compare=False)
    where: Any = field(default=None, compare=False)

    @property
    def excess(self) -> float:
        return max(0.0, (self.days or 0.0) - (self.limit or 0.0))

    def __str__(self) -> str:
        return f"{self.loc or '-'}: {self.kind}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message}
        for name in ("step", "loc", "activity", "other"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.arc is not None:
            out["arc"] = list(self.arc)
        if self.days is not None:
            out["days"] = round(self.days, 3)
            out["limit"] = self.limit
        if self.due is not None:
            out["due"] = self.due
        return out


@dataclass(frozen=True, slots=True)
class CaseDeviations:
    case: str
    order: int  # position of the case in the log (line of its first event)
    deviations: tuple[Deviation, ...]

    @property
    def severity(self) -> tuple[int, float]:
        """For "the worst cases": the number of deviations, then the working days past a limit."""
        return len(self.deviations), sum(d.excess for d in self.deviations)

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "deviations": [d.to_json() for d in self.deviations]}


@dataclass(frozen=True)
class LimitSummary:
    """The cases past one limit."""

    limit: float | None  # working days (None: varies, e.g. with extensions)
    cases: int
    worst: float  # the most working days on the clock among them
    basis: str  # which limit, in words
    shown: str = ""  # the limit as the tables show it: as written for calendar days or hours ("30 days")


def lateness(deviations: Any, steps: list[str]) -> dict[str, tuple[StepTime, ...]]:
    """Per limit, where its late cases' clock went (``Deviation.where`` summed), in the process's
    step order; steps without time are left out. ``deviations``: every late deviation, in the order
    of their cases (the sums are then the same however the log was read)."""
    import numpy as np

    groups: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for d in deviations:
        if d.where_steps is not None:
            groups.setdefault((d.kind, d.where_steps), []).append(d.where)
    sums: dict[str, dict[str, list[float]]] = {}
    for (kind, ids), rows in groups.items():
        total = np.stack(rows).sum(axis=0).tolist()
        add(sums, kind, zip(ids, total[:len(ids)], total[len(ids):], strict=True))
    return summarise({kind: sums[kind] for kind in LIMIT_KINDS if kind in sums}, steps)


@dataclass(frozen=True)
class ConformanceResult:
    process: str  # the process's code
    name: str
    file: str
    log: str
    cases: int
    events: int
    variants: int
    fitness: float  # token-based replay, over the whole log (pm4py's log fitness)
    precision: float  # token-based replay (ETConformance)
    fitting_cases: int  # cases the token replay fits exactly
    conforming_cases: int  # cases without any deviation
    deviating_cases: tuple[CaseDeviations, ...]
    counts: dict[str, int]  # deviations by kind
    case_counts: dict[str, int]  # cases with each kind of deviation
    by_step: dict[str, dict[str, int]]  # step id -> kind -> deviations
    by_arc: tuple[tuple[str | None, str | None, str, str | None, int], ...]  # (from, to, kind, step, count)
    limit_violations: dict[str, LimitSummary]
    unknown_activities: dict[str, int]  # activity -> events
    ignored_activities: dict[str, int]  # activity -> events left out by the mapping file
    alignment_fitness: float | None = None  # with --alignments
    alignment_precision: float | None = None
    alignment_fitting_cases: int | None = None
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    columns: dict[str, str] = field(default_factory=dict)
    lateness: dict[str, tuple[StepTime, ...]] = field(default_factory=dict)  # limit kind -> where the time went

    @property
    def conforming_share(self) -> float:
        return self.conforming_cases / self.cases if self.cases else 1.0

    @property
    def conforms(self) -> bool:
        return not self.deviating_cases

    def worst_cases(self, n: int = 20) -> list[CaseDeviations]:
        return sorted(self.deviating_cases, key=lambda c: (-c.severity[0], -c.severity[1], c.order))[:n]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "process": self.process,
            "name": self.name,
            "file": self.file,
            "log": self.log,
            "cases": self.cases,
            "events": self.events,
            "variants": self.variants,
            "fitness": round(self.fitness, 6),
            "precision": round(self.precision, 6),
        }
        if self.alignment_fitness is not None:
            out["alignments"] = {"fitness": round(self.alignment_fitness, 6),
                                 "precision": None if self.alignment_precision is None else round(
                                     self.alignment_precision, 6),
                                 "fitting_cases": self.alignment_fitting_cases}
        out.update({
            "fitting_cases": self.fitting_cases,
            "conforming_cases": self.conforming_cases,
            "conforming_share": round(self.conforming_share, 6),
            "deviations": {kind: n for kind, n in self.counts.items() if n},
            "cases_with": {kind: n for kind, n in self.case_counts.items() if n},
            "limit_violations": {kind: {"limit": s.limit, "cases": s.cases, "worst": round(s.worst, 3),
                                        "basis": s.basis} for kind, s in self.limit_violations.items()},
            "lateness": {kind: [t.to_json() for t in times] for kind, times in self.lateness.items()},
            "unknown_activities": self.unknown_activities,
            "ignored_activities": self.ignored_activities,
            "by_step": self.by_step,
            "by_arc": [{"from": a, "to": b, "kind": kind, "step": step, "count": n}
                       for a, b, kind, step, n in self.by_arc],
            "deviating_cases": [c.to_json() for c in self.deviating_cases],
            "notes": list(self.notes),
            "columns": self.columns,
            "seconds": round(self.seconds, 3),
            "cases_per_second": round(self.cases / self.seconds, 1) if self.seconds > 0 else None,
        })
        return out
