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
