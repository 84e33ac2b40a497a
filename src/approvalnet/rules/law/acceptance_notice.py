"""Acceptance and refusal to accept are both given to the applicant in writing (Art. 32, last paragraph).

《行政许可法》第三十二条第二款: "行政机关受理或者不予受理行政许可申请，应当出具加盖本行政机关专用印章
和注明日期的书面凭证。" The dated voucher fixes the day from which the time limits of Arts. 42–44 run,
and gives the applicant proof of a refusal to accept.

The rule asks two things of the model:

- every ``accept`` step issues a written notice (``notice: {document: 受理通知书}``);
- every way a case ends ``not-accepted`` passes a step that issues a written notice (the 不予受理
  notice), on the ending step or before it. A supplement notice (``supplement-notice`` step) or an
  acceptance notice does not count: they are not the voucher of a refusal to accept.

A finding on an ending gives a path from the first step that reaches it without such a notice. That
the voucher is sealed and dated is not in the model; the ``document`` named should be one that is.

Fails:

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, outside-remit: {end: not-accepted}}   # no 不予受理通知书
      - {id: accept, name: 受理, lane: window, kind: accept}                # no 受理通知书
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

Passes:

      - id: check
        ...
        outcomes: {complete: accept, outside-remit: not-accepted-notice}
      - {id: not-accepted-notice, name: 出具不予受理通知书, lane: window, kind: notify,
         notice: {document: 不予受理通知书}, end: not-accepted}
      - {id: accept, name: 受理, lane: window, kind: accept, notice: {document: 受理通知书}}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...language import law
from ...language.types import Step
from ..context import Context, Finding
from ._common import endings, label, path_text, unavoidable_from_start

DOC_ZH = """受理和不予受理都以书面形式告知申请人（第三十二条最后一款）。

书面凭证注明日期，确定第四十二条至第四十四条各项期限的起算日，也是申请人被不予受理的证明。

原文（《中华人民共和国行政许可法》第三十二条第二款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 行政机关受理或者不予受理行政许可申请，应当出具加盖本行政机关专用印章和注明日期的书面凭证。

本规则对模型有两项要求：

- 每个 ``accept`` 环节都出具书面凭证（``notice: {document: 受理通知书}``）；
- 办件以 ``not-accepted`` 结束的每条路径，都要在结束环节或其之前经过一个出具书面凭证（不予受理通知书）的环节。补正告
知（``supplement-notice`` 环节）或受理通知书不算：它们不是不予受理的凭证。

针对结束处的问题会给出一条从第一个环节出发、未经这种凭证就到达该处的路径。凭证是否加盖印章、注明日期不在模型中；所写
的 ``document`` 应当是加盖印章、注明日期的文书。

不通过：

    steps:
      - {id: receive, name: 收件, lane: window, kind: receive}
      - id: check
        name: 材料审查
        lane: window
        kind: check-completeness
        outcomes: {complete: accept, outside-remit: {end: not-accepted}}   # no 不予受理通知书
      - {id: accept, name: 受理, lane: window, kind: accept}                # no 受理通知书
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

通过：

      - id: check
        ...
        outcomes: {complete: accept, outside-remit: not-accepted-notice}
      - {id: not-accepted-notice, name: 出具不予受理通知书, lane: window, kind: notify,
         notice: {document: 不予受理通知书}, end: not-accepted}
      - {id: accept, name: 受理, lane: window, kind: accept, notice: {document: 受理通知书}}
"""

ID = "law/acceptance-notice"
LEVEL = "warning"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


def _voucher(step: Step) -> bool:
    return step.notice is not None and step.kind not in ("supplement-notice", "accept")


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for step in ctx.process.steps:
        if step.kind == "accept" and step.notice is None:
            yield ctx.finding(step, _("acceptance step {step} issues no written notice (notice: {{document: "
                                      "受理通知书}}); Art. 32 requires a dated, sealed written voucher of "
                                      "acceptance").format(step=label(step)))
    for ending in endings(ctx, "not-accepted"):
        path = unavoidable_from_start(ctx, ending, _voucher)
        if path is not None:
            yield ctx.finding(ending.node, _("the case can end not-accepted at {step} without a written notice of "
                                             "the refusal to accept (不予受理凭证): {path}; Art. 32 requires a "
                                             "dated, sealed written voucher").format(step=label(ending.step),
                                                                          path=path_text(ctx, path)), "end")
