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
