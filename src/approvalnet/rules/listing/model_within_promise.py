"""The modelled procedure can keep the promised time limit (承诺办结时限).

The listing promises the applicant a limit (承诺办结时限, "从受理至办结的时限，即办件填写'当场办结'，
承诺件填写'*个工作日'", a 办事指南 elements sheet); the procedure modelled in
the same file must be able to keep it, or the promise (or the model) is wrong. The promise shortens
the statutory limit, which counts in working days from acceptance (《行政许可法》第四十二条: "自受理行政
许可申请之日起二十日内作出行政许可决定"; 第八十二条: "期限以工作日计算"), so the modelled time is taken
the same way:

- a commitment item (承诺件): the worst case from the end of the ``accept`` step (from the start of
  the case when there is none) to the end of each step that ends the case ``approved``, along the
  Petri net: parallel branches by the longest, choices by the worst branch, a loop once, steps
  excluded from the clock (Art. 45: "所需时间不计算在本节规定的期限内") and the applicant's own time
  not at all; it must not exceed ``time_limit.promised`` in working days (calendar days count 5/7);
- an on-the-spot item (``promised: on-the-spot``, 当场办结; 《行政许可法》第三十四条: "能够当场作出决定的，
  应当当场作出书面的行政许可决定"): the applicant waits at the window while the case is handled, so
  no step of an approved case with complete materials may take longer than ``max_on_the_spot_hours``
  (whatever its lane, and counting Art. 45 steps too: the applicant waits through them), and the
  whole case, from its first step to the approved end, must fit in the same time.

How long "on the spot" may last is a choice of the centre, not a figure of the law, hence the option
(default 4 hours: half an office day). Whether the file goes to a back office on the way is
``law/on-the-spot``'s question; this rule only looks at time.

Fails (promised 5 working days; review and inspection take up to 8):

    time_limit: {statutory: 20, promised: 5 workdays}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 3 workdays}
      - {id: inspect, name: 现场核查, lane: office, kind: on-site-inspection, duration: 5 workdays}
      - {id: decide, name: 决定, lane: office, kind: decide, duration: 1 h, end: approved}

Passes: the same with ``promised: 10 workdays``; or an on-the-spot item whose steps all take
minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...net.timing import quantity_days, worst_case
from ..context import Context, Finding
from ..visits import approved_visits

DOC_ZH = """建模的办理流程能够遵守承诺办结时限。

实施清单向申请人承诺一个时限（承诺办结时限，"从受理至办结的时限，即办件填写'当场办结'，承诺件填写'*个工作日'"，办事
指南要素表）；同一文件中建模的流程必须能够遵守它，否则承诺（或模型）有误。承诺时限是对法定时限的压缩，而法定时限自受
理之日起以工作日计算（《行政许可法》第四十二条："自受理行政许可申请之日起二十日内作出行政许可决定"；第八十二条："期
限以工作日计算"），因此建模的时间也按同样的方法计算：

- 承诺件：沿 Petri 网取从 ``accept`` 环节结束（没有时从办件开始）到每个以 ``approved`` 结束办件的环节结束的最坏情况：
并行分支取最长的，选择取最坏的分支，循环计一次，不计入时限的环节（第四十五条："所需时间不计算在本节规定的期限内"）和
申请人自己的时间不计；其结果不得超过以工作日计的 ``time_limit.promised``（自然日按 5/7 折算）；
- 即办件（``promised: on-the-spot``，当场办结；《行政许可法》第三十四条："能够当场作出决定的，应当当场作出书面的行政
许可决定"）：办理期间申请人在窗口等候，因此材料齐全并准予办结的办件中，任何环节都不得超过 ``max_on_the_spot_hours``
（无论在哪个泳道，第四十五条所列环节也计入：申请人要一直等候），从第一个环节到准予办结的整个办件也必须在这一时间内。

