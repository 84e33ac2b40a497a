"""Which step of the process an activity of the log is.

An activity is a step when its name is the step's name (the label of the step's transition in
``to_petri_net``) or the step's id. Names are compared after Unicode NFKC normalisation and with
runs of white space made one, so that full-width and half-width brackets (``（）`` and ``()``) or a
stray space do not make a step unknown. When two steps share a name, the name says nothing: map it.

A mapping file says it for the activities whose names differ from the standard's, one line each,
with a step id or step name, or ``null`` for an activity that is deliberately not a step (a system
event, a log entry of the case-handling software) and is left out of the replay::

    # activity in the log: step of the process
    窗口收件登记: receive
    材料初审: check
    系统自动推送: null

The mapping wins over the names. Any other activity is *unknown*: it is reported as a step not in
the standard (``unknown-activity``), never dropped silently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from ..language.types import Process

IGNORED = -1  # the code of an activity the mapping file leaves out

_SPACE = re.compile(r"\s+")


class MappingError(Exception):
    """A mapping file that cannot be used; the message names the file, line and column."""


def normalise(name: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip()


@dataclass
class ActivityMap:
    """Activities of the log to step indices of the process, with a cache of the names already seen."""

    by_name: dict[str, int]  # normalised name or id -> step index, or IGNORED
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # shared names -> their step ids
    _seen: dict[str, int | None] = field(default_factory=dict)

    def step(self, activity: str) -> int | None:
        """The step index of ``activity``, ``IGNORED``, or None when it is no step of the process."""
        try:
            return self._seen[activity]
        except KeyError:
            code = self.by_name.get(normalise(activity))
            self._seen[activity] = code
            return code

    def why_unknown(self, activity: str) -> str:
        steps = self.ambiguous.get(normalise(activity))
        if steps:
            return f"several steps have this name ({', '.join(steps)}): map it to one in a mapping file"
        return "no step of the process has this name or id"


def activity_map(process: Process, mapping_file: str | Path | None = None) -> ActivityMap:
    """The map of ``process``'s steps, with the entries of ``mapping_file`` (raises ``MappingError``)."""
    by_name: dict[str, int] = {}
    names: dict[str, list[int]] = {}
    for index, step in enumerate(process.steps):
        names.setdefault(normalise(step.name), []).append(index)
    ambiguous = {name: tuple(process.steps[i].id for i in found) for name, found in names.items() if len(found) > 1}
    for name, found in names.items():
        if len(found) == 1:
            by_name[name] = found[0]
    for index, step in enumerate(process.steps):
        by_name.setdefault(normalise(step.id), index)  # a name wins over another step's id
    if mapping_file is not None:
        by_name.update(read_mapping(process, mapping_file))
        ambiguous = {name: steps for name, steps in ambiguous.items() if name not in by_name}
    return ActivityMap(by_name, ambiguous)


def read_mapping(process: Process, path: str | Path) -> dict[str, int]:
    """The entries of a mapping file: normalised activity -> step index (or ``IGNORED``)."""
    from ..language.loader import read_yaml

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise MappingError(_("{name}: cannot read the mapping file: {value}").format(
                                 name=name, value=error.strerror or error)) from None
    plain, smap, problems = read_yaml(data, name)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise MappingError("; ".join(f"{p.loc}: {p.message}" for p in errors))
    if not isinstance(plain, dict):
        raise MappingError(_("{value}: a mapping file is a mapping of activity: step id, one a line").format(
                                 value=smap.value_loc(())))
    ids = {step.id: i for i, step in enumerate(process.steps)}
    step_names: dict[str, list[int]] = {}
    for i, step in enumerate(process.steps):
        step_names.setdefault(normalise(step.name), []).append(i)
    entries: dict[str, int] = {}
    for activity, target in plain.items():
        where = smap.value_loc((activity,))
        if target is None:
            entries[normalise(str(activity))] = IGNORED
            continue
        if not isinstance(target, str):
            raise MappingError(_("{where}: the step of '{activity}' must be a step id or name (or null "
                                 "to leave the activity out), not {target!r}").format(
                                     where=where, activity=activity, target=target))
        if target in ids:
            entries[normalise(str(activity))] = ids[target]
            continue
        found = step_names.get(normalise(target), [])
        if len(found) == 1:
            entries[normalise(str(activity))] = found[0]
            continue
        if len(found) > 1:
            raise MappingError(_("{where}: several steps are named '{target}' ({items}); give the step "
                                 "id").format(
                                     where=where, target=target, items=', '.join(process.steps[i].id for i in found)))
        close = difflib.get_close_matches(target, list(ids), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise MappingError(_("{where}: '{activity}' is mapped to '{target}', which is no step of "
                             "{code}{hint}; the steps are: {items}").format(
                                 where=where, activity=activity, target=target, code=process.code, hint=hint,
                                 items=', '.join(ids)))
    return entries
