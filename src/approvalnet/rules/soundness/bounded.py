"""No part of the process can pile up work without limit within one case.

A workflow net is bounded when no place can collect ever more tokens (van der Aalst 1997: a sound
net's short-circuited net is live and bounded; Woflan's "unbounded sequences", WoPeD's unbounded
places). For a service centre, an unbounded place is a step to which one case can send ever more
copies of itself: a loop that passes through a parallel split (``next: [a, b]``) and comes back
before the branches are joined starts a new copy of a branch on every round, so one application
could be reviewed by the same department any number of times at once. The finding gives the
sequence of steps that can be repeated and the step whose input grows.

Fails (each round through ``accept`` leaves one more ``planning`` review behind):

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: accept}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: the loop goes back only after a ``join: all`` that waits for both branches.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

DOC_ZH = """流程的任何部分都不会在一个办件内无限堆积工作。

工作流网有界，是指没有任何库所能积累越来越多的托肯（van der Aalst 1997：合理的网加上短路变迁后是活的且有界的；Woflan
的 "unbounded sequences"，WoPeD 的无界库所）。对政务服务中心而言，无界库所就是一个办件能不断向其发送自身副本的环节：
穿过并行分支（``next: [a, b]``）、又在各分支汇合之前返回的循环，每转一圈就启动一个新的分支副本，于是同一申请可能同时
被同一部门审查任意多次。问题中给出可以重复的环节序列，以及输入不断增长的环节。

不通过（每经过一次 ``accept``，就多留下一个 ``planning`` 审查）：

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: accept}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

通过：循环只在等待两个分支的 ``join: all`` 之后才返回。
"""

ID = "soundness/bounded"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "unbounded")
