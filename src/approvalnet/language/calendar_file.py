"""Calendar files: the holidays, adjusted working days and office hours a centre ships beside its files.

A calendar file says what the national data cannot: local holidays, the State Council's arrangement
for a year the maintained packages do not have yet, Saturday service and other hours that differ by
weekday, and windows or departments that keep their own hours::

    calendar: 昆明市政务服务中心 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
    years: [2027]          # the years whose whole national arrangement this file gives
    status: official       # official (from the notice) or estimate
    holidays: [2027-01-01, {from: 2027-02-06, to: 2027-02-12, name: 春节}]
    working_days: [2027-02-14]                     # adjusted working days (调休上班)
    office_hours: {default: ["09:00-12:00", "13:30-17:30"], saturday: ["09:00-12:00"]}
    lanes: {comprehensive: {saturday: ["09:00-12:00"]}}

It is read like the other files (safe YAML with positions, the types, then the meaning) and every
problem comes at its file, line and column. ``data_for`` gives the ``CalendarData`` that
``WorkCalendar`` uses; lane names are checked where the file is used (``check_lanes``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from ..i18n import _
from .calendar import WEEKDAYS, CalendarData
from .loader import attach_locations, kind_of, read_bytes, read_yaml, sort_problems, suggest, translate_errors
from .semantics import office_periods
from .source import LoadError, Loc, Problem
from .types import DATE_PATTERN, OFFICE_PERIOD_PATTERN, Node

Date = Annotated[str, Field(pattern=DATE_PATTERN)]
Periods = list[Annotated[str, Field(pattern=OFFICE_PERIOD_PATTERN)]]


class DateRange(Node):
    """Days from ``from`` to ``to`` (both included; ``to`` left out: one day), with a name."""

    from_: Date = Field(alias="from")
    to: Date | None = None
    name: str | None = None  # 春节, 国庆节, a local festival ...


class OfficeHours(Node):
    """Office periods by weekday; ``default`` for the weekdays not named (an empty list: closed)."""

    default: Periods | None = None  # Monday to Friday, and adjusted working days (调休上班)
    monday: Periods | None = None
    tuesday: Periods | None = None
    wednesday: Periods | None = None
    thursday: Periods | None = None
    friday: Periods | None = None
    saturday: Periods | None = None  # Saturday service (周六延时服务); without it, closed
    sunday: Periods | None = None


class CalendarFile(Node):
    """A calendar file (docs/calendar.md)."""

    calendar: str  # a name: whose calendar and for when
    source: str | None = None  # where the dates come from: the notice's title and number
    # the years whose whole national arrangement the file gives (national data is not used for them)
    years: list[Annotated[int, Field(ge=1900, le=2200)]] = Field(default_factory=list)
    status: Literal["official", "estimate"] | None = None  # of those years: from the notice, or estimated
    holidays: list[Date | DateRange] = Field(default_factory=list)  # days off (法定节假日 and local ones)
    working_days: list[Date | DateRange] = Field(default_factory=list)  # adjusted working days (调休上班) on weekends
    office_hours: OfficeHours | None = None
    lanes: dict[str, OfficeHours] = Field(default_factory=dict)  # window, department or lane id → its own hours


def read_calendar_file(path: str | Path) -> tuple[CalendarFile | None, list[Problem]]:
    """Read and check a calendar file; the file (None when it has errors) and the problems found."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    plain, smap, problems = read_yaml(data, str(path))
    if plain is None and problems:
        return None, problems
    if not isinstance(plain, dict):
        problems.append(Problem(smap.value_loc(()), _("a calendar file must be a mapping of keys (calendar, "
                                "holidays, office_hours ...), not {kind}").format(kind=kind_of(plain)), "type"))
        return None, problems
    try:
        calendar = CalendarFile.model_validate(plain)
    except ValidationError as error:
        return None, sort_problems([*problems, *translate_errors(error, plain, smap, CalendarFile)])
    attach_locations(calendar, smap, ())
    problems = sort_problems([*problems, *_check(calendar)])
    return (None if any(p.level == "error" for p in problems) else calendar), problems


