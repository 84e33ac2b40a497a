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

DOC_ZH = """不计入时限的环节所需时间，应书面告知申请人（第四十五条）。

原文（《中华人民共和国行政许可法》第四十五条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的
期限内。行政机关应当将所需时间书面告知申请人。

只有书面告知了，排除才合法；否则申请人无从知道何时能得到决定。每个 ``excluded_from_clock: true`` 的环节要么自己出具
书面告知（``notice: {document: ...}``），要么通向它的每条路径在它之前都经过一个带告知书的 ``notify`` 环节。告知书是
否写明所需时间不在模型中，应由文书本身写明。

不通过：

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 10 workdays,
       excluded_from_clock: true}

通过：

    - {id: experts, name: 专家评审, lane: experts, kind: expert-review, duration: 10 workdays,
       excluded_from_clock: true, notice: {document: 专家评审所需时间告知书}}
"""

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
