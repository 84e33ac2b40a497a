"""Reduction rules that preserve liveness and boundedness of a short-circuited workflow net.

A workflow net N with source i and sink o is sound iff the short-circuited net N* (N plus a
transition t* from o back to i), marked with one token in i, is live and bounded (van der Aalst
1997).  Each rule below turns a system into a smaller one that is live and bounded iff the original
is, so if N* shrinks to one marked place with one self-loop transition, N is sound.  When the rules
get stuck the smaller system is still equivalent for liveness and boundedness and can be explored
instead of the original.  docs/petri-nets.md ("Soundness: method and why") gives the arguments.

All rules assume unit arc weights and keep them: a rule that would create an arc of weight 2 is
not applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..i18n import _
from ._compiled import CompiledNet

SHORT_CIRCUIT = "short-circuit"
"""Name given to the added transition t* in the reduced net."""


@dataclass(frozen=True)
class Reduction:
    net: CompiledNet
    """What is left of N*.  Place and transition names are those of surviving original nodes."""
    initial: tuple[int, ...]
    """Tokens per place of ``net`` (the image of the marking [i])."""
    rules: dict[str, int]
    """How often each rule was applied."""

    @property
    def trivial(self) -> bool:
        """One marked place and one transition forming a self-loop: live and bounded by inspection."""
        net = self.net
        return (
            len(net.places) == 1
            and len(net.transitions) == 1
            and net.pre[0] == net.post[0] == ((0, 1),)
            and self.initial[0] >= 1
        )

    @property
    def applied(self) -> int:
        return sum(self.rules.values())


class _Net:
    """Mutable adjacency sets; transitions and places keep their original indices."""

    def __init__(self, pre: dict[int, set[int]], post: dict[int, set[int]], tokens: dict[int, int]):
        self.pre = pre
        self.post = post
        self.tokens = tokens
        places = {p for arcs in (*pre.values(), *post.values()) for p in arcs} | set(tokens)
        self.producers: dict[int, set[int]] = {p: set() for p in places}
        self.consumers: dict[int, set[int]] = {p: set() for p in places}
        for t, arcs in pre.items():
            for p in arcs:
                self.consumers[p].add(t)
        for t, arcs in post.items():
            for p in arcs:
                self.producers[p].add(t)

    def remove_place(self, p: int) -> None:
        for t in self.producers.pop(p):
            self.post[t].discard(p)
        for t in self.consumers.pop(p):
            self.pre[t].discard(p)
        self.tokens.pop(p, None)

    def remove_transition(self, t: int) -> None:
        for p in self.pre.pop(t):
            self.consumers[p].discard(t)
        for p in self.post.pop(t):
            self.producers[p].discard(t)


def reduce_short_circuited(net: CompiledNet, source: int, sink: int) -> Reduction:
    """Apply the rules to N* until none applies.  ``net`` must be a WF-net with unit weights."""
    if not net.unit_weights:
        raise ValueError(_("the reduction rules need unit arc weights"))
    t_star = len(net.transitions)
    pre = {t: {p for p, __ in arcs} for t, arcs in enumerate(net.pre)}
    post = {t: {p for p, __ in arcs} for t, arcs in enumerate(net.post)}
    pre[t_star], post[t_star] = {sink}, {source}
    work = _Net(pre, post, {source: 1})

    rules: Counter[str] = Counter()
    rule_functions = (
        ("abstraction", _abstraction),
        ("parallel places", _parallel_places),
        ("parallel transitions", _parallel_transitions),
        ("self-loop transition", _self_loop_transition),
        ("self-loop place", _self_loop_place),
    )
    progress = True
    while progress:
        progress = False
        for name, rule in rule_functions:
            applied = rule(work)
            if applied:
                rules[name] += applied
                progress = True

    return _result(net, work, t_star, dict(rules))


def _abstraction(net: _Net) -> int:
    """Abstraction (Desel & Esparza 1995, rule phi_A; Murata's series fusions are special cases).

    A place s whose only consumer is t, where s is t's only input, is removed together with t, and
    every producer of s produces t's outputs directly.  Once s is marked nothing competes for it and
    nothing else is needed to fire t, so firing t right away hides no behaviour.
    Side conditions: s has a producer (otherwise t may be dead in N but gone in the result), t has
    an output (otherwise tokens piling up in s would have no image) and does not feed s, and no
    producer of s is already connected to an output of t (that would need weight 2).
    Tokens in s are moved to t's outputs, i.e. t is fired for each of them.
    """
    applied = 0
    for s in sorted(net.consumers):
        if s not in net.consumers or len(net.consumers[s]) != 1:
            continue
        (t,) = net.consumers[s]
        outputs = net.post[t]
        producers = net.producers[s]
        if net.pre[t] != {s} or not outputs or s in outputs or not producers:
            continue
        if any(net.post[u] & outputs for u in producers):
            continue
        outputs = set(outputs)
        moved = net.tokens.get(s, 0)
        producers = set(producers)
        net.remove_transition(t)
        net.remove_place(s)
        for q in outputs:
            if moved:
                net.tokens[q] = net.tokens.get(q, 0) + moved
            for u in producers:
                net.post[u].add(q)
                net.producers[q].add(u)
        applied += 1
    return applied


def _parallel_places(net: _Net) -> int:
    """Fusion of parallel places (Murata 1989): places with the same producers, the same consumers
    and the same initial tokens always hold the same number of tokens, so one of them suffices."""
    groups: dict[tuple[frozenset[int], frozenset[int], int], list[int]] = {}
    for p in sorted(net.consumers):
        key = (frozenset(net.producers[p]), frozenset(net.consumers[p]), net.tokens.get(p, 0))
        groups.setdefault(key, []).append(p)
    applied = 0
    for places in groups.values():
        for p in places[1:]:
            net.remove_place(p)
            applied += 1
    return applied


def _parallel_transitions(net: _Net) -> int:
    """Fusion of parallel transitions (Murata 1989): transitions with the same inputs and outputs
    are enabled together and have the same effect, so one of them suffices (and is live iff the
    other is)."""
    groups: dict[tuple[frozenset[int], frozenset[int]], list[int]] = {}
    for t in sorted(net.pre):
        groups.setdefault((frozenset(net.pre[t]), frozenset(net.post[t])), []).append(t)
    applied = 0
    for transitions in groups.values():
        for t in transitions[1:]:
            net.remove_transition(t)
            applied += 1
    return applied


def _self_loop_transition(net: _Net) -> int:
    """Elimination of a self-loop transition (Murata 1989) t with one input and output place p.

    Firing t changes nothing, so reachability and boundedness are untouched.  t is live iff p can
    always be marked again, which the required other producer of p guarantees whenever the rest of
    the net is live.
    """
    applied = 0
    for t in sorted(net.pre):
        if t not in net.pre or len(net.pre[t]) != 1 or net.pre[t] != net.post[t]:
            continue
        (p,) = net.pre[t]
        if net.producers[p] - {t}:
            net.remove_transition(t)
            applied += 1
    return applied


def _self_loop_place(net: _Net) -> int:
    """Elimination of a self-loop place (Murata 1989): a marked place p whose only producer and
    only consumer is the same transition t keeps its tokens forever and never blocks t.  t must
    have another input, so that removing p does not leave a transition that is always enabled."""
    applied = 0
    for p in sorted(net.consumers):
        if p not in net.consumers or net.tokens.get(p, 0) < 1:
            continue
        if len(net.consumers[p]) != 1 or net.consumers[p] != net.producers[p]:
            continue
        (t,) = net.consumers[p]
        if len(net.pre[t]) >= 2:
            net.remove_place(p)
            applied += 1
    return applied


def _result(original: CompiledNet, work: _Net, t_star: int, rules: dict[str, int]) -> Reduction:
    places = sorted(work.consumers)
    transitions = sorted(work.pre)
    place_index = {p: i for i, p in enumerate(places)}
    names = [*original.transitions, SHORT_CIRCUIT]
    net = CompiledNet(
        places=tuple(original.places[p] for p in places),
        transitions=tuple(names[t] for t in transitions),
        labels=tuple(None for __ in transitions),
        pre=tuple(tuple(sorted((place_index[p], 1) for p in work.pre[t])) for t in transitions),
        post=tuple(tuple(sorted((place_index[p], 1) for p in work.post[t])) for t in transitions),
    )
    initial = tuple(work.tokens.get(p, 0) for p in places)
    return Reduction(net=net, initial=initial, rules=rules)
