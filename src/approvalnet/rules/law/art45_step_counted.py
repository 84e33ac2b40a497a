"""A hearing, test, expert review or other Art. 45 step is counted in the legal time limit.

《行政许可法》第四十五条 lets the organ leave the time of "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审"
out of its limits (and tell the applicant how long it takes). A step of one of these kinds without
``excluded_from_clock: true`` is counted: that is allowed (the organ may choose to absorb the time,
or a promise may include it), but the time-limit rules then charge it to the organ, and the file
may overstate how long the organ itself takes. Check that this is what is meant.

Fails (reported as information):

    - {id: test, name: 产品检验, lane: lab, kind: testing, duration: 10 workdays}

Passes:

    - {id: test, name: 产品检验, lane: lab, kind: testing, duration: 10 workdays, excluded_from_clock: true,
       notice: {document: 检验所需时间告知书}}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ...language.law import ART45_KINDS
from ..context import Context, Finding
from ._common import label

DOC_ZH = """听证、检验、专家评审等第四十五条所列环节被计入了法定时限。

行政许可法第四十五条允许行政机关把听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入期限（并书面告知申
请人所需时间）。这类环节没有写 ``excluded_from_clock: true`` 时会被计入：这是允许的（机关可以自行承担这段时间，承诺
时限也可以包含它），但时限类规则会把它算作机关的用时，文件可能高估了机关自身的办理时间。请确认这是否符合本意。

原文（《中华人民共和国行政许可法》第四十五条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的
期限内。行政机关应当将所需时间书面告知申请人。

不通过（作为提示报告）：

    - {id: test, name: 产品检验, lane: lab, kind: testing, duration: 10 workdays}

通过：

    - {id: test, name: 产品检验, lane: lab, kind: testing, duration: 10 workdays, excluded_from_clock: true,
       notice: {document: 检验所需时间告知书}}
"""

ID = "law/art45-step-counted"
LEVEL = "info"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    kinds: tuple[str, ...] = ART45_KINDS  # step kinds whose time Art. 45 allows to leave out


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    for step in ctx.process.steps:
        if step.kind in options.kinds and not step.excluded_from_clock:
            yield ctx.finding(step, _("step {step} is of kind '{kind}', whose time Art. 45 allows to leave out of "
                                      "the legal limit, but it is counted (no excluded_from_clock: true)").format(
                                          step=label(step), kind=step.kind), "kind")
