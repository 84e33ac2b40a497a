"""The flow view: a swimlane flowchart of a process, for the people who run it.

Layout rules (guarded by the golden files in ``tests/render/golden/``):

- the flow runs left to right in columns: a step stands one column right of the longest chain of
  steps before it, loops aside, so what happens later is further right;
- each lane is a horizontal band, in the order of the file, its name on the left. Graphviz clusters
  cannot be kept in a given order (dot reorders them to save crossings), so the bands are made
  differently: every column holds one separator node per lane boundary, chained top to bottom with
  the column's steps by invisible edges (an order dot always keeps), and the separators of each
  boundary are joined across the columns by the visible lines between the lanes;
- a step's shape and colour tell its kind (acceptance, review, inspection, decision, notice,
  delivery, waiting); badges mark steps where the applicant must be present and steps whose time
  is excluded from the legal clock (Art. 45);
- an exclusive choice is a diamond after its step, its edges labelled with the outcome and, when
  given, the probability; a parallel split and a parallel join are black bars;
- every end of the case is a terminal coloured by its outcome, in the lane of the step that ends
  it; a loop back to an earlier step is dashed, laid out as a forward edge drawn backwards;
- a header gives the item's name, code, authority, type, handling and time limits, and a legend
  explains the colours and symbols used.

Node ids come from step ids (``step_<id>``, ``choice_<id>``, ``split_<id>``, ``join_<id>``,
``end_<lane>_<outcome>``, ``lane_<lane>``) and everything is emitted in file order, so the same file
gives the same DOT, byte for byte. pm4py is not needed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import graphviz
from graphviz import nohtml

from ..language import vocabulary
from ..language.flow import Edge, out_edges
from ..language.types import EndOutcome, Process, Step
from .overlay import Mark, Overlay
from .text import duration_zh, esc, html_label, percent, plain, printable, quantity_zh, wrap

DEFAULT_FONT = "Noto Sans CJK SC"


@dataclass(frozen=True)
class KindStyle:
    label: str  # for the legend
    shape: str
    style: str
    fill: str


KIND_STYLES: dict[str, KindStyle] = {
    "acceptance": KindStyle("收件·受理 acceptance", "box", "rounded,filled", "#dbeafe"),
    "review": KindStyle("审查 review", "box", "filled", "#fef9c3"),
    "inspection": KindStyle("核查·检验 inspection", "box3d", "filled", "#fed7aa"),
    "decision": KindStyle("决定 decision", "box", "filled,bold", "#e9d5ff"),
    "notice": KindStyle("告知·文书 notice", "note", "filled", "#e2e8f0"),
    "delivery": KindStyle("送达·出件 delivery", "cds", "filled", "#bbf7d0"),
    "wait": KindStyle("等待 wait (no staff)", "box", "rounded,dashed,filled", "#ffffff"),
    "other": KindStyle("其他 other", "box", "filled", "#f8fafc"),
}

KIND_GROUP: dict[str, str] = {
    "receive": "acceptance", "check-completeness": "acceptance", "accept": "acceptance",
    "supplement-notice": "notice", "notify": "notice",
    "review": "review", "lower-level-review": "review", "expert-review": "review", "appraisal": "review",
    "hearing": "review", "extension": "review",
    "on-site-inspection": "inspection", "testing": "inspection", "quarantine": "inspection",
    "decide": "decision",
    "deliver": "delivery",
    "wait": "wait",
}


@dataclass(frozen=True)
class EndStyle:
    label: str
    fill: str
    border: str


END_STYLES: dict[str, EndStyle] = {
    "approved": EndStyle("准予办理", "#bbf7d0", "#15803d"),
    "refused": EndStyle("不予办理", "#fecaca", "#b91c1c"),
    "not-accepted": EndStyle("不予受理", "#fed7aa", "#c2410c"),
    "withdrawn": EndStyle("撤回·视为放弃", "#e5e7eb", "#4b5563"),
    "terminated": EndStyle("终止办理", "#e5e7eb", "#4b5563"),
}
_LICENSING_ENDS = {"approved": "准予许可", "refused": "不予许可"}


def end_label(outcome: str, process: Process) -> str:
    """A licence is granted or refused (准予/不予许可); other items are done or not (准予/不予办理)."""
    if process.type == "administrative-licensing" and outcome in _LICENSING_ENDS:
        return _LICENSING_ENDS[outcome]
    return END_STYLES.get(outcome, END_STYLES["terminated"]).label


LANE_KIND_ZH = {"window": "窗口 window", "department": "部门 department", "external": "外部 external",
                "applicant": "申请人 applicant"}
LANE_FILL = {"window": "#f0f7ff", "department": "#f8fafc", "external": "#f5f5f4", "applicant": "#fffbeb"}

# the words lists and guides use (language/vocabulary.py), so that a diagram and a guide agree
TYPE_ZH = {key: words[0] for key, words in vocabulary.ITEM_TYPES.items()}
HANDLING_ZH = {key: words[0] for key, words in vocabulary.HANDLING.items()}

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
GREY = "#475569"
LINE = "#94a3b8"
# A separator is a dash of the line itself: edges stop at a node's border, so an invisible point
# would leave a gap in the line at every column.
_SEPARATOR = {"shape": "box", "width": "0.04", "height": "0.014", "fixedsize": "true", "style": "filled",
              "color": LINE, "fillcolor": LINE, "penwidth": "0", "label": ""}


def graph_name(text: str) -> str:
    """A graph's name (the SVG's title) from a user's text: quoted, never HTML, no backslash escapes."""
    return nohtml(printable(text).replace("\\", "/"))


