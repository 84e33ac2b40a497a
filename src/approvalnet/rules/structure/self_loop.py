"""A step is followed by itself.

A step that leads straight back to itself (``next: review`` on ``review``, or an outcome such as
``again: review``) hides a rework loop inside one box: the diagram shows an arc from the step to
itself, the event log cannot tell a repetition from a long single step, and what actually happens
in between — a notice to the applicant, a supplement, a second inspection — is neither named nor
timed, and cannot be checked against the law (Art. 32: the supplement is notified once and in
full). bpmnlint and Woflan treat such loops as suspicious for the same reason. Model the rework as
its own step that leads back. A step whose only way on is itself traps the case, which
structure/no-path-to-end reports as an error besides.

Fails:

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, again: inspect}}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes:

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, failed: rectify}}
      - {id: rectify, name: 限期整改, lane: applicant, next: inspect}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

DOC_ZH = """环节之后紧接着又是它自身。

直接回到自身的环节（``review`` 上写 ``next: review``，或 ``again: review`` 这样的结果）把返工循环藏在一个方框里：流
程图上画出一条从环节指向自身的弧，事件日志无法区分重复办理和一次较长的办理，中间实际发生的事——告知申请人、补正、再次
核查——既没有名称，也没有计时，无法对照法律检查（行政许可法第三十二条：一次告知需要补正的全部内容）。bpmnlint 和
Woflan 出于同样的原因认为这类循环可疑。请把返工建成单独的环节，再由它返回。唯一去向是自身的环节会困住办件，
structure/no-path-to-end 还会另行报告错误。

不通过：

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, again: inspect}}
      - {id: decide, name: 决定, lane: office, end: approved}

通过：

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, failed: rectify}}
      - {id: rectify, name: 限期整改, lane: applicant, next: inspect}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

ID = "structure/self-loop"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for step in ctx.process.steps:
        for edge in ctx.outgoing[step.id]:
            if edge.target != step.id:
                continue
            values = {"step": step.id, "name": step.name}
            if edge.kind == "choice":
                message = _("step '{step}' ({name}) is followed by itself (its outcome '{outcome}'); model the "
                            "rework as a step of its own that leads back").format(outcome=edge.outcome, **values)
                field: tuple = ("outcomes", edge.outcome)
            elif isinstance(step.next, list):
                message = _("step '{step}' ({name}) is followed by itself (its parallel 'next'); model the rework "
                            "as a step of its own that leads back").format(**values)
                field = ("next", step.next.index(step.id))
            else:
                message = _("step '{step}' ({name}) is followed by itself (its 'next'); model the rework as a step "
                            "of its own that leads back").format(**values)
                field = ("next",)
            yield ctx.finding(step, message, *field)
