"""BPMN 2.0 XML: a process written as a diagram that bpmn.io and Camunda Modeler open, and read back.

Export (``to_bpmn``) maps the language onto BPMN one construct at a time:

- the item: one ``process`` in a ``collaboration`` with a single pool (``participant``) named after
  the item, so that modelers draw the lanes inside it;
- a lane: a ``lane`` of the pool's ``laneSet``, in file order;
- a step: a ``userTask`` (a window or department acts) or a ``task`` (the applicant or an external
  body), named as the step;
- ``outcomes``: an ``exclusiveGateway`` after the task, one ``sequenceFlow`` per outcome, named by
  the outcome and with a ``conditionExpression``;
- ``next: [a, b]``: a diverging ``parallelGateway``; ``join: all``: a converging one before the step;
- ``end: approved``: a flow into the ``endEvent`` of that outcome (one end event per outcome);
- the first step: reached from the one ``startEvent``.

What BPMN has no place for — the step's id and kind, durations, probabilities, the lanes' kind and
staff, and the implementation-list fields of the item — travels in attributes and elements of our
own namespace (``APPROVALNET_NS``, prefix ``approvalnet``), which BPMN allows on every element and
which modelers keep when they save. ``from_bpmn`` reads them back, so export and import give the
same process; from a BPMN file written elsewhere it reads what the language can express and
reports the rest (see ``docs/bpmn.md``).

The diagram (``BPMNDiagram``) is laid out by ``bpmn_layout``. The output is the same bytes for the
same process: ids come from step ids, everything is written in file order, nothing holds a date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..language.flow import out_edges, predecessors
from ..language.types import CJK_LETTERS, Distribution, Fixed, Process, Step
from .bpmn_layout import Box, layout
from .yaml_text import node_data

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
APPROVALNET_NS = "https://approvalnet.example/schema/bpmn"
NSMAP = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "xsi": XSI_NS,
         "approvalnet": APPROVALNET_NS}
TARGET_NAMESPACE = "https://approvalnet.example/process/"

# The names of the end events, as a service centre would label them.
END_NAMES = {
    "approved": "准予许可",
    "refused": "不予许可",
    "not-accepted": "不予受理",
    "withdrawn": "撤回申请",
    "terminated": "终止办理",
}
STAFFED = ("window", "department")  # lanes whose steps are userTasks


class BpmnError(Exception):
    """A file that cannot be read as BPMN at all (not XML, not BPMN, no process), or whose process
    is not one the language can hold (no end, ...); ``line`` is where, when known, and ``reasons``
    each reason with its line when there are several."""

    def __init__(self, message: str, line: int = 0, reasons: list[BpmnProblem] | None = None):
        super().__init__(message)
        self.line = line
        self.reasons = reasons or []


@dataclass(frozen=True, slots=True)
class BpmnProblem:
    """Something of a BPMN file that the language cannot express, at its element and line."""

    element: str  # the element's id (or its tag when it has none)
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}" if self.line else self.message

    def to_json(self) -> dict[str, object]:
        return {"element": self.element, "line": self.line, "message": self.message}


def from_bpmn(source: str | Path | bytes) -> tuple[str, list[BpmnProblem]]:
    """Read a BPMN file (a path or its bytes) into the YAML of the language, with what it left out.

    Raises ``BpmnError`` when the input is not readable BPMN, or when what it holds cannot be made
    a valid process (a flow that never ends, say). The YAML returned always is a valid process
    (``approvalnet validate`` accepts it); whether it is complete is said by the problems (and by
    comments at its top): what could not be expressed, values that were left out, placeholders.
    """
    from .bpmn_import import read_bpmn

    return read_bpmn(source)


# --- names --------------------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# NCName allows Chinese characters, so Task_收件 keeps the step id readable in a BPMN modeller
_NOT_NCNAME = re.compile(f"[^A-Za-z0-9_.{CJK_LETTERS}-]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (most control characters) replaced."""
    return _NOT_XML.sub("\ufffd", text)


