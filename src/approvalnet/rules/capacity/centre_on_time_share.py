"""The centre's shared staff keep every item's promised and statutory limit for nearly every case.

A centre file declares each item's volume (``per_workday``) and the staff of its shared windows and
departments; the rule simulates the centre as a whole, as ``approvalnet simulate centre.yaml`` does
with the same days, replications and seed (by default 250 working days, 5 replications, seed 0),
and reports each item whose share of cases finished within its promised limit (承诺办结时限) or
its statutory limit (法定办结时限) stays below ``target`` (default 95 %): an item file alone
often declares no volume (it is the centre's), so ``capacity/on-time-share`` cannot judge it, and
its cases queue for staff that other items share.

The shares are ``simulate``'s per item (the same numbers for the same seed). As for a process, an
item is reported when the upper end of the share's 95 % confidence interval over the replications
is below the target: the simulation shows with confidence that it is missed (with one replication
the mean is judged). The finding stands at the item's entry in the centre file and names its
busiest pool, the window or department whose queue its cases most likely wait in.

A whole centre costs more than a process: Kunming's 144 items, about 45 cases a working day,
take about 3 s. The rule is off unless the ``capacity`` preset (or ``groups: {capacity: default}``)
is used, as the other capacity rules.

Fails (one window clerk for two items of 30 cases a day of 10 minutes each: 600 minutes of work a
day of 420; the second item promises 1 working day):

    windows: {front: {name: 综合窗口, staff: 1}}
    items:
      - {file: a.yaml, per_workday: 30}
      - {file: b.yaml, per_workday: 30}

Passes: the same with ``staff: 3`` at the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...i18n import _
from ..context import Finding
from ._common import DAYS, LIMITS, REPLICATIONS, SEED, missed, percent, share_text

DOC_ZH = """中心共享的人员能让每个事项几乎所有办件都在承诺办结时限和法定办结时限内办结。

中心文件申报了每个事项的办件量（``per_workday``）和共享的窗口、部门的人员；本规则像 ``approvalnet simulate
centre.yaml`` 一样，以相同的天数、重复次数和随机种子（默认 250 个工作日、5 次重复、种子 0）对整个中心作仿真，报告在
承诺办结时限或法定办结时限内办结的办件比例低于 ``target``（默认 95%）的每个事项：单独的事项文件往往没有申报办件量
（办件量属于中心），``capacity/on-time-share`` 无法判断，而且它的办件要排队等候与其他事项共享的人员。

比例取自 ``simulate`` 对每个事项的结果（相同种子得到相同的数字）。与单个流程一样，当该比例在各次重复之间的 95% 置信
区间的上端仍低于目标时才报告：仿真有把握地表明目标无法达到（只有一次重复时按均值判断）。问题报告在中心文件中该事项的
条目处，并指出它最忙的人员组，即其办件最可能排队等候的窗口或部门。

整个中心的仿真比单个流程花费更多：昆明的 144 个事项、每个工作日约 45 件，约需 3 秒。与其他办理能力规则一样，本规则
仅在使用 ``capacity`` 预设（或 ``groups: {capacity: default}``）时启用。

不通过（一名窗口人员办理两个事项，每个事项每天 30 件、每件 10 分钟：每天 600 分钟的工作，而一天只有 420 分钟；
第二个事项承诺 1 个工作日）：

    windows: {front: {name: 综合窗口, staff: 1}}
    items:
      - {file: a.yaml, per_workday: 30}
      - {file: b.yaml, per_workday: 30}

通过：同样的中心，窗口改为 ``staff: 3``。
"""

ID = "capacity/centre-on-time-share"
LEVEL = "warning"
SCOPE = "centre"



@dataclass(frozen=True)
class Options:
    target: float = 0.95  # the share of each item's cases that must finish within each limit
    limits: tuple[str, ...] = LIMITS  # the limits judged: promised, statutory
    days: float = DAYS  # working days simulated in each replication
    replications: int = REPLICATIONS
    seed: int = SEED


def check(centre: Any, options: Options) -> Iterator[Finding]:
    from ...centre.simulate import simulate_centre
    from ...sim.arrivals import ArrivalsError
    from ...sim.engine import SimulationError

    try:
        result = simulate_centre(centre, days=float(options.days), replications=max(1, int(options.replications)),
                                 seed=int(options.seed), overload=True, with_backlog=False)
    except (SimulationError, ArrivalsError):
        return  # `approvalnet simulate` says why the centre cannot be simulated
    busy = {pool.pool: pool for pool in result.pools}
    for entry, item in zip(centre.items, result.items, strict=True):
        for __, estimate, which in missed(item, entry.process, options):
            message = _("item '{code}' ({name}): with the centre's arrivals ({rate} a working day) and shared "
                        "staff, {share} of its simulated cases finish within {which}, below the target of "
                        "{target}").format(code=item.code, name=item.name, rate=f"{item.per_workday:g}",
                                           share=share_text(estimate), which=which, target=percent(options.target))
            pools = [busy[p] for p in dict.fromkeys(entry.lane_pool.values()) if p in busy and busy[p].staff]
            if pools:
                pool = max(pools, key=lambda p: p.utilization.mean)
                message = _("{message}; its busiest pool is '{pool}' ({name}, {staff} staff, {utilization} "
                            "busy)").format(message=message, pool=pool.pool, name=pool.name, staff=pool.staff,
                                            utilization=percent(pool.utilization.mean))
            yield Finding(entry.spec.loc_of(), message)
