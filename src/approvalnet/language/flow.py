"""The step graph of a process: who follows whom, and how.

Later stages (the Petri net, the rules, the renderer) read the flow from here, so that the default
"a step is followed by the next one in the list" is decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .types import EndOutcome, Process, Step

EdgeKind = Literal["next", "parallel", "choice"]


@dataclass(frozen=True, slots=True)
class Edge:
    """One way out of a step: to another step (``target``) or out of the process (``end``)."""

    source: str
    kind: EdgeKind
    target: str | None = None
    end: EndOutcome | None = None
    outcome: str | None = None  # the outcome's name, for choices
    p: float | None = None


def out_edges(process: Process, index: int) -> list[Edge]:
    """The edges leaving ``process.steps[index]``; an ending step has one edge with ``end`` set."""
    step = process.steps[index]
    if step.end is not None:
        return [Edge(step.id, "next", end=step.end)]
    if isinstance(step.next, list):
        return [Edge(step.id, "parallel", target=t) for t in step.next]
    if step.next is not None:
        return [Edge(step.id, "next", target=step.next)]
    if step.outcomes is not None:
        return [Edge(step.id, "choice", target=o.next, end=o.end, outcome=name, p=o.p)
                for name, o in step.outcomes.items()]
    if index + 1 < len(process.steps):
        return [Edge(step.id, "next", target=process.steps[index + 1].id)]
    return []


def edges(process: Process) -> list[Edge]:
    return [edge for index in range(len(process.steps)) for edge in out_edges(process, index)]


def predecessors(process: Process) -> dict[str, list[Edge]]:
    """For each step id, the edges that enter it, in file order."""
    incoming: dict[str, list[Edge]] = {step.id: [] for step in process.steps}
    for edge in edges(process):
        if edge.target in incoming:
            incoming[edge.target].append(edge)
    return incoming


def start(process: Process) -> Step:
    """The first step in the file is where every case begins."""
    return process.steps[0]
