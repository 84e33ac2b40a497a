"""Helpers shared by the rules of the ``law`` group (not a rule: the module name starts with ``_``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ...language.flow import Edge
from ...language.types import Node, Step
from ...net.graphs import back_edges as graph_back_edges
from ..context import Context


def label(step: Step) -> str:
    """``'review' (审查)``: how a message names a step."""
    return f"'{step.id}' ({step.name})"


def path_text(ctx: Context, ids: Iterable[str]) -> str:
    """The names of the steps along a path, joined by arrows."""
    return " → ".join(ctx.steps[i].name for i in ids)


@dataclass(frozen=True)
class Ending:
    """A way a case ends: the step it ends at and the node (step or outcome) whose ``end`` says so."""

    step: Step
    node: Node
    edge: Edge


def endings(ctx: Context, outcome: str) -> Iterator[Ending]:
    """Every place where a case ends with ``outcome`` (``end:`` on a step, or an outcome's ``end``)."""
    for edge in ctx.edges:
        if edge.end != outcome:
            continue
        step = ctx.steps[edge.source]
        if edge.kind == "choice" and step.outcomes is not None and edge.outcome in step.outcomes:
            yield Ending(step, step.outcomes[edge.outcome], edge)
        else:
            yield Ending(step, step, edge)


def shortest_path(ctx: Context, sources: Iterable[str], target: Callable[[str], bool], *,
                  avoid: Callable[[str], bool] = lambda _: False) -> list[str] | None:
    """A shortest path of steps from one of ``sources`` to a step for which ``target`` holds, never
    entering a step for which ``avoid`` holds (the sources themselves included); None if there is none."""
    parent: dict[str, str | None] = {}
    todo: deque[str] = deque()
    for source in sources:
        if source not in parent and not avoid(source):
            parent[source] = None
            todo.append(source)
    while todo:
        current = todo.popleft()
        if target(current):
            path = [current]
            while (before := parent[path[-1]]) is not None:
                path.append(before)
            return path[::-1]
        for nxt in ctx.successors(current):
            if nxt not in parent and not avoid(nxt):
                parent[nxt] = current
                todo.append(nxt)
    return None


def unavoidable_from_start(ctx: Context, ending: Ending, good: Callable[[Step], bool]) -> list[str] | None:
    """A path from the first step to ``ending`` that passes no ``good`` step, or None when every
    path to it passes one (or the ending cannot be reached)."""
    start = ctx.process.steps[0].id
    return shortest_path(ctx, [start], lambda s: s == ending.step.id, avoid=lambda s: good(ctx.steps[s]))


def longest(ctx: Context, start: str | None, end: str) -> Any:
    """``ctx.timing.longest(start, end)`` (a ``Span`` or None); None too when ``end`` is unreachable."""
    if end not in ctx.reachable_from_start:
        return None
    return ctx.timing.longest(start, end)


def back_edges(ctx: Context) -> set[tuple[str, str]]:
    """Edges of the step graph that close a loop, found by a depth-first search from the first step."""
    return graph_back_edges([ctx.process.steps[0].id], ctx.successors)


def longest_first_round(ctx: Context, target: str) -> tuple[float, list[str]] | None:
    """Worst-case working days from the start of the case to the end of step ``target``, the first
    time the case gets there (loops not taken), with the steps of that path; None if unreachable.

    Steps weigh what they weigh on the legal clock (``ctx.timing.step_days``: the applicant's own time
    and steps excluded under Art. 45 weigh nothing); parallel branches and choices count by their
    longest branch, as in ``Timing.longest``.
    """
    back = back_edges(ctx)
    reachable = ctx.reachable_from_start
    if target not in reachable:
        return None
    forward = {s: [n for n in ctx.successors(s) if (s, n) not in back] for s in reachable}
    indegree = {s: 0 for s in reachable}
    for s in reachable:
        for n in forward[s]:
            indegree[n] += 1
    root = ctx.process.steps[0].id
    best: dict[str, float] = {root: ctx.timing.step_days(ctx.steps[root])}
    parent: dict[str, str | None] = {root: None}
    todo = deque(s for s in reachable if indegree[s] == 0)
    while todo:
        current = todo.popleft()
        for nxt in forward[current]:
            if current in best:
                value = best[current] + ctx.timing.step_days(ctx.steps[nxt])
                if value > best.get(nxt, -1.0):
                    best[nxt] = value
                    parent[nxt] = current
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                todo.append(nxt)
    if target not in best:
        return None
    path = [target]
    while (before := parent[path[-1]]) is not None:
        path.append(before)
    return round(best[target], 6), path[::-1]
