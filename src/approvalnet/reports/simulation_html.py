"""The HTML report of a simulation, of one process (``report_html``) or of a centre
(``centre_report_html``): one self-contained page from ``templates/simulation.html.j2`` or
``centre.html.j2``, with the plots inside it and, for a process, its flow diagram coloured by
waiting time.

    write_report(simulate(process, days=250), process, "report.html")
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

from ..centre.simulate import CentreResult
from ..fileio import write_atomic
from ..i18n import N_, _, get_language, ngettext
from ..language.quantity import Quantity
from ..language.types import Process
from ..sim.kpis import SimulationResult, Summary
from .backlog import backlog_context, overload_banner
from .html import estimate, inline_svg, page, percent
from .plots import Plots, queue_plot, utilization_plot, wip_plot

# --- limits -------------------------------------------------------------------------------------

def _day_minutes(process: Process) -> float:
    """Office minutes of a working day on the process's calendar (what the simulator counts days in)."""
    from ..language.calendar import WorkCalendar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return WorkCalendar.of(process).day_minutes


def _limit_days(q: Quantity, day: float) -> float:
    from ..net.timing import ClockRules, quantity_days

    return quantity_days(q, ClockRules(workday_minutes=day))


def limits_workdays(process: Process) -> dict[str, float | None]:
    """The promised and statutory limits in working days (``on-the-spot``: 1, the day of arrival)."""
    day = _day_minutes(process)
    limits = process.time_limit
    promised = limits.promised
    return {
        "promised": None if promised is None else 1.0 if promised == "on-the-spot" else _limit_days(promised, day),
        "statutory": None if limits.statutory is None else _limit_days(limits.statutory, day),
    }


def _limit_phrase(q: Quantity, day: float) -> str:
    """A limit as the file gives it, and, when it is not in working days, the working days the
    simulator and the histogram count it as: ``7日（约 5 个工作日）``. The header and the histogram's
    lines both say this, so they cannot disagree."""
    from ..render.text import quantity_zh

    written = quantity_zh(q) if get_language() == "zh" else _quantity_en(q)
    if q.unit == "workday":
        return written
    return _("{written} (about {days} working days)").format(written=written, days=f"{_limit_days(q, day):.3g}")


def _quantity_en(q: Quantity) -> str:
    value = int(q.value) if q.value == int(q.value) else round(q.value, 2)
    units = {"workday": ("working day", "working days"), "day": ("calendar day", "calendar days"),
             "hour": ("hour", "hours"), "minute": ("minute", "minutes"), "second": ("second", "seconds")}
    one, many = units[q.unit]
    return f"{value} {one if value == 1 else many}"


def limit_texts(process: Process) -> dict[str, str]:
    """The texts of the promised and statutory limits (and the extension), keyed like ``limits_workdays``."""
    day = _day_minutes(process)
    limits = process.time_limit
    out: dict[str, str] = {}
    if limits.statutory is not None:
        out["statutory"] = _limit_phrase(limits.statutory, day)
    if limits.promised == "on-the-spot":
        out["promised"] = _("on the spot")
    elif limits.promised is not None:
        out["promised"] = _limit_phrase(limits.promised, day)
    if limits.extension is not None:
        out["extension"] = _limit_phrase(limits.extension.length, day)
    return out


def _limit_text(process: Process) -> list[str]:
    texts = limit_texts(process)
    out = []
    if "statutory" in texts:
        out.append(_("statutory limit: {limit}").format(limit=texts["statutory"]))
    if "promised" in texts:
        out.append(_("promised limit: {limit}").format(limit=texts["promised"]))
    if "extension" in texts:
        out.append(_("extension: {limit}").format(limit=texts["extension"]))
    return out


# --- plots ---------------------------------------------------------------------------------------

def _limit_lines(ax: Any, plots: Plots, limits: dict[str, float | None], texts: dict[str, str]) -> None:
    styles = {"promised": ("#f57c00", "--", plots.label(N_("promised limit: {limit}"))),
              "statutory": ("#c62828", "-", plots.label(N_("statutory limit: {limit}")))}
    for key, (colour, style, label) in styles.items():
        value = limits.get(key)
        if value is not None:
            ax.axvline(value, color=colour, linestyle=style, linewidth=1.8,
                       label=label.format(limit=texts.get(key, f"{value:g}")))


