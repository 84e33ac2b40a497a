"""A step or lane has an empty name.

A step's name (环节名称) is what the service guide (办事指南), the flow diagram, the simulation report
and the event log show; a lane's name is the window or department (实施部门/岗位) the applicant and
the supervisor see. An empty name, or one of spaces only (full-width spaces included), leaves a blank
box in the diagram and a blank line in the published procedure. bpmnlint reports the same as
label-required.

Fails:

    lanes:
      office: {name: "", staff: 1}
    steps:
      - {id: review, name: " ", lane: office, end: approved}

Passes:

    lanes:
      office: {name: 审批科, staff: 1}
    steps:
      - {id: review, name: 审查, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """环节或泳道的名称为空。

环节名称是办事指南、流程图、仿真报告和事件日志中显示的内容；泳道名称是申请人和监督人员看到的窗口或部门（实施部门/岗
位）。名称为空，或只有空格（包括全角空格），流程图上就会出现空白方框，公布的办理流程中也会出现空行。bpmnlint 的
label-required 规则检查的是同一问题。

不通过：

    lanes:
      office: {name: "", staff: 1}
    steps:
      - {id: review, name: " ", lane: office, end: approved}

通过：

    lanes:
      office: {name: 审批科, staff: 1}
    steps:
      - {id: review, name: 审查, lane: office, end: approved}
"""

ID = "structure/blank-name"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for lane_id, lane in ctx.process.lanes.items():
        if not lane.name.strip():
            yield ctx.finding(lane, _("lane '{lane}' has a blank name; give the window or department as the "
                              "centre calls it").format(lane=lane_id), "name")
    for step in ctx.process.steps:
        if not step.name.strip():
            yield ctx.finding(step, _("step '{step}' has a blank name; give the step's name (环节名称) as the "
                              "centre uses it").format(step=step.id), "name")
