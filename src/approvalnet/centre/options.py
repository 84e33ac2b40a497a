"""The settings of a centre's staffing and simulation as people write them, read into values:
``--target on-time=0.99``, ``--max-wait 30min``, ``--sweep windows=4..16`` and the centre's
``--set windows.<id>.staff=N`` / ``volume=X``. Shared by the commands and the web server; a text that
does not fit raises ``StaffingError`` with a sentence saying what to write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NoReturn

from ..i18n import _
from ..language.centre_loader import CentreModel
from .staffing import StaffingError, Targets


def fail(message: str) -> NoReturn:
    raise StaffingError(message)


def parse_targets(given: Sequence[str], max_wait: str | None) -> Targets:
    """``--target`` and ``--max-wait``: the targets a staffing must meet (on time 95 % when none is given)."""
    values: dict[str, float | None] = {"on_time": None, "statutory": None, "max_utilization": None}
    for target in given:
        key, sep, value = target.partition("=")
        name = {"on-time": "on_time", "ontime": "on_time", "promised": "on_time", "statutory": "statutory",
                "utilization": "max_utilization"}.get(key.strip())
        if not sep or name is None:
            fail(_("--target {target}: write on-time=0.99, statutory=1.0 or utilization=0.85").format(target=target))
        try:
            share = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
        except ValueError:
            fail(_("--target {target}: '{value}' is not a number").format(target=target, value=value))
        if not 0 < share <= 1:
            fail(_("--target {target}: a share between 0 and 1 (or a percentage)").format(target=target))
        values[name] = share
    wait = parse_minutes(max_wait) if max_wait is not None else None
    if not given and wait is None:
        values["on_time"] = 0.95
    return Targets(values["on_time"], values["statutory"], wait, values["max_utilization"])


def parse_minutes(text: str, option: str = "--max-wait") -> float:
    """A time in minutes from ``30min`` or ``2h`` given to ``option``."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(min|m|minutes?|h|hours?)?\s*", text)
    if not match:
        fail(_("{option} {text}: write a time such as 30min or 2h").format(option=option, text=text))
    value = float(match.group(1))
    if value <= 0:
        fail(_("{option} {text}: the time must be more than zero").format(option=option, text=text)
             if option != "--max-wait" else
             _("--max-wait {text}: the wait must be more than zero (a queue always waits a little)").format(text=text))
    return value * 60 if (match.group(2) or "min").startswith("h") else value


def parse_sweep(text: str, centre: CentreModel) -> tuple[str, list[int]]:
    """``windows=4..16`` (the only window pool), ``market=2..8`` or ``departments.market=2..8``."""
    match = re.fullmatch(r"\s*([A-Za-z][\w.-]*)\s*=\s*([0-9]+)\s*\.\.\s*([0-9]+)\s*", text)
    if not match:
        fail(_("--sweep {text}: write POOL=LOW..HIGH, e.g. windows=4..16").format(text=text))
    name, low, high = match.group(1), int(match.group(2)), int(match.group(3))
    spec = centre.centre
    kind, _dot, bare = name.rpartition(".")
    if kind and kind not in ("windows", "departments"):
        fail(_("--sweep {text}: write POOL=LOW..HIGH with POOL a window or department id, or "
               "windows.<id> or departments.<id>").format(text=text))
    pools = spec.windows if kind == "windows" else spec.departments if kind == "departments" else None
    if pools is not None and bare not in pools:
        # one sentence per kind of pool: Chinese names the kind with its own word order
        message = (_("--sweep {text}: the centre has no window '{id}'; it has {ids}") if kind == "windows"
                   else _("--sweep {text}: the centre has no department '{id}'; it has {ids}"))
        fail(message.format(text=text, id=bare, ids=", ".join(pools)))
    name = bare or name
    if name == "windows":
        if len(spec.windows) != 1:
            fail(_("--sweep {text}: the centre has {n} window pools; name one ({ids})")
                 .format(text=text, n=len(spec.windows), ids=", ".join(spec.windows)))
        name = next(iter(spec.windows))
    if name not in spec.windows and name not in spec.departments:
        fail(_("--sweep {text}: no window or department '{id}'; the centre has {ids}")
             .format(text=text, id=name, ids=", ".join([*spec.windows, *spec.departments])))
    if not 1 <= low <= high or high - low > 40:
        fail(_("--sweep {text}: give a range from at least 1 upwards, of at most 41 sizes").format(text=text))
    return name, list(range(low, high + 1))


def parse_staff_settings(settings: tuple[str, ...], centre: Any) -> tuple[dict[str, int], float]:
    """``--set`` for a centre: ``windows.<id>.staff=N``, ``departments.<id>.staff=N`` and ``volume=X``
    (every item's volume times X). Returns the staff overrides and the volume factor."""
    staff: dict[str, int] = {}
    volume = 1.0
    spec = centre.centre
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep:
            fail(_("--set {setting}: write KEY=VALUE, e.g. windows.comprehensive.staff=14").format(setting=setting))
        parts = key.strip().split(".")
        if parts == ["volume"]:
            try:
                volume = float(value)
            except ValueError:
                fail(_("--set {setting}: volume must be a number, e.g. volume=1.2").format(setting=setting))
            if not volume > 0:
                fail(_("--set {setting}: volume must be above zero").format(setting=setting))
            continue
        if len(parts) != 3 or parts[0] not in ("windows", "departments") or parts[2] != "staff":
            fail(_("--set {setting}: a centre takes windows.<id>.staff=N, departments.<id>.staff=N or volume=X")
                 .format(setting=setting))
        pools = spec.windows if parts[0] == "windows" else spec.departments
        if parts[1] not in pools:
            # one sentence per kind of pool: Chinese names the kind with its own word order
            message = (_("--set {setting}: the centre has no window '{id}'; it has {ids}") if parts[0] == "windows"
                       else _("--set {setting}: the centre has no department '{id}'; it has {ids}"))
            fail(message.format(setting=setting, id=parts[1], ids=", ".join(pools)))
        if not value.strip().isdigit() or int(value) < 1:
            fail(_("--set {setting}: staff must be a whole number of at least 1").format(setting=setting))
        staff[parts[1]] = int(value)
    return staff, volume