def kind_style(step: Step) -> KindStyle:
    return KIND_STYLES[KIND_GROUP.get(step.kind, "other")]


def lane_ids(process: Process) -> dict[str, str]:
    """Lane ids for node ids: the lane's own id when it is plain, else ``#`` and its position in the file.

    A plain id never holds ``#``, so the two kinds cannot collide; ``:`` (a port in DOT) never appears.
    """
    return {lane: lane if _SAFE_ID.match(lane) else f"#{i + 1}" for i, lane in enumerate(process.lanes)}


@dataclass
class _Node:
    id: str
    lane: str
    attrs: dict[str, str]


@dataclass
class _Link:
    source: str
    target: str
    attrs: dict[str, str]
    back: bool = False


def flow_graph(process: Process, overlay: Overlay | None = None, font: str = DEFAULT_FONT) -> graphviz.Digraph:
    """The swimlane flowchart of ``process`` as a ``graphviz.Digraph`` (``.source`` is its DOT text).

    In a notebook the returned object displays itself (it needs the ``dot`` binary for that).
    """
    nodes, links = _flow(process, overlay.marks if overlay else {})
    ranks = _ranks(nodes, links)
    lanes = lane_ids(process)
    used = [lane for lane in process.lanes if any(n.lane == lane for n in nodes)]

    g = graphviz.Digraph(name=graph_name(process.code))
    header = header_table(process, overlay, f'<TR><TD ALIGN="LEFT">{_legend(process)}</TD></TR>')
    g.attr("graph", rankdir="LR", nodesep="0.25", ranksep="0.4", fontname=font, fontsize="11",
           labelloc="t", labeljust="l", bgcolor="white", pad="0.3", label=html_label(header),
           tooltip=plain(f"{process.name} ({process.code})"))
    g.attr("node", fontname=font, fontsize="11", penwidth="1.2", color=GREY, margin="0.12,0.06")
    g.attr("edge", fontname=font, fontsize="9", color=GREY, arrowsize="0.7", fontcolor="#334155")

    # Column 0 and the last column hold only separators, so that the lines between lanes reach past
    # the lane names on the left and past the ends on the right; column 1 holds the lane names.
    last = max(ranks.values(), default=1) + 2
    columns: list[list[str]] = [[] for _ in range(last + 1)]
    for node in nodes:
        columns[ranks[node.id] + 1].append(node.id)
    by_id = {node.id: node for node in nodes}

    def sep(k: int, r: int) -> str:
        return f"sep_{k}_{r}"

    for r, column in enumerate(columns):
        with g.subgraph(name=f"rank_{r}") as s:
            s.attr(rank="same")
            for k in range(len(used) + 1):
                s.node(sep(k, r), **_SEPARATOR)
            if r == 1:
                for lane in used:
                    spec = process.lanes[lane]
                    s.node(f"lane_{lanes[lane]}", **_lane_attrs(lane, spec.name, spec.kind, spec.staff))
            for node_id in column:
                s.node(node_id, **by_id[node_id].attrs)
    # Order within each rank, top to bottom: separator, the nodes of the first lane, separator, ...
    # Flat edges between nodes outside clusters are the one ordering dot always keeps.
    for r, column in enumerate(columns):
        for k, lane in enumerate(used):
            inside = [f"lane_{lanes[lane]}"] if r == 1 else [n for n in column if by_id[n].lane == lane]
            for node_id in inside or [None]:  # type: ignore[list-item]  # None: an empty lane keeps its separator
                if node_id is None:
                    g.edge(sep(k, r), sep(k + 1, r), style="invis")
                else:
                    g.edge(sep(k, r), node_id, style="invis")
                    g.edge(node_id, sep(k + 1, r), style="invis")
    # The separators of one boundary, chained across every rank, are the lines between the lanes.
    for k in range(len(used) + 1):
        for r in range(last):
            g.edge(sep(k, r), sep(k, r + 1), dir="none", color=LINE, penwidth="1", weight="1000")
    for link in links:
        attrs = dict(link.attrs)
        if link.back:
            # A loop back to an earlier step is laid out as a forward edge drawn backwards, so that
            # dot routes it through the free space between the columns it spans, not around the page.
            g.edge(link.target, link.source, dir="back", style="dashed", color="#64748b", **attrs)
            continue
        g.edge(link.source, link.target, **attrs)
    return g


