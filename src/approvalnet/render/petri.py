"""The net view: the workflow Petri net of a process, for the analyst who verifies it.

Places are circles (the source holds the initial token, the sink is doubled), the transitions of
steps are boxes labelled with the steps' names, silent transitions (choices, ends, the start of a
loop) are thin black bars, and the net runs left to right. Nodes keep the names ``to_petri_net``
gives them (``p.<step>``, ``t.<step>``, ``t.<step>.<outcome>`` …), which come from step ids alone, and
are written in the order of the steps in the file, so the DOT is the same from run to run; pm4py's
own visualizer names nodes by memory address.

An overlay marks the transition of each marked step, exactly as the flow view marks its box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import graphviz

from ..language.types import Process
from .flow import DEFAULT_FONT, GREY, KIND_GROUP, KIND_STYLES, graph_name, header_table
from .overlay import Overlay
from .text import esc, html_label, percent, plain, wrap

if TYPE_CHECKING:
    from pm4py.objects.petri_net.obj import Marking, PetriNet

_ROLE_ORDER = {"start": 0, "input": 1, "join-input": 1, "step": 2, "choice": 3, "outcome": 4}


def net_graph(process: Process, overlay: Overlay | None = None, font: str = DEFAULT_FONT) -> graphviz.Digraph:
    """The Petri net of ``process`` (built with ``to_petri_net``, which imports pm4py) as a Digraph."""
    from ..net.build import to_petri_net

    net, initial, final = to_petri_net(process)
    return petri_graph(net, initial, final, process, overlay, font)


def net_dot(process: Process, overlay: Overlay | None = None, font: str = DEFAULT_FONT) -> str:
    return net_graph(process, overlay, font).source


def petri_graph(net: PetriNet, initial: Marking, final: Marking, process: Process,
                overlay: Overlay | None = None, font: str = DEFAULT_FONT) -> graphviz.Digraph:
    """Draw a net built by ``to_petri_net(process)``; ``process`` gives the header and the order of nodes."""
    marks = overlay.marks if overlay else {}
    position = {step.id: i for i, step in enumerate(process.steps)}
    steps = {step.id: step for step in process.steps}
    outcomes = ["approved", "refused", "not-accepted", "withdrawn", "terminated"]

    def key(node: Any) -> tuple[int, int, str]:
        """Source first, then each step's nodes in file order, then the ends, then the sink."""
        props = node.properties or {}
        role = props.get("role")
        if role == "source":
            return (-2, 0, node.name)
        if role == "start":
            return (-1, 0, node.name)
        if role == "sink":
            return (len(position) + 2, 0, node.name)
        if role == "end":
            outcome = props.get("outcome")
            return (len(position) + 1, outcomes.index(outcome) if isinstance(outcome, str) and outcome in outcomes
                    else 9, node.name)
        return (position.get(str(props.get("step")), len(position)), _ROLE_ORDER.get(str(role), 5), node.name)

    g = graphviz.Digraph(name=graph_name(f"{process.code} net"))
    legend = ('<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="#475569">'
              "○ 库所 place   ● 令牌 initial token   ◎ 终止库所 final place   □ 环节 step (transition)   "
              "┃ 静默变迁 silent transition</FONT></TD></TR>")
    size = f"工作流网 WF-net: {len(net.places)} places, {len(net.transitions)} transitions, {len(net.arcs)} arcs"
    header = header_table(process, overlay, legend, subtitle=size)
    g.attr("graph", rankdir="LR", nodesep="0.25", ranksep="0.35", fontname=font, fontsize="11", labelloc="t",
           labeljust="l", bgcolor="white", pad="0.3", label=html_label(header),
           tooltip=plain(f"{process.name} ({process.code}): Petri net"))
    g.attr("node", fontname=font, fontsize="10", color=GREY, penwidth="1.2")
    g.attr("edge", fontname=font, fontsize="8", color=GREY, arrowsize="0.6", fontcolor="#334155")

    for place in sorted(net.places, key=key):
        tokens = initial.get(place, 0)
        attrs = {"shape": "doublecircle" if place in final else "circle", "width": "0.28", "height": "0.28",
                 "fixedsize": "true", "label": "●" if tokens == 1 else (str(tokens) if tokens else ""),
                 "fontsize": "12", "tooltip": plain(place.name)}
        if place.properties and place.properties.get("role") == "source":
            attrs["xlabel"] = html_label('<FONT POINT-SIZE="8">source</FONT>')
        if place in final:
            attrs["xlabel"] = html_label('<FONT POINT-SIZE="8">sink</FONT>')
        g.node(place.name, **attrs)

    for t in sorted(net.transitions, key=key):
        props = t.properties or {}
        if t.label is None:
            tip = t.name if props.get("outcome") is None else f"{t.name}: outcome {props['outcome']}"
            g.node(t.name, shape="box", style="filled", fillcolor="black", color="black", width="0.06",
                   height="0.35", fixedsize="true", label="", tooltip=plain(tip))
            continue
        step_id = props.get("step")
        step = steps.get(step_id) if isinstance(step_id, str) else None
        style = KIND_STYLES[KIND_GROUP.get(step.kind, "other")] if step else KIND_STYLES["other"]
        mark = marks.get(step_id) if isinstance(step_id, str) else None
        label = "<BR/>".join(esc(line) for line in wrap(t.label, 20))
        if mark and mark.badge:
            colour = mark.border or "#b91c1c"
            label += f'<BR/><FONT POINT-SIZE="8" COLOR="{colour}">{esc(mark.badge)}</FONT>'
        tip = [t.label, t.name, *(mark.tooltip if mark else ())]
        attrs = {"shape": "box", "style": "filled", "fillcolor": (mark.fill if mark and mark.fill else style.fill),
                 "label": html_label(label), "tooltip": plain("\n".join(tip))}
        if mark and mark.border:
            attrs.update(color=mark.border, penwidth="2.5")
        g.node(t.name, **attrs)

    rank = {node.name: key(node) for node in (*net.places, *net.transitions)}
    for arc in sorted(net.arcs, key=lambda a: (rank[a.source.name], rank[a.target.name])):
        attrs = {}
        props = arc.target.properties or {}
        if props.get("role") == "outcome":  # the choice: say which outcome this way is, and how likely
            text = esc(str(props.get("outcome", "")))
            if props.get("p") is not None:
                text += f' <FONT COLOR="#1d4ed8">{percent(float(props["p"]))}</FONT>'
            attrs["label"] = html_label(text)
        if arc.weight != 1:
            attrs["label"] = str(arc.weight)
        g.edge(arc.source.name, arc.target.name, **attrs)
    return g
