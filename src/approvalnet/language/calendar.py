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

A day's office periods depend on its weekday (Saturday service, a shorter Friday) and on its kind:
an adjusted working day (调休上班) on a weekend keeps the hours of an ordinary weekday. The working
days found so far are kept with the office minutes before each (``_cum``), so both conversions are a
binary search and a walk over one day's few periods; when every working day has the same periods
(the common case) they are plain arithmetic, as they always were.

Where the holidays of a year come from, its *status*:

- ``official``: the ``chinese-calendar`` package, which carries the State Council's notices
  (国务院办公厅关于部分节假日安排的通知): public holidays and the adjusted working days;
- ``file``: a calendar file (``calendar_file.py``) that gives the year's official arrangement;
- ``estimate``: public holidays from the ``holidays`` package (or from a calendar file marked as an
  estimate) without the adjusted working days, which the State Council announces late in the year before;
- ``missing``: no data; Monday to Friday are working days.

An estimated or missing year warns once (``CalendarWarning``); ``merge_calendar_warnings`` makes the
warnings of a run one message that names every such year and says how to supply the notice.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..i18n import _
from .semantics import DEFAULT_OFFICE_HOURS, office_periods
from .source import listing
from .types import Calendar, Process

DAY = 1440.0
DEFAULT_START = "2025-03-03"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Status = Literal["official", "file", "estimate", "missing", "none"]


class CalendarWarning(UserWarning):
    """The holiday data of a year the run reaches is an estimate or missing."""


@dataclass(frozen=True)
class CalendarData:
    """What a calendar file adds to the national data (see ``calendar_file.py``).

    ``hours``: office periods by ``default`` and weekday name (an empty tuple: closed that weekday);
    ``years``: the years whose whole national arrangement the file gives, with its ``status``;
    ``holidays`` and ``working_days`` outside those years are local changes on top of the national data.
    """

    name: str = ""
    source: str = ""
    file: str = ""
    status: Literal["official", "estimate"] = "official"
    years: frozenset[int] = frozenset()
    holidays: frozenset[datetime.date] = frozenset()
    working_days: frozenset[datetime.date] = frozenset()
    hours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lanes: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class YearStatus:
    """Where the holidays of one year come from."""

    year: int
    status: Status
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "status": self.status, "source": self.source}


def _periods(hours: Sequence[str]) -> tuple[tuple[float, float], ...]:
    periods = tuple((float(a), float(b)) for a, b in office_periods(list(hours)) if b > a)
    if any(a < p[1] for (a, _end), p in zip(periods[1:], periods, strict=False)):
        raise ValueError(_("office hours {hours} must be periods in order, without overlap").format(
            hours=list(hours)))
    return periods


