"""A parallel branch's first step is also entered from outside the branch, so the branch starts twice.

``next: [a, b]`` starts branches ``a`` and ``b`` at the same time. If ``b`` is also entered some
other way — most often because the last step of branch ``a`` has no ``next:`` and so falls through
to ``b``, the step after it in the list — then ``b`` runs once from the split and once more from
``a``: two copies of the same branch work on one case, the join downstream receives a branch too
many, and the case cannot end cleanly. It is the language's form of what bpmnlint calls an
implicit split (no-implicit-split: a flow splits without an explicit parallel gateway); in the Petri
net it is a TP-handle (a parallel split closed by an exclusive merge) and shows up as improper
completion or unboundedness (van der Aalst 1997).

Loops inside a branch (a rework outcome that goes back to the branch's first step) are fine and
are not reported; an entry from after the point where the branches meet (an outcome of the joint
decision that sends the case back to one branch only) is reported, because it restarts one branch
without the others. Entries from steps that cannot be reached are left to structure/unreachable-step,
and a first step with ``join: all`` waits for all its entries instead of starting twice.
The finding is placed where the extra entry is written: the ``next`` or outcome that leads into the
branch, or the step that falls through.

Fails (``a`` falls through into ``b``):

    steps:
      - {id: accept, name: 受理, lane: window, next: [a, b]}
      - {id: a, name: 消防审查, lane: office}
      - {id: b, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}

Passes:

    steps:
      - {id: accept, name: 受理, lane: window, next: [a, b]}
      - {id: a, name: 消防审查, lane: office, next: decide}
      - {id: b, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import parallel_splits, show

DOC_ZH = """并行分支的第一个环节还能从分支外进入，因此该分支会启动两次。

``next: [a, b]`` 同时启动分支 ``a`` 和 ``b``。如果 ``b`` 还能从别处进入——最常见的是分支 ``a`` 的最后一个环节没有写
``next:``，于是顺延到列表中紧随其后的 ``b``——那么 ``b`` 会从分支点运行一次，又从 ``a`` 再运行一次：同一个办件上有同
一分支的两个副本在办理，下游的汇合会多收到一个分支，办件无法正常结束。这就是 bpmnlint 所说的隐式分支（
no-implicit-split：没有显式并行网关的分支）；在 Petri 网中它是一个 TP 柄（并行分支由排他合并收拢），表现为不正常结束
或无界（van der Aalst 1997）。

分支内部的循环（返工结果回到分支的第一个环节）没有问题，不会报告；从各分支会合点之后进入（联合决定的某个结果只把办件
退回一个分支）则会报告，因为它只重启一个分支而不重启其他分支。从无法到达的环节进入的情况由
structure/unreachable-step 报告；第一个环节带有 ``join: all`` 时，它会等待全部入口，而不是启动两次。问题标在多出的入
口所写的位置：通向该分支的 ``next`` 或结果，或顺延进入的环节。

不通过（``a`` 顺延进入 ``b``）：

    steps:
      - {id: accept, name: 受理, lane: window, next: [a, b]}
      - {id: a, name: 消防审查, lane: office}
      - {id: b, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}

通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: [a, b]}
      - {id: a, name: 消防审查, lane: office, next: decide}
      - {id: b, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}
"""

ID = "structure/implicit-split"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    reachable = ctx.reachable_from_start
    first = ctx.process.steps[0]
    for split in parallel_splits(ctx):
        if split.step.id not in reachable:
            continue
        fence = {split.step.id, *split.branches}
        for branch in split.branches:
            start = ctx.steps[branch]
            if start.join == "all":
                continue  # its entries are synchronised, not started twice
            inside = ctx.reachable(branch, stop=split.meeting | fence) - split.meeting - (fence - {branch})
            if branch == first.id:
                yield ctx.finding(start, _("step {step} is the first step of a branch of the parallel split at "
                                           "{split} and also the first step of the process, where every case "
                                           "starts: the branch runs twice").format(
                                               step=show(start), split=show(split.step)))
            for edge in ctx.incoming[branch]:
                if edge.source == split.step.id or edge.source in inside or edge.source not in reachable:
                    continue
                source = ctx.steps[edge.source]
                # one whole sentence per way in: the reason sits mid-sentence, where Chinese orders it differently
                values = {"step": show(start), "split": show(split.step), "source": show(source)}
                if edge.kind == "choice":
                    message = _("step {step} is the first step of a branch of the parallel split at {split}, but "
                                "step {source} enters it too (its outcome '{outcome}' leads there): the branch runs "
                                "a second time in the same case").format(outcome=edge.outcome, **values)
                    field: tuple = ("outcomes", edge.outcome)
                elif isinstance(source.next, list):
                    message = _("step {step} is the first step of a branch of the parallel split at {split}, but "
                                "step {source} enters it too (its parallel 'next' starts it): the branch runs a "
                                "second time in the same case").format(**values)
                    field = ("next", source.next.index(branch))
                elif source.next is not None:
                    message = _("step {step} is the first step of a branch of the parallel split at {split}, but "
                                "step {source} enters it too (its 'next' leads there): the branch runs a second "
                                "time in the same case").format(**values)
                    field = ("next",)
                else:
                    message = _("step {step} is the first step of a branch of the parallel split at {split}, but "
                                "step {source} enters it too (it has no 'next:', so it falls through to the next "
                                "step in the list): the branch runs a second time in the same case").format(**values)
                    field = ()
                yield ctx.finding(source, message, *field)
