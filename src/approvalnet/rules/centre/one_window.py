"""Every item is accepted at a shared window of the centre (一窗受理).

The one-window reform (前台综合受理、后台分类审批、统一窗口出件) means that applications for every
department are accepted at the comprehensive window, not at a department's own counter. The item's
acceptance is its `accept` step, or its first `receive` step when it has none; the rule looks at the
pool that step's lane runs on in the centre. The finding stands at the item's `file:`.

Fails: an item whose `accept` step is in a `department` lane (mapped onto a department's pool).

Passes: the `accept` step is in a `window` lane, which runs on the centre's window pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...i18n import _
from ..context import Finding

DOC_ZH = """每个事项都在中心的综合窗口受理（一窗受理）。

一窗式改革（前台综合受理、后台分类审批、统一窗口出件）意味着各部门的申请都在综合窗口受理，而不是在部门自己的柜台受理。
事项的受理是其 `accept` 环节，没有时为第一个 `receive` 环节；本规则查看该环节的泳道在中心对应的人员池。问题标在事项
的 `file:` 处。

不通过：`accept` 环节在 `department` 泳道中（对应到某个部门的人员池）的事项。

通过：`accept` 环节在 `window` 泳道中，对应中心的窗口人员池。
"""

ID = "centre/one-window"
LEVEL = "warning"
SCOPE = "centre"


def check(centre: Any, options: None) -> Iterator[Finding]:
    windows = centre.centre.windows
    for entry in centre.items:
        steps = entry.process.steps
        accept = next((s for s in steps if s.kind == "accept"), None) or next(
            (s for s in steps if s.kind == "receive"), None)
        if accept is not None and entry.lane_pool.get(accept.lane) not in windows:
            yield Finding(entry.spec.loc_of("file"), _("item '{code}' accepts applications in lane '{lane}' (step "
                                                       "'{step}'), not at a shared window of the centre "
                                                       "(one-window: 前台综合受理)").format(
                                                code=entry.process.code, lane=accept.lane, step=accept.id))
