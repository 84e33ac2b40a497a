"""How many times the applicant must come: the on-site visits (到办事现场次数) of an approved case.

Shared by ``listing/visits-declared`` (the declared count is the modelled one),
``reform/max-visits`` (最多跑一次) and ``approvalnet compare`` (减跑动). The count follows the legal
definition of 最多跑一次
(《浙江省保障"最多跑一次"改革规定》第二条: "申请材料齐全、符合法定形式的，从提出申请到收到办理结果全程只需
一次上门或者零上门"): the case the applicant takes **when the materials are complete**, from the first
step to an ``approved`` end.

A case is played as a token game on the step graph, with the semantics of the Petri net
(``net/build.py``): a step fires when its input holds a token (a ``join: all`` step: when every
incoming branch has delivered one); ``next`` moves the token on, a parallel ``next`` starts every
branch, an exclusive choice sends it down one outcome, an ``end`` removes it. Each case considered
is loop-free (no step fires twice: no second round of the supplement or rectification loop) and
never passes a ``supplement-notice`` step (the materials are complete). It succeeds when no token is
left and an ``approved`` end was reached. Its visits are its steps with ``applicant_present: true``;
with parallel branches, those of every branch count, as the applicant must attend each.

No two steps compete for a token (each step has its own input places, and a choice is made inside
the step that owns it), so the order in which concurrent steps fire does not change a case: the
search fires the first enabled step in file order and branches only on choices. A step can only
fire a second time by way of a loop or a merge (a step several edges lead to), so only those
steps are remembered as fired; cases that differ only in choices already made then meet again, and
parallel branches with choices are explored in linear rather than exponential time. A case that
puts two tokens into one place (a net that is not safe) is not counted. The search is capped
(``STATE_LIMIT``); beyond it, or when no such case exists, the answer is None and the rules that
use it stay silent (the soundness rules speak about processes that cannot end).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from ..i18n import _
from .context import Context

STATE_LIMIT = 200_000

Place = tuple[str, str]  # (step id, source step id for a join input, else "")
State = tuple[tuple[tuple[Place, int], ...], frozenset[str], frozenset[str]]  # marking, fired, ends


@dataclass(frozen=True)
class Visits:
    """The approved, complete-materials case with the most visits."""

    count: int
    steps: tuple[str, ...]  # the applicant-present steps of that case, in firing order
    path: tuple[str, ...]  # every step of that case, in firing order
    on_some_case: frozenset[str]  # the steps of every approved, complete-materials, loop-free case


@dataclass(frozen=True)
class _Best:
    count: int
    steps: tuple[str, ...]
    path: tuple[str, ...]
    union: frozenset[str]


class _TooLarge(Exception):
    pass


_CACHE: WeakKeyDictionary[Context, Visits | None] = WeakKeyDictionary()


def approved_visits(ctx: Context) -> Visits | None:
    """The most on-site visits of an approved case with complete materials, or None when there is no
    such case (or too many to explore)."""
    if ctx not in _CACHE:
        _CACHE[ctx] = _compute(ctx)
    return _CACHE[ctx]


def _compute(ctx: Context) -> Visits | None:
    process = ctx.process
    first = process.steps[0]
    order = [s.id for s in process.steps]
    join_inputs: dict[str, tuple[str, ...]] = {}
    for step in process.steps:
        if step.join == "all":
            sources = [e.source for e in ctx.incoming[step.id]]
            if step.id == first.id:
                sources.insert(0, "start")
            join_inputs[step.id] = tuple(dict.fromkeys(sources))

    def place(target: str, source: str) -> Place:
        return (target, source) if target in join_inputs else (target, "")

    def enabled(step_id: str, marking: Counter[Place]) -> bool:
        if step_id in join_inputs:
            return all(marking[(step_id, s)] > 0 for s in join_inputs[step_id])
        return marking[(step_id, "")] > 0

    # The steps that could fire twice in one case: those on a cycle and those several edges lead to.
    tracked = {s.id for s in process.steps
               if len(ctx.incoming[s.id]) + (s.id == first.id) > 1
               or any(s.id in ctx.reachable(t) for t in ctx.successors(s.id))}
    memo: dict[State, _Best | None] = {}

    def best(state: State) -> _Best | None:
        if state in memo:
            return memo[state]
        if len(memo) >= STATE_LIMIT:
            raise _TooLarge
        memo[state] = None  # guards against re-entry (a case never returns to a state it has left)
        marking = Counter(dict(state[0]))
        fired, ends = state[1], state[2]
        if any(n > 1 for n in marking.values()):
            return None  # two tokens in one place: the net is not safe, and the count is not defined
        if not marking:
            result = _Best(0, (), (), frozenset()) if "approved" in ends else None
            memo[state] = result
            return result
        step_id = next((s for s in order if s not in fired and enabled(s, marking)), None)
        if step_id is None or ctx.steps[step_id].kind == "supplement-notice":
            return None  # stuck: a loop back to a fired step, a join that never fills, or a supplement
        after = Counter(marking)
        for s in join_inputs.get(step_id, ("",)):
            after[(step_id, s)] -= 1
        after += Counter()  # drop zero counts
        edges = ctx.outgoing[step_id]
        choices = [e for e in edges if e.kind == "choice"]
        alternatives = [[e] for e in choices] if choices else [edges]
        step = ctx.steps[step_id]
        found: _Best | None = None
        union: frozenset[str] = frozenset()
        for taken in alternatives:
            marking2 = Counter(after)
            ends2 = set(ends)
            for edge in taken:
                if edge.end is not None:
                    ends2.add(edge.end)
                elif edge.target is not None:
                    marking2[place(edge.target, step_id)] += 1
            fired2 = fired | {step_id} if step_id in tracked else fired
            child = best((tuple(sorted(marking2.items())), fired2, frozenset(ends2)))
            if child is None:
                continue
            union |= child.union
            count = child.count + (1 if step.applicant_present else 0)
            if found is None or count > found.count:
                visits = ((step_id,) if step.applicant_present else ()) + child.steps
                found = _Best(count, visits, (step_id, *child.path), frozenset())
        if found is not None:
            found = _Best(found.count, found.steps, found.path, union | {step_id})
        memo[state] = found
        return found

    start = (tuple(sorted({place(first.id, "start"): 1}.items())), frozenset(), frozenset())
    # One call per step of the case, and no step fires twice: the depth is at most the step count.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 2 * len(order) + 200))
    try:
        result = best(start)
    except (_TooLarge, RecursionError):  # a state space, or a case, too large to follow
        return None
    finally:
        sys.setrecursionlimit(limit)
    if result is None:
        return None
    return Visits(result.count, result.steps, result.path, result.union)


def describe(ctx: Context, step_ids: tuple[str, ...] | list[str]) -> str:
    """``'receive' (收件), 'collect' (窗口领证)``, or ``none`` for no steps."""
    return ", ".join(f"'{s}' ({ctx.steps[s].name})" for s in step_ids) or _("none")
