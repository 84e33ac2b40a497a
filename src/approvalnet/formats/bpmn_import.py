"""Reading BPMN 2.0 XML into the process language (``approvalnet import``).

The reader keeps what the language can say and reports the rest with the element's id and line:

- tasks of every kind become steps, lanes become lanes (leaf lanes of nested lane sets);
- an exclusive gateway after a task becomes the task's ``outcomes``; a parallel gateway after a
  task its ``next: [a, b]``; a converging parallel gateway before a task its ``join: all``; an
  exclusive gateway that only merges is passed through;
- a gateway that cannot be folded into a task (one that follows another gateway or the start
  event, or that both merges and splits) becomes a step of its own, since the language routes only
  after steps: the flow stays the same, with one more step, and the YAML says so;
- end events become ``end:`` outcomes, by our extension attribute or by their names;
- sub-processes and call activities are read as one step (their inside is left out); inclusive,
  event-based and complex gateways as exclusive choices; intermediate events are passed through;
  boundary events, message flows, other pools, data objects and annotations are left out. Each of
  these is a problem: the YAML is written all the same, and says at its top what it left out.

A file that approvalnet wrote carries the step ids, kinds, durations, probabilities, the lanes'
kinds and staff and the item's fields in the ``approvalnet`` namespace; they are read back, so that
export and import give the same process. A foreign file gets clearly marked placeholders for the
fields the language requires (code, type, authority, handling, time limit, staff) and a
``generated:`` field naming the file.

The XML parser resolves no entities and fetches nothing from the network.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from .._version import __version__
from ..i18n import _
from ..language.quantity import QuantityError, parse_quantity
from ..language.types import CJK_LETTERS, STEP_ID_PATTERN, EndOutcome, LaneKind, Process, StepKind
from ..xmlsafe import parser as safe_parser
from .bpmn import APPROVALNET_NS, BPMN_NS, BpmnError, BpmnProblem
from .yaml_text import dump_yaml

MAX_BYTES = 16 * 1024 * 1024

TASKS = {"task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask", "sendTask",
         "receiveTask"}
CONTAINERS = {"subProcess": "a sub-process", "transaction": "a transaction", "adHocSubProcess":
              "an ad-hoc sub-process", "callActivity": "a call activity"}
OTHER_GATEWAYS = {"inclusiveGateway": "an inclusive (OR) gateway", "eventBasedGateway": "an event-based gateway",
                  "complexGateway": "a complex gateway"}
PASSING_EVENTS = {"intermediateCatchEvent", "intermediateThrowEvent"}
QUIET = {"documentation", "extensionElements", "laneSet", "sequenceFlow"}  # read elsewhere, or not flow

STEP_KINDS = set(get_args(StepKind))
LANE_KINDS = set(get_args(LaneKind))
END_OUTCOMES = set(get_args(EndOutcome))
_STEP_ID = re.compile(STEP_ID_PATTERN)
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Words in a foreign end event's name that say how the case ended, tried in this order.
END_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("not-accepted", ("不予受理", "不受理", "not accepted", "not-accepted", "inadmissible")),
    ("refused", ("不予许可", "不予批准", "不批准", "不通过", "驳回", "拒绝", "否决", "refus", "reject", "deny",
                 "denied", "declin")),
    ("withdrawn", ("撤回", "withdraw")),
    ("terminated", ("终止", "中止", "terminat", "abort", "cancel")),
    ("approved", ("准予", "批准", "许可", "通过", "同意", "办结", "完成", "发证", "出证", "approv", "grant",
                  "success", "complet", "done", "finish")),
]
LANE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("window", ("窗口", "受理", "window", "front desk", "front office", "counter")),
    ("applicant", ("申请人", "申请者", "企业", "群众", "applicant", "customer", "citizen", "client")),
    ("external", ("专家", "第三方", "机构", "external", "expert", "third party", "agency")),
]
STAFF_PLACEHOLDER = 1


def _local(tag: object) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def _ns(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _ours(element: Any, name: str) -> str | None:
    return element.get(f"{{{APPROVALNET_NS}}}{name}")


@dataclass(slots=True)
class Flow:
    id: str
    source: str
    target: str
    name: str | None
    condition: str | None
    element: Any
    default: bool = False


@dataclass(slots=True)
class Node:
    """A flow node of the process and how the reader treats it."""

    id: str
    tag: str
    name: str | None
    element: Any
    category: str  # task, xor, and, start, end, pass
    lane: str | None = None
    incoming: list[Flow] = field(default_factory=list)
    outgoing: list[Flow] = field(default_factory=list)
    role: str = ""  # for gateways: absorbed-split, absorbed-join, transparent, step

    @property
    def line(self) -> int:
        return self.element.sourceline or 0


@dataclass(slots=True)
class Target:
    """Where a flow leads once pass-through nodes are skipped: a step, an end, or nowhere."""

    step: str | None = None
    end: str | None = None
    line: int = 0


class Reader:
    """One import: the parsed document, what it found, and the problems and notes on the way."""

    def __init__(self, root: Any, file: str):
        self.root = root
        self.file = file
        self.problems: list[BpmnProblem] = []
        self.notes: list[str] = []
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.lane_of: dict[str, str] = {}  # node id → lane key
        self.lanes: dict[str, dict[str, Any]] = {}
        self.lane_comments: dict[str, str] = {}
        self.step_id: dict[str, str] = {}  # node id → step id
        self.ours = False
        self.participant_name: str | None = None
        self.lane_elements: dict[str, Any] = {}  # lane key → its element, for the lines of problems

    # --- problems ---------------------------------------------------------------------------------

    def problem(self, element: Any, message: str, line: int | None = None) -> None:
        ident = element.get("id") or _local(element.tag)
        self.problems.append(BpmnProblem(ident, line if line is not None else element.sourceline or 0, message))

    def describe(self, element: Any) -> str:
        name = element.get("name")
        return f"{_local(element.tag)} '{element.get('id')}'" + (f" ({_one_line(name)})" if name else "")

    # --- reading ----------------------------------------------------------------------------------

    def choose_process(self) -> Any:
        processes = [e for e in self.root if _local(e.tag) == "process" and _ns(e.tag) == BPMN_NS]
        if not processes:
            raise BpmnError(_("the file holds no BPMN process"))
        by_id = {p.get("id"): p for p in processes}
        chosen = None
        for collaboration in self.root.iter(f"{{{BPMN_NS}}}collaboration"):
            for participant in collaboration.iter(f"{{{BPMN_NS}}}participant"):
                process = by_id.get(participant.get("processRef"))
                if chosen is None and process is not None and _has_flow(process):
                    chosen = process
                    self.participant_name = participant.get("name")
                elif process is not chosen:
                    self.problem(participant, f"pool {self.describe(participant)} is left out: a process file "
                                 "holds one procedure (only the first pool with a flow is imported)")
            for flow in collaboration.iter(f"{{{BPMN_NS}}}messageFlow"):
                self.problem(flow, f"{self.describe(flow)} between pools is left out: a process file holds "
                             "one procedure")
        if chosen is None:
            chosen = next((p for p in processes if _has_flow(p)), processes[0])
        in_pools = {p.get("processRef") for p in self.root.iter(f"{{{BPMN_NS}}}participant")}
        for process in processes:  # processes without a pool (pools were reported above)
            if process is not chosen and _has_flow(process) and process.get("id") not in in_pools:
                self.problem(process, f"process '{process.get('id')}' is left out: only one process is imported")
        return chosen

    def read_nodes(self, process: Any) -> None:
        for element in process:
            if not isinstance(element.tag, str):
                continue
            tag = _local(element.tag)
            ident = element.get("id") or ""
            if _ns(element.tag) != BPMN_NS:
                continue  # another vendor's extension placed directly in the process: not flow
            if tag in QUIET:
                continue
            if tag in TASKS or tag in CONTAINERS:
                if tag in CONTAINERS:
                    self.problem(element, f"{self.describe(element)} is read as one step: {CONTAINERS[tag]}'s "
                                 "inside cannot be expressed and is left out")
                for child in element:
                    if _local(child.tag) in ("standardLoopCharacteristics", "multiInstanceLoopCharacteristics"):
                        self.problem(element, f"the loop marker of {self.describe(element)} is left out: "
                                     "write the repetition as a loop of steps", line=child.sourceline or 0)
                self.add(Node(ident, tag, element.get("name"), element, "task"))
            elif tag == "exclusiveGateway":
                self.add(Node(ident, tag, element.get("name"), element, "xor"))
            elif tag == "parallelGateway":
                self.add(Node(ident, tag, element.get("name"), element, "and"))
            elif tag in OTHER_GATEWAYS:
                self.problem(element, f"{self.describe(element)} is read as an exclusive choice: "
                             f"{OTHER_GATEWAYS[tag]} cannot be expressed")
                self.add(Node(ident, tag, element.get("name"), element, "xor"))
            elif tag == "startEvent":
                self.event_definitions(element, "the trigger of")
                self.add(Node(ident, tag, element.get("name"), element, "start"))
            elif tag == "endEvent":
                self.event_definitions(element, "what is thrown by", allowed=("terminateEventDefinition",))
                self.add(Node(ident, tag, element.get("name"), element, "end"))
            elif tag in PASSING_EVENTS:
                self.problem(element, f"{self.describe(element)} is passed through: an intermediate event "
                             "(a timer, a message) cannot be expressed")
                self.add(Node(ident, tag, element.get("name"), element, "pass"))
            elif tag == "boundaryEvent":
                self.problem(element, f"{self.describe(element)} on '{element.get('attachedToRef')}' is left out, "
                             "with the flow that leaves it: boundary events cannot be expressed")
            else:
                what = self.describe(element) if ident else _local(element.tag)
                self.problem(element, f"{what} is left out: the language has no such element")
        for element in process:
            if isinstance(element.tag, str) and element.tag == f"{{{BPMN_NS}}}sequenceFlow":
                self.read_flow(element)

    def event_definitions(self, element: Any, what: str, allowed: tuple[str, ...] = ()) -> None:
        for child in element:
            tag = _local(child.tag)
            if tag.endswith("EventDefinition") and tag not in allowed:
                kind = tag.removesuffix("EventDefinition")
                self.problem(element, f"{what} {self.describe(element)} ({kind}) is left out: the language's "
                             "start and end carry no events")

    def add(self, node: Node) -> None:
        if not node.id:
            self.problem(node.element, f"{_local(node.element.tag)} without an id is left out")
            return
        self.nodes[node.id] = node

    def read_flow(self, element: Any) -> None:
        source, target = element.get("sourceRef"), element.get("targetRef")
        if not source or not target:
            lacking = " and ".join(a for a, v in (("sourceRef", source), ("targetRef", target)) if not v)
            self.problem(element, f"sequence flow '{element.get('id')}' is left out: it has no {lacking}, so it "
                         "connects nothing")
            return
        if source not in self.nodes or target not in self.nodes:
            missing = source if source not in self.nodes else target
            other = self.root.find(f".//*[@id='{missing}']") if missing and "'" not in missing else None
            if other is None or _local(other.tag) != "boundaryEvent":  # those were reported already
                self.problem(element, f"sequence flow '{element.get('id')}' from '{source}' to '{target}' is left "
                             f"out: '{missing}' is not a node the language can express")
            return
        condition = element.find(f"{{{BPMN_NS}}}conditionExpression")
        flow = Flow(element.get("id") or "", source, target, element.get("name"),
                    (condition.text or "").strip() or None if condition is not None else None, element)
        default_of = self.nodes[source].element.get("default")
        flow.default = default_of == flow.id
        self.flows.append(flow)
        self.nodes[source].outgoing.append(flow)
        self.nodes[target].incoming.append(flow)

    def read_lanes(self, process: Any, process_name: str | None) -> None:
        leaves: list[Any] = []
        parents: list[Any] = []

        def walk(lane_set: Any, depth: int) -> None:
            for lane in lane_set.findall(f"{{{BPMN_NS}}}lane"):
                children = lane.findall(f"{{{BPMN_NS}}}childLaneSet")
                if children and any(c.findall(f"{{{BPMN_NS}}}lane") for c in children):
                    parents.append(lane)
                    for child in children:
                        walk(child, depth + 1)
                else:
                    leaves.append(lane)

        for lane_set in process.findall(f"{{{BPMN_NS}}}laneSet"):
            walk(lane_set, 0)
        if parents:
            self.notes.append("nested lanes were flattened: each innermost lane is a lane")
        keys: set[str] = set()
        for lane in [*leaves]:
            key = self.lane_key(lane, keys)
            self.lane_elements[key] = lane
            self.lanes[key] = self.lane_data(lane, key)
            for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
                if ref.text and ref.text.strip() not in self.lane_of:
                    self.lane_of[ref.text.strip()] = key
        for lane in parents:  # nodes a parent lane lists but none of its children does
            for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
                if ref.text and ref.text.strip() not in self.lane_of:
                    first_leaf = next(iter(self.lanes), None)
                    if first_leaf:
                        self.lane_of[ref.text.strip()] = first_leaf
        if not self.lanes:
            name = process_name or "流程"
            self.lanes["process"] = {"name": name, "staff": STAFF_PLACEHOLDER}
            self.lane_comments["process"] = "the BPMN has no lanes: one lane for all steps; staff is a placeholder"

    def lane_key(self, lane: Any, keys: set[str]) -> str:
        wanted = _ours(lane, "lane")
        if not wanted:
            name = (lane.get("name") or "").strip()
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            wanted = slug if slug and name.isascii() else (lane.get("id") or "lane")
        key, n = wanted, 2
        while key in keys:
            key, n = f"{wanted}-{n}", n + 1
        keys.add(key)
        return key

    def lane_data(self, lane: Any, key: str) -> dict[str, Any]:
        name = lane.get("name") or key
        kind = _ours(lane, "kind")
        data: dict[str, Any] = {"name": name}
        if kind is not None and kind not in LANE_KINDS:
            self.problem(lane, f"lane kind '{kind}' of {self.describe(lane)} is not one of "
                         f"{', '.join(sorted(LANE_KINDS))}; read as a department")
            kind = None
        if kind is None:
            kind = _guess(name, LANE_WORDS, "department") if _ours(lane, "lane") is None else "department"
        if kind != "department":
            data["kind"] = kind
        staff = _ours(lane, "staff")
        count = int(staff.strip()) if staff is not None and staff.strip().isascii() and staff.strip().isdigit() \
            else None
        staffed = kind in ("window", "department")
        if staff is not None and (count is None or (staffed and count == 0)):
            what = "is not a number of staff (a whole number, 1 or more)" if count is None else \
                f"is no staff, but a {kind} lane needs someone"
            self.problem(lane, f"approvalnet:staff '{staff}' of {self.describe(lane)} {what}; "
                         + (f"a placeholder {STAFF_PLACEHOLDER} is written" if staffed else "left out"))
            count = None
        if count is not None and not staffed and count > 0:
            self.problem(lane, f"approvalnet:staff '{staff}' of {self.describe(lane)} is left out: "
                         f"{_article(kind)} {kind} lane's time takes no staff")
        elif count is not None and staffed:
            data["staff"] = count
        elif staffed:
            data["staff"] = STAFF_PLACEHOLDER
            self.lane_comments[key] = "placeholder: how many staff work in this lane?"
        organ = _ours(lane, "organ")
        if organ:
            data["organ"] = organ
        return data

    # --- the flow ---------------------------------------------------------------------------------

    def classify_gateways(self) -> None:
        """Decide for each gateway whether it folds into a task, is passed through, or becomes a step."""
        for node in self.nodes.values():
            if node.category not in ("xor", "and"):
                continue
            ins, outs = node.incoming, node.outgoing
            role = _ours(node.element, "role")
            if len(outs) >= 2:
                source = self.nodes[ins[0].source] if len(ins) == 1 else None
                if source is not None and source.category == "task" and len(source.outgoing) == 1:
                    node.role = "absorbed-split"
                else:
                    node.role = "step"
            elif len(outs) == 1 and node.category == "and" and (len(ins) >= 2 or role == "join"):
                target = self.nodes[outs[0].target]
                if target.category == "task" and len(target.incoming) == 1:
                    node.role = "absorbed-join"
                else:
                    node.role = "step"
            else:
                node.role = "transparent"
            if node.role == "step":
                self.notes.append(f"{self.describe(node.element)} became a step of its own (line "
                                  f"{node.line}): the language chooses or splits only after a step")

    def resolve(self, flow: Flow, seen: frozenset[str] = frozenset()) -> Target:
        node = self.nodes[flow.target]
        if node.id in seen:
            self.problem(flow.element, f"sequence flow '{flow.id}' runs in a circle of gateways without a task; "
                         "it is left out")
            return Target(line=node.line)
        if node.category == "task" or node.role == "step":
            return Target(step=self.step_id[node.id])
        if node.category == "end":
            return Target(end=self.end_outcome(node))
        if node.role == "absorbed-join":
            return Target(step=self.step_id[node.outgoing[0].target])
        if node.category == "start":
            self.problem(flow.element, f"sequence flow '{flow.id}' enters the start event; it is left out")
            return Target(line=node.line)
        if not node.outgoing:  # a pass-through node that goes nowhere ends the case (BPMN's implicit end)
            return Target(end=self.implicit_end(node.element))
        return self.resolve(node.outgoing[0], seen | {node.id})

    def end_outcome(self, node: Node) -> str:
        written = _ours(node.element, "end")
        if written is not None and written in END_OUTCOMES:
            return written
        name = node.name or ""
        outcome = _guess(name, END_WORDS, "")
        if not outcome:
            outcome = "approved"
            self.notes.append(f"end event '{node.id}'{f' ({_one_line(name)})' if name else ''} (line {node.line}) "
                              "is read as 'approved'; set the outcome if the case ends otherwise")
        return outcome

    def implicit_end(self, element: Any) -> str:
        self.notes.append(f"{self.describe(element)} (line {element.sourceline}) has no outgoing flow: the case "
                          "ends there, read as 'approved'")
        return "approved"

    def way_out(self, node: Node) -> tuple[str, list[Flow]]:
        """How a step continues: ``xor`` or ``and`` with the flows of its choice or split, or ``one``."""
        if node.category == "task":
            if len(node.outgoing) == 1:
                after = self.nodes[node.outgoing[0].target]
                if after.role == "absorbed-split":
                    return after.category, after.outgoing
                return "one", node.outgoing
            if len(node.outgoing) >= 2:
                # conditional flows out of a task take every branch whose condition holds (an OR split)
                conditional = any(f.condition or f.default for f in node.outgoing)
                return ("xor" if conditional else "and"), node.outgoing
            return "one", []
        if len(node.outgoing) >= 2:
            return node.category, node.outgoing
        return "one", node.outgoing

    def step_flow(self, node: Node) -> dict[str, Any]:
        """The ``join``/``next``/``outcomes``/``end`` keys of the step made from ``node``."""
        data: dict[str, Any] = {}
        if node.role == "step" and node.category == "and" and (
                len(node.incoming) >= 2 or _ours(node.element, "role") == "join"):
            data["join"] = "all"
        if node.category == "task" and len(node.incoming) == 1:
            before = self.nodes[node.incoming[0].source]
            if before.role == "absorbed-join":
                data["join"] = "all"
        kind, flows = self.way_out(node)
        if kind == "xor" and node.category == "task" and len(node.outgoing) >= 2:
            self.problem(node.element, f"{self.describe(node.element)} has conditional flows, which may take "
                         "several branches at once; read as an exclusive choice")
        if kind == "one":
            target = self.resolve(flows[0]) if flows else Target(end=self.implicit_end(node.element))
            if target.step:
                data["next"] = target.step
            else:
                data["end"] = target.end or "terminated"
            return data
        if kind == "and":
            branches: list[str] = []
            for flow in flows:
                target = self.resolve(flow)
                if target.end:
                    self.problem(flow.element, f"parallel branch '{flow.id}' goes straight to an end; the language "
                                 "ends a case at a step, not a branch: it is left out")
                elif target.step and target.step in branches:
                    self.problem(flow.element, f"parallel branch '{flow.id}' starts '{target.step}' a second time; "
                                 "it is left out")
                elif target.step:
                    branches.append(target.step)
            if len(branches) >= 2:
                data["next"] = branches
            elif branches:
                data["next"] = branches[0]
            else:
                data["end"] = "terminated"
            return data
        outcomes: dict[str, dict[str, Any]] = {}
        probabilities: list[float | None] = []
        bad = 0  # probabilities written that are not probabilities
        for flow in flows:
            target = self.resolve(flow)
            if not (target.step or target.end):
                continue
            name = self.outcome_name(flow, target)
            key, n = name, 2
            while key in outcomes:
                key, n = f"{name} ({n})", n + 1
            outcomes[key] = {"next": target.step} if target.step else {"end": target.end}
            written = _ours(flow.element, "p")
            probability = _probability(written)
            if written is not None and probability is None:
                bad += 1
                self.problem(flow.element, f"approvalnet:p '{written}' of sequence flow '{flow.id}' is not a "
                             "probability (a number from 0 to 1); left out")
            probabilities.append(probability)
        if len(outcomes) == 1:
            (only,) = outcomes.values()
            data.update(only)
            return data
        if not outcomes:
            data["end"] = "terminated"
            return data
        given = [p for p in probabilities if p is not None]
        if given and len(given) == len(probabilities):
            if abs(sum(given) - 1) <= 1e-6:
                for outcome, p in zip(outcomes.values(), probabilities, strict=True):
                    outcome["p"] = p
            else:
                self.problem(node.element, f"the probabilities of the outcomes after {self.describe(node.element)} "
                             f"add up to {sum(given):g}, not 1; they are left out")
        elif given and bad:
            self.problem(node.element, f"the other probabilities of the outcomes after {self.describe(node.element)} "
                         "are left out too: the language needs one for every outcome or none")
        elif given:
            self.problem(node.element, f"only {len(given)} of the {len(probabilities)} outcomes after "
                         f"{self.describe(node.element)} have a probability; the language needs one for every "
                         "outcome or none, so they are left out")
        data["outcomes"] = {k: (v["next"] if list(v) == ["next"] else v) for k, v in outcomes.items()}
        return data

    def outcome_name(self, flow: Flow, target: Target) -> str:
        written = _ours(flow.element, "outcome")
        if written is not None:
            return written
        if flow.name and flow.name.strip():
            return _one_line(flow.name)
        if flow.condition:
            return _one_line(flow.condition)
        if flow.default:
            return "otherwise"
        node = self.nodes[flow.target]
        return _one_line(node.name) if node.name else (target.step or target.end or flow.id)

    # --- steps ------------------------------------------------------------------------------------

    def step_nodes(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.category == "task" or n.role == "step"]

    def name_steps(self, nodes: list[Node]) -> None:
        used: set[str] = set()
        for node in nodes:
            wanted = _ours(node.element, "step")
            if not (wanted and _STEP_ID.match(wanted)):
                # a modeller's Chinese task id (Task_收件) keeps its Chinese, as the language allows it
                wanted = re.sub(f"[^A-Za-z0-9_{CJK_LETTERS}-]", "-", node.id).strip("-") or "step"
                if not wanted[0].isalpha():
                    wanted = "s-" + wanted
            key, n = wanted, 2
            while key in used:
                key, n = f"{wanted}-{n}", n + 1
            used.add(key)
            self.step_id[node.id] = key

    def step_data(self, node: Node, materials: set[str]) -> dict[str, Any]:
        element = node.element
        name = node.name if node.name and node.name.strip() else None
        if name is None:
            name = node.id if node.category == "task" else f"路由 {node.id}"
        data: dict[str, Any] = {"id": self.step_id[node.id], "name": name, "lane": self.lane_for(node)}
        kind = _ours(element, "kind")
        if kind is not None and kind not in STEP_KINDS:
            self.problem(element, f"step kind '{kind}' of {self.describe(element)} is not a kind of the language; "
                         "read as 'other'")
            kind = None
        if kind is None:
            kind = {"sendTask": "notify", "receiveTask": "wait"}.get(node.tag, "other")
        if kind != "other":
            data["kind"] = kind
        duration = self.duration(element)
        if duration is not None:
            data["duration"] = duration
        if _ours(element, "applicantPresent") == "true":
            data["applicant_present"] = True
        if _ours(element, "excludedFromClock") == "true":
            data["excluded_from_clock"] = True
        listed = (_ours(element, "materials") or "").split()
        if listed:
            unknown = [m for m in listed if m not in materials]
            if unknown:
                self.problem(element, f"materials {', '.join(unknown)} of {self.describe(element)} are not listed "
                             "in the item's materials; left out")
            if [m for m in listed if m in materials]:
                data["materials"] = [m for m in listed if m in materials]
        notice = element.find(f"{{{BPMN_NS}}}extensionElements/{{{APPROVALNET_NS}}}notice")
        if notice is not None and notice.get("document"):
            data["notice"] = {"document": notice.get("document")}
            for flag in ("reasons", "remedies"):
                if notice.get(flag) == "true":
                    data["notice"][flag] = True
        data.update(self.step_flow(node))
        return data

    def lane_for(self, node: Node) -> str:
        lane = self.lane_of.get(node.id)
        if lane is None:
            lane = next(iter(self.lanes))
            if len(self.lanes) > 1 or "process" not in self.lanes:
                self.notes.append(f"{self.describe(node.element)} (line {node.line}) is in no lane; put in "
                                  f"lane '{lane}'")
        return lane

    def duration(self, element: Any) -> Any:
        written = _ours(element, "duration")
        if written is not None:
            try:
                return str(parse_quantity(written))
            except QuantityError as error:
                self.problem(element, f"duration of {self.describe(element)}: {error}; left out")
                return None
        spec = element.find(f"{{{BPMN_NS}}}extensionElements/{{{APPROVALNET_NS}}}duration")
        if spec is None:
            return None
        data: dict[str, Any] = {k: v for k, v in spec.attrib.items() if "}" not in k}
        try:
            if "weights" in data:
                data["weights"] = [float(w) for w in data["weights"].split()]
            values = [v.text or "" for v in spec.findall(f"{{{APPROVALNET_NS}}}value")]
            if values:
                data["values"] = values
            from pydantic import TypeAdapter

            from ..language.types import DurationSpec

            TypeAdapter(DurationSpec).validate_python(data)
        except Exception as error:  # a hand-edited extension: say what is wrong and leave it out
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.problem(spec, f"duration of {self.describe(element)} cannot be read ({message}); left out")
            return None
        return data

    def order(self, nodes: list[Node], first: Node) -> list[Node]:
        """Steps in flow order from the first: a reverse post-order of a depth-first search, so that
        each branch of a split is listed whole, in document order, and a join after its branches."""
        by_step = {self.step_id[n.id]: n for n in nodes}

        def successors(node: Node) -> list[Node]:
            found = [self.resolve_quietly(flow) for flow in self.way_out(node)[1]]
            return [by_step[s] for s in found if s in by_step]

        post: list[Node] = []
        ordered: list[Node] = []
        visited: set[str] = set()
        for root in [first, *nodes]:
            if root.id in visited:
                continue
            visited.add(root.id)
            stack = [(root, iter(reversed(successors(root))))]
            while stack:
                node, rest = stack[-1]
                for successor in rest:
                    if successor.id not in visited:
                        visited.add(successor.id)
                        stack.append((successor, iter(reversed(successors(successor)))))
                        break
                else:
                    post.append(node)
                    stack.pop()
            ordered.extend(reversed(post))  # the first step's part, then any part it does not reach
            post = []
        return ordered

    def resolve_quietly(self, flow: Flow) -> str | None:
        node, seen = self.nodes[flow.target], set()
        while node.id not in seen:
            seen.add(node.id)
            if node.category == "task" or node.role == "step":
                return self.step_id[node.id]
            if node.role == "absorbed-join":
                return self.step_id[node.outgoing[0].target]
            if node.category in ("end", "start") or not node.outgoing:
                return None
            node = self.nodes[node.outgoing[0].target]
        return None


def read_bpmn(source: str | Path | bytes) -> tuple[str, list[BpmnProblem]]:
    """See ``approvalnet.formats.bpmn.from_bpmn``."""
    from lxml import etree

    if isinstance(source, bytes):
        data, file = source, "<bytes>"
    else:
        file = str(source)
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise BpmnError(_("cannot read {file}: {value}").format(file=file, value=error.strerror or error)) from None
    if len(data) > MAX_BYTES:
        raise BpmnError(_("file is larger than {value} MiB").format(value=MAX_BYTES // (1024 * 1024)))
    parser = safe_parser(dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BpmnError(_("not well-formed XML: {msg}").format(msg=error.msg), error.lineno or 0) from None
    if root is None or root.tag != f"{{{BPMN_NS}}}definitions":
        tag = _local(getattr(root, "tag", "nothing"))
        raise BpmnError(f"not a BPMN 2.0 file: the root element is '{tag}' in namespace '{_ns(root.tag)}', not "
                        f"'definitions' in {BPMN_NS}" if root is not None else "not a BPMN 2.0 file")
    reader = Reader(root, file)
    process = reader.choose_process()
    reader.read_nodes(process)
    tasks = [n for n in reader.nodes.values() if n.category == "task"]
    if not tasks:
        raise BpmnError(_("process '{value}' holds no task: there is nothing to import").format(
                              value=process.get('id')))
    item = process.find(f"{{{BPMN_NS}}}extensionElements/{{{APPROVALNET_NS}}}item")
    header, comments = _header(reader, process, item, file)
    reader.read_lanes(process, reader.participant_name or process.get("name"))
    reader.classify_gateways()
    nodes = reader.step_nodes()
    reader.name_steps(nodes)

    starts = [n for n in reader.nodes.values() if n.category == "start"]
    first = _first_step(reader, starts, nodes)
    ordered = [*nodes] if reader.ours else reader.order(nodes, first)
    if ordered[0] is not first:
        ordered.remove(first)
        ordered.insert(0, first)
    listed = header.get("materials")
    materials: set[str] = ({m["id"] for m in listed if isinstance(m, dict) and isinstance(m.get("id"), str)}
                           if isinstance(listed, list) else set())
    steps = [reader.step_data(node, materials) for node in ordered]
    process_data = {**header, "lanes": reader.lanes, "steps": steps}
    for key, note in reader.lane_comments.items():
        comments[("lanes", key)] = note
    lines = Lines(process.sourceline or 0, (item.sourceline or 0) if item is not None else 0,
                  [node.line for node in ordered], {k: e.sourceline or 0 for k, e in reader.lane_elements.items()})
    placeholders = {key: value for key, (value, __) in _placeholders(reader, process, file).items()}
    return _valid_yaml(process_data, comments, reader, file, lines, placeholders), reader.problems


def _first_step(reader: Reader, starts: list[Node], nodes: list[Node]) -> Node:
    by_step = {reader.step_id[n.id]: n for n in nodes}
    if len(starts) > 1:
        for extra in starts[1:]:
            reader.problem(extra.element, f"{reader.describe(extra.element)} is left out: a process has one start")
    if starts and starts[0].outgoing:
        start = starts[0]
        if len(start.outgoing) > 1:
            for flow in start.outgoing[1:]:
                reader.problem(flow.element, f"sequence flow '{flow.id}' is left out: the start leads to one "
                               "first step")
        step = reader.resolve_quietly(start.outgoing[0])
        if step in by_step:
            return by_step[step]
        reader.problem(start.element, f"{reader.describe(start.element)} leads to no task")
    elif not starts:
        reader.notes.append("the process has no start event: it starts at the first task without incoming flow")
    first = next((n for n in nodes if not n.incoming), nodes[0])
    return first


def _placeholders(reader: Reader, process: Any, file: str) -> dict[str, tuple[Any, str]]:
    """For each field the language requires of an item: a placeholder value and the comment that marks it."""
    stem = Path(file).stem if file != "<bytes>" else "bpmn"
    name = (reader.participant_name or process.get("name") or "").strip()
    return {
        "code": ("TODO-" + re.sub(r"[^A-Za-z0-9_-]", "-", process.get("id") or stem),
                 "placeholder: the item's 实施编码"),
        "name": (name or stem, "placeholder: the item's name"),
        "type": ("administrative-licensing", "placeholder: the item's type (事项类型)"),
        "authority": ({"name": "TODO 实施主体"}, "placeholder: the organ in whose name the decision is made"),
        "handling": ("commitment", "placeholder: on-the-spot (即办件) or commitment (承诺件)"),
        "time_limit": ({"statutory": "20 workdays"}, "placeholder: Art. 42's 20 working days; set the real limits"),
    }


HEADER_FIELDS = set(Process.model_fields) - {"lanes", "steps"}


def _header(reader: Reader, process: Any, item: Any, file: str) -> tuple[dict[str, Any], dict[tuple, str]]:
    """The item's fields: from our extension element, or placeholders for a foreign file. Of our
    element's fields, those the language does not know are left out and those it requires but the
    element lacks get placeholders, each reported; values the loader refuses are dealt with by
    ``_valid_yaml``."""
    comments: dict[tuple, str] = {}
    name = (reader.participant_name or process.get("name") or "").strip()
    placeholders = _placeholders(reader, process, file)
    if item is not None:
        try:
            header = json.loads(item.text or "")
            if not isinstance(header, dict):
                raise ValueError(_("not a JSON object but {name}").format(name=type(header).__name__))
        except (ValueError, RecursionError) as error:
            reader.problem(item, f"the item's fields in approvalnet:item cannot be read ({_one_line(str(error))}); "
                           "placeholders are written instead")
        else:
            reader.ours = True
            for key in list(header):
                if key in ("lanes", "steps"):
                    del header[key]
                    reader.problem(item, f"'{key}' in approvalnet:item is left out: the {key} are read from the "
                                   f"BPMN's {'lanes' if key == 'lanes' else 'tasks and flows'}")
                elif key not in HEADER_FIELDS:
                    del header[key]
                    close = difflib.get_close_matches(key, sorted(HEADER_FIELDS), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    reader.problem(item, f"'{_one_line(key)[:80]}' in approvalnet:item is not a field of the "
                                   f"item{hint}; left out")
            if name:
                header["name"] = name
            for key, (value, comment) in placeholders.items():
                if key not in header:
                    header[key] = value
                    comments[(key,)] = comment
                    reader.problem(item, f"approvalnet:item has no '{key}', which the language requires; a "
                                   "placeholder is written")
            if _SURROGATE.search(json.dumps(header, ensure_ascii=False)):  # a JSON escape can make one
                reader.problem(item, "approvalnet:item holds a \\u escape of half a character (a lone "
                               "surrogate), which no text file can hold; it is written as U+FFFD")
            return header, comments
    header = {key: value for key, (value, __) in placeholders.items()}
    header["generated"] = (f"approvalnet {__version__} import from {Path(file).name if file != '<bytes>' else 'BPMN'}"
                           " (BPMN 2.0); fields marked 'placeholder' are not in the BPMN")
    comments.update({(key,): comment for key, (__, comment) in placeholders.items() if key != "name" or not name})
    return header, comments


# --- the YAML must be a valid process -----------------------------------------------------------------

ITEM = "item"  # the element of problems about approvalnet:item, as ``Reader.problem`` names it
MAX_REPAIRS = 8  # rounds of leaving out what the loader refuses; each round mends all it reports
DROPPABLE_STEP_FIELDS = ("duration", "materials", "notice", "kind")


@dataclass(slots=True)
class Lines:
    """Lines of the BPMN the parts of the YAML come from: the process, the item, each step, each lane."""

    process: int
    item: int
    steps: list[int]
    lanes: dict[str, int]

    def of(self, path: tuple[str | int, ...]) -> int:
        if not path:
            return self.process
        if path[0] == "steps" and len(path) > 1 and isinstance(path[1], int) and path[1] < len(self.steps):
            return self.steps[path[1]]
        if path[0] == "lanes" and len(path) > 1:
            return self.lanes.get(str(path[1]), self.process)
        if path[0] in ("steps", "lanes"):
            return self.process
        return self.item or self.process


def _valid_yaml(data: dict[str, Any], comments: dict[tuple, str], reader: Reader, file: str, lines: Lines,
                placeholders: dict[str, Any]) -> str:
    """The YAML of ``data``, checked by the loader. What it refuses is mended where that loses only the
    value refused (an item's field is left out, or replaced by a placeholder when it is required; a
    lane's staff, a step's duration, materials, notice or probabilities are left out), each reported
    as a problem; anything else (a flow that never ends …) raises ``BpmnError``: no YAML is better
    than YAML that does not validate."""
    from ..language.loader import parse_process, read_yaml

    for _attempt in range(MAX_REPAIRS):
        text = _yaml(data, comments, reader, file)
        __, found = parse_process(text, file)
        errors = [p for p in found if p.level == "error"]
        if not errors:
            return text
        _data, smap, _problems = read_yaml(text, file)
        left: list[BpmnProblem] = []
        for error in errors:
            path = _path_of(smap, error.loc.line, error.loc.col)
            message = _in_bpmn_terms(error.message)
            if not _mend(data, comments, path, message, error.code, reader, lines, placeholders):
                left.append(BpmnProblem(str(path[0]) if path else "process", lines.of(path), message))
        if left:
            raise BpmnError("the process it holds would not be valid, so no YAML is written: "
                            + "; ".join(p.message for p in left), left[0].line, left)
    raise BpmnError(_("the process it holds could not be made valid; no YAML is written"), lines.process)


def _path_of(smap: Any, line: int, column: int) -> tuple[str | int, ...]:
    """The path of the value (or key) of the YAML that a problem at ``line``:``column`` is about."""
    where = (line, column)
    exact = [path for path, at in smap.values.items() if at == where] or \
        [path for path, at in smap.keys.items() if at == where]
    if exact:
        return max(exact, key=len)
    before = [(at, path) for path, at in smap.values.items() if at <= where]
    return max(before, key=lambda item: (item[0], len(item[1])))[1] if before else ()


def _mend(data: dict[str, Any], comments: dict[tuple, str], path: tuple[str | int, ...], message: str, code: str,
          reader: Reader, lines: Lines, placeholders: dict[str, Any]) -> bool:
    """Leave out (or replace by a placeholder) the value at ``path`` that the loader refused, and report
    it; False when that would change the flow, which cannot be mended."""
    line = lines.of(path)
    if not path:
        return False
    key = str(path[0])
    if key not in ("lanes", "steps"):
        if key not in data:
            return True  # already mended for another problem of the same field
        if key in placeholders:
            if data[key] == placeholders[key]:
                return False
            data[key] = placeholders[key]
            comments[(key,)] = f"placeholder: the value in approvalnet:item was refused ({message})"
            reader.problems.append(BpmnProblem(ITEM, line, f"'{key}' in approvalnet:item: {message}; a placeholder "
                                               "is written"))
        else:
            del data[key]
            reader.problems.append(BpmnProblem(ITEM, line, f"'{key}' in approvalnet:item: {message}; left out"))
            if key == "materials":  # the steps' materials named the item's, which are gone
                for index, step in enumerate(data["steps"]):
                    if step.pop("materials", None):
                        reader.problems.append(BpmnProblem(step["id"], lines.of(("steps", index)), f"the materials "
                                                           f"of step '{step['id']}' are left out with the item's"))
        return True
    if len(path) < 2 or path[1] not in (data["lanes"] if key == "lanes" else range(len(data["steps"]))):
        return False
    if key == "lanes":
        lane = data["lanes"][path[1]]
        if "staff" not in path[2:] and code != "missing-key":
            return False
        if lane.get("kind", "department") in ("window", "department"):
            lane["staff"] = STAFF_PLACEHOLDER
            comments[("lanes", path[1])] = "placeholder: how many staff work in this lane?"
        else:
            lane.pop("staff", None)
        reader.problems.append(BpmnProblem(str(path[1]), line, f"lane '{path[1]}': {message}; "
                                           + ("a placeholder is written" if "staff" in lane else "left out")))
        return True
    step = data["steps"][int(path[1])]
    field_name = path[2] if len(path) > 2 else None
    if field_name in DROPPABLE_STEP_FIELDS:
        if field_name in step:
            del step[field_name]
            reader.problems.append(BpmnProblem(step["id"], line, f"the {field_name} of step '{step['id']}': "
                                               f"{message}; left out"))
        return True
    if field_name == "outcomes" and code == "probability" and isinstance(step.get("outcomes"), dict):
        outcomes = step["outcomes"]
        if any(isinstance(o, dict) and "p" in o for o in outcomes.values()):
            for outcome in outcomes.values():
                if isinstance(outcome, dict):
                    outcome.pop("p", None)
            reader.problems.append(BpmnProblem(step["id"], line, f"{message}; the probabilities are left out"))
        return True
    return False


def _in_bpmn_terms(message: str) -> str:
    """A loader's message about the YAML, said of the BPMN where the YAML's advice would not help (and
    without the lines of the YAML, which the user never sees)."""
    if message.startswith("no step ends the process"):
        return "no task leads to an end event (or to a task without outgoing flow): a case could never end"
    return re.sub(r" \(first at line \d+\)", "", message)


def _yaml(data: dict[str, Any], comments: dict[tuple, str], reader: Reader, file: str) -> str:
    header = [f"Imported by approvalnet from {Path(file).name if file != '<bytes>' else 'BPMN'} (BPMN 2.0)."]
    if reader.problems:
        header.append(f"{len(reader.problems)} problem(s) with the BPMN: what the language cannot express, or "
                      "values it refuses, are left out, read approximately or replaced by placeholders:")
        header.extend(f"  line {p.line}: {_one_line(p.message)}" for p in reader.problems)
    if reader.notes:
        header.append("Notes:")
        header.extend(f"  {_one_line(n)}" for n in reader.notes)
    return dump_yaml(data, comments, header)


def _has_flow(process: Any) -> bool:
    return any(isinstance(e.tag, str) and _local(e.tag) in TASKS | set(CONTAINERS) for e in process)


def _guess(name: str, table: list[tuple[str, tuple[str, ...]]], default: str) -> str:
    lowered = name.lower()
    for value, words in table:
        if any(word in lowered for word in words):
            return value
    return default


def _probability(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and 0 <= value <= 1 else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


@dataclass(slots=True)
class ImportResult:
    """What one import gave: the YAML, where it went, and the BPMN elements it could not express."""

    file: str
    yaml: str
    output: str | None
    problems: list[BpmnProblem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "output": self.output,
            "complete": not self.problems,
            "problems": [{"file": self.file, **p.to_json()} for p in self.problems],
        }
        if self.output is None:
            data["yaml"] = self.yaml
        return data
