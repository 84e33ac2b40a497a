"""The command line as a user meets it: exit codes, output formats, no tracebacks, fast start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from approvalnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests/language/invalid"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "approvalnet", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_validate_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "examples/minimal.yaml")]) == 0
    assert "1 file valid" in capsys.readouterr().out


def test_validate_invalid_prints_file_line_col_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    path = INVALID / "unknown-key.yaml"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:13:5: error: unknown key 'duraton'" in out


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(ROOT / "examples/minimal.yaml"), str(INVALID / "duplicate-id.yaml")]
    assert main(["validate", "--format", "json", *files]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["summary"] == {"files": 2, "invalid": 1, "problems": 1}
    bad = data["files"][1]
    assert bad["problems"] == [{"file": str(INVALID / "duplicate-id.yaml"), "line": 11, "col": 10, "level": "error",
                                "code": "duplicate-id", "message": "duplicate step id 'review' (first at line 10)"}]


def test_validate_folder_is_recursive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(ROOT / "tests/language")]) == 1
    files = [f["file"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert str(INVALID / "flow.yaml") in files and all(f.endswith((".yaml", ".yml")) for f in files)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["validate", "does-not-exist.yaml"], "does-not-exist.yaml: no such file or folder"),
     (["validate", "src/approvalnet/reports"], "folder holds no process files"),
     (["validate"], "Missing argument"),
     (["validate", "--format", "xml", "examples"], "Invalid value for '--format'")],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_does_not_import_pm4py() -> None:
    code = ("import sys; from approvalnet.cli import main; "
            "rc = main(['validate', 'examples']); assert 'pm4py' not in sys.modules, 'pm4py imported'; "
            "sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60)
    assert result.returncode == 0, result.stderr


def test_schema_command_matches_committed_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schema/process.schema.json").read_text(encoding="utf-8"), (
        "schema/process.schema.json is stale: run `approvalnet schema -o schema/process.schema.json`")


def test_centre_schema_command_matches_committed_schema() -> None:
    result = run("schema", "--centre")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schema/centre.schema.json").read_text(encoding="utf-8"), (
        "schema/centre.schema.json is stale: run `approvalnet schema --centre -o schema/centre.schema.json`")


def test_schema_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert [p.name for p in out.parent.iterdir()] == ["schema.json"]  # no temporary file left


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and "approvalnet" in result.stdout


def test_many_files_in_parallel_match_one_process(tmp_path: Path) -> None:
    from approvalnet.language.validate import PARALLEL_THRESHOLD, validate_files

    good = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    bad = (INVALID / "probability.yaml").read_text(encoding="utf-8")
    files = []
    for i in range(PARALLEL_THRESHOLD + 10):
        path = tmp_path / f"f{i:04d}.yaml"
        path.write_text(bad if i % 7 == 0 else good, encoding="utf-8")
        files.append(path)
    parallel, serial = validate_files(files, jobs=2), validate_files(files, jobs=1)
    assert parallel == serial
    assert parallel.invalid_count == len(range(0, len(files), 7))


def test_public_api_is_flat_and_works() -> None:
    import approvalnet

    process = approvalnet.load(ROOT / "examples/minimal.yaml")
    net, initial, final = approvalnet.to_petri_net(process)
    assert approvalnet.soundness(net, initial, final).sound is True
    codes = {f.code for f in approvalnet.check(process)}
    assert "listing/required-fields" in codes  # the minimal example lacks most listing fields


def test_output_below_a_file_is_an_error_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["check", str(ROOT / "examples/joint-review.yaml"), "--format", "json", "-o",
                 str(blocker / "sub/out.json")]) == 2
    assert f"{blocker} is a file, not a folder" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_simulate_refuses_an_unwritable_report_before_the_run(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    # a run of a million working days would take minutes: the refusal comes first
    assert main(["simulate", str(ROOT / "examples/joint-review.yaml"), "--days", "1000000", "--report",
                 str(blocker / "report.html")]) == 2
    assert f"--report {blocker / 'report.html'}: cannot be written: {blocker} is a file" in capsys.readouterr().err
