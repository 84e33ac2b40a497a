"""Property: whatever is done to a valid file, the loader returns a process or clean problems."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from approvalnet.language.loader import parse_process
from approvalnet.language.source import Problem

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "processes").rglob("*.yaml"))[:4]
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
CODES = {"syntax", "encoding", "empty", "too-large", "io", "tag", "duplicate-key", "unknown-key", "missing-key",
         "type", "value", "reference", "duplicate-id", "probability", "flow", "alias-bomb", "full-width"}

# APPROVALNET_FUZZ=5000 runs a longer search than CI does.
SETTINGS = settings(
    max_examples=int(os.environ.get("APPROVALNET_FUZZ", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

any_value = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.sampled_from(["15 min", "-3 h", "20", "0 workdays", "review", "window", "approved", "on-the-spot"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def assert_clean(text: str | bytes) -> None:
    process, problems = parse_process(text, "mutant.yaml")
    assert all(isinstance(p, Problem) and p.code in CODES and p.message for p in problems)
    if process is None:
        assert any(p.level == "error" for p in problems)
    else:
        assert not any(p.level == "error" for p in problems)
    for problem in problems:
        assert problem.loc.file == "mutant.yaml" and problem.loc.line >= 0 and problem.loc.col >= 0
        str(problem)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


def set_at(root: Any, path: tuple, value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = root
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return root


@SETTINGS
@given(st.data(), st.sampled_from(TEXTS), st.booleans(), any_value)
def test_mutated_data(data: st.DataObject, text: str, delete: bool, value: Any) -> None:
    tree = yaml.safe_load(text)
    path = data.draw(st.sampled_from(paths(tree)[1:]))
    mutant = set_at(tree, path, value, delete)
    assert_clean(yaml.safe_dump(mutant, allow_unicode=True, sort_keys=False))


@SETTINGS
@given(st.sampled_from(TEXTS), st.floats(0, 1))
def test_cut_text(text: str, where: float) -> None:
    assert_clean(text[: int(len(text) * where)])


@SETTINGS
@given(st.sampled_from(TEXTS), st.floats(0, 1), st.text(min_size=1, max_size=4))
def test_inserted_text(text: str, where: float, junk: str) -> None:
    at = int(len(text) * where)
    assert_clean(text[:at] + junk + text[at:])


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_clean(data)
