"""An exclusive choice gives no probabilities, so the simulation assumes equal shares.

``outcomes`` may give each outcome a probability ``p`` (all or none). Without them the simulation
takes every outcome equally often: a completeness check with outcomes ``complete``,
``incomplete`` and ``outside-remit`` would send a third of all applicants home to supplement their
materials and a third away as not accepted, and waiting times, staff load and the share of cases
decided within the promised limit would be computed from that. The centre's own statistics (受理率,
补正率, 办结率) give the shares; this rule only reminds that they are missing. It does not affect the
checks of the law.

Fails:

    outcomes: {complete: accept, incomplete: notice}

Passes:

    outcomes:
      complete: {next: accept, p: 0.9}
      incomplete: {next: notice, p: 0.1}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """排他选择没有给出概率，仿真只能按均等比例计算。

``outcomes`` 可以为每个结果给出概率 ``p``（要么全部给出，要么都不给）。不给出时，仿真按各结果出现次数相同计算：一个
材料齐全性审查环节若有 ``complete``、``incomplete`` 和 ``outside-remit`` 三个结果，就会让三分之一的申请人回去补正材
料、三分之一不予受理，等候时间、人员负荷和在承诺时限内办结的比例都会据此计算。实际比例可从中心自己的统计数据（受理率、
补正率、办结率）中取得；本规则只提示缺少这些数据，不影响对法律规定的检查。

不通过：

    outcomes: {complete: accept, incomplete: notice}

通过：

    outcomes:
      complete: {next: accept, p: 0.9}
      incomplete: {next: notice, p: 0.1}
"""

ID = "structure/choice-without-probabilities"
LEVEL = "info"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for step in ctx.process.steps:
        outcomes = step.outcomes or {}
        if not outcomes or any(o.p is not None for o in outcomes.values()):
            continue
        n = len(outcomes)
        yield ctx.finding(step, _("the {n} outcomes of step '{step}' ({name}) give no probability 'p': the "
                                  "simulation takes each in 1/{n} of the "
                                  "cases").format(n=n, step=step.id, name=step.name),
                          "outcomes")
