"""Worst-case time along a process's Petri net, in working days on the legal clock.

The rules ask "can this process break its limit?": the decision limit of Art. 42, the delivery
limit of Art. 44, the promised limit of the listing. The answer is the longest path of the net
between two steps, where each labelled transition weighs its step's worst-case duration:

- parallel branches take the longest one (an AND-join fires when its last input arrives) and an
  exclusive choice takes its worst branch (an XOR-merge is reached by the slowest one): in the worst
  case both are a maximum, so one longest-path search serves for both;
- loops (the supplement loop of Art. 32, a rectification loop) are counted once: the net is unrolled
  into two copies, and a case may go back once, from the first copy into the second;
- steps excluded from the clock (Art. 45) weigh nothing, and nor does time that the applicant holds
  the file (an ``applicant`` lane) unless asked: the law's limits bind the organ, not the applicant.

Working days: ``workday`` durations count as they are; minutes and hours as a share of an office day
(``workday_minutes``); calendar days as 5/7 of a working day each. Distributions count by their
maximum, or by a high quantile (``quantile``) when they have none (exponential, normal, lognormal,
gamma). The simulation, not this module, gives typical times.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from ..language.quantity import Quantity
from ..language.types import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Process,
    Step,
    Triangular,
    Uniform,
)
from .graphs import back_edges


@dataclass(frozen=True)
class ClockRules:
    workday_minutes: float = 480.0  # an office day of 8 hours
    quantile: float = 0.95  # worst case of an unbounded distribution
    count_applicant_time: bool = False
    count_excluded: bool = False  # True: count Art. 45 steps too (the time the applicant really waits)


@dataclass(frozen=True)
class Span:
    """The worst-case time between two points and the steps that make it up."""

    days: float
    steps: tuple[str, ...]


def quantity_days(quantity: Quantity, rules: ClockRules = ClockRules()) -> float:
    return quantity.working_minutes(rules.workday_minutes) / rules.workday_minutes


def worst_case(duration: Distribution | None, rules: ClockRules = ClockRules()) -> float:
    """Worst-case length of a duration, in working days."""
    if duration is None:
        return 0.0
    days = lambda q: quantity_days(q, rules)  # noqa: E731 - a local shorthand
    z = NormalDist().inv_cdf(rules.quantile)
    match duration:
        case Fixed():
            return days(duration.value)
        case Uniform() | Triangular():
            return days(duration.max)
        case Empirical():
            return max(days(v) for v in duration.values)
        case Exponential():
            return -days(duration.mean) * math.log(1 - rules.quantile)
        case Normal():
            return days(duration.mean) + z * days(duration.sd)
        case Lognormal():
            mean, sd = days(duration.mean), days(duration.sd)
            sigma2 = math.log(1 + (sd / mean) ** 2)
            return math.exp(math.log(mean) - sigma2 / 2 + z * math.sqrt(sigma2))
        case Gamma():
            # Wilson–Hilferty: the cube root of a gamma variable is nearly normal.
            mean, sd = days(duration.mean), days(duration.sd)
            if sd == 0:
                return mean
            shape = (mean / sd) ** 2
            return mean * max(0.0, 1 - 1 / (9 * shape) + z * math.sqrt(1 / (9 * shape))) ** 3
    raise TypeError(f"unknown duration {duration!r}")


class Timing:
    """Longest paths through the net of one process, in working days."""

    def __init__(self, process: Process, net: Any, rules: ClockRules = ClockRules()):
        self.process = process
        self.rules = rules
        steps = {s.id: s for s in process.steps}
        transitions = sorted(net.transitions, key=lambda t: t.name)
        self._step_of = {t.name: (t.properties or {}).get("step") if t.label is not None else None
                         for t in transitions}
        self._weight = {t.name: self.step_days(steps[s]) if (s := self._step_of[t.name]) else 0.0
                        for t in transitions}
        self._by_step = {s: t for t, s in self._step_of.items() if s}
        successors: dict[str, list[str]] = {}
        for t in transitions:
            after = {a2.target.name for a in t.out_arcs for a2 in a.target.out_arcs}
            successors[t.name] = sorted(after)
        sources = [p for p in net.places if not p.in_arcs]
        self._starts = sorted(a.target.name for p in sources for a in p.out_arcs)
        self._ends = sorted(a.source.name for p in net.places if not p.out_arcs for a in p.in_arcs)
        self._successors = successors
        self._back = back_edges(self._starts, self._successors.__getitem__)
        self._reachable = self._reach()

    def step_days(self, step: Step) -> float:
        """A step's worst-case weight on the legal clock."""
        if step.excluded_from_clock and not self.rules.count_excluded:
            return 0.0
        lane = self.process.lanes.get(step.lane)
        if lane is not None and lane.kind == "applicant" and not self.rules.count_applicant_time:
            return 0.0
        return worst_case(step.duration, self.rules)

    def longest(self, start: str | None = None, end: str | None = None) -> Span | None:
        """Worst time from the end of step ``start`` (or the case's start) to the end of step ``end``
        (or the case's end); None when ``end`` cannot follow ``start``."""
        if (start is not None and start not in self._by_step) or (end is not None and end not in self._by_step):
            return None
        if start is not None and self._by_step[start] not in self._reachable:
            return None  # no case gets there; and its loops were never seen by the back-edge search
        roots = [self._by_step[start]] if start else self._starts
        targets = {self._by_step[end]} if end else set(self._ends)
        best: dict[tuple[str, int], float] = {}
        parent: dict[tuple[str, int], tuple[str, int] | None] = {}
        for root in roots:
            best[(root, 0)] = 0.0 if start else self._weight[root]
            parent[(root, 0)] = None
        for node in self._topological(roots):
            if node not in best:
                continue
            name, layer = node
            for nxt in self._successors[name]:
                if (name, nxt) in self._back:
                    if layer == 1:
                        continue
                    successor = (nxt, 1)
                else:
                    successor = (nxt, layer)
                value = best[node] + self._weight[nxt]
                if value > best.get(successor, -1.0):
                    best[successor] = value
                    parent[successor] = node
        reached = [(best[(t, layer)], (t, layer)) for t in targets for layer in (0, 1) if (t, layer) in best
                   and (start is None or (t, layer) != (roots[0], 0))]
        if not reached:
            return None
        days, node = max(reached, key=lambda item: (item[0], item[1]))
        path: list[str] = []
        current: tuple[str, int] | None = node
        while current is not None:
            step = self._step_of[current[0]]
            if step and (start is None or current != (roots[0], 0)):
                path.append(step)
            current = parent[current]
        return Span(round(days, 6), tuple(reversed(path)))

    def _reach(self) -> set[str]:
        seen = set(self._starts)
        todo = list(self._starts)
        while todo:
            for child in self._successors[todo.pop()]:
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def _topological(self, roots: list[str]) -> list[tuple[str, int]]:
        """The unrolled net's nodes in an order where every edge goes forward."""
        forward = {n: [c for c in cs if (n, c) not in self._back] for n, cs in self._successors.items()}
        order: list[str] = []
        seen: set[str] = set()
        for root in [*roots, *sorted(forward)]:
            if root in seen:
                continue
            stack = [(root, iter(forward[root]))]
            seen.add(root)
            while stack:
                name, children = stack[-1]
                for child in children:
                    if child not in seen:
                        seen.add(child)
                        stack.append((child, iter(forward[child])))
                        break
                else:
                    order.append(name)
                    stack.pop()
        order.reverse()
        return [(n, 0) for n in order] + [(n, 1) for n in order]