def load_calendar_file(path: str | Path) -> CalendarData:
    """The ``CalendarData`` of a calendar file; raise ``LoadError`` with every problem if it has errors."""
    calendar, problems = read_calendar_file(path)
    if calendar is None:
        raise LoadError(problems)
    return to_data(calendar, str(path))


_CACHE: dict[Path, tuple[float, CalendarData]] = {}


def data_for(file: str, beside: str) -> CalendarData:
    """The calendar file ``file`` named in the file ``beside`` (relative to its folder), read once."""
    path = (Path(beside).parent / file).resolve()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = -1.0
    cached = _CACHE.get(path)
    if cached is None or cached[0] != stamp:
        cached = _CACHE[path] = (stamp, load_calendar_file(path))
    return cached[1]


def _days(entry: str | DateRange) -> list[datetime.date]:
    if isinstance(entry, str):
        return [datetime.date.fromisoformat(entry)]
    first = datetime.date.fromisoformat(entry.from_)
    last = datetime.date.fromisoformat(entry.to) if entry.to else first
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


def _hours(hours: OfficeHours | None) -> dict[str, tuple[str, ...]]:
    if hours is None:
        return {}
    return {key: tuple(value) for key in ("default", *WEEKDAYS) if (value := getattr(hours, key)) is not None}


def to_data(calendar: CalendarFile, file: str) -> CalendarData:
    """What ``WorkCalendar`` needs of a checked calendar file."""
    return CalendarData(
        name=calendar.calendar, source=calendar.source or "", file=file,
        status=calendar.status or "official", years=frozenset(calendar.years),
        holidays=frozenset(d for e in calendar.holidays for d in _days(e)),
        working_days=frozenset(d for e in calendar.working_days for d in _days(e)),
        hours=_hours(calendar.office_hours),
        lanes={lane: _hours(hours) for lane, hours in calendar.lanes.items()})


def _check(calendar: CalendarFile) -> list[Problem]:
    problems: list[Problem] = []

    def error(node: Node, path: tuple, message: str, code: str = "value", level: str = "error") -> None:
        problems.append(Problem(node.loc_of(*path), message, code, level))  # type: ignore[arg-type]

    if calendar.years and calendar.status is None:
        error(calendar, ("years",), _("say whether the arrangement of these years is official (from the State "
              "Council's notice) or an estimate: 'status: official' or 'status: estimate'"), "missing-key")
    if calendar.status is not None and not calendar.years:
        error(calendar, ("status",), _("'status' is about the years whose whole arrangement the file gives; "
              "name them with 'years: [...]'"), "missing-key")
    if calendar.years and not calendar.source:
        error(calendar, ("years",), _("cite where the arrangement of {years} comes from with 'source: ...' "
              "(the notice's title and number)").format(years=", ".join(map(str, calendar.years))),
              "missing-key", "warning")
    seen: dict[datetime.date, str] = {}
    for key in ("holidays", "working_days"):
        for i, entry in enumerate(getattr(calendar, key)):
            days = _entry_days(calendar, key, i, entry, error)
            for day in days:
                other = seen.get(day)
                if other is not None and other != key:
                    error(calendar, (key, i), _("{day} is both a holiday and an adjusted working day").format(
                          day=day.isoformat()), "conflict")
                    break
                seen[day] = key
    if calendar.office_hours is not None:
        _check_hours(calendar.office_hours, error)
        if calendar.office_hours.default == []:
            error(calendar.office_hours, ("default",), _("the default office hours cannot be empty; close single "
                  "weekdays with an empty list instead"))
    for hours in calendar.lanes.values():
        _check_hours(hours, error)
        _check_within(hours, calendar.office_hours, error)
    return problems


