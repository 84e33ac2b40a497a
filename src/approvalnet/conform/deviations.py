"""What a variant's alignment means, said in the process's words.

An alignment pairs the steps of a case with a run of the process: a *synchronous* move where the
case did what the standard does, a *model move* where the standard has a step the case did not
do, a *log move* where the case did a step the standard does not have there. These become:

- ``wrong-order``: the same step is both a log move and a model move — it was done, but not where
  the standard puts it. The step it was swapped with is the nearest one done in between (of the
  two explanations an alignment may pick for a swap, both give the same pair);
- ``skipped-step``: a model move left over — a required step missing on the path the case took.
  The message names the step that came without it ("a decision without the review …");
- ``unfinished-case``: model moves at the very end, after the last step the case did: the log
  stops before the case reaches an end (one deviation, naming the first missing step);
- ``unexpected-step``: a log move left over — a step of the standard done again, or on a branch
  the case did not take;
- ``repeated-supplement``: more than one supplement notice (``kind: supplement-notice``) in a
  case. Art. 32(4) allows one notice of everything to supplement (一次性告知), so this is reported
  even where a model's loop would allow it; the second round's steps (the notice and the steps
  after it up to the next completeness check) are not reported again as unexpected;
- ``unknown-activity``: an activity that is no step of the standard (see ``mapping.py``).

Each deviation carries the step's id and its position in the process file, and an *arc*: what the
case did instead (from the step before to the step after a skipped one; from the step done too
early to the one it jumped), which the HTML report draws on the diagram.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import _
from ..language.flow import out_edges
from ..language.types import Process, Step
from .replay import CompiledNet, Move, align
from .result import Deviation


def label(step: Step) -> str:
    """``'审查' (review)``: how a message names a step."""
    return f"'{step.name}' ({step.id})"


class Diagnoser:
    """Deviations of variants of one process (each variant diagnosed once, by the caller's cache)."""

    def __init__(self, process: Process, net: CompiledNet):
        self.process = process
        self.net = net
        self.steps = process.steps
        self.locs = [str(step.loc) for step in process.steps]
        self.notices = frozenset(i for i, s in enumerate(process.steps) if s.kind == "supplement-notice")
        self.round = self._supplement_round()

    def _supplement_round(self) -> frozenset[int]:
        """The steps of a supplement round: each notice and what follows it up to (and with) the next
        completeness check or acceptance, along the flow."""
        index = {s.id: i for i, s in enumerate(self.steps)}
        found: set[int] = set()
        for notice in self.notices:
            todo = [notice]
            while todo:
                current = todo.pop()
                if current in found:
                    continue
                found.add(current)
                if current != notice and self.steps[current].kind in ("check-completeness", "accept"):
                    continue
                todo.extend(index[e.target] for e in out_edges(self.process, current) if e.target is not None)
        return frozenset(found)

    def deviation(self, kind: str, step: int | None, message: str, **extra: object) -> Deviation:
        if step is None:
            return Deviation(kind, message, **extra)  # type: ignore[arg-type]
        return Deviation(kind, message, self.steps[step].id, self.locs[step], **extra)  # type: ignore[arg-type]

    def diagnose(self, trace: Sequence[int], unknown: Sequence[str]) -> tuple[Deviation, ...]:
        """The deviations of one variant: ``trace`` holds step indices, and ``-1 - k`` for the unknown
        activity ``unknown[k]``."""
        found: list[Deviation] = []
        seen_unknown: dict[int, int] = {}
        for code in trace:
            if code < 0:
                seen_unknown[code] = seen_unknown.get(code, 0) + 1
        for code, times in seen_unknown.items():
            name = unknown[-1 - code]
            text = (_("activity '{name}' is not a step of the standard ({times} times)") if times > 1
                    else _("activity '{name}' is not a step of the standard"))
            found.append(self.deviation("unknown-activity", None, text.format(name=name, times=times), activity=name))
        steps = [code for code in trace if code >= 0]
        if not steps:  # nothing of the standard was done (or logged)
            found.append(self.deviation("unfinished-case", 0, _("the case has no step of the standard; it begins with "
                                                                "{step}").format(step=label(self.steps[0])),
                                        arc=(None, None)))
            return tuple(found)
        notices = [i for i, s in enumerate(steps) if s in self.notices]
        repeated = len(notices) > 1
        if repeated:
            second = notices[1]
            found.append(self.deviation(
                "repeated-supplement", steps[second],
                _("the applicant was told to supplement materials {count} times ({step}); Art. 32(4) requires one "
                  "notice of everything to supplement (一次性告知)").format(
                      count=len(notices), step=label(self.steps[steps[notices[0]]])),
                arc=self._arc(steps[second - 1] if second > 0 else None, steps[second])))
        aligned = align(self.net, steps)
        if aligned is None:
            found.append(self.deviation("unexpected-step", None, _("the order of the steps could not be matched with "
                                                                   "the standard (the search gave up)")))
            return tuple(found)
        __, moves = aligned
        found.extend(self._moves(moves, steps, repeated))
        return tuple(found)

    def _moves(self, moves: list[Move], steps: list[int], repeated: bool) -> list[Deviation]:
        out: list[Deviation] = []
        logs: dict[int, list[int]] = {}
        models: dict[int, list[int]] = {}
        for k, (kind, step, __) in enumerate(moves):
            if kind == "log":
                logs.setdefault(step, []).append(k)
            elif kind == "model":
                models.setdefault(step, []).append(k)
        done: set[int] = set()
        # a step both missing where the standard has it and present elsewhere: done in the wrong order
        for step in sorted(set(logs) & set(models), key=lambda s: min(logs[s] + models[s])):
            for log_at, model_at in zip(logs[step], models[step], strict=False):
                done.update((log_at, model_at))
                out.append(self._wrong_order(moves, step, log_at, model_at))
        last_sync = max((k for k, m in enumerate(moves) if m[0] != "model"), default=-1)
        trailing = [k for k in range(last_sync + 1, len(moves)) if k not in done]
        for k, (kind, step, position) in enumerate(moves):
            if k in done or k in trailing:
                continue
            before, after = self._neighbours(moves, k)
            if kind == "model":
                out.append(self._skipped(step, before, after))
            elif kind == "log":
                if repeated and step in self.round:
                    continue  # part of the repeated supplement round, reported once as that
                again = step in steps[:position]
                values = {"step": label(self.steps[step]),
                          "before": label(self.steps[before]) if before is not None else ""}
                if before is None:
                    text = (_("{step} was done again at the start of the case; the standard has it once here") if again
                            else _("{step} was done at the start of the case, where the standard does not have it"))
                else:
                    text = (_("{step} was done again after {before}; the standard has it once here") if again
                            else _("{step} was done after {before}, where the standard does not have it"))
                text = text.format(**values)
                out.append(self.deviation("unexpected-step", step, text, arc=self._arc(before, step)))
        if trailing:
            first = moves[trailing[0]][1]
            stop = self.steps[steps[-1]]
            missing = _(", ").join(label(self.steps[moves[k][1]]) for k in trailing[:4])
            text = (_("the case stops after {step}; the standard continues with {missing} and {count} more")
                    if len(trailing) > 4 else _("the case stops after {step}; the standard continues with {missing}"))
            out.append(self.deviation("unfinished-case", first,
                                      text.format(step=label(stop), missing=missing, count=len(trailing) - 4),
                                      arc=(stop.id, None)))
        return out

    def _neighbours(self, moves: list[Move], k: int) -> tuple[int | None, int | None]:
        """The steps the case did just before and just after move ``k`` (synchronous moves)."""
        before = next((moves[j][1] for j in range(k - 1, -1, -1) if moves[j][0] == "sync"), None)
        after = next((moves[j][1] for j in range(k + 1, len(moves)) if moves[j][0] == "sync"), None)
        return before, after

    def _arc(self, a: int | None, b: int | None) -> tuple[str | None, str | None]:
        return (self.steps[a].id if a is not None else None, self.steps[b].id if b is not None else None)

    def _skipped(self, step: int, before: int | None, after: int | None) -> Deviation:
        missing = self.steps[step]
        if after is None:
            text = _("{step} was skipped; the standard requires it").format(step=label(missing))
        else:
            nxt = self.steps[after]
            if nxt.kind == "decide":
                text = (_("a decision {next} without the review {step} the standard requires before it")
                        if missing.kind in ("review", "lower-level-review", "expert-review") else
                        _("a decision {next} without the step {step} the standard requires before it"))
            else:
                text = _("{next} came without {step}, which the standard requires before it")
            text = text.format(next=label(nxt), step=label(missing))
        return self.deviation("skipped-step", step, text, arc=self._arc(before, after))

    def _wrong_order(self, moves: list[Move], step: int, log_at: int, model_at: int) -> Deviation:
        """``step`` was done at ``log_at`` but belongs at ``model_at``: name the pair in the standard's order."""
        low, high = sorted((log_at, model_at))
        between = [moves[j][1] for j in range(low + 1, high) if moves[j][0] == "sync"]
        if log_at < model_at:  # done too early: it jumped the steps after it
            early, late = step, (between[0] if between else None)
        else:  # done too late: the steps before it jumped it
            early, late = (between[-1] if between else None), step
        if early is None or late is None:
            text = _("{step} was done at another point than the standard's").format(step=label(self.steps[step]))
            return self.deviation("wrong-order", step, text)
        text = _("{early} was done before {late}; the standard puts {late} first").format(
            early=label(self.steps[early]), late=label(self.steps[late]))
        return self.deviation("wrong-order", early, text, other=self.steps[late].id, arc=self._arc(early, late))
