"""Reading a centre file: its own keys, then every item's process file, then the lanes' pools.

The same three gates as a process file (safe YAML with positions, the types, then the meaning),
followed by the references: each item's file must exist inside the centre's folder tree and be a
valid process; its lanes are mapped onto the centre's pools. Problems in an item's process file are
reported at their own file, line and column.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from ..i18n import _, ngettext
from .centre_types import Centre, CentreItem
from .loader import attach_locations, kind_of, read_process, read_yaml, sort_problems, suggest, translate_errors
from .semantics import office_periods
from .source import LoadError, Problem
from .types import Process

STAFFED = ("window", "department")
# A centre file is told from a process file by its top-level `centre:` key: a block key at the start
# of a line, or the first key of a file written as one flow (JSON) mapping.
_CENTRE_KEY = re.compile(rb"^(?:centre|\"centre\"|'centre')\s*:", re.MULTILINE)
_FLOW_CENTRE = re.compile(rb"\A(?:\s*#[^\n]*\n)*\s*\{\s*(?:centre|\"centre\"|'centre')\s*:")


def is_centre_file(path: str | Path) -> bool:
    """Whether ``path`` holds a centre rather than a process (decided by a top-level ``centre:`` key)."""
    try:
        with open(path, "rb") as handle:
            return is_centre_data(handle.read(1 << 20))
    except OSError:
        return False


def is_centre_data(data: bytes) -> bool:
    return _CENTRE_KEY.search(data) is not None or _FLOW_CENTRE.match(data) is not None


@dataclass(frozen=True)
class CentreItemModel:
    """An item with its process loaded and its lanes mapped onto pools."""

    spec: CentreItem
    path: Path
    process: Process
    lane_pool: dict[str, str | None]  # lane id → window or department id; None: no staff, or unmapped
    unmapped: tuple[str, ...]  # department lanes that map to no department of the centre
    warnings: tuple[Problem, ...] = ()  # what the loader said of the valid process file


@dataclass(frozen=True)
class CentreModel:
    """A loaded centre: its file, the items' processes and their pools."""

    centre: Centre
    path: Path
    items: tuple[CentreItemModel, ...]

    @property
    def name(self) -> str:
        return self.centre.centre.name

    @property
    def code(self) -> str:
        return self.centre.centre.code or self.path.stem

    def pool_name(self, pool: str) -> str:
        found = self.centre.windows.get(pool) or self.centre.departments.get(pool)
        return found.name if found else pool


def load_centre(path: str | Path) -> CentreModel:
    """Load a centre file and its items; raise ``LoadError`` with every problem found."""
    centre, problems = read_centre(path)
    if centre is None:
        raise LoadError(problems)
    return centre


def read_centre(path: str | Path, data: bytes | None = None) -> tuple[CentreModel | None, list[Problem]]:
    """Load a centre and its items; problems are errors (no centre) or warnings. ``data``: the centre's
    text when it is not (yet) what is on disk at ``path`` (an editor's), its items still read beside ``path``."""
    path = Path(path)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        from .source import Loc

        return None, [Problem(Loc(str(path), 0, 0), _("cannot read the file: {reason}").format(
            reason=error.strerror or error), "io")]
    plain, smap, problems = read_yaml(data, str(path))
    if plain is None and problems:
        return None, problems
    if not isinstance(plain, dict):
        problems.append(Problem(smap.value_loc(()), _("a centre file must be a mapping of keys (centre, windows, "
                                "departments, items ...), not {kind}").format(kind=kind_of(plain)), "type"))
        return None, problems
    try:
        centre = Centre.model_validate(plain)
    except ValidationError as error:
        return None, sort_problems([*problems, *translate_errors(error, plain, smap, Centre)])
    attach_locations(centre, smap, ())
    problems.extend(_check_centre(centre))
    # the items are read even when the centre's own keys have errors: every problem is reported at once
    items, item_problems = _load_items(centre, path)
    problems = [*sort_problems(problems), *item_problems]
    if any(p.level == "error" for p in problems):
        return None, problems
    return CentreModel(centre, path, tuple(items)), problems


