"""The shape of the code: dependencies run one way (docs/architecture.md), and nothing below the
command layer exits or talks to the terminal.

The layer order is written once, as import-linter contracts in pyproject.toml; these tests run them
and check that no package escapes them by not being named.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "approvalnet"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACTS = CONFIG["tool"]["importlinter"]["contracts"]
# Above the domain: they may exit and print.
TOP = {"cli", "commands", "server", "__main__"}


def _layered() -> set[str]:
    layers = next(c for c in CONTRACTS if c["type"] == "layers")["layers"]
    return {name.strip().removeprefix("approvalnet.") for layer in layers for name in layer.split("|")}


def _top_level() -> set[str]:
    """Every package and module directly below approvalnet, but its public API (__init__)."""
    names = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    names |= {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    return names


def test_every_package_has_a_layer() -> None:
    missing = _top_level() - _layered()
    assert not missing, f"add {sorted(missing)} to the layers in pyproject.toml and docs/architecture.md"


def test_folders_are_packages() -> None:
    """A folder without __init__.py is a namespace package, which import-linter cannot see."""
    bare = [p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
            and any(p.glob("*.py")) and not (p / "__init__.py").is_file()]
    assert not bare


def test_import_contracts_are_kept() -> None:
    """No upward import, no cycle between packages, click and rich only where they belong."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    broken = done.stdout[done.stdout.find("Broken contracts"):] if "Broken contracts" in done.stdout else done.stdout
    assert done.returncode == 0, broken + done.stderr


def _calls_exit(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "exit" and isinstance(func.value, ast.Name)
                    and func.value.id == "sys") or (isinstance(func, ast.Name) and func.id in ("exit", "quit")):
                lines.append(node.lineno)
    return lines


def test_only_commands_exit() -> None:
    """The library raises typed errors; deciding the exit code is the command layer's job."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0].removesuffix(".py") in TOP:
            continue
        offenders += [f"{relative}:{line}" for line in _calls_exit(ast.parse(path.read_text(encoding="utf-8")))]
    assert not offenders
