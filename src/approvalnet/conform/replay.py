"""Replaying cases on the process's Petri net: per variant, not per case.

Two cases whose steps come in the same order (one *variant*) replay the same way, so each variant
is replayed once and its numbers count as often as the variant occurs. Logs of approval items have
few variants (hundreds for 100,000 cases), which makes replay both fast and lean: the cases
themselves never need to be in memory together.

- **Diagnosis** (which steps were skipped, swapped, done where they should not be): an optimal
  alignment of the variant with the net, found here by a shortest-path search over (marking,
  position in the trace) with pm4py's standard costs (a model move 10,000, a silent transition 1,
  a synchronous move 0), a log move costing 10,001 so that a step the log shows is matched where
  that explains the case as well. Remaining ties are broken in a fixed order (transitions by name),
  so the same log always gets the same explanation, which pm4py's alignments (hash-ordered sets of
  places) do not promise.
- **Fitness and precision** are pm4py's token-based replay, called once on the variants
  (``fitness_token_based_replay`` counts missing, consumed, remaining and produced tokens per trace;
  each variant's counts are weighted by its cases) and pm4py's ETConformance precision computed
  from the variants' prefixes with their counts: the same numbers pm4py gives for the whole log.
- **Alignment fitness and precision** (``--alignments``): pm4py's alignments of the variants, weighted
  likewise, and its Align-ETConformance precision computed from the variants' prefixes.

The net is built by ``to_petri_net``; for pm4py its visible transitions are relabelled with step ids
(step names need not be unique), and an activity that is no step gets a label no transition has.
"""

from __future__ import annotations

import heapq
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# pm4py's standard costs, but a log move one more than a model move: of two otherwise equal explanations,
# the one that matches what the log shows with a step ("a decision without its review") is chosen over
# the one that sets the log's step aside ("a decision where the standard has none")
MODEL_MOVE = 10_000
LOG_MOVE = 10_001
TAU = 1
MAX_STATES = 200_000  # an alignment that needs more is given up (the case is reported as unexplained)

Move = tuple[str, int, int]  # ("sync" | "model" | "log", step index or -1, position in the trace or -1)


@dataclass(frozen=True)
class CompiledNet:
    """A Petri net as index lists: places and transitions sorted by name."""

    places: tuple[str, ...]
    names: tuple[str, ...]
    inputs: tuple[tuple[int, ...], ...]
    outputs: tuple[tuple[int, ...], ...]
    steps: tuple[int, ...]  # step index of each transition, -1 when silent
    initial: tuple[int, ...]
    final: tuple[int, ...]

    @classmethod
    def of(cls, net: Any, initial: Any, final: Any, step_index: dict[str, int]) -> CompiledNet:
        places = sorted(net.places, key=lambda p: p.name)
        transitions = sorted(net.transitions, key=lambda t: t.name)
        index = {p: i for i, p in enumerate(places)}

        def marking(m: Any) -> tuple[int, ...]:
            counts = [0] * len(places)
            for place, n in m.items():
                counts[index[place]] = n
            return tuple(counts)

        def arcs(arcs_: Any, end: str) -> tuple[int, ...]:
            found: list[int] = []
            for arc in arcs_:
                found.extend([index[getattr(arc, end)]] * int(arc.weight))
            return tuple(sorted(found))

        return cls(
            tuple(p.name for p in places), tuple(t.name for t in transitions),
            tuple(arcs(t.in_arcs, "source") for t in transitions),
            tuple(arcs(t.out_arcs, "target") for t in transitions),
            tuple(step_index[(t.properties or {})["step"]] if t.label is not None else -1 for t in transitions),
            marking(initial), marking(final))

    def fire(self, marking: tuple[int, ...], t: int) -> tuple[int, ...] | None:
        """The marking after ``t``, or None when ``t`` is not enabled."""
        m = list(marking)
        for p in self.inputs[t]:
            if m[p] <= 0:
                return None
            m[p] -= 1
        for p in self.outputs[t]:
            m[p] += 1
        return tuple(m)


