"""The rules of a centre, run by ``approvalnet check`` on a centre file besides its items' own rules.

- ``centre/department-not-in-centre`` (warning): a department lane of an item maps to no department
  of the centre (no ``department:``/``lanes:`` entry, no department with the lane's id or with the
  name of its organ). The item then keeps the lane's own staff when the centre is simulated, which
  is seldom what a centre plan means: the department is either missing from the centre or the
  mapping is.
- ``centre/one-window`` (warning): the item's acceptance (its ``accept`` step, or its first
  ``receive`` step when it has none) does not run at one of the centre's shared windows. The
  one-window reform (前台综合受理、后台分类审批) means every item is accepted at the comprehensive
  window, not at a department's own counter.
- ``centre/idle-pool`` (info): a window or department that no item uses: staff in the plan without work.

Findings point at the item's ``file:`` line (or the pool's key) of the centre file and can be
suppressed there with the usual comments (``# approvalnet: disable=centre/one-window -- reason``).
"""

from __future__ import annotations

from ..language.source import Problem
from .loader import CentreModel

RULES = {
    "centre/department-not-in-centre": "warning",
    "centre/one-window": "warning",
    "centre/idle-pool": "info",
}


def check_centre(centre: CentreModel) -> list[Problem]:
    findings: list[Problem] = []
    spec = centre.centre
    used: set[str] = set()
    for entry in centre.items:
        where = entry.spec.loc_of("file")
        used.update(pool for pool in entry.lane_pool.values() if pool)
        for lane in entry.unmapped:
            organ = entry.process.lanes[lane].organ or entry.process.authority.name
            findings.append(Problem(where, f"item '{entry.process.code}': department lane '{lane}' ({organ}) maps to "
                                    "no department of the centre; add the department or map the lane "
                                    "('department:' or 'lanes:')", "centre/department-not-in-centre",
                                    RULES["centre/department-not-in-centre"]))
        accept = next((s for s in entry.process.steps if s.kind == "accept"), None) or next(
            (s for s in entry.process.steps if s.kind == "receive"), None)
        if accept is not None and entry.lane_pool.get(accept.lane) not in spec.windows:
            findings.append(Problem(where, f"item '{entry.process.code}' accepts applications in lane "
                                    f"'{accept.lane}' (step '{accept.id}'), not at a shared window of the centre "
                                    "(one-window: 前台综合受理)", "centre/one-window", RULES["centre/one-window"]))
    for kind, pools in (("window", spec.windows), ("department", spec.departments)):
        for pool in pools:
            if pool not in used:
                findings.append(Problem(spec.loc_of(f"{kind}s", pool), f"{kind} '{pool}' ({pools[pool].name}) is used "
                                        "by no item", "centre/idle-pool", RULES["centre/idle-pool"]))
    findings.sort(key=lambda p: (p.loc.line, p.loc.col, p.code))
    return findings
