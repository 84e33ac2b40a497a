"""Variants of examples/minimal.yaml and examples/joint-review.yaml diagnosed in the process's words."""

from __future__ import annotations

import pytest

from approvalnet import load
from approvalnet.conform.deviations import Diagnoser
from approvalnet.conform.replay import CompiledNet, align, pm4py_net

from .conftest import ROOT


def diagnoser(name: str) -> tuple[Diagnoser, dict[str, int]]:
    process = load(ROOT / "examples" / f"{name}.yaml")
    net, initial, final = pm4py_net(process)
    index = {s.id: i for i, s in enumerate(process.steps)}
    return Diagnoser(process, CompiledNet.of(net, initial, final, index)), index


def found(name: str, *steps: str) -> list[tuple[str, str | None, str | None]]:
    """(kind, step, other) of each deviation of the variant; an unknown name is an unknown activity."""
    d, index = diagnoser(name)
    unknown = sorted({s for s in steps if s not in index})
    trace = [index[s] if s in index else -1 - unknown.index(s) for s in steps]
    return [(x.kind, x.step, x.other or x.activity) for x in d.diagnose(trace, unknown)]


@pytest.mark.parametrize("steps, expected", [
    (("receive", "check", "review", "decide"), []),
    (("receive", "check"), []),  # not accepted: the standard ends there
    (("receive", "check", "decide"), [("skipped-step", "review", None)]),
    (("receive", "check", "decide", "review"), [("wrong-order", "decide", "review")]),
    (("check", "receive", "review", "decide"), [("wrong-order", "check", "receive")]),
    (("receive", "check", "review", "review", "decide"), [("unexpected-step", "review", None)]),
    (("receive", "check", "review"), [("unfinished-case", "decide", None)]),
    (("receive", "check", "系统登记", "review", "decide"), [("unknown-activity", None, "系统登记")]),
    (("系统登记",), [("unknown-activity", None, "系统登记"), ("unfinished-case", "receive", None)]),
])
def test_minimal(steps: tuple[str, ...], expected: list) -> None:
    assert found("minimal", *steps) == expected


def test_messages_say_what_happened() -> None:
    d, index = diagnoser("minimal")
    (skipped,) = d.diagnose([index["receive"], index["check"], index["decide"]], [])
    assert skipped.message == ("a decision '决定' (decide) without the review '审查' (review) the standard requires "
                               "before it")
    assert skipped.loc == str(d.process.step("review").loc) and skipped.arc == ("check", "decide")


JOINT = ("receive", "check", "accept", "fire-review", "planning-review", "expert-review", "health-review", "decide",
         "deliver")


def test_parallel_branches_in_any_order_conform() -> None:
    assert found("joint-review", "receive", "check", "accept", "health-review", "planning-review", "fire-review",
                 "expert-review", "decide", "deliver") == []
    assert found("joint-review", *JOINT) == []


def test_joint_review_deviations() -> None:
    without = tuple(s for s in JOINT if s != "fire-review")
    assert found("joint-review", *without) == [("skipped-step", "fire-review", None)]
    swapped = (*JOINT[:-2], "deliver", "decide")
    assert found("joint-review", *swapped) == [("wrong-order", "deliver", "decide")]
    twice = (*JOINT[:2], "supplement-notice", "prepare", "recheck", "supplement-notice", "prepare", "recheck",
             *JOINT[2:])
    assert found("joint-review", *twice) == [("repeated-supplement", "supplement-notice", None)]


def test_alignments_are_optimal_and_the_same_every_time() -> None:
    d, index = diagnoser("joint-review")
    trace = [index[s] for s in (*JOINT[:-2], "deliver", "decide")]
    first = align(d.net, trace)
    assert first is not None and first == align(d.net, trace)
    cost, moves = first
    assert cost // 10_000 == 2  # one step out of place: a move on the log and a move on the model
    assert [m for m in moves if m[0] != "sync"] and sum(m[0] == "sync" for m in moves) == len(trace) - 1
