"""Helpers shared by the soundness rules: soundness diagnostics by kind, and net nodes as steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...language.types import Step
from ..context import Context, Finding


def findings_of_kind(ctx: Context, *kinds: str) -> Iterator[Finding]:
    """The soundness problems of ``kinds``, as placed at steps by ``net.verify.locate``."""
    for problem in ctx.soundness.problems:
        if problem.code.removeprefix("soundness/") in kinds:
            yield Finding(problem.loc, problem.message)


def props(node: Any) -> dict[str, Any]:
    return dict(getattr(node, "properties", None) or {})


def step_of(ctx: Context, node: Any) -> Step | None:
    """The step a place or transition of ``ctx.petri_net`` was built for, if any."""
    step_id = props(node).get("step")
    return ctx.steps.get(step_id) if isinstance(step_id, str) else None


def show(step: Step) -> str:
    return f"'{step.id}' ({step.name})" if step.name.strip() else f"'{step.id}'"


def in_file_order(ctx: Context, steps: set[str] | list[str]) -> list[str]:
    order = {s.id: i for i, s in enumerate(ctx.process.steps)}
    return sorted(set(steps), key=order.__getitem__)
