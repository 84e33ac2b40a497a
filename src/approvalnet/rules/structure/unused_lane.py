"""A lane that no step uses.

A lane is a window, a department, an outside body or the applicant taking part in the procedure.
One that no step names plays no part in it: it is either left over from an earlier version, or a
department that should act and whose step is missing (a review by the fire brigade that the item's
legal basis requires, for example). The diagram shows an empty swimlane, and the simulation would
count staff who never work on the item.

Fails:

    lanes:
      window: {name: 综合受理窗口, kind: window, staff: 2}
      fire: {name: 消防审查科, staff: 1}        # no step has lane: fire
    steps:
      - {id: accept, name: 受理, lane: window, end: approved}

Passes: every lane named by at least one step.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """有泳道没有任何环节使用。

泳道是参与办理的窗口、部门、外单位或申请人。没有任何环节指向的泳道在流程中不起作用：要么是旧版本的遗留，要么是本应参
与办理的部门缺少了相应环节（例如事项的设定依据要求消防部门审查）。流程图上会出现空泳道，仿真也会计入从不办理该事项的
人员。

不通过：

    lanes:
      window: {name: 综合受理窗口, kind: window, staff: 2}
      fire: {name: 消防审查科, staff: 1}        # no step has lane: fire
    steps:
      - {id: accept, name: 受理, lane: window, end: approved}

通过：每个泳道都至少被一个环节使用。
"""

ID = "structure/unused-lane"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    used = {step.lane for step in ctx.process.steps}
    source = ctx.process.source_map
    for lane_id, lane in ctx.process.lanes.items():
        if lane_id in used:
            continue
        message = _("lane '{lane}' ({name}) is not used by any step").format(lane=lane_id, name=lane.name)
        loc = source.key_loc(("lanes", lane_id)) if source else lane.loc
        yield Finding(loc, message)
