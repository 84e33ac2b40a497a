"""Suppression comments: next line, same line, blocks, whole file; with reasons."""

from __future__ import annotations

from approvalnet.language.loader import parse_process
from approvalnet.rules.config import load_config
from approvalnet.rules.engine import _check
from approvalnet.rules.suppress import parse_suppressions

HEAD = """\
code: "T-1"
name: 测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 10}
lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
steps:
  - {id: accept, name: 受理, lane: window, next: decide}
"""


def findings(body: str) -> tuple[list[tuple[int, str]], int]:
    text = HEAD + body
    process, problems = parse_process(text, "t.yaml")
    assert process is not None, problems
    config = load_config().narrowed(["structure/unreachable-step"], None)
    found, suppressed = _check(process, config, text)
    return [(f.loc.line, f.code) for f in found], suppressed


ORPHANS = "  - {id: a, name: 甲, lane: office}\n  - {id: b, name: 乙, lane: office}\n" \
          "  - {id: decide, name: 决定, lane: office, end: approved}\n"


def test_without_suppression() -> None:
    assert findings(ORPHANS) == ([(10, "structure/unreachable-step"), (11, "structure/unreachable-step")], 0)


def test_next_line() -> None:
    body = "  # approvalnet: disable=structure/unreachable-step -- kept for the 2019 procedure\n" + ORPHANS
    assert findings(body) == ([(12, "structure/unreachable-step")], 1)


def test_same_line_and_group() -> None:
    body = ORPHANS.replace("lane: office}\n", "lane: office}  # approvalnet: disable=structure\n", 1)
    assert findings(body) == ([(11, "structure/unreachable-step")], 1)


def test_other_rule_does_not_suppress() -> None:
    body = "  # approvalnet: disable=law/decision-limit\n" + ORPHANS
    assert findings(body)[1] == 0


def test_block_and_file() -> None:
    block = ("  # approvalnet: disable-block=structure/unreachable-step\n" + ORPHANS.split("\n", 2)[0] + "\n"
             + ORPHANS.split("\n", 2)[1] + "\n  # approvalnet: enable=structure/unreachable-step\n"
             + ORPHANS.split("\n", 2)[2])
    assert findings(block) == ([], 2)
    assert findings("# approvalnet: disable-file\n" + ORPHANS.replace("  - {id: a", "  - {id: a", 1)) == ([], 2)


def test_reasons_are_kept() -> None:
    text = "x: 1\n# approvalnet: disable=law/decision-limit,law/delivery-limit -- 条例另有规定\ny: 2\n"
    (s,) = parse_suppressions(text)
    assert s.rules == ("law/decision-limit", "law/delivery-limit") and s.reason == "条例另有规定"
    assert (s.first_line, s.last_line, s.line) == (3, 3, 2)
