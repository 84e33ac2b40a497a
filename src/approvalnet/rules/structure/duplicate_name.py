"""Two steps have the same name.

Step ids are unique (the loader sees to that), but readers never see ids: the flow diagram, the
service guide and the simulation report show names, and event-log conformance checking (comparing
what the centre's system recorded with the model) maps recorded activities to steps by name. Two
steps called 审查 cannot be told apart in any of them. Names are compared after Unicode
normalisation (full-width and half-width characters alike) and with surrounding spaces ignored.

Fails:

    steps:
      - {id: review-a, name: 审查, lane: office}
      - {id: review-b, name: 审查, lane: other, end: approved}

Passes:

    steps:
      - {id: review-a, name: 书面审查, lane: office}
      - {id: review-b, name: 现场审查, lane: other, end: approved}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ...i18n import _
from ...language.types import Step
from ..context import Context, Finding

DOC_ZH = """两个环节同名。

环节 id 不会重复（加载时已经检查），但读者看不到 id：流程图、办事指南和仿真报告显示的是名称，事件日志的一致性检查（
把中心系统记录的内容与模型比对）也按名称把记录的活动对应到环节。两个都叫"审查"的环节，在上述任何地方都无法区分。比较
名称时先做 Unicode 规范化（全角与半角字符视为相同），并忽略首尾空格。

不通过：

    steps:
      - {id: review-a, name: 审查, lane: office}
      - {id: review-b, name: 审查, lane: other, end: approved}

通过：

    steps:
      - {id: review-a, name: 书面审查, lane: office}
      - {id: review-b, name: 现场审查, lane: other, end: approved}
"""

ID = "structure/duplicate-name"
LEVEL = "warning"


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def check(ctx: Context, options: None) -> Iterator[Finding]:
    seen: dict[str, Step] = {}
    for step in ctx.process.steps:
        key = _key(step.name)
        if not key:
            continue  # structure/blank-name
        if key in seen:
            other = seen[key]
            yield ctx.finding(step, _("step '{step}' has the same name '{name}' as step '{other}' (line {line}); "
                                      "diagrams, guides and event logs cannot tell them apart").format(
                                  step=step.id, name=step.name.strip(), other=other.id, line=other.loc.line),
                              "name")
        else:
            seen[key] = step
