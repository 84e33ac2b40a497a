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
from ..language.quantity import Quantity
from ..language.types import Process
from ..sim.kpis import SimulationResult, Summary
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


def _limit_text(process: Process) -> list[str]:
    from ..render.text import quantity_zh

    out = []
    limits = process.time_limit
    if limits.statutory is not None:
        out.append(f"法定时限 statutory limit: {quantity_zh(limits.statutory)}")
    if limits.promised == "on-the-spot":
        out.append("承诺时限 promised limit: 当场办结 on the spot")
    elif limits.promised is not None:
        out.append(f"承诺时限 promised limit: {quantity_zh(limits.promised)}")
    if limits.extension is not None:
        out.append(f"可延长 extension: {quantity_zh(limits.extension.length)}")
    return out


# --- plots ---------------------------------------------------------------------------------------

def _limit_lines(ax: Any, plots: Plots, limits: dict[str, float | None]) -> None:
    styles = {"promised": ("#f57c00", "--", plots.label("承诺时限", "promised limit")),
              "statutory": ("#c62828", "-", plots.label("法定时限", "statutory limit"))}
    for key, (colour, style, label) in styles.items():
        value = limits.get(key)
        if value is not None:
            ax.axvline(value, color=colour, linestyle=style, linewidth=1.8, label=f"{label}: {value:g}")


def _cycle_plot(plots: Plots, samples: Sequence[float], summary: Summary, limits: dict[str, float | None],
                legal_clock: bool = False) -> str:
    xlabel = (plots.label("法定计时（工作日）", "time on the legal clock, working days") if legal_clock
              else plots.label("办结时间（工作日）", "cycle time, working days"))

    def draw(ax: Any) -> None:
        if samples:
            ax.hist(list(samples), bins=min(40, max(5, int(math.sqrt(len(samples))))), color="#90caf9",
                    edgecolor="#1e88e5")
            ax.set_ylabel(plots.label("件数", "cases"))
        else:  # no per-case times: the summary's percentiles as a strip
            markers = {"mean": "D", "p50": "o", "p90": "s", "p95": "^", "max": "v"}
            for name, marker in markers.items():
                value = getattr(summary, name).mean
                if not math.isnan(value):
                    ax.plot([value], [0], marker, markersize=8, alpha=0.8, label=f"{name} = {value:.2f}")
            ax.set_yticks([])
        _limit_lines(ax, plots, limits)
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
        return None, ("流程图需要 Graphviz：未找到 dot 程序。The flow diagram needs Graphviz's `dot`, which was not "
                      "found on the PATH (`approvalnet doctor` explains how to install it).")
    try:
        svg = render(process, "flow", "svg", overlay=heat_overlay(result, process)).decode("utf-8")
    except GraphvizError as error:
        return None, f"流程图未能绘制 the flow diagram could not be drawn: {error}"
    return inline_svg(svg), ("颜色：每次执行的平均等待时间（白→橙→红）；悬停查看数字。Colour: mean waiting time per "
                             "execution (white → orange → red); hover over a step for the figures.")


# --- the pages -------------------------------------------------------------------------------------

_CI = "（均值 ± 95 % 置信区间 mean ± 95 % CI）"