def _check_within(lane: OfficeHours, centre: OfficeHours | None, error) -> None:
    """A lane's periods outside the calendar's own office hours of that weekday count for nothing:
    office time is the centre's (only checked where the file gives the centre's hours)."""
    if centre is None or centre.default is None:
        return
    for key in ("default", *WEEKDAYS):
        periods = getattr(lane, key)
        if not periods:
            continue
        own = getattr(centre, key)
        if own is None:
            own = centre.default if key in ("default", *WEEKDAYS[:5]) else []
        allowed = office_periods(own)
        for i, (begin, end) in enumerate(office_periods(periods)):
            if not any(a <= begin and end <= b for a, b in allowed):
                error(lane, (key, i), _("'{period}' ({day}) is outside the office hours of the calendar that "
                      "day; office time is the centre's, so that part of it counts for nothing").format(
                          period=periods[i], day=key), "value", "warning")


def _entry_days(calendar: CalendarFile, key: str, i: int, entry: str | DateRange, error) -> list[datetime.date]:
    where: tuple = (key, i) if isinstance(entry, str) else (key, i, "from")
    try:
        first = datetime.date.fromisoformat(entry if isinstance(entry, str) else entry.from_)
    except ValueError:
        error(calendar, where, _("'{date}' is not a date of the calendar").format(
              date=entry if isinstance(entry, str) else entry.from_))
        return []
    if isinstance(entry, str) or entry.to is None:
        return [first]
    try:
        last = datetime.date.fromisoformat(entry.to)
    except ValueError:
        error(calendar, (key, i, "to"), _("'{date}' is not a date of the calendar").format(date=entry.to))
        return []
    if last < first:
        error(calendar, (key, i, "to"), _("the range ends on {last}, before it begins on {first}").format(
              last=entry.to, first=entry.from_))
        return []
    if (last - first).days > 366:
        error(calendar, (key, i, "to"), _("a range of more than a year ({first} to {last}); is a year mistyped?")
              .format(first=entry.from_, last=entry.to))
        return []
    return _days(entry)


def _check_hours(hours: OfficeHours, error) -> None:
    for key in ("default", *WEEKDAYS):
        periods = getattr(hours, key)
        if not periods:
            continue
        minutes = office_periods(periods)
        for i, (begin, end) in enumerate(minutes):
            if begin >= end:
                error(hours, (key, i), _("office period '{period}' ends before it begins").format(period=periods[i]))
            elif i and begin < minutes[i - 1][1]:
                error(hours, (key, i), _("office period '{period}' overlaps or precedes the one before; list the "
                      "periods of the day in order").format(period=periods[i]))


def check_named(calendar_path: str, beside: str, known: list[str]) -> list[Problem]:
    """Problems of the calendar file named in the file ``beside``: its own, and lanes that are not in
    ``known`` (the windows and departments of a centre, the lanes of a process)."""
    path = Path(beside).parent / calendar_path
    if not path.is_file():
        return [Problem(Loc(beside), _("the calendar file '{file}' does not exist (it is looked for beside "
                        "this file)").format(file=calendar_path), "io")]
    calendar, problems = read_calendar_file(path)
    if calendar is None:
        return problems
    return [*problems, *unknown_lanes(calendar, known, beside)]


def unknown_lanes(calendar: CalendarFile, known: list[str], user: str) -> list[Problem]:
    """The lanes of ``calendar`` that the file ``user`` (a centre or process file) does not have."""
    smap = calendar.source_map

    def where(lane: str) -> Loc:
        return smap.key_loc(("lanes", lane)) if smap else calendar.loc_of("lanes", lane)

    return [Problem(where(lane), _("'{lane}' is not a window, department or lane of {file}; "
                    "it has {known}").format(lane=lane, file=user, known=", ".join(known)) + suggest(lane, known),
                    "reference") for lane in calendar.lanes if lane not in known]
