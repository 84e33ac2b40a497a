"""A heat overlay from a simulation: steps coloured by their mean waiting time, or by their lane's utilization.

The colour runs from white (no wait, an idle lane) through orange to red (the longest mean wait, a
lane busy all of office time). Tooltips give the figures behind the colour, with their 95 %
confidence intervals when the simulation had replications, and a badge writes the main figure in
the box itself, since PNG and PDF have no tooltips. Use it like any overlay::

    svg = render(process, "flow", "svg", overlay=heat_overlay(result, process))
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from ..i18n import _
from ..language.types import Process
from ..render.overlay import LegendEntry, Mark, Overlay

if TYPE_CHECKING:
    from .kpis import Estimate, SimulationResult

HeatBy = Literal["waiting", "utilization"]

# The scale's stops: white, orange, red (t = 0, 0.5, 1).
HEAT_STOPS: tuple[tuple[int, int, int], ...] = ((0xFF, 0xFF, 0xFF), (0xFF, 0xB7, 0x4D), (0xE5, 0x39, 0x35))
HEAT_BORDER = "#b71c1c"  # the outline of the hottest step(s)


def heat_colour(t: float) -> str:
    """The colour at ``t`` in [0, 1] of the white → orange → red scale, as ``#rrggbb``."""
    t = 0.0 if math.isnan(t) else min(1.0, max(0.0, t))
    x = t * (len(HEAT_STOPS) - 1)
    i = min(int(x), len(HEAT_STOPS) - 2)
    f = x - i
    low, high = HEAT_STOPS[i], HEAT_STOPS[i + 1]
    return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(low, high, strict=True))


def lateness_marks(times: dict[str, tuple[float, float]]) -> tuple[dict[str, Mark], tuple[LegendEntry, ...]]:
    """Steps coloured by their share of the late cases' working days on the clock (the service in the
    step and the wait before it, ``times``: step -> (service days, wait days)), the most red: the
    colour shows where a late case's time was lost, not the step its lateness is noticed at."""
    whole = sum(service + wait for service, wait in times.values())
    if whole <= 0:
        return {}, ()
    shares = {step: (service + wait) / whole for step, (service, wait) in times.items()}
    most = max(shares.values())
    marks = {}
    for step, (service, wait) in times.items():
        share = shares[step]
        marks[step] = Mark(heat_colour(share / most), HEAT_BORDER if share >= most - 1e-12 else None,
                           (_("late cases' time: {share} % ({service} working days in the step, {wait} waiting "
                              "before it)").format(share=f"{share * 100:.1f}", service=f"{service:.1f}",
                                                   wait=f"{wait:.1f}"),),
                           _("late time {share} %").format(share=f"{share * 100:.0f}") if share >= 0.005 else None)
    legend = (LegendEntry(heat_colour(0.0), _("no late time"), "#d1d5db"),
              LegendEntry(heat_colour(0.5), f"{most * 50:.0f} %"),
              LegendEntry(heat_colour(1.0), _("{share} % of the late cases' time (most)").format(
                  share=f"{most * 100:.0f}")))
    return marks, legend


def _figure(estimate: Estimate, unit: str = "", scale: float = 1.0, digits: int = 1) -> str:
    if math.isnan(estimate.mean):
        return "–"
    text = f"{estimate.mean * scale:.{digits}f}"
    if estimate.ci is not None:
        text += f" ± {estimate.ci * scale:.{digits}f}"
    return text + unit


def heat_overlay(result: SimulationResult, process: Process, by: HeatBy = "waiting") -> Overlay:
    """Colour every simulated step of ``process`` by its mean waiting time (``by="waiting"``, relative to
    the longest) or by the utilization of its lane (``by="utilization"``, absolute: red is 100 %)."""
    if by not in ("waiting", "utilization"):
        raise ValueError(_("heat_overlay: by must be 'waiting' or 'utilization', not {by!r}").format(by=by))
    lanes = {lane.lane: lane for lane in result.lanes}
    known = {step.id for step in process.steps}
    waits = [s.waiting_minutes.mean for s in result.steps if s.step in known and not math.isnan(s.waiting_minutes.mean)]
    longest = max(waits, default=0.0)
    marks: dict[str, Mark] = {}
    for kpi in result.steps:
        if kpi.step not in known:
            continue
        lane = lanes.get(kpi.lane)
        # the texts were bilingual before the interface had a language; now the catalogue gives the Chinese
        tooltip = [_("mean waiting: {minutes} min (office minutes per execution)")
                   .format(minutes=_figure(kpi.waiting_minutes, "")),
                   _("mean working: {minutes} min").format(minutes=_figure(kpi.working_minutes, "")),
                   _("executions per case: {visits:.2f}").format(visits=kpi.visits)]
        if lane is not None and lane.staff:
            tooltip.append(_("{lane} utilization: {share} ({staff} staff, mean queue {queue})").format(
                lane=lane.name, share=_figure(lane.utilization, " %", 100), staff=lane.staff,
                queue=_figure(lane.mean_queue, "", 1, 2)))
        if by == "waiting":
            wait = kpi.waiting_minutes.mean
            if math.isnan(wait):
                marks[kpi.step] = Mark(tooltip=(_("not executed in the simulation"), *tooltip))
                continue
            t = wait / longest if longest > 0 else 0.0
            badge = _("waiting {minutes:.0f} min").format(minutes=wait) if wait >= 0.5 else None
        else:
            if lane is None or not lane.staff or math.isnan(lane.utilization.mean):
                marks[kpi.step] = Mark(tooltip=tuple(tooltip))  # no staff: nothing to be busy
                continue
            t = lane.utilization.mean
            badge = _("busy {percent:.0f}%").format(percent=t * 100)
        hottest = t >= 1.0 - 1e-9 and (by == "utilization" or longest > 0)
        marks[kpi.step] = Mark(heat_colour(t), HEAT_BORDER if hottest else None, tuple(tooltip), badge)

    if by == "waiting":
        title = _("simulation heat: mean waiting per execution")
        legend = (LegendEntry(heat_colour(0.0), "0 min", "#d1d5db"),
                  LegendEntry(heat_colour(0.5), f"{longest / 2:.0f} min"),
                  LegendEntry(heat_colour(1.0), _("{minutes:.0f} min (longest)").format(minutes=longest)))
    else:
        title = _("simulation heat: utilization of each lane's staff")
        legend = (LegendEntry(heat_colour(0.0), "0 %", "#d1d5db"), LegendEntry(heat_colour(0.5), "50 %"),
                  LegendEntry(heat_colour(1.0), "100 %"))
    busiest = result.bottlenecks[:1]
    notes = tuple(_("bottleneck: {lane} ({id}), utilization {share}")
                  .format(lane=b.name, id=b.lane, share=_figure(b.utilization, " %", 100)) for b in busiest)
    return Overlay(title, marks, legend, notes)
