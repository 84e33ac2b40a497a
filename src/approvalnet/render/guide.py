"""The guide view: the flowchart of a service guide (办事指南), for publication and print.

The flow view is for the people who run a process and analyse it; this view is the chart an
applicant reads in the published guide, so it shows only what a guide shows:

- it runs top to bottom and fits an A4 portrait page: ``size`` is the printable area at 2 cm
  margins, less room for a page header (6.69 × 9.8 inches, ``A4_INCHES``), which dot scales a
  larger drawing down to, keeping its proportions (``ratio=compress`` first packs the layout
  tighter to fit); ``margin=0``, since PDF and PostScript would add half an inch around ``size``;
- the symbols of published flowcharts: rounded terminals for the start (开始) and each way the case
  ends (准予许可, 不予受理 … in the words of the flow view's ``end_label``), a box for a step, a
  diamond for a step that chooses between outcomes, the document shape (``note``) for a step that
  issues a notice (``step.notice``, or of a notifying kind), plain black bars for a parallel split
  and join;
- Chinese only: a step's name, the name of the lane that does it in a smaller second line (who
  does it is part of a guide), and on the branches of a choice the outcome's ``name`` from the file,
  else the Chinese of a common outcome key (``OUTCOME_ZH``), else no label: a key is never shown;
- no probability, staff count or modelled duration: the only times are the item's statutory and
  promised limits (and the extension the law allows), in the caption above the chart;
- grayscale: black lines and text, white boxes, light grey for the terminals and the applicant's
  own steps (which also name the applicant in their second line), so a black-and-white print loses
  nothing; a loop back to an earlier step is a solid arrow drawn upwards.

A chart with more than ``MAX_RANKS`` symbols on its longest path would be scaled down past
legibility (about 7 pt text at 18 ranks), so it is simplified, one stage at a time, until it fits
or nothing more can be folded:

1. a step that only issues a notice (``notify``, ``supplement-notice``) with one way in and one way
   out is dropped into the arrow from its predecessor: the arrow carries the outcome and then the
   step's name (``材料不全`` / ``一次性告知补正``) and leads to where the step led, so the supplement
   loop is that arrow, the applicant's step and the arrow back;
2. a run of plain steps, each the only successor of the one before and the only predecessor of the
   one after, without choices, splits, joins or loops, becomes one box listing the steps in order,
   divided by rules, with who does them once for each run in the same lane.

Node ids are ``start``, ``step_<id>``, ``split_<id>``, ``join_<id>`` and ``end_<outcome>`` (one
terminal per way of ending), and everything is emitted in file order, so the same file gives the
same DOT, byte for byte. pm4py is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import graphviz

from ..language.flow import out_edges
from ..language.types import EndOutcome, Process, Step
from .flow import DEFAULT_FONT, back_edges, end_label, graph_name
from .text import esc, html_label, quantity_zh, wrap

A4_INCHES = (6.69, 9.8)  # A4 (210 × 297 mm) less 2 cm margins on every side, and room for a page header
MAX_RANKS = 18  # symbols on the longest path that still print at a legible size on A4

# The Chinese of outcome keys common in process files, for outcomes without a ``name``.
OUTCOME_ZH: dict[str, str] = {
    "complete": "材料齐全",
    "incomplete": "材料不全",
    "still-incomplete": "补正后仍不齐全",
    "outside-remit": "不属于受理范围",
    "not-accepted": "不予受理",
    "accepted": "受理",
    "approve": "准予",
    "approved": "准予",
    "refuse": "不予",
    "refused": "不予",
    "both-granted": "均准予",
    "any-refused": "任一不予",
    "conforms": "符合",
    "conform": "符合",
    "not-conforms": "不符合",
    "nonconforming": "不符合",
    "needs-rectification": "需整改",
    "rectified": "整改完成",
    "on-time": "按期完成",
    "needs-extension": "需延期",
    "resubmitted": "已补正",
    "supplemented": "已补正",
    "lapsed": "逾期未补正",
    "not-supplied-in-time": "逾期未补正",
    "withdrawn": "申请人撤回",
    "no-licence-needed": "无需许可",
    "documents-suffice": "书面审查即可",
    "site-check-needed": "需现场核查",
    "verify-on-site": "需现场核查",
    "received": "已接收",
    "correctable": "可当场更正",
    "corrected": "已当场更正",
    "fraud": "隐瞒情况或提供虚假材料",
    "pass": "通过",
    "passed": "通过",
    "fail": "不通过",
    "failed": "不通过",
    "yes": "是",
    "no": "否",
}

NOTICE_ONLY = {"notify", "supplement-notice"}

TERMINAL_FILL = "#e6e6e6"
APPLICANT_FILL = "#f2f2f2"
INK = "black"
SMALL = 8  # the point size of the second line of a box and of arrow labels

Shape = Literal["terminal", "box", "document", "decision", "bar"]


@dataclass
class _Part:
    """One step's text in a box: what is done, and who does it."""

    name: str
    lane: str
    applicant: bool


