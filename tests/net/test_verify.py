"""Soundness diagnostics of process files name the steps, in the file's words, at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import approvalnet
from approvalnet.cli import main
from approvalnet.net.verify import verify_process

HERE = Path(__file__).parent / "processes"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xor-into-join.yaml", [("soundness/dead-transition", 19, "can never fire: '决定'"),
                                ("soundness/deadlock", 19, "needs the branch from 'full-check' into step 'decide'")]),
        ("and-into-merge.yaml", [("soundness/improper-completion", 15,
                                  "tokens remain: the input of step 'review-b'")]),
        ("unreachable-step.yaml", [("soundness/not-wf-net", 12, "the input of step 'orphan'")]),
    ],
)
def test_unsound_processes(name: str, expected: list[tuple[str, int, str]]) -> None:
    result = verify_process(approvalnet.load(HERE / name))
    assert result.sound is False
    got = [(p.code, p.loc.line, p.message) for p in result.problems]
    assert len(got) == len(expected), got
    for (code, line, words), (gcode, gline, message) in zip(expected, got, strict=True):
        assert (gcode, gline) == (code, line)
        assert words in message
        assert "[steps: " in message


def test_soundness_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["soundness", str(HERE / "xor-into-join.yaml")]) == 1
    out = capsys.readouterr().out
    assert f"{HERE / 'xor-into-join.yaml'}:19:5: error: Deadlock" in out
    assert main(["soundness", str(Path(__file__).resolve().parents[2] / "examples")]) == 0


def test_net_command_writes_pnml_atomically(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "minimal.pnml"
    assert main(["net", str(root / "examples/minimal.yaml"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["minimal.pnml"]


def test_net_command_on_invalid_file_exits_2_and_writes_nothing(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "bad.pnml"
    bad = root / "tests/language/invalid/flow.yaml"
    assert main(["net", str(bad), "-o", str(out)]) == 2
    assert not out.exists()
    assert main(["net", str(tmp_path / "missing.yaml")]) == 2
