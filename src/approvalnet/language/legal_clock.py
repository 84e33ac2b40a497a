"""The legal clock: when each time limit of an item starts and stops, and how it is counted.

One definition serves ``check`` (the limits an item may declare), ``simulate`` (the on-time shares
of the simulated cases), ``conform`` (the late cases of a log) and ``compare``. A simulated log
checked by ``conform`` therefore has the same late cases, limit by limit, as the run that wrote it.

The windows (the steps are those of the item's file, by their ``kind``):

- **statutory decision limit** (法定办结时限, Art. 42): from acceptance (the end of the first
  ``accept`` step; with none, the start of the case's first step) to the decision (the end of the
  first ``decide`` step after it; with none, the end of the case). The limit is the file's when it
  cites its legal basis (``time_limit.basis``), is within Art. 42's or the item is not an
  administrative licence; else (none declared, or a longer one without its basis, which
  ``law/statutory-limit`` reports) Art. 42's 20 working days, 45 for unified, joint or centralized
  handling (Art. 26, 42(2)). A case
  that went through an ``extension`` step between the two has the extension added
  (``time_limit.extension``, else Art. 42's 10 or 15 days);
- **promised limit** (承诺办结时限): as the file declares it, from acceptance to the end of the case;
  ``on-the-spot`` (当场办结) is a limit of zero days: the case ends on the day it was accepted;
- **delivery** (Art. 44, licences only): from a decision to the ``deliver`` step after it, 10 working days.

Periods off the clock: the time of steps marked ``excluded_from_clock`` (Art. 45: hearings, testing,
expert review …) and of steps in an ``applicant`` lane (补正, 整改: the applicant holds the file), from
their start to their end; parallel ones count once.

How a period is counted (Art. 82: the law's periods are working days, 不含法定节假日; 《民法典》
Art. 201: the day a period begins is not counted, it runs from the next day; Art. 203: it ends at the
end of its last day, or when business stops on that day):

- a limit of whole working days is judged by **dates**. The working days after the start's date up
  to and including the stop's date are counted; a working day that was wholly off the clock (all its
  office hours within Art. 45 time or the applicant's) is not. The case is late when more are counted
  than the limit allows; its **due date** is the working day on which the limit runs out;
- a limit of whole calendar days (自然日) is judged by dates too: the due date is that many days
  after the start's date, moved to the next working day when it falls on a day off (Art. 203);
- a limit in hours or minutes, or a fraction of a day, is judged on **office time**: the office
  minutes from start to stop, less those off the clock (Art. 201(2): periods in hours run from the
  moment they begin).

Beside the verdict every case keeps its **office-time figure**: the office minutes of the window
less the time off the clock, in working days. It says how much of the limit was used and is what
the lateness attribution splits among the steps; it is an analysis, not the legal verdict (a case
accepted at 09:30 on 2026-09-29 under 5 working days is due on 2026-10-12, the 10th being an adjusted
working Saturday; decided at 17:00 on the 12th it is on time, though its office time is 5.86 days).

All functions here work on numpy arrays of instants in *calendar minutes* (since midnight of the
``WorkCalendar``'s start) so that the simulator (thousands of cases a run) and ``conform`` (millions
of events) call the same code.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import _
from . import law
from .quantity import Quantity

if TYPE_CHECKING:
    from .calendar import WorkCalendar
    from .types import Process

DAY = 1440.0
EPS = 1e-9


@dataclass(frozen=True)
class Period:
    """The length of a limit: ``days`` on the office clock (working days), and how it is judged:
    ``workdays`` (a whole number of working days, by dates), ``calendar_days`` (a whole number of
    calendar days, by dates), or neither (on office time)."""

    days: float
    workdays: int | None = None
    calendar_days: int | None = None
    label: str = ""  # as the file writes it (``10 days``, ``4 h``), for messages; empty: ``days``

    @classmethod
    def of(cls, quantity: Quantity, day_minutes: float) -> Period:
        days = quantity.working_minutes(day_minutes) / day_minutes
        whole = quantity.value == int(quantity.value)
        label = "" if quantity.unit == "workday" and whole else str(quantity)
        if quantity.unit == "workday" and whole:
            return cls(days, workdays=int(quantity.value))
        if quantity.unit == "day" and whole:
            return cls(days, calendar_days=int(quantity.value), label=label)
        return cls(days, label=label)

    @classmethod
    def workdays_of(cls, n: int) -> Period:
        return cls(float(n), workdays=n)

    def plus(self, other: Period) -> Period:
        """This period followed by ``other`` (a statutory limit and its extension). Working days and
        calendar days added together are judged on office time (there is no date rule for the mix)."""
        if self.workdays is not None and other.workdays is not None:
            return Period(self.days + other.days, workdays=self.workdays + other.workdays)
        label = f"{self} + {other}"
        if self.calendar_days is not None and other.calendar_days is not None:
            return Period(self.days + other.days, calendar_days=self.calendar_days + other.calendar_days, label=label)
        return Period(self.days + other.days, label=label)

    @property
    def by_dates(self) -> bool:
        return self.workdays is not None or self.calendar_days is not None

    def __str__(self) -> str:
        return self.label or f"{self.days:g}"


@dataclass(frozen=True)
class Limits:
    """The limits of one item on the legal clock (None: the item has no such limit)."""

    promised: Period | None
    on_the_spot: bool
    statutory: Period | None
    statutory_basis: str
    statutory_declared: bool  # the file's own statutory limit holds (not Art. 42's in its place)
    extension: Period  # added to the statutory limit when the case went through an extension step
    delivery: Period | None
    day_minutes: float


def limits_of(process: Process, day_minutes: float) -> Limits:
    """The promised, statutory and delivery limits of ``process`` (see the module's docstring)."""
    limits = process.time_limit
    promised = limits.promised
    licensing = process.type == law.LICENSING
    joint = process.cooperation in law.JOINT_HANDLING
    statutory: Period | None = None
    basis = ""
    allowed = law.JOINT_DECISION_WORKDAYS if joint else law.DECISION_WORKDAYS
    # a licence's declared limit holds when it cites its basis or is within Art. 42's; a longer one
    # without a basis is not the law (``law/statutory-limit`` says so) and Art. 42's counts instead
    declared = None if limits.statutory is None else limits.statutory.working_minutes(480.0) / 480.0
    declared_holds = limits.statutory is not None and declared is not None and bool(
        limits.basis or not licensing or declared < allowed - EPS)
    if declared_holds:
        assert limits.statutory is not None
        statutory = Period.of(limits.statutory, day_minutes)
        basis = (_("the statutory limit of {limit} ({basis})").format(limit=limits.statutory, basis=limits.basis[0])
                 if limits.basis else _("the statutory limit of {limit}").format(limit=limits.statutory))
    elif licensing:
        statutory = Period.workdays_of(law.JOINT_DECISION_WORKDAYS if joint else law.DECISION_WORKDAYS)
        basis = (_("{days} working days of Art. 42 for {cooperation} handling") if joint
                 else _("{days} working days of Art. 42")).format(days=f"{statutory.days:g}",
                                                                 cooperation=process.cooperation)
    if limits.extension is not None:
        extension = Period.of(limits.extension.length, day_minutes)
    else:
        extension = Period.workdays_of(law.JOINT_EXTENSION_WORKDAYS if joint else law.DECISION_EXTENSION_WORKDAYS)
    return Limits(
        promised=(Period.workdays_of(0) if promised == "on-the-spot" else None if promised is None
                  else Period.of(promised, day_minutes)),
        on_the_spot=promised == "on-the-spot",
        statutory=statutory,
        statutory_basis=basis,
        statutory_declared=declared_holds,
        extension=extension,
        delivery=Period.workdays_of(law.DELIVERY_WORKDAYS) if licensing else None,
        day_minutes=day_minutes,
    )


# --- the verdict, on arrays of cases ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdicts:
    """One limit judged for many cases (arrays of the same length).

    ``late``: past the limit; ``office``: the office-time figure in working days; ``counted``: the
    days as the verdict counts them (whole working or calendar days when judged by dates, else the
    office figure); ``due``: the due date's day number since ``start``, the start of the calendar
    that judged them (-1 when judged on office time; kept with the numbers, since a caller's calendar
    may be placed anew later)."""

    late: Any
    office: Any
    counted: Any
    due: Any
    start: datetime.date

    def due_date(self, i: int) -> datetime.date | None:
        due = int(self.due[i])
        return None if due < 0 else self.start + datetime.timedelta(days=due)


def off_clock(calendar: WorkCalendar, lo: Any, hi: Any, start: Any) -> tuple[Any, Any, Any]:
    """The time off the clock of each case: ``lo`` and ``hi`` are cases × intervals of calendar
    minutes (NaN where a case has fewer, already cut to the window), ``start`` the window's start.

    Returns the office minutes of the intervals' union, and the working days after ``start``'s date
    that the union covers wholly (all their office hours) as ranges: two cases × ranges arrays of
    the first and the last working day's index (an empty range has its last before its first)."""
    import numpy as np

    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    n = lo.shape[0]
    minutes = np.zeros(n)
    firsts: list[Any] = []
    lasts: list[Any] = []
    if lo.size == 0:
        return minutes, np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.int64)
    valid = ~np.isnan(lo) & ~np.isnan(hi) & (hi > lo)
    wlo = np.where(valid, calendar.to_working_many(np.where(valid, lo, 0.0)), np.inf)
    whi = np.where(valid, calendar.to_working_many(np.where(valid, hi, 0.0)), np.inf)
    # whole days count only after the start's date (its day is not counted anyway, Art. 201)
    floor = calendar.to_working_many((np.floor(np.asarray(start, dtype=float) / DAY) + 1) * DAY)
    order = np.lexsort((whi, wlo), axis=1)
    wlo, whi = np.take_along_axis(wlo, order, axis=1), np.take_along_axis(whi, order, axis=1)
    cur_lo, cur_hi = np.full(n, np.nan), np.full(n, np.nan)

    def close(rows: Any) -> None:
        minutes[:] += np.nan_to_num(np.where(rows, cur_hi - cur_lo, 0.0))
        first, last = calendar.whole_days_within_many(np.where(rows, np.maximum(cur_lo, floor), 0.0),
                                                      np.where(rows, cur_hi, 0.0))
        firsts.append(np.where(rows, first, 0))
        lasts.append(np.where(rows, last, -1))

    for j in range(wlo.shape[1]):
        x, y = wlo[:, j], whi[:, j]
        use = np.isfinite(x)
        gap = use & ~np.isnan(cur_lo) & (x > cur_hi)
        close(gap)
        fresh = use & (np.isnan(cur_lo) | gap)
        cur_lo = np.where(fresh, x, cur_lo)
        cur_hi = np.where(fresh, y, np.where(use, np.fmax(cur_hi, y), cur_hi))
    close(~np.isnan(cur_lo))
    # the ranges of each case in time order (a case's closes come in its order; empty ones anywhere)
    return minutes, np.stack(firsts, axis=1), np.stack(lasts, axis=1)


