"""Every split is closed by a join of its own kind: exclusive by exclusive, parallel by parallel.

A workflow net is well-structured when its short-circuited net (the net with an extra transition
from the sink back to the source) has no handles (van der Aalst 1997, after Esparza and Silva;
Woflan's "well-handledness", WoPeD's PT- and TP-handles). A PT-handle is a place with several
outputs — in a process, an exclusive choice (``outcomes``) — from which two paths with no node in
common lead to a transition with several inputs — a parallel join (``join: all``): the join waits
for all of its branches, but the choice starts only one of them, so the case deadlocks (or, if an
outcome leaves the branch, ends while the join still waits). A TP-handle is a transition with
several outputs — a parallel split (``next: [a, b]``) — from which two disjoint paths lead to a
place with several inputs — an exclusive merge, a step with several ways in and no ``join: all``:
the branches run at the same time, and the merging step runs once for each of them. For a service
centre: what a choice divides must come together at a step that expects one of the alternatives,
what a parallel split divides at a step that waits for all branches. Well-structured nets are
decidable in polynomial time (van der Aalst 1997).

Two paths with no node in common exist exactly when no single node lies on every path between
the two (Menger's theorem); the rule finds this with the dominator tree of the short-circuited net
(networkx), which gives the same answer as a max-flow with node splitting, in a fraction of the
time on large nets.

Rework loops that go back to an earlier step are exclusive, and never form a handle on their own;
a loop that leaves a parallel branch and goes back to before the split is reported (the other
branches go on while the split starts again). The finding is placed at the join (PT-handle) or at
the merging step (TP-handle), and names the split; where the branches merge only at the end of the
case (they end it separately), it is placed at the split.

Fails (PT-handle: an exclusive choice closed by a parallel join):

    steps:
      - {id: review, name: 审查, lane: office, outcomes: {simple: quick, complex: full}}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}

Fails (TP-handle: a parallel split closed by an exclusive merge):

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: decide}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, end: approved}

Passes: the first without ``join: all``, the second with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...i18n import _
from ..context import Context, Finding
from ._common import props, show, step_of

DOC_ZH = """每个分支点都由同类的汇合收拢：排他对排他，并行对并行。

工作流网是良构的，是指其短路网（加一个从汇库所回到源库所的变迁）没有柄（van der Aalst 1997，源自 Esparza 和 Silva；
Woflan 的 "well-handledness"，WoPeD 的 PT 柄和 TP 柄）。PT 柄是一个有多个输出的库所——在流程中即排他选择（
``outcomes``）——从它出发有两条没有公共节点的路径通向一个有多个输入的变迁——即并行汇合（``join: all``）：汇合等待它的
所有分支，选择却只启动其中一个，于是办件死锁（或者某个结果离开该分支时，办件在汇合仍在等待时就结束）。TP 柄是一个有
多个输出的变迁——并行分支（``next: [a, b]``）——从它出发有两条不相交的路径通向一个有多个输入的库所——排他合并，即有多个
入口却没有 ``join: all`` 的环节：各分支同时运行，合并的环节为每个分支各运行一次。对政务服务中心而言：选择分出去的，
必须在只等待其中一种情形的环节收拢；并行分支分出去的，必须在等待全部分支的环节收拢。良构的网可在多项式时间内判定（
van der Aalst 1997）。

两条没有公共节点的路径存在，当且仅当两点之间没有一个节点位于每条路径上（Menger 定理）；本规则用短路网的支配树（
networkx）来判断，结果与节点拆分后的最大流相同，在大型网上用时却少得多。

回到前面环节的返工循环是排他的，本身不会形成柄；离开并行分支、回到分支点之前的循环会报告（分支点重新开始时，其他分支
仍在继续）。问题标在汇合处（PT 柄）或合并的环节（TP 柄），并指出分支点；各分支只在办件结束时合并（各自结束办件）时，
标在分支点。

不通过（PT 柄：排他选择由并行汇合收拢）：

    steps:
      - {id: review, name: 审查, lane: office, outcomes: {simple: quick, complex: full}}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}

不通过（TP 柄：并行分支由排他合并收拢）：

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: decide}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, end: approved}

