"""A step other than the first that nothing leads to but which leads on: a second start.

Every case starts at the first step of the list. A later step that no ``next``, outcome or list
order leads to, but which itself goes on to other steps, reads like the start of a second procedure:
usually a branch whose link was forgotten (an outcome that should lead to it, or a ``next:`` on the
step before it that jumps over it), sometimes a leftover of an earlier version. bpmnlint reports
such elements as no-implicit-start; in the Petri net the step's input place is a second source
place, so the net is not a workflow net (van der Aalst 1997).

How this rule and structure/unreachable-step divide the work: unreachable-step reports every step
that no case can reach, the part the forgotten link cuts off; this rule reports only where such a
part begins — a step with no way in at all that leads on to another step — so that the finding
says which link is missing. A step with no way in that only ends the case is not a start of
anything and is left to unreachable-step; steps that are unreachable only because they lie in a loop
nothing enters have a way in and are left to it too.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: inspect, name: 现场核查, lane: office}          # nothing leads here
      - {id: decide, name: 决定, lane: office, end: approved}

Passes:

    steps:
      - {id: accept, name: 受理, lane: window, outcomes: {simple: decide, on-site: inspect}}
      - {id: inspect, name: 现场核查, lane: office}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import show, show_all

ID = "structure/implicit-start"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    first = ctx.process.steps[0]
    for step in ctx.process.steps[1:]:
        if any(e.source != step.id for e in ctx.incoming[step.id]):
            continue  # a way in (a step that only repeats itself has none)
        onward = [t for t in ctx.successors(step.id) if t != step.id]
        if not onward:
            continue
        yield ctx.finding(step, _("nothing leads to step {step}, yet it leads on to {onward}: it would be a "
                                  "second start, but every case starts at the first step {first}").format(
                                      step=show(step), onward=show_all(ctx, onward), first=show(first)))
