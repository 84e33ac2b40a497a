"""A material the listing asks for but no step of the procedure uses.

The list of materials (申请材料) is published (《行政许可法》第三十条: "需要提交的全部材料的目录"), and
the organ may not ask for materials unrelated to the item (第三十一条: "不得要求申请人提交与其申请的
行政许可事项无关的技术资料和其他材料"). A material that no step receives, checks or reviews is either
asked for without a use — a candidate for 减材料 — or the flow forgets to say where it is used
(``materials: [id]`` on the steps). Either way the listing and the procedure disagree.

Fails:

    materials:
      - {id: application, name: 申请书}
      - {id: floor-plan, name: 平面图}          # no step names it
    steps:
      - {id: receive, name: 收件, lane: window, materials: [application], end: approved}

Passes: ``materials: [application, floor-plan]`` on the receiving step.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """实施清单要求提交、但办理流程中没有任何环节使用的材料。

申请材料目录要公示（《行政许可法》第三十条："需要提交的全部材料的目录"），行政机关不得要求提交与事项无关的材料（第三
十一条："不得要求申请人提交与其申请的行政许可事项无关的技术资料和其他材料"）。没有环节接收、审查或核对的材料，要么是
要求了却没有用处——可以考虑减材料——要么是流程没有写明在哪里使用（环节上的 ``materials: [id]``）。无论哪种情况，清单和
流程都不一致。

不通过：

    materials:
      - {id: application, name: 申请书}
      - {id: floor-plan, name: 平面图}          # no step names it
    steps:
      - {id: receive, name: 收件, lane: window, materials: [application], end: approved}

通过：在收件环节写 ``materials: [application, floor-plan]``。
"""

ID = "listing/unused-material"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    used = {m for step in ctx.process.steps for m in step.materials}
    for material in ctx.process.materials:
        if material.id not in used:
            yield ctx.finding(material, _("material '{material}' ({name}) is listed in 申请材料 but no step uses it "
                                          "(name it in a step's "
                                          "'materials')").format(material=material.id, name=material.name))
