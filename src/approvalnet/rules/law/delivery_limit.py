"""The licence is delivered within 10 working days of the decision to grant it (Art. 44).

《行政许可法》第四十四条: "行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达
行政许可证件，或者加贴标签、加盖检验、检测、检疫印章。" Days are working days (Art. 82).

For each ``deliver`` step from which a case can end ``approved``, the rule takes the worst case from
the end of the ``decide`` step before it to its end (making the certificate, sealing, mailing: every
step in between counts), as ``law/decision-limit`` counts, and compares it with ``days``. When
several decision steps lead to one delivery, the slowest is reported. A special law with a shorter
limit (e.g. 5 working days) is set with the option.

Fails:

    steps:
      - {id: decide, name: 许可决定, lane: office, kind: decide}
      - {id: make, name: 制证, lane: office, duration: 8 workdays}
      - {id: sign, name: 领导签发证件, lane: leader, duration: 3 workdays}
      - {id: deliver, name: 窗口出件, lane: window, kind: deliver, end: approved}

Passes: ``make`` in ``1 workday``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ..context import Context, Finding
from ._common import endings, label, longest, path_text

DOC_ZH = """作出准予许可决定后 10 个工作日内送达许可证件（第四十四条）。

原文（《中华人民共和国行政许可法》第四十四条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可证件，或者加贴标签、加盖检验、
检测、检疫印章。

期限以工作日计算（第八十二条）。对每个办件可由此以 ``approved`` 结束的 ``deliver`` 环节，本规则取从其前面的
``decide`` 环节结束到它结束的最坏情况（制证、盖章、邮寄：中间每个环节都计入），计算方法同 ``law/decision-limit``，并
与 ``days`` 比较。多个决定环节通向同一送达环节时，报告最慢的一个。特别法规定了更短期限（例如 5 个工作日）的，可用该
选项设置。

不通过：

    steps:
      - {id: decide, name: 许可决定, lane: office, kind: decide}
      - {id: make, name: 制证, lane: office, duration: 8 workdays}
      - {id: sign, name: 领导签发证件, lane: leader, duration: 3 workdays}
      - {id: deliver, name: 窗口出件, lane: window, kind: deliver, end: approved}

通过：``make`` 用时 ``1 workday``。
"""

ID = "law/delivery-limit"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    days: float = law.DELIVERY_WORKDAYS  # working days, Art. 44


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    approved: set[str] = set()
    todo = [e.step.id for e in endings(ctx, "approved")]
    approved.update(todo)
    while todo:  # the steps from which a case can end approved
        current = todo.pop()
        for edge in ctx.incoming[current]:
            if edge.source not in approved:
                approved.add(edge.source)
                todo.append(edge.source)
    decides = [s for s in process.steps if s.kind == "decide"]
    for deliver in process.steps:
        if deliver.kind != "deliver" or deliver.id not in approved:
            continue
        worst = None
        for decide in decides:
            span = longest(ctx, decide.id, deliver.id)
            if span is not None and (worst is None or span.days > worst[1].days):
                worst = (decide, span)
        if worst is not None and worst[1].days > options.days + 1e-9:
            decide, span = worst
            yield ctx.finding(deliver, _("delivery {step} can end {days} working days after the decision "
                                         "{decision}, beyond the {limit} working days of Art. 44; worst path: "
                                         "{path}").format(
                                             step=label(deliver), days=f"{span.days:.1f}", decision=label(decide),
                                             limit=f"{options.days:g}", path=path_text(ctx, span.steps)))