def _cycle_plot(plots: Plots, samples: Sequence[float], summary: Summary, limits: dict[str, float | None],
                legal_clock: bool = False, texts: dict[str, str] | None = None) -> str:
    xlabel = (plots.label(N_("time on the legal clock (working days)"))
              if legal_clock else plots.label(N_("cycle time (working days)")))

    def draw(ax: Any) -> None:
        if samples:
            ax.hist(list(samples), bins=min(40, max(5, int(math.sqrt(len(samples))))), color="#90caf9",
                    edgecolor="#1e88e5")
            ax.set_ylabel(plots.label(N_("cases")))
        else:  # no per-case times: the summary's percentiles as a strip
            markers = {"mean": "D", "p50": "o", "p90": "s", "p95": "^", "max": "v"}
            for name, marker in markers.items():
                value = getattr(summary, name).mean
                if not math.isnan(value):
                    ax.plot([value], [0], marker, markersize=8, alpha=0.8, label=f"{name} = {value:.2f}")
            ax.set_yticks([])
        _limit_lines(ax, plots, limits, texts or {})
        ax.set_xlabel(xlabel)
        ax.set_xlim(left=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper right", fontsize=8)

    return plots.png(draw)


# --- the diagram --------------------------------------------------------------------------------

def heat_diagram(result: SimulationResult, process: Process) -> tuple[str | None, str]:
    """The flow diagram with the heat overlay as inline SVG markup, or None and the reason."""
    from ..render import GraphvizError, render
    from ..render.graphviz_run import find_dot
    from ..sim.heat import heat_overlay

    if find_dot() is None:
        return None, _("The flow diagram needs Graphviz's `dot`, which was not found on the PATH "
                       "(`approvalnet doctor` explains how to install it).")
    try:
        svg = render(process, "flow", "svg", overlay=heat_overlay(result, process)).decode("utf-8")
    except GraphvizError as error:
        return None, _("The flow diagram could not be drawn: {error}").format(error=error)
    return inline_svg(svg), _("Colour: mean waiting time per execution (white → orange → red); hover over a step "
                              "for the figures.")


def lateness_diagram(result: SimulationResult, process: Process) -> tuple[str | None, str]:
    """The flow diagram coloured by where the late cases' time went (``result.lateness``, all limits
    together), as inline SVG markup; None and the reason when there is nothing late or no Graphviz."""
    from ..render import GraphvizError, render
    from ..render.graphviz_run import find_dot
    from ..render.overlay import Overlay
    from ..sim.heat import lateness_marks

    times: dict[str, tuple[float, float]] = {}
    known = {s.id for s in process.steps}
    for per in getattr(result, "lateness", {}).values():
        for t in per:
            if t.step in known:
                service, wait = times.get(t.step, (0.0, 0.0))
                times[t.step] = (service + t.service_days, wait + t.wait_days)
    marks, legend = lateness_marks(times)
    if not marks:
        return None, ""
    if find_dot() is None:
        return None, _("The flow diagram needs Graphviz's `dot`, which was not found on the PATH "
                       "(`approvalnet doctor` explains how to install it).")
    overlay = Overlay(_("simulation: where the late cases' time went (share of their working days on the clock)"),
                      marks, legend)
    try:
        svg = render(process, "flow", "svg", overlay=overlay).decode("utf-8")
    except GraphvizError as error:
        return None, _("The flow diagram could not be drawn: {error}").format(error=error)
    return inline_svg(svg), _("Colour: each step's share of the late cases' working days on the clock, in the step "
                              "and waiting before it (white → orange → red), all limits together; hover over a step "
                              "for the figures.")


# --- the pages -------------------------------------------------------------------------------------

def _ci(result: Any) -> str:
    return _(" (mean ± 95 % confidence interval)") if result.replications > 1 else ""


def _periods(office_hours: Sequence[str] | None) -> list[tuple[int, int]] | None:
    from ..language.semantics import office_periods

    return office_periods(list(office_hours)) if office_hours else None


def report_html(result: SimulationResult, process: Process, *, cycle_times: Sequence[float] | None = None) -> str:
    """The report as HTML text. ``cycle_times``: per-case cycle times in working days for the
    histogram (default: the result's times on the legal clock, which the limits count, when it has
    them)."""
    from .simulation import peak_hour

    legal_clock = cycle_times is None and bool(getattr(result, "clock_time_samples", ()))
    if cycle_times is None:
        cycle_times = getattr(result, "clock_time_samples", None) or getattr(result, "cycle_time_samples", None) or ()
    plots = Plots()
    if cycle_times and legal_clock:
        caption = ngettext(
            "Time on the legal clock of {n} case, in working days: the cycle time less the Art. 45 steps and the "
            "applicant's time (office time); the vertical lines are the promised and the statutory limits. A case "
            "is late by dates from its acceptance (docs/legal-clock.md), so one near a line may fall on either side.",
            "Time on the legal clock of {n} cases, in working days: the cycle time less the Art. 45 steps and the "
            "applicant's time (office time); the vertical lines are the promised and the statutory limits. A case "
            "is late by dates from its acceptance (docs/legal-clock.md), so one near a line may fall on either side.",
            len(cycle_times)).format(n=len(cycle_times))
    elif cycle_times:
        caption = ngettext(
            "Cycle time of {n} case in working days; the vertical lines are the promised and the statutory limits.",
            "Cycle times of {n} cases in working days; the vertical lines are the promised and the statutory limits.",
            len(cycle_times)).format(n=len(cycle_times))
    else:
        caption = _("The result holds no per-case cycle times, so the mean and percentiles are drawn instead of a "
                    "histogram, against the limits.")
    names = ("mean", "p50", "p90", "p95", "max")
    series = tuple(getattr(result, "wip_series", ()) or ())
    svg, svg_note = heat_diagram(result, process)
    from .conformance_html import limit_name

    late_svg, late_note = lateness_diagram(result, process)
    step_names = {s.id: s.name for s in process.steps}
    late_rows = [[limit_name(kind), t.step, step_names.get(t.step, ""), f"{t.service_days:.1f}",
                  f"{t.wait_days:.1f}", f"{t.share * 100:.1f} %"]
                 for kind, per in getattr(result, "lateness", {}).items() for t in sorted(per, key=lambda t: -t.share)]
    from ..language.calendar import WorkCalendar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        periods = WorkCalendar.of(process).periods
    return page(
        "simulation.html.j2",
        title=_("{name} ({code}) — simulation report").format(name=result.name, code=result.process), r=result,
        process=process, limits=_limit_text(process), ci=_ci(result),
        outcomes=[[_("ended {outcome}").format(outcome=outcome), f"{share * 100:.1f} %"]
                  for outcome, share in result.outcomes.items()],
        cycle_rows=[[_("working days"), *(estimate(getattr(result.cycle_time_workdays, n)) for n in names)],
                    [_("calendar days"), *(estimate(getattr(result.cycle_time_days, n)) for n in names)]],
        cycle_plot=_cycle_plot(plots, cycle_times, result.cycle_time_workdays, limits_workdays(process), legal_clock,
                               limit_texts(process)),
        cycle_caption=caption,
        lanes=[[lane.lane, lane.name, str(lane.staff), f"{lane.offered_load * 100:.1f} %", percent(lane.utilization),
                estimate(lane.mean_queue), estimate(lane.max_queue, 0), peak_hour(lane.queue_by_hour, periods)]
               for lane in result.bottlenecks],
        utilization_plot=utilization_plot(plots, result.lanes),
        queue_plot=queue_plot(plots, result.bottlenecks, periods=periods),
        steps=[[s.step, s.name, s.lane, f"{s.visits:.2f}", estimate(s.waiting_minutes, 1),
                estimate(s.working_minutes, 1)] for s in result.steps],
        wip_plot=wip_plot(plots, series) if series else None, svg=svg, svg_note=svg_note,
        banner=overload_banner(result), backlog=backlog_context(result),
        lateness=late_rows, late_svg=late_svg, late_note=late_note,
        chinese_font=plots.font is not None)


def centre_report_html(result: CentreResult, office_hours: Sequence[str] | None = None) -> str:
    """The report of a centre's simulation as HTML text; ``office_hours`` (the centre's calendar,
    ``["09:00-12:00", …]``) show the peak hours as clock times."""
    from .simulation import kind_text, late_left_out_text, peak_hour

    plots = Plots()
    periods = _periods(office_hours)
    windows_first = [p for p in result.bottlenecks if p.kind == "window"] + [
        p for p in result.bottlenecks if p.kind != "window"]
    return page(
        "centre.html.j2", title=_("{name} — centre simulation report").format(name=result.name), r=result,
        ci=_ci(result),
        pools=[[p.pool, p.name, kind_text(p.kind), str(p.staff), f"{p.offered_load * 100:.1f} %",
                percent(p.utilization), estimate(p.mean_queue), estimate(p.max_queue, 0),
                peak_hour(p.queue_by_hour, periods)]
               for p in result.bottlenecks],
        pool_plot=utilization_plot(plots, result.bottlenecks),
        queue_plot=queue_plot(plots, windows_first, 6, periods=periods),
        departments=[[d.department, d.name, str(d.items), f"{d.per_workday:.1f}", estimate(d.throughput_per_workday),
                      estimate(d.mean_cycle_workdays), percent(d.on_time_promised)] for d in result.departments],
        late=[[i.code, i.name, f"{i.per_workday:g}", estimate(i.cycle_time_workdays.mean),
               estimate(i.cycle_time_workdays.p90), percent(i.on_time_promised)] for i in result.most_late(15)],
        late_left_out=late_left_out_text(result.late_left_out) if result.late_left_out else None,
        wip_plot=wip_plot(plots, result.wip_series) if result.wip_series else None,
        items=[[i.code, i.name, i.department or "–", f"{i.per_workday:g}", estimate(i.throughput_per_workday),
                estimate(i.cycle_time_workdays.mean), estimate(i.cycle_time_workdays.p90),
                percent(i.on_time_promised), percent(i.on_time_statutory)] for i in result.items],
        banner=overload_banner(result), backlog=backlog_context(result), chinese_font=plots.font is not None)


def write_report(result: SimulationResult, process: Process, path: Any, *,
                 cycle_times: Sequence[float] | None = None) -> None:
    """Write the HTML report of ``result`` for ``process`` to ``path``, atomically."""
    write_atomic(path, report_html(result, process, cycle_times=cycle_times))
