"""When a case ends, nothing of it is still under way.

The second condition of workflow-net soundness (van der Aalst 1997; "improper termination" in
Woflan): whenever the sink place is marked, it holds the only token left. In a service centre's
words: when the case is closed — the licence delivered, the refusal served — no department is still
reviewing it and no parallel branch is still waiting somewhere. The usual causes are a parallel
split (``next: [a, b]``) one branch of which ends the case (``end:``) while the other still runs,
two branches that meet at a step without ``join: all`` (the step then runs twice and ends the case
twice), and a branch that falls through into another by list order. The finding gives a shortest
sequence of steps into such a state and the steps that still hold work.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, end: approved}      # ends while planning runs
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: ``fire`` with ``next: decide`` and ``join: all`` on ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

ID = "soundness/proper-completion"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "improper-completion")
