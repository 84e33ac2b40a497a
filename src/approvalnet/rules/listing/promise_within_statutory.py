"""The promised time limit is within the statutory one.

A service centre's promise (承诺办结时限) shortens the law's limit (法定办结时限); it may never
exceed it: "办理事项有明确法定时限的，所承诺的办结时限必须在法定时限之内" (限时办结制, see
docs/rules.md sources). Both limits are compared in working days; calendar days count as 5/7 of a
working day each.

Fails:

    time_limit: {statutory: 20 workdays, promised: 25 workdays}

Passes:

    time_limit: {statutory: 20 workdays, promised: 10 workdays}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...net.timing import quantity_days
from ..context import Context, Finding

DOC_ZH = """承诺时限不超过法定时限。

政务服务中心的承诺办结时限是对法定办结时限的压缩，绝不能超过它："办理事项有明确法定时限的，所承诺的办结时限必须在法
定时限之内"（限时办结制）。两个时限都按工作日比较；自然日每天按 5/7 个工作日折算。

不通过：

    time_limit: {statutory: 20 workdays, promised: 25 workdays}

通过：

    time_limit: {statutory: 20 workdays, promised: 10 workdays}
"""

ID = "listing/promise-within-statutory"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    limits = ctx.process.time_limit
    if limits.statutory is None or limits.promised is None or limits.promised == "on-the-spot":
        return
    if quantity_days(limits.promised) > quantity_days(limits.statutory) + 1e-9:
        yield ctx.finding(limits, _("the promised limit {promised} exceeds the statutory limit {statutory}").format(
                                  promised=limits.promised, statutory=limits.statutory), "promised")
