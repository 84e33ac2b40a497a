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

DOC_ZH = """申请人最多到中心 ``max`` 次（最多跑一次）。

浙江和辽宁以地方性法规确定的最多跑一次改革："申请材料齐全、符合法定形式的，从提出申请到收到办理结果全程只需一次上门
或者零上门"（《浙江省保障"最多跑一次"改革规定》第二条，2019；《辽宁省推进"最多跑一次"规定》，2019）。福州的"最多跑一
趟"计数方法相同（"最多需要一次到窗口申请、提交材料或取件"），广东规定所有事项"不超过2次"、70% 的事项"不超过1次"（粤
办函〔2015〕208号），因此设选项 ``max``（默认 1）。

到场次数是计算出来的，不取自声明的 ``visits``（两者由 listing/visits-declared 比较）：在材料齐全并准予办结、
``applicant_present: true`` 的环节最多的那个办件中计数，从第一个环节到 ``approved`` 结束，每个环节只计一次，不含
``supplement-notice`` 环节，各并行分支都计入。问题标在超过 ``max`` 的第一次到场。这是改革目标，不是法律规定：该规则
组在 recommended 预设中关闭，在 ``reform`` 中开启。

不通过（``max: 1``）：

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, applicant_present: true}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: collect, name: 窗口领证, lane: window, kind: deliver, applicant_present: true, end: approved}

通过：邮寄或电子送达证照（``collect`` 不设 ``applicant_present``）。
"""

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
