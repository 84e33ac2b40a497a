"""The applicant is told in writing how long a step excluded from the clock will take (Art. 45).

《行政许可法》第四十五条, after excluding the time of hearings, tenders, auctions, testing, quarantine,
appraisal and expert review from the limits: "行政机关应当将所需时间书面告知申请人。" The exclusion is
lawful only with that notice; without it the applicant cannot know when to expect the decision.

Each step with ``excluded_from_clock: true`` must issue a written notice itself (``notice:
{document: ...}``), or every way to it must pass a ``notify`` step with a notice (告知书) before it.
Whether the notice names the time is not in the model; the document should.

Fails:

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 10 workdays,
       excluded_from_clock: true}

Passes:

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 10 workdays,
       excluded_from_clock: true, notice: {document: 专家评审所需时间告知书}}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import label, path_text, shortest_path

ID = "law/excluded-time-notice"
LEVEL = "warning"
APPLIES_TO = ("administrative-licensing",)  # the Administrative Licensing Law


def check(ctx: Context, options: None) -> Iterator[Finding]:
    start = ctx.process.steps[0].id
    for step in ctx.process.steps:
        if not step.excluded_from_clock or step.notice is not None:
            continue
        path = shortest_path(ctx, [start], lambda s, me=step.id: s == me,
                             avoid=lambda s: ctx.steps[s].kind == "notify" and ctx.steps[s].notice is not None)
        if path is None:
            continue
        yield ctx.finding(step, _("step {step} is excluded from the clock, but the applicant is not told in writing "
                                  "how long it takes: it has no notice and no notify step with a notice comes "
                                  "before it on the path {path}; Art. 45 requires a written notice").format(
                                      step=label(step), path=path_text(ctx, path)))
