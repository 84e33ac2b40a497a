"""No material is asked of the applicant twice (一套材料).

"一次告知、一表申请、一套材料、一窗(端)受理、一网办理" (the 国办 "高效办成一件事"
opinions): the applicant hands in one set of materials once. 《行政许可法》第三十五条 forbids the same for a
two-level procedure: "上级行政机关不得要求申请人重复提供申请材料". Two ways a file asks twice:

- two different steps where the applicant is present (``applicant_present: true``) both use the same
  material (the supplement loop, which exists to receive what was missing, does not count: steps
  reached only through a ``supplement-notice`` step are left out);
- two entries of ``materials`` have the same name: the same document listed twice, typically once
  for each department of a joint item.

A reform target (off in the recommended preset, on in ``reform``).

Fails:

    materials:
      - {id: food-licence-copy, name: 营业执照}
      - {id: fire-licence-copy, name: 营业执照}

Passes: one entry ``{id: business-licence, name: 营业执照}`` used by both reviews.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """同一材料不向申请人要求两次（一套材料）。

"一次告知、一表申请、一套材料、一窗(端)受理、一网办理"（国办"高效办成一件事"意见）：申请人一次提交一套材料。《行政许
可法》第三十五条对两级办理也有同样的禁止："上级行政机关不得要求申请人重复提供申请材料"。文件有两种方式会要求两次：

- 两个不同的、申请人须到场（``applicant_present: true``）的环节使用同一份材料（补正循环本来就是为了接收缺少的材料，
不算：只经由 ``supplement-notice`` 环节才能到达的环节不计）；
- ``materials`` 中的两项同名：同一文书列了两次，通常是联合办理事项中每个部门各列一次。

这是改革目标（在 recommended 预设中关闭，在 ``reform`` 中开启）。

不通过：

    materials:
      - {id: food-licence-copy, name: 营业执照}
      - {id: fire-licence-copy, name: 营业执照}

通过：两项审查都使用同一项 ``{id: business-licence, name: 营业执照}``。
"""

ID = "reform/one-set-of-materials"
LEVEL = "warning"


def _normal(name: str) -> str:
    return "".join(name.split())


def check(ctx: Context, options: None) -> Iterator[Finding]:
    process = ctx.process
    names: dict[str, str] = {}
    for material in process.materials:
        key = _normal(material.name)
        if key in names:
            yield ctx.finding(material, _("material '{material}' has the same name as '{other}' ({name}): one set "
                                          "of materials (一套材料) lists it "
                                          "once").format(material=material.id, other=names[key],
                                                                       name=material.name), "name")
        else:
            names[key] = material.id
    first = process.steps[0].id
    supplements = {s.id for s in process.steps if s.kind == "supplement-notice"}
    before_supplement = ctx.reachable(first, stop=supplements) - supplements
    given: dict[str, str] = {}
    for step in process.steps:
        if not step.applicant_present or step.id not in before_supplement:
            continue
        for index, material in enumerate(step.materials):
            if material in given and given[material] != step.id:
                earlier = ctx.steps[given[material]]
                yield ctx.finding(step, _("step '{step}' ({name}) asks the applicant again for material "
                                          "'{material}', already handed in at '{earlier}' ({earlier_name}): one set "
                                          "of materials "
                                          "(一套材料)").format(step=step.id, name=step.name, material=material,
                                                             earlier=earlier.id, earlier_name=earlier.name),
                                  "materials", index)
            else:
                given.setdefault(material, step.id)
