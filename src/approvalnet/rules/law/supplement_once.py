"""A case gets at most one notice to supplement its materials (Art. 32(4), 一次告知).

《行政许可法》第三十二条第一款第（四）项: the organ shall "当场或者在五日内一次告知申请人需要补正的全部
内容" — tell the applicant, once, everything that must be supplemented; and by item 五 it "应当受理"
once "申请人按照本行政机关的要求提交全部补正申请材料". A second request for supplements is exactly what
一次告知 forbids (the applicant is sent away again for something the first notice should have named).

The rule reports a ``supplement-notice`` step that a case can reach a second time: the step lies on a
loop (the resubmitted materials go back to the same completeness check, which again may ask for
supplements), or another ``supplement-notice`` step follows it. The finding gives the loop.

Many published procedures are modelled this way, with the resubmission going back to the same check;
the model then allows what the law forbids. Model it instead with a re-check after the resubmission
whose outcomes are only acceptance and refusal to accept (or, if the applicant did not supply
everything asked for, the end the special law gives, e.g. ``withdrawn``), as in the example below.

Fails:

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, incomplete: supplement-notice, outside-remit: not-accepted-notice}
      - {id: supplement-notice, name: 一次性告知补正, lane: window, kind: supplement-notice,
         notice: {document: 补正材料通知书}}
      - {id: resubmit, name: 申请人补正, lane: applicant, kind: wait, next: check}   # back to the same check
      ...

Passes:

      - {id: resubmit, name: 申请人补正, lane: applicant, kind: wait, next: recheck}
      - id: recheck
        name: 补正材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, still-incomplete: not-accepted-notice}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import label, path_text, shortest_path

DOC_ZH = """一个办件最多只有一次补正告知（第三十二条第一款第（四）项，一次告知）。

原文（《中华人民共和国行政许可法》（2019 年修正）第三十二条第一款第（四）项、第（五）项；来源：国家法律法规数据库
https://flk.npc.gov.cn）：

> （四）申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收
到申请材料之日起即为受理；
> （五）申请事项属于本行政机关职权范围，申请材料齐全、符合法定形式，或者申请人按照本行政机关的要求提交全部补正申请材
料的，应当受理行政许可申请。

行政机关应当一次告知申请人需要补正的全部内容；申请人按要求提交全部补正材料的，应当受理。第二次要求补正正是一次告知所
禁止的（申请人因第一次告知本应写明的内容再次被退回）。

本规则报告办件可能第二次到达的 ``supplement-notice`` 环节：该环节位于循环中（补正后的材料回到同一个齐全性审查，而它
又可能要求补正），或其后还有另一个 ``supplement-notice`` 环节。问题中给出该循环。

许多公布的流程都是这样建模的，补正后回到同一个审查；模型于是允许了法律所禁止的。应改为：补正后设一个复查，其结果只有
受理和不予受理（或者，申请人未补齐所要求的全部材料时，特别法规定的结束，例如 ``withdrawn``），如下例所示。

不通过：

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, incomplete: supplement-notice, outside-remit: not-accepted-notice}
      - {id: supplement-notice, name: 一次性告知补正, lane: window, kind: supplement-notice,
         notice: {document: 补正材料通知书}}
      - {id: resubmit, name: 申请人补正, lane: applicant, kind: wait, next: check}   # back to the same check
      ...

通过：

      - {id: resubmit, name: 申请人补正, lane: applicant, kind: wait, next: recheck}
      - id: recheck
        name: 补正材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, still-incomplete: not-accepted-notice}
"""

ID = "law/supplement-once"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


def check(ctx: Context, options: None) -> Iterator[Finding]:
    reachable = ctx.reachable_from_start
    notices = [s for s in ctx.process.steps if s.kind == "supplement-notice" and s.id in reachable]
    for step in notices:
        # a way back to this notice from itself (a loop) or, failing that, from another notice
        for earlier in sorted(notices, key=lambda s: s.id != step.id):
            path = shortest_path(ctx, ctx.successors(earlier.id), lambda s, me=step.id: s == me)
            if path is not None:
                break
        else:
            continue
        if earlier.id == step.id:
            message = _("supplement notice {step} can be issued more than once in a case: it lies on a loop: "
                        "{path}; Art. 32(4) requires one notice of everything to supplement (一次告知) — after the "
                        "resubmission, re-check with outcomes accept / not-accepted only")
            shown = path_text(ctx, [step.id, *path])
        else:
            message = _("supplement notice {step} can be issued more than once in a case: it can follow the "
                        "supplement notice {earlier}: {path}; Art. 32(4) requires one notice of everything to "
                        "supplement (一次告知) — after the resubmission, re-check with outcomes accept / "
                        "not-accepted only")
            shown = path_text(ctx, [earlier.id, *path])
        yield ctx.finding(step, message.format(step=label(step), earlier=label(earlier), path=shown))
