"""Soundness of workflow nets (WF-nets) that scales to many parallel branches.

A WF-net is sound when, from one token in its source place, every run can still end with exactly
one token in the sink place and nothing else (option to complete, proper completion), and every
transition can fire in some run (no dead transitions).

:func:`soundness` decides this in up to three steps, each only if the previous one did not decide:

1. Structure: one source place, one sink place, every node on a path between them; exactly one
   token in the source initially and in the sink finally.  Cheap graph checks.
2. Reduction: rules that preserve liveness and boundedness shrink the short-circuited net.  If it
   shrinks to one marked place with one self-loop transition, the net is sound without looking at
   a single state; otherwise the (usually much smaller) remainder is explored instead of the
   original.  Block-structured processes (sequences, exclusive and parallel branches, rework loops)
   reduce completely however many branches run in parallel.
3. State space: a breadth-first search over the original net, which decides soundness and yields
   diagnostics in terms of the original transitions, with shortest firing sequences.  If it would
   exceed ``max_states`` a stubborn-set search still looks for deadlocks, and the verdict is
   ``None`` (unknown) unless a problem was proven.

docs/petri-nets.md, section "Soundness: method and why", explains the choices and gives figures.
Nothing here imports pm4py: the function only reads the attributes of the objects it is given.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _, ngettext
from ._compiled import CompiledNet, compile_marking, compile_net
from ._reduce import reduce_short_circuited
from ._statespace import StateGraph, backward_reachable, bottom_sccs, causal_past, explore, fire_all

KINDS = (
    "not-wf-net",
    "bad-marking",
    "dead-transition",
    "deadlock",
    "livelock",
    "improper-completion",
    "unbounded",
    "state-limit",
)
"""Every value of :attr:`Diagnostic.kind`, in the order diagnostics are reported."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding.  Transitions and places are given by name, so callers can map them back.

    ``transitions`` depends on the kind: the dead transitions; for a deadlock the transitions
    waiting for a token that never comes; for a livelock the transitions that keep firing; for an
    improper completion the transition that marked the sink followed by those that could still
    consume the left-over tokens; for unboundedness the repeatable firing sequence.
    ``trace`` is a shortest firing sequence from the initial marking to the problem, when there is
    one (see :func:`soundness` for the single exception).
    """

    kind: str
    message: str
    transitions: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "transitions": list(self.transitions),
            "places": list(self.places),
            "trace": list(self.trace),
        }


@dataclass(frozen=True)
class SoundnessReport:
    sound: bool | None
    """True or False when decided; None only when the state limit stopped the search first."""
    wf_net: bool
    method: str
    """Steps that were needed, joined by '+': structure, reduction, state-space, stubborn-sets."""
    states: int
    """Markings explored over all searches; 0 when structure or reduction alone decided."""
    diagnostics: tuple[Diagnostic, ...]
    elapsed: float
    """Seconds."""

    def of_kind(self, kind: str) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.kind == kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "sound": self.sound,
            "wf_net": self.wf_net,
            "method": self.method,
            "states": self.states,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "elapsed": self.elapsed,
        }


def soundness(
    net: Any,
    initial_marking: Mapping[Any, int],
    final_marking: Mapping[Any, int],
    *,
    max_states: int = 1_000_000,
    max_diagnostic_states: int = 2_000,
) -> SoundnessReport:
    """Decide whether a pm4py WF-net is sound, and explain why not.

    ``net`` is a pm4py ``PetriNet`` and the markings pm4py ``Marking`` objects (any mapping from
    place objects to token counts works).  Place and transition names must be unique.

    Each state-space search stops after ``max_states`` markings.  Once the reduced net has proven
    the net unsound, the searches that only add detail to the diagnostics stop after
    ``max_diagnostic_states`` (if smaller): with many parallel branches the original net has
    millions of states, and the stubborn-set search finds the deadlocks anyway. The default, 2 000
    markings, covers the whole state space of every process file shipped (and of every net in the
    test corpus) and costs a few milliseconds; beyond it an unsound net gets the problems the
    stubborn-set search proves and a ``state-limit`` diagnostic saying that the rest was not searched.

    A net that is not a WF-net, or whose markings are not one token in the source and one in the
    sink, is reported as not sound without further analysis.

    Traces are shortest firing sequences, except for an improper completion found only by the
    stubborn-set search (used when the full search hits the state limit): that trace is the causal
    past of the step that marked the sink, so every step in it is needed, but a shorter run may exist.
    """
    return _soundness(
        net,
        initial_marking,
        final_marking,
        max_states=max_states,
        max_diagnostic_states=max_diagnostic_states,
        use_reduction=True,
    )


def _soundness(
    net: Any,
    initial_marking: Mapping[Any, int],
    final_marking: Mapping[Any, int],
    *,
    max_states: int,
    max_diagnostic_states: int = 2_000,
    use_reduction: bool,
) -> SoundnessReport:
    """:func:`soundness` with the reduction step optional, so tests can compare both paths."""
    if max_states < 1 or max_diagnostic_states < 1:
        raise ValueError(_("state limits must be at least 1"))
    started = time.perf_counter()
    compiled, place_index = compile_net(net)

    source, sink, problems = _workflow_structure(compiled)
    if problems:
        return _report(started, False, False, "structure", 0, problems)
    assert source is not None and sink is not None
    problems = _marking_problems(compiled, source, sink, initial_marking, final_marking, place_index)
    if problems:
        return _report(started, False, True, "structure", 0, problems)

    sound, method, states, diagnostics = _behaviour(
        compiled, source, sink, max_states, max_diagnostic_states, use_reduction
    )
    return _report(started, sound, True, method, states, diagnostics)


def _report(
    started: float,
    sound: bool | None,
    wf_net: bool,
    method: str,
    states: int,
    diagnostics: Iterable[Diagnostic],
) -> SoundnessReport:
    ordered = sorted(diagnostics, key=lambda d: KINDS.index(d.kind))
    return SoundnessReport(sound, wf_net, method, states, tuple(ordered), time.perf_counter() - started)


# --- step 1: structure -----------------------------------------------------------------------------


def _workflow_structure(net: CompiledNet) -> tuple[int | None, int | None, list[Diagnostic]]:
    """Source and sink place, and what keeps the net from being a WF-net."""
    producers, consumers = net.producers(), net.consumers()
    sources = [p for p in range(len(net.places)) if not producers[p]]
    sinks = [p for p in range(len(net.places)) if not consumers[p]]
    problems: list[Diagnostic] = []

    wording = {
        "source": (_("There is no source place (a place without incoming arcs); a workflow net has exactly one."),
                   _("There are {count} source places (places without incoming arcs): {places}; a workflow net "
                     "has exactly one.")),
        "sink": (_("There is no sink place (a place without outgoing arcs); a workflow net has exactly one."),
                 _("There are {count} sink places (places without outgoing arcs): {places}; a workflow net has "
                   "exactly one.")),
    }
    for role, found in (("source", sources), ("sink", sinks)):
        names = tuple(net.places[p] for p in found)
        if not found:
            problems.append(Diagnostic("not-wf-net", wording[role][0]))
        elif len(found) > 1:
            problems.append(Diagnostic("not-wf-net", wording[role][1].format(count=len(found), places=_quoted(names)),
                                       places=names))
    if len(sources) == 1 and sources == sinks:
        name = net.places[sources[0]]
        problems.append(
            Diagnostic(
                "not-wf-net",
                _("Place '{name}' has no arcs at all, so it is both the source and the sink place.").format(name=name),
                places=(name,),
            )
        )
        return None, None, problems

    # Every node must lie on a path from the source to the sink (equivalently, adding a transition
    # from the sink back to the source makes the net strongly connected).  With several sources or
    # sinks, any of them counts, so the remaining problems are still reported.
    forward = _reachable_nodes(net, sources, forward=True)
    backward = _reachable_nodes(net, sinks, forward=False)
    unreached = _("These nodes cannot be reached from the source place: {nodes}. In a workflow net every place "
                  "and transition lies on a path from the source place to the sink place.")
    stranded = _("These nodes cannot reach the sink place: {nodes}. In a workflow net every place and transition "
                 "lies on a path from the source place to the sink place.")
    for reached, text in ((forward, unreached), (backward, stranded)):
        places = tuple(net.places[p] for p in range(len(net.places)) if ("p", p) not in reached)
        transitions = tuple(t for t in range(len(net.transitions)) if ("t", t) not in reached)
        if places or transitions:
            parts = []
            if places:
                parts.append(_("places {names}").format(names=_quoted(places)))
            if transitions:
                parts.append(_("transitions {names}").format(names=net.describe_all(transitions)))
            problems.append(
                Diagnostic(
                    "not-wf-net",
                    text.format(nodes=_("; ").join(parts)),
                    transitions=tuple(net.transitions[t] for t in transitions),
                    places=places,
                )
            )
    if problems:
        return None, None, problems
    return sources[0], sinks[0], []


def _reachable_nodes(net: CompiledNet, roots: Sequence[int], *, forward: bool) -> set[tuple[str, int]]:
    """Places ("p", i) and transitions ("t", j) reachable from the root places along (reversed) arcs."""
    into_transition = net.consumers() if forward else net.producers()
    out_of_transition = net.post if forward else net.pre
    seen = {("p", p) for p in roots}
    todo = list(roots)
    while todo:
        p = todo.pop()
        for t in into_transition[p]:
            if ("t", t) in seen:
                continue
            seen.add(("t", t))
            for q, __ in out_of_transition[t]:
                if ("p", q) not in seen:
                    seen.add(("p", q))
                    todo.append(q)
    return seen


def _marking_problems(
    net: CompiledNet,
    source: int,
    sink: int,
    initial_marking: Mapping[Any, int],
    final_marking: Mapping[Any, int],
    place_index: dict[int, int],
) -> list[Diagnostic]:
    problems = []
    for which, marking, place in (("initial", initial_marking, source), ("final", final_marking, sink)):
        tokens, foreign = compile_marking(marking, place_index)
        if tokens == {place: 1} and not foreign:
            continue
        wrong = [p for p in sorted(tokens) if p != place] + ([place] if tokens.get(place, 0) != 1 else [])
        names = tuple(net.places[p] for p in sorted(wrong)) + tuple(foreign)
        found = _describe_tokens(net, tokens) or _("no tokens")
        if foreign:
            found = _("{tokens}, and places that are not in the net: {places}").format(
                tokens=found, places=_quoted(foreign))
        message = (_("The initial marking must be exactly one token in the source place '{place}'; it is {found}.")
                   if which == "initial" else
                   _("The final marking must be exactly one token in the sink place '{place}'; it is {found}."))
        problems.append(
            Diagnostic(
                "bad-marking",
                message.format(place=net.places[place], found=found),
                places=names,
            )
        )
    return problems


# --- steps 2 and 3: behaviour ----------------------------------------------------------------------


def _behaviour(
    net: CompiledNet, source: int, sink: int, max_states: int, max_diagnostic_states: int, use_reduction: bool
) -> tuple[bool | None, str, int, list[Diagnostic]]:
    methods: list[str] = []
    states = 0
    reduced_verdict: bool | None = None
    reduced_truncated = False
    if use_reduction and net.unit_weights:
        methods.append("reduction")
        reduction = reduce_short_circuited(net, source, sink)
        if reduction.trivial:
            return True, "reduction", 0, []
        if reduction.applied:
            methods.append("state-space")
            graph = explore(reduction.net, reduction.initial, max_states)
            states += len(graph)
            reduced_verdict = _live_and_bounded(graph)
            if reduced_verdict:
                return True, "+".join(methods), states, []
            reduced_truncated = graph.truncated

    # Not sound, or not known: search the original net, whose transitions the caller knows.  If the
    # verdict is known already, that search only adds detail and gets the diagnostic budget.
    if "state-space" not in methods:
        methods.append("state-space")
    known = reduced_verdict is False
    limit = min(max_states, max_diagnostic_states) if known else max_states
    initial = [0] * len(net.places)
    initial[source] = 1
    findings: list[Diagnostic] = []
    # If even the reduced net did not fit in the limit, the original will not either.
    if not reduced_truncated:
        full = explore(net, initial, limit)
        states += len(full)
        findings = _full_findings(net, full, sink)
        if not full.truncated:
            return not findings, "+".join(methods), states, findings

    methods.append("stubborn-sets")
    partial = explore(net, initial, limit, stubborn=True)
    states += len(partial)
    found_kinds = {d.kind for d in findings}
    findings += [d for d in _deadlock_findings(net, partial, sink) if d.kind not in found_kinds]
    sound: bool | None = False if findings or known else None
    limit_name = "max_diagnostic_states" if known and limit < max_states else "max_states"
    findings.append(_state_limit(sound, states, limit, limit_name))
    return sound, "+".join(methods), states, findings


def _live_and_bounded(graph: StateGraph) -> bool | None:
    """Liveness and boundedness of an explored system: None if the exploration was cut short.

    A transition is live iff every bottom strongly connected component of the reachability graph
    contains an edge labelled with it (from any marking one can move into a bottom component, and
    never leave it).
    """
    if graph.covers:
        return False
    if graph.truncated:
        return None
    everything = set(range(len(graph.net.transitions)))
    for component in bottom_sccs(graph):
        fired = {graph.edge_t[e] for s in component for e in graph.edges(s)}
        if fired != everything:
            return False
    return True


def _full_findings(net: CompiledNet, graph: StateGraph, sink: int) -> list[Diagnostic]:
    """All problems visible in a breadth-first graph of the original net (exact if it is complete)."""
    final_counts = [0] * len(net.places)
    final_counts[sink] = 1
    final = graph.index_of(final_counts)
    open_states = graph.open_states()
    findings = _unbounded_and_improper(net, graph, sink, final)

    # Markings that cannot reach the final marking.  Unexplored states count as able to: that keeps
    # every reported deadlock and livelock real even when the search was cut short.
    targets = ([final] if final is not None else []) + open_states
    stuck = bytearray(1 - ok for ok in backward_reachable(graph, targets))
    deadlocks: list[int] = []
    livelocks: list[list[int]] = []
    for component in bottom_sccs(graph, stuck):
        if any(graph.tokens(s, sink) for s in component):
            continue  # a consequence of improper completion, which is reported already
        if len(component) == 1 and not graph.edges(component[0]):
            deadlocks.append(component[0])
        else:
            livelocks.append(component)
    if deadlocks:
        findings.append(_deadlock(net, graph, deadlocks))
    if livelocks:
        findings.append(_livelock(net, graph, livelocks))

    if not open_states:
        dead = sorted(set(range(len(net.transitions))) - set(graph.edge_t))
        if dead:
            names = tuple(net.transitions[t] for t in dead)
            findings.append(
                Diagnostic(
                    "dead-transition",
                    ngettext("This transition can never fire: {transitions}.",
                             "These transitions can never fire: {transitions}.", len(dead)).format(
                                 transitions=net.describe_all(dead)),
                    transitions=names,
                )
            )
    return findings


def _deadlock_findings(net: CompiledNet, graph: StateGraph, sink: int) -> list[Diagnostic]:
    """Problems visible in a stubborn-set graph: deadlocks, and what happens to be on the way."""
    final_counts = [0] * len(net.places)
    final_counts[sink] = 1
    final = graph.index_of(final_counts)
    findings = _unbounded_and_improper(net, graph, sink, final)
    open_states = set(graph.open_states())
    deadlocks = [
        s
        for s in range(len(graph))
        if not graph.edges(s) and s not in open_states and s != final and not graph.tokens(s, sink)
    ]
    if deadlocks:
        findings.append(_deadlock(net, graph, deadlocks))
    return findings


def _unbounded_and_improper(net: CompiledNet, graph: StateGraph, sink: int, final: int | None) -> list[Diagnostic]:
    findings = []
    if graph.covers:
        # Covers are recorded in breadth-first order, so the first has the shortest trace.
        findings.append(_unbounded(net, graph, *graph.covers[0]))
    improper = [s for s in range(len(graph)) if s != final and graph.tokens(s, sink)]
    if improper:
        trace = graph.trace(improper[0])
        counts = graph.counts(improper[0])
        if graph.stubborn:
            # The marking first turns improper when the sink is first marked ([o] enables nothing),
            # i.e. by the last step of this trace.  The steps it does not depend on are interleaved
            # work elsewhere that the stubborn-set order happened to put first; the rest still ends
            # in an improper marking, because in a WF-net every transition has an input place.
            initial = graph.counts(0)
            trace = causal_past(net, initial, trace)
            counts = fire_all(net, initial, trace)
        findings.append(_improper(net, sink, trace, counts))
    return findings


# --- wording -----------------------------------------------------------------------------------------


def _deadlock(net: CompiledNet, graph: StateGraph, deadlocks: list[int]) -> Diagnostic:
    s = deadlocks[0]
    trace = graph.trace(s)
    counts = graph.counts(s)
    waiting = [t for t in range(len(net.transitions)) if any(counts[p] for p, __ in net.pre[t])]
    needs = _("; ").join(
        _("{transition} needs {places}").format(
            transition=net.describe(t), places=_quoted([net.places[p] for p, w in net.pre[t] if counts[p] < w]))
        for t in waiting
    )
    values = {"count": len(deadlocks), "trace": _describe_trace(net, trace), "tokens": _describe_tokens(net, counts),
              "needs": needs}
    if len(deadlocks) > 1:
        message = _("Deadlock ({count} such markings; this one is reached first): after {trace} the tokens are in "
                    "{tokens} and nothing can fire ({needs}), so the case never reaches the sink place.")
    else:
        message = _("Deadlock: after {trace} the tokens are in {tokens} and nothing can fire ({needs}), so the case "
                    "never reaches the sink place.")
    if not needs:
        message = _("Deadlock: after {trace} the tokens are in {tokens} and nothing can fire, so the case never "
                    "reaches the sink place.")
    return Diagnostic(
        "deadlock",
        message.format(**values),
        transitions=tuple(net.transitions[t] for t in waiting),
        places=_marked_places(net, counts),
        trace=tuple(net.transitions[t] for t in trace),
    )


def _livelock(net: CompiledNet, graph: StateGraph, livelocks: list[list[int]]) -> Diagnostic:
    component = livelocks[0]
    s = component[0]
    trace = graph.trace(s)
    counts = graph.counts(s)
    looping = sorted({graph.edge_t[e] for v in component for e in graph.edges(v)})
    values = {"count": len(livelocks), "trace": _describe_trace(net, trace), "tokens": _describe_tokens(net, counts),
              "looping": net.describe_all(looping)}
    if len(livelocks) > 1:
        message = _("Livelock ({count} such traps; this one is reached first): after {trace} (tokens in {tokens}) "
                    "only {looping} can fire, over and over, and the sink place can no longer be reached.")
    else:
        message = _("Livelock: after {trace} (tokens in {tokens}) only {looping} can fire, over and over, and the "
                    "sink place can no longer be reached.")
    return Diagnostic(
        "livelock",
        message.format(**values),
        transitions=tuple(net.transitions[t] for t in looping),
        places=_marked_places(net, counts),
        trace=tuple(net.transitions[t] for t in trace),
    )


def _improper(net: CompiledNet, sink: int, trace: list[int], counts: Sequence[int]) -> Diagnostic:
    left = [p for p in range(len(net.places)) if counts[p] and (p != sink or counts[p] > 1)]
    consumers = net.consumers()
    pending = sorted({t for p in left for t in consumers[p]})
    completing = trace[-1:]  # empty only if the initial marking were improper, which step 1 excludes
    remaining = [_("'{place}' ({count} tokens)").format(place=net.places[p], count=counts[p]) if counts[p] > 1
                 else f"'{net.places[p]}'" for p in left if p != sink]
    if counts[sink] > 1:
        extra = counts[sink] - 1
        remaining.append(ngettext("a second token in '{place}'", "{count} more tokens in '{place}'", extra).format(
            count=extra, place=net.places[sink]))
    values = {"trace": _describe_trace(net, trace), "sink": net.places[sink], "remaining": _(", ").join(remaining),
              "pending": net.describe_all(pending)}
    if pending:
        text = _("Improper completion: after {trace} the sink place '{sink}' is marked while tokens remain: "
                 "{remaining}. Still able to take them: {pending}.").format(**values)
    else:
        text = _("Improper completion: after {trace} the sink place '{sink}' is marked while tokens remain: "
                 "{remaining}.").format(**values)
    return Diagnostic(
        "improper-completion",
        text,
        transitions=tuple(net.transitions[t] for t in (*completing, *pending)),
        places=tuple(net.places[p] for p in left),
        trace=tuple(net.transitions[t] for t in trace),
    )


def _unbounded(net: CompiledNet, graph: StateGraph, s: int, ancestor: int) -> Diagnostic:
    trace = graph.trace(s)
    prefix = graph.trace(ancestor)
    loop = trace[len(prefix) :]
    later, earlier = graph.counts(s), graph.counts(ancestor)
    growing = tuple(net.places[p] for p in range(len(net.places)) if later[p] > earlier[p])
    return Diagnostic(
        "unbounded",
        _("Unbounded: after {trace}, the sequence {loop} can be repeated forever and adds tokens to {places} each "
          "time.").format(trace=_describe_trace(net, prefix), loop=net.describe_all(loop), places=_quoted(growing)),
        transitions=tuple(net.transitions[t] for t in loop),
        places=growing,
        trace=tuple(net.transitions[t] for t in trace),
    )


def _state_limit(sound: bool | None, states: int, limit: int, limit_name: str) -> Diagnostic:
    if sound is None:
        message = _("State limit reached: {states} states explored in all, at most {limit} per search; soundness is "
                    "unknown; raise {option} or simplify the net.")
    else:
        message = _("State limit reached: {states} states explored in all, at most {limit} per search; the net is not "
                    "sound, but not all of its state space was searched: dead transitions and livelocks were not "
                    "checked, and there may be more problems than those listed (raise {option}).")
    return Diagnostic("state-limit", message.format(states=states, limit=limit, option=limit_name))


def _describe_trace(net: CompiledNet, trace: Sequence[int]) -> str:
    return _("firing {transitions}").format(transitions=net.describe_all(trace)) if trace else _("the start")


def _describe_tokens(net: CompiledNet, counts: Mapping[int, int] | Sequence[int]) -> str:
    items = counts.items() if isinstance(counts, Mapping) else enumerate(counts)
    return _(", ").join(_("'{place}' ({count} tokens)").format(place=net.places[p], count=c) if c > 1
                        else f"'{net.places[p]}'" for p, c in sorted(items) if c)


def _marked_places(net: CompiledNet, counts: Sequence[int]) -> tuple[str, ...]:
    return tuple(net.places[p] for p, c in enumerate(counts) if c)


def _quoted(names: Iterable[str]) -> str:
    return _(", ").join(f"'{n}'" for n in names)