def _check_centre(centre: Centre) -> list[Problem]:
    problems: list[Problem] = []

    def error(node, field, message, code="value") -> None:
        problems.append(Problem(node.loc_of(*field), message, code))

    for pool in centre.departments:
        if pool in centre.windows:
            error(centre, ("departments", pool), _("'{pool}' is both a window and a department; give them "
                  "different ids").format(pool=pool), "duplicate-id")
    pools = [*centre.windows, *centre.departments]
    for item in centre.items:
        if item.window is not None and item.window not in centre.windows:
            error(item, ("window",), _("'{pool}' is not a window of the centre").format(pool=item.window)
                  + suggest(item.window, list(centre.windows)), "reference")
        if item.window is None and len(centre.windows) > 1:
            error(item, (), _("the centre has {count} window pools: say which this item uses "
                  "('window: ...')").format(count=len(centre.windows)), "missing-key")
        if item.department is not None and item.department not in centre.departments:
            error(item, ("department",), _("'{pool}' is not a department of the centre").format(pool=item.department)
                  + suggest(item.department, list(centre.departments)), "reference")
        for lane, pool in item.lanes.items():
            if pool not in pools:
                error(item, ("lanes", lane), _("'{pool}' is not a window or department of the centre").format(
                    pool=pool) + suggest(pool, pools), "reference")
    calendar = centre.calendar
    hours = 7  # the default office day: 09:00-12:00 and 13:30-17:30
    if calendar is not None:
        hours = -(-sum(max(0, b - a) for a, b in office_periods(calendar.office_hours)) // 60)
        periods = office_periods(calendar.office_hours)
        for i, (begin, end) in enumerate(periods):
            if begin >= end or (i and begin < periods[i - 1][1]):
                error(calendar, ("office_hours", i), _("office period '{period}' must end after it begins and come "
                      "after the one before").format(period=calendar.office_hours[i]))
        try:
            datetime.date.fromisoformat(calendar.start)
        except ValueError:
            error(calendar, ("start",), _("'{start}' is not a date of the calendar").format(start=calendar.start))
    for item in centre.items:
        if item.profile is not None and len(item.profile) != hours:
            error(item, ("profile",), _("the profile gives {weights} hourly weights, but the centre's "
                  "office day has {hours} hours").format(weights=len(item.profile), hours=hours))
        for weights, name in ((item.profile, "profile"), (item.months, "months")):
            if weights is not None and sum(weights) <= 0:
                message = (_("the profile weights are all zero") if name == "profile"
                           else _("the months weights are all zero"))
                error(item, (name,), message)
    return problems


def _load_items(centre: Centre, path: Path) -> tuple[list[CentreItemModel], list[Problem]]:
    folder = path.resolve().parent  # a centre reached through a link lists files beside its real self
    items: list[CentreItemModel] = []
    problems: list[Problem] = []
    seen: dict[Path, int] = {}
    for i, item in enumerate(centre.items):
        where = item.loc_of("file")
        relative = Path(item.file)
        try:
            target = (folder / relative).resolve()
        except (OSError, ValueError) as error:  # a NUL byte, a path too long for the system ...
            problems.append(Problem(where, _("'{file}' is not a usable file name: {reason}").format(
                file=item.file, reason=error), "reference"))
            continue
        if relative.is_absolute() or not target.is_relative_to(folder):
            problems.append(Problem(where, _("'{file}' is outside the centre's folder ({folder}); items must be "
                                    "files in it or below it").format(file=item.file, folder=folder), "reference"))
            continue
        if target in seen:  # the same file, however it is spelt
            problems.append(Problem(where, _("'{file}' is listed twice (first as item {number})").format(
                file=item.file, number=seen[target] + 1), "duplicate-id"))
            continue
        seen[target] = i
        if not target.is_file():
            problems.append(Problem(where, _("'{file}': no such process file").format(file=item.file), "reference"))
            continue
        if is_centre_file(target):
            problems.append(Problem(where, _("'{file}' is a centre file, not a process: a centre's items are "
                                    "process files").format(file=item.file), "reference"))
            continue
        process, found = read_process(target)
        if process is None:
            errors = [p for p in found if p.level == "error"]
            problems.append(Problem(where, ngettext("'{file}' is not a valid process file ({count} problem, listed "
                                    "below)", "'{file}' is not a valid process file ({count} problems, listed below)",
                                    len(errors)).format(file=item.file, count=len(errors)), "reference"))
            problems.extend(errors)
            continue
        lane_pool, unmapped, lane_problems = _map_lanes(centre, item, process)
        problems.extend(lane_problems)
        items.append(CentreItemModel(item, target, process, lane_pool, unmapped, tuple(found)))
    return items, problems


def _map_lanes(centre: Centre, item: CentreItem,
               process: Process) -> tuple[dict[str, str | None], tuple[str, ...], list[Problem]]:
    """Each lane's pool: `lanes:` first, then the item's window or department, then a department of the
    same id or of the same organ's name."""
    problems: list[Problem] = []
    for lane in item.lanes:
        if lane not in process.lanes:
            problems.append(Problem(item.loc_of("lanes", lane), _("'{file}' has no lane '{lane}'").format(
                file=item.file, lane=lane) + suggest(lane, list(process.lanes)), "reference"))
    window = item.window or (next(iter(centre.windows)) if len(centre.windows) == 1 else None)
    by_name = {pool.name: pool_id for pool_id, pool in centre.departments.items()}
    mapping: dict[str, str | None] = {}
    unmapped: list[str] = []
    for lane_id, lane in process.lanes.items():
        if lane_id in item.lanes:
            mapping[lane_id] = item.lanes[lane_id]
        elif lane.kind == "window":
            mapping[lane_id] = window
        elif lane.kind == "department":
            found = item.department or (lane_id if lane_id in centre.departments else None) or by_name.get(
                lane.organ or process.authority.name)
            mapping[lane_id] = found
            if found is None:
                unmapped.append(lane_id)
        else:
            mapping[lane_id] = None
    return mapping, tuple(unmapped), problems


@dataclass(frozen=True)
class Entry:
    """A file to work on: one named by the user, or an item of a centre among them. What was loaded
    already comes with it, so that a centre and its items are read once for the whole run."""

    path: Path
    kind: Literal["process", "centre"] = "process"
    centre: CentreModel | None = None  # a valid centre
    process: Process | None = None  # a process loaded as a centre's item (None: not loaded yet)
    problems: tuple[Problem, ...] = ()  # the loader's problems with what is loaded: errors or warnings

    @property
    def loaded(self) -> bool:
        """Whether the file was read already: a centre, or an item its centre loaded."""
        return self.kind == "centre" or self.process is not None


def expand_centres(files: list[Path]) -> list[Entry]:
    """``files`` with the items of every centre among them added after it (once each): working on a
    centre works on its items' processes too. Each centre is read once; its items' processes, loaded
    with it, are handed on instead of being read again (a named file too, when the centre loaded it
    under the same name, so that every location says the same file)."""
    centres = {path: read_centre(path) for path in files if is_centre_file(path)}
    loaded = {str(item.path): item for model, _ in centres.values() if model is not None for item in model.items}
    seen = {path.resolve() for path in files}
    entries: list[Entry] = []
    for path in files:
        if path not in centres:
            item = loaded.get(str(path))
            entries.append(Entry(path, process=item.process, problems=item.warnings) if item else Entry(path))
            continue
        model, problems = centres[path]
        entries.append(Entry(path, "centre", model, problems=tuple(problems)))
        for item in model.items if model is not None else ():
            if item.path.resolve() not in seen:
                seen.add(item.path.resolve())
                entries.append(Entry(item.path, process=item.process, problems=item.warnings))
    return entries
