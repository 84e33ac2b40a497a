"""The decision comes within the statutory time limit (Art. 42).

《行政许可法》第四十二条: apart from decisions made on the spot, the organ decides within 20 days of
accepting the application; when a licence is handled in a unified, joint or centralized way under
Art. 26 (``cooperation: unified``, ``joint`` or ``centralized``), within 45 days. A law or
regulation may set another limit: the file then gives it as ``time_limit.statutory`` with its
``basis``, and that limit applies; a shorter limit declared without one applies too (a longer one
without its basis is ``law/statutory-limit``'s finding, and Art. 42's applies). These are the
limits of the legal clock that ``simulate`` and ``conform`` count (docs/legal-clock.md). Days are
working days (Art. 82).

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

DOC_ZH = """在法定时限内作出决定（第四十二条）。

除当场作出的决定外，行政机关应自受理之日起二十日内作出决定；依照第二十六条统一办理、联合办理或集中办理的（
``cooperation: unified``、``joint`` 或 ``centralized``），为四十五日。法律、法规可以另行规定时限：此时文件以
``time_limit.statutory`` 给出该时限并写明 ``basis``，按该时限检查；未写依据而声明更短的时限，也按该时限检查（未写
依据而更长的，由 ``law/statutory-limit`` 报告，并按第四十二条的时限检查）。这些就是 ``simulate`` 与 ``conform``
所用法定时钟的时限（docs/legal-clock.md）。期限以工作日计算（第八十二条）。

原文（《中华人民共和国行政许可法》第四十二条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定
的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。但是，法律、法规另有规定的，依照其规定。
> 依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；四十五日内不能
办结的，经本级人民政府负责人批准，可以延长十五日，并应当将延长期限的理由告知申请人。

原文（《中华人民共和国行政许可法》第八十二条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。

本规则沿流程的 Petri 网取最坏情况，从受理环节结束到每个决定环节结束：并行分支取最长的，选择取最坏的分支，循环计一次，
不计入时限的环节（第四十五条）和申请人自己的时间不计。没有 ``accept`` 或 ``decide`` 环节的流程交由其他规则检查。

不通过（``cooperation: single``，受理到决定之间 25 个工作日）：

    steps:
      - {id: accept, name: 受理, lane: window, kind: accept}
      - {id: review, name: 审查, lane: office, kind: review, duration: 25 workdays}
      - {id: decide, name: 决定, lane: office, kind: decide, end: approved}

通过：``duration: 15 workdays``，或有法律依据的 30 个工作日法定时限。
"""

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
    allowed = options.joint if process.cooperation in law.JOINT_HANDLING else options.single
    declared = quantity_days(limits.statutory) if limits.statutory is not None else None
    if declared is not None and limits.basis:
        limit = declared
        message = _("decision '{decision}' can come {days} working days after acceptance, beyond the statutory "
                    "limit of {statutory} ({basis}); worst path: {path}")
    elif declared is not None and declared < allowed - 1e-9:
        # a shorter limit declared is the item's (the legal clock holds it to it, ``language.legal_clock``)
        limit = declared
        message = _("decision '{decision}' can come {days} working days after acceptance, beyond the statutory "
                    "limit of {statutory}; worst path: {path}")
    elif process.cooperation in law.JOINT_HANDLING:
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
