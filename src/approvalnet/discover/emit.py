"""Writing the discovered process as a file of the language, with comments that say where each part
came from and which fields are placeholders the log cannot fill.

The text is written line by line rather than through a YAML dumper, so that it reads like a file a
person wrote (flow mappings for durations and outcomes, comments beside the values they explain).
Strings are written as YAML double-quoted scalars (``formats.yaml_text.quote``: JSON strings with
the characters YAML refuses escaped); ids and quantities, which the language restricts, are written
plain. A key longer than YAML allows an implicit key to be (a long activity name as an outcome, a
long lane id) is written as an explicit ``? key`` / ``: value`` pair, and comments are kept on
their line, so that whatever the log's names, the text parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..formats.yaml_text import comment_text, long_key, quote

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}
_QUANTITY = re.compile(r"^\d+(\.\d+)? (min|h|workdays)$")


@dataclass
class StepText:
    """One step as it will be written."""

    id: str
    name: str
    lane: str
    duration: dict[str, Any] | None = None
    duration_note: str = ""
    next: str | list[str] | None = None
    outcomes: list[tuple[str, str | None, float]] | None = None  # (outcome name, target id or None = end, p)
    end: bool = False
    join: bool = False
    comment: str = ""  # written above the step


@dataclass
class LaneText:
    id: str
    name: str
    kind: str
    staff: int | None
    note: str = ""


@dataclass
class Document:
    header: list[str]  # comment lines, without '# '
    code: str
    name: str
    generated: str
    lanes: list[LaneText]
    steps: list[StepText]
    per_workday: str  # already written, e.g. '12.35'
    arrivals_note: str
    calendar: dict[str, Any]
    placeholders: dict[str, str] = field(default_factory=dict)  # key -> comment


def scalar(value: object) -> str:
    """A YAML scalar: plain when it is an id or a quantity, a JSON string otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _float(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    if (_PLAIN.match(text) and text.lower() not in _RESERVED) or _QUANTITY.match(text):
        return text
    return quote(text)


def _entry(indent: str, key: str, value: str, note: str = "") -> list[str]:
    """The lines of ``key: value`` in a block mapping: one line, or two when the key is too long for
    an implicit key (``? key`` then ``: value``)."""
    written = scalar(key)
    if long_key(written):
        return [f"{indent}? {written}", _with_note(f"{indent}: {value}", note)]
    return [_with_note(f"{indent}{written}: {value}", note)]


def _float(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def flow_mapping(items: dict[str, Any]) -> str:
    parts = []
    for key, value in items.items():
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, dict):
            parts.append(f"{key}: {flow_mapping(value)}")
        else:
            parts.append(f"{key}: {scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def rounded_probabilities(values: list[float]) -> list[float]:
    """Probabilities to four decimals that still sum to 1 (the rounding error goes to the largest)."""
    total = sum(values)
    shares = [v / total for v in values] if total > 0 else [1.0 / len(values)] * len(values)
    result = [round(s, 4) for s in shares]
    largest = max(range(len(result)), key=lambda i: result[i])
    result[largest] = round(result[largest] + 1.0 - sum(result), 4)
    return result


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {comment_text(line)}".rstrip() for line in text.splitlines()] if text else []


def _with_note(line: str, note: str) -> str:
    return f"{line}  # {comment_text(note)}" if note else line


def to_yaml(doc: Document) -> str:
    lines: list[str] = [f"# {comment_text(line)}".rstrip() if line else "#" for line in doc.header]
    p = doc.placeholders
    lines += [
        _with_note(f"code: {quote(doc.code)}", p.get("code", "")),
        _with_note(f"name: {quote(doc.name)}", p.get("name", "")),
        _with_note("type: administrative-licensing", p.get("type", "")),
        _with_note(f"authority: {{name: {quote('（待填写）')}}}", p.get("authority", "")),
        _with_note("handling: commitment", p.get("handling", "")),
        _with_note("time_limit: {statutory: 20}", p.get("time_limit", "")),
        f"generated: {quote(doc.generated)}",
        "lanes:",
    ]
    for lane in doc.lanes:
        fields: dict[str, Any] = {"name": lane.name, "kind": lane.kind}
        if lane.staff is not None:
            fields["staff"] = lane.staff
        lines += _entry("  ", lane.id, flow_mapping(fields), lane.note)
    lines.append("steps:")
    for step in doc.steps:
        lines += _comment(step.comment, "  ")
        lines.append(f"  - id: {scalar(step.id)}")
        lines.append(f"    name: {quote(step.name)}")
        lines.append(f"    lane: {scalar(step.lane)}")
        if step.duration is not None:
            written = (scalar(step.duration["value"]) if step.duration.get("distribution") == "fixed"
                       else flow_mapping(step.duration))
            lines.append(_with_note(f"    duration: {written}", step.duration_note))
        elif step.duration_note:
            lines.append(f"    # no duration: {step.duration_note}")
        if step.join:
            lines.append("    join: all")
        if isinstance(step.next, list):
            lines.append(f"    next: [{', '.join(scalar(t) for t in step.next)}]")
        elif step.next is not None:
            lines.append(f"    next: {scalar(step.next)}")
        elif step.outcomes is not None:
            lines.append("    outcomes:")
            for name, target, probability in step.outcomes:
                route = {"next": target} if target is not None else {"end": "approved"}
                lines += _entry("      ", name, flow_mapping({**route, "p": probability}),
                                "never observed, but the miner's model allows it" if probability == 0 else "")
        elif step.end:
            lines.append("    end: approved")
    lines += [
        "simulation:",
        _with_note(f"  arrivals: {{per_workday: {doc.per_workday}}}", doc.arrivals_note),
        f"  calendar: {flow_mapping(doc.calendar)}",
    ]
    return "\n".join(lines) + "\n"
