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
                                          step=label(step), kind=step.kind, kinds=", ".join(options.kinds)),
                              "excluded_from_clock")
