"""The applicant comes to the centre at most ``max`` times (最多跑一次).

The 最多跑一次 reform, as made law in Zhejiang and Liaoning: "申请材料齐全、符合法定形式的，从提出申请
到收到办理结果全程只需一次上门或者零上门" (《浙江省保障"最多跑一次"改革规定》第二条, 2019; 《辽宁省推进
"最多跑一次"规定》, 2019). Fuzhou's "最多跑一趟" counts the same way ("最多需要一次到窗口
申请、提交材料或取件"), and Guangdong set "不超过2次" for all items and "不超过1次" for 70% of them
(粤办函〔2015〕208号), hence the option ``max`` (default 1).

The visits are counted, not taken from the declared ``visits`` (listing/visits-declared compares the
two): the steps with ``applicant_present: true`` of the approved case with complete materials that has
the most of them, from the first step to an ``approved`` end, no step twice, no ``supplement-notice``
step, every parallel branch counted. The finding stands at the first visit beyond ``max``. A reform
target, not law: this group is off in the recommended preset and on in ``reform``.

Fails (``max: 1``):

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, applicant_present: true}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: collect, name: 窗口领证, lane: window, kind: deliver, applicant_present: true, end: approved}

Passes: the licence is posted or sent electronically (``collect`` without ``applicant_present``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import ngettext
from ..context import Context, Finding
from ..visits import approved_visits, describe

ID = "reform/max-visits"
LEVEL = "warning"


@dataclass(frozen=True)
class Options:
    max: int = 1  # 最多跑一次


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    visits = approved_visits(ctx)
    if visits is None or visits.count <= options.max:
        return
    extra = ctx.steps[visits.steps[options.max]]
    message = ngettext("the applicant must come {count} times in an approved case with complete materials, more "
                       "than the target of {max} visit (最多跑一次): {steps}",
                       "the applicant must come {count} times in an approved case with complete materials, more "
                       "than the target of {max} visits (最多跑一次): {steps}", options.max)
    yield ctx.finding(extra, message.format(count=visits.count, max=options.max, steps=describe(ctx, visits.steps)))
