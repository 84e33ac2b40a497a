"""When several units handle an item, one of them accepts the application and delivers the decision (Art. 26).

《行政许可法》第二十六条: "行政许可需要行政机关内设的多个机构办理的，该行政机关应当确定一个机构统一
受理行政许可申请，统一送达行政许可决定。" and, for licences that several departments of a local
government grant, "本级人民政府可以确定一个部门受理行政许可申请并转告有关部门分别提出意见后统一办理，
或者组织有关部门联合办理、集中办理。" The applicant deals with one counter at the start and at the
end, whatever happens behind it (一窗受理、统一出件).

The rule applies when several units act: the file declares ``cooperation: internal``, ``unified``,
``joint`` or ``centralized``, or its steps use more than one department lane. Then every ``accept``
step must be in one lane (one acceptance point; a second acceptance step in the same lane, e.g.
after a supplement, is the same unit), and every ``deliver`` step in that lane too (one unit accepts
and delivers; usually the window). A delivery step in an ``external`` lane (the post, a courier)
carries what that unit sends and is allowed. An item without an ``accept`` step (one decided on the
spot) is accepted at its completeness check. A process with neither, or with no ``deliver`` step,
has no single entry or exit and is reported too. The delivery of a refusal (a ``notify`` step) is
not checked here; ``law/refusal-reasons`` looks at it.

Fails (two departments, each delivering its own licence):

    cooperation: joint
    steps:
      - {id: accept, name: 统一受理, lane: window, kind: accept, next: [fire, health]}
      - {id: fire, name: 消防审查, lane: fire, kind: review, next: decide}
      - {id: health, name: 卫生审查, lane: health, kind: review, next: decide}
      - {id: decide, name: 联合决定, lane: window, kind: decide, join: all, next: [fire-out, health-out]}
      - {id: fire-out, name: 消防出件, lane: fire, kind: deliver, next: done}
      - {id: health-out, name: 卫生出件, lane: health, kind: deliver, next: done}
      - {id: done, name: 办结, lane: window, join: all, end: approved}

Passes: one ``deliver`` step in the window (``统一出件``) after the joint decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import label

DOC_ZH = """多个单位办理一个事项时，由其中一个统一受理申请、统一送达决定（第二十六条）。

原文（《中华人民共和国行政许可法》第二十六条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政许可需要行政机关内设的多个机构办理的，该行政机关应当确定一个机构统一受理行政许可申请，统一送达行政许可决定。
> 行政许可依法由地方人民政府两个以上部门分别实施的，本级人民政府可以确定一个部门受理行政许可申请并转告有关部门分别提
出意见后统一办理，或者组织有关部门联合办理、集中办理。

无论后台如何办理，申请人在开始和结束时都只面对一个窗口（一窗受理、统一出件）。

有多个单位参与时适用本规则：文件声明 ``cooperation: internal``、``unified``、``joint`` 或 ``centralized``，或其环节
使用了不止一个部门泳道。此时所有 ``accept`` 环节必须在同一泳道（一个受理点；同一泳道中的第二个受理环节，例如补正之后
的受理，属于同一单位），所有 ``deliver`` 环节也必须在该泳道（同一单位受理并送达，通常是窗口）。``external`` 泳道（邮
政、快递）中的送达环节递交的是该单位寄出的文书，是允许的。没有 ``accept`` 环节的事项（当场决定的）在材料齐全性审查处
受理。两者都没有、或没有 ``deliver`` 环节的流程没有统一的入口或出口，也会报告。不予许可决定的送达（``notify`` 环节）
不在此检查，由 ``law/refusal-reasons`` 检查。

不通过（两个部门各自送达自己的许可证件）：

    cooperation: joint
    steps:
      - {id: accept, name: 统一受理, lane: window, kind: accept, next: [fire, health]}
      - {id: fire, name: 消防审查, lane: fire, kind: review, next: decide}
      - {id: health, name: 卫生审查, lane: health, kind: review, next: decide}
      - {id: decide, name: 联合决定, lane: window, kind: decide, join: all, next: [fire-out, health-out]}
      - {id: fire-out, name: 消防出件, lane: fire, kind: deliver, next: done}
      - {id: health-out, name: 卫生出件, lane: health, kind: deliver, next: done}
      - {id: done, name: 办结, lane: window, join: all, end: approved}

通过：联合决定之后，在窗口设一个 ``deliver`` 环节（统一出件）。
"""

ID = "law/single-acceptance"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law

SEVERAL_UNITS = ("internal", "unified", "joint", "centralized")


def check(ctx: Context, options: None) -> Iterator[Finding]:
    process = ctx.process
    departments = sorted({s.lane for s in process.steps if ctx.lane_kind(s) == "department"})
    if process.cooperation in SEVERAL_UNITS:
        # why several units handle the item, a parenthesis of its own in the messages below
        why = _("cooperation: {cooperation}").format(cooperation=process.cooperation)
    elif len(departments) > 1:
        why = _("{n} department lanes act: {lanes}").format(n=len(departments), lanes=", ".join(departments))
    else:
        return
    accepts = [s for s in process.steps if s.kind == "accept"]
    delivers = [s for s in process.steps if s.kind == "deliver"]
    first = process.steps[0]
    checks = [s for s in process.steps if s.kind == "check-completeness"]
    if not accepts and not checks:
        yield ctx.finding(first, _("several units handle this item ({why}) but no step accepts the application "
                                   "(kind: accept); Art. 26 requires one unit to accept it "
                                   "(统一受理)").format(why=why))
    for extra in accepts[1:]:
        if extra.lane != accepts[0].lane:
            yield ctx.finding(extra, _("acceptance step {step} in lane '{lane}' is a second acceptance point beside "
                                       "{first} in lane '{first_lane}'; with several units ({why}) Art. 26 requires "
                                       "one unit to accept the application (统一受理)").format(
                                           step=label(extra), lane=extra.lane, first=label(accepts[0]),
                                           first_lane=accepts[0].lane, why=why), "lane")
    entry = accepts[0] if accepts else checks[0] if checks else None
    if not delivers:
        yield ctx.finding(entry or first,
                          _("several units handle this item ({why}) but no step delivers the decision (kind: "
                            "deliver); Art. 26 requires one unit to deliver it (统一送达)").format(why=why))
        return
    home = entry.lane if entry else delivers[0].lane
    lane = process.lanes.get(home)
    home_name = f"'{home}' ({lane.name})" if lane else f"'{home}'"
    for deliver in delivers:
        if deliver.lane != home and ctx.lane_kind(deliver) != "external":
            if entry:
                message = _("delivery step {step} is in lane '{lane}', not in the acceptance lane {home}; with "
                            "several units ({why}) Art. 26 requires the unit that accepts to deliver the decision "
                            "(统一送达)")
            else:
                message = _("delivery step {step} is in lane '{lane}', not in the first delivery step's lane {home}; "
                            "with several units ({why}) Art. 26 requires the unit that accepts to deliver the "
                            "decision (统一送达)")
            yield ctx.finding(deliver, message.format(step=label(deliver), lane=deliver.lane, home=home_name,
                                                      why=why), "lane")