def _off_before(first: Any, last: Any, bound: Any) -> Any:
    """How many working days of the ranges have an index below ``bound`` (per case)."""
    import numpy as np

    return np.clip(np.minimum(last + 1, bound[:, None]) - first, 0, None).sum(axis=1)


def _nth_counted(before: Any, n: int, first: Any, last: Any) -> Any:
    """The index of the ``n``-th working day from index ``before`` on that is not within the ranges
    (sorted by their first day, not overlapping): the day a limit of ``n`` working days runs out."""
    import numpy as np

    pos, remaining = before.copy(), np.full(before.shape, n, dtype=np.int64)
    for j in range(first.shape[1]):
        f = np.maximum(first[:, j], before)
        hit = (last[:, j] >= f) & (f <= pos + remaining - 1)
        remaining = np.where(hit, remaining - (f - pos), remaining)
        pos = np.where(hit, last[:, j] + 1, pos)
    return pos + remaining - 1


def judge(calendar: WorkCalendar, period: Period, a: Any, b: Any, off_minutes: Any = 0.0,
          off_first: Any = None, off_last: Any = None, *, office: bool = True) -> Verdicts:
    """``period`` judged for the windows ``a`` → ``b`` (calendar minutes), with their time off the clock
    (``off_clock``'s office minutes and ranges of whole working days). ``office=False``: a caller that
    reads only the verdicts of a limit judged by dates is spared the office-time figure (NaN)."""
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    off_minutes = np.broadcast_to(np.asarray(off_minutes, dtype=float), a.shape)
    if off_first is None:
        off_first = off_last = np.zeros((len(a), 0), dtype=np.int64)
    day = calendar.day_minutes
    if office or not period.by_dates:
        figure = np.maximum(calendar.to_working_many(b) - calendar.to_working_many(a) - off_minutes, 0.0) / day
    else:
        figure = np.full(a.shape, np.nan)
    if not period.by_dates:
        late = figure > period.days + EPS
        return Verdicts(late, figure, figure, np.full(a.shape, -1, dtype=np.int64), calendar.start)
    da = np.floor(a / DAY).astype(np.int64)
    db = np.floor(b / DAY).astype(np.int64)
    off_days = np.clip(off_last - off_first + 1, 0, None).sum(axis=1)
    if period.workdays is not None:
        before = calendar.working_days_through_many(da)
        counted = calendar.working_days_through_many(db) - before - off_days
        # the due date: the last of the limit's working days, the days wholly off the clock before it skipped
        due = (calendar.working_day_numbers_many(_nth_counted(before, period.workdays, off_first, off_last))
               if period.workdays > 0 else da.copy())
        return Verdicts(counted > period.workdays, figure, counted.astype(float), due, calendar.start)
    assert period.calendar_days is not None
    # calendar days: moved on by the working days wholly off the clock up to the due date, which they
    # move in turn until it settles, then to the next working day if it is a day off (Art. 203)
    due = da + period.calendar_days
    while True:  # it only moves on, and by no more than the days off: it settles
        moved = da + period.calendar_days + _off_before(off_first, off_last,
                                                        calendar.working_days_through_many(due))
        if np.array_equal(moved, due):
            break
        due = moved
    if period.calendar_days > 0:
        due = calendar.working_day_numbers_many(calendar.working_days_through_many(due - 1))
    return Verdicts(db > due, figure, (db - da - off_days).astype(float), due, calendar.start)


