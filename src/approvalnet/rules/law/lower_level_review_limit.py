"""A lower-level organ's preliminary review ends within 20 working days of acceptance (Art. 43).

《行政许可法》第四十三条: "依法应当先经下级行政机关审查后报上级行政机关决定的行政许可，下级行政机关应当
自其受理行政许可申请之日起二十日内审查完毕。但是，法律、法规另有规定的，依照其规定。" Days are working
days (Art. 82).

When the file declares ``lower_level_review`` (or has steps of kind ``lower-level-review``), the rule
takes the worst case from the end of the acceptance step (or, without one, from the start of the
case) to the end of each ``lower-level-review`` step and compares it with ``lower_level_review.limit``
when given (the other law's limit) or else with ``days``. Counting is as for ``law/decision-limit``:
the longest branch, a loop once, the applicant's own time and Art. 45 steps not at all. A declared
lower-level review without any ``lower-level-review`` step is reported too: the model does not show
the review the listing promises.

Fails:

    lower_level_review: {organ: 某县某局}
    steps:
      - {id: accept, name: 受理, lane: county, kind: accept}
      - {id: county-review, name: 县局初审, lane: county, kind: lower-level-review, duration: 25 workdays}
      - {id: decide, name: 决定, lane: city, kind: decide, end: approved}

Passes: ``duration: 15 workdays``, or ``lower_level_review: {organ: 某县某局, limit: 30 workdays}``
when a law gives 30.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ...net.timing import quantity_days
from ..context import Context, Finding
from ._common import label, longest, path_text

DOC_ZH = """下级行政机关的初审在受理后 20 个工作日内审查完毕（第四十三条）。

原文（《中华人民共和国行政许可法》第四十三条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 依法应当先经下级行政机关审查后报上级行政机关决定的行政许可，下级行政机关应当自其受理行政许可申请之日起二十日内审查
完毕。但是，法律、法规另有规定的，依照其规定。

期限以工作日计算（第八十二条）。文件声明了 ``lower_level_review``（或有 ``lower-level-review`` 类型的环节）时，本规
则取从受理环节结束（没有受理环节时，从办件开始）到每个 ``lower-level-review`` 环节结束的最坏情况，与给出的
``lower_level_review.limit``（其他法律规定的时限）比较，没有给出时与 ``days`` 比较。计算方法同
``law/decision-limit``：取最长分支，循环计一次，申请人自己的时间和第四十五条所列环节不计。声明了下级初审、却没有任何
``lower-level-review`` 环节的，也会报告：模型没有体现实施清单承诺的初审。

不通过：

    lower_level_review: {organ: 某县某局}
    steps:
      - {id: accept, name: 受理, lane: county, kind: accept}
      - {id: county-review, name: 县局初审, lane: county, kind: lower-level-review, duration: 25 workdays}
      - {id: decide, name: 决定, lane: city, kind: decide, end: approved}

通过：``duration: 15 workdays``；或者法律规定为 30 日时，写 ``lower_level_review: {organ: 某县某局, limit: 30
workdays}``。
"""

ID = "law/lower-level-review-limit"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    days: float = law.LOWER_LEVEL_REVIEW_WORKDAYS  # working days, Art. 43


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    declared = process.lower_level_review
    reviews = [s for s in process.steps if s.kind == "lower-level-review"]
    if declared is not None and not reviews:
        yield ctx.finding(declared, _("a lower-level review by {organ} is declared, but no step is of kind "
                                      "lower-level-review (下级初审, Art. 43)").format(organ=declared.organ))
        return
    has_limit = declared is not None and declared.limit is not None
    limit = quantity_days(declared.limit) if has_limit else options.days
    accepts = [s.id for s in process.steps if s.kind == "accept"]
    for review in reviews:
        spans = [span for a in (accepts or [None]) if (span := longest(ctx, a, review.id)) is not None]
        if not spans:
            continue
        span = max(spans, key=lambda s: s.days)
        if span.days > limit + 1e-9:
            # one sentence for each starting point and each kind of limit
            if accepts and has_limit:
                message = _("lower-level review {step} can end {days} working days after acceptance, beyond the "
                            "declared limit of {declared}; worst path: {path}")
            elif accepts:
                message = _("lower-level review {step} can end {days} working days after acceptance, beyond {limit} "
                            "working days (Art. 43); worst path: {path}")
            elif has_limit:
                message = _("lower-level review {step} can end {days} working days after the start of the case, "
                            "beyond the declared limit of {declared}; worst path: {path}")
            else:
                message = _("lower-level review {step} can end {days} working days after the start of the case, "
                            "beyond {limit} working days (Art. 43); worst path: {path}")
            yield ctx.finding(review, message.format(step=label(review), days=f"{span.days:.1f}",
                                                     declared=declared.limit if has_limit else None,
                                                     limit=f"{options.days:g}",
                                                     path=path_text(ctx, span.steps)))
