"""Time limits of a case, in working days on the legal clock, from the times in the log.

The clock is the one the rules and the simulator count on:

- working days of the process's calendar (``WorkCalendar``: its office hours, weekends, Chinese
  public holidays and 调休 from ``chinese-calendar``); time is office minutes between two instants,
  divided by the office minutes of a day;
- the time of steps excluded from the clock (``excluded_from_clock: true``, Art. 45: hearings,
  testing, expert review …) and of steps in an ``applicant`` lane (the applicant holds the file) is
  not counted: the union of those steps' intervals within the measured span is taken off, so
  parallel exclusions count once.

Three limits (the numbers come from the same places as the rules', so ``check`` and ``conform`` agree):

- **promised** (``time_limit.promised``, 承诺时限): from the first event of the case to its last.
  ``on-the-spot``: the case must end on the calendar day it began;
- **statutory decision limit** (Art. 42): from the end of acceptance (the first ``accept`` step) to
  the end of the first ``decide`` step after it: the file's statutory limit when it cites its legal
  basis, else 20 working days, 45 for unified, joint or centralized handling (as
  ``law/decision-limit``); a case that went through an ``extension`` step gets the extension's
  length (``time_limit.extension``, else Art. 42's 10 or 15 days, as ``law/extension-limit``).
  For an item that is not an administrative licence, the file's statutory limit, if any;
- **delivery limit** (Art. 44, licences only): from the end of a ``decide`` step to the end of the
  ``deliver`` step after it, 10 working days (``law/delivery-limit``).

The log says when the first step began, not when the application arrived (a wait in the queue
before it is not in the log), so the promised span starts at the first event.

Where a late case's time went (``LimitChecker.where``, with ``sim.lateness.split``): the working
time of the missed limit's window in each step and in the wait before it; the parts add up to the
case's working days on the clock.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..language import law
from ..language.calendar import CalendarData, WorkCalendar
from ..language.types import Process
from ..net.timing import ClockRules, quantity_days
from ..sim.lateness import split
from .result import Deviation, Where

Span = tuple[int, float, float]  # step index, start, end (seconds on the office's clock, ``eventlog.times``)


@dataclass(frozen=True)
class Limits:
    """The limits of one process, in working days."""

    promised: float | None
    on_the_spot: bool
    statutory: float | None
    statutory_basis: str
    extension: float  # added to the statutory limit when the case had an extension step
    delivery: float | None
    day_minutes: float


def limits_of(process: Process, day_minutes: float) -> Limits:
    """The promised, statutory and delivery limits of ``process``."""
    rules = ClockRules(workday_minutes=day_minutes)
    limits = process.time_limit
    promised = limits.promised
    licensing = process.type == law.LICENSING
    joint = process.cooperation in law.JOINT_HANDLING
    statutory: float | None = None
    basis = ""
    if limits.statutory is not None and (limits.basis or not licensing):
        statutory = quantity_days(limits.statutory, rules)
        basis = (_("the statutory limit of {limit} ({basis})").format(limit=limits.statutory, basis=limits.basis[0])
                 if limits.basis else _("the statutory limit of {limit}").format(limit=limits.statutory))
    elif licensing:
        statutory = float(law.JOINT_DECISION_WORKDAYS if joint else law.DECISION_WORKDAYS)
        basis = (_("{days} working days of Art. 42 for {cooperation} handling") if joint
                 else _("{days} working days of Art. 42")).format(days=f"{statutory:g}",
                                                                 cooperation=process.cooperation)
    if limits.extension is not None:
        extension = quantity_days(limits.extension.length, rules)
    else:
        extension = float(law.JOINT_EXTENSION_WORKDAYS if joint else law.DECISION_EXTENSION_WORKDAYS)
    return Limits(
        promised=None if promised is None or promised == "on-the-spot" else quantity_days(promised, rules),
        on_the_spot=promised == "on-the-spot",
        statutory=statutory,
        statutory_basis=basis,
        extension=extension,
        delivery=float(law.DELIVERY_WORKDAYS) if licensing else None,
        day_minutes=day_minutes,
    )


class LogClock:
    """Office minutes of the process's calendar at instants given in seconds on the office's clock.

    ``WorkCalendar`` counts from its start date; the log's dates are not known in advance, so the
    calendar starts a month before the first instant asked about, and again earlier if an earlier
    one comes (only differences of office minutes are ever used, so the start does not matter).
    """

    def __init__(self, process: Process, data: CalendarData | None = None):
        settings = process.simulation.calendar if process.simulation else None
        self._settings = (settings.office_hours, settings.holidays, settings.weekends) if settings else None
        if data is None and settings is not None and settings.file:
            from ..language.calendar_file import data_for

            data = data_for(settings.file, settings.loc.file)
        self._data = data
        self.calendar = self._calendar(None)
        self.day_minutes = self.calendar.day_minutes
        self._origin: float | None = None  # the calendar's start, in seconds on the office's clock

    def _calendar(self, start: datetime.date | None) -> WorkCalendar:
        kwargs: dict[str, Any] = {"start": start} if start is not None else {}
        if self._settings is None:
            return WorkCalendar(data=self._data, **kwargs)
        hours, holidays, weekends = self._settings
        return WorkCalendar(hours, holidays, weekends, data=self._data, **kwargs)

    def minutes(self, t: float) -> float:
        """Office minutes from the calendar's start to instant ``t``."""
        if self._origin is None or t < self._origin:
            # a month before the first instant; a year before an earlier one (cases need not come in order)
            back = 31 if self._origin is None else 366
            day = datetime.date(1970, 1, 1) + datetime.timedelta(days=math.floor(t / 86400) - back)
            self.calendar = self._calendar(day)
            self._origin = (day - datetime.date(1970, 1, 1)).days * 86400.0
        return self.calendar.to_working((t - self._origin) / 60.0)

    def date(self, t: float) -> datetime.date:
        return datetime.date(1970, 1, 1) + datetime.timedelta(days=math.floor(t / 86400))