@dataclass
class _Node:
    id: str
    shape: Shape
    parts: list[_Part] = field(default_factory=list)  # several after a run of steps is merged
    text: str = ""  # a terminal's words
    notice_only: bool = False  # a step that only issues a notice: stage 1 folds it into an arrow


@dataclass
class _Link:
    source: str
    target: str
    label: list[str]  # lines: the outcome, then the names of notice steps dropped into the arrow
    back: bool = False  # closes a loop: laid out forwards, drawn backwards


def outcome_zh(process: Process, step: Step, key: str) -> str | None:
    """The words on a branch: the outcome's own ``name``, else the table's, else none."""
    outcome = (step.outcomes or {}).get(key)
    if outcome is not None and outcome.name:
        return outcome.name
    return OUTCOME_ZH.get(key)


def guide_graph(process: Process, *, font: str = DEFAULT_FONT) -> graphviz.Digraph:
    """The service-guide flowchart of ``process`` as a ``graphviz.Digraph`` (``.source`` is its DOT)."""
    nodes, links = _chart(process)
    for fold in (_fold_notices, _merge_runs):
        if longest_path(nodes, links) <= MAX_RANKS:
            break
        nodes, links = fold(nodes, links)

    g = graphviz.Digraph(name=graph_name(process.code))
    g.attr("graph", rankdir="TB", size=f"{A4_INCHES[0]},{A4_INCHES[1]}", ratio="compress", nodesep="0.3",
           ranksep="0.2", fontname=font, fontsize="11", labelloc="t", labeljust="c", bgcolor="white",
           pad="0.2", margin="0", label=html_label(caption(process)))
    g.attr("node", fontname=font, fontsize="11", penwidth="1", color=INK, fontcolor=INK, style="filled",
           fillcolor="white", margin="0.15,0.06")
    g.attr("edge", fontname=font, fontsize=str(SMALL), color=INK, fontcolor=INK, arrowsize="0.7", penwidth="1")
    for node in nodes:
        g.node(node.id, **_node_attrs(node))
    for link in links:
        attrs = {"label": html_label("<BR/>".join(esc(line) for line in link.label))} if link.label else {}
        if link.back:
            # Laid out as a forward arrow and drawn backwards, so that dot routes the loop beside the
            # steps it spans instead of turning the chart upside down.
            g.edge(link.target, link.source, dir="back", **attrs)
        else:
            g.edge(link.source, link.target, **attrs)
    return g


def guide_dot(process: Process, *, font: str = DEFAULT_FONT) -> str:
    """The DOT text of the guide view."""
    return guide_graph(process, font=font).source


def caption(process: Process) -> str:
    """The title above the chart: the item, who decides, and its time limits."""
    # A long name on one line would make the page as wide as the title and scale the chart down.
    title = "<BR/>".join(esc(line) for line in wrap(f"{process.name}办理流程图", 40))
    rows = [f'<TR><TD><FONT POINT-SIZE="16"><B>{title}</B></FONT></TD></TR>',
            f"<TR><TD>实施机关：{esc(process.authority.name)}　事项编码：{esc(process.code)}</TD></TR>"]
    limits = []
    if process.time_limit.statutory is not None:
        limits.append(f"法定办结时限 {quantity_zh(process.time_limit.statutory)}")
        if process.time_limit.extension is not None:
            limits[-1] += f"（可延长 {quantity_zh(process.time_limit.extension.length)}）"
    promised = process.time_limit.promised
    if promised == "on-the-spot":
        limits.append("承诺办结时限 当场办结")
    elif promised is not None:
        limits.append(f"承诺办结时限 {quantity_zh(promised)}")
    if limits:
        rows.append(f"<TR><TD><B>{esc('　'.join(limits))}</B></TD></TR>")
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}<TR><TD> </TD></TR></TABLE>'


# --- the chart as nodes and links ---------------------------------------------------------------


def _chart(process: Process) -> tuple[list[_Node], list[_Link]]:
    """Every step, choice, bar and terminal, and the arrows between them, in file order."""
    nodes: list[_Node] = []
    links: list[_Link] = []
    seen: set[str] = set()
    loops = back_edges(process)

    def add(node: _Node) -> str:
        if node.id not in seen:
            seen.add(node.id)
            nodes.append(node)
        return node.id

    def entry(step_id: str) -> str:
        return f"join_{step_id}" if process.step(step_id).join == "all" else f"step_{step_id}"

    def end(outcome: EndOutcome) -> str:
        return add(_Node(f"end_{outcome}", "terminal", text=end_label(outcome, process)))

    add(_Node("start", "terminal", text="开始"))
    links.append(_Link("start", entry(process.steps[0].id), []))
    for i, step in enumerate(process.steps):
        if step.join == "all":
            add(_Node(f"join_{step.id}", "bar"))
            links.append(_Link(f"join_{step.id}", f"step_{step.id}", []))
        lane = process.lanes.get(step.lane)
        part = _Part(step.name, lane.name if lane else "", lane is not None and lane.kind == "applicant")
        # A notifying step issues a document by its nature, whether or not the file names it.
        document = step.notice is not None or step.kind in NOTICE_ONLY
        shape: Shape = "decision" if step.outcomes is not None else "document" if document else "box"
        origin = add(_Node(f"step_{step.id}", shape, [part], notice_only=step.kind in NOTICE_ONLY))
        if isinstance(step.next, list):
            links.append(_Link(origin, f"split_{step.id}", []))
            origin = add(_Node(f"split_{step.id}", "bar"))
        for edge in out_edges(process, i):
            label = [] if edge.outcome is None else [text for text in [outcome_zh(process, step, edge.outcome)] if text]
            if edge.end is not None:
                links.append(_Link(origin, end(edge.end), label))
            elif edge.target is not None:
                links.append(_Link(origin, entry(edge.target), label, back=(step.id, edge.target) in loops))
    return nodes, links


