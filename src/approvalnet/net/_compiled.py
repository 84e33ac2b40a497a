"""An index-based, immutable copy of a pm4py Petri net.

The analyses in this package work on small integers instead of pm4py objects: pm4py places and
transitions hash by ``id()`` and live in Python sets, so their iteration order changes from run to
run.  Sorting by name here makes every result (which trace is reported first, which transition is
tried first) reproducible.  Nothing in this module imports pm4py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import _

# pm4py marks inhibitor and reset arcs with this property (pm4py.objects.petri_net.properties.ARCTYPE).
_ARCTYPE = "arctype"

Arcs = tuple[tuple[int, int], ...]
"""(place index, weight) pairs of one transition, sorted by place index."""


@dataclass(frozen=True)
class CompiledNet:
    places: tuple[str, ...]
    transitions: tuple[str, ...]
    labels: tuple[str | None, ...]
    pre: tuple[Arcs, ...]
    post: tuple[Arcs, ...]

    @property
    def unit_weights(self) -> bool:
        return all(w == 1 for arcs in (*self.pre, *self.post) for __, w in arcs)

    def producers(self) -> list[list[int]]:
        """For every place, the transitions that put tokens into it."""
        result: list[list[int]] = [[] for __ in self.places]
        for t, arcs in enumerate(self.post):
            for p, __ in arcs:
                result[p].append(t)
        return result

    def consumers(self) -> list[list[int]]:
        """For every place, the transitions that take tokens from it."""
        result: list[list[int]] = [[] for __ in self.places]
        for t, arcs in enumerate(self.pre):
            for p, __ in arcs:
                result[p].append(t)
        return result

    def describe(self, t: int) -> str:
        """How a transition is named in messages: its label, or its name if it is silent."""
        label = self.labels[t]
        return f"'{label}'" if label else f"'{self.transitions[t]}'"

    def describe_all(self, transitions: Iterable[int]) -> str:
        from ..i18n import _

        return _(", ").join(self.describe(t) for t in transitions)


def compile_net(net: Any) -> tuple[CompiledNet, dict[int, int]]:
    """Copy a pm4py ``PetriNet`` into a :class:`CompiledNet`.

    Returns the compiled net and a map from ``id(place)`` to place index, for translating markings.
    Raises ``ValueError`` for inputs that have no meaning as a place/transition net: duplicate
    names (the report identifies nodes by name, so they must be unique), arcs between two places or
    two transitions, arcs to nodes outside the net, inhibitor and reset arcs, and weights below 1.
    """
    places = sorted(net.places, key=lambda p: natural_key(str(p.name)))
    transitions = sorted(net.transitions, key=lambda t: natural_key(str(t.name)))
    _require_unique("place", [str(p.name) for p in places])
    _require_unique("transition", [str(t.name) for t in transitions])
    place_index = {id(p): i for i, p in enumerate(places)}
    transition_index = {id(t): i for i, t in enumerate(transitions)}

    pre: list[dict[int, int]] = [{} for __ in transitions]
    post: list[dict[int, int]] = [{} for __ in transitions]
    for arc in net.arcs:
        kind = (getattr(arc, "properties", None) or {}).get(_ARCTYPE)
        if kind is not None:
            raise ValueError(_("{kind} arcs are not supported ({name} -> {name2})").format(
                                   kind=kind, name=arc.source.name, name2=arc.target.name))
        weight = arc.weight
        if not isinstance(weight, int) or weight < 1:
            raise ValueError(_("arc {name} -> {name2} has weight {weight!r}").format(
                                   name=arc.source.name, name2=arc.target.name, weight=weight))
        src, dst = id(arc.source), id(arc.target)
        if src in place_index and dst in transition_index:
            arcs, p, t = pre, place_index[src], transition_index[dst]
        elif src in transition_index and dst in place_index:
            arcs, p, t = post, place_index[dst], transition_index[src]
        else:
            raise ValueError(
                _("arc {name} -> {name2} does not join a place and a transition of the net").format(
                      name=arc.source.name, name2=arc.target.name)
            )
        # pm4py lets the same arc be added twice; two parallel arcs behave like one arc of summed weight.
        arcs[t][p] = arcs[t].get(p, 0) + weight

    compiled = CompiledNet(
        places=tuple(str(p.name) for p in places),
        transitions=tuple(str(t.name) for t in transitions),
        labels=tuple(t.label for t in transitions),
        pre=tuple(tuple(sorted(d.items())) for d in pre),
        post=tuple(tuple(sorted(d.items())) for d in post),
    )
    return compiled, place_index


def compile_marking(marking: Mapping[Any, int], place_index: dict[int, int]) -> tuple[dict[int, int], list[str]]:
    """Translate a pm4py ``Marking`` into {place index: tokens}.

    Also returns the names of marked places that are not in the net, which make the marking invalid.
    """
    tokens: dict[int, int] = {}
    foreign: list[str] = []
    for place, count in marking.items():
        if not count:
            continue
        index = place_index.get(id(place))
        if index is None:
            foreign.append(str(getattr(place, "name", place)))
        else:
            tokens[index] = tokens.get(index, 0) + count
    return tokens, sorted(foreign)


def natural_key(name: str) -> tuple[tuple[object, ...], str]:
    """Sort key that puts 'step2' before 'step10', so messages list nodes in a readable order."""
    parts = re.split(r"(\d+)", name)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), name


def _require_unique(kind: str, names: list[str]) -> None:
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        raise ValueError(_("duplicate {kind} names: {items}").format(kind=kind, items=', '.join(duplicates)))
