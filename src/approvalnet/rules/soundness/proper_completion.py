"""When a case ends, nothing of it is still under way.

The second condition of workflow-net soundness (van der Aalst 1997; "improper termination" in
Woflan): whenever the sink place is marked, it holds the only token left. In a service centre's
words: when the case is closed — the licence delivered, the refusal served — no department is still
reviewing it and no parallel branch is still waiting somewhere. The usual causes are a parallel
split (``next: [a, b]``) one branch of which ends the case (``end:``) while the other still runs,
two branches that meet at a step without ``join: all`` (the step then runs twice and ends the case
twice), and a branch that falls through into another by list order. The finding gives a shortest
sequence of steps into such a state and the steps that still hold work.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, end: approved}      # ends while planning runs
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: ``fire`` with ``next: decide`` and ``join: all`` on ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

DOC_ZH = """办件结束时，它的任何部分都不再处于办理中。

工作流网合理性的第二个条件（van der Aalst 1997；Woflan 中的 "improper termination"）：汇库所一旦被标记，其中的托肯就
是剩下的唯一托肯。用政务服务中心的话说：办件办结——证照已送达、不予许可决定已送达——时，没有部门还在审查它，也没有并行
分支还在某处等待。常见原因有：并行分支（``next: [a, b]``）中一个分支结束了办件（``end:``），另一个仍在运行；两个分支
在没有 ``join: all`` 的环节会合（该环节运行两次，结束办件两次）；一个分支按列表顺序顺延进入另一个分支。问题中给出进
入这种状态的一条最短环节序列，以及仍有工作的环节。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, end: approved}      # ends while planning runs
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

通过：``fire`` 加上 ``next: decide``，并在 ``decide`` 上加 ``join: all``。
"""

ID = "soundness/proper-completion"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "improper-completion")
