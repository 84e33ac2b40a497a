"""The declared staff keep the promised and the statutory limit for nearly every case.

For a file that declares its arrivals (``simulation: {arrivals: ...}``) and the staff of its lanes,
the rule simulates it briefly, as ``approvalnet simulate`` does with the same days, replications
and seed (by default 250 working days, 5 replications, seed 0), and reports when the share of cases
finished within the promised limit (承诺办结时限) or within the statutory limit (法定办结时限) stays
below ``target`` (default 95 %). A limit that the model's worst case cannot keep at all is
``listing/model-within-promise``'s and ``law/decision-limit``'s; this rule looks at what the
declared staff make of the declared volume: cases that queue for busy staff miss limits that the
steps alone would keep.

The shares are ``simulate``'s own (``on_time_promised``, ``on_time_statutory``: the same numbers
for the same seed, counted on the same legal clock). The rule reports when the upper end of the
share's 95 % confidence interval over the replications is below the target, that is when the
simulation shows with confidence that the staff cannot keep it: a file with a few cases a year,
whose share varies much from run to run, is not failed on chance (with one replication there is
no interval and the mean is judged). The finding stands where the late cases' time goes, from
the first replication's split of it (``simulate``'s ``lateness``): at the ``staff`` of the lane
whose queue they wait in when waiting is most of it, at the step when its own working time is
(more staff would not shorten that), at the limit when the late time cannot be placed (an
on-the-spot promise, kept or missed within the day).

A file without a ``simulation:`` section is not checked: its volume is not declared (``simulate``
would choose one), nor is a file whose lanes declare no staff, or that the simulator cannot run
(the structure and soundness rules say why). ``limits`` chooses the limits judged.

The capacity rules are off in the ``recommended`` preset and on in ``capacity`` (``--preset
capacity``, or ``groups: {capacity: default}``): a simulation costs about 0.05 s for a file of a
few cases a day, and more in proportion to its arrivals × ``days`` × ``replications`` (about 1 s at
10 cases a day), so with them a check of the 148 shipped files took 8.1 s instead of 2.4 s on 2
cores, Kunming's centre simulated as a whole included (the rules' own time in one process: 7.9 s
instead of 0.8, ``benchmarks/capacity_check.py``), and an editor checking as one types would wait
for the simulation. ``days`` and ``replications``
trade precision for time.

Fails (one reviewer, one case a working day of 6 office hours' work each, of 7; promised 5 working
days: the reviewer is 86 % busy and the cases queue):

    time_limit: {statutory: 20, promised: 5 workdays}
    lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 5.5 h}
      - {id: decide, name: 决定, lane: office, kind: decide, duration: 30 min, end: approved}
    simulation: {arrivals: {per_workday: 1}}

Passes: the same with ``staff: 2`` in the office (43 % busy: cases rarely wait), or without the
``simulation:`` section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...i18n import _
from ..context import Context, Finding
from ._common import DAYS, LIMITS, REPLICATIONS, SEED, missed, percent, rate_text, share_text, simulation

DOC_ZH = """申报的人员能让几乎所有办件都在承诺办结时限和法定办结时限内办结。

对于申报了到件量（``simulation: {arrivals: ...}``）和各泳道人员的文件，本规则像 ``approvalnet simulate`` 一样
以相同的天数、重复次数和随机种子（默认 250 个工作日、5 次重复、种子 0）对其作一次简短仿真，当在承诺办结时限或法定
办结时限内办结的办件比例低于 ``target``（默认 95%）时报告。模型的最坏情况根本无法遵守的时限由
``listing/model-within-promise`` 和 ``law/decision-limit`` 检查；本规则看的是申报的人员能否应对申报的办件量：在忙碌
的人员前排队的办件，会超出仅凭各环节本身能够遵守的时限。

比例取自 ``simulate`` 本身（``on_time_promised``、``on_time_statutory``：相同种子得到相同的数字，并按相同的法定计时
方式计算）。当该比例在各次重复之间的 95% 置信区间的上端仍低于目标时，本规则才报告，即仿真有把握地表明人员无法达到
目标：一年只有少量办件、各次仿真结果相差很大的文件，不会因偶然而不通过（只有一次重复时没有置信区间，按均值判断）。
问题报告在超时办件的时间所耗之处，依据第一次重复对这段时间的拆分（``simulate`` 的 ``lateness``）：等待占大部分时，报告
在办件排队等候的泳道的 ``staff`` 处；环节本身的办理时间占大部分时，报告在该环节处（增加人员并不能缩短它）；无法定位
超时时间时（当场办结的承诺，当天办结与否），报告在时限处。