class WorkCalendar:
    """Office time on working days, with conversions between calendar and working minutes."""

    __slots__ = (
        "_cum",
        "_day_ends",
        "_day_prof",
        "_days",
        "_ends",
        "_office_hours",
        "_offsets_of",
        "_periods_of",
        "_prof_minutes",
        "_scanned",
        "_status",
        "_steps_of",
        "_total",
        "_uniform",
        "_weekday_prof",
        "data",
        "day_minutes",
        "holidays",
        "periods",
        "start",
        "weekends",
    )

    def __init__(self, office_hours: Sequence[str] = DEFAULT_OFFICE_HOURS,
                 holidays: Literal["china", "none"] = "china", weekends: bool = True,
                 start: datetime.date | str = DEFAULT_START, data: CalendarData | None = None,
                 lane: str | None = None) -> None:
        self.data = data
        hours = dict(data.hours) if data else {}
        if data is not None and lane is not None:
            hours.update(data.lanes.get(lane, {}))
        base = tuple(hours.get("default", tuple(office_hours)))
        self._office_hours = base
        self.periods = list(_periods(base))
        if not self.periods:
            raise ValueError(_("office hours {hours} must be periods in order, without overlap").format(
                hours=list(base)))
        self.day_minutes = sum(b - a for a, b in self.periods)
        # the day profiles: 0 is the ordinary weekday's (also that of adjusted working days)
        profiles: list[tuple[tuple[float, float], ...]] = [tuple(self.periods)]
        self._weekday_prof: list[int] = []
        for number, name in enumerate(WEEKDAYS):
            if name in hours:
                periods = _periods(hours[name])
            elif number < 5 or not weekends:
                periods = profiles[0]
            else:
                periods = ()
            if not periods:
                self._weekday_prof.append(-1)
                continue
            if periods not in profiles:
                profiles.append(periods)
            self._weekday_prof.append(profiles.index(periods))
        self._periods_of = profiles
        # office minutes of the day before each period begins, and the minutes of each profile
        self._offsets_of = [[sum(b - a for a, b in p[:i]) for i in range(len(p))] for p in profiles]
        self._ends = [[o + b - a for o, (a, b) in zip(offs, p, strict=True)]
                      for offs, p in zip(self._offsets_of, profiles, strict=True)]
        self._prof_minutes = [sum(b - a for a, b in p) for p in profiles]
        # per profile, each period as (start, end, office minutes before it, office minutes at its end):
        # the conversions walk these tuples (made once here, not zipped on every call)
        self._steps_of = [[(a, b, o, e) for (a, b), o, e in zip(p, offs, ends, strict=True)]
                          for p, offs, ends in zip(profiles, self._offsets_of, self._ends, strict=True)]
        self._uniform = len(profiles) == 1
        self.holidays = holidays
        self.weekends = weekends
        self.start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
        self._days: list[int] = []  # working days, as day numbers since the start (0 = start)
        self._day_prof: list[int] = []  # the profile of each working day
        self._cum: list[float] = []  # office minutes before each working day
        self._day_ends: list[float] = []  # office minutes at the end of each working day
        self._total = 0.0  # office minutes of all the working days scanned
        self._scanned = 0  # day numbers below this have been classified
        self._status: dict[int, YearStatus] = {}

    @classmethod
    def of(cls, process: Process, data: CalendarData | None = None) -> WorkCalendar:
        """The calendar of ``process``'s simulation section, with the calendar file it names (or ``data``)."""
        return cls.of_block(process.simulation.calendar if process.simulation else None, data)

    @classmethod
    def of_block(cls, calendar: Calendar | None, data: CalendarData | None = None) -> WorkCalendar:
        """The calendar of a ``calendar:`` block (of a process or a centre) and the file it names;
        ``data`` (a calendar file given on the command line) instead of the file it names."""
        if data is None and calendar is not None and calendar.file:
            from .calendar_file import data_for

            data = data_for(calendar.file, calendar.loc.file)
        if calendar is None:
            return cls(data=data)
        return cls(calendar.office_hours, calendar.holidays, calendar.weekends, calendar.start, data)

    @property
    def office_hours(self) -> list[str]:
        """The office periods of an ordinary working day, as written (``["09:00-12:00", …]``)."""
        return list(self._office_hours)

    def for_lane(self, lane: str) -> WorkCalendar | None:
        """The calendar of a lane that keeps its own hours (``lanes:`` of the calendar file), else None."""
        if self.data is None or lane not in self.data.lanes:
            return None
        return WorkCalendar(self._office_hours, self.holidays, self.weekends, self.start, self.data, lane)

    # --- days -------------------------------------------------------------------------------------

    def is_working_day(self, day: datetime.date) -> bool:
        return self._profile(day) >= 0

    def office_hours_of(self, day: datetime.date) -> list[tuple[float, float]]:
        """The office periods of ``day`` in minutes of the day (none on a day off)."""
        profile = self._profile(day)
        return list(self._periods_of[profile]) if profile >= 0 else []

    def _profile(self, day: datetime.date) -> int:
        """The profile of ``day``'s office hours, -1 on a day off."""
        data = self.data
        if data is not None:
            if day in data.working_days:
                return 0
            if day in data.holidays:
                return -1
        status = self.year_status(day.year).status
        if status == "official":
            import chinese_calendar

            if day in chinese_calendar.holidays:
                return -1
            if day in chinese_calendar.workdays:
                return 0  # an adjusted working day (调休) works an ordinary day's hours
        elif status == "estimate" and (data is None or day.year not in data.years) and (
                day in _estimated_holidays(day.year)):
            return -1
        return self._weekday_prof[day.weekday()]

    def year_status(self, year: int) -> YearStatus:
        """Where the holidays of ``year`` come from (the first time a year is asked, an estimated or
        missing one warns)."""
        found = self._status.get(year)
        if found is None:
            found = self._status[year] = self._find_status(year)
            if found.status in ("estimate", "missing"):
                warnings.warn(calendar_warning(*(([year], []) if found.status == "estimate" else ([], [year]))),
                              CalendarWarning, stacklevel=4)
        return found

    def years(self) -> list[YearStatus]:
        """The status of every year the calendar has reached so far."""
        return [self._status[y] for y in sorted(self._status)]

    def _find_status(self, year: int) -> YearStatus:
        data = self.data
        if data is not None and year in data.years:
            where = data.source or data.file
            return YearStatus(year, "file" if data.status == "official" else "estimate", where)
        if self.holidays == "none":
            return YearStatus(year, "none", "")
        import chinese_calendar

        try:
            chinese_calendar.is_workday(datetime.date(year, 6, 1))
            return YearStatus(year, "official", f"chinese-calendar {_version('chinese-calendar')}")
        except NotImplementedError:
            pass
        if _estimated_holidays(year):
            return YearStatus(year, "estimate", f"holidays {_version('holidays')}")
        return YearStatus(year, "missing", "")

    def _scan_to(self, day_number: int) -> None:
        while self._scanned <= day_number:
            profile = self._profile(self.start + datetime.timedelta(days=self._scanned))
            if profile >= 0:
                self._days.append(self._scanned)
                self._day_prof.append(profile)
                self._cum.append(self._total)
                self._total += self._prof_minutes[profile]
                self._day_ends.append(self._total)
            self._scanned += 1

    def _working_day(self, k: int) -> int:
        """The day number of the ``k``-th working day (0-based)."""
        days = self._days
        while len(days) <= k:
            # scan a little beyond what is needed (not a whole year: that would warn about years the run
            # never reaches); a year has working days in any calendar we accept, so this ends
            self._scan_to(self._scanned + 14 + 7 * (k - len(days)) // 5)
        return days[k]

    def _reach(self, w: float) -> None:
        """Scan until more than ``w`` office minutes are known."""
        while self._total <= w:
            self._scan_to(self._scanned + 14 + int(7 * (w - self._total) // (5 * self.day_minutes)))

    @property
    def uniform(self) -> bool:
        """Whether every working day has the same office periods (then a working day is ``day_minutes``)."""
        return self._uniform

    def day_at(self, w: float) -> tuple[int, float, float]:
        """The working day that working time ``w`` falls in (at a boundary: the day that begins there):
        its number among the working days, the working time it begins at and its office minutes."""
        if self._uniform:
            k = int(w // self.day_minutes)
            return k, k * self.day_minutes, self.day_minutes
        self._reach(w)
        k = max(0, bisect.bisect_right(self._cum, w) - 1)
        return k, self._cum[k], self._prof_minutes[self._day_prof[k]]

    def date_of(self, t: float) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time()) + datetime.timedelta(minutes=t)

    # --- conversions -----------------------------------------------------------------------------

    def to_working(self, t: float) -> float:
        """Office minutes between the start and calendar instant ``t``."""
        n = int(t // DAY)
        if n < 0:
            return 0.0
        self._scan_to(n)
        days = self._days
        k = bisect.bisect_left(days, n)
        if self._uniform:
            w = k * self.day_minutes
            profile = 0
        else:
            if k >= len(days):
                return self._total
            w = self._cum[k]
            profile = self._day_prof[k]
        if k < len(days) and days[k] == n:
            m = t - n * DAY
            for a, b, offset, _end in self._steps_of[profile]:
                if m <= a:
                    return w + offset
                if m < b:
                    return w + offset + m - a
            return w + self._prof_minutes[profile]
        return w

    def to_calendar(self, w: float, *, resume: bool = False) -> float:
        """The calendar instant at which ``w`` office minutes have passed (see the module's docstring)."""
        if self._uniform:
            d = self.day_minutes
            k = int(w // d)
            offset = w - k * d
            if offset <= 0 and k > 0 and not resume:
                return self._working_day(k - 1) * DAY + self.periods[-1][1]
            profile = 0
        else:
            self._reach(w)
            cum = self._cum
            k = max(0, bisect.bisect_right(cum, w) - 1)
            offset = w - cum[k]
            if offset <= 0 and k > 0 and not resume:
                return self._days[k - 1] * DAY + self._periods_of[self._day_prof[k - 1]][-1][1]
            profile = self._day_prof[k]
        base = self._working_day(k) * DAY
        steps = self._steps_of[profile]
        for a, _b, before, end in steps:
            if offset < end or (offset == end and not resume):
                return base + a + offset - before
        return base + steps[-1][1]  # not reached: offset < the day's minutes

    def to_working_many(self, ts: Any) -> Any:
        """``to_working`` of many calendar instants at once (a numpy array of the same shape; NaN allowed)."""
        import numpy as np

        t = np.asarray(ts, dtype=float)
        n = np.floor_divide(t, DAY)
        high = float(np.nanmax(n)) if n.size and not np.isnan(n).all() else -1.0
        if high >= 0:
            self._scan_to(int(high))
        days = np.asarray(self._days, dtype=np.int64)
        k = np.searchsorted(days, n, side="left")
        w = k * self.day_minutes if self._uniform else np.asarray([*self._cum, self._total])[k]
        out = np.array(w, dtype=float)
        if len(days):
            at = np.minimum(k, len(days) - 1)
            working = (k < len(days)) & (days[at] == n)
            profile = np.asarray(self._day_prof, dtype=np.int64)[at]
            m = t - n * DAY
            for p, periods in enumerate(self._periods_of):
                todo = working & (profile == p)
                for (a, b), offset in zip(periods, self._offsets_of[p], strict=True):
                    before = todo & (m <= a)
                    out = np.where(before, w + offset, out)
                    todo &= ~before
                    inside = todo & (m < b)
                    out = np.where(inside, w + offset + m - a, out)
                    todo &= ~inside
                out = np.where(todo, w + self._prof_minutes[p], out)
        return np.where(n < 0, 0.0, out)

    def to_calendar_many(self, ws: Sequence[float], *, resume: bool = False) -> Any:
        """``to_calendar`` of many working times at once (a numpy array): the simulator converts every
        case's arrival and end after the run instead of one by one inside the event loop."""
        import numpy as np

        w = np.asarray(ws, dtype=float)
        if not self._uniform:
            return self._to_calendar_many_mixed(w, resume)
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
        before = np.array(self._offsets_of[0])
        ends = np.array(self._ends[0])
        period = np.minimum(np.searchsorted(ends, offset, side="right" if resume else "left"), len(ends) - 1)
        return days[k] * DAY + starts[period] + offset - before[period]

    def _to_calendar_many_mixed(self, w: Any, resume: bool) -> Any:
        import numpy as np

        if len(w):
            self._reach(float(w.max()))
        cum = np.asarray(self._cum)
        prof = np.asarray(self._day_prof, dtype=np.int64)
        minutes = np.asarray(self._prof_minutes)[prof]
        k = np.maximum(np.searchsorted(cum, w, side="right") - 1, 0)
        offset = w - cum[k]
        if not resume:
            boundary = (offset <= 0) & (k > 0)
            k = np.where(boundary, k - 1, k)
            offset = np.where(boundary, minutes[k], offset)
        out = np.empty_like(w)
        day_start = np.asarray(self._days, dtype=float)[k] * DAY
        for p, periods in enumerate(self._periods_of):
            mask = prof[k] == p
            if not mask.any():
                continue
            starts = np.array([a for a, _ in periods])
            before = np.array(self._offsets_of[p])
            ends = np.array(self._ends[p])
            o = offset[mask]
            period = np.minimum(np.searchsorted(ends, o, side="right" if resume else "left"), len(ends) - 1)
            out[mask] = day_start[mask] + starts[period] + o - before[period]
        return out

    # --- the questions people ask ----------------------------------------------------------------

    def next_working_instant(self, t: float) -> float:
        """``t`` itself in office hours, else the start of the next office period."""
        return max(t, self.to_calendar(self.to_working(t), resume=True))

    def add_working_minutes(self, t: float, minutes: float) -> float:
        """The instant when work of ``minutes`` office minutes, begun at ``t``, is done."""
        if minutes <= 0:
            return t
        return self.to_calendar(self.to_working(t) + minutes)

    # --- whole days, for the legal clock (``legal_clock.py``) -------------------------------------

    def working_days_through(self, day_number: int) -> int:
        """``working_days_through_many`` of one day."""
        self._scan_to(day_number)
        return bisect.bisect_right(self._days, day_number)

    def working_day_number(self, k: int) -> int:
        """The day number of the ``k``-th working day (0-based)."""
        return self._working_day(k)

    def whole_days_within(self, x: float, y: float) -> tuple[int, int]:
        """``whole_days_within_many`` of one interval."""
        eps = 1e-3
        if self._uniform:
            d = self.day_minutes
            return math.ceil((x - eps) / d), math.floor((y + eps) / d) - 1
        self._reach(y)
        return bisect.bisect_left(self._cum, x - eps), bisect.bisect_right(self._day_ends, y + eps) - 1

    def working_days_through_many(self, day_numbers: Any) -> Any:
        """How many working days there are from the start up to and including each day (day numbers
        since the start, as integers; a negative day has none)."""
        import numpy as np

        n = np.asarray(day_numbers, dtype=np.int64)
        if n.size:
            self._scan_to(int(n.max()))
        return np.searchsorted(np.asarray(self._days, dtype=np.int64), n, side="right")

    def working_day_numbers_many(self, k: Any) -> Any:
        """The day numbers of the ``k``-th working days (0-based, an array)."""
        import numpy as np

        k = np.asarray(k, dtype=np.int64)
        if k.size:
            self._working_day(int(k.max()))
        return np.asarray(self._days, dtype=np.int64)[k]

    def whole_days_within_many(self, x: Any, y: Any) -> tuple[Any, Any]:
        """The working days that lie wholly within each interval of working time ``x`` → ``y`` (all of
        their office hours covered; a millisecond's rounding in a log is forgiven): the first's and
        the last's index among the working days (0-based; none when the last is before the first)."""
        import numpy as np

        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        eps = 1e-3
        if self._uniform:
            d = self.day_minutes
            return np.ceil((x - eps) / d).astype(np.int64), np.floor((y + eps) / d).astype(np.int64) - 1
        if y.size:
            self._reach(float(np.nanmax(y)))
        first = np.searchsorted(np.asarray(self._cum), x - eps, side="left")
        last = np.searchsorted(np.asarray(self._day_ends), y + eps, side="right") - 1
        return first.astype(np.int64), last.astype(np.int64)

    def working_minutes_between(self, a: float, b: float) -> float:
        return self.to_working(b) - self.to_working(a)

    def working_days_between(self, a: float, b: float) -> float:
        """Office time between two instants, in office days (a fraction where a day is partly covered)."""
        return self.working_minutes_between(a, b) / self.day_minutes


# --- the national data ------------------------------------------------------------------------------

_ESTIMATES: dict[int, frozenset[datetime.date]] = {}


def _estimated_holidays(year: int) -> frozenset[datetime.date]:
    """The public holidays of ``year`` by the ``holidays`` package's rules (no adjusted working days);
    empty for a year outside its range."""
    found = _ESTIMATES.get(year)
    if found is None:
        import holidays as holidays_package

        country = holidays_package.China
        inside = getattr(country, "start_year", 0) <= year <= getattr(country, "end_year", 9999)
        found = _ESTIMATES[year] = frozenset(country(years=year)) if inside else frozenset()
    return found


@functools.cache
def _version(package: str) -> str:  # reading a package's metadata takes milliseconds; calendars are many
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def _span(years: Sequence[int]) -> str:
    """``2027``, ``2027, 2029`` or ``2101–2105`` (runs of consecutive years joined)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return listing(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def calendar_warning(estimated: Sequence[int], missing: Sequence[int]) -> str:
    """The one warning about the years without the official holiday arrangement."""
    parts = []
    if estimated:
        parts.append(_("{years}: public holidays estimated, without the adjusted working days (调休)").format(
            years=_span(estimated)))
    if missing:
        parts.append(_("{years}: no holiday data, Monday to Friday counted as working days").format(
            years=_span(missing)))
    return _("no official holiday arrangement for {parts}. When the State Council publishes its notice on the "
             "holidays of the year (国务院办公厅关于部分节假日安排的通知), write it as a calendar file and give "
             "it with --calendar FILE or `calendar: {{file: ...}}` in the centre or process file (see "
             "docs/calendar.md)").format(parts=_("; ").join(parts))


def merge_calendar_warnings(messages: Iterable[str]) -> list[str]:
    """``messages`` (each once, in order) with the calendar's warnings of single years made one, first."""
    estimated: set[int] = set()
    missing: set[int] = set()
    rest: list[str] = []
    for text in dict.fromkeys(messages):
        for year in {int(y) for y in re.findall(r"\d{4}", text)}:
            if text == calendar_warning([year], []):
                estimated.add(year)
                break
            if text == calendar_warning([], [year]):
                missing.add(year)
                break
        else:
            rest.append(text)
    if estimated or missing:
        return [calendar_warning(sorted(estimated), sorted(missing)), *rest]
    return rest
