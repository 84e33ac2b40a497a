"""Every step can happen in some case.

The third condition of workflow-net soundness (van der Aalst 1997): no dead transitions — for every
transition there is a run from the start in which it fires (Woflan's "dead tasks", WoPeD's dead
transitions). A step that no case can ever perform, although the flow leads to it, is a procedure on
paper only: typically a joint decision with ``join: all`` that waits for branches of an exclusive
choice (``outcomes``), of which only one ever runs, and everything after that decision. The finding
is given once at each dead step, with the reason where the flow shows it. Steps that the flow does
not lead to at all are reported by structure/unreachable-step and soundness/wf-net instead (their
net is not a workflow net, and is not analysed further). Silent transitions of the net (the routing
of an outcome, the closing of an ``end``) are reported only when no dead step explains them.

The search must have covered every reachable state: when soundness/decided reports the state limit,
dead steps are not looked for.

Fails:

    steps:
      - {id: review, name: 审查, lane: office, outcomes: {fast: quick, slow: full}}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}   # needs both: never happens

Passes: the same without ``join: all`` (only one of the two checks ever runs, and either leads on).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import in_file_order, props, show, step_of

DOC_ZH = """每个环节都能在某个办件中发生。

工作流网合理性的第三个条件（van der Aalst 1997）：没有死变迁——每个变迁都有一次从开始出发的运行能使其发生（Woflan 的
"dead tasks"，WoPeD 的死变迁）。流程通向它、却没有任何办件能办理的环节，只是纸面上的程序：典型的是一个带 ``join:
all`` 的联合决定，等待的却是排他选择（``outcomes``）的各分支，而其中只会运行一个；该决定之后的所有环节也是如此。每个
死环节只报告一次，并在流程能说明原因时给出原因。流程根本不通向的环节由 structure/unreachable-step 和
soundness/wf-net 报告（其网不是工作流网，不再进一步分析）。网中的静默变迁（结果的路由、``end`` 的收尾）只在没有死环
节能解释时才报告。

搜索必须覆盖全部可达状态：soundness/decided 报告达到状态上限时，不查找死环节。

不通过：

    steps:
      - {id: review, name: 审查, lane: office, outcomes: {fast: quick, slow: full}}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}   # needs both: never happens

通过：同样的流程去掉 ``join: all``（两项审查只会运行其一，且任一都能继续）。
"""

ID = "soundness/no-dead-steps"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    dead_names = {t for d in ctx.soundness.report.of_kind("dead-transition") for t in d.transitions}
    if not dead_names:
        return
    net = ctx.petri_net[0]
    dead = [t for t in net.transitions if t.name in dead_names]
    dead_steps = {step.id for t in dead if (step := step_of(ctx, t)) is not None}
    first = ctx.process.steps[0].id

    for step_id in in_file_order(ctx, dead_steps):
        step = ctx.steps[step_id]
        sources = {e.source for e in ctx.incoming[step_id]}
        live_sources = sources - dead_steps
        if sources and not live_sources and step_id != first:
            message = _("step {step} can never happen: it comes only after {sources}, which can never happen either")
        elif step.join == "all":
            message = _("step {step} can never happen: its 'join: all' waits for a branch from each of {sources}, "
                        "and in no case do all of them arrive (an exclusive choice, or a loop back to the join, lets "
                        "only some of them come)")
        else:
            message = _("step {step} can never happen: no run of the process reaches it")
        yield ctx.finding(step, message.format(step=show(step), sources=_names(ctx, sources)))

    # Silent transitions (routing, ends) that no dead step accounts for.
    producers = {p.name: {a.source for a in p.in_arcs} for p in net.places}
    for t in sorted(dead, key=lambda t: t.name):
        if step_of(ctx, t) is not None:
            continue
        before = {u for a in t.in_arcs for u in producers[a.source.name]}
        if any(step_of(ctx, u) is not None and u.name in dead_names for u in before):
            continue
        role = props(t).get("role")
        if role == "end":
            message = _("the end '{outcome}' of the process's net can never be reached").format(
                outcome=props(t).get("outcome"))
        else:
            message = _("the silent transition '{name}' of the process's net can never be reached").format(
                name=t.name)
        yield Finding(ctx.process.loc_of("steps"), message)


def _names(ctx: Context, steps: set[str]) -> str:
    ordered = in_file_order(ctx, steps)
    return ", ".join(show(ctx.steps[s]) for s in ordered)
