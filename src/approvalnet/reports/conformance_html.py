"""The HTML report of a conformance check: one self-contained page, for people.

The page holds the key figures (fitness, precision, conforming cases), the deviations by kind and
the time limits, the process's flow diagram with the deviations drawn on it, the deviations per
step, and a table of the worst cases, from ``templates/conformance.html.j2``. As every report, it
fetches nothing from the network: the diagram is inline SVG.

The diagram is the flow view of ``render`` with an overlay (``render.overlay``): each step is
coloured by the number of deviations about it (white → orange → red, as the simulation's heat) with
the count as a badge and the counts per kind in its tooltip; and what the cases did instead of the
standard is drawn as red dashed arcs between the steps, labelled with their counts: around a
skipped step, from a step done too early to the one it jumped, to a step done where the standard
does not have it. When cases were late, the colour follows where their time went instead (each
step's share of the late cases' working days on the clock, in the step and waiting before it:
``ConformanceResult.lateness``), since a late case is noticed at its decision or delivery but lost
its time earlier; the deviations' counts stay in the badge and the tooltip, and a table lists the
late time per limit and step.
"""

from __future__ import annotations

from typing import Any

from ..conform.result import KIND_ZH, KINDS, LIMIT_NAMES, ConformanceResult
from ..fileio import write_atomic
from ..i18n import N_, _, get_language
from ..language.types import Process
from ..render.overlay import LegendEntry, Mark, Overlay
from ..sim.heat import HEAT_BORDER, heat_colour, lateness_marks
from .html import inline_svg, page

ARC_STYLE: dict[str, tuple[str, str]] = {  # kind -> (colour, style)
    "skipped-step": ("#c62828", "dashed"),
    "wrong-order": ("#e65100", "bold"),
    "unexpected-step": ("#6a1b9a", "dotted"),
    "repeated-supplement": ("#ad1457", "dashed"),
}
# the limits a log's cases may miss, by the key of ``limit_violations``
LIMITS = {"late-promised": N_("promised limit"), "late-statutory": N_("statutory limit (decision, Art. 42)"),
          "late-delivery": N_("delivery (Art. 44)")}


def limit_name(key: str) -> str:
    return _(LIMITS[key]) if key in LIMITS else LIMIT_NAMES.get(key, key)


def kind_name(kind: str) -> str:
    """A deviation's kind as the reader says it: ``缺少环节`` in Chinese, its id (``skipped-step``) in English."""
    return KIND_ZH.get(kind, kind) if get_language() == "zh" else kind


def late_time(result: ConformanceResult) -> dict[str, tuple[float, float]]:
    """Per step, the late cases' working days in it and waiting before it, all limits together."""
    times: dict[str, tuple[float, float]] = {}
    for per in result.lateness.values():
        for t in per:
            service, wait = times.get(t.step, (0.0, 0.0))
            times[t.step] = (service + t.service_days, wait + t.wait_days)
    return times


def deviation_overlay(result: ConformanceResult, process: Process) -> Overlay:
    """Steps coloured by their number of deviations, with the counts per kind in the tooltip; when cases
    were late, by their share of the late cases' time instead (where it went, ``lateness``), the
    deviations staying in the tooltip and the badge."""
    totals = {step: sum(kinds.values()) for step, kinds in result.by_step.items()}
    most = max(totals.values(), default=0)
    marks: dict[str, Mark] = {}
    known = {s.id for s in process.steps}
    for step, kinds in result.by_step.items():
        if step not in known:
            continue
        n = totals[step]
        tooltip = tuple(f"{kind_name(k)}: {c}" for k, c in kinds.items())
        marks[step] = Mark(heat_colour(n / most if most else 0.0), HEAT_BORDER if n == most else None, tooltip,
                           _("deviations: {n}").format(n=n))
    legend = (LegendEntry(heat_colour(0.0), "0", "#d1d5db"), LegendEntry(heat_colour(0.5), f"{most / 2:.0f}"),
              LegendEntry(heat_colour(1.0), _("{n} (most)").format(n=most)))
    notes = tuple(_("not in the standard: '{activity}' × {n}").format(activity=activity, n=n)
                  for activity, n in list(result.unknown_activities.items())[:5])
    title = _("deviations in {deviating} of {cases} cases; red arcs: what the cases did instead").format(
        deviating=len(result.deviating_cases), cases=result.cases)
    late, late_legend = lateness_marks({step: t for step, t in late_time(result).items() if step in known})
    if late:
        for step in known:
            old, new = marks.get(step), late.get(step)
            if old is None and new is None:
                continue
            fill = new.fill if new is not None else heat_colour(0.0)
            border = new.border if new is not None else None
            tooltip = (old.tooltip if old else ()) + (new.tooltip if new else ())
            badges = [b for b in (old.badge if old else None, new.badge if new else None) if b]
            marks[step] = Mark(fill, border, tooltip, " · ".join(badges) or None)
        title = _("colour: where the late cases' time went (share of their working days on the clock, in the "
                  "step and waiting before it); deviations in {deviating} of {cases} cases; red arcs: what the "
                  "cases did instead").format(deviating=len(result.deviating_cases), cases=result.cases)
        return Overlay(title, marks, late_legend, notes)
    return Overlay(title, marks, legend if most else (), notes)