def align(net: CompiledNet, trace: Sequence[int], max_states: int = MAX_STATES) -> tuple[int, list[Move]] | None:
    """An optimal alignment of ``trace`` (step indices) with ``net``: its cost and its visible moves, in
    order; None when the search gives up (more than ``max_states`` states, or no way to the end)."""
    n = len(trace)
    start = (net.initial, 0)
    best: dict[tuple[tuple[int, ...], int], int] = {start: 0}
    parent: dict[tuple[tuple[int, ...], int], tuple[tuple[tuple[int, ...], int], Move | None] | None] = {start: None}
    heap: list[tuple[int, int, int, tuple[tuple[int, ...], int]]] = [(0, 0, 0, start)]
    counter = 0
    transitions = range(len(net.names))
    while heap:
        cost, _, _, state = heapq.heappop(heap)
        if cost > best[state]:
            continue
        marking, i = state
        if i == n and marking == net.final:
            moves: list[Move] = []
            node: tuple[tuple[int, ...], int] | None = state
            while node is not None and parent[node] is not None:
                previous, move = parent[node]  # type: ignore[misc]
                if move is not None:
                    moves.append(move)
                node = previous
            moves.reverse()
            return cost, moves
        if len(best) > max_states:
            return None
        options: list[tuple[tuple[tuple[int, ...], int], int, Move | None]] = []
        for t in transitions:
            after = net.fire(marking, t)
            if after is None:
                continue
            step = net.steps[t]
            if step < 0:
                options.append(((after, i), TAU, None))
                continue
            if i < n and trace[i] == step:
                options.append(((after, i + 1), 0, ("sync", step, i)))
            options.append(((after, i), MODEL_MOVE, ("model", step, -1)))
        if i < n:
            options.append(((marking, i + 1), LOG_MOVE, ("log", trace[i], i)))
        for target, step_cost, move in options:
            value = cost + step_cost
            if value < best.get(target, value + 1):
                best[target] = value
                parent[target] = (state, move)
                counter += 1
                # ties: the state further along the trace first, then the order of discovery
                heapq.heappush(heap, (value, -target[1], counter, target))
    return None


# --- pm4py: fitness, precision, alignments over variants ----------------------------------------

UNKNOWN_LABEL = "\x00unknown:"  # prefix of the label of an activity that is no step (no transition has it)


def pm4py_net(process: Any) -> tuple[Any, Any, Any]:
    """``to_petri_net(process)`` with each visible transition labelled by its step id."""
    from ..net.build import to_petri_net

    net, initial, final = to_petri_net(process)
    for t in net.transitions:
        if t.label is not None:
            t.label = (t.properties or {})["step"]
    return net, initial, final


def _event_log(traces: Sequence[Sequence[str]]) -> Any:
    from pm4py.objects.log.obj import Event, EventLog, Trace

    log = EventLog()
    for labels in traces:
        log.append(Trace([Event({"concept:name": label}) for label in labels]))
    return log


def _quiet() -> None:
    # pm4py draws tqdm bars on stderr for every call; the command has its own progress
    os.environ.setdefault("PM4PY_SHOW_PROGRESS_BAR", "False")


@dataclass(frozen=True)
class TokenReplay:
    fitness: float  # pm4py's log fitness: 0.5 (1 - missing/consumed) + 0.5 (1 - remaining/produced)
    fitting: list[bool]  # per variant


def token_replay(net: Any, initial: Any, final: Any, variants: Sequence[tuple[Sequence[str], int]]) -> TokenReplay:
    """pm4py's token-based replay of each variant, weighted by its count."""
    _quiet()
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr

    if not variants:
        return TokenReplay(1.0, [])
    replayed = tr.apply(_event_log([v for v, _ in variants]), net, initial, final,
                        parameters={tr.Parameters.SHOW_PROGRESS_BAR: False})
    totals = [0.0, 0.0, 0.0, 0.0]  # missing, consumed, remaining, produced
    for result, (_, count) in zip(replayed, variants, strict=True):
        for k, key in enumerate(("missing_tokens", "consumed_tokens", "remaining_tokens", "produced_tokens")):
            totals[k] += result[key] * count
    missing, consumed, remaining, produced = totals
    fitness = 1.0
    if consumed > 0 and produced > 0:
        fitness = 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced)
    return TokenReplay(fitness, [bool(r["trace_is_fit"]) for r in replayed])


def _prefixes(variants: Sequence[tuple[Sequence[str], int]]) -> tuple[dict[tuple[str, ...], set[str]],
                                                                      dict[tuple[str, ...], int], set[str], int]:
    """The log's prefixes from its variants: what follows each prefix, how many cases pass through
    it, the first activities, and the number of cases (the material of ETConformance precision)."""
    following: dict[tuple[str, ...], set[str]] = {}
    counts: dict[tuple[str, ...], int] = {}
    starts: set[str] = set()
    cases = 0
    for labels, count in variants:
        labels = tuple(labels)
        cases += count
        if labels:
            starts.add(labels[0])
        for i in range(1, len(labels)):
            prefix = labels[:i]
            following.setdefault(prefix, set()).add(labels[i])
            counts[prefix] = counts.get(prefix, 0) + count
    return following, counts, starts, cases


