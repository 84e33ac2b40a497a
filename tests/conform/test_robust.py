"""`approvalnet conform` on logs and options it cannot use: a clear message naming the file (and the
line where there is one) and exit code 2, never a traceback; and an empty log is no pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvalnet.cli import main

from .conftest import ROOT

MINIMAL = str(ROOT / "examples" / "minimal.yaml")
HEADER = "case_id,activity,timestamp\n"
ROWS = ["1,收件,2025-03-03T09:00", "1,材料审查,2025-03-03T09:30", "1,审查,2025-03-03T11:00", "1,决定,2025-03-03T12:00"]
GOOD = HEADER + "".join(f"{row}\n" for row in ROWS)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


def log(tmp_path: Path, text: str | bytes, name: str = "log.csv") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_good_log_conforms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the log the other tests spoil: as it is, it passes
    assert run(capsys, "conform", MINIMAL, log(tmp_path, GOOD))[0] == 0


@pytest.mark.parametrize(("stamp", "year"), [("0001-01-01T10:00", 1), ("9999-12-31T23:59", 9999),
                                             ("1899-12-31T23:00+08:00", 1899), ("2200-01-01 09:00", 2200)])
def test_timestamps_in_far_years_are_refused_at_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           stamp: str, year: int) -> None:
    path = log(tmp_path, GOOD.replace("2025-03-03T11:00", stamp))
    code, _, err = run(capsys, "conform", MINIMAL, path)
    assert code == 2 and f"{path}:4: timestamp '{stamp}' is in the year {year}" in err


def test_far_timestamps_in_xes_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xes = ('<?xml version="1.0"?>\n<log><trace><string key="concept:name" value="1"/>\n'
           '<event><string key="concept:name" value="收件"/><date key="time:timestamp" value="0001-01-01T10:00"/>'
           "</event>\n</trace></log>")
    path = log(tmp_path, xes, "log.xes")
    code, _, err = run(capsys, "conform", MINIMAL, path)
    assert code == 2 and f"{path}:3: timestamp '0001-01-01T10:00' is in the year 1" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--delimiter", ";;"], "--delimiter must be one character"),
    (["--delimiter", ""], "--delimiter must be one character"),
    (["--delimiter", '"'], "--delimiter must be one character"),
    (["--encoding", "utf-16"], "the log is not utf-16 text"),
    (["--encoding", "base64"], "'base64' is not a text encoding"),
    (["--encoding", "no-such-codec"], "unknown text encoding 'no-such-codec'"),
])
def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, "conform", MINIMAL, log(tmp_path, GOOD), *args)
    assert code == 2 and message in err


def test_a_tab_delimiter_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = log(tmp_path, GOOD.replace(",", "\t"))
    assert run(capsys, "conform", MINIMAL, path, "--delimiter", "tab")[0] == 0


@pytest.mark.parametrize(("text", "args", "message"), [
    (HEADER, [], "the log holds no case"),
    (HEADER + "\n\n", [], "the log holds no case"),
    ("case_id,activity,timestamp,lifecycle\n" + "".join(f"{row},schedule\n" for row in ROWS), [],
     "all 4 events have a lifecycle other than start or complete (column 'lifecycle')"),
    (GOOD, ["--lifecycle", "case_id"], "all 4 events have a lifecycle other than start or complete (column 'case_id')"),
])
def test_a_log_without_events_is_no_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                         args: list[str], message: str) -> None:
    code, out, err = run(capsys, "conform", MINIMAL, log(tmp_path, text), "--format", "json", *args)
    assert code == 2 and out == "" and message in err


def test_an_xes_of_empty_traces_is_no_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = log(tmp_path, '<?xml version="1.0"?>\n<log><trace><string key="concept:name" value="1"/></trace></log>',
               "log.xes")
    code, _, err = run(capsys, "conform", MINIMAL, path)
    assert code == 2 and "hold no event" in err


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.xes", b"", "empty.xes: the file is empty"),
    ("gbk.csv", (HEADER + "1,收件,2025-03-03T09:00\n").encode("gbk"),
     "gbk.csv:2: the log is not utf-8-sig text (byte 0xca at offset 29)"),
    ("utf16.csv", GOOD.encode("utf-16"), "give --encoding utf-16"),
])
def test_messages_name_the_line_and_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
                                         message: str) -> None:
    code, _, err = run(capsys, "conform", MINIMAL, log(tmp_path, data, name))
    assert code == 2 and message in err and ":0:0" not in err


def test_folders_where_files_are_wanted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "log.csv"
    folder.mkdir()
    code, _, err = run(capsys, "conform", MINIMAL, str(folder))
    assert code == 2 and "is a folder" in err
    blocker = tmp_path / "somefile.html"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "conform", MINIMAL, log(tmp_path, GOOD, "good.csv"), "--report",
                       str(blocker / "report.html"))
    assert code == 2 and f"{blocker} is a file, not a folder" in err
