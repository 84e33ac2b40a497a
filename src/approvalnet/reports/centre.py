"""Printing a centre's simulation for people (rich tables) and writing its HTML report."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..centre.simulate import CentreResult, PoolKpi
from ..fileio import write_atomic
from .simulation_html import _caption, _fmt, _para, _pct, _Plots, _table, _wip_plot, e, html_document


def _f(estimate: Any, digits: int = 2, percent: bool = False) -> str:
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    scale = 100.0 if percent else 1.0
    text = f"{estimate.mean * scale:.{digits - 1 if percent else digits}f}"
    if estimate.ci is not None and not math.isnan(estimate.ci):
        text += f" ± {estimate.ci * scale:.{digits - 1 if percent else digits}f}"
    return text + (" %" if percent else "")


def print_centre(result: CentreResult, console: Any = None, items: int = 10) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    stop = f"{result.days:g} working days" if result.days is not None else f"{result.cases} cases"
    console.print(f"[bold]{result.name}[/bold] ({result.code}) — {len(result.items)} items, {stop}, warm-up "
                  f"{result.warmup_days:g} days, {result.replications} replication(s), seed {result.seed}")
    console.print(f"{result.per_workday:.1f} applications per working day over all items")
    for note in result.warnings:
        console.print(f"[yellow]warning: {note}[/yellow]")
    ci = " (mean ± 95 % CI)" if result.replications > 1 else ""

    overview = Table(title=f"Centre{ci}", show_header=False)
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    overview.add_row("arrived / finished / in progress (all runs)",
                     f"{result.arrived} / {result.completed} / {result.in_progress}")
    overview.add_row("throughput per working day", _f(result.throughput_per_workday))
    overview.add_row("cycle time, working days (mean)", _f(result.cycle_time_workdays.mean))
    overview.add_row("cycle time, working days (p90)", _f(result.cycle_time_workdays.p90))
    overview.add_row("on time (promised limits)", _f(result.on_time_promised, percent=True))
    overview.add_row("on time (statutory limits)", _f(result.on_time_statutory, percent=True))
    overview.add_row("work in progress (mean cases)", _f(result.wip_mean))
    console.print(overview)

    pools = Table(title=f"Windows and departments, busiest first{ci}")
    for column in ("pool", "name", "kind", "staff", "offered load", "utilization", "mean queue", "max queue",
                   "peak hour"):
        pools.add_column(column, justify="right" if column not in ("pool", "name", "kind") else "left")
    for pool in result.bottlenecks:
        pools.add_row(pool.pool, pool.name, pool.kind, str(pool.staff), f"{pool.offered_load * 100:.1f} %",
                      _f(pool.utilization, percent=True), _f(pool.mean_queue), _f(pool.max_queue, digits=0),
                      str(pool.peak_hour or "–"))
    console.print(pools)

    departments = Table(title=f"Departments{ci}")
    for column in ("department", "name", "items", "per day", "throughput", "cycle (wd)", "on time (promised)"):
        departments.add_column(column, justify="left" if column in ("department", "name") else "right")
    for d in result.departments:
        departments.add_row(d.department, d.name, str(d.items), f"{d.per_workday:.1f}", _f(d.throughput_per_workday),
                            _f(d.mean_cycle_workdays), _f(d.on_time_promised, percent=True))
    console.print(departments)

    late = result.most_late(items)
    if late:
        table = Table(title=f"Items that miss their promised limit most often{ci}")
        for column in ("item", "name", "per day", "cycle (wd) mean", "p90", "on time (promised)"):
            table.add_column(column, justify="left" if column in ("item", "name") else "right")
        for item in late:
            table.add_row(item.code, item.name, f"{item.per_workday:g}", _f(item.cycle_time_workdays.mean),
                          _f(item.cycle_time_workdays.p90), _f(item.on_time_promised, percent=True))
        console.print(table)
    else:
        console.print("[green]every item kept its promised limit in every simulated case[/green]")


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


def write_centre_report(result: CentreResult, path: Any) -> None:
    write_atomic(path, centre_report_html(result))
