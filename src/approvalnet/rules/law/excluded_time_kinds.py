"""Only the steps Art. 45 names are excluded from the legal time limit.

《行政许可法》第四十五条: "行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家
评审的，所需时间不计算在本节规定的期限内。" Nothing else stops the clock. A step marked
``excluded_from_clock: true`` weighs nothing in the time-limit rules (``law/decision-limit`` ...), so
excluding an ordinary review hides time the organ is bound by and makes an unlawful procedure look
lawful.

Allowed kinds (option ``kinds``): ``hearing`` 听证, ``tender`` 招标, ``auction`` 拍卖, ``testing`` 检验、
检测, ``quarantine`` 检疫, ``appraisal`` 鉴定, ``expert-review`` 专家评审. An ``on-site-inspection``
(现场核查, Art. 34) is not 检验 and is counted. A special law that excludes more (e.g. statutory
publicity) can be configured by adding kinds, but the language then needs a kind for it.

Fails:

    - {id: review, name: 技术审查, lane: office, kind: review, duration: 15 workdays, excluded_from_clock: true}

Passes:

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 15 workdays,
       excluded_from_clock: true, notice: {document: 特殊环节所需时间告知书}}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language.law import ART45_KINDS
from ..context import Context, Finding
from ._common import label

DOC_ZH = """只有第四十五条所列的环节可以不计入法定时限。

原文（《中华人民共和国行政许可法》第四十五条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的
期限内。行政机关应当将所需时间书面告知申请人。

其他情形都不能停止计时。标为 ``excluded_from_clock: true`` 的环节在时限类规则（``law/decision-limit`` 等）中不占时间，
因此把普通审查排除在外，会隐藏机关受时限约束的时间，使违法的程序看起来合法。

允许的类型（选项 ``kinds``）：``hearing`` 听证、``tender`` 招标、``auction`` 拍卖、``testing`` 检验、检测、
``quarantine`` 检疫、``appraisal`` 鉴定、``expert-review`` 专家评审。``on-site-inspection``（现场核查，第三十四条）
不是检验，应当计入。特别法排除更多情形的（例如法定公示），可以通过增加类型来配置，但流程语言需要有对应的环节类型。

不通过：

    - {id: review, name: 技术审查, lane: office, kind: review, duration: 15 workdays, excluded_from_clock: true}

通过：

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 15 workdays,
       excluded_from_clock: true, notice: {document: 特殊环节所需时间告知书}}
"""

ID = "law/excluded-time-kinds"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    kinds: tuple[str, ...] = ART45_KINDS  # step kinds whose time Art. 45 does not count


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    for step in ctx.process.steps:
        if step.excluded_from_clock and step.kind not in options.kinds:
            yield ctx.finding(step, _("step {step} of kind '{kind}' is excluded from the clock, but Art. 45 "
                                      "excludes only the time of: {kinds}; its time counts toward the legal "
                                      "limit").format(
                                          step=label(step), kind=step.kind,
                                          kinds=", ".join(f"'{k}'" for k in options.kinds)),
                              "excluded_from_clock")
