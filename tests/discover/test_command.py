"""``approvalnet discover`` as a user meets it: exit codes, outputs, atomic writing, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.language.loader import parse_process, read_process

MINIMAL = "examples/minimal.yaml"


@pytest.fixture
def log(simulated) -> Path:
    return simulated(MINIMAL, ".csv", cases=300)[1]


def test_writes_a_valid_file_and_reports_the_fitness(log: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out" / "process.yaml"
    assert main(["discover", str(log), "-o", str(output), "--code", "KM-001", "--name", "示例许可"]) == 0
    out = capsys.readouterr().out
    assert "fitness of the log on the model (token-based replay): 1.000" in out
    assert f"written to {output}" in out
    process, problems = read_process(output)
    assert problems == [] and process is not None
    assert (process.code, process.name) == ("KM-001", "示例许可")
    assert main(["validate", str(output)]) == 0
    assert [p.name for p in output.parent.iterdir()] == ["process.yaml"]  # no temporary file left


def test_without_output_the_file_goes_to_stdout_and_the_summary_to_stderr(log: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", str(log)]) == 0
    captured = capsys.readouterr()
    process, problems = parse_process(captured.out, "<stdout>")
    assert problems == [] and {s.name for s in process.steps} == {"收件", "材料审查", "审查", "决定"}
    assert "fitness" in captured.err and "fitness" not in captured.out


def test_json_output(log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", str(log), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cases"] == 300 and data["routing_steps"] == 0 and data["sound"] is True
    assert data["fitness"]["log_fitness"] == pytest.approx(1.0)
    assert parse_process(data["process"], "<json>")[1] == []
    assert main(["discover", str(log), "--format", "json", "-o", str(tmp_path / "p.yaml")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["process"] is None and data["output"] == str(tmp_path / "p.yaml")


def test_column_options_read_a_log_with_other_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["Fall|Schritt|Ende"]
    for case in range(30):
        names = ["受理", "审查", "决定"] if case % 3 else ["受理", "不予受理"]
        rows += [f"{case}|{name}|2025-03-{3 + case % 5:02d} {9 + i}:00" for i, name in enumerate(names)]
    path = tmp_path / "fremd.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["discover", str(path), "--delimiter", "|", "--case", "Fall", "--activity", "Schritt", "--timestamp",
            "Ende"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    process, problems = parse_process(data["process"], "<json>")
    assert problems == [] and process.steps[0].name == "受理"
    assert sorted(o.p for o in process.steps[0].outcomes.values()) == pytest.approx([1 / 3, 2 / 3], abs=1e-4)
    assert any("no start times" in note for note in data["notes"])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("missing.csv", None, "missing.csv: no such file"),
     ("garbage.csv", b"\x00\x81\xfe\xff" * 20, "not utf-8-sig text"),
     ("broken.xes", b"<?xml version='1.0'?><log><trace><event>", "broken.xes:1:41: not well-formed XML"),
     ("events.txt", b"case_id,activity,timestamp\n",
      "an event log is a .csv, .xlsx, .xlsm, .xes, .xes.gz or .parquet file"),
     ("no-columns.csv", b"a,b\n1,2\n", "which column holds the case"),
     ("bad-time.csv", b"case_id,activity,timestamp\n1,x,2025-03-03 09:00\n1,y,soon\n",
      "bad-time.csv:3: cannot read 'soon'")],
)
def test_an_unreadable_log_exits_2_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    output = tmp_path / "process.yaml"
    output.write_text("old\n", encoding="utf-8")
    assert main(["discover", str(path), "-o", str(output), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("approvalnet: error: ") and message in err and "Traceback" not in err
    assert output.read_text(encoding="utf-8") == "old\n"  # untouched


def test_a_failed_write_leaves_the_old_file_whole(log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import approvalnet.fileio

    output = tmp_path / "process.yaml"
    output.write_text("old\n", encoding="utf-8")

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(approvalnet.fileio.os, "replace", refuse)
    assert main(["discover", str(log), "-o", str(output), "--force"]) == 2
    assert "cannot write the process file: Permission denied" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["process.yaml"]


@pytest.mark.parametrize(("args", "message"), [(["--office-hours", "9-12"], "--office-hours: '9-12'"),
                                               (["--noise", "2"], "Invalid value for '--noise'")])
def test_bad_options_exit_2(log: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["discover", str(log), *args]) == 2
    assert message in capsys.readouterr().err


def test_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "discover" in capsys.readouterr().out
