"""A conditional material does not say when it is needed.

A material marked ``need: conditional`` (材料必要性: 容缺/情形性材料) is asked of some applicants only;
the listing must say of which (e.g. "委托他人办理的"), or every applicant will bring it to be safe, or
be sent back for lacking it. 材料必要性 is a NOT NULL column of the 实施清单 material table and
受理标准 a column beside it (upload schema); 《行政许可法》第三十条 requires the conditions and the
full list of materials to be published, and 第三十二条 lets the organ refuse an application only for
materials that are missing "或者不符合法定形式" — which the applicant can only judge when the condition
is written.

Fails:

    materials:
      - {id: agent, name: 授权委托书, need: conditional}

Passes:

    materials:
      - {id: agent, name: 授权委托书, need: conditional, condition: 委托他人办理的}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """视情形提交的材料没有写明何种情形下需要。

标为 ``need: conditional`` 的材料（材料必要性：容缺/情形性材料）只向部分申请人要求；实施清单必须写明是哪些申请人（例
如"委托他人办理的"），否则每个申请人都会为保险起见带上它，或因缺少它而被退回。材料必要性是实施清单材料表中不可为空的
一列，受理标准是其旁边的一列（上报数据规范）；《行政许可法》第三十条要求公示条件和需要提交的全部材料的目录，第三十二
条只允许行政机关因材料不齐全"或者不符合法定形式"而要求补正——只有写明了情形，申请人才能自行判断。

不通过：

    materials:
      - {id: agent, name: 授权委托书, need: conditional}

通过：

    materials:
      - {id: agent, name: 授权委托书, need: conditional, condition: 委托他人办理的}
"""

ID = "listing/conditional-material-condition"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for material in ctx.process.materials:
        if material.need == "conditional" and not (material.condition or "").strip():
            yield ctx.finding(material, _("material '{material}' ({name}) is conditional but does not say when it "
                                          "is needed ('condition', e.g. "
                                          "委托他人办理的)").format(material=material.id, name=material.name),
                              "need")