通过：第一个去掉 ``join: all``，第二个加上它。
"""

ID = "soundness/well-structured"
LEVEL = "warning"

_SHORT_CIRCUIT = "t*"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    import networkx as nx

    net, initial, final = ctx.petri_net
    nodes: dict[str, Any] = {n.name: n for n in (*net.places, *net.transitions)}
    places = {p.name for p in net.places}
    plain = nx.DiGraph()
    plain.add_nodes_from(nodes)
    plain.add_edges_from((a.source.name, a.target.name) for a in net.arcs)
    closed = plain.copy()  # the short-circuited net
    for end in final:
        for begin in initial:
            closed.add_edge(end.name, _SHORT_CIRCUIT)
            closed.add_edge(_SHORT_CIRCUIT, begin.name)

    def disjoint_paths(graph: Any) -> Any:
        """Whether two paths with no inner node in common lead from x to y (Menger: no single node
        other than x and y lies on every path, i.e. y's immediate dominator from x is x itself)."""
        dominators: dict[str, dict[str, str]] = {}

        def two(x: str, y: str) -> bool:
            if x not in dominators:
                dominators[x] = nx.immediate_dominators(graph, x)
            idom = dominators[x]
            if y == x or y not in idom:
                return False
            if not graph.has_edge(x, y):
                return idom[y] == x
            # An arc x → y is one path; any other way from x to y is a second, disjoint one.
            seen, todo = {x}, [v for v in graph.successors(x) if v != y]
            while todo:
                v = todo.pop()
                if v == y:
                    return True
                if v not in seen:
                    seen.add(v)
                    todo.extend(graph.successors(v))
            return False

        return two

    handle_in_closed = disjoint_paths(closed)
    handle_in_plain = disjoint_paths(plain)
    choices = [v for v in closed if v in places and closed.out_degree(v) >= 2]
    joins = [v for v in closed if v not in places and closed.in_degree(v) >= 2]
    splits = [v for v in closed if v not in places and closed.out_degree(v) >= 2]
    merges = [v for v in closed if v in places and closed.in_degree(v) >= 2]

    reported: set[tuple[str, str]] = set()
    pt_handles: list[tuple[str, str]] = []  # (choice place, join transition)
    for x, y in sorted((x, y) for x in choices for y in joins):
        if not handle_in_closed(x, y):
            continue
        choice, join = step_of(ctx, nodes[x]), step_of(ctx, nodes[y])
        if choice is None or join is None or (choice.id, join.id) in reported:
            continue
        reported.add((choice.id, join.id))
        pt_handles.append((x, y))
        if handle_in_plain(x, y):
            message = _("the exclusive choice of step {choice} (line {line}) is closed by the parallel join ('join: "
                        "all') of step {join}: ways from two of its outcomes enter the join separately, but a case "
                        "takes one outcome only, so the join waits for a branch that is not coming, or gets one from "
                        "a later round (a PT-handle)")
        elif x in nx.descendants(plain, y):
            message = _("the exclusive choice of step {choice} (line {line}) is closed by the parallel join ('join: "
                        "all') of step {join}: an outcome of the choice, which comes after the join, leads back into "
                        "only some of the branches the join waits for, so the join then waits for branches that do "
                        "not run again (a PT-handle)")
        else:
            message = _("the exclusive choice of step {choice} (line {line}) is closed by the parallel join ('join: "
                        "all') of step {join}: the join waits for the branch this choice is on, but an outcome of "
                        "the choice ends the case without passing the join, so the case ends while other branches "
                        "still run (a PT-handle)")
        yield ctx.finding(join, message.format(choice=show(choice), line=choice.loc.line, join=show(join)), "join")

    bypassing = [(choice, nx.descendants(plain.subgraph(v for v in plain if v != join), choice))
                 for choice, join in pt_handles]  # where each such choice leads without passing its join

    def explained(split: str, merge: str) -> bool:
        """Whether a reported PT-handle's choice, after this split, reaches the merge bypassing its join."""
        after = nx.descendants(plain, split) if bypassing else set()
        return any(choice in after and merge in reach for choice, reach in bypassing)

    for x, y in sorted((x, y) for x in splits for y in merges):
        if x == _SHORT_CIRCUIT or not handle_in_closed(x, y):
            continue
        split = step_of(ctx, nodes[x])
        if split is None:
            continue
        merge = step_of(ctx, nodes[y]) if props(nodes[y]).get("role") == "input" else None
        key = (split.id, merge.id if merge is not None else "<end>")
        if key in reported or explained(x, y):
            continue  # the same mismatch as a PT-handle reported above
        reported.add(key)
        values = {"split": show(split), "line": split.loc.line, "merge": show(merge) if merge is not None else ""}
        if merge is None:
            yield ctx.finding(split, _("the parallel split of step {split} (line {line}) is closed by an exclusive "
                                       "merge: its branches end the case separately, each on its own, so the case "
                                       "ends more than once and branches still run after it has ended (a "
                                       "TP-handle)").format(**values), "next")
        elif handle_in_plain(x, y):
            yield ctx.finding(merge, _("the parallel split of step {split} (line {line}) is closed by an exclusive "
                                       "merge at step {merge}, which has no 'join: all': branches that run at the "
                                       "same time each enter it, so it runs once for each of them (a "
                                       "TP-handle)").format(**values))
        else:
            yield ctx.finding(merge, _("the parallel split of step {split} (line {line}) is closed by an exclusive "
                                       "merge at step {merge}: a branch leads back to it while the other branches of "
                                       "the split still run, so it starts again before they are joined (a "
                                       "TP-handle)").format(**values))
