"""Writing a process back as the YAML of the language, readable and read back to the same process.

Two halves: ``node_data`` turns a loaded model object into the plain data an author would have
written (only the keys that were written, quantities as ``10 min``, a fixed duration as its
quantity), and ``dump_yaml`` writes plain data in the house style of ``processes/``: block mappings,
short mappings and lists of scalars in flow style (``{name: 窗口, kind: window, staff: 2}``), and
strings quoted only when the strict YAML 1.2 loader could read them as something other than text.

Whatever the data, the text parses: characters a YAML reader refuses are escaped (a lone surrogate,
which UTF-8 cannot hold, becomes U+FFFD), comments are kept on their line, and a key longer than
YAML allows an implicit key to be (1024 characters) is written as an explicit ``? key`` / ``: value``
pair.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..language.quantity import Quantity
from ..language.types import Fixed, Node

# --- model → plain data -------------------------------------------------------------------------


def node_data(node: Node, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The keys of ``node`` that its file wrote, in the order of the language's fields."""
    written = node.model_fields_set
    return {name: plain(getattr(node, name)) for name in type(node).model_fields
            if name in written and name not in exclude}


def plain(value: Any) -> Any:
    """A value of the model as YAML-ready data."""
    if isinstance(value, Fixed):
        return str(value.value)  # the shorthand the language allows: ``duration: 10 min``
    if isinstance(value, Node):
        return node_data(value)
    if isinstance(value, Quantity):
        return str(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


# --- plain data → YAML text ---------------------------------------------------------------------

FLOW_WIDTH = 100  # a mapping or list is written on one line when it fits in this many characters

# Plain scalars that YAML 1.1 or 1.2 reads as null or a boolean; quoted so that any reader sees text.
_WORDS = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}
# Characters that mean something to YAML somewhere in a plain scalar (in flow context too; PyYAML ends
# a plain scalar at "?" there).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f:#,?\[\]{}&*!|>'\"%@`\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_FIRST_UNSAFE = set("-?=<.+~ \t")
# Left raw in a double-quoted scalar, these would be refused by a YAML reader (non-printable) or read
# as a line break (NEL, LS, PS) or a byte order mark: they are written as escapes.
_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What may not stand in a comment: line breaks (they would end it) and characters a reader refuses.
_NOT_IN_COMMENT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# YAML restricts an implicit key (``key: value``) to 1024 characters, quotes included; a longer key
# is written as an explicit one (``? key`` on its own line, then ``: value``).
IMPLICIT_KEY_MAX = 1000


def scalar(value: Any) -> str:
    """One scalar as YAML text that the strict loader reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else (
            ".nan" if value != value else (".inf" if value > 0 else "-.inf"))
    text = str(value)
    if _plain_ok(text):
        return text
    return quote(text)


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that any YAML reader reads back as ``text``.

    A JSON string is a YAML double-quoted scalar; the characters JSON leaves raw but YAML does not
    accept raw are escaped. A lone surrogate (possible in a Python string, never in UTF-8 text)
    cannot be written at all and becomes U+FFFD.
    """
    text = _SURROGATE.sub("\ufffd", text)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def comment_text(text: str) -> str:
    """``text`` fit to stand in a ``#`` comment: on one line, without characters a reader refuses."""
    return _NOT_IN_COMMENT.sub(" ", text)


def long_key(key: str) -> bool:
    """Whether the written ``key`` is too long for an implicit key and must be written ``? key``."""
    return len(key) > IMPLICIT_KEY_MAX


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or _UNSAFE.search(text) or text[0] in _FIRST_UNSAFE:
        return False
    if text.lower() in _WORDS:
        return False
    # Anything that starts like a number is quoted unless it has a space, which no number has
    # ("10 min" is text; "0012", "1e3", "0o17" and "1_000" are numbers to some YAML reader).
    return not (text[0].isdigit() and " " not in text)


def _is_scalar(value: Any) -> bool:
    """A scalar, or an empty list or mapping: written on the line of its key, however long that is."""
    return not isinstance(value, dict | list) or not value


def _flow(value: Any) -> str | None:
    """``value`` in flow style when it holds only scalars (or lists of scalars), else None."""
    if not isinstance(value, dict | list):
        return scalar(value)
    if isinstance(value, list):
        items = [_flow(item) if _is_scalar(item) else None for item in value]
        if any(item is None for item in items):
            return None
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    parts = []
    for key, item in value.items():
        text = _flow(item) if not (isinstance(item, dict) and item) else None
        written = scalar(key)
        if text is None or long_key(written):  # a long key is written in block style, as ``? key``
            return None
        parts.append(f"{written}: {text}")
    return "{" + ", ".join(parts) + "}"


def dump_yaml(data: dict[str, Any], comments: dict[tuple[Any, ...], str] | None = None,
              header: list[str] | None = None) -> str:
    """``data`` as a YAML document; ``comments`` end the line of the value at a path, ``header``
    lines open the file as comments."""
    comments = comments or {}
    lines = [f"# {comment_text(line)}".rstrip() for line in header or []]
    _mapping(data, 0, (), lines, comments)
    return "\n".join(lines) + "\n"


def _note(path: tuple[Any, ...], comments: dict[tuple[Any, ...], str]) -> str:
    text = comments.get(path)
    return f"  # {comment_text(text)}" if text else ""


def _mapping(data: dict[str, Any], indent: int, path: tuple[Any, ...], lines: list[str],
             comments: dict[tuple[Any, ...], str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        lead = first_prefix if (n == 0 and first_prefix is not None) else pad
        here = (*path, key)
        written = scalar(key)
        if long_key(written):
            lines.append(f"{lead}? {written}")
            head = f"{pad}:"
        else:
            head = f"{lead}{written}:"
        flow = _flow(value)
        if flow is not None and (_is_scalar(value) or len(head) + 1 + len(flow) <= FLOW_WIDTH):
            lines.append(f"{head} {flow}{_note(here, comments)}")
        elif isinstance(value, dict):
            lines.append(f"{head}{_note(here, comments)}")
            _mapping(value, indent + 2, here, lines, comments)
        else:
            lines.append(f"{head}{_note(here, comments)}")
            _sequence(value, indent + 2, here, lines, comments)


def _sequence(items: list[Any], indent: int, path: tuple[Any, ...], lines: list[str],
              comments: dict[tuple[Any, ...], str]) -> None:
    pad = " " * indent
    for i, item in enumerate(items):
        here = (*path, i)
        flow = _flow(item)
        if flow is not None and (_is_scalar(item) or len(pad) + 2 + len(flow) <= FLOW_WIDTH):
            lines.append(f"{pad}- {flow}{_note(here, comments)}")
        elif isinstance(item, dict) and item:
            _mapping(item, indent + 2, here, lines, comments, first_prefix=f"{pad}- ")
        else:
            lines.append(f"{pad}-")
            _sequence(item, indent + 2, here, lines, comments)
