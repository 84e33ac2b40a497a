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