def _flow(process: Process, marks: Mapping[str, Mark]) -> tuple[list[_Node], list[_Link]]:
    """The flowchart's nodes (each in a lane) and links, in file order."""
    nodes: list[_Node] = []
    links: list[_Link] = []
    loops = back_edges(process)
    lanes = lane_ids(process)
    seen: set[str] = set()

    def add(node_id: str, lane: str, attrs: dict[str, str]) -> None:
        if node_id not in seen:
            seen.add(node_id)
            nodes.append(_Node(node_id, lane, attrs))

    def entry(step_id: str) -> str:
        return f"join_{step_id}" if process.step(step_id).join == "all" else f"step_{step_id}"

    def end_node(lane: str, outcome: EndOutcome) -> str:
        node_id = f"end_{lanes[lane]}_{outcome}"
        style = END_STYLES.get(outcome, END_STYLES["terminated"])
        add(node_id, lane, {
            "shape": "box", "style": "rounded,filled,bold", "peripheries": "2", "fillcolor": style.fill,
            "color": style.border, "tooltip": plain(f"end: {outcome}"), "label": html_label(
                f'<B>{esc(end_label(outcome, process))}</B><BR/>'
                f'<FONT POINT-SIZE="8" COLOR="{GREY}">{esc(outcome)}</FONT>')})
        return node_id

    def follow(step: Step, edge: Edge, origin: str) -> None:
        """The link from ``origin`` (the step, its diamond or its split bar) to where ``edge`` leads."""
        label = _edge_label(edge)
        attrs = {"label": label} if label else {}
        if edge.end is not None:
            links.append(_Link(origin, end_node(step.lane, edge.end), attrs))
        elif edge.target is not None:
            links.append(_Link(origin, entry(edge.target), attrs, back=(step.id, edge.target) in loops))

    first = process.steps[0]
    add("start", first.lane, {
        "shape": "circle", "style": "filled", "fillcolor": "#334155", "color": "#334155", "width": "0.22",
        "fixedsize": "true", "label": "", "xlabel": html_label('<FONT POINT-SIZE="9">申请</FONT>'),
        "tooltip": "start: the application"})
    links.append(_Link("start", entry(first.id), {}))

    for i, step in enumerate(process.steps):
        if step.join == "all":
            add(f"join_{step.id}", step.lane, _bar("parallel join: waits for every branch"))
            links.append(_Link(f"join_{step.id}", f"step_{step.id}", {}))
        add(f"step_{step.id}", step.lane, _step_attrs(step, marks.get(step.id), process))
        out = out_edges(process, i)
        origin = f"step_{step.id}"
        if step.outcomes is not None:
            origin = f"choice_{step.id}"
            add(origin, step.lane, {
                "shape": "diamond", "style": "filled", "fillcolor": "white", "width": "0.3", "height": "0.3",
                "fixedsize": "true", "label": "", "tooltip": plain(f"choice after {step.name}")})
            links.append(_Link(f"step_{step.id}", origin, {"arrowhead": "none"}))
        elif isinstance(step.next, list):
            origin = f"split_{step.id}"
            add(origin, step.lane, _bar("parallel split: every branch starts"))
            links.append(_Link(f"step_{step.id}", origin, {}))
        for edge in out:
            follow(step, edge, origin)
    return nodes, links


