"""A material whose form (材料形式: original, copy, electronic) is not given.

材料形式 is a field of the material table of the 实施清单 upload schema ("材料名称,
材料必要性 (NOT NULL), 材料形式, 材料类型, 来源渠道, 纸质材料份数/规格, 要求提供材料的依据"); an applicant
reading the 办事指南 needs to know whether to bring the original, a copy, or to submit it
electronically, and whether the centre keeps it. 《行政许可法》第三十条 asks for the list of materials
to be published in a form the applicant can act on. Reported as information: the item can be handled
without it, but the guide is incomplete.

Fails:

    materials:
      - {id: application, name: 申请书}

Passes:

    materials:
      - {id: application, name: 申请书, form: [original, electronic]}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """申请材料未写明材料形式（原件、复印件、电子件）。

材料形式是实施清单上报数据规范材料表中的字段（"材料名称, 材料必要性 (NOT NULL), 材料形式, 材料类型, 来源渠道, 纸质材
料份数/规格, 要求提供材料的依据"）；阅读办事指南的申请人需要知道是带原件、复印件还是在网上提交电子件，以及中心是否留
存。《行政许可法》第三十条要求以申请人能据以办理的方式公示材料目录。本规则作为提示报告：没有它事项也能办理，但办事指
南不完整。

不通过：

    materials:
      - {id: application, name: 申请书}

通过：

    materials:
      - {id: application, name: 申请书, form: [original, electronic]}
"""

ID = "listing/material-form"
LEVEL = "info"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for material in ctx.process.materials:
        if not material.form:
            yield ctx.finding(material, _("material '{material}' ({name}) does not give its form (材料形式: "
                                          "original, copy or "
                                          "electronic)").format(material=material.id, name=material.name), "form")
