"""An on-site inspection is carried out by at least two staff (Art. 34).

《行政许可法》第三十四条第三款: "根据法定条件和程序，需要对申请材料的实质内容进行核实的，行政机关应当指派
两名以上工作人员进行核查。" Two inspectors witness each other; one alone is not a lawful 核查.

For each step of kind ``on-site-inspection``, the lane that does it (a window or department of the
organ) must have at least ``min_staff`` staff. The model cannot say how many go on each inspection;
a lane with fewer staff certainly cannot send two. Inspections by an ``external`` lane are not the
organ's own 核查 and are not checked; an ``applicant`` lane cannot inspect.

Fails:

    lanes:
      office: {name: 审批科, staff: 1}
    steps:
      - {id: inspect, name: 现场核查, lane: office, kind: on-site-inspection, duration: 1 workday}

Passes: ``office: {name: 审批科, staff: 3}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ..context import Context, Finding
from ._common import label

DOC_ZH = """现场核查至少由两名工作人员进行（第三十四条）。

原文（《中华人民共和国行政许可法》第三十四条第三款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 根据法定条件和程序，需要对申请材料的实质内容进行核实的，行政机关应当指派两名以上工作人员进行核查。

两名核查人员相互见证；一人单独核查不是合法的核查。对每个 ``on-site-inspection`` 类型的环节，承担它的泳道（机关的窗口
或部门）至少要有 ``min_staff`` 名人员。模型无法说明每次核查去几个人；但人员不足两名的岗位肯定派不出两人。
``external`` 泳道的核查不是本机关自己的核查，不作检查；``applicant`` 泳道不能核查。

不通过：

    lanes:
      office: {name: 审批科, staff: 1}
    steps:
      - {id: inspect, name: 现场核查, lane: office, kind: on-site-inspection, duration: 1 workday}

通过：``office: {name: 审批科, staff: 3}``。
"""

ID = "law/inspection-staff"
LEVEL = "warning"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    min_staff: int = 2  # Art. 34: 两名以上工作人员


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    for step in ctx.process.steps:
        if step.kind != "on-site-inspection":
            continue
        lane = ctx.process.lanes.get(step.lane)
        if lane is None or lane.kind in ("external", "applicant"):
            continue
        if lane.staff is not None and lane.staff < options.min_staff:  # windows and departments must give staff
            yield ctx.finding(step, _("on-site inspection {step} is done by lane '{lane}' ({name}) with {staff} "
                                      "staff, fewer than the {minimum} inspectors required (Art. 34: "
                                      "指派两名以上工作人员进行核查)").format(
                                          step=label(step), lane=step.lane, name=lane.name, staff=lane.staff,
                                          minimum=options.min_staff), "lane")
