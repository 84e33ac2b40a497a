"""A declared statutory limit is no longer than Art. 42 allows, unless the file cites the law that sets it.

《行政许可法》第四十二条: "行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定 …… 但是，法律、法规
另有规定的，依照其规定。" Unified, joint or centralized handling (Art. 26) has 45 days. Days are
working days (Art. 82).

A licence's ``time_limit.statutory`` longer than ``single`` working days (20), or ``joint`` (45)
when ``cooperation`` is ``unified``, ``joint`` or ``centralized``, must name the law or regulation
that allows it in ``time_limit.basis``. Without a basis the legal clock (``conform``, ``simulate``)
holds the item to Art. 42's limit, not to the declared one, so the file and the clock disagree.
Calendar days count 5/7 of a working day, as the other limit rules count them. The extension is
``law/extension-limit``'s. The options change what this rule reports, not the legal clock: a
special law's longer limit belongs in the file, with its ``basis``.

Fails:

    time_limit: {statutory: 30}

Passes:

    time_limit:
      statutory: 30
      basis: [《某条例》第十条]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ...language.law import JOINT_HANDLING
from ...net.timing import quantity_days
from ..context import Context, Finding

DOC_ZH = """声明的法定办结时限不超过第四十二条允许的长度，除非写明规定该时限的法律、法规。

原文（《中华人民共和国行政许可法》第四十二条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。…… 但是，法律、法规
另有规定的，依照其规定。
> 依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；……

期限以工作日计算（第八十二条）。行政许可事项的 ``time_limit.statutory`` 超过 ``single`` 个工作日（20），或在
``cooperation`` 为 ``unified``、``joint``、``centralized`` 时超过 ``joint`` 个工作日（45），须在 ``time_limit.basis``
中写明允许该时限的法律或法规。没有依据时，法定时钟（``conform``、``simulate``）按第四十二条的时限而不是声明的时限计算，
文件与时钟就不一致。自然日按工作日的 5/7 计算，与其他时限规则相同。延长时限由 ``law/extension-limit`` 检查。
本规则的选项只改变本规则报告什么，不改变法定时钟：特别法规定的更长时限应写入文件，并写明 ``basis``。

不通过：

    time_limit: {statutory: 30}

通过：

    time_limit:
      statutory: 30
      basis: [《某条例》第十条]
"""

ID = "law/statutory-limit"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    single: float = law.DECISION_WORKDAYS  # working days, Art. 42 para. 1
    joint: float = law.JOINT_DECISION_WORKDAYS  # unified, joint or centralized handling, Art. 42 para. 2


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    limits = process.time_limit
    if limits.statutory is None or limits.basis:
        return
    joint = process.cooperation in JOINT_HANDLING
    limit = options.joint if joint else options.single
    if quantity_days(limits.statutory) > limit + 1e-9:
        if joint:
            message = _("the statutory limit of {length} exceeds the {limit} working days Art. 42 allows for "
                        "{cooperation} handling; cite the law or regulation that sets it in time_limit.basis")
        else:
            message = _("the statutory limit of {length} exceeds the {limit} working days Art. 42 allows; cite the "
                        "law or regulation that sets it in time_limit.basis")
        yield ctx.finding(limits, message.format(length=limits.statutory, limit=f"{limit:g}",
                                                 cooperation=process.cooperation), "statutory")
