"""Helpers shared by the structure rules: how to name steps, and the regions of parallel branches."""

from __future__ import annotations

from dataclasses import dataclass

from ...language.types import Step
from ..context import Context


def show(step: Step) -> str:
    """A step as messages name it: its id and, in brackets, its name."""
    return f"'{step.id}' ({step.name})" if step.name.strip() else f"'{step.id}'"


def show_all(ctx: Context, step_ids: list[str] | set[str]) -> str:
    """Several steps in file order, joined by commas."""
    return ", ".join(show(ctx.steps[s]) for s in in_file_order(ctx, step_ids))


def in_file_order(ctx: Context, step_ids: list[str] | set[str]) -> list[str]:
    order = {step.id: i for i, step in enumerate(ctx.process.steps)}
    return sorted(set(step_ids), key=order.__getitem__)


@dataclass(frozen=True)
class Split:
    """A parallel split (``next: [a, b, ...]``) and what each of its branches covers.

    ``region[b]`` holds the steps reachable from the branch's first step ``b`` without passing
    through the split itself or entering another branch's first step; ``meeting`` the steps that
    two or more of these regions share (where branches come together, and everything after).
    """

    step: Step
    branches: tuple[str, ...]
    region: dict[str, set[str]]
    meeting: set[str]

    def private(self, branch: str) -> set[str]:
        """The steps only this branch reaches (before it meets another)."""
        return self.region[branch] - self.meeting


def parallel_splits(ctx: Context) -> list[Split]:
    splits = []
    for step in ctx.process.steps:
        if not isinstance(step.next, list):
            continue
        branches = tuple(dict.fromkeys(t for t in step.next if t != step.id))
        fence = {step.id, *branches}
        region = {b: ctx.reachable(b, stop=fence) - (fence - {b}) for b in branches}
        count: dict[str, int] = {}
        for steps in region.values():
            for s in steps:
                count[s] = count.get(s, 0) + 1
        meeting = {s for s, n in count.items() if n >= 2}
        splits.append(Split(step, branches, region, meeting))
    return splits
