"""From the process tree of pm4py's inductive miner to the flow of the process language.

The tree has four operators: sequence ``->``, exclusive choice ``X``, parallel ``+`` and loop ``*``,
over activities and the silent ``tau``. The language has no silent steps: every choice belongs to
the step before it (its ``outcomes``), a parallel split to the step that starts it (``next: [a, b]``)
and a join to the step that waits for the branches (``join: all``), which takes one token from each
step that enters it. The translation runs in three stages:

1. ``normalize``: flatten nested operators of the same kind, drop ``tau`` where it means nothing, and
   move what follows a parallel block into its branch that usually finishes last when the block
   cannot end on a single step (``->(+(a, b), X(tau, c), d, e)`` becomes ``->(+(a, ->(b, X(tau, c),
   d)), e)``). The moved part then starts when that branch ends rather than when all have ended:
   the model allows a little more than the tree, so every trace that fitted still fits.
2. ``build``: a routing graph of the tree, with silent nodes for choices (their branch probabilities
   from the activity counts of the log), splits, joins and the per-branch *ports* of each join.
3. ``lower``: each activity becomes a step whose way out is found by following the silent nodes:
   one step (``next``), several (``outcomes``, with the probabilities multiplied along the way), a
   split (``next: [...]``), the end, or the port of a join. Where the language cannot say what the
   tree says (a choice at the very start, a parallel block after a choice with no step in between,
   a branch that ends in two different steps before a join), a *routing step* is added: a step of
   no duration that the log does not have. ``Flow.routing`` counts them; a tree from a log
   simulated from a process file needs none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["leaf", "tau", "seq", "xor", "par", "loop"]
END = -1  # the target "the case ends here"


@dataclass
class Tree:
    kind: Kind
    label: str | None = None
    children: list[Tree] = field(default_factory=list)

    def __str__(self) -> str:
        if self.kind == "leaf":
            return repr(self.label)
        if self.kind == "tau":
            return "tau"
        symbol = {"seq": "->", "xor": "X", "par": "+", "loop": "*"}[self.kind]
        return f"{symbol}({', '.join(str(c) for c in self.children)})"


# --- from pm4py ------------------------------------------------------------------------------------


def from_pm4py(node: Any, notes: list[str]) -> Tree:
    """Our tree from a ``pm4py`` ``ProcessTree``; operators the language cannot hold are widened (noted)."""
    operator = getattr(node, "operator", None)
    if operator is None:
        return Tree("tau") if node.label is None else Tree("leaf", str(node.label))
    children = [from_pm4py(child, notes) for child in node.children]
    name = getattr(operator, "name", str(operator))
    if name == "SEQUENCE":
        return Tree("seq", children=children)
    if name == "XOR":
        return Tree("xor", children=children)
    if name == "LOOP":
        return Tree("loop", children=children)
    if name == "PARALLEL":
        return Tree("par", children=children)
    # interleaving (one at a time, any order), or (any non-empty subset) and partial orders: widened to
    # a parallel block (of optional branches, for or), which allows every trace they allow
    notes.append(f"the tree's {name.lower()} operator was widened to a parallel block")
    if name == "OR":
        children = [Tree("xor", children=[c, Tree("tau")]) for c in children]
    return Tree("par", children=children)


def leaves(tree: Tree) -> list[str]:
    if tree.kind == "leaf":
        return [str(tree.label)]
    return [label for child in tree.children for label in leaves(child)]


# --- 1. normalize -----------------------------------------------------------------------------------

LastBranch = Callable[[list[Tree]], int]
Precedes = Callable[[Tree, Tree], bool]


def normalize(tree: Tree, last_branch: LastBranch, precedes: Precedes | None = None) -> Tree:
    """The simplified tree (see the module's docstring); ``last_branch`` picks, among the branches of
    a parallel block, the one that usually finishes last (an index); ``precedes(a, b)``, when given,
    tells that branch ``a`` always ends before branch ``b`` begins (from start times), and such
    branches are put in sequence."""
    if tree.kind in ("leaf", "tau"):
        return tree
    children = [normalize(child, last_branch, precedes) for child in tree.children]
    if tree.kind == "loop":
        if children[0].kind == "tau" and all(c.kind == "tau" for c in children[1:]):
            return Tree("tau")
        return Tree("loop", children=children)
    if tree.kind in ("seq", "par"):
        # tau in a sequence or a parallel block does nothing
        children = [c for c in children if c.kind != "tau"]
    flat: list[Tree] = []
    for child in children:
        flat.extend(child.children if child.kind == tree.kind else [child])
    if tree.kind == "xor":
        taus = [c for c in flat if c.kind == "tau"]
        flat = [c for c in flat if c.kind != "tau"] + taus[:1]
    if tree.kind == "par" and precedes is not None:
        flat = _sequence_branches(flat, precedes)
    if tree.kind == "seq":
        flat = _sink(flat, last_branch)
    if not flat:
        return Tree("tau")
    if len(flat) == 1:
        return flat[0]
    return Tree(tree.kind, children=flat)


def joinable(tree: Tree) -> bool:
    """Whether the subtree always ends in one and the same step (or in parallel branches that each do),
    so that a join can take its token from that step."""
    if tree.kind == "leaf":
        return True
    if tree.kind == "seq":
        return joinable(tree.children[-1])
    if tree.kind == "loop":
        return joinable(tree.children[0])
    if tree.kind == "par":
        return all(joinable(c) for c in tree.children)
    return False


def _sequence_branches(branches: list[Tree], precedes: Precedes) -> list[Tree]:
    """Put in sequence the branches of a parallel block that the log shows never overlap: when branch
    ``a`` always ends before ``b`` begins, ``a`` has no other direct successor and ``b`` no other
    direct predecessor among the branches, they become one branch ``->(a, b)``.

    The miner sees only the order of completions, and may take a step that always follows another
    one for a parallel branch when other branches interleave with both; start times tell better."""
    branches = list(branches)
    while len(branches) > 1:
        n = len(branches)
        before = [[i != j and precedes(branches[i], branches[j]) for j in range(n)] for i in range(n)]
        # the direct relation: i before j with no k between them
        direct = [[before[i][j] and not any(before[i][k] and before[k][j] for k in range(n)) for j in range(n)]
                  for i in range(n)]
        pair = next(((i, j) for i in range(n) for j in range(n)
                     if direct[i][j] and sum(direct[i]) == 1 and sum(direct[k][j] for k in range(n)) == 1), None)
        if pair is None:
            break
        i, j = pair
        parts = [*(branches[i].children if branches[i].kind == "seq" else [branches[i]]),
                 *(branches[j].children if branches[j].kind == "seq" else [branches[j]])]
        merged = Tree("seq", children=parts)
        branches = [b for k, b in enumerate(branches) if k not in (i, j)]
        branches.insert(min(i, j), merged)
    return branches


def _sink(children: list[Tree], last_branch: LastBranch) -> list[Tree]:
    """In a sequence, move what follows a parallel block into one of its branches until the block is
    followed by a single step and every branch ends in one step."""
    children = list(children)
    i = 0
    while i < len(children):
        block = children[i]
        if block.kind != "par" or i + 1 == len(children):
            i += 1
            continue
        branches = block.children
        bad = [k for k, b in enumerate(branches) if not joinable(b)]
        if not bad and children[i + 1].kind == "leaf":
            i += 1
            continue
        if len(bad) > 1:
            i += 1  # two branches end in a choice: a routing step will join them
            continue
        k = bad[0] if bad else last_branch(branches)
        moved = children.pop(i + 1)
        branch = branches[k]
        parts = (branch.children if branch.kind == "seq" else [branch]) + [moved]
        branches = [*branches[:k], Tree("seq", children=parts), *branches[k + 1:]]
        children[i] = Tree("par", children=branches)
    return children


# --- probabilities of choices from activity counts ---------------------------------------------------


def branch_probabilities(tree: Tree, counts: dict[str, int], cases: int) -> dict[int, list[float]]:
    """For each choice (by ``id`` of its node), the probability of each branch; for a loop
    ``*(do, redo...)``, of leaving after ``do`` and of each redo.

    From the counts of the activities: a branch is taken as often as its activities occur; a ``tau``
    branch takes what the others leave of the executions of its choice, which the enclosing
    sequence tells (the root runs once per case)."""
    observed: dict[int, float | None] = {}

    def observe(node: Tree) -> float | None:
        if node.kind == "leaf":
            value: float | None = float(counts.get(str(node.label), 0))
        elif node.kind == "tau":
            value = None
        else:
            values = [observe(c) for c in node.children]
            known = [v for v in values if v is not None]
            if node.kind in ("seq", "par"):
                value = sum(known) / len(known) if known else None
            elif node.kind == "xor":
                value = sum(known) if len(known) == len(values) else None
            else:  # loop: the loop runs as often as do runs, less the repetitions
                value = values[0] - sum(known[1:]) if len(known) == len(values) else None
        observed[id(node)] = value
        return value

    observe(tree)
    result: dict[int, list[float]] = {}

    def assign(node: Tree, runs: float) -> None:
        if node.kind in ("seq", "par"):
            for child in node.children:
                assign(child, runs)
        elif node.kind == "xor":
            values = [observed[id(c)] for c in node.children]
            known = sum(v for v in values if v is not None)
            unknown = [i for i, v in enumerate(values) if v is None]
            share = max(0.0, runs - known) / len(unknown) if unknown else 0.0
            filled = [share if v is None else v for v in values]
            probabilities = _normalized(filled)
            result[id(node)] = probabilities
            for child, p in zip(node.children, probabilities, strict=True):
                assign(child, runs * p)
        elif node.kind == "loop":
            do, redos = node.children[0], node.children[1:]
            values = [observed[id(r)] for r in redos]
            do_runs = observed[id(do)]
            unknown = [i for i, v in enumerate(values) if v is None]
            known = sum(v for v in values if v is not None)
            if unknown:
                rest = max(0.0, do_runs - runs - known) if do_runs is not None else 0.0
                values = [rest / len(unknown) if v is None else v for v in values]
            repeats = sum(v for v in values if v is not None)
            result[id(node)] = _normalized([runs, *[v or 0.0 for v in values]])
            assign(do, runs + repeats)
            for redo, v in zip(redos, values, strict=True):
                assign(redo, v or 0.0)

    assign(tree, float(cases))
    return result


def _normalized(values: list[float]) -> list[float]:
    total = sum(values)
    if total <= 0:
        return [1.0 / len(values)] * len(values)
    return [v / total for v in values]


# --- 2. the routing graph ---------------------------------------------------------------------------

NodeKind = Literal["step", "xor", "split", "port", "join", "end"]


@dataclass
class GNode:
    kind: NodeKind
    label: str | None = None
    succ: list[int] = field(default_factory=list)
    probs: list[float] | None = None  # for xor
    join: int = -1  # for a port: its join


@dataclass
class Graph:
    nodes: list[GNode]
    entry: int
    end: int


def build(tree: Tree, probabilities: dict[int, list[float]]) -> Graph:
    """The routing graph of ``tree``; each activity is one ``step`` node."""
    nodes: list[GNode] = []

    def add(kind: NodeKind, **kwargs: Any) -> int:
        nodes.append(GNode(kind, **kwargs))
        return len(nodes) - 1

    end = add("end")

    def make(node: Tree, succ: int) -> int:
        if node.kind == "leaf":
            return add("step", label=node.label, succ=[succ])
        if node.kind == "tau":
            return succ
        if node.kind == "seq":
            for child in reversed(node.children):
                succ = make(child, succ)
            return succ
        if node.kind == "xor":
            branches = [make(child, succ) for child in node.children]
            p = probabilities.get(id(node)) or _normalized([1.0] * len(branches))
            return add("xor", succ=branches, probs=p)
        if node.kind == "par":
            join = add("join", succ=[succ])
            split = add("split")
            ports = [add("port", succ=[join], join=join) for _ in node.children]
            nodes[split].succ = [make(child, port) for child, port in zip(node.children, ports, strict=True)]
            return split
        # loop: after do, leave (first branch) or take a redo, then do again
        decision = add("xor")
        do_entry = make(node.children[0], decision)
        redos = [make(child, do_entry) for child in node.children[1:]]
        nodes[decision].succ = [succ, *redos]
        nodes[decision].probs = probabilities.get(id(node)) or _normalized([1.0] * (1 + len(redos)))
        return do_entry

    entry = make(tree, end)
    return Graph(nodes, entry, end)


def resolve(graph: Graph, start: int) -> dict[int, float]:
    """Where a token at ``start`` goes through the silent choices: step, split, port and end nodes,
    with their probabilities (paths that go round a loop of silent choices only are dropped; a target
    of probability zero is kept, so that every step stays reachable)."""
    result: dict[int, float] = {}

    def walk(n: int, p: float, visiting: frozenset[int]) -> None:
        node = graph.nodes[n]
        if node.kind != "xor":
            result[n] = result.get(n, 0.0) + p
            return
        if n in visiting:
            return  # round a loop of silent choices only: the way out is found without it
        for succ, q in zip(node.succ, node.probs or [], strict=True):
            walk(succ, p * q, visiting | {n})

    walk(start, 1.0, frozenset())
    total = sum(result.values())
    return {n: p / total for n, p in result.items()} if total > 0 else result


# --- 3. lowering into steps ---------------------------------------------------------------------------

Role = Literal["activity", "start", "choice", "split", "join", "merge"]


@dataclass
class FlowStep:
    """A step of the discovered process, before ids are given. ``activity`` is None for routing steps."""

    key: int
    activity: str | None
    role: Role = "activity"
    next: int | None = None  # a single successor (a key, or END)
    parallel: list[int] | None = None  # a parallel split
    outcomes: dict[int, float] | None = None  # an exclusive choice: key (or END) -> probability
    join: bool = False

    def targets(self) -> list[int]:
        if self.parallel is not None:
            return list(self.parallel)
        if self.outcomes is not None:
            return list(self.outcomes)
        return [self.next] if self.next is not None else []


@dataclass
class Flow:
    steps: dict[int, FlowStep]
    start: int

    @property
    def routing(self) -> list[FlowStep]:
        return [s for s in self.steps.values() if s.activity is None]


class _Port:
    """A reference to the port of a join, resolved to the join's step at the end of lowering."""

    __slots__ = ("node",)

    def __init__(self, node: int) -> None:
        self.node = node


def lower(graph: Graph) -> Flow:
    """Steps with ``next``, ``outcomes``, parallel splits and joins for the routing graph."""
    nodes = graph.nodes
    steps: dict[int, FlowStep] = {}
    refs: dict[int, Any] = {}  # key -> its targets while ports are still open: dict[target, p] or list
    next_key = [len(nodes)]

    def new_routing(role: Role) -> FlowStep:
        step = FlowStep(next_key[0], None, role)
        next_key[0] += 1
        steps[step.key] = step
        return step

    # one routing step per node of the graph, however many steps lead there
    routers: dict[tuple[str, int], FlowStep] = {}
    parallel_entries: dict[int, list[Any]] = {}

    def router(role: Role, n: int, where: dict[int, float]) -> int:
        if (role, n) not in routers:
            routers[(role, n)] = step = new_routing(role)
            express(step, where)
        return routers[(role, n)].key

    def target(n: int) -> Any:
        kind = nodes[n].kind
        if kind == "end":
            return END
        if kind == "port":
            return _Port(n)
        return n  # a step node's key is its node index

    def express(step: FlowStep, where: dict[int, float]) -> None:
        if len(where) == 1:
            (n,) = where
            if nodes[n].kind == "split":
                refs[step.key] = entries(n)
                return
            refs[step.key] = {target(n): 1.0}
            return
        outcome: dict[Any, float] = {}
        for n, p in where.items():
            if nodes[n].kind == "split":
                key = router("split", n, {n: 1.0})
                outcome[key] = outcome.get(key, 0.0) + p
            else:
                t = target(n)
                outcome[t] = outcome.get(t, 0.0) + p
        refs[step.key] = outcome

    def entries(split: int) -> list[Any]:
        if split not in parallel_entries:
            parallel_entries[split] = _entries(split)
        return parallel_entries[split]

    def _entries(split: int) -> list[Any]:
        result: list[Any] = []
        for branch in nodes[split].succ:
            where = resolve(graph, branch)
            if len(where) == 1:
                (n,) = where
                if nodes[n].kind == "split":
                    result.extend(entries(n))
                    continue
                if nodes[n].kind in ("step", "port"):
                    result.append(target(n))
                    continue
            result.append(router("choice", branch, where))
        return result

    for n, node in enumerate(nodes):
        if node.kind == "step":
            steps[n] = FlowStep(n, node.label)
    for n, node in enumerate(nodes):
        if node.kind == "step":
            express(steps[n], resolve(graph, node.succ[0]))
    begin = resolve(graph, graph.entry)
    if len(begin) == 1 and nodes[next(iter(begin))].kind == "step":
        start = next(iter(begin))
    else:
        start = router("start", graph.entry, begin)

    port_target = _joins(graph, steps, refs, start, new_routing, express, entries)

    def final(t: Any) -> int:
        return port_target[t.node] if isinstance(t, _Port) else t

    for key, ref in refs.items():
        step = steps[key]
        if isinstance(ref, list):
            step.parallel = [final(t) for t in ref]
        elif len(ref) == 1:
            step.next = final(next(iter(ref)))
        else:
            merged: dict[int, float] = {}
            for t, p in ref.items():
                merged[final(t)] = merged.get(final(t), 0.0) + p
            if len(merged) == 1:
                step.next = next(iter(merged))
            else:
                step.outcomes = merged
    return Flow(steps, start)


def _joins(graph: Graph, steps: dict[int, FlowStep], refs: dict[int, Any], start: int,
           new_routing: Callable[[Role], FlowStep], express: Callable[[FlowStep, dict[int, float]], None],
           entries: Callable[[int], list[Any]]) -> dict[int, int]:
    """Choose the step that joins each parallel block; return, per port, the key of that step.

    A step can join a block only when nothing else leads to it: the join waits for a token from each
    step that enters it. What leads to it later counts too: the block after which a routing step will
    start a split leads to the split's first steps."""
    nodes = graph.nodes

    def ref_targets(ref: Any) -> list[Any]:
        return list(ref) if isinstance(ref, list) else list(ref.keys())

    def sources(port: int) -> list[int]:
        return [key for key, ref in refs.items()
                if any(isinstance(t, _Port) and t.node == port for t in ref_targets(ref))]

    joins = [n for n, node in enumerate(nodes) if node.kind == "join"]
    after = {j: resolve(graph, nodes[j].succ[0]) for j in joins}
    for where in after.values():  # the routing steps that start splits after a join exist from here on
        for n in where:
            if nodes[n].kind == "split":
                entries(n)
    merged_into: dict[int, int] = {}  # port -> the inner join whose branches end there
    for j in sorted(joins, reverse=True):  # inner blocks were built after the blocks around them
        where = after[j]
        if len(where) == 1:
            (n,) = where
            rivals = [k for k in joins if k != j and n in after[k]]
            if nodes[n].kind == "port" and not sources(n) and not rivals and n not in merged_into:
                merged_into[n] = j

    def leaf_ports(j: int) -> list[int]:
        result: list[int] = []
        for port in (n for n, node in enumerate(nodes) if node.kind == "port" and node.join == j):
            result.extend(leaf_ports(merged_into[port]) if port in merged_into else [port])
        return result

    def incoming(key: int) -> int:
        count = sum(1 for ref in refs.values() for t in ref_targets(ref) if t == key)
        for k in joins:
            count += sum(1 for t in after[k] if t == key)
            count += sum(entries(t).count(key) for t in after[k] if nodes[t].kind == "split")
        return count + (1 if key == start else 0)

    port_target: dict[int, int] = {}
    for j in sorted(joins, reverse=True):
        if j in merged_into.values():
            continue
        where = after[j]
        single = next(iter(where)) if len(where) == 1 else None
        if single is not None and nodes[single].kind == "step" and incoming(single) == 1 \
                and not steps[single].join:
            joiner = steps[single]
        else:
            joiner = new_routing("join")
            express(joiner, where)
        joiner.join = True
        for port in leaf_ports(j):
            from_steps = sources(port)
            if len(from_steps) > 1:
                # the branch ends in one of several steps: they meet in a routing step first
                merge = new_routing("merge")
                for key in from_steps:
                    refs[key] = _replace_port(refs[key], port, merge.key)
                refs[merge.key] = {_Port(port): 1.0}
            port_target[port] = joiner.key
    return port_target


def _replace_port(ref: Any, port: int, key: int) -> Any:
    if isinstance(ref, list):
        return [key if isinstance(t, _Port) and t.node == port else t for t in ref]
    result: dict[Any, float] = {}
    for t, p in ref.items():
        k = key if isinstance(t, _Port) and t.node == port else t
        result[k] = result.get(k, 0.0) + p
    return result
