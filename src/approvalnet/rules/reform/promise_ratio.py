"""The promised limit is at most ``ratio`` of the statutory limit (承诺时限压缩).

Service centres promise less than the law allows (承诺办结时限 within 法定办结时限 is required, see
listing/promise-within-statutory) and reform programmes set how much less: "承诺办结：在法定时限基础上
压缩60%以上" (a secondary source), Changde's "压减时限76%", Dalian's 一件事 "办结时限平均缩短73%以上".
A national rule that the promise be at most half the statutory limit ("压缩一半") is
widely cited but not confirmed by a primary source found for this rule, so the ratio is an
option (default 0.5), and the finding is information for the region to weigh, not a breach of law.
Both limits count in working days (calendar days 5/7); an on-the-spot promise always passes, and an
item without both limits is left to listing/required-fields and listing/handling-consistency.

Fails (``ratio: 0.5``):

    time_limit: {statutory: 20 workdays, promised: 15 workdays}

Passes:

    time_limit: {statutory: 20 workdays, promised: 10 workdays}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...net.timing import quantity_days
from ..context import Context, Finding

DOC_ZH = """承诺时限最多为法定时限的 ``ratio``（承诺时限压缩）。

政务服务中心承诺的时限比法律允许的短（承诺办结时限必须在法定办结时限之内，见 listing/promise-within-statutory），改
革方案还规定了要短多少："承诺办结：在法定时限基础上压缩60%以上"（二手资料），常德"压减时限76%"，大连一件事"办结时限
平均缩短73%以上"。"承诺时限不超过法定时限一半"（"压缩一半"）作为全国性规定被广泛引用，但本规则没有找到一手来源予以确
认，因此比例设为选项（默认 0.5），问题作为提示供各地权衡，不属于违法。两个时限都按工作日计（自然日按 5/7 折算）；承
诺当场办结的总能通过；两个时限不全的事项交由 listing/required-fields 和 listing/handling-consistency 检查。

不通过（``ratio: 0.5``）：

    time_limit: {statutory: 20 workdays, promised: 15 workdays}

通过：

    time_limit: {statutory: 20 workdays, promised: 10 workdays}
"""

ID = "reform/promise-ratio"
LEVEL = "info"


@dataclass(frozen=True)
class Options:
    ratio: float = 0.5  # [M] "压缩一半": promised ≤ ratio × statutory


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    limits = ctx.process.time_limit
    if limits.statutory is None or limits.promised is None or limits.promised == "on-the-spot":
        return
    promised, statutory = quantity_days(limits.promised), quantity_days(limits.statutory)
    if promised > options.ratio * statutory + 1e-9:
        yield ctx.finding(limits, _("the promised limit {promised} is {share} of the statutory limit {statutory}, "
                                    "more than the target of {target} (at most {days} working days)").format(
                                      promised=limits.promised, share=f"{promised / statutory:.0%}",
                                      statutory=limits.statutory, target=f"{options.ratio:.0%}",
                                      days=f"{options.ratio * statutory:.1f}"), "promised")
