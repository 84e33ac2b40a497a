"""The time limits of a case in a log, on the legal clock of ``language.legal_clock``.

The windows, the periods off the clock and the verdict (by dates for whole days, Art. 82 and
《民法典》 Arts. 201 and 203; on office time for limits in hours) are defined there, once, for
``check``, ``simulate`` and ``conform``; this module finds the instants of each window in a case's
events: acceptance (the end of the first ``accept`` step), the decision (the end of the first
``decide`` after it), the end of the case, each delivery after a decision, and the steps off the
clock (Art. 45 and the applicant's). The instants are seconds on the office's clock
(``eventlog.times``), read through the process's calendar (``WorkCalendar``: its office hours,
weekends, Chinese public holidays and 调休 from ``chinese-calendar``, or a calendar file).

Each late case keeps the office-time figure of its window beside the verdict (``days``), and its
due date (``due``) when judged by dates.

Where a late case's time went (``LimitChecker.where``, with ``sim.lateness.split``): the working
time of the missed limit's window in each step and in the wait before it; the parts add up to the
case's working days on the office clock.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Any

from ..i18n import _
from ..language.calendar import CalendarData, WorkCalendar
from ..language.legal_clock import (
    Limits,
    Period,
    Verdicts,
    fmt_days,
    judge_one,
    judge_windows,
    limits_of,
    surely_on_time,
)
from ..language.types import Process
from ..sim.lateness import split
from .result import Deviation, Where

Span = tuple[int, float, float]  # step index, start, end (seconds on the office's clock, ``eventlog.times``)

__all__ = ["LimitChecker", "Limits", "LogClock", "limits_of"]


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

    def calendar_minutes(self, t: Any) -> Any:
        """Instants (seconds on the office's clock, an array) as minutes since the calendar's start,
        the calendar placed early enough for all of them."""
        if isinstance(t, float | int):  # one instant (the first look at a case): no arrays
            self.minutes(t)
            assert self._origin is not None
            return (t - self._origin) / 60.0
        import numpy as np

        t = np.asarray(t, dtype=float)
        if t.size and not np.isnan(t).all():
            self.minutes(float(np.nanmin(t)))
        assert self._origin is not None
        return (t - self._origin) / 60.0

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

    def judge(self, period: Period, a: Any, b: Any, off_starts: Any, off_ends: Any) -> Verdicts:
        """``period`` judged for windows ``a`` → ``b`` (seconds, arrays of cases) with the cases' steps
        off the clock (cases × steps arrays of seconds, NaN where none), on the legal clock."""
        import numpy as np

        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        lo, hi = np.asarray(off_starts, dtype=float), np.asarray(off_ends, dtype=float)
        minutes = self.clock.calendar_minutes
        minutes(np.concatenate([a, b, lo.ravel()]))  # place the calendar once for all of them
        return judge_windows(self.clock.calendar, period, minutes(a), minutes(b), minutes(lo), minutes(hi))

    def due(self, verdicts: Verdicts, i: int) -> str | None:
        date = verdicts.due_date(i)
        return None if date is None else date.isoformat()

    def clock_days(self, spans: Sequence[Span], a: float, b: float) -> float:
        """Working days on the office clock from instant ``a`` to ``b``, less the time off the clock."""
        return float(self._one(Period(math.inf), spans, a, b).office[0])

    def _late(self, period: Period, spans: Sequence[Span], a: float, b: float) -> Verdicts | None:
        """The verdict of one window when it may be late, None when it surely is not (most cases: a
        first look in plain Python spares them the arrays)."""
        if b < a:
            return None  # stopped before it started: nothing is due
        minutes = self.clock.calendar_minutes
        start = float(minutes(a))  # places the calendar for both
        if surely_on_time(self.clock.calendar, period, start, float(minutes(b))):
            return None
        verdict = self._one(period, spans, a, b)
        return verdict if verdict.late[0] else None

    def _one(self, period: Period, spans: Sequence[Span], a: float, b: float) -> Verdicts:
        minutes = self.clock.calendar_minutes
        start = min([a, b, *(s for step, s, __ in spans if self.off[step])])
        minutes(start)  # places the calendar for all of them
        off = [(minutes(s), minutes(e)) for step, s, e in spans if self.off[step]]
        return judge_one(self.clock.calendar, period, minutes(a), minutes(b), off)

    def where(self, spans: Sequence[Span], a: float, b: float) -> Where:
        """The working days of the window ``a`` → ``b`` on the clock, per step: the step ids, in the
        order they first appear in ``spans``, and an array of the days in each, then the days waiting
        before each; they add up to the office-time figure."""
        service, wait = split([(start, end, self.off[step]) for step, start, end in spans], a, b, self.clock.minutes)
        return _by_step(self.process, [step for step, __, __ in spans], service, wait, self.clock.day_minutes)

    def _where(self, spans: Sequence[Span], a: float, b: float) -> dict[str, Any]:
        ids, days = self.where(spans, a, b)
        return {"where_steps": ids, "where": days}

    def accepted(self, spans: Sequence[Span]) -> float | None:
        """When the case was accepted (the end of its first ``accept`` step; with no such step in the
        process, the start of its first step); None if it never was."""
        if not self.has_accept:
            return min(s for __, s, __ in spans)
        return next((end for step, __, end in spans if self.kind[step] == "accept"), None)

    def check(self, spans: Sequence[Span]) -> list[Deviation]:
        """``spans``: the case's steps (index, start, end), in time order (activities that are no step left out)."""
        if not spans:
            return []
        found: list[Deviation] = []
        limits = self.limits
        a = self.accepted(spans)
        if a is not None and limits.promised is not None:
            found.extend(self._promised(spans, a))
        if a is not None and limits.statutory is not None:
            found.extend(self._statutory(spans, a))
        if limits.delivery is not None:
            found.extend(self._delivery(spans))
        return found

    def _promised(self, spans: Sequence[Span], a: float) -> list[Deviation]:
        limits = self.limits
        assert limits.promised is not None
        last_step, __, last = max(spans, key=lambda span: span[2])
        verdict = self._late(limits.promised, spans, a, last)
        if verdict is None:
            return []
        step = self.process.steps[last_step]
        office = float(verdict.office[0])
        return [Deviation("late-promised", promised_message(limits, verdict, 0, self.due(verdict, 0)), step.id,
                          self.locs[last_step], days=office, limit=limits.promised.days,
                          due=self.due(verdict, 0), **self._where(spans, a, last))]

    def _statutory(self, spans: Sequence[Span], a: float) -> list[Deviation]:
        limits = self.limits
        assert limits.statutory is not None
        after = [span for span in spans if span[2] >= a]
        if self.has_decide:
            decided = next((span for span in after if self.kind[span[0]] == "decide"), None)
            if decided is None:
                return []
        else:
            decided = max(spans, key=lambda span: span[2])
        step, __, b = decided
        extended = any(self.kind[s] == "extension" and start >= a and end <= b for s, start, end in spans)
        period = limits.statutory.plus(limits.extension) if extended else limits.statutory
        verdict = self._late(period, spans, a, b)
        if verdict is None:
            return []
        due = self.due(verdict, 0)
        message = statutory_message(self.process, self.has_accept, limits, step, extended, verdict, 0, due)
        return [Deviation("late-statutory", message, self.process.steps[step].id, self.locs[step],
                          days=float(verdict.office[0]), limit=period.days, due=due, **self._where(spans, a, b))]

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
            verdict = self._late(limit, spans, decision[2], end)
            if verdict is not None:
                due = self.due(verdict, 0)
                found.append(Deviation(
                    "late-delivery", delivery_message(self.process, step, decision[0], limit, verdict, 0, due),
                    steps[step].id, self.locs[step], days=float(verdict.office[0]), limit=limit.days, due=due,
                    **self._where(spans, decision[2], end)))
        return found


def _office(verdict: Verdicts, i: int) -> str:
    return _("{days} working days of office time").format(days=f"{float(verdict.office[i]):.2f}")


def _counted(period: Period, verdict: Verdicts, i: int) -> str:
    """The day the window stopped on, as the verdict counts it: working day 6 (calendar day 12)."""
    n = fmt_days(float(verdict.counted[i]))
    return (_("calendar day {n}") if period.calendar_days is not None else _("working day {n}")).format(n=n)


def promised_message(limits: Limits, verdict: Verdicts, i: int, due: str | None) -> str:
    """The message of a case past its promised limit (row ``i`` of ``verdict``)."""
    if limits.on_the_spot:
        return _("promised on the spot (当场办结), but finished on another day than it was accepted")
    assert limits.promised is not None
    if due is not None:
        return _("finished on {day} after acceptance, beyond the promised {limit} (承诺时限): due on {due}; "
                 "{office}").format(day=_counted(limits.promised, verdict, i), limit=f"{limits.promised}",
                                    due=due, office=_office(verdict, i))
    return _("finished in {days} working days on the clock, beyond the promised {limit} (承诺时限)").format(
        days=f"{float(verdict.office[i]):.2f}", limit=f"{limits.promised}")


def statutory_message(process: Process, has_accept: bool, limits: Limits, step: int, extended: bool,
                      verdict: Verdicts, i: int, due: str | None) -> str:
    """The message of a case decided past its statutory limit."""
    period = limits.statutory.plus(limits.extension) if extended and limits.statutory else limits.statutory
    assert period is not None
    how = (_("{basis}, extended by {days}").format(basis=limits.statutory_basis, days=f"{limits.extension}")
           if extended else limits.statutory_basis)
    name, ident = process.steps[step].name, process.steps[step].id
    if due is not None:
        message = (_("decision {name!r} ({step}) came on {day} after acceptance, beyond {limit}: {how}; due on "
                     "{due}; {office}") if has_accept else
                   _("decision {name!r} ({step}) came on {day} after the start of the case, beyond {limit}: {how}; "
                     "due on {due}; {office}"))
        return message.format(name=name, step=ident, day=_counted(period, verdict, i), limit=f"{period}", how=how,
                              due=due, office=_office(verdict, i))
    message = (_("decision {name!r} ({step}) came {days} working days after acceptance, beyond {limit}: {how}")
               if has_accept else
               _("decision {name!r} ({step}) came {days} working days after the start of the case, beyond "
                 "{limit}: {how}"))
    return message.format(name=name, step=ident, days=f"{float(verdict.office[i]):.2f}", limit=f"{period}", how=how)


def delivery_message(process: Process, step: int, decision: int, limit: Period, verdict: Verdicts, i: int,
                     due: str | None) -> str:
    """The message of a licence delivered past Art. 44's limit."""
    if due is not None:
        return _("{name!r} ({step}) came on {day} after the decision {decision!r}, beyond the {limit} working days "
                 "of Art. 44: due on {due}; {office}").format(
            name=process.steps[step].name, step=process.steps[step].id, day=_counted(limit, verdict, i),
            decision=process.steps[decision].name, limit=f"{limit}", due=due, office=_office(verdict, i))
    return _("{name!r} ({step}) came {days} working days after the decision {decision!r}, beyond the {limit} "
             "working days of Art. 44").format(
        name=process.steps[step].name, step=process.steps[step].id, days=f"{float(verdict.office[i]):.2f}",
        decision=process.steps[decision].name, limit=f"{limit}")


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
