"""The results of a simulation, of one process or of a centre, for people: rich tables in the terminal.

``print_result`` prints both: the run and its warnings, the overview, the cycle time and the staff
pools, busiest first; a process adds its steps, a centre its departments and the items most often late.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Sequence
from typing import Any

from rich.markup import escape

from ..centre.simulate import CentreResult
from ..i18n import N_, _, ngettext
from ..language.semantics import office_periods
from ..sim.kpis import Estimate, Kpis, SimulationResult, Summary


def _fmt(estimate: Estimate | None, digits: int = 2, percent: bool = False, spaced: bool = False) -> str:
    """A mean and its 95 % interval: ``1.23±0.05``, ``45.0 %±1.2``; ``spaced``: ``1.23 ± 0.05``, ``45.0 ± 1.2 %``
    (how a centre's figures have always been printed)."""
    if estimate is None or math.isnan(estimate.mean):
        return "–"
    scale, digits = (100.0, 1) if percent else (1.0, digits)
    mean = f"{estimate.mean * scale:.{digits}f}"
    if spaced:
        ci = "" if estimate.ci is None or math.isnan(estimate.ci) else f" ± {estimate.ci * scale:.{digits}f}"
        return mean + ci + (" %" if percent else "")
    mean += " %" if percent else ""
    return mean if estimate.ci is None else f"{mean}±{estimate.ci * scale:.{digits}f}"


def _console(console: Any) -> Any:
    from rich.console import Console

    return console or Console(highlight=False, soft_wrap=True)


def _measures(title: str, rows: list[tuple[str, str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_header=False)
    # a measure's name may be long Chinese, which has no spaces to wrap at: fold it, never cut it
    table.add_column("measure", overflow="fold")
    table.add_column("value", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def _table(title: str, columns: tuple[str, ...], left: int, rows: list[list[str]], width: int = 80) -> Any:
    """A table whose first ``left`` columns are names (left-aligned) and the others figures.

    Names fold onto more lines when the terminal is narrow (Chinese has no spaces to wrap at, and
    rich would otherwise cut "昆明市政务服务中心" to "昆明 …"); rich measures wide characters as two
    columns, so the borders stay straight. A figure keeps its line (its header wraps instead) as long
    as the figures fit in ``width`` columns."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Table

    widest = [max((cell_len(row[n]) for row in rows), default=1) for n in range(len(columns))]

    def build(names: list[int], figures: bool) -> Table:
        table = Table(title=title)
        for n, column in enumerate(columns):
            if n < left:
                table.add_column(column, justify="left", overflow="fold", min_width=names[n])
            else:
                table.add_column(column, justify="right", overflow="fold", min_width=widest[n] if figures else None)
        for row in rows:
            table.add_row(*row)
        return table

    # the widest layout that fits: names of at least four Chinese characters (else two), figures whole
    # (else folded too); measured by rich itself, which counts a Chinese character as two columns
    # (printing it to measure would not do: rich crops every line to the console's width)
    measure = Console(width=10_000, file=io.StringIO(), color_system=None)
    for names, figures in (([min(w, 8) for w in widest[:left]], True), ([min(w, 4) for w in widest[:left]], True),
                           ([min(w, 4) for w in widest[:left]], False)):
        table = build(names, figures)
        if Measurement.get(measure, measure.options, table).minimum <= width:
            break
    return table


def print_result(result: Kpis, console: Any = None, items: int = 10,
                 office_hours: Sequence[str] | None = None) -> None:
    """Print a process's or a centre's simulation (a centre: at most ``items`` of its late items).
    ``office_hours`` (``["09:00-12:00", …]``) turn the peak hour into clock times."""
    console = _console(console)
    table = functools.partial(_table, width=console.width)
    centre = result if isinstance(result, CentreResult) else None
    process = result if isinstance(result, SimulationResult) else None

    def f(estimate: Estimate | None, digits: int = 2, percent: bool = False) -> str:
        return _fmt(estimate, digits, percent, spaced=centre is not None)

    name = escape(result.name)
    if centre:
        if result.days is not None:
            head = ngettext("{name} ({code}) — {items} item, {days} working days, warm-up {warmup} working days, "
                            "{replications} replication(s), seed {seed}",
                            "{name} ({code}) — {items} items, {days} working days, warm-up {warmup} working days, "
                            "{replications} replication(s), seed {seed}", len(centre.items))
        else:
            head = ngettext("{name} ({code}) — {items} item, {cases} cases, warm-up {warmup} working days, "
                            "{replications} replication(s), seed {seed}",
                            "{name} ({code}) — {items} items, {cases} cases, warm-up {warmup} working days, "
                            "{replications} replication(s), seed {seed}", len(centre.items))
    elif result.days is not None:
        head = _("{name} ({code}) — {days} working days, warm-up {warmup} working days, "
                 "{replications} replication(s), seed {seed}")
    else:
        head = _("{name} ({code}) — {cases} cases, warm-up {warmup} working days, "
                 "{replications} replication(s), seed {seed}")
    console.print(head.format(name=f"[bold]{name}[/bold]", code=escape(result.code),
                              items=len(centre.items) if centre else 0,
                              days=f"{result.days:g}" if result.days is not None else "",
                              cases=result.cases, warmup=f"{result.warmup_days:g}",
                              replications=result.replications, seed=result.seed))
    if centre:
        console.print(_("{rate} applications per working day over all items").format(rate=f"{result.per_workday:.1f}"))
    elif process and process.defaults_used:
        console.print("[yellow]" + escape(_(
            "no 'simulation:' section: assumed {rate} arrivals per working day (the busiest lane 70 % busy) "
            "and the default calendar").format(rate=f"{result.per_workday:.3g}")) + "[/yellow]")
    else:
        console.print(_("{rate} arrivals per working day").format(rate=f"{result.per_workday:g}"))
    for warning in result.warnings:
        console.print("[yellow]" + escape(_("warning: {note}").format(note=warning)) + "[/yellow]")
    from .backlog import overload_banner, print_backlog

    banner = overload_banner(result)
    if banner:
        console.print("[bold red]" + escape(banner) + "[/bold red]")
    ci = _(" (mean ± 95 % CI)") if result.replications > 1 else ""

    cycle = result.cycle_time_workdays
    overview = [(_("arrived / finished / in progress (all runs)"),
                 f"{result.arrived} / {result.completed} / {result.in_progress}"),
                (_("throughput (cases per working day)"), f(result.throughput_per_workday))]
    if centre:
        overview += [(_("cycle time, mean (working days)"), f(cycle.mean)),
                     (_("cycle time, p90 (working days)"), f(cycle.p90)),
                     # a centre's rates are over the limits of many items
                     (_("on time (promised limits)"), f(result.on_time_promised, percent=True)),
                     (_("on time (statutory limits)"), f(result.on_time_statutory, percent=True))]
    else:
        overview += [(_("on time (promised limit)"), f(result.on_time_promised, percent=True)),
                     (_("on time (statutory limit)"), f(result.on_time_statutory, percent=True))]
    overview += [(_("work in progress (mean cases)"), f(result.wip_mean))]
    if process:
        overview += [(_("ended {outcome}").format(outcome=outcome), f"{share * 100:.1f} %")
                     for outcome, share in process.outcomes.items()]
    title = _("Centre{ci}") if centre else _("Results{ci}")
    # tables are laid out to the terminal's width even on a console that keeps long lines whole
    console.print(_measures(title.format(ci=ci), overview), soft_wrap=False)
    if process:
        console.print(table(_("Cycle time{ci}").format(ci=ci),
                             (_("clock"), _("mean"), "p50", "p90", "p95", _("max")), 1, [
            [label, *(f(getattr(summary, name)) for name in Summary.NAMES)]
            for label, summary in ((_("working days"), cycle), (_("calendar days"), process.cycle_time_days))]),
            soft_wrap=False)

    periods = office_periods(list(office_hours)) if office_hours else None
    kind = (_("kind"),) if centre else ()
    title = _("Windows and departments, busiest first{ci}") if centre else _("Posts (lanes), busiest first{ci}")
    console.print(table(
        title.format(ci=ci),
        (_("pool") if centre else _("lane"), _("name"), *kind, _("staff"), _("offered load"), _("utilization"),
         _("mean queue (cases)"), _("max queue (cases)"), _("peak hour")), 2 + len(kind), [
            [pool.pool, pool.name, *((kind_text(pool.kind),) if centre else ()), str(pool.staff),
             f"{pool.offered_load * 100:.1f} %", f(pool.utilization, percent=True), f(pool.mean_queue),
             f(pool.max_queue, digits=0), peak_hour(pool.queue_by_hour, periods)]
            for pool in result.bottlenecks]), soft_wrap=False)

    if process:
        console.print(table(_("Steps: mean office minutes per execution{ci}").format(ci=ci),
                             (_("step"), _("name"), _("lane"), _("visits"), _("waiting (minutes)"),
                              _("working (minutes)")), 3, [
            [step.step, step.name, step.lane, f"{step.visits:.2f}", f(step.waiting_minutes, digits=1),
             f(step.working_minutes, digits=1)] for step in process.steps]), soft_wrap=False)
    if centre:
        _print_centre_parts(console, centre, ci, items, f)
    print_backlog(result, console, f)


def _print_centre_parts(console: Any, result: CentreResult, ci: str, items: int, f: Callable[..., str]) -> None:
    """What only a centre has: its departments and the items most often late."""
    table = functools.partial(_table, width=console.width)
    console.print(table(_("Departments{ci}").format(ci=ci), (
        _("department"), _("name"), _("items"), _("applications per working day"),
        _("throughput (cases per working day)"), _("cycle time (working days)"), _("on time (promised)")), 2, [
        [d.department, d.name, str(d.items), f"{d.per_workday:.1f}", f(d.throughput_per_workday),
         f(d.mean_cycle_workdays), f(d.on_time_promised, percent=True)] for d in result.departments]), soft_wrap=False)
    late = result.most_late(items)
    if late:
        console.print(table(_("Items that miss their promised limit most often{ci}").format(ci=ci), (
            _("item"), _("name"), _("applications per working day"), _("cycle time, mean (working days)"),
            _("cycle time, p90 (working days)"), _("on time (promised)")), 2, [
            [item.code, item.name, f"{item.per_workday:g}", f(item.cycle_time_workdays.mean),
             f(item.cycle_time_workdays.p90), f(item.on_time_promised, percent=True)] for item in late]),
            soft_wrap=False)
    elif not result.late_left_out:
        console.print("[green]" + escape(_("every item kept its promised limit in every simulated case")) + "[/green]")
    if result.late_left_out:
        console.print(escape(late_left_out_text(result.late_left_out)))


def late_left_out_text(n: int) -> str:
    """Why some late items are not in the list of those most often late."""
    from ..centre.simulate import LATE_PRECISION

    return ngettext("Left out: {n} more item that misses its promised limit, whose share on time is known only "
                    "to more than ± {points} percentage points (too few cases; simulate more days or replications).",
                    "Left out: {n} more items that miss their promised limit, whose shares on time are known only "
                    "to more than ± {points} percentage points (too few cases; simulate more days or "
                    "replications).", n).format(n=n, points=f"{LATE_PRECISION * 100:g}")


KINDS = {"window": N_("window"), "department": N_("department")}


def kind_text(kind: str) -> str:
    """A pool's kind as the reader's language says it (``window`` → 窗口)."""
    return _(KINDS[kind]) if kind in KINDS else kind


def office_hours_of(model: Any, data: Any = None) -> list[str]:
    """The office hours (``["09:00-12:00", …]``) of an ordinary working day a process (its
    ``simulation.calendar``) or a centre (its ``calendar``) is simulated on: the calendar file's
    ``default`` hours when it has them (``data``: one given on the command line), else the block's,
    else the default ones."""
    import warnings

    from ..language.calendar import WorkCalendar

    if hasattr(model, "centre"):  # a loaded centre: its own calendar serves every item
        calendar, data = model.centre.calendar, data or model.calendar_data
    else:
        calendar = model.simulation.calendar if model.simulation else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return WorkCalendar.of_block(calendar, data).office_hours


def clock_hour(periods: Sequence[tuple[float, float]], hour: int) -> str:
    """The clock times of the ``hour``-th hour (1-based) of the office day: ``10:00–11:00``.

    The simulator counts an office day in office minutes, so an hour after a lunch break starts when
    the afternoon does; the day's last hour may be shorter."""
    def clock(office_minute: float, end: bool) -> float:
        for begin, finish in periods:
            length = finish - begin
            # an hour that ends exactly at a break ends before it, not after
            if office_minute < length or (end and office_minute <= length):
                return begin + office_minute
            office_minute -= length
        return periods[-1][1]

    def text(minute: float) -> str:
        minute = round(minute)
        return f"{minute // 60:02d}:{minute % 60:02d}"

    start = (hour - 1) * 60
    return f"{text(clock(start, False))}–{text(clock(start + 60, True))}"


def peak_hour(queue_by_hour: tuple[float, ...], periods: Sequence[tuple[float, float]] | None = None) -> str:
    """The hour of the office day with the longest mean queue, as clock times when the office hours
    are known (``10:00–11:00``), else counted ("hour 3 of the office day"); a dash when nobody waits."""
    if not queue_by_hour or max(queue_by_hour) <= 0:
        return "–"
    hour = max(range(len(queue_by_hour)), key=queue_by_hour.__getitem__) + 1
    if periods:
        return clock_hour(periods, hour)
    return _("hour {n} of the office day").format(n=hour)
