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
