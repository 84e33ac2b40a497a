"""Every department lane of an item runs on a department of the centre.

A centre plans its back office as pools of staff (后台分类审批). An item's `department` lanes map onto
them: by the item's `department:` or `lanes:`, by a department with the lane's id, or by one whose
name is the lane's organ (or the item's authority). A lane that maps to none keeps its own staff
from the process file when the centre is simulated, outside the centre's plan: either the
department is missing from the centre or the mapping is. The finding stands at the item's `file:`.

Fails:

    departments:
      market: {name: 昆明市市场监督管理局, staff: 8}
    items:
      - {file: hotel-licence.yaml, per_workday: 1}   # its lane `review` belongs to 昆明市公安局

Passes: `- {file: hotel-licence.yaml, per_workday: 1, department: police}` with a `police` department.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...i18n import _
from ..context import Finding

DOC_ZH = """事项的每个部门泳道都对应中心的一个部门。

中心把后台规划为若干人员池（后台分类审批）。事项的 `department` 泳道对应到这些部门：按事项的 `department:` 或
`lanes:`，按与泳道 id 相同的部门，或按名称与泳道所属机关（或事项的实施主体）相同的部门。没有对应部门的泳道，在中心仿
真时会使用流程文件中它自己的人员，游离于中心的规划之外：要么中心缺少该部门，要么缺少对应关系。问题标在事项的 `file:`
处。

不通过：

    departments:
      market: {name: 昆明市市场监督管理局, staff: 8}
    items:
      - {file: hotel-licence.yaml, per_workday: 1}   # its lane `review` belongs to 昆明市公安局

通过：`- {file: hotel-licence.yaml, per_workday: 1, department: police}`，且中心有 `police` 部门。
"""

ID = "centre/department-not-in-centre"
LEVEL = "warning"
SCOPE = "centre"


def check(centre: Any, options: None) -> Iterator[Finding]:
    for entry in centre.items:
        for lane in entry.unmapped:
            organ = entry.process.lanes[lane].organ or entry.process.authority.name
            message = _("item '{code}': department lane '{lane}' ({organ}) maps to no department of the centre; "
                        "add the department or map the lane ('department:' or 'lanes:')")
            yield Finding(entry.spec.loc_of("file"), message.format(code=entry.process.code, lane=lane, organ=organ))
