"""The process's Petri net is a workflow net: one start, one end, every step between them.

Soundness is defined for workflow nets (WF-nets, van der Aalst 1997, Def. 5): one source place where
every case begins, one sink place where every case ends, and every place and transition on some
path from the source to the sink. In the terms of a service centre: one door in, one door out, and
no step that stands outside the way from application to outcome — no step that no case can get to
(a second start, a branch whose link was forgotten) and no step from which no case can get out (a
loop without exit). Woflan and WoPeD check this first and analyse nothing else until it holds,
and so does approvalnet: while this rule reports, the behavioural rules (option-to-complete,
proper-completion, no-dead-steps, bounded) stay silent. The
initial and final markings must also be one token in the source and one in the sink ("wrongly
marked places" in WoPeD); the net built from a file always has them, so a finding of that kind
points to a fault in approvalnet, not in the file.

The structure rules say the same on the flow of the file (structure/unreachable-step,
structure/implicit-start, structure/no-path-to-end); this rule is the net-level check, and the one
that explains why the soundness verdict is missing.

Fails:

    steps:
      - {id: accept, name: 受理, lane: window, next: decide}
      - {id: review, name: 审查, lane: office}        # no path from the start leads here
      - {id: decide, name: 决定, lane: office, end: approved}

Passes: ``accept`` without ``next: decide``, so that ``review`` follows it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

ID = "soundness/wf-net"
LEVEL = "error"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "not-wf-net", "bad-marking")