def diagram_svg(result: ConformanceResult, process: Process) -> tuple[str | None, str]:
    """The flow diagram with the deviations, as inline SVG markup, or None and the reason."""
    from ..render import GraphvizError, diagram
    from ..render.graphviz_run import find_dot, run_dot
    from ..render.text import plain

    if find_dot() is None:
        return None, _("The flow diagram needs Graphviz's `dot`, which was not found on the PATH "
                       "(`approvalnet doctor` explains how to install it).")
    graph = diagram(process, "flow", deviation_overlay(result, process))
    names = {s.id: s.name for s in process.steps}
    for source, target, kind, step, count in result.by_arc:
        if target is None or target not in names or (source is not None and source not in names):
            continue  # an unfinished case: no arc to draw
        colour, style = ARC_STYLE.get(kind, ("#c62828", "dashed"))
        what = KIND_ZH.get(kind, kind)
        if kind == "skipped-step" and step in names:
            what += f" {names[step]}"
        # the label holds a step's name: user text, so no DOT backslash escapes and no control characters
        graph.edge("start" if source is None else f"step_{source}", f"step_{target}", label=plain(f"{what} ×{count}"),
                   color=colour, fontcolor=colour, style=style, constraint="false",
                   penwidth=f"{1.2 + min(3.0, count ** 0.5 / 4):.1f}", tooltip=f"{kind}: {count}")
    try:
        svg = run_dot(graph.source, "svg").data.decode("utf-8")
    except GraphvizError as error:
        return None, _("The flow diagram could not be drawn: {error}").format(error=error)
    if result.lateness:
        return inline_svg(svg), _("Colour: each step's share of the late cases' working days on the clock, in the "
                                  "step and waiting before it (white → orange → red), all limits together: where "
                                  "the time was lost, not the step the lateness is noticed at; dashed arcs: what "
                                  "the cases did instead, and how often; hover over a step for the details.")
    return inline_svg(svg), _("Colour: deviations per step (white → orange → red); dashed arcs: what the cases did "
                              "instead, and how often; hover over a step for the details.")


def _pct(n: int, of: int) -> str:
    return f"{n} ({n / of * 100:.1f} %)" if of else str(n)


def report_html(result: ConformanceResult, process: Process, *, worst: int = 25) -> str:
    """The report as HTML text; ``worst``: how many of the worst cases the table lists."""
    figures = [[_("fitness (token-based replay)"), f"{result.fitness:.4f}"],
               [_("precision (token-based replay)"), f"{result.precision:.4f}"]]
    if result.alignment_fitness is not None:
        figures.append([_("fitness (alignments)"), f"{result.alignment_fitness:.4f}"])
        if result.alignment_precision is not None:
            figures.append([_("precision (alignments)"), f"{result.alignment_precision:.4f}"])
    figures += [[_("fitting cases (token replay)"), _pct(result.fitting_cases, result.cases)],
                [_("conforming cases"), _pct(result.conforming_cases, result.cases)],
                [_("deviating cases"), _pct(len(result.deviating_cases), result.cases)]]
    names = {s.id: s for s in process.steps}
    used = [k for k in KINDS if any(k in kinds_ for kinds_ in result.by_step.values())]
    cases = result.worst_cases(worst)
    svg, svg_note = diagram_svg(result, process)
    return page(
        "conformance.html.j2",
        title=_("{name} ({code}) — conformance checking").format(name=result.name, code=result.process), r=result,
        process=process, figures=figures,
        # the kinds' Chinese names in a column of their own for a Chinese reader; no empty column otherwise
        kinds=[[k, *([KIND_ZH[k]] if get_language() == "zh" else []), str(result.case_counts[k]), str(result.counts[k])]
               for k in KINDS if result.counts.get(k)],
        kinds_zh=get_language() == "zh",
        limits=[[limit_name(k), "–" if s.limit is None else s.shown or f"{s.limit:g}", s.basis, str(s.cases),
                 f"{s.worst:.2f}" if s.cases else "–"] for k, s in result.limit_violations.items()],
        svg=svg, svg_note=svg_note, used=used,
        by_step=[[step, names[step].name if step in names else "", str(names[step].loc) if step in names else "",
                  *(str(kinds_.get(k, "")) for k in used)] for step, kinds_ in result.by_step.items()],
        worst=cases, more=len(result.deviating_cases) - len(cases),
        lateness=[[limit_name(kind), t.step, names[t.step].name if t.step in names else "", f"{t.service_days:.1f}",
                   f"{t.wait_days:.1f}", f"{t.share * 100:.1f} %"]
                  for kind, times in result.lateness.items() for t in sorted(times, key=lambda t: -t.share)])


def write_report(result: ConformanceResult, process: Process, path: Any, *, worst: int = 25) -> None:
    """Write the HTML report to ``path``, atomically."""
    write_atomic(path, report_html(result, process, worst=worst))
