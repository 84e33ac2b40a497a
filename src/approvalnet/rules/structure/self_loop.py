"""A step is followed by itself.

A step that leads straight back to itself (``next: review`` on ``review``, or an outcome such as
``again: review``) hides a rework loop inside one box: the diagram shows an arc from the step to
itself, the event log cannot tell a repetition from a long single step, and what actually happens
in between — a notice to the applicant, a supplement, a second inspection — is neither named nor
timed, and cannot be checked against the law (Art. 32: the supplement is notified once and in
full). bpmnlint and Woflan treat such loops as suspicious for the same reason. Model the rework as
its own step that leads back. A step whose only way on is itself traps the case, which
structure/no-path-to-end reports as an error besides.

Fails:

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, again: inspect}}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes:

    steps:
      - {id: inspect, name: 现场核查, lane: office, outcomes: {passed: decide, failed: rectify}}
      - {id: rectify, name: 限期整改, lane: applicant, next: inspect}
      - {id: decide, name: 决定, lane: office, end: approved}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

ID = "structure/self-loop"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for step in ctx.process.steps:
        for edge in ctx.outgoing[step.id]:
            if edge.target != step.id:
                continue
            values = {"step": step.id, "name": step.name}
            if edge.kind == "choice":
                message = _("step '{step}' ({name}) is followed by itself (its outcome '{outcome}'); model the "
                            "rework as a step of its own that leads back").format(outcome=edge.outcome, **values)
                field: tuple = ("outcomes", edge.outcome)
            elif isinstance(step.next, list):
                message = _("step '{step}' ({name}) is followed by itself (its parallel 'next'); model the rework "
                            "as a step of its own that leads back").format(**values)
                field = ("next", step.next.index(step.id))
            else:
                message = _("step '{step}' ({name}) is followed by itself (its 'next'); model the rework as a step "
                            "of its own that leads back").format(**values)
                field = ("next",)
            yield ctx.finding(step, message, *field)
