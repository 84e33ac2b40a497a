"""``approvalnet simulate``: a process, or a centre's items on its shared staff.

Load the file, run the simulation, print the result as rich tables for people or as JSON for
machines. Exit codes: 0 done, 1 done but overloaded (a lane, window or department cannot keep up:
the run went on to its horizon and reports how the backlog grew), 2 an invalid or missing file (its
problems are printed), usage errors and parameters the simulation refuses (a loop that is never
left, an overloaded run by --cases).
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ..i18n import _, ngettext
from ._support import (
    CALENDAR,
    EXIT_OK,
    EXIT_PROBLEMS,
    SCHEDULER,
    Finite,
    calendar_or_exit,
    console,
    fail,
    load_centre_or_exit,
    load_or_exit,
    note,
    print_json,
    progress_bar,
    refuse_overwriting,
    refuse_unwritable,
    scheduler_or_exit,
    write_output,
)


@click.command("simulate", help=_(
    # the command's help given here, not as the docstring, so that it is translated
    "Simulate a process: throughput, cycle times, on-time rates, utilization and bottlenecks.\n\n"
    "FILE is a process file, or a centre file (top-level `centre:`): then every item runs on "
    "the centre's shared windows and departments, with KPIs per item, per department and for "
    "the centre; `--set windows.<id>.staff=N`, `departments.<id>.staff=N` and `volume=X` "
    "change it without edits.\n\n"
    "Arrivals and the calendar come from the file's `simulation:` section; without one, "
    "arrivals are set so that the busiest lane is 70 % busy, on the default calendar (the "
    "output says so). What-if questions need no edited copy: `--set lanes.review.staff=3` or "
    "`--scenario what-if.yaml`.\n\n"
    "When a lane, window or department cannot keep up (e.g. `--set volume=1.5`), the run goes on "
    "to its horizon and reports the backlog at the end of each week and month, its growth, when "
    "the limits start to be missed and the staff that would clear it by `--clear-by`; the exit "
    "code is then 1."))
@click.argument("file", type=click.Path())
@click.option("--days", type=Finite(min=0, min_open=True), default=None,
              help=_("simulate this many working days after the warm-up  [default: 250]"))
@click.option("--cases", type=click.IntRange(min=1), default=None,
              help=_("simulate until this many cases, arrived after the warm-up, have finished"))
@click.option("--seed", type=int, default=0, show_default=True, help=_("the same seed gives the same results"))
@click.option("--replications", type=click.IntRange(min=1), default=1, show_default=True,
              help=_("independent runs; two or more give 95 % confidence intervals"))
@click.option("--warmup", "warmup", type=Finite(min=0), default=0.0, show_default=True,
              help=_("working days simulated first and left out of the results"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_("text for people, json for machines"))
@click.option("--log", "log_path", type=click.Path(dir_okay=False), default=None,
              help=_("write the event log of the first replication: events.csv or events.xes"))
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help=_("override without editing the file (repeatable): lanes.<lane>.staff=N, "
                     "arrivals.per_workday=X, steps.<id>.duration='20 min'"))
@click.option("--scenario", "scenario_path", type=click.Path(dir_okay=False), default=None,
              help=_("a YAML file of overrides with the keys of --set, as a mapping (--set wins)"))
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help=_("also write an HTML report: cycle times against the limits, utilization per lane, "
                     "work in progress, and the flow diagram coloured by waiting time"))
@click.option("--clear-by", "clear_by", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("when a pool cannot keep up: the date by which its backlog should be cleared, for the "
                     "staff that would do it  [default: as many working days after the run as it lasted]"))
@CALENDAR
@SCHEDULER
def simulate_command(file: str, days: float | None, cases: int | None, seed: int, replications: int,
                     warmup: float, fmt: str, log_path: str | None, settings: tuple[str, ...],
                     scenario_path: str | None, report_path: str | None, calendar_path: str | None,
                     scheduler: str | None, clear_by: datetime.datetime | None = None) -> None:
    """``approvalnet simulate`` (its help is the command's ``help``, to be translated)."""
    from ..eventlog import FORMATS
    from ..sim.engine import SimulationError
    from ..sim.kpis import simulate
    from ..sim.scenario import ScenarioError, apply_overrides, parse_set, read_scenario

    if days is not None and cases is not None:
        fail(_("give --days or --cases, not both"))
    if days is None and cases is None:
        days = 250.0
    if clear_by is not None and days is None:
        fail(_("--clear-by needs a run by working days (--days): a run by cases has no backlog to clear"))
    by = clear_by.date() if clear_by is not None else None
    refuse_unwritable(("--log", log_path), ("--report", report_path))  # before the run, not after it
    refuse_overwriting([file, scenario_path, calendar_path], ("--log", log_path), ("--report", report_path))
    from ..language.centre_loader import is_centre_file

    if is_centre_file(file):
        simulate_centre_file(file, days=days, cases=cases, seed=seed, replications=replications, warmup=warmup,
                             fmt=fmt, log_path=log_path, settings=settings, scenario_path=scenario_path,
                             report_path=report_path, progress=_progress(fmt, replications, days, cases, warmup),
                             scheduler=scheduler, calendar_path=calendar_path, clear_by=by)
        return
    if log_path is not None and Path(log_path).suffix.lower() not in FORMATS:
        fail(_("--log {path}: the event log is written as .csv or .xes").format(path=log_path))
    try:  # the overrides are checked before the process file is read: a typo costs nothing
        overrides = read_scenario(scenario_path) if scenario_path is not None else []
        overrides.extend(parse_set(option) for option in settings)
    except ScenarioError as error:
        fail(str(error))
    process = load_or_exit(file, fmt)
    calendar = calendar_or_exit(calendar_path, fmt, list(process.lanes), file)
    try:
        process = apply_overrides(process, overrides)
    except ScenarioError as error:
        fail(str(error))
    record: list | None = [] if log_path is not None else None
    try:
        with scheduler_or_exit(scheduler) as dask, _progress(fmt, replications, days, cases, warmup) as progress:
            result = simulate(process, days=days, cases=cases, seed=seed, replications=replications,
                              warmup_days=warmup, record=record, progress=progress, scheduler=dask,
                              calendar=calendar, overload=True, clear_by=by,
                              # the text does not show where the late cases' time went: not recorded then
                              lateness=fmt == "json" or report_path is not None)
    except SimulationError as error:
        fail(f"{file}: {error}")
    if log_path is not None and record is not None:
        from ..eventlog import event_log_data
        from ..sim.eventlog import event_log

        write_output(log_path, event_log_data(event_log(process, record, calendar), log_path, name=process.code),
                     " the event log")
    from ..reports.simulation import office_hours_of, print_result
    from ..reports.simulation_html import report_html

    _deliver(result, fmt, report_path, lambda: report_html(result, process),
             lambda r: print_result(r, office_hours=office_hours_of(process, calendar)), log_path)


def _deliver(result: Any, fmt: str, report_path: str | None, report: Any, printer: Any,
             log_path: str | None = None) -> None:
    """The result of a process's or a centre's simulation: the report written, then JSON or tables."""
    if report_path is not None:
        write_output(report_path, report(), " the report")
    if fmt == "json":
        print_json(result.to_json())
        sys.exit(EXIT_PROBLEMS if result.overloaded else EXIT_OK)
    printer(result)
    if log_path is not None:
        note(_("event log of the first replication written to {path}").format(path=log_path))
        late = getattr(result, "late_cases", None)
        if late:  # what ``conform`` of that log will report, limit by limit (docs/legal-clock.md)
            words = {"late-promised": _("promised limit: {cases}"), "late-statutory": _("statutory limit: {cases}"),
                     "late-delivery": _("delivery limit (Art. 44): {cases}")}
            note(_("its cases past each limit on the legal clock, as conform counts them in the log: {counts}").format(
                counts=_("; ").join(words[kind].format(cases=n) for kind, n in late.items())))
    if report_path is not None:
        note(_("report written to {path}").format(path=report_path))
    # an overloaded run is answered, but scripts can tell that its backlog grows
    sys.exit(EXIT_PROBLEMS if result.overloaded else EXIT_OK)


# Above this much simulated time (replications × working days) a run may take seconds: show progress.
PROGRESS_WORKDAYS = 5_000
PROGRESS_CASES = 200_000


def progress_wanted(fmt: str, replications: int, days: float | None, cases: int | None, warmup: float,
                    terminal: bool) -> bool:
    """A progress bar only for people watching a terminal, and only on runs long enough to need one."""
    if fmt != "text" or not terminal:
        return False
    if cases is not None:
        return replications * cases >= PROGRESS_CASES
    return replications * ((days or 0.0) + warmup) >= PROGRESS_WORKDAYS


def _progress(fmt: str, replications: int, days: float | None, cases: int | None, warmup: float) -> Any:
    label = (ngettext("simulating {n} replication", "simulating {n} replications", replications).format(n=replications)
             if replications > 1 else _("simulating one run"))
    wanted = progress_wanted(fmt, replications, days, cases, warmup, console(stderr=True).is_terminal)
    return progress_bar(label, replications, wanted=wanted, remaining=True)


def simulate_centre_file(file: str, *, days: float | None, cases: int | None, seed: int, replications: int,
                         warmup: float, fmt: str, log_path: str | None, settings: tuple[str, ...],
                         scenario_path: str | None, report_path: str | None, progress: Any,
                         scheduler: str | None = None, calendar_path: str | None = None,
                         clear_by: datetime.date | None = None) -> None:
    """``approvalnet simulate CENTRE``: every item on the centre's shared staff."""
    from ..centre.simulate import simulate_centre
    from ..sim.engine import SimulationError

    if log_path is not None:
        fail(_("--log writes the event log of one process; simulate an item's file for its log"))
    if scenario_path is not None:
        fail(_("--scenario is for one process; for a centre use --set windows.<id>.staff=N, "
               "departments.<id>.staff=N or volume=X"))
    centre = load_centre_or_exit(file, fmt)
    if calendar_path is not None:
        pools = [*centre.centre.windows, *centre.centre.departments]
        centre = replace(centre, calendar_data=calendar_or_exit(calendar_path, fmt, pools, file))
    refuse_overwriting([item.path for item in centre.items], ("--report", report_path))
    from ..centre.options import parse_staff_settings
    from ..centre.staffing import StaffingError

    try:
        staff, volume = parse_staff_settings(settings, centre)
    except StaffingError as error:
        fail(str(error))
    try:
        with scheduler_or_exit(scheduler) as dask, progress as callback:
            result = simulate_centre(centre, days=days, cases=cases, seed=seed, replications=replications,
                                     warmup_days=warmup, staff=staff, rate_scale=volume, progress=callback,
                                     scheduler=dask, overload=True, clear_by=clear_by)
    except SimulationError as error:
        fail(f"{file}: {error}")
    from ..reports.simulation import office_hours_of, print_result
    from ..reports.simulation_html import centre_report_html

    hours = office_hours_of(centre)  # the peak hours as clock times
    _deliver(result, fmt, report_path, lambda: centre_report_html(result, hours),
             lambda r: print_result(r, office_hours=hours))
