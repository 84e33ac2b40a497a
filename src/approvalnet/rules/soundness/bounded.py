"""No part of the process can pile up work without limit within one case.

A workflow net is bounded when no place can collect ever more tokens (van der Aalst 1997: a sound
net's short-circuited net is live and bounded; Woflan's "unbounded sequences", WoPeD's unbounded
places). For a service centre, an unbounded place is a step to which one case can send ever more
copies of itself: a loop that passes through a parallel split (``next: [a, b]``) and comes back
before the branches are joined starts a new copy of a branch on every round, so one application
could be reviewed by the same department any number of times at once. The finding gives the
sequence of steps that can be repeated and the step whose input grows.

Fails (each round through ``accept`` leaves one more ``planning`` review behind):

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, next: accept}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: the loop goes back only after a ``join: all`` that waits for both branches.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

ID = "soundness/bounded"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "unbounded")
