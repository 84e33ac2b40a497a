"""Which column of a CSV or Excel log (or attribute of an XES log) holds what, and how the file is written.

One mapping for every reader: a role that is not named is found by its usual name, the first of
``NAMES[role]`` the header has (compared without case and surrounding spaces). The names are those
of pm4py's ``format_dataframe``, of XES and of the common exports; the simulator writes the first
ones. In XES the keys are the standard extensions' (``XES_KEYS``).

Which shape of log the columns make:

- a start-timestamp column named by the caller: one row per activity instance, its start and its
  end (a lifecycle column is then used only when named too);
- else a lifecycle column, named or found: ``start`` and ``complete`` events, paired per activity;
- else a start-timestamp column found by its usual name: activity instances;
- else every row is a completion.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..i18n import _
from .errors import LogError
from .times import BEIJING_HOURS

ROLES = ("case", "activity", "timestamp", "start_timestamp", "resource", "lifecycle")
REQUIRED = ("case", "activity", "timestamp")

# Usual names of the columns, tried in order when the mapping does not name one.
NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case_id", "case:concept:name", "case", "caseid", "case id", "case_key"),
    "activity": ("activity", "concept:name", "activity name", "activity_name", "event", "task"),
    "timestamp": ("timestamp", "time:timestamp", "complete_timestamp", "end_timestamp", "end time", "end_time",
                  "completetimestamp", "time"),
    "start_timestamp": ("start_timestamp", "start timestamp", "start_time", "start time", "starttimestamp"),
    "resource": ("resource", "org:resource", "user", "performer"),
    "lifecycle": ("lifecycle", "lifecycle:transition", "event_type"),
}
# XES: the case id is the trace's attribute, the others the event's.
XES_KEYS: dict[str, str] = {
    "case": "concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "lifecycle": "lifecycle:transition",
    "resource": "org:resource",
}


@dataclass(frozen=True)
class LogColumns:
    """Which CSV column (or XES attribute key) holds what; None: the usual name."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    start_timestamp: str | None = None
    resource: str | None = None
    lifecycle: str | None = None


@dataclass(frozen=True)
class LogOptions:
    """How the log's file is written: what its columns and attributes cannot say."""

    delimiter: str | None = None  # of a CSV; None: guessed from the header
    encoding: str = "utf-8-sig"  # of a CSV (an XML file declares its own); reads plain UTF-8 too
    timestamp_format: str | None = None  # a strptime format, for timestamps that are not ISO 8601
    utc_offset: float = BEIJING_HOURS  # hours from UTC of the office's clock
    sheet: str | None = None  # the worksheet of an Excel (.xlsx) log; None: the first


def delimiter_of(given: str | None) -> str | None:
    """The delimiter asked for (``tab`` and ``\\t`` mean a tab); ValueError when it cannot be one."""
    if given is None:
        return None
    delimiter = "\t" if given in ("\\t", "tab") else given
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        # csv needs one character; a quote or a line break would split nothing
        raise ValueError(_("must be one character, not a quote or a line break; got {given!r}").format(given=given))
    return delimiter


def csv_columns(header: list[str], columns: LogColumns, where: str) -> dict[str, int]:
    """Role -> index in ``header`` of each column the log has, by the mapping or the usual names
    (the roles in the order: case, activity, timestamp, resource, start_timestamp, lifecycle).
    ``where`` is the header's place (``log.csv:1``, or a sheet's row of a workbook); LogError when a
    named column is not there or a required one is missing."""
    names = [h.strip() for h in header]
    lower = {n.lower(): i for i, n in reversed(list(enumerate(names)))}  # the first of equal names
    chosen: dict[str, int] = {}
    found_by_name: set[str] = set()

    def pick(role: str, required: bool) -> None:
        given = getattr(columns, role)
        if given is not None:
            if given.strip().lower() not in lower:
                close = difflib.get_close_matches(given, names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise LogError(_("{where}: no column '{given}' for the {value}{hint}; the columns "
                                 "are: {items}").format(
                                     where=where, given=given, value=role.replace('_', ' '), hint=hint,
                                     items=', '.join(names)))
            chosen[role] = lower[given.strip().lower()]
            return
        for name in NAMES[role]:
            if name in lower:
                chosen[role] = lower[name]
                found_by_name.add(role)
                return
        if required:
            option = "--" + role.replace("_", "-")
            raise LogError(_("{where}: which column holds the {role}? None has a usual name "
                             "({items}); give it with {option}; the columns are: {items2}").format(
                                 where=where, role=role, items=", ".join(f"'{n}'" for n in NAMES[role]),
                                 option=option, items2=", ".join(f"'{n}'" for n in names)))

    for role in REQUIRED:
        pick(role, True)
    pick("resource", False)
    pick("start_timestamp", False)
    if chosen.get("start_timestamp") == chosen["timestamp"]:
        del chosen["start_timestamp"]  # the end's column is no start
        found_by_name.discard("start_timestamp")
    if "start_timestamp" in chosen and "start_timestamp" not in found_by_name:
        if columns.lifecycle is not None:
            pick("lifecycle", True)
    else:
        pick("lifecycle", False)
        if "lifecycle" in chosen and "start_timestamp" in chosen:
            del chosen["start_timestamp"]  # found by its name only: the lifecycle says more
    return chosen
