"""Export then import gives the same process: the same item, lanes, steps, flow and Petri net."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import approvalnet
from approvalnet.formats.bpmn import APPROVALNET_NS, from_bpmn, to_bpmn
from approvalnet.language.flow import out_edges
from approvalnet.language.loader import parse_process
from approvalnet.language.types import Process
from approvalnet.net.export import to_json

from .conftest import NS, PROCESS_FILES, ROOT, file_id


def round_trip(process: Process) -> tuple[Process, str]:
    text, problems = from_bpmn(to_bpmn(process))
    assert problems == []
    imported, found = parse_process(text, "imported.yaml")
    assert imported is not None, found
    return imported, text


def net_structure(process: Process) -> tuple:
    """The Petri net without the positions in the file: places, labelled transitions, arcs, markings."""
    net = to_json(*approvalnet.to_petri_net(process))
    return ({p["id"] for p in net["places"]}, {(t["id"], t["label"]) for t in net["transitions"]},
            {(a["source"], a["target"], a["weight"]) for a in net["arcs"]}, net["initial_marking"],
            net["final_marking"])


@pytest.mark.parametrize("path", PROCESS_FILES, ids=file_id)
def test_round_trip_gives_the_same_process(path: Path) -> None:
    process = approvalnet.load(path)
    imported, _ = round_trip(process)
    # the item's fields and the lanes, value for value
    assert imported.model_dump(exclude={"steps"}) == process.model_dump(exclude={"steps"})
    # the steps: ids, names, lanes, kinds, durations, materials, notices … in file order
    flow_keys = {"next", "outcomes", "end"}
    assert [s.model_dump(exclude=flow_keys) for s in imported.steps] == \
        [s.model_dump(exclude=flow_keys) for s in process.steps]
    # the flow, edge by edge: `next: b` written or implied by the order of the list are one and the same
    for index in range(len(process.steps)):
        assert out_edges(imported, index) == out_edges(process, index)
    # and so the same Petri net, name for name
    assert net_structure(imported) == net_structure(process)


@pytest.mark.parametrize("path", PROCESS_FILES, ids=file_id)
def test_export_of_the_import_is_the_same_file(path: Path) -> None:
    """A fixed point: export ∘ import ∘ export = export, byte for byte."""
    exported = to_bpmn(approvalnet.load(path))
    imported, _ = round_trip(approvalnet.load(path))
    assert to_bpmn(imported) == exported


def test_import_is_deterministic() -> None:
    data = to_bpmn(approvalnet.load(ROOT / "examples/joint-review.yaml"))
    assert from_bpmn(data) == from_bpmn(data)


def test_nasty_labels_survive() -> None:
    """Quotes, angle brackets, ampersands, colons, backslashes and line breaks in every name."""
    process = approvalnet.load(ROOT / "tests/render/processes/nasty-labels.yaml")
    imported, _ = round_trip(process)
    assert imported.code == 'X-"1"<&>:\\'
    assert imported.lanes["b\\ack"].name == "后台\n第二行"
    assert list(imported.step("a").outcomes) == ["ok: <yes>", 'no "way" & \\back']
    assert imported.step("b").name == "C:\\path\\to & {braces} [brackets] |pipe| 'q' ->"


def test_edits_made_in_a_modeler_are_read(tmp_path: Path) -> None:
    """A user opens the export in a modeler, renames a task, moves it to another lane and inserts a
    plain task (without our attributes) between two steps: the import follows the edits."""
    process = approvalnet.load(ROOT / "examples/minimal.yaml")
    document = etree.fromstring(to_bpmn(process))
    proc = document.find("bpmn:process", NS)
    review = proc.find("bpmn:userTask[@approvalnet:step='review']", NS)
    review.set("name", "实质审查")
    window = proc.find("bpmn:laneSet/bpmn:lane[@approvalnet:lane='window']", NS)
    office = proc.find("bpmn:laneSet/bpmn:lane[@approvalnet:lane='office']", NS)
    ref = next(r for r in office.findall("bpmn:flowNodeRef", NS) if r.text == review.get("id"))
    office.remove(ref)
    window.append(ref)
    # review → decide becomes review → Activity_sign → decide
    flow = next(f for f in proc.findall("bpmn:sequenceFlow", NS) if f.get("sourceRef") == review.get("id"))
    decide = flow.get("targetRef")
    flow.set("targetRef", "Activity_sign")
    task = etree.SubElement(proc, f"{{{NS['bpmn']}}}userTask", id="Activity_sign", name="领导签批")
    etree.SubElement(proc, f"{{{NS['bpmn']}}}sequenceFlow", id="Flow_sign", sourceRef="Activity_sign",
                     targetRef=decide)
    etree.SubElement(office, f"{{{NS['bpmn']}}}flowNodeRef").text = task.get("id")

    text, problems = from_bpmn(etree.tostring(document))
    assert problems == []
    imported, found = parse_process(text, "edited.yaml")
    assert imported is not None, found
    assert imported.step("review").name == "实质审查"
    assert imported.step("review").lane == "window"
    assert imported.step("review").next == "Activity_sign"
    sign = imported.step("Activity_sign")
    assert (sign.name, sign.lane, sign.kind, sign.next) == ("领导签批", "office", "other", "decide")
    assert imported.code == process.code  # the item's fields still come from our extension


def test_probabilities_that_no_longer_add_up_are_dropped_and_reported() -> None:
    document = etree.fromstring(to_bpmn(approvalnet.load(ROOT / "examples/minimal.yaml")))
    flow = document.find(".//bpmn:sequenceFlow[@approvalnet:outcome='complete']", NS)
    flow.set(f"{{{APPROVALNET_NS}}}p", "0.5")
    total = sum(float(f.get(f"{{{APPROVALNET_NS}}}p")) for f in document.iterfind(
        ".//bpmn:sequenceFlow[@sourceRef='Choice_check']", NS))
    data = etree.tostring(document)
    text, problems = from_bpmn(data)
    imported, _ = parse_process(text, "x.yaml")
    assert imported is not None
    assert all(o.p is None for o in imported.step("check").outcomes.values())
    # dropping them loses data: a problem (exit code 1), at the task the choice follows
    task = etree.fromstring(data).find(".//bpmn:userTask[@id='Task_check']", NS)
    assert [p.line for p in problems] == [task.sourceline]
    assert f"add up to {total:g}, not 1" in problems[0].message and "add up to" in text


HEADER = """\
code: "T-BPMN"
name: 边角情形
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20}
lanes:
  window: {name: 窗口, kind: window, staff: 1}
  office: {name: 科室, staff: 1}
