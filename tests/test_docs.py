"""The examples in README.md and docs/*.md are true: every ```console block is run and its output compared.

A ```console block holds commands after ``$ `` (a trailing backslash continues one on the next line)
and, below each, what the terminal shows: standard output and standard error as they come. The
commands run in a temporary folder holding copies of ``processes/``, ``examples/`` and ``schema/``
and the files of ``tests/docs/`` (the reader's own files the examples use, such as ``broken.yaml``),
one after another, so a block may use what an earlier command of the same block wrote. In the
expected output, a line ``...`` stands for any number of lines and ``...`` inside a line for any
text (figures that change from run to run, such as timings). Examples that cannot run here (a file
only the reader has) go in ```sh or ```text blocks instead, which are not run.

This is the idea of cram and of ``pytest --doctest-glob``, for a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.md"))]
COPIED = ("processes", "examples", "schema")
BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Example:
    command: str
    expected: list[str]


@dataclass(frozen=True)
class Block:
    doc: str
    line: int
    examples: tuple[Example, ...]

    @property
    def needs_dot(self) -> bool:
        return any(re.search(r"\brender\b.*--format (svg|png|pdf)|\brender\b(?!.*--format)|\bdoctor\b", e.command)
                   for e in self.examples)


def parse(text: str) -> list[tuple[int, list[Example]]]:
    blocks = []
    for match in BLOCK.finditer(text):
        examples: list[Example] = []
        command: list[str] | None = None
        expected: list[str] = []
        for raw in match.group(1).splitlines():
            if command is not None and command[-1].endswith("\\"):
                command[-1] = command[-1][:-1].rstrip()
                command.append(raw.strip())
                continue
            if raw.startswith("$ "):
                if command is not None:
                    examples.append(Example(" ".join(command), _trimmed(expected)))
                command, expected = [raw[2:].strip()], []
            elif command is not None:
                expected.append(raw)
        if command is not None:
            examples.append(Example(" ".join(command), _trimmed(expected)))
        blocks.append((text.count("\n", 0, match.start()) + 1, examples))
    return blocks


def _trimmed(lines: list[str]) -> list[str]:
    """Without the blank lines that separate one example from the next."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def collect() -> list[Block]:
    found = []
    for doc in DOCS:
        for line, examples in parse(doc.read_text(encoding="utf-8")):
            found.append(Block(doc.relative_to(ROOT).as_posix(), line, tuple(examples)))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` fits ``expected``, where a line ``...`` is any lines and ``...`` any text."""
    def line_fits(pattern: str, line: str) -> bool:
        parts = [re.escape(p) for p in pattern.rstrip().split("...")]
        return re.fullmatch(".*?".join(parts), line.rstrip()) is not None

    def fit(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i].strip() == "...":
            return any(fit(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_fits(expected[i], actual[j]) and fit(i + 1, j + 1)

    return fit(0, 0)


def _strip_comment(command: str) -> str:
    """A ``# comment`` after a command explains it to the reader; the shell need not see it."""
    return re.sub(r"\s+#\s.*$", "", command)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("docs")
    for name in COPIED:
        shutil.copytree(ROOT / name, base / name)
    for file in (ROOT / "tests" / "docs").iterdir():
        shutil.copy(file, base / file.name)
    return base


BLOCKS = collect()


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.doc}:{b.line}" for b in BLOCKS])
def test_console_example(block: Block, workdir: Path, tmp_path: Path) -> None:
    if block.needs_dot and shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    folder = tmp_path / "work"
    shutil.copytree(workdir, folder, symlinks=True)
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for example in block.examples:
        script = f"set -o pipefail; {{ {_strip_comment(example.command)}; }} 2>&1"
        done = subprocess.run(["bash", "-c", script], cwd=folder,
                              env=env, capture_output=True, text=True, timeout=600)
        actual = _trimmed(done.stdout.splitlines())
        assert matches(example.expected, actual), (
            f"{block.doc}:{block.line}: $ {example.command}\n--- expected\n" + "\n".join(example.expected)
            + "\n--- got\n" + "\n".join(actual))


def test_the_runner_sees_the_examples() -> None:
    """A docs page whose blocks are mistyped (``` console) would silently not be run."""
    commands = [e.command for b in BLOCKS for e in b.examples]
    assert any(c.startswith("approvalnet validate") for c in commands)
    for doc in DOCS:
        assert not re.search(r"^```\s+console", doc.read_text(encoding="utf-8"), re.M), doc


@pytest.mark.parametrize(("expected", "actual", "fits"), [
    (["a", "...", "d"], ["a", "b", "c", "d"], True),
    (["a", "...", "d"], ["a", "d"], True),
    (["took ... s"], ["took 1.2 s"], True),
    (["took ... s"], ["took 1.2 ms"], False),
    (["a"], ["a", "b"], False),
    (["a", "b"], ["a"], False),
])
def test_matching(expected: list[str], actual: list[str], fits: bool) -> None:
    assert matches(expected, actual) is fits


def test_the_readme_example_is_the_file_it_checks() -> None:
    """README.md shows a process file, then checks it as ``example.yaml`` (tests/docs/example.yaml)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"## A process file\n\n```yaml\n(.*?)```", readme, re.S)
    assert shown is not None
    assert shown.group(1) == (ROOT / "tests" / "docs" / "example.yaml").read_text(encoding="utf-8")