def surely_on_time(calendar: WorkCalendar, period: Period, a: float, b: float) -> bool:
    """Whether one window ``a`` → ``b`` (calendar minutes) keeps ``period`` whatever time it had off the
    clock (which only ever shortens it): a cheap first look, in plain Python, for a caller that judges
    cases one by one; False means "judge it" (``judge_one``), not "late"."""
    if period.workdays is not None:
        da, db = math.floor(a / DAY), math.floor(b / DAY)
        return calendar.working_days_through(db) - calendar.working_days_through(da) <= period.workdays
    if period.calendar_days is not None:
        return math.floor(b / DAY) <= math.floor(a / DAY) + period.calendar_days
    return (calendar.to_working(b) - calendar.to_working(a)) / calendar.day_minutes <= period.days + EPS


def judge_one(calendar: WorkCalendar, period: Period, a: float, b: float,
              off: Sequence[tuple[float, float]] = ()) -> Verdicts:
    """``judge_windows`` of one window, in plain Python: for a caller that judges cases one at a
    time, where arrays would cost more than the arithmetic (``tests/test_legal_clock.py`` checks that
    both give the same verdicts). ``off``: the case's steps off the clock, (start, end) in calendar
    minutes. The verdict's fields are one-element lists."""
    to_working = calendar.to_working
    day = calendar.day_minutes
    pieces = sorted((to_working(max(lo, a)), to_working(min(hi, b))) for lo, hi in off if hi > a and lo < b and hi > lo)
    floor = to_working((math.floor(a / DAY) + 1) * DAY)
    union = 0.0
    ranges: list[tuple[int, int]] = []  # the working days wholly off, as (first, last) indices
    current: list[float] | None = None
    for x, y in [*pieces, (math.inf, math.inf)]:
        if current is not None and x > current[1]:
            union += current[1] - current[0]
            first, last = calendar.whole_days_within(max(current[0], floor), current[1])
            if last >= first:
                ranges.append((first, last))
            current = None
        if x == math.inf:
            break
        if current is None:
            current = [x, y]
        else:
            current[1] = max(current[1], y)
    office = max(to_working(b) - to_working(a) - union, 0.0) / day
    if not period.by_dates:
        return Verdicts([office > period.days + EPS], [office], [office], [-1], calendar.start)
    da, db = math.floor(a / DAY), math.floor(b / DAY)
    whole = sum(last - first + 1 for first, last in ranges)
    if period.workdays is not None:
        before = calendar.working_days_through(da)
        counted = calendar.working_days_through(db) - before - whole
        due = da
        if period.workdays > 0:
            pos, remaining = before, period.workdays
            for first, last in ranges:
                first = max(first, before)
                if last >= first and first <= pos + remaining - 1:
                    remaining -= first - pos
                    pos = last + 1
            due = calendar.working_day_number(pos + remaining - 1)
        return Verdicts([counted > period.workdays], [office], [float(counted)], [due], calendar.start)
    assert period.calendar_days is not None
    due = da + period.calendar_days
    while True:  # as in ``judge``
        bound = calendar.working_days_through(due)
        moved = da + period.calendar_days + sum(max(0, min(last + 1, bound) - first) for first, last in ranges)
        if moved == due:
            break
        due = moved
    if period.calendar_days > 0:
        due = calendar.working_day_number(calendar.working_days_through(due - 1))
    return Verdicts([db > due], [office], [float(db - da - whole)], [due], calendar.start)


def judge_windows(calendar: WorkCalendar, period: Period, a: Any, b: Any, lo: Any = None, hi: Any = None, *,
                  office: bool = True) -> Verdicts:
    """``judge`` for windows ``a`` → ``b`` with the cases' steps off the clock, ``lo`` → ``hi`` (cases ×
    steps of calendar minutes, NaN where a case has fewer; the parts outside the window are cut off)."""
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if lo is None or np.size(lo) == 0:
        return judge(calendar, period, a, b, office=office)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    inside = (hi > a[:, None]) & (lo < b[:, None])
    lo = np.where(inside, np.maximum(lo, a[:, None]), np.nan)
    hi = np.where(inside, np.minimum(hi, b[:, None]), np.nan)
    minutes, first, last = off_clock(calendar, lo, hi, a)
    return judge(calendar, period, a, b, minutes, first, last, office=office)


def fmt_days(x: float) -> str:
    """A count of days as the messages print it: whole numbers without decimals."""
    return f"{x:.0f}" if math.isclose(x, round(x)) else f"{x:.2f}"
