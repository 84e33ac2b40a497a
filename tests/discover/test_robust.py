"""`approvalnet discover` on logs with odd names and on files that are no logs: the process written
always validates, and a log that cannot be read gives a clear message (file and line) and exit 2."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.language.loader import read_process

NAMES = ["A" * 1100, "B" * 1100 + "x", "😀 emoji", 'say "hi"', "a: b", "# hash", "- dash", "line\nbreak",
         "nel\x85x", "ls\u2028x", "? q", "null", "'single'", "{x}", "1e3", "中文环节"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_log(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "activity", "timestamp", "resource"])
        writer.writerows(rows)
    return path


def test_a_long_first_activity_with_a_choice_after_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "A" * 1100
    rows = [(str(case), activity, f"2025-03-0{3 + case % 3}T{hour}:00", "clerk")
            for case in range(1, 9) for hour, activity in (("09", long), ("10", "C" if case % 2 else "D"))]
    output = tmp_path / "process.yaml"
    code, _, err = run(capsys, "discover", str(write_log(tmp_path / "log.csv", rows)), "-o", str(output))
    assert code == 0, err
    process, problems = read_process(output)
    assert process is not None, problems
    first = next(step for step in process.steps if step.name == long)
    assert first.outcomes is not None and len(first.outcomes) == 2


def test_any_names_of_activities_and_resources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for case, name in enumerate(NAMES):
        rows += [(str(case), name, f"2025-03-04T09:{case:02d}:00", "R" * 1100 if case % 2 else "bob: 🙂"),
                 (str(case), NAMES[(case + 1) % len(NAMES)], f"2025-03-04T10:{case:02d}:00", "x\u2028y"),
                 (str(case), NAMES[(case + 3) % len(NAMES)], f"2025-03-04T11:{case:02d}:00", "R" * 1100)]
    output = tmp_path / "process.yaml"
    code, _, err = run(capsys, "discover", str(write_log(tmp_path / "log.csv", rows)), "-o", str(output))
    assert code == 0, err
    assert main(["validate", str(output)]) == 0
    process = read_process(output)[0]
    assert process is not None
    assert {step.name for step in process.steps if not step.id.startswith("r")} == set(NAMES)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("nonxes.xes", b'<?xml version="1.0"?>\n<html><body>hi</body></html>',
     "nonxes.xes:2: not an XES event log: the root element is <html>, not <log>"),
    ("empty.xes", b"", "empty.xes: the file is empty"),
    ("text.xes", b"case,activity\n", "text.xes:1:1: not well-formed XML"),
    ("gbk.csv", "case_id,activity,timestamp\n1,收件,2025-03-03T09:00\n".encode("gbk"),
     "gbk.csv:2: the log is not utf-8-sig text (byte 0xca at offset 29)"),  # 27 bytes of header, then "1,"
    ("utf16.csv", "case_id,activity,timestamp\n".encode("utf-16"), "give --encoding utf-16"),
])
def test_files_that_are_no_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
                                message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = run(capsys, "discover", str(path))
    assert code == 2 and message in err, err
    assert "NoneType" not in err and "byte 0)" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["--delimiter", ";;"], "--delimiter must be one character"),
    (["--delimiter", ""], "--delimiter must be one character"),
    (["--sep", ";;"], "--sep must be one character"),  # the old name, in the user's words
    (["--sep", ";", "--delimiter", ";"], "--sep is its old name"),
    (["--utc-offset", "nan"], "'nan' is not a finite number"),
    (["--utc-offset", "inf"], "Invalid value for '--utc-offset'"),
    (["--encoding", "utf-16"], "not utf-16 text"),
    (["--encoding", "base64"], "'base64' is not a text encoding"),
])
def test_bad_options_exit_2_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                                 message: str) -> None:
    log = write_log(tmp_path / "log.csv", [("1", "a", "2025-03-03T09:00", "x"), ("1", "b", "2025-03-03T10:00", "x")])
    code, _, err = run(capsys, "discover", str(log), *args)
    assert code == 2 and message in err, err
    assert "Warning" not in err and "Traceback" not in err


def test_a_tab_separated_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    log.write_text("case_id\tactivity\ttimestamp\n1\ta\t2025-03-03T09:00\n1\tb\t2025-03-03T10:00\n", encoding="utf-8")
    for args in ([], ["--delimiter", "tab"], ["--sep", "tab"]):  # guessed, named, by its old name
        code, out, err = run(capsys, "discover", str(log), *args)
        assert code == 0 and 'name: "a"' in out and 'name: "b"' in out, err
        assert ("--sep is now called --delimiter" in err) == (args[:1] == ["--sep"])


def test_folders_where_files_are_wanted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "discover", str(tmp_path))
    assert code == 2 and "is a folder" in err
    log = write_log(tmp_path / "log.csv", [("1", "a", "2025-03-03T09:00", "x"), ("1", "b", "2025-03-03T10:00", "x")])
    blocker = tmp_path / "somefile.yaml"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "discover", str(log), "-o", str(blocker / "process.yaml"))
    assert code == 2 and f"{blocker} is a file, not a folder" in err and "File exists" not in err
