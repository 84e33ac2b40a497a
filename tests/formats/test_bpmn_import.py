"""Importing BPMN written elsewhere: what the language expresses is kept, the rest is reported with
its element id and line, and the YAML written is always a valid process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import approvalnet
from approvalnet.formats.bpmn import BpmnError, BpmnProblem, from_bpmn, to_bpmn
from approvalnet.language.loader import parse_process
from approvalnet.language.types import Process

from .conftest import DATA, ROOT

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def imported(source: Path | bytes) -> tuple[Process, str, list[BpmnProblem]]:
    text, problems = from_bpmn(source)
    process, found = parse_process(text, "imported.yaml")
    assert process is not None, (found, text)
    return process, text, problems


def line_of(path: Path, element_id: str) -> int:
    """The line on which the element with this id starts, found in the text, independently of lxml."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(rf'\bid="{re.escape(element_id)}"', line):
            return number
    raise AssertionError(element_id)


def bpmn(nodes: str, flows: list[tuple[str, str] | tuple[str, str, str]], lanes: str = "") -> bytes:
    """A small BPMN file: ``nodes`` as XML, ``flows`` as (source, target[, name]) triples."""
    text = "".join(f'<sequenceFlow id="F{i}" sourceRef="{f[0]}" targetRef="{f[1]}"'
                   + (f' name="{f[2]}"' if len(f) > 2 else "") + "/>" for i, f in enumerate(flows))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="{BPMN}" targetNamespace="urn:x">'
            f'<process id="P">{lanes}{nodes}{text}</process></definitions>').encode()


# --- a file written by Camunda Modeler ----------------------------------------------------------


def test_camunda_file_is_expressed_completely() -> None:
    process, text, problems = imported(DATA / "camunda-simple.bpmn")
    assert problems == []
    assert process.name == "Shop sign permit"
    assert list(process.lanes) == ["front-desk", "review-office"]
    assert process.lanes["front-desk"].kind == "window"
    assert [s.name for s in process.steps] == ["Check the application", "路由 Gateway_split", "Technical review",
                                               "Legal review", "Decide", "Send the permit"]
    check = process.step("Activity_receive")
    assert {name: (o.next, o.end) for name, o in check.outcomes.items()} == {
        "yes": ("Gateway_split", None), "otherwise": (None, "refused")}
    assert process.step("Gateway_split").next == ["Activity_tech", "Activity_legal"]
    assert process.step("Activity_decide").join == "all"
    assert process.step("Activity_notify").kind == "notify"  # a sendTask
    assert process.step("Activity_notify").end == "approved"
    # the fields BPMN does not carry are placeholders, said so in the file
    assert process.generated and "camunda-simple.bpmn" in process.generated
    assert process.code.startswith("TODO-")
    for key in ("code", "type", "authority", "handling", "time_limit"):
        assert re.search(rf"^{key}: .*# placeholder", text, re.MULTILINE), key
    assert "# placeholder: how many staff" in text
    # what came in is a sound workflow, as the BPMN was
    assert approvalnet.soundness(*approvalnet.to_petri_net(process)).sound


def test_camunda_file_round_trips_through_our_export() -> None:
    process, _, _ = imported(DATA / "camunda-simple.bpmn")
    again, _, problems = imported(to_bpmn(process))
    assert problems == []
    assert again.model_dump() == process.model_dump()


# --- a file beyond the language -----------------------------------------------------------------


def test_what_cannot_be_expressed_is_reported_at_its_line() -> None:
    path = DATA / "beyond-the-language.bpmn"
    process, text, problems = imported(path)
    expected = ["Participant_applicant", "MessageFlow_notice", "StartEvent_1", "Activity_check", "Event_wait",
                "SubProcess_review", "Event_timeout", "Gateway_which", "DataObjectReference_1", "DataObject_1",
                "TextAnnotation_1", "Association_1"]
    assert [p.element for p in problems] == expected
    for problem in problems:
        if problem.element == "Activity_check":  # the loop marker inside the task, on the next lines
            assert problem.line > line_of(path, "Activity_check")
        else:
            assert problem.line == line_of(path, problem.element), problem
    messages = {p.element: p.message for p in problems}
    assert "sub-process" in messages["SubProcess_review"] and "inclusive" in messages["Gateway_which"]
    assert "boundary" in messages["Event_timeout"] and "timer" in messages["Event_wait"]
    # the YAML says at its top what it left out, one line each
    for problem in problems:
        assert f"#   line {problem.line}: " in text
    # and keeps what it could
    ids = [s.id for s in process.steps]
    assert ids[0] == "Activity_receive"
    assert "SubProcess_review" in ids and "Activity_inner" not in ids  # the sub-process is one step
    assert process.step("Activity_ask").next == "Activity_check"  # the loop through the timer and merge
    assert list(process.step("SubProcess_review").outcomes) == ["涉及建筑物", "大型广告"]
    fee = process.step("Gateway_fee")  # a choice after a choice becomes a step of its own
    assert {k: (o.next, o.end) for k, o in fee.outcomes.items()} == {"是": ("Activity_fee", None),
                                                                      "否": (None, "approved")}
    assert process.step("Activity_decide").outcomes["不予"].end == "refused"
    assert process.step("Activity_escalate").end == "terminated"  # 终止审查
    assert list(process.lanes) == ["Lane_window", "Lane_review"]  # nested lanes: the inner ones
    assert process.step("SubProcess_review").lane == "Lane_review"
    assert "nested lanes were flattened" in text


