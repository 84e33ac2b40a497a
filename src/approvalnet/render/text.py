"""Text for diagrams: escaping for DOT, line wrapping for CJK, compact durations and limits.

Two kinds of text go into DOT. HTML-like labels (``<...>``) carry every name written by a user:
``html.escape`` makes quotes, ampersands and angle brackets safe and ``<BR/>`` breaks lines, and
Graphviz applies no backslash escapes inside them. Plain attributes (tooltips) are "escString"s, in
which Graphviz reads ``\\n``, ``\\l`` and ``\\N`` as escapes: backslashes are doubled here, line
breaks become ``\\n`` and the ``graphviz`` package escapes the quotes.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata

from graphviz import nohtml

from ..language.quantity import Quantity
from ..language.types import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
)


def html_label(markup: str) -> str:
    """Wrap finished markup as a DOT HTML-like label (the ``graphviz`` package passes ``<...>`` through)."""
    return f"<{markup}>"


def printable(text: str) -> str:
    """Without control characters other than line breaks and tabs: SVG is XML, which forbids them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def esc(text: str) -> str:
    """User text inside an HTML-like label: entities for ``& < > " '``, ``<BR/>`` for line breaks."""
    return "<BR/>".join(html.escape(line, quote=True) for line in printable(text).split("\n"))


def plain(text: str) -> str:
    """User text as a plain DOT attribute (tooltip, URL): no backslash escapes, never read as HTML."""
    return nohtml(printable(text).replace("\\", "\\\\").replace("\n", "\\n"))


def width(text: str) -> int:
    """Display width in columns: full-width (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"[A-Za-z0-9_.\-/%]+|\s+|.", re.DOTALL)
_OPENING = "（(《〈【「『"
_CLOSING = "）)》〉】」』、，,。；;：:"


def wrap(text: str, columns: int = 24) -> list[str]:
    """Break ``text`` into as few lines as fit in ``columns``, of about equal width.

    Balanced lines read better in a box than one full line and a short tail. A line never starts
    with closing punctuation nor ends with an opening bracket, Latin words stay whole, and among
    nearly as balanced splits the one breaking before brackets and after commas wins:
    ``一次性告知补正／（两部门合并告知）``. Explicit line breaks are kept.
    """
    return [line for paragraph in text.split("\n") for line in _wrap_paragraph(paragraph, columns)]


def _wrap_paragraph(text: str, columns: int) -> list[str]:
    if width(text) <= columns:
        return [text]
    tokens = _TOKEN.findall(text)
    n = len(tokens)
    cuts = [j for j in range(1, n) if _may_break(tokens[j - 1], tokens[j])]

    def line_width(i: int, j: int) -> int:
        return width("".join(tokens[i:j]).strip())

    def nice(j: int) -> bool:
        return tokens[j][0] in _OPENING or tokens[j - 1][-1] in "、，,；;"

    # The fewest lines: fill greedily (a word wider than a line gets a line of its own).
    greedy: list[int] = []
    i = 0
    while line_width(i, n) > columns:
        fitting = [j for j in cuts if j > i and line_width(i, j) <= columns]
        i = fitting[-1] if fitting else next((j for j in cuts if j > i), n)
        if i == n:
            break
        greedy.append(i)
    count = len(greedy) + 1

    @functools.cache
    def best(i: int, k: int, limit: int) -> tuple[int, int, tuple[int, ...]] | None:
        """Split tokens[i:] into k lines no wider than limit: (nice breaks, -widest, cuts), the best."""
        if k == 1:
            w = line_width(i, n)
            return (0, -w, ()) if w <= limit else None
        found = None
        for j in cuts:
            if j <= i:
                continue
            w = line_width(i, j)
            if w > limit:
                break
            rest = best(j, k - 1, limit)
            if rest is not None:
                option = (rest[0] + nice(j), min(-w, rest[1]), (j, *rest[2]))
                found = max(found, option) if found else option
        return found

    # The narrowest widest line that can be had with that many lines, then the nicest split
    # that is at most two columns wider.
    widest = next((limit for limit in range(-(-width(text) // count), columns + 1) if best(0, count, limit)),
                  None)
    plan = best(0, count, widest + 2) if widest is not None else None
    bounds = [0, *(plan[2] if plan else greedy), n]  # no plan: a word wider than a line
    return ["".join(tokens[a:b]).strip() for a, b in itertools.pairwise(bounds)]


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end between two tokens: after a space, never before one or before ``）``."""
    if before.isspace():
        return True
    if after.isspace():
        return False
    return after[0] not in _CLOSING and before[-1] not in _OPENING


_UNIT_ZH = {"second": "秒", "minute": "分钟", "hour": "小时", "workday": "个工作日", "day": "日"}


def quantity_zh(q: Quantity) -> str:
    """``10 workdays`` as a Chinese reader says it: ``10个工作日``; ``15 min`` as ``15分钟``."""
    value = int(q.value) if q.value == int(q.value) else round(q.value, 2)
    return f"{value}{_UNIT_ZH[q.unit]}"


def _range(low: Quantity, high: Quantity) -> str:
    if low.unit == high.unit:
        lo = int(low.value) if low.value == int(low.value) else round(low.value, 2)
        return f"{lo}–{quantity_zh(high)}"
    return f"{quantity_zh(low)}–{quantity_zh(high)}"


def duration_zh(d: Distribution | None) -> str:
    """A duration short enough for a box: the typical value, and the range when there is one."""
    if d is None:
        return ""
    if isinstance(d, Fixed):
        return quantity_zh(d.value)
    if isinstance(d, Triangular):
        return f"约{quantity_zh(d.mode)}（{_range(d.min, d.max)}）"
    if isinstance(d, Uniform):
        return _range(d.min, d.max)
    if isinstance(d, Exponential | Normal | Lognormal | Gamma):
        return f"平均{quantity_zh(d.mean)}"
    if isinstance(d, Empirical):
        values = sorted(d.values, key=lambda q: q.minutes())
        return _range(values[0], values[-1]) if len(values) > 1 else quantity_zh(values[0])
    return str(d)


def percent(p: float) -> str:
    """0.75 → ``75%``, 0.075 → ``7.5%``."""
    return f"{p * 100:.1f}".rstrip("0").rstrip(".") + "%"
