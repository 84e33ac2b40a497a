"""A step from which no path ends the case.

Every case must be able to finish with an outcome (准予/不予许可, 不予受理, 撤回, 终止): a step from
which every way leads on to other steps and never to an ``end`` traps the case in a loop for ever —
typically a supplement or rework loop (``next`` back to an earlier step) whose exit was forgotten.
This is bpmnlint's end-event-required seen from every step, and in the Petri net the first
condition of soundness, the option to complete (van der Aalst 1997): here it is found on the flow
of the file alone, before any net is built, so the finding names the loop.

The rule reports each trap once, at its first step in the file: the steps that lead only to each
other. Steps before it that can only lead into the trap are named in the same finding. A trap that
no case reaches is reported too (structure/unreachable-step reports that it is unreachable).

Fails:

    steps:
      - {id: check, name: 材料审查, lane: window, outcomes: {complete: decide, incomplete: notice}}
      - {id: notice, name: 一次性告知补正, lane: window}
      - {id: supplement, name: 申请人补正, lane: applicant, next: notice}   # never returns to check
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: ``supplement`` with ``next: check``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _, ngettext
from ..context import Context, Finding
from ._common import in_file_order, show, show_all

DOC_ZH = """从某个环节出发，没有任何路径能结束办件。

每个办件都必须能以某种结果办结（准予/不予许可、不予受理、撤回、终止）：如果从某个环节出发，每条路都只通向其他环节，
永远到不了 ``end``，办件就会被困在循环中——典型的是忘了出口的补正或返工循环（``next`` 回到前面的环节）。这相当于从每
个环节看 bpmnlint 的 end-event-required，也是 Petri 网合理性的第一个条件：可以办结（van der Aalst 1997）。本规则仅根
据文件中的流程、在构建网之前查出问题，因此能指出是哪一个循环。

每个陷阱（只相互通向的一组环节）只在其在文件中的第一个环节报告一次。在它之前、只能进入该陷阱的环节在同一条问题中列出。
没有办件能到达的陷阱也会报告（structure/unreachable-step 另行报告其无法到达）。

不通过：

    steps:
      - {id: check, name: 材料审查, lane: window, outcomes: {complete: decide, incomplete: notice}}
      - {id: notice, name: 一次性告知补正, lane: window}
      - {id: supplement, name: 申请人补正, lane: applicant, next: notice}   # never returns to check
      - {id: decide, name: 决定, lane: office, end: approved}

通过：``supplement`` 加上 ``next: check``。
"""

ID = "structure/no-path-to-end"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    stuck = [s.id for s in ctx.process.steps if s.id not in ctx.can_end]
    if not stuck:
        return
    reach = {s: ctx.reachable(s) for s in stuck}  # every step reachable from a stuck step is stuck
    traps: list[list[str]] = []
    placed: set[str] = set()
    for s in stuck:
        if s in placed or not all(s in reach[t] for t in reach[s]):
            continue  # not in a bottom loop: it only leads into one
        trap = in_file_order(ctx, reach[s])
        placed.update(trap)
        traps.append(trap)
    for trap in traps:
        head = ctx.steps[trap[0]]
        feeders = [s for s in stuck if s not in placed and reach[s] & set(trap)]
        # whole sentences for each case (one step or a loop of several, with or without steps leading in)
        values = {"step": show(head), "trap": show_all(ctx, trap), "feeders": show_all(ctx, feeders)}
        if len(trap) == 1 and not feeders:
            message = _("no path from step {step} ends the case: it only leads back to itself, and no 'end' or "
                        "outcome leaves it")
        elif len(trap) == 1:
            message = ngettext(
                "no path from step {step} ends the case: it only leads back to itself, and no 'end' or outcome "
                "leaves it; step {feeders} cannot end the case either, because every way from there leads into "
                "such a loop",
                "no path from step {step} ends the case: it only leads back to itself, and no 'end' or outcome "
                "leaves it; steps {feeders} cannot end the case either, because every way from there leads into "
                "such a loop", len(feeders))
        elif not feeders:
            message = _("no path from step {step} ends the case: steps {trap} only lead to each other, and no 'end' "
                        "or outcome leaves them")
        else:
            message = ngettext(
                "no path from step {step} ends the case: steps {trap} only lead to each other, and no 'end' or "
                "outcome leaves them; step {feeders} cannot end the case either, because every way from there "
                "leads into such a loop",
                "no path from step {step} ends the case: steps {trap} only lead to each other, and no 'end' or "
                "outcome leaves them; steps {feeders} cannot end the case either, because every way from there "
                "leads into such a loop", len(feeders))
        yield ctx.finding(head, message.format(**values))
