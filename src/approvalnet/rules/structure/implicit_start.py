"""A step other than the first that nothing leads to but which leads on: a second start.

Every case starts at the first step of the list. A later step that no ``next``, outcome or list
order leads to, but which itself goes on to other steps, reads like the start of a second procedure:
usually a branch whose link was forgotten (an outcome that should lead to it, or a ``next:`` on the
step before it that jumps over it), sometimes a leftover of an earlier version. bpmnlint reports
such elements as no-implicit-start; in the Petri net the step's input place is a second source
place, so the net is not a workflow net (van der Aalst 1997).

How this rule and structure/unreachable-step divide the work: unreachable-step reports every step
that no case can reach, the part the forgotten link cuts off; this rule reports only where such a
part begins — a step with no way in at all that leads on to another step — so that the finding
says which link is missing. A step with no way in that only ends the case is not a start of
anything and is left to unreachable-step; steps that are unreachable only because they lie in a loop
nothing enters have a way in and are left to it too.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: inspect, name: 现场核查, lane: office}          # nothing leads here
      - {id: decide, name: 决定, lane: office, end: approved}

Passes:

    steps:
      - {id: accept, name: 受理, lane: window, outcomes: {simple: decide, on-site: inspect}}
      - {id: inspect, name: 现场核查, lane: office}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import show, show_all

DOC_ZH = """除第一个环节外，有环节没有任何环节通向它，它却通向其他环节：形成第二个起点。

每个办件都从列表中的第一个环节开始。后面的某个环节如果没有任何 ``next``、结果或列表顺序通向它，它自己却通向其他环节，
看起来就像另一个流程的起点：通常是某个分支的连接被遗漏了（本应通向它的结果，或它前一个环节上跳过它的 ``next:``），有
时是旧版本遗留的内容。bpmnlint 把这类元素报告为 no-implicit-start；在 Petri 网中，该环节的输入库所是第二个源库所，因
此网不是工作流网（van der Aalst 1997）。

本规则与 structure/unreachable-step 的分工：unreachable-step 报告所有办件都到达不了的环节，即遗漏的连接所切断的部分；
本规则只报告这一部分从哪里开始——完全没有入口却通向其他环节的环节——以便指出缺少的是哪条连接。没有入口、只结束办件的环
节不是任何流程的起点，交由 unreachable-step 报告；只因位于无入口的循环中而无法到达的环节有入口，也交由它报告。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: inspect, name: 现场核查, lane: office}          # nothing leads here
      - {id: decide, name: 决定, lane: office, end: approved}

通过：

    steps:
      - {id: accept, name: 受理, lane: window, outcomes: {simple: decide, on-site: inspect}}
      - {id: inspect, name: 现场核查, lane: office}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

ID = "structure/implicit-start"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    first = ctx.process.steps[0]
    for step in ctx.process.steps[1:]:
        if any(e.source != step.id for e in ctx.incoming[step.id]):
            continue  # a way in (a step that only repeats itself has none)
        onward = [t for t in ctx.successors(step.id) if t != step.id]
        if not onward:
            continue
        yield ctx.finding(step, _("nothing leads to step {step}, yet it leads on to {onward}: it would be a "
                                  "second start, but every case starts at the first step {first}").format(
                                      step=show(step), onward=show_all(ctx, onward), first=show(first)))
