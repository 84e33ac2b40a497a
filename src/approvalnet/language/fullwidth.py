"""Full-width punctuation typed with a Chinese input method where YAML needs its ASCII twin.

An officer typing ``name：示例`` (a full-width colon, as the input method gives it) gets from
the YAML parser "could not find expected ':'" on the *next* line; ``{name: x， kind: window}``
gets an error at ``kind``'s colon, not at the comma. This module finds the full-width character
a YAML error comes from and names it at its own line and column, with the fix.

A character is blamed only when putting its ASCII twin in its place lets the parser get further
than the error (or to the end): a full-width character inside a quoted string, a comment, a block
scalar or a plain value changes nothing there, so it is never blamed, and text such as
``name: 食品经营许可（新办）`` stays text. Whatever error is left once the full-width characters are
fixed is still reported, so a real error is never hidden behind them. Parentheses （） are not
here: YAML gives ``()`` no meaning, so full-width ones are always text.

YAML also reads some full-width characters silently as text where the author meant structure: a
key typed ``　name`` (a full-width space as indentation) or ``{name：x}`` (a full-width colon in a
flow mapping) is a key of its own. ``silent_problems`` warns of those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ..i18n import N_, _
from .source import Loc, Problem

# Each full-width character, the ASCII character YAML needs in its place, and the message saying so.
TWINS: dict[str, tuple[str, str]] = {
    "：": (":", N_("full-width colon '：' where YAML needs ':'")),
    "，": (",", N_("full-width comma '，' where YAML needs ','")),
    "、": (",", N_("enumeration comma '、' where YAML needs ','")),
    "；": (",", N_("full-width semicolon '；' where YAML needs ','")),
    "【": ("[", N_("full-width bracket '【' where YAML needs '['")),
    "】": ("]", N_("full-width bracket '】' where YAML needs ']'")),
    "［": ("[", N_("full-width bracket '［' where YAML needs '['")),
    "］": ("]", N_("full-width bracket '］' where YAML needs ']'")),
    "｛": ("{", N_("full-width brace '｛' where YAML needs '{'")),
    "｝": ("}", N_("full-width brace '｝' where YAML needs '}'")),
    "“": ('"', N_("Chinese quotation mark '“' where YAML needs '\"'")),
    "”": ('"', N_("Chinese quotation mark '”' where YAML needs '\"'")),
    "‘": ("'", N_("Chinese quotation mark '‘' where YAML needs \"'\"")),
    "’": ("'", N_("Chinese quotation mark '’' where YAML needs \"'\"")),
    "＂": ('"', N_("full-width quotation mark '＂' where YAML needs '\"'")),
    "＇": ("'", N_("full-width quotation mark '＇' where YAML needs \"'\"")),
    "－": ("-", N_("full-width hyphen '－' where YAML needs '-'")),
    "\u3000": (" ", N_("full-width space (U+3000) where YAML needs a normal space")),
}
CODE = "full-width"
MAX_TRIES = 32  # candidates tried per error, nearest first: the cause is close to where the parser stopped
MAX_FINDINGS = 20  # full-width characters explained per file; past them the error is reported as it is
_BLANK = " \t\r\n"


@dataclass(frozen=True, slots=True)
class Finding:
    """A full-width character at a 1-based line and column, where YAML needed its ASCII twin."""

    line: int
    col: int
    char: str

    @property
    def message(self) -> str:
        return _(TWINS[self.char][1])


Position = tuple[int, int]  # 1-based line and column
ErrorAt = Callable[[str], Position | None]  # where the YAML of a text fails, or None when it parses


def cause_of(text: str, error: Position, error_at: ErrorAt) -> tuple[Finding, str, Position | None] | None:
    """The full-width character the YAML error at ``error`` comes from, if one does.

    Returns the finding, the text with the character replaced by its twin, and where that
    replacement inserted a character (a colon needs a space after it: ``name：示例`` becomes
    ``name: 示例``), or None when no full-width character before the error explains it.
    """
    candidates = [c for c in _candidates(text) if (c.line, c.col) <= error]
    lines = text.split("\n")
    for finding in reversed(candidates[-MAX_TRIES:]):
        line = lines[finding.line - 1]
        at = finding.col - 1
        twin, width = TWINS[finding.char][0], 1
        if finding.char == "\u3000":  # indentation of several full-width spaces is one mistake
            width = len(line[at:]) - len(line[at:].lstrip("\u3000"))
            twin *= width
        inserted = None
        if twin == ":" and at + 1 < len(line) and line[at + 1] not in _BLANK:
            twin, inserted = ": ", (finding.line, finding.col)
        fixed_lines = list(lines)
        fixed_lines[finding.line - 1] = line[:at] + twin + line[at + width:]
        fixed = "\n".join(fixed_lines)
        after = error_at(fixed)
        if after is None or back(after, inserted) > error or _key_colon(finding, line, error, back(after, inserted)):
            return finding, fixed, inserted
    return None


def _key_colon(finding: Finding, line: str, error: Position, after: Position) -> bool:
    """Whether a '：' after a plain key at the start of its line is the error's cause, though another
    error follows on its line: ``name：[a] b`` fails on the next line for want of ':', and once fixed
    fails again after the colon, at 'b'. The parser got further on the colon's own line."""
    return (finding.char == "：" and error[0] in (finding.line, finding.line + 1) and after != error
            and after > (finding.line, finding.col + 1) and bool(_SIMPLE_KEY.match(line[:finding.col - 1])))


_SIMPLE_KEY = re.compile(r"^ *(?:- )?[^\s：#\"'{}\[\],:-][^\s：#\"'{}\[\],:]*$")


