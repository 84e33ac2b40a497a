"""Valid files load into typed objects that remember where each value stood."""

from __future__ import annotations

from pathlib import Path

import pytest

import approvalnet
from approvalnet.language.flow import edges, predecessors
from approvalnet.language.loader import parse_process
from approvalnet.language.quantity import Quantity, QuantityError, parse_quantity
from approvalnet.language.types import Triangular

MINIMAL = """\
code: "X-1"
name: 测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 5 工作日}
lanes:
  window: {name: 窗口, kind: window, staff: 1}
  office: {name: 审批科, staff: 2}
steps:
"""


def load_text(steps: str):
    process, problems = parse_process(MINIMAL + steps, "t.yaml")
    assert process is not None, "\n".join(map(str, problems))
    return process


def test_example_loads_with_positions(root: Path) -> None:
    process = approvalnet.load(root / "examples/minimal.yaml")
    check = process.step("check")
    assert isinstance(check.duration, Triangular)
    assert check.duration.mode == Quantity(10, "minute")
    assert (check.loc.line, check.loc.col) == (14, 5)
    assert (check.duration.loc.line, check.duration.loc.col) == (18, 15)
    assert str(check.loc_of("outcomes", "complete", "p")).endswith("minimal.yaml:20:35")
    assert process.time_limit.statutory == Quantity(20, "workday")  # a bare number is working days
    assert process.time_limit.promised == Quantity(10, "workday")
    assert process.file.endswith("minimal.yaml")


def test_load_raises_with_all_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL + "  - {id: a, name: 甲, lane: nowhere, next: b}\n", encoding="utf-8")
    with pytest.raises(approvalnet.LoadError) as caught:
        approvalnet.load(path)
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["flow", "reference", "reference"]  # unknown lane, unknown step, no end at all


def test_yaml_12_scalars() -> None:
    process = load_text(
        "  - id: a\n    name: no\n    lane: window\n    outcomes:\n"
        "      yes: {next: b}\n      no: {end: refused}\n"
        "  - {id: b, name: on, lane: office, end: approved}\n"
    )
    a = process.step("a")
    assert a.name == "no" and process.step("b").name == "on"
    assert list(a.outcomes) == ["yes", "no"]


def test_anchors_and_merge_keys() -> None:
    process = load_text(
        "  - &base {id: a, name: 甲, lane: office, duration: 1 h}\n"
        "  - {<<: *base, id: b, name: 乙, end: approved}\n"
    )
    b = process.step("b")
    assert b.lane == "office" and b.duration.value == Quantity(1, "hour") and b.name == "乙"


def test_flow_edges_default_parallel_and_choice() -> None:
    process = load_text(
        "  - {id: a, name: 受理, lane: window, next: [b, c]}\n"
        "  - {id: b, name: 审查一, lane: office, next: d}\n"
        "  - {id: c, name: 审查二, lane: office}\n"
        "  - id: d\n    name: 决定\n    lane: office\n    join: all\n    outcomes:\n"
        "      ok: {next: e, p: 0.75}\n      ko: {end: refused, p: 0.25}\n"
        "  - {id: e, name: 送达, lane: window, end: approved}\n"
    )
    got = [(e.source, e.kind, e.target, e.end, e.outcome, e.p) for e in edges(process)]
    assert got == [
        ("a", "parallel", "b", None, None, None),
        ("a", "parallel", "c", None, None, None),
        ("b", "next", "d", None, None, None),
        ("c", "next", "d", None, None, None),  # the next step in the list
        ("d", "choice", "e", None, "ok", 0.75),
        ("d", "choice", None, "refused", "ko", 0.25),
        ("e", "next", None, "approved", None, None),
    ]
    assert [e.source for e in predecessors(process)["d"]] == ["b", "c"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15 min", Quantity(15, "minute")), ("2.5 h", Quantity(2.5, "hour")), ("3 工作日", Quantity(3, "workday")),
     ("1 workday", Quantity(1, "workday")), ("10 自然日", Quantity(10, "day")), ("30 s", Quantity(30, "second"))],
)
def test_quantities(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["15", "min", "-1 h", "3 weeks", True, [1], "1 2 h"])
def test_bad_quantities(text: object) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_quantity_minutes() -> None:
    assert Quantity(2, "workday").minutes(workday_minutes=450) == 900
    assert Quantity(1.5, "hour").minutes() == 90
