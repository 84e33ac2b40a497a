"""Parallel branches meet at a step without ``join: all``, so that step runs once per branch.

After ``next: [a, b]`` both branches run at the same time. The step where they come together must
wait for all of them (``join: all``); without it each arriving branch starts the step on its own:
a joint decision is taken twice, a certificate issued twice, and the case has tokens left over when
it ends. bpmnlint calls this a fake join (an activity with several incoming flows used as a join);
in the Petri net it is a TP-handle — a parallel split closed by an exclusive merge — and the net is
not sound (improper completion, van der Aalst 1997).

The rule follows each branch from its first step until it reaches a step another branch of the
same split also reaches, and reports a step that two or more branches enter there directly. A
branch that falls into another branch's first step is reported by structure/implicit-split instead.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: decide}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, end: approved}

Passes: the same with ``join: all`` on ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import in_file_order, parallel_splits, show

DOC_ZH = """并行分支在没有 ``join: all`` 的环节会合，该环节会按分支数各运行一次。

``next: [a, b]`` 之后，两个分支同时运行。它们会合的环节必须等待全部分支（``join: all``）；否则每到达一个分支就单独启
动一次该环节：联合决定作出两次，证照颁发两次，办件结束时还有多余的托肯。bpmnlint 称之为伪汇合（把有多条入流的活动当
作汇合）；在 Petri 网中它是一个 TP 柄——并行分支由排他合并收拢——网不合理（不正常结束，van der Aalst 1997）。

本规则从每个分支的第一个环节出发，一直跟到同一分支点的另一个分支也能到达的环节，并报告在那里有两个或更多分支直接进入
的环节。一个分支落入另一个分支第一个环节的情况由 structure/implicit-split 报告。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: decide}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, end: approved}

通过：同样的流程，在 ``decide`` 上加 ``join: all``。
"""

ID = "structure/missing-join"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    reported: set[str] = set()
    for split in parallel_splits(ctx):
        for meet in in_file_order(ctx, split.meeting):
            step = ctx.steps[meet]
            if step.join == "all" or meet in reported:
                continue
            sources = {e.source for e in ctx.incoming[meet]}
            entering = [b for b in split.branches if sources & split.private(b)]
            if len(entering) < 2:
                continue
            reported.add(meet)
            names = _("{some} and {last}").format(some=", ".join(show(ctx.steps[b]) for b in entering[:-1]),
                                                  last=show(ctx.steps[entering[-1]]))
            yield ctx.finding(step, _("the branches {names} of the parallel split at {split} meet at step {step}, "
                                      "which has no 'join: all': it runs once for each branch that arrives (up to "
                                      "{n} times), and so does everything after it").format(
                                          names=names, split=show(split.step), step=show(step), n=len(entering)))
