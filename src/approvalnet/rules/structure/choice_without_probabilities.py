"""An exclusive choice gives no probabilities, so the simulation assumes equal shares.

``outcomes`` may give each outcome a probability ``p`` (all or none). Without them the simulation
takes every outcome equally often: a completeness check with outcomes ``complete``,
``incomplete`` and ``outside-remit`` would send a third of all applicants home to supplement their
materials and a third away as not accepted, and waiting times, staff load and the share of cases
decided within the promised limit would be computed from that. The centre's own statistics (受理率,
补正率, 办结率) give the shares; this rule only reminds that they are missing. It does not affect the
checks of the law.

Fails:

    outcomes: {complete: accept, incomplete: notice}

Passes:

    outcomes:
      complete: {next: accept, p: 0.9}
      incomplete: {next: notice, p: 0.1}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..context import Context, Finding

ID = "structure/choice-without-probabilities"
LEVEL = "info"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    for step in ctx.process.steps:
        outcomes = step.outcomes or {}
        if not outcomes or any(o.p is not None for o in outcomes.values()):
            continue
        n = len(outcomes)
        yield ctx.finding(step, _("the {n} outcomes of step '{step}' ({name}) give no probability 'p': the "
                                  "simulation takes each in 1/{n} of the "
                                  "cases").format(n=n, step=step.id, name=step.name),
                          "outcomes")
