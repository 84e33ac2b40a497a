"""An item that may extend its time limit tells the applicant the reasons in writing (Art. 42).

《行政许可法》第四十二条: an extension is allowed "并应当将延长期限的理由告知申请人" (both for one organ
and for unified, joint or centralized handling). When ``time_limit.extension`` is declared, the
process should show the step that tells the applicant: a step of kind ``extension`` (延期审批) with a
``notice``, or a ``notify`` step whose notice or name is about the extension (it contains one of
``words``, e.g. 延期通知书). The notice gives the reasons (``reasons: true``).

Reported: a declared extension without any such step (at ``time_limit.extension``); an
``extension`` step without a notice; an extension notice that does not state the reasons.

Fails:

    time_limit: {statutory: 20, extension: {length: 10 workdays, approver: 本行政机关负责人}}
    steps:                                   # no step tells the applicant of the extension
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 审查, lane: office, kind: review}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

Passes:

      - id: extend
        name: 延期审批并告知
        lane: office
        kind: extension
        notice: {document: 延长行政许可期限通知书, reasons: true}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language.types import Step
from ..context import Context, Finding
from ._common import label

DOC_ZH = """可能延长时限的事项，应书面告知申请人延长的理由（第四十二条）。

第四十二条规定，无论单个行政机关办理，还是统一办理、联合办理、集中办理，延长期限都"应当将延长期限的理由告知申请人"。

原文（《中华人民共和国行政许可法》第四十二条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定
的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。但是，法律、法规另有规定的，依照其规定。
> 依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；四十五日内不能
办结的，经本级人民政府负责人批准，可以延长十五日，并应当将延长期限的理由告知申请人。

声明了 ``time_limit.extension`` 时，流程应当有告知申请人的环节：带 ``notice`` 的 ``extension`` 类型环节（延期审批），
或告知书、名称与延期有关（包含 ``words`` 中的一个词，如延期通知书）的 ``notify`` 环节。告知书应说明理由（``reasons:
true``）。

报告以下情形：声明了延长时限却没有这样的环节（标在 ``time_limit.extension``）；``extension`` 环节没有告知书；延期告
知书未说明理由。

不通过：

    time_limit: {statutory: 20, extension: {length: 10 workdays, approver: 本行政机关负责人}}
    steps:                                   # no step tells the applicant of the extension
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 审查, lane: office, kind: review}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

通过：

      - id: extend
        name: 延期审批并告知
        lane: office
        kind: extension
        notice: {document: 延长行政许可期限通知书, reasons: true}
"""

ID = "law/extension-notice"
LEVEL = "warning"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    words: tuple[str, ...] = ("延期", "延长")  # a notify step is about the extension when its notice or name has one


def _about_extension(step: Step, words: tuple[str, ...]) -> bool:
    if step.kind == "extension":
        return True
    if step.kind != "notify":
        return False
    text = step.name + (step.notice.document if step.notice else "")
    return any(word in text for word in words)


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    extension = ctx.process.time_limit.extension
    steps = [s for s in ctx.process.steps if _about_extension(s, options.words)]
    for step in steps:
        if step.notice is None:
            yield ctx.finding(step, _("extension step {step} issues no written notice; Art. 42 requires the "
                                      "applicant to be told the reasons for the extension (notice: {{document: ..., "
                                      "reasons: true}})").format(step=label(step)))
        elif not step.notice.reasons:
            yield ctx.finding(step, _("the notice '{document}' of {step} does not state the reasons for the "
                                      "extension (reasons: true), as Art. 42 requires").format(
                                          document=step.notice.document, step=label(step)), "notice")
    if extension is not None and not steps:
        yield ctx.finding(extension, _("an extension of {length} is declared, but no step tells the applicant of it "
                                       "(a step of kind extension, or a notify step about the extension, with a "
                                       "written notice of the reasons), as Art. 42 "
                                       "requires").format(length=extension.length))