def report_html(result: SimulationResult, process: Process, *, cycle_times: Sequence[float] | None = None) -> str:
    """The report as HTML text. ``cycle_times``: per-case cycle times in working days for the
    histogram (default: the result's times on the legal clock, which the limits count, when it has
    them)."""
    legal_clock = cycle_times is None and bool(getattr(result, "clock_time_samples", ()))
    if cycle_times is None:
        cycle_times = getattr(result, "clock_time_samples", None) or getattr(result, "cycle_time_samples", None) or ()
    plots = Plots()
    if cycle_times and legal_clock:
        caption = ("法定计时（工作日，不含第四十五条所列时间与申请人时间）直方图，竖线为承诺与法定时限。"
                   f"Time on the legal clock of {len(cycle_times)} cases, in working days: the cycle time less "
                   "the Art. 45 steps and the applicant's time, which is what the promised and the statutory "
                   "limits (vertical lines) count.")
    elif cycle_times:
        caption = (f"办结时间直方图（工作日），竖线为承诺与法定时限。Cycle times of {len(cycle_times)} cases in "
                   "working days; the vertical lines are the promised and the statutory limits.")
    else:
        caption = ("结果中没有逐件办结时间，只画出均值与分位数。The result holds no per-case cycle times, so the mean "
                   "and percentiles are drawn instead of a histogram, against the limits.")
    names = ("mean", "p50", "p90", "p95", "max")
    series = tuple(getattr(result, "wip_series", ()) or ())
    svg, svg_note = heat_diagram(result, process)
    return page(
        "simulation.html.j2", title=f"{result.name} ({result.process}) — 仿真报告 simulation report", r=result,
        process=process, limits=_limit_text(process), ci=_CI if result.replications > 1 else "",
        outcomes=[[f"结果 ended {outcome}", f"{share * 100:.1f} %"] for outcome, share in result.outcomes.items()],
        cycle_rows=[["工作日 working days", *(estimate(getattr(result.cycle_time_workdays, n)) for n in names)],
                    ["自然日 calendar days", *(estimate(getattr(result.cycle_time_days, n)) for n in names)]],
        cycle_plot=_cycle_plot(plots, cycle_times, result.cycle_time_workdays, limits_workdays(process), legal_clock),
        cycle_caption=caption,
        lanes=[[lane.lane, lane.name, str(lane.staff), f"{lane.offered_load * 100:.1f} %", percent(lane.utilization),
                estimate(lane.mean_queue), estimate(lane.max_queue, 0)] for lane in result.bottlenecks],
        utilization_plot=utilization_plot(plots, result.lanes), queue_plot=queue_plot(plots, result.bottlenecks),
        steps=[[s.step, s.name, s.lane, f"{s.visits:.2f}", estimate(s.waiting_minutes, 1),
                estimate(s.working_minutes, 1)] for s in result.steps],
        wip_plot=wip_plot(plots, series) if series else None, svg=svg, svg_note=svg_note,
        chinese_font=plots.font is not None)


def centre_report_html(result: CentreResult) -> str:
    """The report of a centre's simulation as HTML text."""
    plots = Plots()
    windows_first = [p for p in result.bottlenecks if p.kind == "window"] + [
        p for p in result.bottlenecks if p.kind != "window"]
    return page(
        "centre.html.j2", title=f"{result.name} — 中心仿真报告 centre simulation", r=result,
        ci=_CI if result.replications > 1 else "",
        pools=[[p.pool, p.name, p.kind, str(p.staff), f"{p.offered_load * 100:.1f} %", percent(p.utilization),
                estimate(p.mean_queue), estimate(p.max_queue, 0), str(p.peak_hour or "–")] for p in result.bottlenecks],
        pool_plot=utilization_plot(plots, result.bottlenecks), queue_plot=queue_plot(plots, windows_first, 6),
        departments=[[d.department, d.name, str(d.items), f"{d.per_workday:.1f}", estimate(d.throughput_per_workday),
                      estimate(d.mean_cycle_workdays), percent(d.on_time_promised)] for d in result.departments],
        late=[[i.code, i.name, f"{i.per_workday:g}", estimate(i.cycle_time_workdays.mean),
               estimate(i.cycle_time_workdays.p90), percent(i.on_time_promised)] for i in result.most_late(15)],
        wip_plot=wip_plot(plots, result.wip_series) if result.wip_series else None,
        items=[[i.code, i.name, i.department or "–", f"{i.per_workday:g}", estimate(i.throughput_per_workday),
                estimate(i.cycle_time_workdays.mean), estimate(i.cycle_time_workdays.p90),
                percent(i.on_time_promised), percent(i.on_time_statutory)] for i in result.items],
        chinese_font=plots.font is not None)


def write_report(result: SimulationResult, process: Process, path: Any, *,
                 cycle_times: Sequence[float] | None = None) -> None:
    """Write the HTML report of ``result`` for ``process`` to ``path``, atomically."""
    write_atomic(path, report_html(result, process, cycle_times=cycle_times))
