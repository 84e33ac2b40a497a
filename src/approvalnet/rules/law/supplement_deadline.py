"""The notice to supplement the materials comes within 5 working days of receiving them (Art. 32(4)).

《行政许可法》第三十二条第一款第（四）项: "申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次
告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理。" Days are working days
(Art. 82). A process that can take longer has, in law, accepted the application without knowing it.

The rule takes the worst case from the start of the first step (the receipt of the materials) to
the end of each ``supplement-notice`` step, the first time a case gets there: loops back for a
resubmission are not taken, since the clock starts again at each receipt. Steps count as on the
legal clock (``law/decision-limit`` explains how): the applicant's own time and steps excluded under
Art. 45 count for nothing, distributions by their maximum or a high quantile.

Fails (the window sends the file to the office, which takes a week to find what is missing):

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, duration: 15 min}
      - {id: check, name: 材料审查, lane: office, kind: check-completeness, duration: 7 workdays,
         outcomes: {complete: accept, incomplete: supplement-notice, outside-remit: {end: not-accepted}}}
      - {id: supplement-notice, name: 一次性告知补正, lane: window, kind: supplement-notice, duration: 15 min,
         notice: {document: 补正材料通知书}, end: withdrawn}
      - {id: accept, name: 受理, lane: window, kind: accept, notice: {document: 受理通知书}}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

Passes: the same with the check done at the window in ``30 min`` (当场告知).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ..context import Context, Finding
from ._common import label, longest_first_round, path_text

DOC_ZH = """收到申请材料后 5 个工作日内告知补正（第三十二条第一款第（四）项）。

原文（《中华人民共和国行政许可法》第三十二条第一款第（四）项；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003
年通过，2019 年修正））：

> （四）申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收
到申请材料之日起即为受理；

期限以工作日计算（第八十二条）。用时可能更长的流程，在法律上已经在不知不觉中受理了申请。本规则取从第一个环节开始（收
到材料）到每个 ``supplement-notice`` 环节结束的最坏情况，只算办件第一次到达该环节：不计为重新提交而返回的循环，因为
每次收到材料都重新起算。各环节按法定时限计时（见 ``law/decision-limit``）：申请人自己的时间和第四十五条所列环节不计，
分布取最大值或高分位数。

不通过（窗口把材料转给科室，科室用一周才查出缺少什么）：

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive, duration: 15 min}
      - {id: check, name: 材料审查, lane: office, kind: check-completeness, duration: 7 workdays,
         outcomes: {complete: accept, incomplete: supplement-notice, outside-remit: {end: not-accepted}}}
      - {id: supplement-notice, name: 一次性告知补正, lane: window, kind: supplement-notice, duration: 15 min,
         notice: {document: 补正材料通知书}, end: withdrawn}
      - {id: accept, name: 受理, lane: window, kind: accept, notice: {document: 受理通知书}}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

通过：同样的流程，由窗口在 ``30 min`` 内审查（当场告知）。
"""

ID = "law/supplement-deadline"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    days: float = 5  # working days, Art. 32(4)


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    for step in ctx.process.steps:
        if step.kind != "supplement-notice":
            continue
        worst = longest_first_round(ctx, step.id)
        if worst is None:
            continue
        days, path = worst
        if days > options.days + 1e-9:
            yield ctx.finding(step, _("supplement notice {step} can come {days} working days after the materials "
                                      "are received, beyond the {limit} working days of Art. 32(4) "
                                      "(当场或者在五日内一次告知); worst path: "
                                      "{path}").format(step=label(step), days=f"{days:.1f}",
                                                                    limit=f"{options.days:g}",
                                                                    path=path_text(ctx, path)))
