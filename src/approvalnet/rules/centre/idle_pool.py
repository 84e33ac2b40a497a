"""Every window and department of the centre is used by some item.

Staff in the plan without work: a pool that no item's lanes run on is either a leftover or the sign
of a mapping that went elsewhere (a department lane that found its department by another name).
The finding stands at the pool's key.

Fails:

    departments:
      tourism: {name: 昆明市文化和旅游局, staff: 3}   # no item maps a lane onto it

Passes: an item with `department: tourism`, or a department lane whose organ is 昆明市文化和旅游局.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...i18n import _
from ..context import Finding

DOC_ZH = """中心的每个窗口和部门都有事项使用。

规划中有人员却没有工作：没有任何事项泳道使用的人员池，要么是遗留内容，要么说明某个对应关系指向了别处（部门泳道按另一
个名称找到了它的部门）。问题标在该人员池的键处。

不通过：

    departments:
      tourism: {name: 昆明市文化和旅游局, staff: 3}   # no item maps a lane onto it

通过：有事项写 `department: tourism`，或有部门泳道的所属机关为昆明市文化和旅游局。
"""

ID = "centre/idle-pool"
LEVEL = "info"
SCOPE = "centre"


def check(centre: Any, options: None) -> Iterator[Finding]:
    spec = centre.centre
    used = {pool for entry in centre.items for pool in entry.lane_pool.values() if pool}
    for kind, pools in (("window", spec.windows), ("department", spec.departments)):
        for pool_id, pool in pools.items():
            if pool_id not in used:
                message = (_("window '{pool}' ({name}) is used by no item") if kind == "window" else
                           _("department '{pool}' ({name}) is used by no item"))
                yield Finding(spec.loc_of(f"{kind}s", pool_id), message.format(pool=pool_id, name=pool.name))