# --- small cases --------------------------------------------------------------------------------


def test_two_plain_flows_out_of_a_task_are_a_parallel_split() -> None:
    data = bpmn('<startEvent id="S"/><task id="a" name="A"/><task id="b" name="B"/><task id="c" name="C"/>'
                '<parallelGateway id="J"/><task id="d" name="D"/><endEvent id="E"/>',
                [("S", "a"), ("a", "b"), ("a", "c"), ("b", "J"), ("c", "J"), ("J", "d"), ("d", "E")])
    process, text, problems = imported(data)
    assert problems == []
    assert process.step("a").next == ["b", "c"] and process.step("d").join == "all"
    assert list(process.lanes) == ["process"] and "the BPMN has no lanes" in text
    assert approvalnet.soundness(*approvalnet.to_petri_net(process)).sound


def test_conditional_flows_out_of_a_task_are_read_as_a_choice_and_reported() -> None:
    data = bpmn('<startEvent id="S"/><task id="a" name="A"/><task id="b" name="B"/><task id="c" name="C"/>'
                '<endEvent id="E" name="办结"/>',
                [("S", "a"), ("a", "b", "big"), ("a", "c", "small"), ("b", "E"), ("c", "E")])
    data = data.replace(b'name="big"/>', b'name="big"><conditionExpression>${big}</conditionExpression>'
                                         b'</sequenceFlow>')
    process, _, problems = imported(data)
    assert [p.element for p in problems] == ["a"] and "several branches" in problems[0].message
    assert list(process.step("a").outcomes) == ["big", "small"]


def test_a_loop_back_through_a_merge_and_the_start() -> None:
    data = bpmn('<startEvent id="S"/><exclusiveGateway id="M"/><task id="a" name="填报"/>'
                '<exclusiveGateway id="X"/><task id="b" name="退回"/><endEvent id="E" name="准予许可"/>',
                [("S", "M"), ("M", "a"), ("a", "X"), ("X", "b", "退回"), ("X", "E", "通过"), ("b", "M")])
    process, _, problems = imported(data)
    assert problems == []
    assert [s.id for s in process.steps] == ["a", "b"]
    assert process.step("b").next == "a"
    assert process.step("a").outcomes["通过"].end == "approved"


def test_a_parallel_branch_straight_to_an_end_is_reported() -> None:
    data = bpmn('<startEvent id="S"/><task id="a" name="A"/><parallelGateway id="G"/><task id="b" name="B"/>'
                '<endEvent id="E1"/><endEvent id="E2"/>',
                [("S", "a"), ("a", "G"), ("G", "b"), ("G", "E1"), ("b", "E2")])
    process, _, problems = imported(data)
    assert [p.element for p in problems] == ["F3"]
    assert process.step("a").next == "b"


def test_foreign_end_events_are_read_by_their_names() -> None:
    names = {"不予受理": "not-accepted", "Application rejected": "refused", "申请人撤回": "withdrawn",
             "终止": "terminated", "Permit granted": "approved", "结束": "approved"}
    nodes = '<startEvent id="S"/><task id="a" name="A"/><exclusiveGateway id="X"/>' + "".join(
        f'<endEvent id="E{i}" name="{name}"/>' for i, name in enumerate(names))
    flows = [("S", "a"), ("a", "X"), *[("X", f"E{i}", f"o{i}") for i in range(len(names))]]
    process, text, _ = imported(bpmn(nodes, flows))
    assert [o.end for o in process.step("a").outcomes.values()] == list(names.values())
    assert "'E5' (结束) (line" in text and "is read as 'approved'" in text  # the guess is said


# --- input that is not BPMN ---------------------------------------------------------------------


@pytest.mark.parametrize(("data", "message"), [
    (b"<definitions", "not well-formed XML"),
    (b"", "not well-formed XML"),
    (b'<pnml><net id="n"/></pnml>', "not a BPMN 2.0 file"),
    (f'<definitions xmlns="{BPMN}" targetNamespace="urn:x"/>'.encode(), "holds no BPMN process"),
    (bpmn('<startEvent id="S"/><endEvent id="E"/>', [("S", "E")]), "holds no task"),
])
def test_unreadable_input_raises(data: bytes, message: str) -> None:
    with pytest.raises(BpmnError, match=message):
        from_bpmn(data)


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(BpmnError) as caught:
        from_bpmn(b'<?xml version="1.0"?>\n<definitions>\n<process id="P">\n</definitions>\n')
    assert caught.value.line == 4


def test_no_external_entity_is_read_and_no_entity_bomb_expands(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    exported = to_bpmn(approvalnet.load(ROOT / "examples/minimal.yaml")).decode()
    body = exported.split("?>", 1)[1]
    external = (f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                + body.replace("<bpmn:documentation>实施编码", "<bpmn:documentation>&xxe;实施编码")
                .replace('"code": "EXAMPLE-0001"', '"code": "&xxe;"'))
    text, problems = from_bpmn(external.encode())
    assert "TOP-SECRET" not in text
    assert [p.element for p in problems] == ["item"]  # the item's fields held the entity: not trusted
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    bomb = (f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY l0 "lol">{laughs}]>'
            + body.replace('name="收件"', 'name="&l8;"'))
    with pytest.raises(BpmnError, match=r"amplification|entity"):
        from_bpmn(bomb.encode())
