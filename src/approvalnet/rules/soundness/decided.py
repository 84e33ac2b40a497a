"""The soundness verdict is known: the search was not cut short by the state limit.

Whether a process is sound is decided on its Petri net, first by structure and reductions, then,
if those do not settle it, by searching the states the net can reach. With many parallel branches
that are not joined in blocks the number of states can grow beyond the limit of the search (one
million by default). The search then stops, and what it did not see it cannot vouch for: unknown is
never a pass. If problems were found before the stop, they are real and reported by the other
soundness rules, but there may be more (dead steps and livelocks are not checked). This rule makes
that gap visible instead of letting a silent check read as a clean one (cf. Woflan, which reports
when its coverability analysis could not complete).

Fails: a net whose state space exceeds the limit, for example dozens of parallel branches each
with loops of their own that rejoin in no orderly way.

Passes: every process whose soundness could be decided (block-structured processes always are,
however many branches run in parallel: the reductions decide them without a search).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

ID = "soundness/decided"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "state-limit")
