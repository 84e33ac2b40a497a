"""The translation of process trees into the language: normalization, probabilities, routing steps,
and, on random trees, that every trace a tree allows fits the process it becomes."""

from __future__ import annotations

import datetime
import random
import warnings

import pytest

from approvalnet.discover import Options, discover
from approvalnet.discover.read import EventLog, Execution
from approvalnet.discover.tree import Tree, branch_probabilities, from_pm4py, normalize
from approvalnet.net.build import to_petri_net
from approvalnet.net.soundness import soundness


def parse(text: str) -> Tree:
    import pm4py

    return from_pm4py(pm4py.parse_process_tree(text), [])


def first_branch(branches: list[Tree]) -> int:
    return 0


# --- normalize ----------------------------------------------------------------------------------------------


def test_what_follows_a_parallel_block_moves_into_the_branch_that_finishes_last() -> None:
    """The miner's tree of the joint review of examples/joint-review.yaml: the extension and the expert
    review follow the three reviews in the tree, but a join must end on one step; they go into the
    planning branch (which finishes last), which is the original process."""
    tree = parse("->( '受理', +( '消防审查', '卫生审查', '规划审查' ), X( tau, '延长' ), '专家评审', '联合决定' )")
    planning_last = lambda branches: [b.label for b in branches].index("规划审查")  # noqa: E731
    result = normalize(tree, planning_last)
    assert str(result) == ("->('受理', +('消防审查', '卫生审查', ->('规划审查', X('延长', tau), '专家评审')), "
                           "'联合决定')")


def test_a_parallel_block_followed_by_a_step_is_left_alone() -> None:
    tree = parse("->( 'a', +( 'b', ->( 'c', 'd' ) ), 'e' )")
    assert str(normalize(tree, first_branch)) == "->('a', +('b', ->('c', 'd')), 'e')"


def test_branches_that_never_overlap_are_put_in_sequence() -> None:
    tree = parse("+( 'o', ->( 'r', 'i' ), ->( 'f', 'g' ) )")
    order = {"r": 0, "i": 1, "o": 2}

    def precedes(a: Tree, b: Tree) -> bool:  # r, i always before o; f, g overlap everything
        from approvalnet.discover.tree import leaves

        left, right = leaves(a), leaves(b)
        return all(x in order for x in left + right) and max(order[x] for x in left) < min(order[x] for x in right)

    assert str(normalize(tree, first_branch, precedes)) == "+(->('r', 'i', 'o'), ->('f', 'g'))"


def test_nested_operators_are_flattened_and_silent_steps_dropped() -> None:
    tree = parse("->( 'a', ->( tau, 'b' ), +( 'c', +( 'd', tau ) ), 'f', X( tau, X( tau, 'e' ) ) )")
    assert str(normalize(tree, first_branch)) == "->('a', 'b', +('c', 'd'), 'f', X('e', tau))"


# --- probabilities ----------------------------------------------------------------------------------------


def test_choice_probabilities_come_from_the_activity_counts() -> None:
    tree = parse("->( 'a', X( tau, 'b' ), X( 'c', 'd' ) )")
    p = branch_probabilities(tree, {"a": 100, "b": 30, "c": 75, "d": 25}, cases=100)
    optional, choice = tree.children[1], tree.children[2]
    assert p[id(optional)] == pytest.approx([0.7, 0.3])  # tau takes what b leaves
    assert p[id(choice)] == pytest.approx([0.75, 0.25])


def test_a_loop_is_left_as_often_as_it_is_entered() -> None:
    tree = parse("->( *( 'a', 'b' ), 'c' )")
    p = branch_probabilities(tree, {"a": 150, "b": 50, "c": 100}, cases=100)
    assert p[id(tree.children[0])] == pytest.approx([100 / 150, 50 / 150])


def test_a_silent_loop_body_repeats_its_redo() -> None:
    tree = parse("->( 'a', *( tau, 'b' ), 'c' )")
    p = branch_probabilities(tree, {"a": 100, "b": 60, "c": 100}, cases=100)
    assert p[id(tree.children[1])] == pytest.approx([100 / 160, 60 / 160])


# --- whole translations -------------------------------------------------------------------------------------


