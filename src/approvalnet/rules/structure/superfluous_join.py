"""A step has ``join: all`` but fewer than two ways in, so there is nothing to wait for.

``join: all`` makes a step wait until every branch that enters it has arrived; it is meant for the
step where parallel branches (``next: [a, b]``) come together. On a step entered from only one other
step there is nothing to join: the marker is a leftover of an earlier version of the procedure or
sits on the wrong step (often the step after the real meeting point, which then has none). The
process still works, so this is a warning; compare bpmnlint's superfluous-gateway (a gateway with
one incoming and one outgoing flow).

Fails:

    steps:
      - {id: accept, name: 受理, lane: window}
      - {id: review, name: 审查, lane: office}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}

Passes: ``join: all`` on a step that two parallel branches enter.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import show, show_all

DOC_ZH = """环节写了 ``join: all``，但入口少于两个，没有需要等待的分支。

``join: all`` 使环节等待进入它的所有分支都到达后才开始，用于并行分支（``next: [a, b]``）会合的环节。只有一个环节通向
的环节没有可汇合的分支：这个标记要么是流程旧版本的遗留，要么写错了环节（常常写在真正会合点的下一个环节上，而会合点本
身反而没有）。流程仍能运行，因此是警告；参见 bpmnlint 的 superfluous-gateway（只有一条入流和一条出流的网关）。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window}
      - {id: review, name: 审查, lane: office}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}

通过：在两个并行分支进入的环节上写 ``join: all``。
"""

ID = "structure/superfluous-join"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    first = ctx.process.steps[0].id
    for step in ctx.process.steps:
        if step.join != "all":
            continue
        sources = {e.source for e in ctx.incoming[step.id]}
        ways = len(sources) + (step.id == first)
        if ways >= 2:
            continue
        if sources:
            message = _("step {step} waits for all incoming branches ('join: all'), but only {sources} leads to it; "
                        "there is nothing to join")
        elif step.id == first:
            message = _("step {step} waits for all incoming branches ('join: all'), but it is the first step and "
                        "nothing else leads to it; there is nothing to join")
        else:
            message = _("step {step} waits for all incoming branches ('join: all'), but nothing leads to it; there "
                        "is nothing to join")
        yield ctx.finding(step, message.format(step=show(step), sources=show_all(ctx, sources)), "join")
