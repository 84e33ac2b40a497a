"""The working calendar: office periods of each working day, weekends, Chinese public holidays and 调休.

Time is counted in float minutes since midnight of the calendar's start date ("calendar time"). The
simulator itself runs on *working time*: the minutes of office time since the start. Every staffed
lane works on the same calendar, so a step that takes ``d`` office minutes and starts at working
time ``w`` ends at ``w + d`` however many evenings, weekends and holidays lie in between; only
the conversions below know about dates. Converting is monotone both ways:

- ``to_working(t)``: the office minutes before calendar instant ``t`` (constant outside office hours);
- ``to_calendar(w)``: the calendar instant at which ``w`` office minutes have passed. At a boundary
  it gives the end of the period (a task that finishes at 12:00 finished at 12:00, not at 13:30);
  with ``resume=True`` the start of the next period instead (when work can begin).

Public holidays and adjusted working days come from the maintained ``chinese-calendar`` package, not
a hand-typed list. Years it does not cover fall back to plain weekdays, with one warning per year.
"""

from __future__ import annotations

import bisect
import datetime
import warnings
from collections.abc import Sequence
from typing import Any, Literal

from ..i18n import _
from .semantics import DEFAULT_OFFICE_HOURS, office_periods
from .types import Process

DAY = 1440.0
DEFAULT_START = "2025-03-03"


class CalendarWarning(UserWarning):
    """The holiday data does not cover a simulated year."""


class WorkCalendar:
    """Office time on working days, with conversions between calendar and working minutes."""

    __slots__ = ("_covered", "_days", "_offsets", "_scanned", "day_minutes", "holidays", "periods", "start",
                 "weekends")

    def __init__(self, office_hours: Sequence[str] = DEFAULT_OFFICE_HOURS,
                 holidays: Literal["china", "none"] = "china", weekends: bool = True,
                 start: datetime.date | str = DEFAULT_START) -> None:
        self.periods = [(float(a), float(b)) for a, b in office_periods(list(office_hours)) if b > a]
        self.day_minutes = sum(b - a for a, b in self.periods)
        if not self.periods or any(a < p[1] for (a, _end), p in zip(self.periods[1:], self.periods, strict=False)):
            raise ValueError(_("office hours {hours} must be periods in order, without overlap").format(
                hours=list(office_hours)))
        # office minutes of the day before each period begins
        self._offsets = [sum(b - a for a, b in self.periods[:i]) for i in range(len(self.periods))]
        self.holidays = holidays
        self.weekends = weekends
        self.start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
        self._days: list[int] = []  # working days, as day numbers since the start (0 = start)
        self._scanned = 0  # day numbers below this have been classified
        self._covered: dict[int, bool] = {}

    @classmethod
    def of(cls, process: Process) -> WorkCalendar:
        calendar = process.simulation.calendar if process.simulation else None
        if calendar is None:
            return cls()
        return cls(calendar.office_hours, calendar.holidays, calendar.weekends, calendar.start)

    # --- days -------------------------------------------------------------------------------------

    def is_working_day(self, day: datetime.date) -> bool:
        if self.holidays == "china" and self._year_covered(day.year):
            import chinese_calendar

            if self.weekends:
                return chinese_calendar.is_workday(day)  # knows the 调休 Saturdays and Sundays
            return day not in chinese_calendar.holidays
        return not self.weekends or day.weekday() < 5

    def _year_covered(self, year: int) -> bool:
        if year not in self._covered:
            import chinese_calendar

            try:
                chinese_calendar.is_workday(datetime.date(year, 6, 1))
                self._covered[year] = True
            except NotImplementedError:
                self._covered[year] = False
                warnings.warn(_("chinese-calendar has no holidays for {year}; counting Monday to Friday as working "
                                "days that year").format(year=year), CalendarWarning, stacklevel=3)
        return self._covered[year]

    def _scan_to(self, day_number: int) -> None:
        while self._scanned <= day_number:
            if self.is_working_day(self.start + datetime.timedelta(days=self._scanned)):
                self._days.append(self._scanned)
            self._scanned += 1

    def _working_day(self, k: int) -> int:
        """The day number of the ``k``-th working day (0-based)."""
        days = self._days
        while len(days) <= k:
            # scan a little beyond what is needed (not a whole year: that would warn about years the run
            # never reaches); a year has working days in any calendar we accept, so this ends
            self._scan_to(self._scanned + 14 + 2 * (k - len(days)))
        return days[k]

    def date_of(self, t: float) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time()) + datetime.timedelta(minutes=t)

    # --- conversions -----------------------------------------------------------------------------

    def to_working(self, t: float) -> float:
        """Office minutes between the start and calendar instant ``t``."""
        n = int(t // DAY)
        if n < 0:
            return 0.0
        self._scan_to(n)
        k = bisect.bisect_left(self._days, n)
        w = k * self.day_minutes
        if k < len(self._days) and self._days[k] == n:
            m = t - n * DAY
            for (a, b), offset in zip(self.periods, self._offsets, strict=True):
                if m <= a:
                    return w + offset
                if m < b:
                    return w + offset + m - a
            return w + self.day_minutes
        return w

    def to_calendar(self, w: float, *, resume: bool = False) -> float:
        """The calendar instant at which ``w`` office minutes have passed (see the module's docstring)."""
        d = self.day_minutes
        k = int(w // d)
        offset = w - k * d
        if offset <= 0 and k > 0 and not resume:
            return self._working_day(k - 1) * DAY + self.periods[-1][1]
        base = self._working_day(k) * DAY
        for (a, b), before in zip(self.periods, self._offsets, strict=True):
            end = before + b - a
            if offset < end or (offset == end and not resume):
                return base + a + offset - before
        return base + self.periods[-1][1]  # not reached: offset < d

    def to_calendar_many(self, ws: Sequence[float], *, resume: bool = False) -> Any:
        """``to_calendar`` of many working times at once (a numpy array): the simulator converts every
        case's arrival and end after the run instead of one by one inside the event loop."""
        import numpy as np

        w = np.asarray(ws, dtype=float)
        d = self.day_minutes
        k = np.floor(w / d).astype(np.int64)
        offset = w - k * d
        if not resume:  # at a day boundary: the end of the previous working day
            boundary = (offset <= 0) & (k > 0)
            k = np.where(boundary, k - 1, k)
            offset = np.where(boundary, d, offset)
        self._working_day(int(k.max()) if len(k) else 0)
        days = np.asarray(self._days, dtype=float)
        starts = np.array([a for a, _ in self.periods])
        before = np.array(self._offsets)
        ends = before + np.array([b - a for a, b in self.periods])
        period = np.minimum(np.searchsorted(ends, offset, side="right" if resume else "left"), len(ends) - 1)
        return days[k] * DAY + starts[period] + offset - before[period]

    # --- the questions people ask ----------------------------------------------------------------

    def next_working_instant(self, t: float) -> float:
        """``t`` itself in office hours, else the start of the next office period."""
        return max(t, self.to_calendar(self.to_working(t), resume=True))

    def add_working_minutes(self, t: float, minutes: float) -> float:
        """The instant when work of ``minutes`` office minutes, begun at ``t``, is done."""
        if minutes <= 0:
            return t
        return self.to_calendar(self.to_working(t) + minutes)

    def working_minutes_between(self, a: float, b: float) -> float:
        return self.to_working(b) - self.to_working(a)

    def working_days_between(self, a: float, b: float) -> float:
        """Office time between two instants, in office days (a fraction where a day is partly covered)."""
        return self.working_minutes_between(a, b) / self.day_minutes
