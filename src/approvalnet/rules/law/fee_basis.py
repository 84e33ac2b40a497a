"""A fee is charged only with a published standard and a legal basis (Arts. 58–59).

《行政许可法》第五十八条: "行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用。但是，法律、
行政法规另有规定的，依照其规定。" and 第五十九条: "行政机关实施行政许可，依照法律、行政法规收取费用的，
应当按照公布的法定项目和标准收费". A charged fee (``fee: {charged: true}``) therefore needs its
``standard`` (收费标准) and its ``basis`` (收费依据, a law or administrative regulation). That the
application form is free (Art. 58 para. 2) is not in the model.

Fails:

    fee: {charged: true}

Passes:

    fee: {charged: true, standard: 每件100元, basis: 《某某条例》第三十条}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """只有具备公布的收费标准和法律依据，才能收费（第五十八条、第五十九条）。

原文（《中华人民共和国行政许可法》第五十八条第一款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用。但是，法律、行政法规另有规定的，依照其规定。

原文（《中华人民共和国行政许可法》第五十九条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政机关实施行政许可，依照法律、行政法规收取费用的，应当按照公布的法定项目和标准收费；所收取的费用必须全部上缴国库，
任何机关或者个人不得以任何形式截留、挪用、私分或者变相私分。财政部门不得以任何形式向行政机关返还或者变相返还实施行政
许可所收取的费用。

因此收费的事项（``fee: {charged: true}``）必须写明收费标准 ``standard`` 和收费依据 ``basis``（法律或行政法规）。申请
书格式文本不得收费（第五十八条第二款）不在模型中。

不通过：

    fee: {charged: true}

通过：

    fee: {charged: true, standard: 每件100元, basis: 《某某条例》第三十条}
"""

ID = "law/fee-basis"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


def check(ctx: Context, options: None) -> Iterator[Finding]:
    fee = ctx.process.fee
    if fee is None or not fee.charged:
        return
    missing = [what for what, given in (("standard (收费标准)", fee.standard), ("basis (收费依据)", fee.basis))
               if not given]
    if missing:
        if len(missing) == 2:
            message = _("a fee is charged but the listing gives no standard (收费标准) and no basis (收费依据); "
                        "Arts. 58–59 allow fees only under a law or administrative regulation, by a published "
                        "standard")
        elif not fee.standard:
            message = _("a fee is charged but the listing gives no standard (收费标准); Arts. 58–59 allow fees only "
                        "under a law or administrative regulation, by a published standard")
        else:
            message = _("a fee is charged but the listing gives no basis (收费依据); Arts. 58–59 allow fees only "
                        "under a law or administrative regulation, by a published standard")
        yield ctx.finding(fee, message, "charged")