steps:
"""
CORNERS = {
    # two outcomes of one step enter the same join: an exclusive merge goes before the join
    "outcomes-into-join": """\
  - {id: a, name: 受理, lane: window, next: [b, c]}
  - id: b
    name: 审查
    lane: office
    outcomes: {fast: {next: d, p: 0.5}, slow: {next: d, p: 0.5}}
  - {id: c, name: 核查, lane: office, next: d}
  - {id: d, name: 决定, lane: window, join: all, end: approved}
""",
    # the first step is a join and is entered again by a loop; a join with a single way in
    "first-step-join": """\
  - {id: a, name: 收件, lane: window, join: all, next: b}
  - id: b
    name: 审查
    lane: office
    outcomes: {again: a, done: c}
  - {id: c, name: 决定, lane: window, join: all, end: approved}
""",
    # a step that loops on itself, and a step nothing reaches
    "self-loop-and-orphan": """\
  - id: a
    name: 审查
    lane: window
    outcomes: {again: a, done: {end: refused}}
  - {id: b, name: 孤立, lane: office, end: withdrawn}
""",
}


@pytest.mark.parametrize("name", list(CORNERS))
def test_corner_cases_round_trip(name: str, bpmn_schema) -> None:
    process, problems = parse_process(HEADER + CORNERS[name], f"{name}.yaml")
    assert process is not None, problems
    data = to_bpmn(process)
    assert bpmn_schema.validate(etree.fromstring(data)), bpmn_schema.error_log
    imported, _ = round_trip(process)
    for index in range(len(process.steps)):
        assert out_edges(imported, index) == out_edges(process, index)
        assert imported.steps[index].join == process.steps[index].join
    assert net_structure(imported) == net_structure(process)


def test_outcomes_into_a_join_meet_in_a_merge_first(tmp_path: Path) -> None:
    process, _ = parse_process(HEADER + CORNERS["outcomes-into-join"], "x.yaml")
    proc = etree.fromstring(to_bpmn(process)).find("bpmn:process", NS)
    merge = proc.find("bpmn:exclusiveGateway[@approvalnet:role='merge']", NS)
    join = proc.find("bpmn:parallelGateway[@approvalnet:role='join']", NS)
    flows = proc.findall("bpmn:sequenceFlow", NS)
    assert len([f for f in flows if f.get("targetRef") == merge.get("id")]) == 2
    into_join = sorted(f.get("sourceRef") for f in flows if f.get("targetRef") == join.get("id"))
    assert into_join == sorted([merge.get("id"), "Task_c"])
    # the join waits for one token from b and one from c: our net and pm4py's reading of the BPMN
    # (without the merge its join would wait for both outcomes of b, and deadlock) are both sound
    import pm4py

    path = tmp_path / "corner.bpmn"
    path.write_bytes(to_bpmn(process))
    assert approvalnet.soundness(*pm4py.convert_to_petri_net(pm4py.read_bpmn(str(path)))).sound
    assert approvalnet.soundness(*approvalnet.to_petri_net(process)).sound