def back_edges(process: Process) -> set[tuple[str, str]]:
    """The step-to-step edges that close a loop, found by a depth-first search from the first step.

    Steps no path reaches are searched from afterwards, in file order, so every cycle is cut once.
    """
    succ = {step.id: [e.target for e in out_edges(process, i) if e.target is not None]
            for i, step in enumerate(process.steps)}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in [s.id for s in process.steps]:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif nxt not in succ:
                continue
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return back


def _ranks(nodes: list[_Node], links: list[_Link]) -> dict[str, int]:
    """The column of each node: the longest chain of forward links before it, after the lane names in column 0."""
    preds: dict[str, list[str]] = {n.id: [] for n in nodes}
    for link in links:
        if not link.back:
            preds[link.target].append(link.source)
    ranks: dict[str, int] = {}

    def rank(node_id: str) -> int:
        if node_id not in ranks:
            ranks[node_id] = 1  # provisional, in case of a cycle the loop search missed
            ranks[node_id] = max((rank(p) + 1 for p in preds[node_id]), default=1)
        return ranks[node_id]

    for node in nodes:
        rank(node.id)
    return ranks


def flow_dot(process: Process, overlay: Overlay | None = None, font: str = DEFAULT_FONT) -> str:
    """The DOT text of the flow view."""
    return flow_graph(process, overlay, font).source


# --- pieces -------------------------------------------------------------------------------------


def _bar(tooltip: str) -> dict[str, str]:
    # Left to right, a bar across the flow is tall and thin.
    return {"shape": "box", "style": "filled", "fillcolor": "black", "color": "black", "width": "0.07",
            "height": "0.5", "fixedsize": "true", "label": "", "tooltip": tooltip}


def _edge_label(edge: Edge) -> str | None:
    if edge.kind != "choice":
        return None
    text = esc(edge.outcome or "")
    if edge.p is not None:
        text += f' <FONT COLOR="#1d4ed8"><B>{percent(edge.p)}</B></FONT>'
    return html_label(text)


def _badge(text: str, fill: str, colour: str) -> str:
    return f'<TD BGCOLOR="{fill}"><FONT POINT-SIZE="8" COLOR="{colour}">{esc(text)}</FONT></TD>'


def _step_attrs(step: Step, mark: Mark | None, process: Process) -> dict[str, str]:
    style = kind_style(step)
    rows = [f"<TR><TD>{'<BR/>'.join(esc(line) for line in wrap(step.name))}</TD></TR>"]
    duration = duration_zh(step.duration)
    if duration:
        rows.append(f'<TR><TD><FONT POINT-SIZE="8" COLOR="{GREY}">{esc(duration)}</FONT></TD></TR>')
    badges = []
    if step.applicant_present:
        badges.append(_badge("● 申请人到场", "#dbeafe", "#1e40af"))
    if step.excluded_from_clock:
        badges.append(_badge("‖ 不计入时限", "#fef3c7", "#92400e"))
    if mark and mark.badge:
        badges.append(_badge(mark.badge, "white", mark.border or "#b91c1c"))
    if badges:
        cells = "".join(badges)
        rows.append(f'<TR><TD><TABLE BORDER="0" CELLSPACING="2" CELLPADDING="1"><TR>{cells}</TR></TABLE></TD></TR>')
    label = f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>'

    lane = process.lanes.get(step.lane)
    tip = [f"{step.name}", f"id: {step.id} · kind: {step.kind} · lane: {lane.name if lane else step.lane}"]
    if step.duration is not None:
        tip.append(f"duration: {step.duration}")
    if step.materials:
        tip.append(f"materials: {', '.join(step.materials)}")
    if step.notice is not None:
        tip.append(f"issues: {step.notice.document}")
    if step.loc.line:  # the line, not the path: the same file drawn from anywhere gives the same diagram
        tip.append(f"line {step.loc.line}")
    attrs = {"shape": style.shape, "style": style.style, "fillcolor": style.fill, "label": html_label(label)}
    if mark:
        tip.extend(mark.tooltip)
        if mark.fill:
            attrs["fillcolor"] = mark.fill
        if mark.border:
            attrs["color"] = mark.border
            attrs["penwidth"] = "2.5"
    attrs["tooltip"] = plain("\n".join(tip))
    return attrs