"当场"可以持续多久由中心决定，不是法律规定的数字，因此设为选项（默认 4 小时：半个办公日）。材料是否转到后台由
``law/on-the-spot`` 检查；本规则只看时间。

不通过（承诺 5 个工作日；审查和核查最多需要 8 个工作日）：

    time_limit: {statutory: 20, promised: 5 workdays}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 3 workdays}
      - {id: inspect, name: 现场核查, lane: office, kind: on-site-inspection, duration: 5 workdays}
      - {id: decide, name: 决定, lane: office, kind: decide, duration: 1 h, end: approved}

通过：同样的流程改为 ``promised: 10 workdays``；或者各环节都只需几分钟的即办件。
"""

ID = "listing/model-within-promise"
LEVEL = "error"


@dataclass(frozen=True)
class Options:
    max_on_the_spot_hours: float = 4.0  # how long a case promised 当场办结 may take, in office hours


def _hours(days: float, ctx: Context) -> str:
    return _("{hours} h").format(hours=f"{days * ctx.timing.rules.workday_minutes / 60:.1f}")


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    promised = process.time_limit.promised
    if promised is None:
        return
    enders = [s for s in process.steps
              if any(e.end == "approved" for e in ctx.outgoing[s.id]) and s.id in ctx.reachable_from_start]
    if promised == "on-the-spot":
        yield from _on_the_spot(ctx, options, enders)
        return
    limit = quantity_days(promised)
    accepts = [s for s in process.steps if s.kind == "accept"]
    starts: list[str | None] = [s.id for s in accepts] or [None]
    for end in enders:
        spans = [span for start in starts if (span := ctx.timing.longest(start, end.id)) is not None]
        if not spans:
            continue
        worst = max(spans, key=lambda s: s.days)
        if worst.days > limit + 1e-9:
            path = " → ".join(ctx.steps[s].name for s in worst.steps)
            if accepts:
                message = _("the case can end approved at '{step}' ({name}) {days} working days after acceptance, "
                            "beyond the promised limit of {promised}; worst path: {path}")
            else:
                message = _("the case can end approved at '{step}' ({name}) {days} working days after the start of "
                            "the case, beyond the promised limit of {promised}; worst path: {path}")
            yield ctx.finding(end, message.format(step=end.id, name=end.name, days=f"{worst.days:.1f}",
                                                  promised=promised, path=path))


def _on_the_spot(ctx: Context, options: Options, enders: list) -> Iterator[Finding]:
    limit_days = options.max_on_the_spot_hours * 60 / ctx.timing.rules.workday_minutes
    limit = _("{hours} h").format(hours=f"{options.max_on_the_spot_hours:g}")
    visits = approved_visits(ctx)
    on_case = visits.on_some_case if visits is not None else set(ctx.reachable_from_start)
    long_steps = False
    for step in ctx.process.steps:
        if step.id not in on_case:
            continue
        days = worst_case(step.duration, ctx.timing.rules)
        if days > limit_days + 1e-9:
            long_steps = True
            yield ctx.finding(step, _("step '{step}' ({name}) can take {days} working days ({hours}), but the item "
                                      "promises to finish on the spot (当场办结): no step of an approved case may "
                                      "take more than "
                                      "{limit}").format(step=step.id, name=step.name, days=f"{days:.1f}",
                                                        hours=_hours(days, ctx), limit=limit), "duration")
    if long_steps:
        return
    for end in enders:
        span = ctx.timing.longest(None, end.id)
        if span is not None and span.days > limit_days + 1e-9:
            path = " → ".join(ctx.steps[s].name for s in span.steps)
            yield ctx.finding(end, _("the case can end approved at '{step}' ({name}) {hours} after it starts, but "
                                     "the item promises to finish on the spot (当场办结) and {limit} is the most "
                                     "that allows; worst path: {path}").format(step=end.id, name=end.name,
                                                                   hours=_hours(span.days, ctx), limit=limit,
                                                                   path=path))
