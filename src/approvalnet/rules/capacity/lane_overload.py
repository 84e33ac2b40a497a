"""No lane is asked for more work than its declared staff can do.

For a file that declares its arrivals (``simulation: {arrivals: ...}``) and the staff of its lanes,
the work the arrivals bring to each lane (the steps' mean working time, times how often a case
passes them, times the arrivals) is set against what the lane's staff can do in office hours: the
offered load, as ``approvalnet simulate`` reports it. At 1 or more the lane cannot keep up and its
queue grows without end, however the cases are ordered; the rule says by how much and how many
staff would bring it down to ``max_utilization``. Below 1, a lane whose simulated utilization is
above ``max_utilization`` (default 90 %) keeps up only on average: every busy week leaves a queue
that the next ones barely clear, and the cases in it wait (queueing theory: the wait grows as
1/(1 − utilization)). ``max_utilization: 1`` reports only the lanes that cannot keep up.

The figures are ``simulate``'s (the same for the same days, replications and seed: by default 250
working days, 5 replications, seed 0, the run ``capacity/on-time-share`` uses too, made once for
both). The finding stands at the lane's ``staff``. A file without a ``simulation:`` section is not
checked (its volume is not declared), nor a file whose lanes declare no staff, nor a lane without
staff (the applicant, an outside body).

Fails (the office's one reviewer is asked for 1.2 × 7 h = 8.4 office hours a day of 7):

    lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 7 h, end: approved}
    simulation: {arrivals: {per_workday: 1.2}}

Passes: the same with ``staff: 2`` in the office (60 % busy).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ..context import Context, Finding
from ._common import DAYS, REPLICATIONS, SEED, percent, rate_text, share_text, simulation

DOC_ZH = """没有哪个泳道被要求承担超出其申报人员能力的工作量。

对于申报了到件量（``simulation: {arrivals: ...}``）和各泳道人员的文件，把到件给每个泳道带来的工作量（各环节的平均
办理时间，乘以办件经过该环节的次数，再乘以到件量）与该泳道人员在办公时间内能完成的工作量相比：即 ``approvalnet
simulate`` 报告的负荷率。负荷率达到 1 或以上时，该泳道跟不上，无论办件如何排序，队列都会无限增长；本规则说明超出多少，
以及需要多少人员才能降到 ``max_utilization``。负荷率低于 1 但仿真利用率高于 ``max_utilization``（默认 90%）的泳道，
只是平均而言跟得上：每个繁忙的星期都会留下队列，之后几周勉强才能消化，其中的办件都要等候（排队论：等候时间按
1/(1 − 利用率) 增长）。``max_utilization: 1`` 只报告跟不上的泳道。

这些数字取自 ``simulate``（相同的天数、重复次数和种子得到相同的数字：默认 250 个工作日、5 次重复、种子 0，与
``capacity/on-time-share`` 使用的仿真相同，两条规则只运行一次）。问题报告在该泳道的 ``staff`` 处。没有
``simulation:`` 部分的文件不检查（它没有申报办件量），各泳道均未申报人员的文件、没有人员的泳道（申请人、外部机构）
也不检查。

不通过（审批科的一名审查人员每天被要求工作 1.2 × 7 小时 = 8.4 个办公小时，而一天只有 7 个）：

    lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 7 h, end: approved}
    simulation: {arrivals: {per_workday: 1.2}}

通过：审批科改为 ``staff: 2``（60% 的时间忙碌）。
"""

ID = "capacity/lane-overload"
LEVEL = "warning"


@dataclass(frozen=True)
class Options:
    max_utilization: float = 0.9  # the busy share of a lane's staff above which it is reported
    days: float = DAYS  # working days simulated in each replication
    replications: int = REPLICATIONS
    seed: int = SEED


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    result = simulation(ctx, options)
    if result is None:
        return
    ceiling = min(max(options.max_utilization, 0.01), 1.0)
    for pool in result.pools:
        lane = ctx.process.lanes.get(pool.pool)
        if lane is None or not pool.staff:
            continue
        # the staff that would bring the offered load down to the ceiling
        needed = max(pool.staff + 1, math.ceil(pool.offered_load * pool.staff / ceiling - 1e-9))
        if pool.offered_load >= 1.0:
            message = _("lane '{lane}' ({name}) cannot keep up: at the declared arrivals ({rate}) its work is "
                        "{load} of what its {staff} staff can do in office hours, so its queue grows without end; "
                        "it needs at least {needed} staff to be at most {ceiling} busy").format(
                lane=pool.pool, name=lane.name, rate=rate_text(result), load=percent(pool.offered_load),
                staff=pool.staff, needed=needed, ceiling=percent(ceiling))
        elif pool.utilization.mean > ceiling + 1e-12:
            message = _("lane '{lane}' ({name}) is {utilization} busy at the declared arrivals ({rate}), above "
                        "{ceiling}: the cases queue for its {staff} staff; {needed} staff would bring it to at "
                        "most {ceiling}").format(
                lane=pool.pool, name=lane.name, utilization=share_text(pool.utilization), rate=rate_text(result),
                ceiling=percent(ceiling), staff=pool.staff, needed=needed)
        else:
            continue
        yield ctx.finding(lane, message, "staff")