def playout(tree: Tree, rng: random.Random) -> list[str]:
    """One trace of ``tree``: choices and loops at random, parallel branches randomly interleaved."""
    if tree.kind == "leaf":
        return [str(tree.label)]
    if tree.kind == "tau":
        return []
    if tree.kind == "seq":
        return [a for c in tree.children for a in playout(c, rng)]
    if tree.kind == "xor":
        return playout(rng.choice(tree.children), rng)
    if tree.kind == "loop":
        trace = playout(tree.children[0], rng)
        while rng.random() < 0.4:
            trace += playout(rng.choice(tree.children[1:]), rng) + playout(tree.children[0], rng)
        return trace
    branches = [playout(c, rng) for c in tree.children]
    trace = []
    while any(branches):
        branch = rng.choice([b for b in branches if b])
        trace.append(branch.pop(0))
    return trace


def random_tree(rng: random.Random, size: int) -> Tree:
    labels = iter("abcdefghijklmnopqrstuvwxyz")

    def make(n: int) -> Tree:
        if n == 1:
            return Tree("leaf", next(labels))
        kind = rng.choice(["seq", "xor", "par", "loop"])
        if kind == "loop":
            k = rng.randint(1, n - 1)
            do, redo = make(k), make(n - k)
            if rng.random() < 0.2:
                do = Tree("xor", children=[do, Tree("tau")])
            return Tree("loop", children=[do, redo])
        parts = rng.randint(2, min(3, n))
        cuts = sorted(rng.sample(range(1, n), parts - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        children = [make(s) for s in sizes]
        if kind == "xor" and rng.random() < 0.4:
            children.append(Tree("tau"))
        return Tree(kind, children=children)

    return make(size)


def to_pm4py_text(tree: Tree) -> str:
    if tree.kind == "leaf":
        return f"'{tree.label}'"
    if tree.kind == "tau":
        return "tau"
    symbol = {"seq": "->", "xor": "X", "par": "+", "loop": "*"}[tree.kind]
    return f"{symbol}( {', '.join(to_pm4py_text(c) for c in tree.children)} )"


def log_of(traces: list[list[str]]) -> EventLog:
    start = datetime.datetime(2025, 3, 3, 9, 0)
    cases = {str(k): [Execution(str(k), a, start + datetime.timedelta(minutes=i + 1)) for i, a in enumerate(t)]
             for k, t in enumerate(traces) if t}
    return EventLog("tree.csv", cases, sum(len(t) for t in cases.values()), False, False)


def translate(text: str, traces: list[list[str]]):
    import pm4py

    return discover(log_of(traces), Options(replay=False), process_tree=pm4py.parse_process_tree(text))


def test_a_choice_at_the_start_needs_a_routing_step() -> None:
    result = translate("X( 'a', ->( 'b', 'c' ) )", [["a"], ["b", "c"], ["a"]])
    first = result.process.steps[0]
    assert first.lane == "routing" and first.outcomes is not None and result.routing_steps == 1
    assert [o.p for o in first.outcomes.values()] == pytest.approx([2 / 3, 1 / 3], abs=1e-4)


def test_parallel_branches_that_end_the_case_meet_in_a_routing_join() -> None:
    result = translate("->( 'a', +( 'b', 'c' ) )", [["a", "b", "c"], ["a", "c", "b"]])
    joins = [s for s in result.process.steps if s.join == "all"]
    assert len(joins) == 1 and joins[0].lane == "routing" and joins[0].end is not None
    net = to_petri_net(result.process)
    assert soundness(*net).sound


def test_a_loop_back_to_the_first_step_needs_no_routing_step() -> None:
    result = translate("->( *( 'a', 'b' ), 'c' )", [["a", "c"], ["a", "b", "a", "c"]])
    assert result.routing_steps == 0
    a = result.process.steps[0]
    assert a.id == "a" and {o.next for o in a.outcomes.values()} == {"b", "c"}  # ids from English names


@pytest.mark.parametrize("seed", range(60))
def test_every_trace_of_a_random_tree_fits_its_translation(seed: int) -> None:
    """The translation allows at least what the tree allows: every trace played out of the tree aligns
    with the process's net without a deviation (routing steps, which the log does not have, made
    silent), and the net is sound."""
    import pm4py

    rng = random.Random(seed)
    tree = random_tree(rng, rng.randint(3, 14))
    traces = [playout(tree, rng) for _ in range(40)]
    if not any(traces):
        pytest.skip("the tree played out only empty traces")
    result = translate(to_pm4py_text(tree), traces)
    net, initial, final = to_petri_net(result.process)
    assert soundness(net, initial, final).sound, result.yaml
    for t in net.transitions:
        if (t.properties or {}).get("lane") == "routing":
            t.label = None
    from approvalnet.discover.discovery import _frame

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitness = pm4py.fitness_alignments(_frame(log_of(traces)), net, initial, final)
    assert fitness["percFitTraces"] == pytest.approx(100.0), (str(tree), result.yaml)
