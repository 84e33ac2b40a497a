"""Parallel branches meet at a step without ``join: all``, so that step runs once per branch.

After ``next: [a, b]`` both branches run at the same time. The step where they come together must
wait for all of them (``join: all``); without it each arriving branch starts the step on its own:
a joint decision is taken twice, a certificate issued twice, and the case has tokens left over when
it ends. bpmnlint calls this a fake join (an activity with several incoming flows used as a join);
in the Petri net it is a TP-handle — a parallel split closed by an exclusive merge — and the net is
not sound (improper completion, van der Aalst 1997).

The rule follows each branch from its first step until it reaches a step another branch of the
same split also reaches, and reports a step that two or more branches enter there directly. A
branch that falls into another branch's first step is reported by structure/implicit-split instead.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: decide}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, end: approved}

Passes: the same with ``join: all`` on ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import in_file_order, parallel_splits, show

ID = "structure/missing-join"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    reported: set[str] = set()
    for split in parallel_splits(ctx):
        for meet in in_file_order(ctx, split.meeting):
            step = ctx.steps[meet]
            if step.join == "all" or meet in reported:
                continue
            sources = {e.source for e in ctx.incoming[meet]}
            entering = [b for b in split.branches if sources & split.private(b)]
            if len(entering) < 2:
                continue
            reported.add(meet)
            names = _("{some} and {last}").format(some=", ".join(show(ctx.steps[b]) for b in entering[:-1]),
                                                  last=show(ctx.steps[entering[-1]]))
            yield ctx.finding(step, _("the branches {names} of the parallel split at {split} meet at step {step}, "
                                      "which has no 'join: all': it runs once for each branch that arrives (up to "
                                      "{n} times), and so does everything after it").format(
                                          names=names, split=show(split.step), step=show(step), n=len(entering)))
