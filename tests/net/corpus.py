"""Small pm4py Petri nets with known soundness verdicts, for tests and comparisons with woflan.

Nets are written as chains of nodes: ``"i [a] p [b] o"`` is place i, arc to transition a, arc to
place p, and so on.  ``[name]`` is a transition labelled with its name, ``[~name]`` a silent one
(label None); anything else is a place.  A chain may start or end at a transition.  The source and
sink places are called i and o unless stated otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from pm4py.objects.petri_net.obj import Marking, PetriNet
from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

Built = tuple[PetriNet, Marking, Marking]


def build(
    *chains: str,
    initial: dict[str, int] | None = None,
    final: dict[str, int] | None = None,
    weights: dict[tuple[str, str], int] | None = None,
) -> Built:
    net = PetriNet("corpus")
    places: dict[str, PetriNet.Place] = {}
    transitions: dict[str, PetriNet.Transition] = {}

    def node(token: str) -> PetriNet.Place | PetriNet.Transition:
        if token.startswith("["):
            silent = token.startswith("[~")
            name = token.strip("[~]")
            if name not in transitions:
                transitions[name] = PetriNet.Transition(name, None if silent else name)
                net.transitions.add(transitions[name])
            return transitions[name]
        if token not in places:
            places[token] = PetriNet.Place(token)
            net.places.add(places[token])
        return places[token]

    for chain in chains:
        nodes = [node(token) for token in chain.split()]
        for a, b in pairwise(nodes):
            assert isinstance(a, PetriNet.Place) != isinstance(b, PetriNet.Place), chain
            add_arc_from_to(a, b, net, weight=(weights or {}).get((a.name, b.name), 1))
    im = Marking({places[p]: n for p, n in (initial or {"i": 1}).items()})
    fm = Marking({places[p]: n for p, n in (final or {"o": 1}).items()})
    return net, im, fm


def sequence(n: int) -> Built:
    chain = " ".join(f"[s{k}] p{k}" for k in range(1, n))
    return build(f"i {chain} [s{n}] o")


def joint_review(departments: int, steps: int, *, faulty: int | None = None, entangled: bool = False) -> Built:
    """Accept, run departments in parallel (each a sequence of steps), join, decide.

    With ``faulty`` set, that department may reject on its own and jump past the join, so the
    decision can be taken while other departments are still working.  With ``entangled``, one more
    parallel branch is the non-free-choice fragment of "non-free-choice-sound" below, which the
    reduction rules cannot remove.
    """
    chains = ["i [accept] a [~split]", "[~join] j [decide] o"]
    for d in range(1, departments + 1):
        nodes = [f"d{d}_0"] + [f"[d{d}_s{s}] d{d}_{s}" for s in range(1, steps + 1)]
        chains.append(f"[~split] {' '.join(nodes)} [~join]")
    if faulty is not None:
        chains.append(f"d{faulty}_{steps} [d{faulty}_reject] j")
    if entangled:
        chains += [
            "[~split] n1 [n_a] n3 [n_d] nz [~join]",
            "n1 [n_b] n4 [n_e] nz",
            "[~split] n2 [n_c] n5 [n_d]",
            "n5 [n_e]",
        ]
    return build(*chains)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], Built]
    sound: bool | None
    kinds: frozenset[str] = field(default_factory=frozenset)
    """Exactly the diagnostic kinds expected."""
    wf_net: bool = True
    woflan: bool = False
    """Compare with woflan: it finishes within seconds and its notion of soundness applies."""
    note: str = ""


def _case(name: str, build: Callable[[], Built], sound: bool | None, *kinds: str, **options: object) -> Case:
    return Case(name, build, sound, frozenset(kinds), **options)  # type: ignore[arg-type]


CASES: list[Case] = [
    # --- sound ---------------------------------------------------------------------------------
    _case("sequence-1", lambda: build("i [a] o"), True, woflan=True),
    _case("sequence-10", lambda: sequence(10), True, woflan=True),
    _case("xor", lambda: build("i [a] o", "i [b] o"), True, woflan=True),
    _case(
        "xor-silent-skip",
        lambda: build("i [a] p [b] q [c] o", "p [~skip] q"),
        True,
        woflan=True,
    ),
    _case(
        "and-2x2",
        lambda: build("i [~split] a0 [a1] a1 [a2] a2 [~join] o", "[~split] b0 [b1] b1 [b2] b2 [~join]"),
        True,
        woflan=True,
    ),
    _case(
        "and-inside-xor",
        lambda: build(
            "i [fast] g [close] o",
            "i [full] f [~split] x0 [review_x] x1 [~join] g",
            "[~split] y0 [review_y] y1 [~join]",
        ),
        True,
        woflan=True,
    ),
    _case(
        "rework-loop",
        lambda: build("i [submit] p [review] q [approve] o", "q [rework] p"),
        True,
        woflan=True,
    ),
    _case(
        "loop-with-parallel-body",
        lambda: build(
            "i [start] p [~split] x0 [check_x] x1 [~join] q [decide] o",
            "[~split] y0 [check_y] y1 [~join]",
            "q [redo] p",
        ),
        True,
        woflan=True,
    ),
    _case(
        "self-loop-transition",
        lambda: build("i [apply] p [decide] o", "p [remind] p"),
        True,
        woflan=True,
        note="a transition that only reads its place: fires without changing the marking",
    ),
    _case(
        "non-free-choice-sound",
        # The choice in one branch is remembered until the join, where it selects d or e: not
        # free-choice (p5 feeds both d and e, which also need different other places), but sound.
        lambda: build(
            "i [split] p1 [a] p3 [d] o",
            "p1 [b] p4 [e] o",
            "[split] p2 [c] p5 [d]",
            "p5 [e]",
        ),
        True,
        woflan=True,
    ),
    _case(
        "non-free-choice-sound-loop",
        # A loop whose exit is guarded by a token from a parallel branch (long-term dependency).
        lambda: build(
            "i [start] p [work] q [again] p",
            "[start] r [mark] s [leave] o",
            "q [leave]",
        ),
        True,
        woflan=True,
    ),
    _case(
        "weighted-sound",
        # Two parallel tokens end in one place and a weight-2 arc takes both: not safe, sound.
        lambda: build("i [~split] x [u] m [finish] o", "[~split] y [v] m", weights={("m", "finish"): 2}),
        True,
        woflan=True,
    ),
    _case("joint-review-10", lambda: joint_review(10, 2), True, note="woflan needs hours on this"),
    _case("joint-review-10-entangled", lambda: joint_review(10, 3, entangled=True), True),
    # --- not sound -------------------------------------------------------------------------------
    _case(
        "xor-split-and-join",
        lambda: build("i [a] pa [~join] o", "i [b] pb [~join]"),
        False,
        "deadlock",
        "dead-transition",
        woflan=True,
    ),
    _case(
        "and-split-xor-join",
        lambda: build("i [~split] pa [x] m [end] o", "[~split] pb [y] m"),
        False,
        "improper-completion",
        woflan=True,
    ),
    _case(
        "early-end",
        lambda: build("i [~split] p1 [a] o", "[~split] p2 [b] o"),
        False,
        "improper-completion",
        woflan=True,
    ),
    _case(
        "unbounded-spawn",
        lambda: build("i [start] p [finish] r [~join] o", "p [spawn] p", "[spawn] q [~join]"),
        False,
        "unbounded",
        "deadlock",
        woflan=True,
    ),
    _case(
        "dead-transition",
        lambda: build("i [a] p1 [b] p2 [c] o", "p1 [never] o", "p2 [never]"),
        False,
        "dead-transition",
        woflan=True,
    ),
    _case(
        "livelock",
        lambda: build(
            "i [a] p1 [finish] o",
            "[a] r [finish]",
            "p1 [trap] q [spin] q2 [spin_back] q",
            "r [trap]",
            "q2 [escape] o",
            "r [escape]",
        ),
        False,
        "livelock",
        "dead-transition",
        woflan=True,
    ),
    _case(
        "choice-mismatch",
        lambda: build(
            "i [~split] p1 [a_yes] y1 [~join_yes] o",
            "p1 [a_no] n1 [~join_no] o",
            "[~split] p2 [b_yes] y2 [~join_yes]",
            "p2 [b_no] n2 [~join_no]",
        ),
        False,
        "deadlock",
        woflan=True,
    ),
    _case(
        "non-free-choice-unsound",
        # As non-free-choice-sound, but the second branch may also choose f, and no join accepts
        # (a, f): a deadlock only a state-space search finds.
        lambda: build(
            "i [split] p1 [a] p3 [d] o",
            "p1 [b] p4 [e] o",
            "[split] p2 [c] p5 [d]",
            "p5 [e]",
            "p2 [f] p6 [g] o",
            "p4 [g]",
        ),
        False,
        "deadlock",
        woflan=True,
    ),
    _case(
        "self-loop-place-never-marked",
        lambda: build("i [a] p [b] o", "r [b] r"),
        False,
        "deadlock",
        "dead-transition",
        woflan=True,
    ),
    _case(
        "joint-review-6-unsound",
        lambda: joint_review(6, 2, faulty=3),
        False,
        "improper-completion",
        note="one department can reject and skip the join",
    ),
    # --- not a workflow net, or wrong markings -----------------------------------------------------
    _case("two-sources", lambda: build("i [a] o", "j [a]"), False, "not-wf-net", wf_net=False, woflan=True),
    _case("two-sinks", lambda: build("i [a] o", "[a] o2"), False, "not-wf-net", wf_net=False, woflan=True),
    _case(
        "disconnected-cycle",
        lambda: build("i [a] o", "x [u] y [v] x"),
        False,
        "not-wf-net",
        wf_net=False,
        woflan=True,
    ),
    _case(
        "sink-transition", lambda: build("i [a] p [b] o", "p [drop]"), False, "not-wf-net", wf_net=False, woflan=True
    ),
    _case("isolated-place", lambda: build("i [a] o", "lonely"), False, "not-wf-net", wf_net=False, woflan=True),
    _case("initial-two-tokens", lambda: build("i [a] p [b] o", initial={"i": 2}), False, "bad-marking"),
    _case(
        "initial-extra-token",
        lambda: build("i [a] p [b] o", initial={"i": 1, "p": 1}),
        False,
        "bad-marking",
    ),
    _case("final-not-sink", lambda: build("i [a] p [b] o", final={"p": 1}), False, "bad-marking"),
]

BY_NAME = {case.name: case for case in CASES}


# --- random nets for property tests ------------------------------------------------------------------

GROWTH = ("series-transition", "series-place", "xor", "and", "sync", "extra-transition", "extra-input", "extra-output")
"""How :func:`grow` changes a net.  The first four keep a net sound (block-structured refinement).
"sync" adds a place from one transition to another: sound but no longer block-structured when the
two run in parallel, unsound when they exclude each other.  The last three add a transition or an
arc at random and usually make the net unsound."""


def grow(operations: list[tuple[str, int, int]]) -> Built | None:
    """Start from ``i [t0] o`` and apply operations (kind, a, b); a and b pick nodes modulo their count.

    Returns None when the result has no unique source and sink place, which a WF-net needs.
    """
    pre: dict[str, set[str]] = {"t0": {"i"}}
    post: dict[str, set[str]] = {"t0": {"o"}}
    places = ["i", "o"]

    def new(kind: str) -> str:
        name = f"{kind}{len(places) + len(pre)}"
        if kind == "p":
            places.append(name)
        return name

    for kind, a, b in operations:
        transitions = sorted(pre)
        t = transitions[a % len(transitions)]
        p = places[a % len(places)]
        q = places[b % len(places)]
        u = transitions[b % len(transitions)]
        if kind == "series-transition":  # t -> p' -> t'
            mid, t2 = new("p"), new("t")
            pre[t2], post[t2], post[t] = {mid}, post[t], {mid}
        elif kind == "series-place":  # p -> t' -> p'
            t2, p2 = new("t"), new("p")
            for v in pre:
                if p in pre[v]:
                    pre[v] = (pre[v] - {p}) | {p2}
            pre[t2], post[t2] = {p}, {p2}
        elif kind == "xor":
            t2 = new("t")
            pre[t2], post[t2] = set(pre[t]), set(post[t])
        elif kind == "and" and p not in ("i", "o"):
            p2 = new("p")
            for v in pre:
                if p in pre[v]:
                    pre[v].add(p2)
                if p in post[v]:
                    post[v].add(p2)
        elif kind == "sync" and t != u:
            p2 = new("p")
            post[u].add(p2)
            pre[t].add(p2)
        elif kind == "extra-transition":
            t2 = new("t")
            pre[t2], post[t2] = {p}, {q}
        elif kind == "extra-input":
            pre[u].add(p)
        elif kind == "extra-output":
            post[u].add(q)

    producers = {x for v in post.values() for x in v}
    consumers = {x for v in pre.values() for x in v}
    sources = [x for x in places if x not in producers]
    sinks = [x for x in places if x not in consumers]
    if len(sources) != 1 or len(sinks) != 1 or sources == sinks:
        return None
    net = PetriNet("random")
    place_objects = {x: PetriNet.Place(x) for x in places}
    for obj in place_objects.values():
        net.places.add(obj)
    for name in sorted(pre):
        transition = PetriNet.Transition(name, name)
        net.transitions.add(transition)
        for x in sorted(pre[name]):
            add_arc_from_to(place_objects[x], transition, net)
        for x in sorted(post[name]):
            add_arc_from_to(transition, place_objects[x], net)
    return net, Marking({place_objects[sources[0]]: 1}), Marking({place_objects[sinks[0]]: 1})
