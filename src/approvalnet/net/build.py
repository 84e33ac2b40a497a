"""From a process to a workflow net (WF-net) made of pm4py's own objects.

The mapping, construct by construct (drawn in ``docs/petri-nets.md``):

- the process: one ``source`` place holding the initial token and one ``sink`` place;
- a step: a labelled transition ``t.<id>`` (label = the step's name) with an input place
  ``p.<id>``; the first step's input place is ``source`` unless a loop leads back to it, in which
  case a silent ``t.start`` moves the token from ``source`` to it (a WF-net's source has no input);
- a sequence (``next: x``, or the next step in the list): an arc from ``t.<id>`` to ``p.<x>``;
- a parallel split (``next: [a, b]``): arcs from ``t.<id>`` to each branch's input place;
- a parallel join (``join: all``): one input place per incoming edge, ``p.<id>.from.<src>``, all
  consumed by ``t.<id>``;
- an exclusive choice (``outcomes``): ``t.<id>`` marks ``p.<id>.choice``, from which one silent
  transition per outcome, ``t.<id>.<outcome>``, moves the token on;
- an end (``end: approved``): a token into ``p.end.approved``, from which the silent
  ``t.end.approved`` moves it into ``sink``, so that every outcome flows into the one sink.

Names use ``.``, which step ids cannot contain, so they are unique and derived from step ids alone:
the same file always gives the same net. Every node carries in ``properties`` what it came from:
``step`` (id), ``loc`` (a ``Loc``: file, line, column), ``role`` and, for choices, ``outcome`` and ``p``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..language.flow import Edge, out_edges, predecessors
from ..language.types import Process

if TYPE_CHECKING:
    from pm4py.objects.petri_net.obj import Marking, PetriNet

_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def to_petri_net(process: Process) -> tuple[PetriNet, Marking, Marking]:
    """Build the WF-net of ``process``: ``(net, initial_marking, final_marking)``."""
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net = PetriNet(process.code)
    places: dict[str, PetriNet.Place] = {}
    transitions: dict[str, PetriNet.Transition] = {}

    def place(name: str, **properties: object) -> PetriNet.Place:
        if name not in places:
            node = PetriNet.Place(name, properties=dict(properties))
            places[name] = node
            net.places.add(node)
        return places[name]

    def transition(name: str, label: str | None, **properties: object) -> PetriNet.Transition:
        node = PetriNet.Transition(name, label, properties=dict(properties))
        transitions[name] = node
        net.transitions.add(node)
        return node

    def arc(a: PetriNet.Place | PetriNet.Transition, b: PetriNet.Place | PetriNet.Transition) -> None:
        add_arc_from_to(a, b, net)

    incoming = predecessors(process)
    first = process.steps[0]
    source = place("source", role="source")
    sink = place("sink", role="sink")

    def input_place(target: str, source_step: str) -> PetriNet.Place:
        step = process.step(target)
        if step.join == "all":
            return place(f"p.{target}.from.{source_step}", step=target, role="join-input", from_step=source_step,
                         loc=step.loc)
        if target == first.id and not incoming[first.id] and first.join != "all":
            return source
        return place(f"p.{target}", step=target, role="input", loc=step.loc)

    def end_place(outcome: str) -> PetriNet.Place:
        name = f"p.end.{outcome}"
        if name not in places:
            end = place(name, role="end", outcome=outcome)
            arc(end, transition(f"t.end.{outcome}", None, role="end", outcome=outcome))
            arc(transitions[f"t.end.{outcome}"], sink)
        return places[name]

    def target_of(edge: Edge, via: str) -> PetriNet.Place:
        if edge.end is not None:
            return end_place(edge.end)
        assert edge.target is not None  # an edge goes to an end or to a step
        return input_place(edge.target, via)

    # A WF-net's source place has no inputs: when a loop leads back to the first step, or the first
    # step is a join (its input places are per branch), a silent start transition feeds it.
    if incoming[first.id] or first.join == "all":
        start = transition("t.start", None, role="start")
        arc(source, start)
        arc(start, input_place(first.id, "start"))

    for index, step in enumerate(process.steps):
        t = transition(f"t.{step.id}", step.name, step=step.id, role="step", loc=step.loc,
                       lane=step.lane, kind=step.kind)
        if step.join == "all":
            sources = [e.source for e in incoming[step.id]]
            if index == 0:
                sources.insert(0, "start")
            for name in dict.fromkeys(sources):
                arc(input_place(step.id, name), t)
        else:
            arc(input_place(step.id, "start"), t)
        edges = out_edges(process, index)
        if step.outcomes is None:
            for edge in edges:
                arc(t, target_of(edge, step.id))
            continue
        choice = place(f"p.{step.id}.choice", step=step.id, role="choice", loc=step.loc_of("outcomes"))
        arc(t, choice)
        for k, edge in enumerate(edges):
            suffix = edge.outcome if _SAFE.match(edge.outcome or "") else f"o{k + 1}"
            route = transition(f"t.{step.id}.{suffix}", None, step=step.id, role="outcome", outcome=edge.outcome,
                               p=edge.p, loc=step.loc_of("outcomes", edge.outcome))
            arc(choice, route)
            arc(route, target_of(edge, step.id))

    return net, Marking({source: 1}), Marking({sink: 1})


def node_origin(node: object) -> dict[str, object]:
    """What a place or transition of a built net came from (empty for nets built elsewhere)."""
    return dict(getattr(node, "properties", None) or {})
