"""The completeness check can accept the application, refuse to accept it, or ask for supplements (Art. 32).

《行政许可法》第三十二条 lists what the organ does with an application it has received: an item that
needs no licence or lies outside its remit is not accepted (不予受理, items 一 and 二); "申请材料不齐全
或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容" (item 四); and "申请事项属于
本行政机关职权范围，申请材料齐全、符合法定形式，或者申请人按照本行政机关的要求提交全部补正申请材料的，
应当受理" (item 五). A model whose check has no way to one of these outcomes describes a procedure
that cannot do what the law requires of it.

The check is the first ``check-completeness`` step a case reaches (or, in a process without one,
the first ``accept`` step). From it the rule follows the flow until it meets an ``accept``,
``decide`` or ``supplement-notice`` step and looks for:

- going on to acceptance: an ``accept`` or ``decide`` step (an on-the-spot item may decide at once);
- not accepted: an end ``not-accepted``, directly or through steps such as a ``notify`` step that
  issues the 不予受理 notice;
- supplement: a ``supplement-notice`` step (一次性告知补正).

It reports the missing ones at the check. A re-check reached only after a supplement notice is not
held to this (after the one supplement notice, a re-check may only accept or refuse to accept; see
``law/supplement-once``). A process with neither a completeness check nor an acceptance step is
reported at its first step. Art. 32 item 三 (errors corrected on the spot) is not modelled.

Fails (no way to ask for supplements):

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, outside-remit: {end: not-accepted}}
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

Passes: the same check with ``incomplete: supplement-notice`` leading to a step of kind
``supplement-notice``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...language import law
from ...language.flow import Edge
from ..context import Context, Finding
from ._common import label

DOC_ZH = """材料齐全性审查能够受理申请、不予受理，或者告知补正（第三十二条）。

行政许可法第三十二条列明了行政机关对收到的申请如何处理：依法不需要取得行政许可或不属于本机关职权范围的，不予受理（第
一项、第二项）；材料不齐全或不符合法定形式的，一次告知补正（第四项）；符合条件的，应当受理（第五项）。如果模型中的审
查环节缺少其中某种去向，它描述的程序就无法做到法律要求的事。

原文（《中华人民共和国行政许可法》（2019 年修正）第三十二条第一款第（四）项、第（五）项；来源：国家法律法规数据库
https://flk.npc.gov.cn）：

> （四）申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收
到申请材料之日起即为受理；
> （五）申请事项属于本行政机关职权范围，申请材料齐全、符合法定形式，或者申请人按照本行政机关的要求提交全部补正申请材
料的，应当受理行政许可申请。

审查环节是办件到达的第一个 ``check-completeness`` 环节（没有这类环节时，是第一个 ``accept`` 环节）。本规则从它出发沿
流程前进，直到遇到 ``accept``、``decide`` 或 ``supplement-notice`` 环节，并查找：

- 进入受理：``accept`` 或 ``decide`` 环节（即办件可以当场决定）；
- 不予受理：``not-accepted`` 结束，直接结束或经由出具不予受理通知书的 ``notify`` 等环节；
- 补正：``supplement-notice`` 环节（一次性告知补正）。

缺少的去向在审查环节报告。只在补正告知之后才到达的复查不受此要求（一次补正告知之后，复查只能受理或不予受理，见
``law/supplement-once``）。既没有材料齐全性审查、也没有受理环节的流程，在第一个环节报告。第三十二条第三项（可当场更
正的错误）未建模。

不通过（无法告知补正）：

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, outside-remit: {end: not-accepted}}
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

通过：同一审查环节加上 ``incomplete: supplement-notice``，通向 ``supplement-notice`` 类型的环节。
"""

ID = "law/acceptance-outcomes"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law

STOP = ("accept", "decide", "supplement-notice")


def _checkpoints(ctx: Context) -> list[str]:
    """The first completeness checks (or acceptance steps) a case reaches."""
    for kind in ("check-completeness", "accept"):
        checks = {s.id for s in ctx.process.steps if s.kind == kind}
        if not checks:
            continue
        first = ctx.process.steps[0].id
        reached = ctx.reachable(first, stop=checks) & checks
        return [s.id for s in ctx.process.steps if s.id in (reached or checks)]
    return []


def _ends_not_accepted(ctx: Context, edge: Edge) -> bool:
    if edge.end == "not-accepted":
        return True
    target = edge.target
    return target is not None and ctx.steps[target].kind == "notify" and any(
        e.end == "not-accepted" for e in ctx.outgoing[target])


def check(ctx: Context, options: None) -> Iterator[Finding]:
    checkpoints = _checkpoints(ctx)
    if not checkpoints:
        first = ctx.process.steps[0]
        yield ctx.finding(first, _("no step checks the application for completeness (kind: check-completeness) or "
                                  "accepts it (kind: accept); Art. 32 requires the organ to accept, refuse to accept "
                                  "or ask for supplements to every application it receives"))
        return
    for check_id in checkpoints:
        step = ctx.steps[check_id]
        proceeds = supplements = not_accepted = False
        seen = {check_id}
        todo = [check_id]
        while todo:
            current = todo.pop()
            kind = ctx.steps[current].kind
            if current != check_id and kind in STOP:
                proceeds |= kind in ("accept", "decide")
                supplements |= kind == "supplement-notice"
                if kind == "accept":  # an acceptance step may still refuse to accept, directly or by a notice
                    not_accepted |= any(_ends_not_accepted(ctx, e) for e in ctx.outgoing[current])
                continue
            for edge in ctx.outgoing[current]:
                not_accepted |= edge.end == "not-accepted"
                proceeds |= edge.end == "approved"
                if edge.target is not None and edge.target not in seen:
                    seen.add(edge.target)
                    todo.append(edge.target)
        missing = []
        if not proceeds:
            missing.append(_("going on to acceptance (a path to an accept or decide step)"))
        if not not_accepted:
            missing.append(_("not accepted (an end not-accepted, 不予受理)"))
        if not supplements:
            missing.append(_("supplement (a path to a supplement-notice step, 一次告知补正)"))
        if missing:
            if step.kind == "check-completeness":
                message = _("completeness check {step} offers no way to: {missing}; Art. 32 requires all three "
                            "outcomes")
            else:
                message = _("acceptance step {step} offers no way to: {missing}; Art. 32 requires all three outcomes")
            # the missing outcomes are a list, joined by the language's own separator
            yield ctx.finding(step, message.format(step=label(step), missing=_("; ").join(missing)))
