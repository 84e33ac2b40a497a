"""Quantities of time as written in process files: ``15 min``, ``2 h``, ``20 workdays``, ``3 工作日``.

A quantity keeps the unit the author wrote. Converting a working day into minutes needs the office
hours of a calendar, which belong to the simulation, so the conversion takes them as an argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..i18n import N_, _
from .source import listing

Unit = Literal["second", "minute", "hour", "workday", "day"]

# Spellings accepted for each unit; the first is the canonical one used when printing.
UNIT_SPELLINGS: dict[Unit, tuple[str, ...]] = {
    "second": ("s", "sec", "secs", "second", "seconds", "秒"),
    "minute": ("min", "mins", "minute", "minutes", "分钟", "分"),
    "hour": ("h", "hr", "hrs", "hour", "hours", "小时", "时"),
    "workday": ("workdays", "workday", "wd", "working days", "working day", "工作日", "个工作日"),
    "day": ("days", "day", "d", "calendar days", "calendar day", "日", "天", "自然日", "个自然日"),
}
_UNIT_BY_SPELLING = {s.lower(): u for u, spellings in UNIT_SPELLINGS.items() for s in spellings}

_QUANTITY = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*([^\d\s].*?)?\s*$")

# A pattern for the JSON Schema, so that editors flag a bad duration while it is typed.
QUANTITY_PATTERN = (
    r"^\s*\d+(\.\d+)?\s*("
    + "|".join(s.replace(" ", "\\s+") for s in sorted(_UNIT_BY_SPELLING, key=len, reverse=True))
    + r")\s*$"
)

MINUTES_PER_UNIT_FIXED = {"second": 1 / 60, "minute": 1.0, "hour": 60.0, "day": 24 * 60.0}


class QuantityError(ValueError):
    """A quantity that cannot be read; the message is written for the author of the file."""


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: Unit

    def __str__(self) -> str:
        value = int(self.value) if self.value == int(self.value) else self.value
        unit = UNIT_SPELLINGS[self.unit][0]
        if value == 1 and unit.endswith("s") and len(unit) > 1:
            unit = unit[:-1]  # 1 workday, 1 day
        return f"{value} {unit}"

    def minutes(self, workday_minutes: float = 480.0) -> float:
        """Length in minutes; a working day counts as ``workday_minutes`` of office time."""
        if self.unit == "workday":
            return self.value * workday_minutes
        return self.value * MINUTES_PER_UNIT_FIXED[self.unit]

    def working_minutes(self, workday_minutes: float = 480.0) -> float:
        """Length on the office clock: a working day is ``workday_minutes``, a calendar day 5/7 of one
        (five working days in seven), hours and minutes as they are."""
        if self.unit == "day":
            return self.value * workday_minutes * 5 / 7
        return self.minutes(workday_minutes)

    def to_json(self) -> str:
        return str(self)


def parse_quantity(text: object, *, default_unit: Unit | None = None) -> Quantity:
    """Read ``text`` as a quantity of time.

    A bare number takes ``default_unit`` when one is given (time limits default to working days, as
    Art. 82 of the Administrative Licensing Law counts them); elsewhere the unit must be written.
    """
    if isinstance(text, bool):
        raise QuantityError(_("expected a duration such as '15 min', got {value}").format(value=str(text).lower()))
    if isinstance(text, int | float):
        if default_unit is None:
            raise QuantityError(_("'{text}' has no unit; write it with one, e.g. '{number} min' or "
                                  "'{number} h'").format(
                text=text, number=text))
        text = str(text)
    if not isinstance(text, str):
        raise QuantityError(_("expected a duration such as '15 min', got a {kind}").format(kind=_kind(text)))
    match = _QUANTITY.match(text)
    if not match:
        raise QuantityError(_("'{text}' is not a duration; write a number and a unit, e.g. '15 min' or "
                              "'3 workdays'").format(text=text))
    number, unit_text = match.groups()
    value = float(number)
    if value < 0:
        raise QuantityError(_("'{text}' is negative; a duration must be zero or more").format(text=text))
    if not unit_text:
        if default_unit is None:
            raise QuantityError(_("'{text}' has no unit; write it with one, e.g. '{number} min' or "
                                  "'{number} h'").format(
                text=text, number=number))
        return Quantity(value, default_unit)
    unit = _UNIT_BY_SPELLING.get(unit_text.lower())
    if unit is None:
        known = listing(s[0] for s in UNIT_SPELLINGS.values())
        raise QuantityError(_("unknown unit '{unit}' in '{text}'; use one of {known} "
                              "(or 分钟, 小时, 工作日, 日)").format(
            unit=unit_text, text=text, known=known))
    return Quantity(value, unit)


def _kind(value: object) -> str:
    names: dict[type, str] = {dict: N_("mapping"), list: N_("list")}
    name = names.get(type(value))
    return _(name) if name else type(value).__name__