def longest_path(nodes: list[_Node], links: list[_Link]) -> int:
    """The number of symbols on the longest chain of forward arrows: the ranks dot lays out."""
    preds: dict[str, list[str]] = {n.id: [] for n in nodes}
    for link in links:
        if not link.back:
            preds[link.target].append(link.source)
    depth: dict[str, int] = {}

    def rank(node_id: str) -> int:
        if node_id not in depth:
            depth[node_id] = 1  # provisional, in case of a cycle the loop search missed
            depth[node_id] = max((rank(p) + 1 for p in preds[node_id]), default=1)
        return depth[node_id]

    return max((rank(n.id) for n in nodes), default=0)


def _fold_notices(nodes: list[_Node], links: list[_Link]) -> tuple[list[_Node], list[_Link]]:
    """Stage 1: a step that only issues a notice becomes words on the arrow from its predecessor."""
    for node in list(nodes):
        if not node.notice_only or node.shape == "decision":
            continue
        into = [link for link in links if link.target == node.id]
        out = [link for link in links if link.source == node.id]
        if len(into) != 1 or len(out) != 1 or into[0].source == out[0].target:
            continue
        before, after = into[0], out[0]
        merged = _Link(before.source, after.target, [*before.label, node.parts[0].name, *after.label],
                       back=before.back or after.back)
        links = [merged if link is before else link for link in links if link is not after]
        nodes = [n for n in nodes if n is not node]
    return nodes, links


def _merge_runs(nodes: list[_Node], links: list[_Link]) -> tuple[list[_Node], list[_Link]]:
    """Stage 2: a run of plain steps, one after the other with nothing joining or leaving, is one box."""
    merged = True
    while merged:
        merged = False
        for link in links:
            first = next(n for n in nodes if n.id == link.source)
            second = next(n for n in nodes if n.id == link.target)
            if (link.back or link.label or first.shape not in ("box", "document")
                    or second.shape not in ("box", "document")):
                continue
            if sum(x.source == first.id for x in links) != 1 or sum(x.target == second.id for x in links) != 1:
                continue
            first.parts = [*first.parts, *second.parts]
            if second.shape == "document":
                first.shape = "document"
            links = [_Link(first.id if x.source == second.id else x.source, x.target, x.label, x.back)
                     for x in links if x is not link]
            nodes = [n for n in nodes if n is not second]
            merged = True
            break
    return nodes, links


# --- drawing ------------------------------------------------------------------------------------


def _part_rows(part: _Part, columns: int, lane_columns: int) -> str:
    name = "<BR/>".join(esc(line) for line in wrap(part.name, columns))
    rows = f"<TR><TD>{name}</TD></TR>"
    if part.lane and lane_columns:
        lane = "<BR/>".join(esc(line) for line in wrap(part.lane, lane_columns))
        rows += f'<TR><TD><FONT POINT-SIZE="{SMALL}">{lane}</FONT></TD></TR>'
    return rows


def _node_attrs(node: _Node) -> dict[str, str]:
    if node.shape == "terminal":
        return {"shape": "box", "style": "rounded,filled", "fillcolor": TERMINAL_FILL, "penwidth": "1.2",
                "label": html_label(f"<B>{esc(node.text)}</B>")}
    if node.shape == "bar":
        # Top to bottom, a bar across the flow is wide and thin.
        return {"shape": "box", "fillcolor": INK, "width": "1.2", "height": "0.05", "fixedsize": "true",
                "label": ""}
    if node.shape == "decision":
        # A diamond grows with the square of its text: the question alone, on short lines.
        rows = "".join(_part_rows(part, 14, 0) for part in node.parts)
    else:
        # A merged box names who does the steps once for each run of steps in the same lane.
        parts = [_Part(p.name, "" if i + 1 < len(node.parts) and node.parts[i + 1].lane == p.lane else p.lane,
                       p.applicant) for i, p in enumerate(node.parts)]
        rows = "<HR/>".join(
            f'<TR><TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{_part_rows(p, 28, 36)}</TABLE></TD></TR>'
            for p in parts)
    label = html_label(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>')
    attrs = {"shape": {"decision": "diamond", "document": "note", "box": "box"}[node.shape], "label": label}
    if node.shape == "decision":
        attrs["margin"] = "0.02,0.02"
    if all(part.applicant for part in node.parts):
        attrs["fillcolor"] = APPLICANT_FILL
    return attrs
