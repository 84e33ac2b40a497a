"""Diagrams of processes with Graphviz: the swimlane flow view, the Petri-net view and the guide view
(the flowchart of a published service guide, 办事指南).

The DOT text is written here, deterministically, and needs no Graphviz; SVG, PNG and PDF are drawn
by Graphviz's ``dot`` (see ``graphviz_run``). pm4py is imported only by the net view.

    from approvalnet.render import flow_dot, render, findings_overlay
    svg = render(process, "flow", "svg")                         # bytes
    overlay = findings_overlay(problems, process)   # e.g. approvalnet.check(process)
    dot_text = flow_dot(process, overlay, font="Noto Serif CJK SC")
"""

from __future__ import annotations

from typing import Literal

import graphviz

from ..language.types import Process
from .flow import DEFAULT_FONT, flow_dot, flow_graph
from .graphviz_run import GraphvizError, GraphvizMissing, run_dot
from .guide import guide_dot, guide_graph
from .overlay import LegendEntry, Mark, Overlay, combine, findings_overlay
from .petri import net_dot, net_graph

View = Literal["flow", "net", "guide"]
Format = Literal["svg", "png", "pdf", "dot"]

__all__ = [
    "DEFAULT_FONT",
    "Format",
    "GraphvizError",
    "GraphvizMissing",
    "LegendEntry",
    "Mark",
    "Overlay",
    "View",
    "combine",
    "diagram",
    "findings_overlay",
    "flow_dot",
    "flow_graph",
    "guide_dot",
    "guide_graph",
    "net_dot",
    "net_graph",
    "render",
]


def diagram(process: Process, view: View = "flow", overlay: Overlay | None = None,
            font: str = DEFAULT_FONT) -> graphviz.Digraph:
    """The diagram as a ``graphviz.Digraph``: ``.source`` is the DOT; in a notebook it shows itself.

    The guide view is for print and shows no overlay: it draws the process as published.
    """
    if view == "guide":
        return guide_graph(process, font=font)
    return (net_graph if view == "net" else flow_graph)(process, overlay, font)


def render(process: Process, view: View = "flow", fmt: Format = "svg", overlay: Overlay | None = None,
           font: str = DEFAULT_FONT) -> bytes:
    """The diagram in ``fmt``; raises ``GraphvizError`` (``GraphvizMissing``) unless ``fmt`` is ``dot``."""
    source = diagram(process, view, overlay, font).source
    if fmt == "dot":
        return source.encode("utf-8")
    return run_dot(source, fmt).data
