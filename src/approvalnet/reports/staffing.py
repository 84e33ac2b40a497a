"""Staffing searches and sweeps for people: rich tables in the terminal and HTML pages."""

from __future__ import annotations

from typing import Any

from ..centre.staffing import MAX_EVALUATIONS, StaffingResult, SweepResult
from ..i18n import N_
from .html import estimate, page, percent
from .plots import Plots


def print_staffing(result: StaffingResult, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]{result.name}[/bold] — staffing for: {result.targets.describe()}")
    console.print(f"{result.evaluations} simulations of {result.days:g} working days × {result.replications} "
                  "replications (same seeds each time)")
    title = ("Targets out of reach of staffing: the KPIs with ample staff (mean ± 95 % CI)" if result.out_of_reach
             else "Smallest staff that meets the targets (mean ± 95 % CI)")
    table = Table(title=title)
    for column in ("pool", "name", "kind", "in file", "Erlang C start",
                   "ample" if result.out_of_reach else "answer", "utilization", "mean wait (min)"):
        table.add_column(column, justify="left" if column in ("pool", "name", "kind") else "right")
    for r in result.rows:
        change = r.staff - r.given
        mark = f" ({change:+d})" if change else ""
        table.add_row(r.pool, r.name, r.kind, str(r.given), str(r.start), f"{r.staff}{mark}",
                      percent(r.utilization), estimate(r.mean_wait, 1))
    table.add_row("total", "", "", str(sum(r.given for r in result.rows)), str(sum(r.start for r in result.rows)),
                  str(result.total), "", "", style="bold")
    console.print(table)
    console.print(f"achieved: on time (promised) {percent(result.on_time_promised)}, on time (statutory) "
                  f"{percent(result.on_time_statutory)}, mean cycle time {estimate(result.mean_cycle_workdays, 2)} "
                  "working days")
    if result.out_of_reach:
        console.print(f"[red]not met: {'; '.join(result.misses)}[/red]")
    elif not result.met:
        console.print(f"[red]not met within {MAX_EVALUATIONS} simulations: {'; '.join(result.misses)}[/red]")


def staffing_html(result: StaffingResult) -> str:
    rows = [[r.pool, r.name, r.kind, str(r.given), str(r.start), str(r.staff), percent(r.utilization),
             estimate(r.mean_wait, 1)] for r in result.rows]
    rows.append(["total", "", "", str(sum(r.given for r in result.rows)), str(sum(r.start for r in result.rows)),
                 str(result.total), "", ""])
    return page("staffing.html.j2", title=f"{result.name} — staffing", r=result, rows=rows,
                promised=percent(result.on_time_promised), statutory=percent(result.on_time_statutory),
                cycle=estimate(result.mean_cycle_workdays, 2))


def print_sweep(result: SweepResult, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    table = Table(title=f"{result.name}: KPIs by the staff of {result.pool} ({result.pool_name}) (mean ± 95 % CI)")
    for column in ("staff", "utilization", "mean wait (min)", "on time (promised)", "on time (statutory)",
                   "mean cycle (wd)", "targets"):
        table.add_column(column, justify="right")
    for size in result.refused:
        table.add_row(str(size), "≥ 100 %", "∞", "–", "–", "–", "no", style="dim")
    for r in result.rows:
        table.add_row(str(r.staff), percent(r.utilization), estimate(r.mean_wait, 1), percent(r.on_time_promised),
                      percent(r.on_time_statutory), estimate(r.mean_cycle_workdays, 2),
                      "–" if r.met is None else "yes" if r.met else "no")
    console.print(table)


def sweep_html(result: SweepResult) -> str:
    plots = Plots()

    def draw(ax: Any) -> None:
        sizes = [r.staff for r in result.rows]
        ax.plot(sizes, [r.mean_wait.mean for r in result.rows], marker="o", color="#1e88e5")
        ax.set_xlabel(plots.label(N_("staff")))
        ax.set_ylabel(plots.label(N_("mean wait (minutes)")), color="#1e88e5")
        ax.set_ylim(bottom=0)
        twin = ax.twinx()
        twin.plot(sizes, [r.on_time_promised.mean for r in result.rows], marker="s", color="#2e7d32")
        twin.set_ylim(0, 1.05)
        twin.set_ylabel(plots.label(N_("on time (promised limit)")), color="#2e7d32")

    rows = [[str(r.staff), percent(r.utilization), estimate(r.mean_wait, 1), percent(r.on_time_promised),
             percent(r.on_time_statutory), estimate(r.mean_cycle_workdays, 2)] for r in result.rows]
    return page("sweep.html.j2", title=f"{result.name} — sweep", r=result, rows=rows,
                plot=plots.png(draw, (8.0, 3.4)) if result.rows else None)

