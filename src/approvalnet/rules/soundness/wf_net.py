"""The process's Petri net is a workflow net: one start, one end, every step between them.

Soundness is defined for workflow nets (WF-nets, van der Aalst 1997, Def. 5): one source place where
every case begins, one sink place where every case ends, and every place and transition on some
path from the source to the sink. In the terms of a service centre: one door in, one door out, and
no step that stands outside the way from application to outcome — no step that no case can get to
(a second start, a branch whose link was forgotten) and no step from which no case can get out (a
loop without exit). Woflan and WoPeD check this first and analyse nothing else until it holds,
and so does approvalnet: while this rule reports, the behavioural rules (option-to-complete,
proper-completion, no-dead-steps, bounded) stay silent. The
initial and final markings must also be one token in the source and one in the sink ("wrongly
marked places" in WoPeD); the net built from a file always has them, so a finding of that kind
points to a fault in approvalnet, not in the file.

The structure rules say the same on the flow of the file (structure/unreachable-step,
structure/implicit-start, structure/no-path-to-end); this rule is the net-level check, and the one
that explains why the soundness verdict is missing.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: review, name: 审查, lane: office}        # no path from the start leads here
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: ``accept`` without ``next: decide``, so that ``review`` follows it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

DOC_ZH = """流程的 Petri 网是工作流网：一个开始，一个结束，每个环节都在两者之间。

合理性是针对工作流网定义的（WF 网，van der Aalst 1997，定义 5）：一个源库所，每个办件都从这里开始；一个汇库所，每个
办件都在这里结束；每个库所和变迁都在从源到汇的某条路径上。用政务服务中心的话说：一个入口，一个出口，没有环节游离于从
申请到结果的路径之外——没有办件到达不了的环节（第二个起点、连接被遗漏的分支），也没有办件出不去的环节（没有出口的循环）。
Woflan 和 WoPeD 首先检查这一点，在满足之前不做其他分析，approvalnet 也是如此：本规则报告问题时，行为类规则（
option-to-complete、proper-completion、no-dead-steps、bounded）不作报告。初始标识和结束标识也必须是源库所和汇库所中
各一个托肯（WoPeD 的 "wrongly marked places"）；根据文件构建的网总是满足这一点，因此这类问题说明是 approvalnet 自身
的缺陷，而不是文件的问题。

结构类规则在文件的流程上检查同样的内容（structure/unreachable-step、structure/implicit-start、
structure/no-path-to-end）；本规则是网层面的检查，也说明合理性结论为何缺失。

不通过：

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: review, name: 审查, lane: office}        # no path from the start leads here
      - {id: decide, name: 决定, lane: office, end: approved}

通过：``accept`` 去掉 ``next: decide``，使 ``review`` 紧随其后。
"""

ID = "soundness/wf-net"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "not-wf-net", "bad-marking")
