"""No output is ever written over an input of the same run (issue: `export F.yaml -o F.yaml` used to
turn the process file into BPMN and exit 0), and import/discover replace an existing file only when
asked with --force."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from approvalnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROCESS = ROOT / "examples" / "minimal.yaml"


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    process = tmp_path / "p.yaml"
    shutil.copy(PROCESS, process)
    log = tmp_path / "log.csv"
    assert main(["simulate", str(process), "--cases", "20", "--log", str(log), "--format", "json"]) == 0
    bpmn = tmp_path / "p.bpmn"
    assert main(["export", str(process), "-o", str(bpmn)]) == 0
    capsys.readouterr()
    return {"process": process, "log": log, "bpmn": bpmn}


# (arguments, the input the output names): {process}, {log}, {bpmn} stand for the files.
CASES = [
    (["export", "{process}", "--format", "bpmn", "-o", "{target}"], "process"),
    (["net", "{process}", "--format", "pnml", "-o", "{target}"], "process"),
    (["check", "{process}", "--format", "sarif", "-o", "{target}"], "process"),
    (["simulate", "{process}", "--cases", "10", "--report", "{target}"], "process"),
    (["simulate", "{process}", "--cases", "10", "--log", "{target}"], "process"),
    (["discover", "{log}", "-o", "{target}", "--force"], "log"),
    (["conform", "{process}", "{log}", "--report", "{target}"], "log"),
    (["conform", "{process}", "{log}", "--report", "{target}"], "process"),
    (["compare", "{process}", "{process}", "--no-simulate", "--report", "{target}"], "process"),
    (["compare", "{process}", "{process}", "--no-simulate", "-o", "{target}"], "process"),
    (["import", "{bpmn}", "-o", "{target}", "--force"], "bpmn"),
]


@pytest.mark.parametrize("how", ["same path", "symbolic link", "hard link"])
@pytest.mark.parametrize(("args", "victim"), CASES, ids=[" ".join(a[:1] + a[-2:-1]) + f"={v}" for a, v in CASES])
def test_an_output_over_an_input_is_refused(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            args: list[str], victim: str, how: str) -> None:
    source = files[victim]
    before = source.read_bytes()
    target = source
    if how == "symbolic link":
        target = tmp_path / "link"
        target.symlink_to(source)
    elif how == "hard link":
        target = tmp_path / "hard"
        os.link(source, target)
    argv = [a.format(target=target, **{k: str(v) for k, v in files.items()}) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "is an input of this run" in err and "Traceback" not in err
    assert source.read_bytes() == before


@pytest.mark.parametrize("command", ["import", "discover"])
def test_an_existing_file_is_replaced_only_with_force(files: dict[str, Path], tmp_path: Path, command: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "existing.yaml"
    existing.write_text("# written by hand\n", encoding="utf-8")
    source = str(files["bpmn"] if command == "import" else files["log"])
    assert main([command, source, "-o", str(existing)]) == 2
    assert "the file exists; give --force" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "# written by hand\n"
    assert main([command, source, "-o", str(existing), "--force", "--format", "json"]) in (0, 1)
    assert existing.read_text(encoding="utf-8").startswith("# ")
    assert "written by hand" not in existing.read_text(encoding="utf-8")