def back(position: Position, inserted: Position | None) -> Position:
    """A position in a fixed text, in the text before the fix (which inserted a character after ``inserted``)."""
    line, col = position
    if inserted is not None and line == inserted[0] and col > inserted[1] + 1:
        return line, col - 1
    return position


def _candidates(text: str) -> list[Finding]:
    found: list[Finding] = []
    for number, line in enumerate(text.split("\n"), 1):
        for col, char in enumerate(line, 1):
            if char in TWINS and not (char == "\u3000" and col > 1 and line[col - 2] == char):
                found.append(Finding(number, col, char))  # a run of full-width spaces counts once
    return found


def syntax_problems(text: str, error: yaml.MarkedYAMLError, file: str, loader: type,
                    compose: Callable[[str, str], tuple[Any, list[Problem]]]) -> list[Problem] | None:
    """The problems of a text whose YAML ``error`` comes from full-width punctuation, else None.

    Each full-width character the errors come from is a problem at its own place; the problems of
    the text once they are fixed follow (``compose``, the loader's own reading, says those), so a
    real error further on is reported too.
    """
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    current, where = text, (mark.line + 1, mark.column + 1)
    findings: list[Finding] = []
    fixes: list[Position | None] = []  # each fix's insertion, in the text as it was before that fix
    while len(findings) < MAX_FINDINGS:
        found = cause_of(current, where, lambda t: error_at(t, loader))
        if found is None:
            break
        finding, current, inserted = found
        findings.append(_to_original(finding, fixes))
        fixes.append(inserted)
        after = error_at(current, loader)
        if after is None:
            break
        where = after
    if not findings:
        return None
    problems = [Problem(Loc(file, f.line, f.col), f.message, CODE) for f in findings]
    _, rest = compose(current, file)
    for problem in rest:
        line, col = problem.loc.line, problem.loc.col
        for inserted in reversed(fixes):
            line, col = back((line, col), inserted)
        problems.append(Problem(Loc(problem.loc.file, line, col), problem.message, problem.code, problem.level))
    return problems


def _to_original(finding: Finding, fixes: list[Position | None]) -> Finding:
    line, col = finding.line, finding.col
    for inserted in reversed(fixes):
        line, col = back((line, col), inserted)
    return Finding(line, col, finding.char)


def error_at(text: str, loader: type) -> Position | None:
    """Where ``text`` stops being YAML for ``loader``, or None when it is YAML."""
    try:
        for _document in yaml.compose_all(text, Loader=loader):
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)
    except yaml.YAMLError:
        return (1, 1)
    return None


# Characters that, in a plain key, are structure YAML read as text: a full-width space indenting the
# key, a full-width colon ending it inside a flow mapping ({name：x} is the one key 'name：x'), a
# full-width hyphen where a list item's '-' belongs ('－ id' is a key).
_KEY_CHARS = ("\u3000", "：")
# A line of a plain value that begins with a word and a full-width colon: 'window：综合窗口' on a line
# of its own, under 'lanes:', is one text to YAML but a key and its value to the author.
_LINE_KEY = re.compile(r"^[^\s：#\"'{}\[\],]+：")


def silent_problems(node: yaml.Node | None, text: str, file: str) -> list[Problem]:
    """Warnings for full-width structure that YAML read silently as text, at the character itself.

    Plain keys holding a full-width space or colon, or starting with a full-width hyphen; lines of
    a plain block value that begin with ``word：`` (a value on a line of its own, or a line that
    continues one). A value such as ``note: 注意：请带身份证`` or a list item ``- 申请人：年满十八周岁``
    is left alone: on its key's line, or after ``- ``, it reads as the text it probably is.
    """
    problems: list[Problem] = []
    lines = text.split("\n")
    stack: list[tuple[yaml.Node, bool]] = [(node, False)] if node is not None else []
    seen: set[int] = set()
    while stack:
        current, in_flow = stack.pop()
        if id(current) in seen:  # aliases share nodes
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if not current.style and not in_flow:
                problems.extend(_line_keys(current, lines, file))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, in_flow or bool(current.flow_style)) for item in current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and not key.style and "\n" not in key.value:
                    problems.extend(_key_findings(key, file))
                else:
                    stack.append((key, in_flow or bool(current.flow_style)))
                stack.append((value, in_flow or bool(current.flow_style)))
    return problems


def _key_findings(key: yaml.ScalarNode, file: str) -> list[Problem]:
    mark = key.start_mark
    value = key.value
    offsets = [offset for offset, char in enumerate(value) if char in _KEY_CHARS
               and not (char == "\u3000" and offset and value[offset - 1] == char)]  # a run counts once
    if value.startswith("－"):
        offsets.insert(0, 0)
    return [Problem(Loc(file, mark.line + 1, mark.column + 1 + offset), Finding(0, 0, value[offset]).message,
                    CODE, "warning") for offset in offsets]


def _line_keys(scalar: yaml.ScalarNode, lines: list[str], file: str) -> list[Problem]:
    start, end = scalar.start_mark, scalar.end_mark
    problems = []
    for number in range(start.line, min(end.line, len(lines) - 1) + 1):
        line = lines[number]
        col = start.column if number == start.line else len(line) - len(line.lstrip(" "))
        if line[:col].strip():  # the value starts after its key or after '- ' on this line
            continue
        match = _LINE_KEY.match(line[col:])
        if match:
            problems.append(Problem(Loc(file, number + 1, col + match.end()), Finding(0, 0, "：").message, CODE,
                                    "warning"))
    return problems


__all__ = ["TWINS", "Finding", "cause_of", "error_at", "silent_problems", "syntax_problems"]
