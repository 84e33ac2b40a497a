"""A step has ``join: all`` but fewer than two ways in, so there is nothing to wait for.

``join: all`` makes a step wait until every branch that enters it has arrived; it is meant for the
step where parallel branches (``next: [a, b]``) come together. On a step entered from only one other
step there is nothing to join: the marker is a leftover of an earlier version of the procedure or
sits on the wrong step (often the step after the real meeting point, which then has none). The
process still works, so this is a warning; compare bpmnlint's superfluous-gateway (a gateway with
one incoming and one outgoing flow).

Fails:

    steps:
      - {id: accept, name: 受理, lane: window}
      - {id: review, name: 审查, lane: office}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}

Passes: ``join: all`` on a step that two parallel branches enter.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding
from ._common import show, show_all

ID = "structure/superfluous-join"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    first = ctx.process.steps[0].id
    for step in ctx.process.steps:
        if step.join != "all":
            continue
        sources = {e.source for e in ctx.incoming[step.id]}
        ways = len(sources) + (step.id == first)
        if ways >= 2:
            continue
        if sources:
            message = _("step {step} waits for all incoming branches ('join: all'), but only {sources} leads to it; "
                        "there is nothing to join")
        elif step.id == first:
            message = _("step {step} waits for all incoming branches ('join: all'), but it is the first step and "
                        "nothing else leads to it; there is nothing to join")
        else:
            message = _("step {step} waits for all incoming branches ('join: all'), but nothing leads to it; there "
                        "is nothing to join")
        yield ctx.finding(step, message.format(step=show(step), sources=show_all(ctx, sources)), "join")