def precision(net: Any, initial: Any, final: Any, variants: Sequence[tuple[Sequence[str], int]]) -> float:
    """pm4py's ETConformance precision (``precision_token_based_replay``) from the variants.

    For every prefix of the log, the activities the model allows next (replaying the prefix) are
    compared with those the log shows after it; escaping edges are the allowed but never observed.
    The prefixes and their counts come from the variants, so the log is not needed again.
    """
    _quiet()
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr

    def allowed_after(prefixes: list[tuple[str, ...]]) -> list[set[str] | None]:
        replayed = tr.apply(_event_log(prefixes), net, initial, final, parameters={
            tr.Parameters.SHOW_PROGRESS_BAR: False,
            tr.Parameters.CONSIDER_REMAINING_IN_FITNESS: False,
            tr.Parameters.TRY_TO_REACH_FINAL_MARKING_THROUGH_HIDDEN: False,
            tr.Parameters.STOP_IMMEDIATELY_UNFIT: True,
            tr.Parameters.WALK_THROUGH_HIDDEN_TRANS: True,
        })
        return [{t.label for t in r["enabled_transitions_in_marking"] if t.label is not None}
                if r["trace_is_fit"] else None for r in replayed]

    return _escaping_edges_precision(net, initial, variants, allowed_after)


def alignment_precision(net: Any, initial: Any, final: Any, variants: Sequence[tuple[Sequence[str], int]]) -> float:
    """pm4py's Align-ETConformance precision (``precision_alignments``) from the variants.

    As ``precision``, but each prefix of the log is aligned with the net (so that prefixes the model
    cannot replay still count, at the markings where their alignments stop) instead of replayed."""
    _quiet()
    from pm4py.algo.evaluation.precision.variants import align_etconformance as align
    from pm4py.objects.petri_net.utils.align_utils import get_visible_transitions_eventually_enabled_by_marking

    def allowed_after(prefixes: list[tuple[str, ...]]) -> list[set[str] | None]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PendingDeprecationWarning)  # pm4py's use of numpy.matrix
            stops = align.align_fake_log_stop_marking(_event_log(prefixes), net, initial, final,
                                                      parameters={"show_progress_bar": False})
        result: list[set[str] | None] = []
        for reached in align.transform_markings_from_sync_to_original_net(stops, net):
            if reached is None:
                result.append(None)
                continue
            allowed: set[str] = set()
            for marking in reached:
                allowed |= {t.label for t in get_visible_transitions_eventually_enabled_by_marking(net, marking)
                            if t.label is not None}
            result.append(allowed)
        return result

    return _escaping_edges_precision(net, initial, variants, allowed_after)


def _escaping_edges_precision(net: Any, initial: Any, variants: Sequence[tuple[Sequence[str], int]],
                              allowed_after: Any) -> float:
    """ETConformance precision: 1 - escaping edges / allowed edges, over every prefix of the log
    (weighted by its cases) and the empty prefix. ``allowed_after(prefixes)`` gives, per prefix, the
    activities the model allows next, or None for a prefix it cannot place (left out)."""
    from pm4py.objects.petri_net.utils.align_utils import get_visible_transitions_eventually_enabled_by_marking

    if not variants:
        return 1.0
    following, counts, starts, cases = _prefixes(variants)
    enabled_at_start = {t.label for t in get_visible_transitions_eventually_enabled_by_marking(net, initial)}
    sum_at = cases * len(enabled_at_start)
    sum_ee = cases * len(enabled_at_start - starts)
    prefixes = list(following)
    if prefixes:
        for prefix, allowed in zip(prefixes, allowed_after(prefixes), strict=True):
            if allowed is None:
                continue
            sum_at += len(allowed) * counts[prefix]
            sum_ee += len(allowed - following[prefix]) * counts[prefix]
    return 1 - sum_ee / sum_at if sum_at > 0 else 1.0


@dataclass(frozen=True)
class AlignmentFitness:
    fitness: float  # pm4py's log fitness of alignments: 1 - sum of costs / sum of best worst costs
    fitting_cases: int
    precision: float | None = None  # Align-ETConformance precision


def alignment_fitness(net: Any, initial: Any, final: Any,
                      variants: Sequence[tuple[Sequence[str], int]]) -> AlignmentFitness:
    """pm4py's alignments of the variants (``fitness_alignments``), weighted by their counts."""
    _quiet()
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments

    if not variants:
        return AlignmentFitness(1.0, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # pm4py's use of numpy.matrix
        aligned = alignments.apply(_event_log([v for v, _ in variants]), net, initial, final,
                                   parameters={"show_progress_bar": False})
    cost = worst = 0.0
    fitting = 0
    for result, (_, count) in zip(aligned, variants, strict=True):
        if result is None:
            continue
        cost += result["cost"] * count
        worst += result["bwc"] * count
        if result["fitness"] == 1.0:
            fitting += count
    return AlignmentFitness(1.0 - cost / worst if worst > 0 else 0.0, fitting,
                            alignment_precision(net, initial, final, variants))
