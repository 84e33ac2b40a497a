"""The backlog of an overloaded simulation, for people: the warning that no steady state exists, the
growth of the work in progress, when the limits start to be missed, the work in progress at the end
of each week and month, and the staff that would clear the backlog by a date (``sim.backlog``).

The same rows serve the terminal (``print_backlog``) and the HTML report (``backlog_context``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from rich.markup import escape

from ..i18n import _
from ..sim.backlog import PROMISED_TARGET, Backlog, BacklogPoint
from ..sim.kpis import Estimate, Kpis

# Above this many weeks the terminal shows the months only (the JSON and the report have every week).
WEEKS_SHOWN = 16
SHARE = f"{(1 - PROMISED_TARGET) * 100:g} %"


def overload_banner(result: Kpis) -> str | None:
    """The warning that the run has no steady state, naming the pools that cannot keep up; None when none."""
    if not result.overloaded:
        return None
    days = f"{result.days:g}" if result.days is not None else "–"
    return _("Overloaded: {pools} cannot keep up (offered load 100 % or more). The backlog grows for as long as "
             "the run lasts, so the figures describe these {days} working days, not a steady state.").format(
                 pools=", ".join(result.overloaded), days=days)


def summary_lines(backlog: Backlog, fmt: Callable[..., str]) -> list[str]:
    """The growth and the weeks in which the limits are first missed, as sentences."""
    lines = [_("The backlog grows by {rate} cases per working day (the slope of the work in progress over the second "
               "half of the run); {start} cases were in progress at the start of the {days} working days and {end} "
               "at their end.").format(rate=fmt(backlog.growth_per_workday), start=fmt(backlog.start_in_progress, 0),
                                       days=f"{backlog.window_workdays:g}", end=fmt(backlog.end_in_progress, 0))]
    weeks = {w.period: w for w in backlog.weeks}
    has_promised = any(w.late_promised is not None for w in backlog.weeks)
    has_statutory = any(w.late_statutory is not None for w in backlog.weeks)
    if backlog.first_missed_promised is not None:
        week = weeks[backlog.first_missed_promised]
        lines.append(_("The promised limits start to be missed with the applications of the week ending {date} "
                       "({week}): more than {share} of them miss it.").format(share=SHARE, date=week.date,
                                                                              week=week.period))
    elif has_promised:
        lines.append(_("The promised limits hold: in no week do more than {share} of the applications miss "
                       "them.").format(share=SHARE))
    if backlog.first_missed_statutory is not None:
        week = weeks[backlog.first_missed_statutory]
        lines.append(_("The statutory limits start to be missed with the applications of the week ending {date} "
                       "({week}).").format(date=week.date, week=week.period))
    elif has_statutory:
        lines.append(_("No application missed its statutory limit."))
    lines.append(_("Late arrivals: the share of the applications that arrived in the week or month known to miss "
                   "the limit by the end of the run (finished late, or still in progress past it)."))
    return lines


def point_rows(points: tuple[BacklogPoint, ...], fmt: Callable[..., str]) -> list[list[str]]:
    """A row per week or month: the period, its last working day, cases in progress, finished, and the
    shares of its arrivals that miss the limits."""
    return [[p.period + ("" if p.complete else " *"), p.date, fmt(p.in_progress, 0), fmt(p.finished, 0),
             fmt(p.late_promised, percent=True), fmt(p.late_statutory, percent=True)] for p in points]


def pool_rows(backlog: Backlog, fmt: Callable[..., str], names: bool = True) -> list[list[str]]:
    """A row per pool that cannot keep up, or that too few staff would leave behind by the date (the
    terminal leaves out the pool's name, for width)."""
    return [[p.pool, *((p.name,) if names else ()), str(p.staff), f"{p.offered_load * 100:.1f} %",
             f"{p.expected_growth:.2f}", fmt(p.queue_at_end, 0), fmt(p.owed_staff_days, 1), str(p.staff_to_keep_up),
             str(p.staff_to_clear)]
            for p in backlog.pools if p.overloaded or p.staff_to_clear > p.staff]


def pool_columns(names: bool = True) -> tuple[str, ...]:
    return (_("pool"), *((_("name"),) if names else ()), _("staff"), _("offered load"),
            _("queue grows (cases per working day)"), _("queue at the end (cases)"),
            _("work owed (staff working days)"), _("staff to keep up"), _("staff to clear"))


def point_columns(months: bool) -> tuple[str, ...]:
    return (_("month") if months else _("week"), _("last working day"), _("cases in progress"),
            _("finished in the month") if months else _("finished in the week"),
            _("arrivals late (promised)"), _("arrivals late (statutory)"))


def clearing_note(backlog: Backlog) -> str:
    return _("Staff to keep up: the fewest whose offered load is below 100 %. Staff to clear: enough office time over "
             "the {days} working days from {end} to {date} for the work still arriving and the work owed at the end "
             "of the run (the expected work of every case that arrived, less the work done), with all of them busy "
             "all the time: add a margin. Give --clear-by DATE for another date.").format(
                 days=f"{backlog.clear_workdays:g}", end=backlog.run_end, date=backlog.clear_by)


def print_backlog(result: Kpis, console: Any, fmt: Callable[..., str]) -> None:
    """The backlog section of the terminal output (only for a run in which a pool cannot keep up)."""
    from .simulation import _table

    backlog = result.backlog
    if backlog is None or backlog.steady:
        return
    table = functools.partial(_table, width=console.width)
    ci = _(" (mean ± 95 % CI)") if result.replications > 1 else ""
    for line in summary_lines(backlog, fmt):
        console.print(escape(line))
    if len(backlog.weeks) <= WEEKS_SHOWN:
        console.print(table(_("Backlog at the end of each week{ci}").format(ci=ci), point_columns(False), 2,
                            point_rows(backlog.weeks, fmt)), soft_wrap=False)
    console.print(table(_("Backlog at the end of each month{ci}").format(ci=ci), point_columns(True), 2,
                        point_rows(backlog.months, fmt)), soft_wrap=False)
    if any(not p.complete for p in (*backlog.weeks, *backlog.months)):
        console.print(escape(_("* the run ended before the week or month did")))
    rows = pool_rows(backlog, fmt, names=False)
    if rows:
        title = _("Pools that cannot keep up, and the staff to clear their backlog by {date}{ci}")
        console.print(table(title.format(date=backlog.clear_by, ci=ci), pool_columns(names=False), 1, rows),
                      soft_wrap=False)
        console.print(escape(clearing_note(backlog)))


def backlog_context(result: Kpis) -> dict[str, Any] | None:
    """What the HTML reports show of the backlog (only for a run in which a pool cannot keep up)."""
    from .html import estimate
    from .html import percent as share
    from .plots import Plots, backlog_plot

    backlog = result.backlog
    if backlog is None or backlog.steady:
        return None

    def html_fmt(value: Estimate | None, digits: int = 2, percent: bool = False) -> str:
        return share(value) if percent else estimate(value, digits)

    return {"lines": summary_lines(backlog, html_fmt), "weeks": point_rows(backlog.weeks, html_fmt),
            "months": point_rows(backlog.months, html_fmt), "week_columns": point_columns(False),
            "month_columns": point_columns(True), "pools": pool_rows(backlog, html_fmt),
            "pool_columns": pool_columns(), "clear_by": backlog.clear_by, "note": clearing_note(backlog),
            "partial": any(not p.complete for p in (*backlog.weeks, *backlog.months)),
            "plot": backlog_plot(Plots(), backlog)}
