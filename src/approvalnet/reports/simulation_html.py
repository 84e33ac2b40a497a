"""The HTML report of a simulation: one self-contained file, for people.

Everything is inside the file: the CSS, the plots as PNG ``data:`` images, the flow diagram as inline
SVG. Nothing is fetched from the network, so the report opens the same on an office machine without
Internet access. The plots are drawn by matplotlib (a dependency of pm4py), imported only here, on
its Agg canvas without pyplot, so no global backend or figure state is touched. Chinese labels use
"Noto Sans CJK SC" when matplotlib finds it, another Chinese font otherwise, and with none the
labels are drawn in English only (no missing-glyph warnings).

    write_report(simulate(process, days=250), process, "report.html")
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import warnings
from collections.abc import Sequence
from typing import Any

from ..centre.simulate import CentreResult
from ..fileio import write_atomic
from ..language.quantity import Quantity
from ..language.types import Process
from ..sim.kpis import Estimate, PoolKpi, SimulationResult, Summary

# Preferred first; any family whose name says CJK (Chinese first) after these.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Serif CJK SC")

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #1f2937; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.8em;
       border-bottom: 1px solid #e5e7eb; padding-bottom: 0.2em; }
.facts { color: #4b5563; margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #d1d5db; padding: 0.25em 0.6em; }
th { background: #f3f4f6; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.warn { color: #92400e; background: #fef3c7; padding: 0.3em 0.6em; margin: 0.3em 0; }
.note { color: #6b7280; font-style: italic; }
figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; }
.diagram { overflow-x: auto; border: 1px solid #e5e7eb; padding: 0.5em; }
.diagram svg { max-width: 100%; height: auto; }
footer { margin-top: 2em; color: #9ca3af; font-size: 0.85em; }
"""



def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(estimate: Estimate | None, *, scale: float = 1.0, digits: int = 2, unit: str = "") -> str:
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    text = f"{estimate.mean * scale:.{digits}f}"
    if estimate.ci is not None and not math.isnan(estimate.ci):
        text += f" ± {estimate.ci * scale:.{digits}f}"
    return text + unit


def _pct(estimate: Estimate | None) -> str:
    return _fmt(estimate, scale=100, digits=1, unit=" %")


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


# --- plots --------------------------------------------------------------------------------------

