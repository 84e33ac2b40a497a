"""Every case can still finish, whatever happened before (no deadlock, no livelock).

The first condition of workflow-net soundness (van der Aalst, 1997): from every marking reachable
from the start, the end can be reached. A deadlock is a state where nothing can happen and the
case has not ended, typically an exclusive choice (``outcomes``) feeding a parallel join
(``join: all``) that waits for a branch that was never started. A livelock is a loop the case can
never leave. The finding gives a shortest sequence of steps into the bad state.

Fails:

    steps:
      - id: review
        name: 审查
        lane: office
        outcomes: {fast: quick, slow: full}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}   # waits for both

Passes: the same without ``join: all`` (the two branches merge; only one ever runs).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding

DOC_ZH = """无论之前发生了什么，每个办件都仍能办结（无死锁，无活锁）。

工作流网合理性的第一个条件（van der Aalst 1997）：从开始可达的每个标识出发，都能到达结束。死锁是什么也不能发生、办件
却没有结束的状态，典型的是排他选择（``outcomes``）接到并行汇合（``join: all``）上，汇合等待一个从未启动的分支。活锁
是办件永远无法离开的循环。问题中给出进入该不良状态的一条最短环节序列。

不通过：

    steps:
      - id: review
        name: 审查
        lane: office
        outcomes: {fast: quick, slow: full}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}   # waits for both

通过：同样的流程去掉 ``join: all``（两个分支合并，只会运行其一）。
"""

ID = "soundness/option-to-complete"
LEVEL = "error"
KINDS = ("deadlock", "livelock")


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for problem in ctx.soundness.problems:
        if problem.code.removeprefix("soundness/") in KINDS:
            yield Finding(problem.loc, problem.message)
