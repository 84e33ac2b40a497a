"""A refusal is a written decision that gives its reasons and tells the applicant how to challenge it (Art. 38).

《行政许可法》第三十八条第二款: "行政机关依法作出不予行政许可的书面决定的，应当说明理由，并告知申请人享有
依法申请行政复议或者提起行政诉讼的权利。" A refusal without reasons cannot be answered, and one that does
not mention reconsideration (行政复议) or litigation (行政诉讼) leaves the applicant unaware of the
time limits for them.

Every way a case ends ``refused`` must pass a step whose ``notice`` has ``reasons: true`` and
``remedies: true`` (the 不予行政许可决定书), on the ending step or before it. The finding stands at
the ending (the step's or the outcome's ``end``) and gives a path from the first step that reaches
it without such a notice.

Fails:

    - id: decide
      name: 许可决定
      lane: office
      kind: decide
      outcomes: {approve: deliver, refuse: {end: refused}}

Passes:

      outcomes: {approve: deliver, refuse: refusal-notice}
    - {id: refusal-notice, name: 送达不予行政许可决定书, lane: window, kind: notify,
       notice: {document: 不予行政许可决定书, reasons: true, remedies: true}, end: refused}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...language.types import Step
from ..context import Context, Finding
from ._common import endings, label, path_text, unavoidable_from_start

DOC_ZH = """不予许可应作出书面决定，说明理由，并告知申请人救济途径（第三十八条）。

原文（《中华人民共和国行政许可法》第三十八条第二款；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，
2019 年修正））：

> 行政机关依法作出不予行政许可的书面决定的，应当说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利。

不说明理由的不予许可决定无从回应；不提行政复议或行政诉讼的，申请人可能不知道相应的期限。办件以 ``refused`` 结束的每
条路径，都要在结束环节或其之前经过一个 ``notice`` 带有 ``reasons: true`` 和 ``remedies: true`` 的环节（不予行政许可
决定书）。问题标在结束处（环节或结果的 ``end``），并给出一条从第一个环节出发、未经这种决定书就到达该处的路径。

不通过：

    - id: decide
      name: 许可决定
      lane: office
      kind: decide
      outcomes: {approve: deliver, refuse: {end: refused}}

通过：

      outcomes: {approve: deliver, refuse: refusal-notice}
    - {id: refusal-notice, name: 送达不予行政许可决定书, lane: window, kind: notify,
       notice: {document: 不予行政许可决定书, reasons: true, remedies: true}, end: refused}
"""

ID = "law/refusal-reasons"
LEVEL = "error"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


def _proper(step: Step) -> bool:
    return step.notice is not None and step.notice.reasons and step.notice.remedies


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for ending in endings(ctx, "refused"):
        path = unavoidable_from_start(ctx, ending, _proper)
        if path is None:
            continue
        notices = [(ctx.steps[s], n) for s in path if (n := ctx.steps[s].notice) is not None
                   and (s == ending.step.id or ctx.steps[s].kind in ("decide", "notify"))]
        values = {"step": label(ending.step), "path": path_text(ctx, path)}
        if notices:  # a notice on the way, but without the reasons or the remedies
            step, notice = notices[-1]
            # the keys the notice lacks are YAML as typed: "reasons: true", "remedies: true", or both
            missing = [w for w, ok in (("reasons: true", notice.reasons), ("remedies: true", notice.remedies))
                       if not ok]
            lacks = missing[0] if len(missing) == 1 else _("{some} and {last}").format(some=missing[0],
                                                                                      last=missing[1])
            message = _("the case can end refused at {step} without a written decision giving the reasons and the "
                        "right to reconsideration or litigation (the notice '{document}' of {notice_step} lacks "
                        "{missing}): {path}; Art. 38 requires both").format(
                            document=notice.document, notice_step=label(step), missing=lacks, **values)
        else:
            message = _("the case can end refused at {step} without a written decision giving the reasons and the "
                        "right to reconsideration or litigation: {path}; Art. 38 requires both").format(**values)
        yield ctx.finding(ending.node, message, "end")