class Ids:
    """Unique XML ids (NCNames) made from the language's names."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, prefix: str, raw: str = "") -> str:
        base = prefix + ("_" + _NOT_NCNAME.sub("_", raw) if raw else "")
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}_{n}", n + 1
        self.used.add(candidate)
        return candidate


# --- the graph of BPMN elements -----------------------------------------------------------------


@dataclass(slots=True)
class Element:
    """A flow node to write: its BPMN tag, id, name, lane and our extension attributes."""

    tag: str
    id: str
    lane: str
    name: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    direction: str | None = None  # gatewayDirection
    step: Step | None = None
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)

    @property
    def shape(self) -> str:
        if self.tag.endswith("Gateway"):
            return "gateway"
        return "event" if self.tag.endswith("Event") else "task"


@dataclass(slots=True)
class Flow:
    id: str
    source: str
    target: str
    name: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    condition: str | None = None


@dataclass(slots=True)
class Graph:
    elements: list[Element]
    flows: list[Flow]


def build_graph(process: Process) -> Graph:
    """The BPMN flow nodes and sequence flows of ``process``, in file order."""
    ids = Ids()
    elements: dict[str, Element] = {}  # by BPMN id, in document order
    flows: list[Flow] = []
    steps = {step.id: step for step in process.steps}
    task_id = {step.id: ids.make("Task", step.id) for step in process.steps}
    join_id = {step.id: ids.make("Join", step.id) for step in process.steps if step.join == "all"}
    end_id: dict[str, str] = {}
    first = process.steps[0]

    def add(element: Element) -> Element:
        elements[element.id] = element
        return element

    def connect(source: str, target: str, name: str | None = None, attrs: dict[str, str] | None = None,
                condition: str | None = None, raw: str = "") -> None:
        flow = Flow(ids.make("Flow", raw or f"{source}_{target}"), source, target, name, attrs or {}, condition)
        flows.append(flow)
        elements[source].outgoing.append(flow.id)
        elements[target].incoming.append(flow.id)

    # A join waits for one token per step that enters it (as the Petri net does): two outcomes of one
    # step that both enter the join are merged first, or the join would wait for both.
    entries: dict[tuple[str, str], int] = {}
    for edges in predecessors(process).values():
        for edge in edges:
            key = (edge.target or "", edge.source)
            entries[key] = entries.get(key, 0) + 1
    merge_id: dict[tuple[str, str], str] = {}

    def entry(target: str, source_step: str) -> str:
        """The element a flow from ``source_step`` into step ``target`` goes to."""
        if target not in join_id:
            return task_id[target]
        if entries.get((target, source_step), 0) < 2:
            return join_id[target]
        key = (target, source_step)
        if key not in merge_id:
            merge_id[key] = ids.make("Merge", f"{target}_{source_step}")
            add(Element("exclusiveGateway", merge_id[key], steps[source_step].lane, direction="Converging",
                        attrs={"role": "merge", "step": target}))
            connect(merge_id[key], join_id[target])
        return merge_id[key]

    def end(outcome: str, lane: str) -> str:
        if outcome not in end_id:
            end_id[outcome] = ids.make("End", outcome)
            add(Element("endEvent", end_id[outcome], lane, END_NAMES.get(outcome, outcome), {"end": outcome}))
        return end_id[outcome]

    start = add(Element("startEvent", ids.make("Start"), first.lane, "提出申请"))
    for step in process.steps:
        if step.id in join_id:
            add(Element("parallelGateway", join_id[step.id], step.lane, direction="Converging",
                        attrs={"role": "join", "step": step.id}))
        add(Element("userTask" if process.lanes[step.lane].kind in STAFFED else "task", task_id[step.id],
                    step.lane, step.name, _step_attrs(step), step=step))
        if step.outcomes is not None:
            add(Element("exclusiveGateway", ids.make("Choice", step.id), step.lane, direction="Diverging",
                        attrs={"role": "choice", "step": step.id}))
        elif isinstance(step.next, list):
            add(Element("parallelGateway", ids.make("Split", step.id), step.lane, direction="Diverging",
                        attrs={"role": "split", "step": step.id}))

    connect(start.id, entry(first.id, "start"))
    for index, step in enumerate(process.steps):
        task = task_id[step.id]
        if step.id in join_id:
            connect(join_id[step.id], task)
        edges = out_edges(process, index)
        if step.outcomes is not None:
            choice = _find(elements, "choice", step.id)
            connect(task, choice)
            for edge in edges:
                outcome = edge.outcome or ""
                target = end(edge.end, step.lane) if edge.end else entry(edge.target or "", step.id)
                attrs = {"outcome": outcome}
                if edge.p is not None:
                    attrs["p"] = repr(edge.p)
                connect(choice, target, outcome, attrs, f"outcome = {json.dumps(outcome, ensure_ascii=False)}",
                        raw=f"{step.id}_{outcome}")
        elif isinstance(step.next, list):
            split = _find(elements, "split", step.id)
            connect(task, split)
            for edge in edges:
                connect(split, entry(edge.target or "", step.id))
        else:
            for edge in edges:
                connect(task, end(edge.end, step.lane) if edge.end else entry(edge.target or "", step.id))
    return Graph(list(elements.values()), flows)


def _find(elements: dict[str, Element], role: str, step: str) -> str:
    return next(e.id for e in elements.values() if e.attrs.get("role") == role and e.attrs.get("step") == step)


def _step_attrs(step: Step) -> dict[str, str]:
    attrs = {"step": step.id, "kind": step.kind}
    if isinstance(step.duration, Fixed):
        attrs["duration"] = str(step.duration.value)
    if step.applicant_present:
        attrs["applicantPresent"] = "true"
    if step.excluded_from_clock:
        attrs["excludedFromClock"] = "true"
    if step.materials:
        attrs["materials"] = " ".join(step.materials)
    return attrs


# --- writing ------------------------------------------------------------------------------------


def to_bpmn(process: Process) -> bytes:
    """``process`` as BPMN 2.0 XML with its diagram; the same process gives the same bytes."""
    from lxml import etree

    graph = build_graph(process)
    code = _id_part(process.code)
    process_id, participant_id, collaboration_id = f"Process_{code}", f"Participant_{code}", "Collaboration_1"

    def q(ns: str, tag: str) -> str:
        return f"{{{NSMAP[ns]}}}{tag}"

    def ours(attrs: dict[str, str]) -> dict[str, str]:
        return {q("approvalnet", k): xml_text(v) for k, v in attrs.items()}

    root = etree.Element(q("bpmn", "definitions"), nsmap=NSMAP)
    root.set("id", f"Definitions_{code}")
    root.set("targetNamespace", TARGET_NAMESPACE + quote(process.code, safe=""))
    root.set("exporter", "approvalnet")
    root.set("exporterVersion", __version__)

    collaboration = etree.SubElement(root, q("bpmn", "collaboration"), id=collaboration_id)
    etree.SubElement(collaboration, q("bpmn", "participant"), id=participant_id, name=xml_text(process.name),
                     processRef=process_id)

    proc = etree.SubElement(root, q("bpmn", "process"), id=process_id, name=xml_text(process.name),
                            isExecutable="false")
    etree.SubElement(proc, q("bpmn", "documentation")).text = xml_text(_item_summary(process))
    extension = etree.SubElement(proc, q("bpmn", "extensionElements"))
    item = etree.SubElement(extension, q("approvalnet", "item"), format="application/json")
    header = node_data(process, exclude=("lanes", "steps"))
    item.text = xml_text(json.dumps(header, ensure_ascii=False, indent=2))

    ids = Ids()
    ids.used.update(e.id for e in graph.elements)
    ids.used.update(f.id for f in graph.flows)
    ids.used.update((process_id, participant_id, collaboration_id, f"Definitions_{code}"))
    lane_ids = {key: ids.make("Lane", key) for key in process.lanes}
    lane_set = etree.SubElement(proc, q("bpmn", "laneSet"), id=ids.make("LaneSet", "1"))
    for key, lane in process.lanes.items():
        attrs = {"lane": key, "kind": lane.kind}
        if lane.staff is not None:
            attrs["staff"] = str(lane.staff)
        if lane.organ is not None:
            attrs["organ"] = lane.organ
        element = etree.SubElement(lane_set, q("bpmn", "lane"), id=lane_ids[key], name=xml_text(lane.name))
        element.attrib.update(ours(attrs))
        for node in graph.elements:
            if node.lane == key:
                etree.SubElement(element, q("bpmn", "flowNodeRef")).text = node.id

    for node in graph.elements:
        element = etree.SubElement(proc, q("bpmn", node.tag), id=node.id)
        if node.name is not None:
            element.set("name", xml_text(node.name))
        if node.direction:
            element.set("gatewayDirection", node.direction)
        element.attrib.update(ours(node.attrs))
        if node.step is not None:
            _step_children(element, node.step, q)
        for flow_id in node.incoming:
            etree.SubElement(element, q("bpmn", "incoming")).text = flow_id
        for flow_id in node.outgoing:
            etree.SubElement(element, q("bpmn", "outgoing")).text = flow_id
    for flow in graph.flows:
        element = etree.SubElement(proc, q("bpmn", "sequenceFlow"), id=flow.id, sourceRef=flow.source,
                                   targetRef=flow.target)
        if flow.name is not None:
            element.set("name", xml_text(flow.name))
        element.attrib.update(ours(flow.attrs))
        if flow.condition is not None:
            condition = etree.SubElement(element, q("bpmn", "conditionExpression"))
            condition.set(q("xsi", "type"), "bpmn:tFormalExpression")
            condition.text = xml_text(flow.condition)

    ids.used.update(("BPMNDiagram_1", "BPMNPlane_1"))
    _diagram(root, graph, process, lane_ids, participant_id, collaboration_id, ids, q)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _id_part(text: str) -> str:
    part = _NOT_NCNAME.sub("_", text)
    return part if part.strip("_") else "process"


def _step_children(element: Any, step: Step, q: Any) -> None:
    """Documentation for people, and what a flag attribute cannot hold (distributions, notices)."""
    from lxml import etree

    parts = [f"环节 step {step.id}", f"类型 kind {step.kind}"]
    if step.duration is not None:
        parts.append(f"时长 duration {step.duration}")
    if step.excluded_from_clock:
        parts.append("不计入法定期限 excluded from the clock (Art. 45)")
    if step.applicant_present:
        parts.append("申请人到场 applicant present")
    etree.SubElement(element, q("bpmn", "documentation")).text = xml_text("; ".join(parts))
    children = []
    if step.duration is not None and not isinstance(step.duration, Fixed):
        children.append(_duration_element(step.duration, q))
    if step.notice is not None:
        notice = etree.Element(q("approvalnet", "notice"), document=xml_text(step.notice.document))
        if step.notice.reasons:
            notice.set("reasons", "true")
        if step.notice.remedies:
            notice.set("remedies", "true")
        children.append(notice)
    if children:
        extension = etree.SubElement(element, q("bpmn", "extensionElements"))
        extension.extend(children)


def _duration_element(duration: Distribution, q: Any) -> Any:
    from lxml import etree

    element = etree.Element(q("approvalnet", "duration"), distribution=duration.distribution)
    for name in type(duration).model_fields:
        value = getattr(duration, name)
        if name in ("distribution", "values") or value is None:
            continue  # values are child elements: a duration such as "10 min" holds a space
        if name == "weights":
            element.set("weights", " ".join(repr(float(w)) for w in value))
        else:
            element.set(name, str(value))
    for value in getattr(duration, "values", None) or []:
        etree.SubElement(element, q("approvalnet", "value")).text = str(value)
    return element


def _item_summary(process: Process) -> str:
    """The item's fields, for people reading the process's documentation in a modeler."""
    limits = process.time_limit
    lines = [
        f"实施编码 code: {process.code}",
        f"事项类型 type: {process.type}",
        f"实施主体 authority: {process.authority.name}",
        f"办件类型 handling: {process.handling}",
    ]
    if limits.statutory is not None:
        lines.append(f"法定时限 statutory limit: {limits.statutory}")
    if limits.promised is not None:
        lines.append(f"承诺时限 promised limit: {limits.promised}")
    if process.legal_basis:
        lines.append("设定依据 legal basis: " + "；".join(process.legal_basis))
    lines.append("Written by approvalnet; the item's fields are in the extension element approvalnet:item.")
    return "\n".join(lines)


def _diagram(root: Any, graph: Graph, process: Process, lane_ids: dict[str, str], participant_id: str,
             collaboration_id: str, ids: Ids, q: Any) -> None:
    from lxml import etree

    label_width: dict[str, float] = {}
    for flow in graph.flows:
        if flow.name:
            label_width[flow.source] = max(label_width.get(flow.source, 0), min(_text_width(flow.name), 140))
    boxes = [Box(e.id, e.shape, e.lane, label_width=label_width.get(e.id, 0.0)) for e in graph.elements]
    placed = layout(boxes, [(f.source, f.target) for f in graph.flows], list(process.lanes))
    diagram = etree.SubElement(root, q("bpmndi", "BPMNDiagram"), id="BPMNDiagram_1")
    plane = etree.SubElement(diagram, q("bpmndi", "BPMNPlane"), id="BPMNPlane_1", bpmnElement=collaboration_id)

    def bounds(parent: Any, x: float, y: float, w: float, h: float) -> None:
        etree.SubElement(parent, q("dc", "Bounds"), x=_n(x), y=_n(y), width=_n(w), height=_n(h))

    def label(parent: Any, x: float, y: float, w: float, h: float) -> None:
        bounds(etree.SubElement(parent, q("bpmndi", "BPMNLabel")), x, y, w, h)

    pool = etree.SubElement(plane, q("bpmndi", "BPMNShape"), id=ids.make(f"{participant_id}_di"),
                            bpmnElement=participant_id, isHorizontal="true")
    bounds(pool, placed.x, placed.y, placed.width, placed.height)
    for band in placed.bands:
        shape = etree.SubElement(plane, q("bpmndi", "BPMNShape"), id=ids.make(f"{lane_ids[band.id]}_di"),
                                 bpmnElement=lane_ids[band.id], isHorizontal="true")
        bounds(shape, placed.x + 30, band.y, placed.width - 30, band.height)
    for element in graph.elements:
        box = placed.boxes[element.id]
        shape = etree.SubElement(plane, q("bpmndi", "BPMNShape"), id=ids.make(f"{element.id}_di"),
                                 bpmnElement=element.id)
        bounds(shape, box.x, box.y, box.width, box.height)
        if element.shape != "task" and element.name:
            width = min(max(_text_width(element.name), 36), 100)
            label(shape, box.cx - width / 2, box.y + box.height + 5, width, 14 * _lines(element.name, width))
    labels: list[tuple[float, float, float, float]] = []
    for flow, points, at in zip(graph.flows, placed.waypoints, placed.label_points, strict=True):
        edge = etree.SubElement(plane, q("bpmndi", "BPMNEdge"), id=ids.make(f"{flow.id}_di"), bpmnElement=flow.id)
        for x, y in points:
            etree.SubElement(edge, q("di", "waypoint"), x=_n(x), y=_n(y))
        if flow.name and at is not None:
            width = min(_text_width(flow.name), 140)
            height = 14 * _lines(flow.name, width)
            x, y = at
            # outcomes that share a path (two outcomes to one step) would print on top of each other
            for _ in range(6):
                if not any(x < ox + ow and ox < x + width and y < oy + oh and oy < y + height
                           for ox, oy, ow, oh in labels):
                    break
                y -= height
            labels.append((x, y, width, height))
            label(edge, x, y, width, height)


def _n(value: float) -> str:
    return str(round(value))


def _text_width(text: str) -> int:
    """Rough width in pixels at bpmn.io's 11 px font: CJK characters twice as wide as Latin."""
    return max(12, sum(11 if ord(c) > 0x2e80 else 6 for c in text))


def _lines(text: str, width: int) -> int:
    return max(1, -(-_text_width(text) // max(width, 1)) + text.count("\n"))
