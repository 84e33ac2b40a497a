"""Staffing searches and sweeps for people: rich tables in the terminal and HTML pages."""

from __future__ import annotations

import math
from typing import Any

from ..centre.staffing import MAX_EVALUATIONS, Interval, PoolRow, StaffingResult, SweepResult
from ..i18n import N_, _
from ..sim.kpis import Estimate
from .html import estimate, page, percent
from .plots import Plots


def targets_text(on_time: float | None, statutory: float | None = None, max_wait: float | None = None,
                 max_utilization: float | None = None) -> str:
    """The targets of a staffing search in the reader's language, each a whole phrase."""
    parts = []
    if on_time is not None:
        parts.append(_("on time (promised limit) ≥ {rate}").format(rate=f"{on_time * 100:.1f} %"))
    if statutory is not None:
        parts.append(_("on time (statutory limit) ≥ {rate}").format(rate=f"{statutory * 100:.1f} %"))
    if max_wait is not None:
        parts.append(_("mean wait ≤ {minutes} minutes in every pool").format(minutes=f"{max_wait:g}"))
    if max_utilization is not None:
        parts.append(_("utilization ≤ {rate}").format(rate=f"{max_utilization * 100:.0f} %"))
    return _("; ").join(parts)


def _targets(result: StaffingResult) -> str:
    t = result.targets
    return targets_text(t.on_time, t.statutory, t.max_wait, t.max_utilization)


def _shown(value: Interval | None, fallback: Estimate) -> Estimate:
    """A figure at the search's confidence as an ``Estimate`` (mean ± half-width) for the tables."""
    if value is None:
        return fallback
    return Estimate(value.mean, value.half if math.isfinite(value.half) else None)


def answer_text(row: PoolRow) -> str:
    """``7 (6–8)``: the answer and the levels that cannot be told from the target; ``*`` when undecided."""
    span = f"{row.low}–{row.high}" if row.low != row.high else ""
    return f"{row.staff}" + (f" ({span})" if span else "") + ("" if row.decided else " *")


def total_text(result: StaffingResult) -> str:
    low, high = result.total_range
    return f"{result.total}" + (f" ({low}–{high})" if (low, high) != (result.total, result.total) else "")


def _confidence(result: StaffingResult) -> str:
    return f"{(result.precision.confidence if result.precision else 0.95) * 100:g} %"


def explanations(result: StaffingResult) -> list[str]:
    """The sentences under the table: how sure the answer is, and what was not decided."""
    precision = result.precision
    if precision is None or result.out_of_reach:
        return []
    lines = [_("Each answer is the smallest staff whose mean meets the targets; in brackets, the levels that "
               "cannot be told from the target at {confidence} confidence, the last of them meeting it with that "
               "confidence. Precision: ±{wait} minutes for a mean wait, ±{share} for a share.").format(
        confidence=_confidence(result), wait=f"{precision.wait:g}", share=f"{precision.on_time * 100:g} %")]
    undecided = [r.pool for r in result.rows if not r.decided]
    if undecided:
        lines.append(_("* cannot be decided within {n} replications: {pools} (the answer's interval is still wider "
                       "than the precision); raise --max-replications or the precision")
                     .format(n=precision.most, pools=", ".join(undecided)))
    return lines


