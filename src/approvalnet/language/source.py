"""Positions in source files, and the problems reported at them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..i18n import _

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A 1-based position in a file. Line 0 means the file as a whole."""

    file: str
    line: int = 0
    col: int = 0

    @staticmethod
    def unknown() -> Loc:
        return Loc("<memory>")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line else self.file

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "col": self.col}


@dataclass(slots=True)
class SourceMap:
    """Where each value and each key of a document stands, by its path from the root.

    Paths are tuples of mapping keys and list indices, the same paths pydantic reports, so an error
    about ``steps[3].duration`` can be placed at its line and column.
    """

    file: str
    values: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)

    def value_loc(self, path: tuple[str | int, ...]) -> Loc:
        """The position of the value at ``path``, or of its nearest ancestor that was written."""
        for end in range(len(path), -1, -1):
            where = self.values.get(path[:end])
            if where is not None:
                return Loc(self.file, *where)
        return Loc(self.file, 1, 1)

    def key_loc(self, path: tuple[str | int, ...]) -> Loc:
        where = self.keys.get(path)
        return Loc(self.file, *where) if where else self.value_loc(path)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input, at a place in it.

    ``code`` names the class of problem (``syntax``, ``duplicate-key``, ``unknown-key`` ...) so that
    tools and tests can tell problems apart without parsing messages.
    """

    loc: Loc
    message: str
    code: str
    level: Level = "error"

    def __str__(self) -> str:
        return f"{self.loc}: {self.level}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {**self.loc.to_json(), "level": self.level, "code": self.code, "message": self.message}


def listing(items) -> str:
    """Values of the language (kinds, units, outcome names) as a list in a sentence: ``a, b, c`` in
    English, ``a、b、c`` in Chinese, where a comma between words would read as a phrase."""
    text = ""
    for item in items:
        # a template rather than a separator alone: the catalogue has ", " in other senses
        text = _("{items}, {item}").format(items=text, item=item) if text else str(item)
    return text


class LoadError(Exception):
    """Raised by ``approvalnet.load`` when a file is not a valid process; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
