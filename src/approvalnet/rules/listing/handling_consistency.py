"""The handling type (办件类型) agrees with the promised time limit (承诺办结时限).

An on-the-spot item (即办件) is one promised to finish on the spot (当场办结); a commitment item
(承诺件) is promised a number of working days ("即办件填写'当场办结'，承诺件填写'*个工作日'", the
办事指南 elements sheet). The Wenzhou data-quality checks of 实施清单 test exactly
this (check 1: "承诺办结时限=即办 ⇒ 办件类型=即办件 … otherwise 承诺件"), and
《行政许可法》第三十四条 and 第四十二条 tell the two apart: a decision made on the spot
("能够当场作出决定的，应当当场作出书面的行政许可决定") or within a number of days after acceptance. So:

- ``handling: on-the-spot`` needs ``time_limit.promised: on-the-spot``;
- ``handling: commitment`` needs ``time_limit.promised`` as a number of days (not ``on-the-spot``,
  and not missing: a commitment item without a promised limit promises nothing).

Fails:

    handling: on-the-spot
    time_limit: {statutory: 20, promised: 5 workdays}

Passes:

    handling: on-the-spot
    time_limit: {statutory: 20, promised: on-the-spot}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """办件类型与承诺办结时限一致。

即办件承诺当场办结；承诺件承诺若干个工作日（"即办件填写'当场办结'，承诺件填写'*个工作日'"，办事指南要素表）。温州的
实施清单数据质量检查正是检查这一点（检查 1："承诺办结时限=即办 ⇒ 办件类型=即办件 … 否则为承诺件"）；《行政许可法》第
三十四条和第四十二条也区分两者：当场作出决定（"能够当场作出决定的，应当当场作出书面的行政许可决定"），或受理后若干日
内作出决定。因此：

- ``handling: on-the-spot`` 要求 ``time_limit.promised: on-the-spot``；
- ``handling: commitment`` 要求 ``time_limit.promised`` 为天数（不能是 ``on-the-spot``，也不能缺少：没有承诺时限的承
诺件什么也没有承诺）。

不通过：

    handling: on-the-spot
    time_limit: {statutory: 20, promised: 5 workdays}

通过：

    handling: on-the-spot
    time_limit: {statutory: 20, promised: on-the-spot}
"""

ID = "listing/handling-consistency"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    process = ctx.process
    limits = process.time_limit
    promised = limits.promised
    if process.handling == "on-the-spot":
        if promised is None:
            yield ctx.finding(limits, _("an on-the-spot item (handling: on-the-spot, 即办件) must promise "
                                        "'promised: on-the-spot' (当场办结); time_limit.promised is "
                                        "missing"), "promised")
        elif promised != "on-the-spot":
            yield ctx.finding(process, _("handling: on-the-spot (即办件) but the promised limit is {promised}: an "
                                         "on-the-spot item promises 'on-the-spot' (当场办结); a limit in days makes "
                                         "it a commitment item (承诺件)").format(promised=promised), "handling")
    elif promised is None:
        yield ctx.finding(limits, _("a commitment item (handling: commitment, 承诺件) must promise a limit in "
                                    "working days (承诺办结时限); time_limit.promised is missing"), "promised")
    elif promised == "on-the-spot":
        yield ctx.finding(process, _("handling: commitment (承诺件) but the promised limit is on-the-spot "
                                     "(当场办结): an item finished on the spot is an on-the-spot item "
                                     "(即办件)"), "handling")