class LimitChecker:
    """The limit violations of one case."""

    def __init__(self, process: Process, clock: LogClock):
        self.process = process
        self.clock = clock
        self.limits = limits_of(process, clock.day_minutes)
        steps = process.steps
        self.off = [s.excluded_from_clock or process.lanes[s.lane].kind == "applicant" for s in steps]
        self.kind = [s.kind for s in steps]
        self.has_accept = "accept" in self.kind
        self.has_decide = "decide" in self.kind
        self.locs = [str(s.loc) for s in steps]

    def clock_days(self, spans: Sequence[Span], a: float, b: float) -> float:
        """Working days on the legal clock from instant ``a`` to ``b``."""
        minutes = self.clock.minutes
        wa, wb = minutes(a), minutes(b)
        if wb <= wa:
            return 0.0
        off: list[tuple[float, float]] = []
        for step, start, end in spans:
            if self.off[step] and end > a and start < b:
                off.append((minutes(max(start, a)), minutes(min(end, b))))
        return (wb - wa - _union(off)) / self.clock.day_minutes

    def where(self, spans: Sequence[Span], a: float, b: float) -> Where:
        """The working days of the window ``a`` → ``b`` on the clock, per step: the step ids, in the
        order they first appear in ``spans``, and an array of the days in each, then the days waiting
        before each; they add up to ``clock_days``."""
        service, wait = split([(start, end, self.off[step]) for step, start, end in spans], a, b, self.clock.minutes)
        return _by_step(self.process, [step for step, __, __ in spans], service, wait, self.clock.day_minutes)

    def _where(self, spans: Sequence[Span], a: float, b: float) -> dict[str, Any]:
        ids, days = self.where(spans, a, b)
        return {"where_steps": ids, "where": days}

    def check(self, spans: Sequence[Span]) -> list[Deviation]:
        """``spans``: the case's steps (index, start, end), in time order (activities that are no step left out)."""
        if not spans:
            return []
        found: list[Deviation] = []
        limits = self.limits
        steps = self.process.steps
        first = min(s for __, s, __ in spans)
        last_step, __, last = max(spans, key=lambda span: span[2])
        if limits.on_the_spot:
            if self.clock.date(last) != self.clock.date(first):
                found.append(Deviation("late-promised",
                                       _("promised on the spot (当场办结), but finished on another day than it began"),
                                       steps[last_step].id, self.locs[last_step]))
        elif limits.promised is not None:
            days = self.clock_days(spans, first, last)
            if days > limits.promised + 1e-9:
                found.append(Deviation(
                    "late-promised", _("finished in {days} working days on the clock, beyond the promised {limit} "
                                       "(承诺时限)").format(days=f"{days:.2f}", limit=f"{limits.promised:g}"),
                    steps[last_step].id, self.locs[last_step], days=days,
                    limit=limits.promised, **self._where(spans, first, last)))
        if limits.statutory is not None:
            found.extend(self._statutory(spans))
        if limits.delivery is not None:
            found.extend(self._delivery(spans))
        return found

    def _statutory(self, spans: Sequence[Span]) -> list[Deviation]:
        limits = self.limits
        steps = self.process.steps
        if self.has_accept:
            accepted = next((span for span in spans if self.kind[span[0]] == "accept"), None)
            if accepted is None:
                return []  # never accepted: no decision is due
            a = accepted[2]
        else:
            a = min(s for __, s, __ in spans)
        after = [span for span in spans if span[2] >= a]
        if self.has_decide:
            decided = next((span for span in after if self.kind[span[0]] == "decide"), None)
            if decided is None:
                return []
        else:
            decided = max(spans, key=lambda span: span[2])
        step, __, b = decided
        extended = any(self.kind[s] == "extension" and start >= a and end <= b for s, start, end in spans)
        limit = limits.statutory + (limits.extension if extended else 0.0)  # type: ignore[operator]
        days = self.clock_days(spans, a, b)
        if days <= limit + 1e-9:
            return []
        how = (_("{basis}, extended by {days}").format(basis=limits.statutory_basis, days=f"{limits.extension:g}")
               if extended else limits.statutory_basis)
        message = (_("decision {name!r} ({step}) came {days} working days after acceptance, beyond {limit}: {how}")
                   if self.has_accept else
                   _("decision {name!r} ({step}) came {days} working days after the start of the case, beyond "
                     "{limit}: {how}"))
        message = message.format(name=steps[step].name, step=steps[step].id, days=f"{days:.2f}", limit=f"{limit:g}",
                                  how=how)
        return [Deviation("late-statutory", message, steps[step].id, self.locs[step],
                          days=days, limit=limit, **self._where(spans, a, b))]

    def _delivery(self, spans: Sequence[Span]) -> list[Deviation]:
        limit = self.limits.delivery
        assert limit is not None
        steps = self.process.steps
        found: list[Deviation] = []
        for step, __, end in spans:
            if self.kind[step] != "deliver":
                continue
            decided = [span for span in spans if self.kind[span[0]] == "decide" and span[2] <= end]
            if not decided:
                continue
            decision = max(decided, key=lambda span: span[2])
            days = self.clock_days(spans, decision[2], end)
            if days > limit + 1e-9:
                found.append(Deviation(
                    "late-delivery", _("{name!r} ({step}) came {days} working days after the decision {decision!r}, "
                                       "beyond the {limit} working days of Art. 44").format(
                        name=steps[step].name, step=steps[step].id, days=f"{days:.2f}",
                        decision=steps[decision[0]].name, limit=f"{limit:g}"),
                    steps[step].id, self.locs[step], days=days, limit=limit,
                    **self._where(spans, decision[2], end)))
        return found


def _by_step(process: Process, steps: Sequence[int], service: Sequence[float], wait: Sequence[float],
             day_minutes: float) -> Where:
    """Minutes per span (column) summed per step (in the order of the columns), in days."""
    totals: dict[int, list[float]] = {}
    for step, s, w in zip(steps, service, wait, strict=True):
        total = totals.setdefault(step, [0.0, 0.0])
        total[0] += s
        total[1] += w
    import numpy as np

    return (tuple(process.steps[step].id for step in totals),
            np.array([s / day_minutes for s, __ in totals.values()] + [w / day_minutes for __, w in totals.values()]))


def _union(intervals: list[tuple[float, float]]) -> float:
    """Total length of the union of intervals (parallel steps off the clock count once, as in the simulator)."""
    total = 0.0
    end = -math.inf
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total
