"""Every case can still finish, whatever happened before (no deadlock, no livelock).

The first condition of workflow-net soundness (van der Aalst, 1997): from every marking reachable
from the start, the end can be reached. A deadlock is a state where nothing can happen and the
case has not ended, typically an exclusive choice (``outcomes``) feeding a parallel join
(``join: all``) that waits for a branch that was never started. A livelock is a loop the case can
never leave. The finding gives a shortest sequence of steps into the bad state.

Fails:

    steps:
      - id: review
        name: 审查
        lane: office
        outcomes: {fast: quick, slow: full}
      - {id: quick, name: 简易核查, lane: office, next: decide}
      - {id: full, name: 全面核查, lane: office, next: decide}
      - {id: decide, name: 决定, lane: office, join: all, end: approved}   # waits for both

Passes: the same without ``join: all`` (the two branches merge; only one ever runs).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding

ID = "soundness/option-to-complete"
LEVEL = "error"
KINDS = ("deadlock", "livelock")


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for problem in ctx.soundness.problems:
        if problem.code.removeprefix("soundness/") in KINDS:
            yield Finding(problem.loc, problem.message)
