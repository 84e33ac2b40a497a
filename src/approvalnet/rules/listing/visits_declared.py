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
