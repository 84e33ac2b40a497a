"""The process's Petri net is free-choice: every choice is made without waiting for other branches.

A net is (extended) free-choice when any two transitions that share an input place have the same
input places. Then every choice is free: when one alternative can start, all of them can, and
which one is taken does not depend on how far other parallel branches have got. Why it matters:
for free-choice workflow nets soundness is decidable in polynomial time (van der Aalst 1997, via
the rank theorem), and the typical errors take a few recognisable shapes (Favre, Völzer and Müller
2016); Woflan and WoPeD report non-free-choice clusters for that reason. A net that is not
free-choice usually mixes a choice with a join: the alternatives of one decision also need tokens
from elsewhere, so what a case does depends on a race between branches, which no procedure should.

The nets approvalnet builds decide every ``outcomes`` choice in silent routing transitions of their
own, so they are free-choice by construction, and with the default options this rule reports only
if a net does not keep to that. With ``classical: true`` it reads the net as the classical
translation does (van der Aalst 1997: an exclusive choice is a place whose alternatives consume it
directly, with no silent routing transitions) — the form in which Woflan or WoPeD would see the
process if it were drawn by hand. Read that way, an outcome that leads straight into a step with
``join: all`` breaks free choice: that outcome is an input of the join, which also waits for other
branches, while the other outcomes need nothing else. Often this is an error (the join then waits
for a branch the choice did not start, see soundness/well-structured); when the choice is a rework
loop inside one branch that leaves through the join, it is a matter of style.

Fails (with ``classical: true``):

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, outcomes: {done: decide, redo: fire-fix}}
      - {id: fire-fix, name: 消防整改, lane: applicant, next: fire}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}

Passes: every process approvalnet builds, with the default options; with ``classical: true``,
``done: fire-ok`` and a step ``fire-ok`` (消防审查意见) with ``next: decide``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...i18n import _
from ..context import Context, Finding
from ._common import in_file_order, props, show, step_of

DOC_ZH = """流程的 Petri 网是自由选择网：每个选择都不必等待其他分支。

网是（扩展）自由选择的，是指任意两个共享输入库所的变迁都有相同的输入库所。此时每个选择都是自由的：一个备选项能开始时，
所有备选项都能开始，选哪一个不取决于其他并行分支进展到哪里。其意义在于：对自由选择的工作流网，合理性可在多项式时间内
判定（van der Aalst 1997，借助秩定理），典型错误也只有几种可辨认的形态（Favre、Völzer 和 Müller 2016）；Woflan 和
WoPeD 因此会报告非自由选择的簇。不是自由选择的网通常把选择和汇合混在一起：一个决定的备选项还需要别处的托肯，于是办件
怎么走取决于分支之间的竞争，这是任何办理流程都不应有的。

approvalnet 构建的网用各自的静默路由变迁来决定每个 ``outcomes`` 选择，因此按构造就是自由选择的；在默认选项下，本规则
只在网不符合这一点时报告。设置 ``classical: true`` 时，本规则按经典转换来理解网（van der Aalst 1997：排他选择是一个
库所，其备选项直接从中取托肯，没有静默路由变迁）——即手工绘制时 Woflan 或 WoPeD 看到的形式。按这种理解，直接进入带
``join: all`` 环节的结果会破坏自由选择：该结果是汇合的输入，而汇合还要等待其他分支，其他结果却不需等待。这往往是错误
（汇合会等待选择没有启动的分支，见 soundness/well-structured）；如果该选择是一个分支内部经由汇合离开的返工循环，则只
是写法问题。

不通过（设置 ``classical: true`` 时）：

    steps:
      - {id: accept, name: 受理, lane: window, next: [fire, planning]}
      - {id: fire, name: 消防审查, lane: office, outcomes: {done: decide, redo: fire-fix}}
      - {id: fire-fix, name: 消防整改, lane: applicant, next: fire}
      - {id: planning, name: 规划审查, lane: office, next: decide}
      - {id: decide, name: 联合决定, lane: office, join: all, end: approved}

通过：默认选项下 approvalnet 构建的所有流程；设置 ``classical: true`` 时，改为 ``done: fire-ok``，并加一个带 ``next:
decide`` 的环节 ``fire-ok``（消防审查意见）。
"""

ID = "soundness/free-choice"
LEVEL = "warning"


@dataclass(frozen=True)
class Options:
    classical: bool = False  # read outcomes as in the classical translation, without silent routing


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    net = ctx.petri_net[0]
    classical = options.classical if options is not None else False

    def routed(t: Any) -> Any | None:
        """The join-input place a silent outcome transition leads straight into (classical reading)."""
        if not classical or t.label is not None or props(t).get("role") != "outcome" or len(t.in_arcs) != 1:
            return None
        outs = [a.target for a in t.out_arcs]
        return outs[0] if len(outs) == 1 and props(outs[0]).get("role") == "join-input" else None

    def consumers(place: Any) -> list[tuple[Any, Any]]:
        """(transition, the silent route to it or None) for the transitions that take from ``place``."""
        out = []
        for arc in place.out_arcs:
            q = routed(arc.target)
            if q is None:
                out.append((arc.target, None))
            else:
                out.extend((a.target, arc.target) for a in q.out_arcs)
        return out

    def preset(t: Any) -> frozenset[str]:
        places = set()
        for arc in t.in_arcs:
            producers = [a.source for a in arc.source.in_arcs]
            if producers and all(routed(u) is arc.source for u in producers):
                places.update(a.source.name for u in producers for a in u.in_arcs)
            else:
                places.add(arc.source.name)
        return frozenset(places)

    for place in sorted(net.places, key=lambda p: p.name):
        taking = consumers(place)
        if len(taking) < 2 or len({preset(t) for t, _ in taking}) == 1:
            continue
        owner = step_of(ctx, place)
        joins = [(t, route) for t, route in taking if len(preset(t)) > 1]
        others = [t for t, _ in taking if len(preset(t)) == 1]
        if owner is not None and joins and all(route is not None for _, route in joins):
            for t, route in joins:
                join = step_of(ctx, t)
                waits = in_file_order(ctx, {s.id for a in t.in_arcs for b in a.source.in_arcs
                                            if (s := step_of(ctx, b.source)) is not None and s.id != owner.id})
                target = show(join) if join is not None else f"'{t.name}'"
                partners = ", ".join(show(ctx.steps[s]) for s in waits) or _("other branches")
                yield Finding(props(route).get("loc") or owner.loc,
                              _("outcome '{outcome}' of step {step} leads straight into step {target}, which also "
                                "waits ('join: all') for {partners}, while the other outcomes need nothing else: "
                                "read classically, the choice is not free, because whether it can go into the join "
                                "depends on another branch").format(outcome=props(route).get("outcome"),
                                                                     step=show(owner), target=target,
                                                                     partners=partners))
            continue
        involved = [s for t, _ in taking if (s := step_of(ctx, t)) is not None]
        where = owner or (involved[0] if involved else None)
        names = ", ".join(f"'{t.label or t.name}'" for t, _ in taking)
        message = _("the net is not free-choice at place '{place}': {names} all take from it, but not all of them "
                    "need the same places ({n} need only this one), so the choice between them depends on other "
                    "branches").format(place=place.name, names=names, n=len(others))
        yield Finding(where.loc if where is not None else ctx.process.loc_of("steps"), message)
