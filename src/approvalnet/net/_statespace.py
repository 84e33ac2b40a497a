"""Explicit breadth-first exploration of the reachable markings of a place/transition net.

Markings of safe nets (at most one token per place) are Python ints used as bitsets, which makes
the enabling test one ``&`` and keeps the visited set small.  When a firing would put a second
token in a place the exploration restarts with tuples of token counts.

Breadth-first order gives every state a shortest firing sequence through its parent pointer.  In
count mode a new marking that strictly covers a marking on its own path from the root proves the
net unbounded (the firing sequence between the two can be repeated forever); such states are kept
but not expanded, which makes the exploration terminate on unbounded nets too: an infinite
breadth-first tree has an infinite branch of distinct markings, and by Dickson's lemma that branch
contains a marking covering an earlier one.

Optionally the exploration fires only a stubborn subset of the enabled transitions (Valmari).  The
subset chosen here preserves every reachable deadlock (marking without enabled transitions) and the
length of a shortest firing sequence to it, but not livelocks or dead transitions.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._compiled import CompiledNet

Marking = Any
"""An int bitset (safe mode) or a tuple of token counts (count mode)."""


class _NotSafe(Exception):
    """A firing put a second token in a place; the bitset encoding cannot continue."""


@dataclass
class StateGraph:
    net: CompiledNet
    safe: bool
    stubborn: bool
    # State and transition numbers fit in 32 bits ("i"); edge offsets may not ("q").  Arrays of
    # machine integers take a quarter of the memory of lists of Python ints.
    markings: list[Marking] = field(default_factory=list)
    parent: array = field(default_factory=lambda: array("i"))
    via: array = field(default_factory=lambda: array("i"))
    # Successors in compressed sparse row form: the edges of state s are the indices
    # edge_start[s] .. edge_start[s + 1] - 1 of edge_to (target state) and edge_t (transition).
    edge_start: array = field(default_factory=lambda: array("q"))
    edge_to: array = field(default_factory=lambda: array("i"))
    edge_t: array = field(default_factory=lambda: array("i"))
    pruned: set[int] = field(default_factory=set)
    """States not expanded because they strictly cover an ancestor."""
    covers: list[tuple[int, int]] = field(default_factory=list)
    """(state, ancestor) pairs where the state strictly covers the ancestor."""
    expanded: int = 0
    """States from this index on were never expanded because the state limit was reached."""

    def __len__(self) -> int:
        return len(self.markings)

    @property
    def truncated(self) -> bool:
        return self.expanded < len(self.markings)

    def open_states(self) -> list[int]:
        """States whose successors are (partly) unknown."""
        pruned = [s for s in sorted(self.pruned) if s < self.expanded]
        return pruned + list(range(self.expanded, len(self.markings)))

    def counts(self, s: int) -> tuple[int, ...]:
        m = self.markings[s]
        if self.safe:
            return tuple((m >> p) & 1 for p in range(len(self.net.places)))
        return m

    def tokens(self, s: int, p: int) -> int:
        m = self.markings[s]
        return (m >> p) & 1 if self.safe else m[p]

    def encode(self, counts: Sequence[int]) -> Marking:
        if self.safe:
            if any(c > 1 for c in counts):
                return None
            return sum(1 << p for p, c in enumerate(counts) if c)
        return tuple(counts)

    def index_of(self, counts: Sequence[int]) -> int | None:
        encoded = self.encode(counts)
        if encoded is None:
            return None
        # A linear scan is fine: this is called once or twice per analysis.
        for s, m in enumerate(self.markings):
            if m == encoded:
                return s
        return None

    def edges(self, s: int) -> range:
        return range(self.edge_start[s], self.edge_start[s + 1])

    def trace(self, s: int) -> list[int]:
        """Transitions fired along the breadth-first tree from the initial marking to state s."""
        fired: list[int] = []
        while self.parent[s] != -1:
            fired.append(self.via[s])
            s = self.parent[s]
        fired.reverse()
        return fired


def explore(net: CompiledNet, initial: Sequence[int], max_states: int, *, stubborn: bool = False) -> StateGraph:
    """Explore at most ``max_states`` markings reachable from ``initial``."""
    if net.unit_weights and all(c <= 1 for c in initial):
        try:
            return _explore(net, initial, max_states, stubborn, safe=True)
        except _NotSafe:
            pass
    return _explore(net, initial, max_states, stubborn, safe=False)


def _explore(net: CompiledNet, initial: Sequence[int], max_states: int, stubborn: bool, *, safe: bool) -> StateGraph:
    graph = StateGraph(net=net, safe=safe, stubborn=stubborn)
    successors = _safe_successors(net) if safe else _count_successors(net)
    choose = _stubborn_chooser(net, safe) if stubborn else None
    m0 = graph.encode(initial)
    markings, parent, via = graph.markings, graph.parent, graph.via
    edge_start, edge_to, edge_t = graph.edge_start, graph.edge_to, graph.edge_t
    index: dict[Marking, int] = {m0: 0}
    markings.append(m0)
    parent.append(-1)
    via.append(-1)
    sums = [sum(initial)]  # token totals, a cheap filter for the covering test in count mode

    s = 0
    limit_hit = False
    while s < len(markings) and not limit_hit:
        edge_start.append(len(edge_to))
        if s in graph.pruned:
            s += 1
            continue
        m = markings[s]
        enabled = successors(m)
        if choose is not None and len(enabled) > 1:
            enabled = choose(m, enabled)
        for t, m2 in enabled:
            j = index.get(m2)
            if j is None:
                if len(markings) >= max_states:
                    # Drop the half-expanded state's edges: it counts as unexpanded.
                    del edge_to[edge_start[s] :], edge_t[edge_start[s] :]
                    edge_start.pop()
                    limit_hit = True
                    break
                j = len(markings)
                index[m2] = j
                markings.append(m2)
                parent.append(s)
                via.append(t)
                if not safe:
                    sums.append(sum(m2))
                    ancestor = _covered_ancestor(m2, sums[j], s, markings, parent, sums)
                    if ancestor is not None:
                        graph.pruned.add(j)
                        graph.covers.append((j, ancestor))
            edge_to.append(j)
            edge_t.append(t)
        else:
            s += 1
    graph.expanded = s
    # Unexpanded states get empty edge ranges so that every state has one.
    while len(edge_start) <= len(markings):
        edge_start.append(len(edge_to))
    return graph


def _covered_ancestor(
    m: tuple[int, ...], total: int, s: int, markings: list[Marking], parent: array, sums: list[int]
) -> int | None:
    a = s
    while a != -1:
        # m >= ancestor with a larger total means m > ancestor; equal totals would mean equal markings.
        if sums[a] < total and all(x >= y for x, y in zip(m, markings[a], strict=True)):
            return a
        a = parent[a]
    return None


Successors = Callable[[Marking], list[tuple[int, Marking]]]


def _by_first_input(net: CompiledNet) -> tuple[list[list[int]], list[int]]:
    """Group transitions by their lowest-numbered input place.

    Scanning only the marked places and, for each, the transitions whose first input it is finds
    every enabled transition exactly once.  Transitions without inputs are always candidates.
    """
    groups: list[list[int]] = [[] for _ in net.places]
    free: list[int] = []
    for t, arcs in enumerate(net.pre):
        if arcs:
            groups[arcs[0][0]].append(t)
        else:
            free.append(t)
    return groups, free


def _safe_successors(net: CompiledNet) -> Successors:
    groups, free = _by_first_input(net)
    pre_mask = [sum(1 << p for p, _ in arcs) for arcs in net.pre]
    post_mask = [sum(1 << p for p, _ in arcs) for arcs in net.post]
    by_place = [[(t, pre_mask[t], post_mask[t]) for t in group] for group in groups]
    unconditional = [(t, 0, post_mask[t]) for t in free]

    def successors(m: int) -> list[tuple[int, int]]:
        result = []
        bits = m
        while bits:
            low = bits & -bits
            bits ^= low
            for t, need, give in by_place[low.bit_length() - 1]:
                if m & need == need:
                    rest = m ^ need
                    if rest & give:
                        raise _NotSafe
                    result.append((t, rest | give))
        for t, _, give in unconditional:
            if m & give:
                raise _NotSafe
            result.append((t, m | give))
        return result

    return successors


def _count_successors(net: CompiledNet) -> Successors:
    groups, free = _by_first_input(net)
    deltas: list[list[tuple[int, int]]] = []
    for t in range(len(net.transitions)):
        change: dict[int, int] = {}
        for p, w in net.pre[t]:
            change[p] = change.get(p, 0) - w
        for p, w in net.post[t]:
            change[p] = change.get(p, 0) + w
        deltas.append([(p, d) for p, d in sorted(change.items()) if d])
    by_place = [[(t, net.pre[t], deltas[t]) for t in group] for group in groups]
    unconditional = [(t, deltas[t]) for t in free]

    def fire(m: tuple[int, ...], delta: list[tuple[int, int]]) -> tuple[int, ...]:
        tokens = list(m)
        for p, d in delta:
            tokens[p] += d
        return tuple(tokens)

    def successors(m: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
        result = []
        for p, count in enumerate(m):
            if count:
                for t, need, delta in by_place[p]:
                    if all(m[q] >= w for q, w in need):
                        result.append((t, fire(m, delta)))
        for t, delta in unconditional:
            result.append((t, fire(m, delta)))
        return result

    return successors


def _stubborn_chooser(net: CompiledNet, safe: bool) -> Callable[[Marking, list], list]:
    """Pick, among the enabled transitions, the smallest subset that is stubborn (Valmari 1991).

    A set S of transitions is stubborn in marking m if
      * for every enabled t in S, every transition sharing an input place with t is in S
        (so transitions outside S can neither disable t nor be disabled by it), and
      * for every disabled t in S, some input place p of t that lacks tokens has all its producers
        in S (so transitions outside S cannot enable t).
    Every path to a deadlock can then be reordered to start with a transition of S without changing
    its length or end marking, so exploring only S keeps all deadlocks and their shortest traces.
    """
    consumers = net.consumers()
    producers = net.producers()

    def tokens(m: Marking, p: int) -> int:
        return (m >> p) & 1 if safe else m[p]

    def closure(m: Marking, seed: int, enabled: set[int]) -> set[int]:
        stubborn = {seed}
        todo = [seed]
        while todo:
            t = todo.pop()
            if t in enabled:
                needed: Iterable[int] = (u for p, _ in net.pre[t] for u in consumers[p])
            else:
                empty = [p for p, w in net.pre[t] if tokens(m, p) < w]
                # Any unmarked input works; the one with the fewest producers keeps S small.
                needed = producers[min(empty, key=lambda p: len(producers[p]))]
            for u in needed:
                if u not in stubborn:
                    stubborn.add(u)
                    todo.append(u)
        return stubborn

    def choose(m: Marking, enabled: list[tuple[int, Marking]]) -> list[tuple[int, Marking]]:
        enabled_set = {t for t, _ in enabled}
        best = enabled
        for seed, _ in enabled:
            stubborn = closure(m, seed, enabled_set)
            subset = [(t, m2) for t, m2 in enabled if t in stubborn]
            if len(subset) < len(best):
                best = subset
                if len(best) == 1:
                    break
        return best

    return choose


def backward_reachable(graph: StateGraph, targets: Iterable[int]) -> bytearray:
    """Flags of the states from which some target state is reachable in the explored graph."""
    n = len(graph)
    edge_start, edge_to = graph.edge_start, graph.edge_to
    # Reverse adjacency in compressed form, built by counting in-degrees.
    in_start = array("q", [0]) * (n + 1)
    for j in edge_to:
        in_start[j + 1] += 1
    for v in range(n):
        in_start[v + 1] += in_start[v]
    fill = array("q", in_start)
    sources = array("i", [0]) * len(edge_to)
    for s in range(n):
        for e in range(edge_start[s], edge_start[s + 1]):
            j = edge_to[e]
            sources[fill[j]] = s
            fill[j] += 1

    reached = bytearray(n)
    todo = []
    for s in targets:
        if not reached[s]:
            reached[s] = 1
            todo.append(s)
    while todo:
        v = todo.pop()
        for e in range(in_start[v], in_start[v + 1]):
            u = sources[e]
            if not reached[u]:
                reached[u] = 1
                todo.append(u)
    return reached


def bottom_sccs(graph: StateGraph, allowed: bytearray | None = None) -> list[list[int]]:
    """Strongly connected components without outgoing edges (Tarjan's algorithm, iterative).

    With ``allowed``, only those states are considered; the caller makes sure they are closed under
    successors, so a bottom component of that subgraph is a bottom component of the whole graph.
    Components are returned sorted, each sorted, so the first state of each is the one with the
    shortest firing sequence.
    """
    n = len(graph)
    edge_start, edge_to = graph.edge_start, graph.edge_to
    order = [-1] * n
    low = [0] * n
    component = [-1] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] != -1 or (allowed is not None and not allowed[root]):
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, edge_start[root])]
        while work:
            v, e = work[-1]
            end = edge_start[v + 1]
            descended = False
            while e < end:
                w = edge_to[e]
                e += 1
                if allowed is not None and not allowed[w]:
                    continue
                if order[w] == -1:
                    work[-1] = (v, e)
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append((w, edge_start[w]))
                    descended = True
                    break
                if on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
            if descended:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == order[v]:
                members = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component[w] = len(components)
                    members.append(w)
                    if w == v:
                        break
                components.append(members)

    bottoms = []
    for c, members in enumerate(components):
        if all(component[edge_to[e]] == c for s in members for e in range(edge_start[s], edge_start[s + 1])):
            bottoms.append(sorted(members))
    bottoms.sort()
    return bottoms


def causal_past(net: CompiledNet, initial: Sequence[int], trace: Sequence[int]) -> list[int]:
    """The steps of ``trace`` that the last step depends on through tokens, in their order.

    Tokens are followed first-in, first-out through each place.  The steps kept form a causally
    closed part of the run, so they can fire in their original order from ``initial``; every one of
    them is needed for the last step, but another run may still be shorter.
    """
    producers_of: list[deque[int]] = [deque([-1] * count) for count in initial]
    causes: list[set[int]] = []
    for step, t in enumerate(trace):
        direct: set[int] = set()
        for p, w in net.pre[t]:
            for _ in range(w):
                direct.add(producers_of[p].popleft())
        direct.discard(-1)
        causes.append(direct)
        for p, w in net.post[t]:
            producers_of[p].extend([step] * w)
    needed = {len(trace) - 1}
    todo = list(needed)
    while todo:
        for cause in causes[todo.pop()]:
            if cause not in needed:
                needed.add(cause)
                todo.append(cause)
    return [trace[step] for step in sorted(needed)]


def fire_all(net: CompiledNet, initial: Sequence[int], trace: Sequence[int]) -> tuple[int, ...]:
    """The marking reached by firing ``trace`` (assumed fireable) from ``initial``."""
    tokens = list(initial)
    for t in trace:
        for p, w in net.pre[t]:
            tokens[p] -= w
        for p, w in net.post[t]:
            tokens[p] += w
    return tuple(tokens)