def cjk_font() -> str | None:
    """A font family matplotlib knows that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return name
    cjk = sorted(n for n in names if "CJK" in n)
    return next((n for n in cjk if n.endswith(" SC")), cjk[0] if cjk else None)


class _Plots:
    """Draws figures to PNG ``data:`` URLs with one font set-up; labels lose their Chinese without a CJK font."""

    def __init__(self) -> None:
        self.font = cjk_font()

    def label(self, zh: str, en: str) -> str:
        return f"{zh} {en}" if self.font else en

    def png(self, draw: Any, size: tuple[float, float] = (8.0, 3.6)) -> str:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        families = [self.font, "DejaVu Sans"] if self.font else ["DejaVu Sans"]
        with matplotlib.rc_context({"font.family": families, "axes.unicode_minus": False}), \
                warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            fig = Figure(figsize=size, dpi=110)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            draw(ax)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", metadata={"Software": None})
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _limit_lines(ax: Any, plots: _Plots, limits: dict[str, float | None]) -> None:
    styles = {"promised": ("#f57c00", "--", plots.label("承诺时限", "promised limit")),
              "statutory": ("#c62828", "-", plots.label("法定时限", "statutory limit"))}
    for key, (colour, style, label) in styles.items():
        value = limits.get(key)
        if value is not None:
            ax.axvline(value, color=colour, linestyle=style, linewidth=1.8, label=f"{label}: {value:g}")


def _cycle_plot(plots: _Plots, samples: Sequence[float], summary: Summary, limits: dict[str, float | None],
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


def _utilization_plot(plots: _Plots, result: SimulationResult) -> str | None:
    from ..sim.heat import heat_colour

    lanes = [lane for lane in result.lanes if lane.staff and not math.isnan(lane.utilization.mean)]
    if not lanes:
        return None

    def draw(ax: Any) -> None:
        names = [lane.name if plots.font else lane.lane for lane in lanes]
        values = [lane.utilization.mean for lane in lanes]
        errors = [lane.utilization.ci or 0.0 for lane in lanes]
        ax.bar(names, values, yerr=errors if any(errors) else None, capsize=4,
               color=[heat_colour(v) for v in values], edgecolor="#6b7280")
        ax.axhline(1.0, color="#c62828", linewidth=1.2)
        ax.set_ylim(0, max(1.1, max(values) + 0.05))
        ax.set_ylabel(plots.label("利用率", "utilization"))
        ax.tick_params(axis="x", labelrotation=20 if len(lanes) > 4 else 0)

    return plots.png(draw, (8.0, 3.2))


def queue_plot(plots: _Plots, lanes: Sequence[Any], start_hour: float = 0.0) -> str | None:
    """Mean queue of each staffed lane in each hour of the office day: where the peak hour is."""
    lanes = [lane for lane in lanes if lane.staff and lane.queue_by_hour and max(lane.queue_by_hour) > 0]
    if not lanes:
        return None

    def draw(ax: Any) -> None:
        for lane in lanes:
            hours = range(1, len(lane.queue_by_hour) + 1)
            ax.plot(hours, lane.queue_by_hour, marker="o", label=lane.name if plots.font else lane.lane)
        ax.set_xlabel(plots.label("办公时间第几小时", "hour of the office day"))
        ax.set_ylabel(plots.label("平均排队件数", "cases waiting (mean)"))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)

    return plots.png(draw, (8.0, 3.0))


def _wip_plot(plots: _Plots, series: Sequence[tuple[float, int]]) -> str:
    def draw(ax: Any) -> None:
        ax.step([d for d, _ in series], [n for _, n in series], where="post", color="#1e88e5")
        ax.set_xlabel(plots.label("工作日", "working day"))
        ax.set_ylabel(plots.label("在办件数", "cases in progress"))
        ax.set_ylim(bottom=0)

    return plots.png(draw, (8.0, 3.0))


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
    # Inline SVG in HTML: no XML declaration, DOCTYPE (which names a DTD on the web) or comments.
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", "", svg, flags=re.DOTALL).strip()
    return svg, ("颜色：每次执行的平均等待时间（白→橙→红）；悬停查看数字。Colour: mean waiting time per execution "
                 "(white → orange → red); hover over a step for the figures.")


# --- the page -----------------------------------------------------------------------------------

def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None) -> str:
    numeric = numeric or [False] * len(head)
    out = ["<table><thead><tr>", *(f"<th>{e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = (f'<td class="n">{e(c)}</td>' if n else f"<td>{e(c)}</td>" for c, n in zip(row, numeric, strict=True))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _para(cls: str, text: str) -> str:
    return f'<p class="{cls}">{e(text)}</p>'


def _caption(text: str) -> str:
    return f"<figcaption>{e(text)}</figcaption></figure>"


def report_html(result: SimulationResult, process: Process, *, cycle_times: Sequence[float] | None = None) -> str:
    """The report as HTML text. ``cycle_times``: per-case cycle times in working days for the
    histogram (default: the result's times on the legal clock, which the limits count, when it has
    them)."""
    legal_clock = cycle_times is None and bool(getattr(result, "clock_time_samples", ()))
    if cycle_times is None:
        cycle_times = getattr(result, "clock_time_samples", None) or getattr(result, "cycle_time_samples", None) or ()
    ci = result.replications > 1
    ci_text = "（均值 ± 95 % 置信区间 mean ± 95 % CI）" if ci else ""
    limits = limits_workdays(process)
    plots = _Plots()
    parts: list[str] = []
    add = parts.append

    add(f"<header><h1>{e(result.name)}</h1>")
    facts = [f"事项编码 code: {result.process}", f"实施主体 authority: {process.authority.name}"]
    add(f'<p class="facts">{e(" · ".join(facts))}</p>')
    if _limit_text(process):
        add(f'<p class="facts"><b>{e(" · ".join(_limit_text(process)))}</b></p>')
    stop = f"{result.days:g} 个工作日 working days" if result.days is not None else f"{result.cases} 件 cases"
    run = [f"仿真 simulated: {stop}", f"预热 warm-up {result.warmup_days:g} days",
           f"重复 replications {result.replications}", f"种子 seed {result.seed}",
           f"到达 arrivals {result.per_workday:.3g} / 工作日 working day"]
    add(f'<p class="facts">{e(" · ".join(run))}</p></header>')
    if result.defaults_used:
        add(_para("warn", "文件无 simulation 部分：到达率按最忙车道 70 % 利用率设定，使用默认日历。No simulation: "
                          "section in the file: arrivals were set to load the busiest lane 70 %, on the default "
                          "calendar."))
    for note in result.warnings:
        add(f'<p class="warn">{e("警告 warning: " + note)}</p>')

    add(f"<h2>{e('关键指标 Key figures' + ci_text)}</h2>")
    add(_table(["指标 measure", "值 value"], [
        ["到达 / 办结 / 在办 arrived / finished / in progress (all runs)",
         f"{result.arrived} / {result.completed} / {result.in_progress}"],
        ["每工作日办结 throughput per working day", _fmt(result.throughput_per_workday)],
        ["承诺时限内办结 on time, promised limit", _pct(result.on_time_promised)],
        ["法定时限内办结 on time, statutory limit", _pct(result.on_time_statutory)],
        ["平均在办件数 work in progress, mean cases", _fmt(result.wip_mean)],
        *([f"结果 ended {outcome}", f"{share * 100:.1f} %"] for outcome, share in result.outcomes.items()),
    ], [False, True]))

    add(f"<h3>{e('办结时间 Cycle time' + ci_text)}</h3>")
    names = ("mean", "p50", "p90", "p95", "max")
    add(_table(["时钟 clock", *names], [
        ["工作日 working days", *(_fmt(getattr(result.cycle_time_workdays, n)) for n in names)],
        ["自然日 calendar days", *(_fmt(getattr(result.cycle_time_days, n)) for n in names)],
    ], [False, *[True] * 5]))
    add(f'<figure><img alt="{e("办结时间分布 cycle-time distribution")}" '
        f'src="{_cycle_plot(plots, cycle_times, result.cycle_time_workdays, limits, legal_clock)}">')
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
    add(f"<figcaption>{e(caption)}</figcaption></figure>")

    add(f"<h2>{e('人员利用率 Staff utilization' + ci_text)}</h2>")
    add(_table(["车道 lane", "名称 name", "人数 staff", "负荷 offered load", "利用率 utilization",
                "平均排队 mean queue", "最长排队 max queue"],
               [[lane.lane, lane.name, str(lane.staff), f"{lane.offered_load * 100:.1f} %", _pct(lane.utilization),
                 _fmt(lane.mean_queue), _fmt(lane.max_queue, digits=0)] for lane in result.bottlenecks],
               [False, False, True, True, True, True, True]))
    utilization = _utilization_plot(plots, result)
    if utilization:
        add(f'<figure><img alt="{e("各车道利用率 utilization per lane")}" src="{utilization}">'
            f"<figcaption>{e('各车道利用率，红线为 100 %。Utilization per staffed lane; the red line is 100 %.')}"
            "</figcaption></figure>")
    else:
        add(f'<p class="note">{e("没有配备人员的车道。No lane has staff.")}</p>')

    queues = queue_plot(plots, result.bottlenecks)
    if queues:
        add(f'<figure><img alt="{e("各时段排队 queue over the office day")}" src="{queues}">'
            + _caption("各车道在办公日每个小时的平均排队件数（全部重复）：高峰时段一目了然。Mean cases waiting "
                       "for each lane's staff in each hour of the office day, over all replications."))

    add(f"<h2>{e('各环节等待与办理 Waiting and working per step (office minutes per execution)' + ci_text)}</h2>")
    add(_table(["环节 step", "名称 name", "车道 lane", "次数 visits", "等待 waiting", "办理 working"],
               [[s.step, s.name, s.lane, f"{s.visits:.2f}", _fmt(s.waiting_minutes, digits=1),
                 _fmt(s.working_minutes, digits=1)] for s in result.steps],
               [False, False, False, True, True, True]))

    add(f"<h2>{e('在办件数 Work in progress')}</h2>")
    series = tuple(getattr(result, "wip_series", ()) or ())
    if series:
        add(f'<figure><img alt="{e("在办件数 work in progress")}" src="{_wip_plot(plots, series)}">'
            + _caption("每个工作日结束时的在办件数（第一次重复）。Cases in progress at the end of each working day "
                       "(first replication)."))
    else:
        add(_para("note", "结果中没有在办件数序列，此图从略。The result has no work-in-progress series; the plot "
                          "is left out."))

    add(f"<h2>{e('流程热度图 Flow diagram, heat of waiting')}</h2>")
    svg, note = heat_diagram(result, process)
    if svg is not None:
        add(f'<div class="diagram">{svg}</div>')
    add(f'<p class="note">{e(note)}</p>')

    if not plots.font:
        add(f'<p class="note">{e("No Chinese font was found for matplotlib: the plots are labelled in English.")}</p>')
    add(f"<footer>{e(f'approvalnet simulate · {result.file}')}</footer>")
    return html_document(f"{result.name} ({result.process}) — 仿真报告 simulation report", parts)


def html_document(title: str, parts: Sequence[str], css: str = CSS) -> str:
    """A whole self-contained HTML page (Chinese first) around ``parts``, already-escaped HTML."""
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_report(result: SimulationResult, process: Process, path: Any, *,
                 cycle_times: Sequence[float] | None = None) -> None:
    """Write the HTML report of ``result`` for ``process`` to ``path``, atomically."""
    write_atomic(path, report_html(result, process, cycle_times=cycle_times))


# --- a centre ---------------------------------------------------------------------------------------


def _pool_plot(plots: _Plots, pools: Sequence[PoolKpi]) -> str | None:
    from ..sim.heat import heat_colour

    staffed = [p for p in pools if p.staff and not math.isnan(p.utilization.mean)]
    if not staffed:
        return None

    def draw(ax: Any) -> None:
        names = [p.name if plots.font else p.pool for p in staffed]
        values = [p.utilization.mean for p in staffed]
        errors = [p.utilization.ci or 0.0 for p in staffed]
        ax.barh(names[::-1], values[::-1], xerr=errors[::-1] if any(errors) else None, capsize=3,
                color=[heat_colour(v) for v in values[::-1]], edgecolor="#6b7280")
        ax.axvline(1.0, color="#c62828", linewidth=1.2)
        ax.set_xlim(0, max(1.1, max(values) + 0.05))
        ax.set_xlabel(plots.label("利用率", "utilization"))

    return plots.png(draw, (8.0, 0.8 + 0.35 * len(staffed)))


def _queue_plot(plots: _Plots, pools: Sequence[PoolKpi]) -> str | None:
    shown = [p for p in pools if p.queue_by_hour and max(p.queue_by_hour) > 0][:6]
    if not shown:
        return None

    def draw(ax: Any) -> None:
        for p in shown:
            ax.plot(range(1, len(p.queue_by_hour) + 1), p.queue_by_hour, marker="o",
                    label=p.name if plots.font else p.pool)
        ax.set_xlabel(plots.label("办公时间第几小时", "hour of the office day"))
        ax.set_ylabel(plots.label("平均排队件数", "cases waiting (mean)"))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)

    return plots.png(draw, (8.0, 3.2))


def centre_report_html(result: CentreResult) -> str:
    plots = _Plots()
    parts: list[str] = []
    add = parts.append
    ci = "（均值 ± 95 % 置信区间 mean ± 95 % CI）" if result.replications > 1 else ""
    stop = f"{result.days:g} 个工作日 working days" if result.days is not None else f"{result.cases} cases"
    add(f"<h1>{e(result.name)} — 中心仿真报告 centre simulation</h1>")
    add(_para("facts", f"{len(result.items)} 个事项 items · {stop} · 预热 warm-up {result.warmup_days:g} · "
                       f"重复 replications {result.replications} · 种子 seed {result.seed} · "
                       f"日均申请 {result.per_workday:.1f} applications per working day"))
    for note in result.warnings:
        add(_para("warn", note))
    add(f"<h2>{e('全中心 The centre' + ci)}</h2>")
    add(_table(["指标 measure", "值 value"], [
        ["办结量/工作日 throughput per working day", _fmt(result.throughput_per_workday)],
        ["办结时间均值（工作日）mean cycle time, working days", _fmt(result.cycle_time_workdays.mean)],
        ["办结时间 p90（工作日）", _fmt(result.cycle_time_workdays.p90)],
        ["承诺时限内办结率 on time, promised", _pct(result.on_time_promised)],
        ["法定时限内办结率 on time, statutory", _pct(result.on_time_statutory)],
        ["平均在办件数 work in progress", _fmt(result.wip_mean)],
    ], [False, True]))

    add(f"<h2>{e('窗口与部门 Windows and departments' + ci)}</h2>")
    add(_table(["编号 pool", "名称 name", "类型 kind", "人数 staff", "负荷 offered load", "利用率 utilization",
                "平均排队 mean queue", "最长排队 max queue", "高峰时段 peak hour"],
               [[p.pool, p.name, p.kind, str(p.staff), f"{p.offered_load * 100:.1f} %", _pct(p.utilization),
                 _fmt(p.mean_queue), _fmt(p.max_queue, digits=0), str(p.peak_hour or "–")]
                for p in result.bottlenecks], [False, False, False, True, True, True, True, True, True]))
    image = _pool_plot(plots, result.bottlenecks)
    if image:
        add(f'<figure><img alt="{e("利用率 utilization")}" src="{image}">'
            + _caption("各窗口与部门的利用率，红线为 100 %。Utilization of each window and department pool."))
    windows = [p for p in result.bottlenecks if p.kind == "window"] + [
        p for p in result.bottlenecks if p.kind != "window"]
    image = _queue_plot(plots, windows)
    if image:
        add(f'<figure><img alt="{e("排队 queue over the day")}" src="{image}">'
            + _caption("办公日各小时的平均排队件数（窗口在前）：高峰时段。Mean queue in each hour of the office "
                       "day, windows first: the peak hour."))

    add(f"<h2>{e('部门 Departments' + ci)}</h2>")
    add(_table(["部门 department", "名称 name", "事项数 items", "日均申请 per day", "办结量/工作日 throughput",
                "办结时间 cycle (wd)", "承诺时限内 on time"],
               [[d.department, d.name, str(d.items), f"{d.per_workday:.1f}", _fmt(d.throughput_per_workday),
                 _fmt(d.mean_cycle_workdays), _pct(d.on_time_promised)] for d in result.departments],
               [False, False, True, True, True, True, True]))

    late = result.most_late(15)
    add(f"<h2>{e('最常超出承诺时限的事项 Items that miss their promised limit most often')}</h2>")
    if late:
        add(_table(["事项 item", "名称 name", "日均 per day", "均值 mean (wd)", "p90 (wd)", "承诺时限内 on time"],
                   [[i.code, i.name, f"{i.per_workday:g}", _fmt(i.cycle_time_workdays.mean),
                     _fmt(i.cycle_time_workdays.p90), _pct(i.on_time_promised)] for i in late],
                   [False, False, True, True, True, True]))
    else:
        add(_para("note", "所有事项在所有模拟件中均未超出承诺时限。Every item kept its promised limit."))

    if result.wip_series:
        add(f"<h2>{e('在办件数 Work in progress')}</h2>")
        add(f'<figure><img alt="{e("在办件数 work in progress")}" src="{_wip_plot(plots, result.wip_series)}">'
            + _caption("每个工作日开始时的在办件数（第一次重复）。Cases in progress at the start of each working day "
                       "(first replication)."))

    add(f"<h2>{e('全部事项 All items' + ci)}</h2>")
    add(_table(["事项 item", "名称 name", "部门 department", "日均 per day", "办结量 throughput", "均值 mean (wd)",
                "p90 (wd)", "承诺 promised", "法定 statutory"],
               [[i.code, i.name, i.department or "–", f"{i.per_workday:g}", _fmt(i.throughput_per_workday),
                 _fmt(i.cycle_time_workdays.mean), _fmt(i.cycle_time_workdays.p90), _pct(i.on_time_promised),
                 _pct(i.on_time_statutory)] for i in result.items],
               [False, False, False, True, True, True, True, True, True]))
    if not plots.font:
        add(_para("note", "No Chinese font was found for matplotlib: the plots are labelled in English."))
    add(f"<footer>{e(f'approvalnet simulate · {result.file}')}</footer>")
    return html_document(f"{result.name} — 中心仿真报告 centre simulation", parts)
