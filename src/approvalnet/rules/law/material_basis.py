"""Every material the applicant may be asked for cites its legal basis (Art. 31).

《行政许可法》第三十一条: "行政机关不得要求申请人提交与其申请的行政许可事项无关的技术资料和其他材料。"
The implementation list gives for each material "要求提供材料的依据"; a material without one cannot be
shown to be related to the item, and is the first candidate for removal (减材料).

The rule reports each ``required`` or ``conditional`` material without a ``basis``. ``optional``
materials are not demanded and are left alone.

Fails:

    materials:
      - {id: authorization, name: 授权委托书, need: conditional, condition: 委托他人办理的}

Passes:

    materials:
      - {id: authorization, name: 授权委托书, need: conditional, condition: 委托他人办理的,
         basis: 《某某办法》第十三条第四款}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """可能要求申请人提交的每份材料都写明法律依据（第三十一条）。

原文（《中华人民共和国行政许可法》第三十一条第一款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 申请人申请行政许可，应当如实向行政机关提交有关材料和反映真实情况，并对其申请材料实质内容的真实性负责。行政机关不得
要求申请人提交与其申请的行政许可事项无关的技术资料和其他材料。

实施清单为每份材料写明"要求提供材料的依据"；没有依据的材料无法说明与事项有关，是减材料时首先要考虑去掉的。本规则报告
每份没有 ``basis`` 的 ``required`` 或 ``conditional`` 材料。``optional`` 材料不是必须提交的，不作检查。

不通过：

    materials:
      - {id: authorization, name: 授权委托书, need: conditional, condition: 委托他人办理的}

通过：

    materials:
      - {id: authorization, name: 授权委托书, need: conditional, condition: 委托他人办理的,
         basis: 《某某办法》第十三条第四款}
"""

ID = "law/material-basis"
LEVEL = "warning"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for material in ctx.process.materials:
        if material.need in ("required", "conditional") and not material.basis:
            yield ctx.finding(material, (_("required material '{material}' ({name}) cites no legal basis (basis, "
                                           "要求提供材料的依据); Art. 31 forbids asking for materials unrelated to "
                                           "the item")
                                     if material.need == "required" else
                                     _("conditional material '{material}' ({name}) cites no legal basis (basis, "
                                       "要求提供材料的依据); Art. 31 forbids asking for materials unrelated to the "
                                       "item")).format(material=material.id, name=material.name))
