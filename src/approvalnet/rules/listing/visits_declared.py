"""The declared number of on-site visits (到办事现场次数) is the number the procedure needs.

到办事现场次数 is a NOT NULL column of the national platform's 实施清单 (``limit_scene_num``
in its upload schema) and the figure the reform targets are measured by (the Wenzhou data-quality
checks of 实施清单, 3–5, and the "跑一次" ratio; 最多跑一次). It is a promise to the applicant, so it must agree
with the procedure in the same file: the count is that of the 最多跑一次 definition,
"申请材料齐全、符合法定形式的，从提出申请到收到办理结果全程只需一次上门或者零上门" (《浙江省保障"最多跑一次"
改革规定》第二条; the same in 《辽宁省推进"最多跑一次"规定》): the steps with ``applicant_present: true``
of the approved case with complete materials that has the most of them — from the first step to an
``approved`` end, no step twice, no ``supplement-notice`` step, every parallel branch counted.

Fails (declares one visit; the applicant hands in and then collects the licence):

    visits: 1
    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, applicant_present: true}
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: collect, name: 窗口领证, lane: window, kind: deliver, applicant_present: true, end: approved}

Passes: ``visits: 2``, or the licence is posted (``collect`` without ``applicant_present``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import ngettext
from ..context import Context, Finding
from ..visits import approved_visits, describe

DOC_ZH = """声明的到办事现场次数与流程实际需要的次数一致。

到办事现场次数是国家平台实施清单中不可为空的一列（上报数据规范中为 ``limit_scene_num``），也是衡量改革目标的数字（温
州实施清单数据质量检查第 3–5 项，以及"跑一次"比例；最多跑一次）。它是对申请人的承诺，因此必须与同一文件中的流程一致：
按最多跑一次的定义计数，"申请材料齐全、符合法定形式的，从提出申请到收到办理结果全程只需一次上门或者零上门"（《浙江省
保障"最多跑一次"改革规定》第二条；《辽宁省推进"最多跑一次"规定》相同）：在材料齐全并准予办结、``applicant_present:
true`` 的环节最多的那个办件中计数——从第一个环节到 ``approved`` 结束，每个环节只计一次，不含 ``supplement-notice`` 环
节，各并行分支都计入。

不通过（声明一次；申请人先递交材料，再领取证照）：

    visits: 1
    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, applicant_present: true}
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: collect, name: 窗口领证, lane: window, kind: deliver, applicant_present: true, end: approved}

通过：``visits: 2``，或者邮寄证照（``collect`` 不设 ``applicant_present``）。
"""

ID = "listing/visits-declared"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    declared = ctx.process.visits
    if declared is None:
        return  # listing/required-fields reports a missing count
    visits = approved_visits(ctx)
    if visits is None or visits.count == declared:
        return
    message = ngettext("到办事现场次数 is declared as {declared}, but an approved case with complete materials has "
                       "the applicant come {count} time: {steps} (applicant_present); path: {path}",
                       "到办事现场次数 is declared as {declared}, but an approved case with complete materials has "
                       "the applicant come {count} times: {steps} (applicant_present); path: {path}", visits.count)
    yield ctx.finding(ctx.process, message.format(declared=declared, count=visits.count,
                                                  steps=describe(ctx, visits.steps),
                                                  path=" → ".join(ctx.steps[s].name for s in visits.path)), "visits")
