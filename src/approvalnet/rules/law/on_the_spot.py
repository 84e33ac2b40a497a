"""An on-the-spot item is decided where it is accepted, without sending the file to a back office (Art. 34).

《行政许可法》第三十四条第二款: "申请人提交的申请材料齐全、符合法定形式，行政机关能够当场作出决定的，应当
当场作出书面的行政许可决定。" An item listed as on the spot (``handling: on-the-spot``, 即办件) promises
that decision. If its procedure passes the file to a department or an outside body between acceptance
and decision, the applicant cannot wait for it: the item is in fact a commitment item (承诺件), and
should be listed as one.

Acceptance is the ``accept`` step or, without one, the first completeness check (an on-the-spot item
often accepts and decides in one visit), or else the first step. The rule reports every step in a
``department`` or ``external`` lane that lies on a way from acceptance to a ``decide`` step. The
decision itself may be taken by department staff stationed at the window.

Fails:

    handling: on-the-spot
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 科室审查, lane: office, kind: review}      # back office
      - {id: decide, name: 当场决定, lane: window, kind: decide, end: approved}

Passes: ``review`` done by the window (``lane: window``), or the item listed as
``handling: commitment``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import label

DOC_ZH = """即办件在受理处当场决定，不把材料转到后台（第三十四条）。

原文（《中华人民共和国行政许可法》第三十四条第二款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 申请人提交的申请材料齐全、符合法定形式，行政机关能够当场作出决定的，应当当场作出书面的行政许可决定。

列为当场办理的事项（``handling: on-the-spot``，即办件）承诺当场作出决定。如果其程序在受理和决定之间把材料转给部门或
外单位，申请人就无法当场等到决定：该事项实际上是承诺件，应当按承诺件列出。

受理是 ``accept`` 环节；没有时，是第一个材料齐全性审查环节（即办件常常在一次到场中受理并决定）；再没有时，是第一个环
节。本规则报告位于从受理到 ``decide`` 环节路径上的每个 ``department`` 或 ``external`` 泳道中的环节。决定本身可以由派
驻窗口的部门人员作出。

不通过：

    handling: on-the-spot
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 科室审查, lane: office, kind: review}      # back office
      - {id: decide, name: 当场决定, lane: window, kind: decide, end: approved}

通过：``review`` 由窗口办理（``lane: window``），或将事项列为 ``handling: commitment``。
"""

ID = "law/on-the-spot"
LEVEL = "warning"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law

BACK_OFFICE = ("department", "external")


def _acceptance(ctx: Context) -> list[str]:
    for kind in ("accept", "check-completeness"):
        found = [s.id for s in ctx.process.steps if s.kind == kind]
        if found:
            return found
    return [ctx.process.steps[0].id]


def check(ctx: Context, options: None) -> Iterator[Finding]:
    process = ctx.process
    if process.handling != "on-the-spot":
        return
    decides = {s.id for s in process.steps if s.kind == "decide"}
    if not decides:
        return
    starts = _acceptance(ctx)
    after = set().union(*(ctx.reachable(a, stop=decides) for a in starts)) - set(starts) - decides
    for step in process.steps:
        if step.id not in after or ctx.lane_kind(step) not in BACK_OFFICE:
            continue
        if not ctx.reachable(step.id, stop=decides) & decides:
            continue
        lane = process.lanes[step.lane]
        yield ctx.finding(step, (_("on-the-spot item: step {step} in department lane '{lane}' ({name}) comes "
                                   "between acceptance and decision; Art. 34 asks for a decision on the spot "
                                   "(当场作出决定) — an item that needs a back office is a commitment item")
                                  if lane.kind == "department" else
                                  _("on-the-spot item: step {step} in external lane '{lane}' ({name}) comes between "
                                    "acceptance and decision; Art. 34 asks for a decision on the spot "
                                    "(当场作出决定) — an item that needs a back office is a commitment item")).format(
                                      step=label(step), lane=step.lane, name=lane.name), "lane")
