"""BPMN export: valid against the OMG XSD, the mapping construct by construct, a readable layout,
the same bytes every time, and a third-party reader (pm4py) that agrees with our Petri net."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

import approvalnet
from approvalnet.formats.bpmn import APPROVALNET_NS, END_NAMES, to_bpmn
from approvalnet.language.flow import out_edges, predecessors

from .conftest import NS, PROCESS_FILES, ROOT, file_id


def export(path: Path) -> etree._Element:
    return etree.fromstring(to_bpmn(approvalnet.load(path)))


def ours(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{APPROVALNET_NS}}}{name}")


def test_corpus_is_not_empty() -> None:
    # the parametrized tests below run on whatever the repository holds: make sure that is a lot
    assert len(PROCESS_FILES) >= 20
    assert ROOT / "examples/joint-review.yaml" in PROCESS_FILES


@pytest.mark.parametrize("path", PROCESS_FILES, ids=file_id)
def test_export_is_valid_bpmn_20(path: Path, bpmn_schema) -> None:
    document = export(path)
    assert bpmn_schema.validate(document), bpmn_schema.error_log


@pytest.mark.parametrize("mutation", ["no-target-namespace", "unknown-element", "flow-without-target",
                                      "bounds-without-height"])
def test_the_xsd_rejects_broken_bpmn(mutation: str, bpmn_schema) -> None:
    """The schema has teeth: small breakages of an exported file fail validation."""
    document = export(ROOT / "examples/minimal.yaml")
    assert bpmn_schema.validate(document)
    if mutation == "no-target-namespace":
        del document.attrib["targetNamespace"]
    elif mutation == "unknown-element":
        document.find("bpmn:process", NS).append(etree.Element(f"{{{NS['bpmn']}}}swimmingPool"))
    elif mutation == "flow-without-target":
        del document.find(".//bpmn:sequenceFlow", NS).attrib["targetRef"]
    else:
        del document.find(".//dc:Bounds", NS).attrib["height"]
    assert not bpmn_schema.validate(document)


def test_same_process_gives_the_same_bytes(tmp_path: Path) -> None:
    source = ROOT / "examples/joint-review.yaml"
    copy = tmp_path / "elsewhere.yaml"
    shutil.copy(source, copy)
    first = to_bpmn(approvalnet.load(source))
    assert first == to_bpmn(approvalnet.load(source))
    assert first == to_bpmn(approvalnet.load(copy))  # nothing depends on where the file is


def test_mapping_of_every_construct() -> None:
    """joint-review.yaml has lanes, choices with probabilities, a parallel split, a join, loops, ends."""
    process = approvalnet.load(ROOT / "examples/joint-review.yaml")
    document = etree.fromstring(to_bpmn(process))
    (proc,) = document.findall("bpmn:process", NS)
    (participant,) = document.findall("bpmn:collaboration/bpmn:participant", NS)
    assert participant.get("processRef") == proc.get("id")
    assert participant.get("name") == proc.get("name") == process.name
    by_id = {e.get("id"): e for e in proc}
    flows = proc.findall("bpmn:sequenceFlow", NS)

    def outgoing(element_id: str) -> list[etree._Element]:
        return [f for f in flows if f.get("sourceRef") == element_id]

    def incoming(element_id: str) -> list[etree._Element]:
        return [f for f in flows if f.get("targetRef") == element_id]

    lanes = proc.findall("bpmn:laneSet/bpmn:lane", NS)
    assert [ours(lane, "lane") for lane in lanes] == list(process.lanes)
    assert [lane.get("name") for lane in lanes] == [lane.name for lane in process.lanes.values()]
    lane_of = {ref.text: ours(lane, "lane") for lane in lanes for ref in lane.findall("bpmn:flowNodeRef", NS)}
    assert set(lane_of) == {e.get("id") for e in proc if e.tag.endswith(("Task", "task", "Gateway", "Event"))}

    tasks = {ours(e, "step"): e for e in proc if ours(e, "step") and e.tag.endswith(("}userTask", "}task"))}
    assert list(tasks) == [step.id for step in process.steps]
    incoming_edges = predecessors(process)
    for index, step in enumerate(process.steps):
        task = tasks[step.id]
        assert task.get("name") == step.name
        assert ours(task, "kind") == step.kind
        assert lane_of[task.get("id")] == step.lane
        staffed = process.lanes[step.lane].kind in ("window", "department")
        assert task.tag == f"{{{NS['bpmn']}}}{'userTask' if staffed else 'task'}"
        (after,) = outgoing(task.get("id"))
        target = by_id[after.get("targetRef")]
        if step.outcomes is not None:
            assert target.tag == f"{{{NS['bpmn']}}}exclusiveGateway"
            branches = outgoing(target.get("id"))
            assert [f.get("name") for f in branches] == list(step.outcomes)
            assert [float(ours(f, "p")) for f in branches] == [o.p for o in step.outcomes.values()]
            assert all(f.find("bpmn:conditionExpression", NS) is not None for f in branches)
        elif isinstance(step.next, list):
            assert target.tag == f"{{{NS['bpmn']}}}parallelGateway"
            assert target.get("gatewayDirection") == "Diverging"
            assert len(outgoing(target.get("id"))) == len(step.next)
        elif step.end is not None:
            assert target.tag == f"{{{NS['bpmn']}}}endEvent"
            assert ours(target, "end") == step.end and target.get("name") == END_NAMES[step.end]
        else:
            (edge,) = out_edges(process, index)
            assert ours(target, "step") == edge.target
        if step.join == "all":
            (before,) = incoming(task.get("id"))
            join = by_id[before.get("sourceRef")]
            assert join.tag == f"{{{NS['bpmn']}}}parallelGateway"
            assert join.get("gatewayDirection") == "Converging"
            assert len(incoming(join.get("id"))) == len(incoming_edges[step.id]) == 3

    ends = proc.findall("bpmn:endEvent", NS)
    assert sorted(ours(e, "end") for e in ends) == ["approved", "not-accepted", "refused"]
    (start,) = proc.findall("bpmn:startEvent", NS)
    (first,) = outgoing(start.get("id"))
    assert ours(by_id[first.get("targetRef")], "step") == process.steps[0].id
    # incoming/outgoing references agree with the flows, as modelers expect
    for element in proc:
        refs = [r.text for r in element.findall("bpmn:outgoing", NS)]
        if element.tag.endswith(("Task", "task", "Gateway", "Event")):
            assert refs == [f.get("id") for f in outgoing(element.get("id"))]


def test_extension_carries_what_bpmn_has_no_place_for() -> None:
    document = export(ROOT / "examples/joint-review.yaml")
    check = document.find(".//bpmn:userTask[@approvalnet:step='check']", NS)
    duration = check.find("bpmn:extensionElements/approvalnet:duration", NS)
    assert dict(duration.attrib) == {"distribution": "triangular", "min": "10 min", "mode": "20 min",
                                     "max": "45 min"}
    expert = document.find(".//bpmn:task[@approvalnet:step='expert-review']", NS)
    assert ours(expert, "duration") == "5 workdays" and ours(expert, "excludedFromClock") == "true"
    notice = expert.find("bpmn:extensionElements/approvalnet:notice", NS)
    assert notice.get("document") == "专家评审所需时间告知书"
    lane = document.find(".//bpmn:lane[@approvalnet:lane='window']", NS)
    assert (ours(lane, "kind"), ours(lane, "staff")) == ("window", "4")
    item = document.find("bpmn:process/bpmn:extensionElements/approvalnet:item", NS)
    assert '"code": "EXAMPLE-0002"' in item.text and '"materials"' in item.text


# --- the diagram --------------------------------------------------------------------------------


def bounds(shape: etree._Element) -> tuple[float, float, float, float]:
    b = shape.find("dc:Bounds", NS)
    return float(b.get("x")), float(b.get("y")), float(b.get("width")), float(b.get("height"))


def inside(point: tuple[float, float], box: tuple[float, float, float, float], margin: float = 0.0) -> bool:
    x, y, w, h = box
    return x + margin < point[0] < x + w - margin and y + margin < point[1] < y + h - margin


@pytest.mark.parametrize("path", PROCESS_FILES, ids=file_id)
def test_diagram_is_a_readable_layout(path: Path) -> None:
    document = export(path)
    proc = document.find("bpmn:process", NS)
    plane = document.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane.get("bpmnElement") == document.find("bpmn:collaboration", NS).get("id")
    shapes = {s.get("bpmnElement"): s for s in plane.findall("bpmndi:BPMNShape", NS)}
    nodes = [e for e in proc if e.tag.endswith(("Task", "}task", "Gateway", "Event"))]
    flows = proc.findall("bpmn:sequenceFlow", NS)
    assert all(n.get("id") in shapes for n in nodes)
    box = {n.get("id"): bounds(shapes[n.get("id")]) for n in nodes}

    # lanes: horizontal bands stacked in file order inside the pool, each holding its nodes
    pool = shapes[document.find("bpmn:collaboration/bpmn:participant", NS).get("id")]
    assert pool.get("isHorizontal") == "true"
    px, py, pw, ph = bounds(pool)
    top = py
    for lane in proc.findall("bpmn:laneSet/bpmn:lane", NS):
        shape = shapes[lane.get("id")]
        assert shape.get("isHorizontal") == "true"
        lx, ly, lw, lh = bounds(shape)
        assert (lx, ly) == (px + 30, top) and lx + lw == px + pw and lh > 0
        top += lh
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            x, y, w, h = box[ref.text]
            assert ly <= y and y + h <= ly + lh and lx + 30 <= x and x + w <= lx + lw, ref.text
    assert top == py + ph

    # no two nodes overlap, and they really are spread out
    placed = sorted(box.items(), key=lambda item: item[1][0])
    for i, (a, (ax, ay, aw, ah)) in enumerate(placed):
        for b, (bx, by, _, bh) in placed[i + 1:]:
            if bx >= ax + aw:
                break
            assert by >= ay + ah or ay >= by + bh, f"{a} overlaps {b}"
    assert len({(x, y) for x, y, _, _ in box.values()}) == len(box)

    # edges: orthogonal, from the source's border to the target's, through no other node
    edges = {e.get("bpmnElement"): e for e in plane.findall("bpmndi:BPMNEdge", NS)}
    for flow in flows:
        points = [(float(p.get("x")), float(p.get("y"))) for p in edges[flow.get("id")].findall("di:waypoint", NS)]
        assert len(points) >= 2
        source, target = box[flow.get("sourceRef")], box[flow.get("targetRef")]
        assert on_border(points[0], source) and on_border(points[-1], target), flow.get("id")
        for (x0, y0), (x1, y1) in pairwise(points):
            assert x0 == x1 or y0 == y1, f"{flow.get('id')} has a slanted segment"
            for node, other in box.items():
                if node in (flow.get("sourceRef"), flow.get("targetRef")):
                    continue
                assert not crosses((x0, y0), (x1, y1), other), f"{flow.get('id')} runs through {node}"


def on_border(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y, w, h = box
    near = x - 1 <= point[0] <= x + w + 1 and y - 1 <= point[1] <= y + h + 1
    return near and not inside(point, box, margin=1)


def crosses(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether the axis-parallel segment a–b passes through the inside of ``box``."""
    x, y, w, h = box
    if a[1] == b[1]:
        return y < a[1] < y + h and min(a[0], b[0]) < x + w and max(a[0], b[0]) > x
    return x < a[0] < x + w and min(a[1], b[1]) < y + h and max(a[1], b[1]) > y


