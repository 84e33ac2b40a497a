"""A step that no case can reach.

Every case starts at the first step and moves on through ``next``, ``outcomes`` and the order of the
list. A step that none of these lead to is never performed: it is either a leftover of an earlier
version of the procedure or a flow that was meant to lead to it and does not. In the Petri net such
a step is a dead transition, so the process is not sound (van der Aalst's third condition); this
rule says so in the terms of the file.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: review, name: 审查, lane: office}        # nothing leads here
      - {id: decide, name: 决定, lane: office, end: approved}

Passes:

    steps:
      - {id: accept, name: 受理, lane: window}
      - {id: review, name: 审查, lane: office}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """有环节没有任何办件能到达。

每个办件都从第一个环节开始，经 ``next``、``outcomes`` 和列表顺序往下走。这些都到不了的环节永远不会被办理：它要么是流
程旧版本的遗留，要么是本应通向它的连接没有写上。在 Petri 网中这样的环节是死变迁，流程不合理（van der Aalst 的第三个
条件）；本规则用流程文件的术语指出这一点。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: review, name: 审查, lane: office}        # nothing leads here
      - {id: decide, name: 决定, lane: office, end: approved}

通过：

    steps:
      - {id: accept, name: 受理, lane: window}
      - {id: review, name: 审查, lane: office}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

ID = "structure/unreachable-step"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    reachable = ctx.reachable_from_start
    for step in ctx.process.steps:
        if step.id not in reachable:
            yield ctx.finding(step, _("step '{step}' ({name}) cannot be reached from the first step "
                                      "'{first}'").format(
                step=step.id, name=step.name, first=ctx.process.steps[0].id))