def _lane_attrs(lane: str, name: str, kind: str, staff: int | None) -> dict[str, str]:
    extra = LANE_KIND_ZH.get(kind, kind) + (f" · {staff}人" if staff else "")
    name_lines = "<BR/>".join(esc(line) for line in wrap(name, 24))
    label = f'<B>{name_lines}</B><BR/><FONT POINT-SIZE="8" COLOR="{GREY}">{esc(extra)}</FONT>'
    return {"shape": "box", "style": "filled", "fillcolor": LANE_FILL.get(kind, "#f8fafc"), "color": "#cbd5e1",
            "label": html_label(label), "tooltip": plain(f"lane {lane}: {name}")}


def header_table(process: Process, overlay: Overlay | None, legend: str, subtitle: str | None = None) -> str:
    """The diagram's title block: what the item is, who decides, how long it may take; then ``legend``
    (a table row) and the overlay's title, legend and notes."""
    limits = []
    if process.time_limit.statutory is not None:
        limits.append(f"法定时限 {quantity_zh(process.time_limit.statutory)}")
    promised = process.time_limit.promised
    if promised == "on-the-spot":
        limits.append("承诺时限 当场办结")
    elif promised is not None:
        limits.append(f"承诺时限 {quantity_zh(promised)}")
    if process.time_limit.extension is not None:
        limits.append(f"可延长 {quantity_zh(process.time_limit.extension.length)}")
    if process.visits is not None:
        limits.append(f"到现场 {process.visits} 次")
    facts = [process.code, process.authority.name, TYPE_ZH.get(process.type, process.type),
             HANDLING_ZH.get(process.handling, process.handling)]
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>{esc(process.name)}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT">{esc(" · ".join(facts))}</TD></TR>',
    ]
    if limits:
        rows.append(f'<TR><TD ALIGN="LEFT"><B>{esc(" · ".join(limits))}</B></TD></TR>')
    if subtitle:
        rows.append(f'<TR><TD ALIGN="LEFT">{esc(subtitle)}</TD></TR>')
    rows.append(legend)
    if overlay is not None:
        # Text, not a nested table: Graphviz stretches a nested table across a wider header.
        keys = "".join(f'   <FONT COLOR="{e.border or e.colour}">■</FONT> {esc(e.text)}' for e in overlay.legend)
        rows.append(f'<TR><TD ALIGN="LEFT"><B>{esc(overlay.title)}</B>{keys}</TD></TR>')
        for note in overlay.notes:
            lines = "<BR ALIGN=\"LEFT\"/>".join(esc(line) for line in wrap(note, 140))
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#b91c1c">{lines}<BR ALIGN="LEFT"/></FONT></TD></TR>')
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>'


def swatch(fill: str, border: str = GREY) -> str:
    """A small square of colour for a legend (fixed, so a wide header does not stretch it)."""
    return f'<TD BGCOLOR="{fill}" BORDER="1" COLOR="{border}" WIDTH="12" HEIGHT="12" FIXEDSIZE="TRUE"></TD>'


def _small(text: str) -> str:
    return f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">{esc(text)}</FONT></TD>'


def _legend(process: Process) -> str:
    """Swatches for the kinds and ends this diagram uses, and the symbols."""
    groups = list(dict.fromkeys(KIND_GROUP.get(s.kind, "other") for s in process.steps))
    groups.sort(key=list(KIND_STYLES).index)
    ends = [e for e in END_STYLES if any(x.end == e for i in range(len(process.steps))
                                         for x in out_edges(process, i))]
    cells = [swatch(KIND_STYLES[g].fill) + _small(KIND_STYLES[g].label) for g in groups]
    cells += [swatch(END_STYLES[e].fill, END_STYLES[e].border) + _small(end_label(e, process)) for e in ends]
    symbols = []
    if any(s.outcomes for s in process.steps):
        symbols.append("◆ 选择（概率）")
    if any(isinstance(s.next, list) or s.join == "all" for s in process.steps):
        symbols.append("┃ 并行分支·汇合")
    if back_edges(process):
        symbols.append("┅ 返回")
    if any(s.applicant_present for s in process.steps):
        symbols.append("● 申请人到场")
    if any(s.excluded_from_clock for s in process.steps):
        symbols.append("‖ 不计入法定时限")
    if symbols:
        cells.append(f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{GREY}">  {esc("  ".join(symbols))}</FONT></TD>')
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="1"><TR>{"".join(cells)}</TR></TABLE>'