def print_staffing(result: StaffingResult, console: Any = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    console.print(_("{name} — staffing for: {targets}").format(name=f"[bold]{escape(result.name)}[/bold]",
                                                              targets=escape(_targets(result))))
    console.print(_("{n} staffings simulated, {all} replications of {days} working days in all, {replications} "
                    "for the answer (common random numbers: the same seeds for every staffing)").format(
        n=result.evaluations, all=result.total_replications, days=f"{result.days:g}",
        replications=result.replications))
    title = (_("Targets out of reach of staffing: the KPIs with ample staff (mean ± {confidence} CI)")
             if result.out_of_reach else _("Smallest staff that meets the targets (mean ± {confidence} CI)")).format(
        confidence=_confidence(result))
    table = Table(title=title)
    names = (_("pool"), _("name"), _("kind"))
    for column in (*names, _("in file"), _("Erlang C start"), _("ample") if result.out_of_reach else _("answer"),
                   _("utilization"), _("mean wait (minutes)")):
        # names fold onto more lines in a narrow terminal rather than being cut
        table.add_column(column, justify="left" if column in names else "right", overflow="fold")
    from .simulation import kind_text

    for r in result.rows:
        table.add_row(r.pool, r.name, kind_text(r.kind), str(r.given), str(r.start), answer_text(r),
                      percent(_shown(r.busy, r.utilization)), estimate(_shown(r.wait, r.mean_wait), 1))
    table.add_row(_("total"), "", "", str(sum(r.given for r in result.rows)), str(sum(r.start for r in result.rows)),
                  total_text(result), "", "", style="bold")
    console.print(table)
    for line in explanations(result):
        console.print(escape(line))
    console.print(_("achieved: on time (promised limit) {promised}, on time (statutory limit) {statutory}, "
                    "mean cycle time {cycle} working days").format(
        promised=percent(_shown(result.on_time, result.on_time_promised)),
        statutory=percent(_shown(result.statutory, result.on_time_statutory)),
        cycle=estimate(result.mean_cycle_workdays, 2)))
    if result.out_of_reach:
        console.print("[red]" + escape(_("not met: {misses}").format(misses=_("; ").join(result.misses))) + "[/red]")
    elif not result.met:
        console.print("[red]" + escape(_("not met within {n} simulations: {misses}").format(
            n=MAX_EVALUATIONS, misses=_("; ").join(result.misses))) + "[/red]")


def staffing_html(result: StaffingResult) -> str:
    from .simulation import kind_text

    rows = [[r.pool, r.name, kind_text(r.kind), str(r.given), str(r.start), answer_text(r),
             percent(_shown(r.busy, r.utilization)), estimate(_shown(r.wait, r.mean_wait), 1)] for r in result.rows]
    rows.append([_("total"), "", "", str(sum(r.given for r in result.rows)), str(sum(r.start for r in result.rows)),
                 total_text(result), "", ""])
    return page("staffing.html.j2", title=_("{name} — staffing").format(name=result.name), r=result, rows=rows,
                targets=_targets(result), misses=_("; ").join(result.misses), explanations=explanations(result),
                confidence=_confidence(result),
                promised=percent(_shown(result.on_time, result.on_time_promised)),
                statutory=percent(_shown(result.statutory, result.on_time_statutory)),
                cycle=estimate(result.mean_cycle_workdays, 2))


def print_sweep(result: SweepResult, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    table = Table(title=_("{name}: KPIs by the staff of {pool} ({pool_name}) (mean ± 95 % CI)").format(
        name=result.name, pool=result.pool, pool_name=result.pool_name))
    for column in (_("staff"), _("utilization"), _("mean wait (minutes)"), _("on time (promised)"),
                   _("on time (statutory)"), _("mean cycle time (working days)"), _("targets met")):
        # a Chinese header has no spaces to wrap at: fold it rather than cut it
        table.add_column(column, justify="right", overflow="fold")
    yes, no = _("yes"), _("no")
    for size in result.refused:
        table.add_row(str(size), "≥ 100 %", "∞", "–", "–", "–", no, style="dim")
    for r in result.rows:
        table.add_row(str(r.staff), percent(r.utilization), estimate(r.mean_wait, 1), percent(r.on_time_promised),
                      percent(r.on_time_statutory), estimate(r.mean_cycle_workdays, 2),
                      "–" if r.met is None else yes if r.met else no)
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
    return page("sweep.html.j2", title=_("{name} — staffing sweep").format(name=result.name), r=result, rows=rows,
                ci=_(" (mean ± 95 % confidence interval)"), plot=plots.png(draw, (8.0, 3.4)) if result.rows else None)
