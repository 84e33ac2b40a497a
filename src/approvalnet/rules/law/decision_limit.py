"""The decision comes within the statutory time limit (Art. 42).

《行政许可法》第四十二条: apart from decisions made on the spot, the organ decides within 20 days of
accepting the application; when a licence is handled in a unified, joint or centralized way under
Art. 26 (``cooperation: unified``, ``joint`` or ``centralized``), within 45 days. A law or
regulation may set another limit: the file then gives it as ``time_limit.statutory`` with its
``basis``, and that limit applies. Days are working days (Art. 82).

The rule takes the worst case along the process's Petri net, from the end of the acceptance step
to the end of each decision step: parallel branches count by the longest, choices by the worst
branch, a loop once, steps excluded from the clock (Art. 45) and the applicant's own time not at
all. Processes without an ``accept`` or ``decide`` step are left to other rules.

Fails (``cooperation: single``, 25 working days between acceptance and decision):

    steps:
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 审查, lane: office, kind: review, duration: 25 workdays}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

Passes: ``duration: 15 workdays``, or a statutory limit of 30 working days with its legal basis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ...net.timing import quantity_days
from ..context import Context, Finding

ID = "law/decision-limit"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    single: float = law.DECISION_WORKDAYS  # working days, Art. 42 para. 1
    joint: float = law.JOINT_DECISION_WORKDAYS  # unified, joint or centralized handling, Art. 42 para. 2


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    limits = process.time_limit
    if limits.statutory is not None and limits.basis:
        limit = quantity_days(limits.statutory)
        message = _("decision '{decision}' can come {days} working days after acceptance, beyond the statutory "
                    "limit of {statutory} ({basis}); worst path: {path}")
    elif process.cooperation in ("unified", "joint", "centralized"):
        limit = options.joint
        message = _("decision '{decision}' can come {days} working days after acceptance, beyond {limit} working "
                    "days for {cooperation} handling (Art. 42); worst path: {path}")
    else:
        limit = options.single
        message = _("decision '{decision}' can come {days} working days after acceptance, beyond {limit} working "
                    "days (Art. 42); worst path: {path}")
    accepts = [s for s in process.steps if s.kind == "accept"]
    decides = [s for s in process.steps if s.kind == "decide"]
    for accept in accepts:
        for decide in decides:
            span = ctx.timing.longest(accept.id, decide.id)
            if span is not None and span.days > limit + 1e-9:
                path = " → ".join(ctx.steps[s].name for s in span.steps)
                yield ctx.finding(decide, message.format(
                    decision=decide.name, days=f"{span.days:.1f}", statutory=limits.statutory,
                    basis=limits.basis[0] if limits.basis else "", limit=f"{limit:g}",
                    cooperation=process.cooperation, path=path))
