"""Suppression comments in process files.

    # approvalnet: disable=law/decision-limit -- 联合审查时限由《某条例》另行规定
    - id: joint-decision            # the finding at this line is suppressed

    - id: review   # approvalnet: disable=structure/duplicate-name -- on the line itself

    # approvalnet: disable-block=listing/required-fields
    ...                             # every line up to the matching enable
    # approvalnet: enable=listing/required-fields

    # approvalnet: disable-file=reform -- anywhere in the file, for the whole file

Rule lists are comma-separated ids or groups; no list means every rule. The text after ``--`` is
the reason, kept with the suppression so that a reviewer can see why a finding was accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(
    r"(?:^|\s)#\s*approvalnet:\s*(?P<verb>disable-file|disable-block|disable|enable)"
    r"(?:\s*=\s*(?P<rules>[\w./,\s-]*?))?\s*(?:--\s*(?P<reason>.*?))?\s*$"
)


@dataclass(frozen=True)
class Suppression:
    rules: tuple[str, ...]  # empty: every rule
    first_line: int  # 1-based, inclusive
    last_line: int  # inclusive; 0 = to the end of the file
    reason: str
    line: int  # where the comment is

    def covers(self, rule_id: str, line: int) -> bool:
        if line < self.first_line or (self.last_line and line > self.last_line):
            return False
        return not self.rules or any(rule_id == r or rule_id.startswith(r.rstrip("/") + "/") for r in self.rules)


def parse_suppressions(text: str) -> list[Suppression]:
    lines = text.splitlines()
    found: list[Suppression] = []
    open_blocks: list[tuple[tuple[str, ...], int, str, int]] = []
    for number, line in enumerate(lines, start=1):
        match = _COMMENT.search(line)
        if not match:
            continue
        rules = tuple(r.strip() for r in (match["rules"] or "").split(",") if r.strip())
        reason = match["reason"] or ""
        verb = match["verb"]
        if verb == "disable-file":
            found.append(Suppression(rules, 1, 0, reason, number))
        elif verb == "disable-block":
            open_blocks.append((rules, number, reason, number))
        elif verb == "enable":
            for block in [b for b in open_blocks if not rules or b[0] == rules or set(rules) & set(b[0])]:
                open_blocks.remove(block)
                found.append(Suppression(block[0], block[1], number, block[2], block[3]))
        else:
            standalone = line.lstrip().startswith("#")
            target = _next_content_line(lines, number) if standalone else number
            found.append(Suppression(rules, target, target, reason, number))
    found.extend(Suppression(r, first, 0, reason, at) for r, first, reason, at in open_blocks)
    return found


def _next_content_line(lines: list[str], number: int) -> int:
    for later in range(number, len(lines)):
        stripped = lines[later].strip()
        if stripped and not stripped.startswith("#"):
            return later + 1
    return number
