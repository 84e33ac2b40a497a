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