没有 ``simulation:`` 部分的文件不检查：它没有申报办件量（``simulate`` 会自行选定一个）；各泳道均未申报人员的文件、
仿真器无法运行的文件（原因由结构和健全性规则说明）也不检查。``limits`` 选择要判断的时限。

办理能力规则在 ``recommended`` 预设中关闭，在 ``capacity`` 预设中启用（``--preset capacity``，或
``groups: {capacity: default}``）：每天几件的文件，一次仿真约需 0.05 秒，并随到达量 × ``days`` × ``replications``
成比例增加（每天 10 件时约 1 秒），因此启用后检查随附的 148 个文件在 2 个核上用了 8.1 秒而不是 2.4 秒，其中包括对
昆明中心整体的仿真（规则本身在单个进程中的用时：7.9 秒而不是 0.8 秒，见 ``benchmarks/capacity_check.py``），
边输入边检查的编辑器也要等待仿真。
``days`` 和 ``replications`` 在精度和时间之间取舍。

不通过（一名审查人员，每个工作日 1 件，每件需 6 个办公小时（一天 7 个）；承诺 5 个工作日：审查人员 86% 的时间
忙碌，办件排队等候）：

    time_limit: {statutory: 20, promised: 5 workdays}
    lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
    steps:
      - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
      - {id: review, name: 审查, lane: office, kind: review, duration: 5.5 h}
      - {id: decide, name: 决定, lane: office, kind: decide, duration: 30 min, end: approved}
    simulation: {arrivals: {per_workday: 1}}

通过：审批科改为 ``staff: 2``（43% 的时间忙碌：办件很少等候），或者去掉 ``simulation:`` 部分。
"""

ID = "capacity/on-time-share"
LEVEL = "warning"



@dataclass(frozen=True)
class Options:
    target: float = 0.95  # the share of cases that must finish within each limit
    limits: tuple[str, ...] = LIMITS  # the limits judged: promised, statutory
    days: float = DAYS  # working days simulated in each replication
    replications: int = REPLICATIONS
    seed: int = SEED


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    result = simulation(ctx, options)
    if result is None:
        return
    for kind, estimate, which in missed(result, ctx.process, options):
        message = _("with its declared arrivals ({rate}) and staff, {share} of the simulated cases finish within "
                    "{which}, below the target of {target}").format(
            rate=rate_text(result), share=share_text(estimate), which=which, target=percent(options.target))
        yield _placed(ctx, result, kind, message)


def _placed(ctx: Context, result: Any, kind: str, message: str) -> Finding:
    """The finding at the lane or step where the late cases' time goes, with where that is said."""
    times = result.lateness.get(f"late-{kind}") or ()
    steps = ctx.steps
    times = [t for t in times if t.step in steps]
    if not times:
        return ctx.finding(ctx.process.time_limit, message, kind)
    worst = max(times, key=lambda t: t.days)
    step = steps[worst.step]
    lane = ctx.process.lanes.get(step.lane)
    waiting = worst.wait_days > worst.service_days
    if waiting and lane is not None and lane.staff:
        where = _("most of the late cases' time is waiting for the staff of lane '{lane}' ({name}, {staff} staff) "
                  "before step '{step}' ({step_name}): {part} of it").format(
            lane=step.lane, name=lane.name, staff=lane.staff, step=step.id, step_name=step.name,
            part=percent(worst.share))
        return ctx.finding(lane, _("{message}; {where}").format(message=message, where=where), "staff")
    where = _("most of the late cases' time goes to step '{step}' ({name}): {part} of it, {work} its own "
              "working time").format(step=step.id, name=step.name, part=percent(worst.share),
                                     work=percent(worst.service_days / worst.days if worst.days else 0.0))
    return ctx.finding(step, _("{message}; {where}").format(message=message, where=where))