def test_forward_flow_runs_left_to_right() -> None:
    """Longest-path layering: along a sequence every step stands right of its predecessor."""
    document = export(ROOT / "processes/kunming/restaurant-opening-one-thing.yaml")
    shapes = {s.get("bpmnElement"): bounds(s) for s in document.iterfind(".//bpmndi:BPMNShape", NS)}
    x = {e.get(f"{{{APPROVALNET_NS}}}step"): shapes[e.get("id")][0]
         for e in document.iterfind(".//bpmn:userTask", NS)}
    chain = ["receive", "check", "accept", "food-review", "food-inspection", "food-opinion", "joint-decision",
             "make-certificates", "deliver"]
    assert all(x[a] < x[b] for a, b in pairwise(chain))
    assert x["fire-opinion"] < x["joint-decision"] and x["food-opinion"] < x["joint-decision"]


# --- a third-party reader -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["examples/joint-review.yaml", "tests/net/processes/xor-into-join.yaml",
                                  "tests/net/processes/and-into-merge.yaml",
                                  "processes/kunming/restaurant-opening-one-thing.yaml"])
def test_pm4py_reads_the_export_and_finds_the_same_soundness(name: str, tmp_path: Path) -> None:
    """pm4py's own BPMN reader and BPMN-to-Petri-net conversion, independent of ours, see the same
    tasks and give a net that is sound exactly when our net is."""
    import pm4py

    process = approvalnet.load(ROOT / name)
    path = tmp_path / "process.bpmn"
    path.write_bytes(to_bpmn(process))
    graph = pm4py.read_bpmn(str(path))
    names = sorted(n.get_name() for n in graph.get_nodes() if type(n).__name__ in ("Task", "UserTask"))
    assert names == sorted(step.name for step in process.steps)
    net, initial, final = pm4py.convert_to_petri_net(graph)
    assert sorted(t.label for t in net.transitions if t.label) == sorted(step.name for step in process.steps)
    ours_sound = approvalnet.soundness(*approvalnet.to_petri_net(process)).sound
    assert approvalnet.soundness(net, initial, final).sound == ours_sound
    assert ours_sound == (name.startswith(("examples", "processes")))


def test_ids_stay_unique_when_step_ids_look_like_generated_ones(bpmn_schema) -> None:
    """Step ids `x` and `x_di` give the elements Task_x and Task_x_di: their diagram ids must differ."""
    from approvalnet.language.loader import parse_process

    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("{id: decide,", "{id: review_di,")
    assert "id: review_di" in text and "id: review," in text
    process, problems = parse_process(text, "ids.yaml")
    assert process is not None, problems
    document = etree.fromstring(to_bpmn(process))
    ids = [e.get("id") for e in document.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert bpmn_schema.validate(document), bpmn_schema.error_log
