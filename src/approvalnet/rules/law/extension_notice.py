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
