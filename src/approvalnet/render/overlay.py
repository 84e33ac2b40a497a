"""Overlays: information drawn on top of a diagram, keyed by step id.

An overlay does not know how a diagram is drawn, and a diagram does not know where an overlay's
information came from: the findings of ``check`` today, the waiting times and utilization of a
simulation later. Both the flow view and the net view take one ``Overlay`` and apply each ``Mark``
to what stands for its step (a box in the flow, the step's transitions in the net).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..language.source import Level, Problem
from ..language.types import Process


@dataclass(frozen=True)
class Mark:
    """How one step is drawn differently: colours, lines for the SVG tooltip, a short visible badge."""

    fill: str | None = None  # background colour, e.g. "#ffcdd2"; None keeps the diagram's own
    border: str | None = None  # outline colour, drawn thick
    tooltip: tuple[str, ...] = ()
    badge: str | None = None  # a few characters shown in the box itself (PNG and PDF have no tooltips)


@dataclass(frozen=True)
class LegendEntry:
    colour: str  # the fill it explains
    text: str
    border: str | None = None  # drawn instead of a pale fill, when given


@dataclass(frozen=True)
class Overlay:
    """Marks by step id, with a title and legend for the diagram's header.

    ``notes`` hold what belongs to no step (a problem in the item's fields); the header lists them.
    """

    title: str
    marks: Mapping[str, Mark] = field(default_factory=dict)
    legend: tuple[LegendEntry, ...] = ()
    notes: tuple[str, ...] = ()


def combine(overlays: Sequence[Overlay]) -> Overlay | None:
    """One overlay from several: later colours win, tooltips and badges add up."""
    if not overlays:
        return None
    if len(overlays) == 1:
        return overlays[0]
    marks: dict[str, Mark] = {}
    for overlay in overlays:
        for step, mark in overlay.marks.items():
            old = marks.get(step, Mark())
            badges = [b for b in (old.badge, mark.badge) if b]
            marks[step] = Mark(mark.fill or old.fill, mark.border or old.border, old.tooltip + mark.tooltip,
                               " ".join(badges) or None)
    return Overlay(
        " · ".join(o.title for o in overlays),
        marks,
        tuple(entry for o in overlays for entry in o.legend),
        tuple(note for o in overlays for note in o.notes),
    )


# --- findings -----------------------------------------------------------------------------------

LEVEL_ORDER: dict[Level, int] = {"error": 0, "warning": 1, "info": 2}
LEVEL_COLOURS: dict[Level, tuple[str, str]] = {  # (fill, border)
    "error": ("#ffcdd2", "#c62828"),
    "warning": ("#ffe0b2", "#e65100"),
    "info": ("#e1f5fe", "#0277bd"),
}
_LEVEL_ZH: dict[Level, str] = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def step_spans(process: Process) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """``(start, end, step id)`` for each step: from where the step starts to where the next one does.

    The last step runs to the first key of the item written after the step list (often ``sources``),
    or to the end of the file. Positions are ``(line, column)``; an unknown position gives no spans.
    """
    src = process.source_map
    if src is None:
        return []
    starts = [((s.loc.line, s.loc.col), s.id) for s in process.steps]
    if any(line == 0 for (line, _), _ in starts):
        return []
    last = starts[-1][0]
    later = [(loc.line, loc.col) for key in process.model_fields_set
             if (loc := src.key_loc((key,))).line and (loc.line, loc.col) > last]
    ends = [start for start, _ in starts[1:]] + [min(later, default=(10**9, 0))]
    return [(start, end, step) for (start, step), end in zip(starts, ends, strict=True)]


def step_at(spans: Sequence[tuple[tuple[int, int], tuple[int, int], str]], line: int, col: int) -> str | None:
    for start, end, step in spans:
        if start <= (line, col) < end:
            return step
    return None


def findings_overlay(problems: Iterable[Problem], process: Process) -> Overlay:
    """Colour each step by the worst problem found in its part of the file; list the others as notes.

    A problem belongs to the step whose YAML span holds its line (see ``step_spans``): a problem
    about an outcome, a duration or a notice lands on its step. Rule ids go into the tooltip and
    the badge, so they can be read in an SVG and a printed PNG alike.
    """
    spans = step_spans(process)
    by_step: dict[str, list[Problem]] = {}
    notes: list[str] = []
    problems = sorted(problems, key=lambda p: (p.loc.line, p.loc.col, LEVEL_ORDER.get(p.level, 3), p.code))
    for problem in problems:
        step = step_at(spans, problem.loc.line, problem.loc.col) if problem.loc.file == process.file else None
        if step is None:
            where = f"line {problem.loc.line}: " if problem.loc.line else ""
            notes.append(f"▲ {where}{problem.level}: {problem.message} ({problem.code})")
        else:
            by_step.setdefault(step, []).append(problem)
    marks = {}
    for step, found in by_step.items():
        worst = min((p.level for p in found), key=lambda level: LEVEL_ORDER.get(level, 3))
        fill, border = LEVEL_COLOURS.get(worst, LEVEL_COLOURS["info"])
        codes = list(dict.fromkeys(p.code for p in found))
        badge = "▲ " + ", ".join(codes[:2]) + (f" +{len(codes) - 2}" if len(codes) > 2 else "")
        tooltip = tuple(f"{p.level} [{p.code}] line {p.loc.line}: {p.message}" for p in found)
        marks[step] = Mark(fill, border, tooltip, badge)
    levels = sorted({p.level for p in problems}, key=lambda level: LEVEL_ORDER.get(level, 3))
    counts = ", ".join(f"{n} {level}{'s' * (n != 1)}" for level in levels
                       if (n := sum(p.level == level for p in problems)))
    legend = tuple(LegendEntry(*LEVEL_COLOURS.get(lv, LEVEL_COLOURS["info"])[:1], _LEVEL_ZH.get(lv, lv),
                               LEVEL_COLOURS.get(lv, LEVEL_COLOURS["info"])[1]) for lv in levels)
    return Overlay(f"检查结果 findings: {counts or 'none'}", marks, legend, tuple(notes))
