"""The events of a simulation run, for ``approvalnet simulate --log`` (written by ``eventlog.write``).

One ``start`` and one ``complete`` event per finished step execution: the case, the activity (the
step's name, which is the label of its transition in ``to_petri_net``, so that the log replays on
the model's own net), the step id, the resource and the timestamp in calendar time (Beijing time).

The engine records office time (working minutes since the calendar's start); ``WorkCalendar``
maps it back to dates: a start at a period boundary is the beginning of the next period (when work
can begin), an end the end of the period it finished in (a step of no length there starts and ends
at that end). Waits of applicant and external lanes
written in calendar days are shown as the office time they cover.

The resource of a staffed step is its lane and a staff member, ``window#2``: the engine's lanes
are pools served first come, first served, so members are numbered afterwards by giving each
execution, in order of its start, the lowest-numbered member free at that time (never one who is
busy). Steps of applicant and external lanes have the lane as their resource.
"""

from __future__ import annotations

import datetime
import warnings

from ..eventlog.write import Event
from ..language.calendar import CalendarData, CalendarWarning, WorkCalendar
from ..language.types import Process
from .engine import STAFFED

BEIJING = datetime.timezone(datetime.timedelta(hours=8), "CST")

Record = tuple[int, int, float, float, float]  # case, step index, enabled, started, ended (office minutes)


def event_log(process: Process, record: list[Record], data: CalendarData | None = None) -> list[Event]:
    """The events of ``record`` (from ``engine.run(..., record=...)``), by case and then in time order
    (``data``: the calendar file the run was given instead of the process's own)."""
    calendar = WorkCalendar.of(process, data)
    resources = _resources(process, record)
    rows: list[tuple[int, float, int, int, Event]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarWarning)  # the run has warned about uncovered years already
        for index, (case, s, _enabled, started, ended) in enumerate(record):
            step = process.steps[s]
            done = calendar.to_calendar(ended)
            # a zero-length step at a boundary is done at the close of the period, as the legal clock
            # dates it (``sim.legal``), not at the next opening
            begun = min(calendar.to_calendar(started, resume=True), done)
            for when, lifecycle, order in ((begun, "start", 0), (done, "complete", 1)):
                event = Event(str(case), step.name, step.id, resources[index], step.lane, lifecycle,
                              _datetime(calendar, when))
                # the record is in order of completion, which follows causality when times are equal
                rows.append((case, when, index, order, event))
    rows.sort(key=lambda row: row[:4])
    return [row[4] for row in rows]


def _datetime(calendar: WorkCalendar, minutes: float) -> datetime.datetime:
    # whole milliseconds: what XES and most tools keep
    when = calendar.date_of(round(minutes * 60_000) / 60_000)
    return when.replace(microsecond=when.microsecond // 1000 * 1000, tzinfo=BEIJING)


def _resources(process: Process, record: list[Record]) -> list[str]:
    """Per record, its lane, or its lane and staff member (numbered from 1)."""
    lanes = [process.lanes[step.lane] for step in process.steps]
    result = [process.steps[s].lane for _, s, _, _, _ in record]
    by_lane: dict[str, list[int]] = {}
    for index, (_, s, _, _, _) in enumerate(record):
        if lanes[s].kind in STAFFED:
            by_lane.setdefault(process.steps[s].lane, []).append(index)
    for lane, indices in by_lane.items():
        free_at: list[float] = []  # per member: when their last execution ended
        for index in sorted(indices, key=lambda i: (record[i][3], i)):
            started, ended = record[index][3], record[index][4]
            member = next((k for k, t in enumerate(free_at) if t <= started), len(free_at))
            if member == len(free_at):
                free_at.append(ended)
            else:
                free_at[member] = ended
            result[index] = f"{lane}#{member + 1}"
    return result
