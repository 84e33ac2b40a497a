"""The applicant deals with one window only (一窗受理、统一窗口出件).

The 一窗受理 model: "前台综合受理、后台分类审批、统一窗口出件" (中山市 一窗通办, 中山政务函〔2019〕50号),
the "一窗(端)受理" of the 国办 "高效办成一件事" opinions, and the provincial hall rule
that the window accepts and the department "办理办结后由部门转窗口，再由窗口直接答复".
《行政许可法》第二十六条 asks the same of an organ with several units: "统一受理行政许可申请，统一送达
行政许可决定". So:

- every step where the applicant must be present (``applicant_present: true``) and every ``accept``
  and ``deliver`` step is in a lane of kind ``window`` — the back office never faces the applicant;
- the results go out at the window that accepted: every ``deliver`` step is in the lane of the
  ``accept`` steps (of the ``receive`` steps when there is no accept step), and all accept steps
  are in one lane.

``law/single-acceptance`` asks for one accepting and delivering unit where Art. 26 applies (several
units); this reform rule asks more of every item: the unit is a window, and the applicant meets no
one else. A reform target (off in the recommended preset, on in ``reform``).

Fails:

    lanes:
      window: {name: 综合受理窗口, kind: window, staff: 2}
      office: {name: 审批科, staff: 1}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, applicant_present: true}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: deliver, name: 科室发证, lane: office, kind: deliver, end: approved}

Passes: ``deliver`` in lane ``window``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """申请人只与一个窗口打交道（一窗受理、统一窗口出件）。

一窗受理模式："前台综合受理、后台分类审批、统一窗口出件"（中山市一窗通办，中山政务函〔2019〕50号），国办"高效办成一
件事"意见中的"一窗(端)受理"，以及省级政务大厅关于窗口受理、部门"办理办结后由部门转窗口，再由窗口直接答复"的规定。《
行政许可法》第二十六条对有多个内设机构的行政机关也有同样的要求："统一受理行政许可申请，统一送达行政许可决定"。因此：

- 申请人须到场的每个环节（``applicant_present: true``）以及每个 ``accept`` 和 ``deliver`` 环节都在 ``window`` 类型的
泳道中——后台从不直接面对申请人；
- 办理结果在受理的窗口送出：每个 ``deliver`` 环节都在 ``accept`` 环节（没有受理环节时为 ``receive`` 环节）所在的泳道，
所有受理环节都在同一泳道。

``law/single-acceptance`` 在适用第二十六条（多个单位办理）时要求由一个单位受理和送达；这条改革规则对每个事项要求更多：
该单位是窗口，申请人不与其他人员打交道。这是改革目标（在 recommended 预设中关闭，在 ``reform`` 中开启）。

不通过：

    lanes:
      window: {name: 综合受理窗口, kind: window, staff: 2}
      office: {name: 审批科, staff: 1}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, applicant_present: true}
      - {id: decide, name: 决定, lane: office, kind: decide}
      - {id: deliver, name: 科室发证, lane: office, kind: deliver, end: approved}

通过：``deliver`` 在 ``window`` 泳道。
"""

ID = "reform/one-window"
LEVEL = "warning"


def _outside_window(step) -> str:
    """The message for a step that meets the applicant outside a window (one sentence per reason)."""
    if step.kind == "accept":
        return _("step '{step}' ({name}) accepts the application in lane '{lane}' ({lane_name}), which is a {kind} "
                 "lane, not a window (前台综合受理、统一窗口出件)")
    if step.kind == "deliver":
        return _("step '{step}' ({name}) delivers the result in lane '{lane}' ({lane_name}), which is a {kind} lane, "
                 "not a window (前台综合受理、统一窗口出件)")
    return _("step '{step}' ({name}) has the applicant present in lane '{lane}' ({lane_name}), which is a {kind} "
             "lane, not a window (前台综合受理、统一窗口出件)")


def check(ctx: Context, options: None) -> Iterator[Finding]:
    process = ctx.process
    for step in process.steps:
        if step.applicant_present or step.kind in ("accept", "deliver"):
            kind = ctx.lane_kind(step)
            if kind != "window":
                lane = process.lanes.get(step.lane)
                # the lane's kind is the YAML value as typed (department, external ...)
                yield ctx.finding(step, _outside_window(step).format(
                    step=step.id, name=step.name, lane=step.lane, lane_name=lane.name if lane else "?",
                    kind=kind or "unknown"), "lane")
    intake = [s for s in process.steps if s.kind == "accept"] or [s for s in process.steps if s.kind == "receive"]
    intake = [s for s in intake if ctx.lane_kind(s) == "window"]
    if not intake:
        return
    window = intake[0].lane
    accepts = intake[0].kind == "accept"
    for step in intake[1:]:
        if step.lane != window:
            message = (_("step '{step}' ({name}) accepts in window '{lane}', but '{first}' ({first_name}) accepts "
                         "in window '{window}': one window accepts every application (一窗受理)") if accepts else
                       _("step '{step}' ({name}) receives in window '{lane}', but '{first}' ({first_name}) receives "
                         "in window '{window}': one window accepts every application (一窗受理)"))
            yield ctx.finding(step, message.format(step=step.id, name=step.name, lane=step.lane, first=intake[0].id,
                                                   first_name=intake[0].name, window=window), "lane")
    for step in process.steps:
        if step.kind == "deliver" and ctx.lane_kind(step) == "window" and step.lane != window:
            message = (_("step '{step}' ({name}) delivers the result at window '{lane}', not at '{window}' where "
                         "'{first}' ({first_name}) accepts the application (统一窗口出件)") if accepts else
                       _("step '{step}' ({name}) delivers the result at window '{lane}', not at '{window}' where "
                         "'{first}' ({first_name}) receives the application (统一窗口出件)"))
            yield ctx.finding(step, message.format(step=step.id, name=step.name, lane=step.lane, first=intake[0].id,
                                                   first_name=intake[0].name, window=window), "lane")
