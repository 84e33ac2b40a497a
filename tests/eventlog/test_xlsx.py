"""Excel logs (.xlsx): the same log as CSV and as a workbook gives the same results, typed cells or
text; --sheet; the places of problems (sheet, row, column); files that are no workbook; logs not
grouped by case; the workbook is streamed and closed."""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from approvalnet.cli import main  # noqa: E402
from approvalnet.discover.read import read_log  # noqa: E402
from approvalnet.eventlog import LogColumns, LogError, LogOptions, LogReader, parse_time  # noqa: E402
from approvalnet.eventlog.read import _column_letter  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROCESS = str(ROOT / "processes" / "kunming" / "food-business-licence.yaml")
SHEET = "办件记录"
OFFICE = datetime.timezone(datetime.timedelta(hours=8))
RUN_FIELDS = ("log", "seconds", "cases_per_second")  # what differs between two runs of the same log


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 cases of a shipped process, as ``approvalnet simulate --log`` writes them."""
    path = tmp_path_factory.mktemp("xlsx") / "log.csv"
    assert main(["simulate", PROCESS, "--cases", "50", "--seed", "1", "--log", str(path), "--format", "json"]) == 0
    return path


@pytest.fixture
def table(simulated: Path) -> tuple[list[str], list[list[str]]]:
    """The simulated log's header and rows, a fresh copy for each test."""
    with open(simulated, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def typed(header: list[str], row: list[str]) -> list[Any]:
    """A row as a system's export types it: the case id a number, the time a date-time cell (Excel's
    have no time zone: on the office's clock)."""
    values: list[Any] = list(row)
    case, when = header.index("case_id"), header.index("timestamp")
    values[case] = float(row[case])
    values[when] = datetime.datetime.fromisoformat(row[when]).astimezone(OFFICE).replace(tzinfo=None)
    return values


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, title: str = SHEET,
               before: dict[str, list[list[Any]]] | None = None) -> Path:
    """A workbook with the log in the sheet ``title``, after the sheets ``before`` (name: rows)."""
    book = openpyxl.Workbook(write_only=True)
    for name, other in (before or {}).items():
        sheet = book.create_sheet(name)
        for row in other:
            sheet.append(row)
    sheet = book.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def conform_json(capsys: pytest.CaptureFixture[str], log: Path, *options: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, "conform", PROCESS, str(log), "--format", "json", *options)
    assert code in (0, 1), err
    result = json.loads(out)
    for name in RUN_FIELDS:
        result.pop(name)
    return code, result


@pytest.mark.parametrize("cells", ["typed", "text"])
def test_the_same_conform_json_from_the_csv_and_the_workbook(capsys: pytest.CaptureFixture[str], simulated: Path,
                                                             table: tuple[list[str], list[list[str]]], tmp_path: Path,
                                                             cells: str) -> None:
    header, rows = table
    values = [typed(header, row) for row in rows] if cells == "typed" else rows
    workbook = write_xlsx(tmp_path / "log.xlsx", header, values)
    expected = conform_json(capsys, simulated)
    assert expected[1]["cases"] == 50
    assert conform_json(capsys, workbook) == expected


def test_a_workbook_with_macros_is_read_too(capsys: pytest.CaptureFixture[str], simulated: Path,
                                           table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    header, rows = table
    workbook = write_xlsx(tmp_path / "log.xlsm", header, rows)
    assert conform_json(capsys, workbook) == conform_json(capsys, simulated)


def test_typed_cells_are_read_as_their_text_would_be(tmp_path: Path) -> None:
    header = ["办件编号", "环节", "完成时间"]
    rows: list[list[Any]] = [
        [1001.0, "收件", datetime.datetime(2025, 3, 3, 9, 30, 0, 123000)],
        [1001, "受理", "2025/3/3 10:00"],
        [None, None, None],  # a row that was only formatted: left out
        [1002.5, "收件", "2025-03-04T09:00:00+00:00"],  # an offset is converted to the office's clock
    ]
    path = write_xlsx(tmp_path / "log.xlsx", header, rows)
    reader = LogReader(path, LogColumns(case="办件编号", activity="环节", timestamp="完成时间"))
    cases = list(reader.cases())
    assert [c.id for c in cases] == ["1001", "1002.5"]
    assert [i[2] for i in cases[0].instances] == [parse_time("2025-03-03 09:30:00.123"), parse_time("2025-03-03 10:00")]
    assert cases[1].instances[0][2] == parse_time("2025-03-04 17:00")
    assert reader.sheet == SHEET and reader.stats.columns == {"case": "办件编号", "activity": "环节",
                                                              "timestamp": "完成时间"}


def test_blank_rows_before_the_header_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "case_id", "activity", "timestamp", "resource"
    sheet["B4"], sheet["C4"], sheet["D4"] = "1", "a", "2025-03-03 09:00"  # no resource: the row stops at D
    book.save(path)
    reader = LogReader(path)
    cases = list(reader.cases())
    assert cases[0].instances == [("a", parse_time("2025-03-03 09:00"), parse_time("2025-03-03 09:00"), "", 1)]
    assert cases[0].order == 4  # the sheet's row


def test_discover_reads_a_workbook(capsys: pytest.CaptureFixture[str], simulated: Path,
                                   table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    header, rows = table
    workbook = write_xlsx(tmp_path / "log.xlsx", header, [typed(header, row) for row in rows])
    assert read_log(workbook).traces == read_log(simulated).traces
    output = tmp_path / "discovered.yaml"
    code, out, _ = run(capsys, "discover", str(workbook), "-o", str(output))
    assert code == 0 and output.is_file() and "fitness of the log on the model" in out


def test_the_sheet_option(capsys: pytest.CaptureFixture[str], simulated: Path,
                          table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    header, rows = table
    notes = {"说明": [["本表由政务服务平台导出"], ["导出时间", "2025-06-01"]]}
    workbook = write_xlsx(tmp_path / "log.xlsx", header, rows, before=notes)
    code, _, err = run(capsys, "conform", PROCESS, str(workbook))
    assert code == 2 and f"{workbook}, sheet 说明, row 1: which column holds the case?" in err
    assert conform_json(capsys, workbook, "--sheet", SHEET) == conform_json(capsys, simulated)
    assert conform_json(capsys, workbook, "--sheet", f" {SHEET} ")[1]["cases"] == 50  # as a column's name is matched
    code, _, err = run(capsys, "discover", str(workbook), "--sheet", SHEET, "--format", "json")
    assert code == 0, err


def test_an_unknown_sheet_lists_the_sheets(capsys: pytest.CaptureFixture[str],
                                           table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    header, rows = table
    workbook = write_xlsx(tmp_path / "log.xlsx", header, rows, before={"说明": [["x"]]})
    errors = []
    for args in (["conform", PROCESS, str(workbook)], ["discover", str(workbook)]):
        code, _, err = run(capsys, *args, "--sheet", "Sheet1")
        assert code == 2 and f"{workbook}: no sheet 'Sheet1'; the sheets are: '说明', '{SHEET}'" in err, err
        errors.append(err)
    assert errors[0] == errors[1]


def _valid_workbook(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "valid.xlsx", ["case_id", "activity", "timestamp"],
                      [["1", "a", "2025-03-03 09:00"]]).read_bytes()


@pytest.mark.parametrize(("name", "make", "message"), [
    ("log.xlsx", lambda valid, folder: b"case_id,activity,timestamp\n1,a,2025-03-03 09:00\n",
     "log.xlsx: not an .xlsx workbook (an .xlsx file is a zip archive); is it another kind of file"),
    ("log.xlsx", lambda valid, folder: valid[: len(valid) // 2],
     "log.xlsx: not a readable .xlsx workbook ("),
    ("log.xlsx", lambda valid, folder: _zip(folder, {"hello.txt": "not a workbook"}),
     "log.xlsx: not a readable .xlsx workbook ("),
    ("log.xlsx", lambda valid, folder: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "log.xlsx: not an .xlsx workbook but an Excel 97–2003 (.xls) file or one protected by a password"),
    ("log.xlsx", lambda valid, folder: b"", "log.xlsx: the file is empty"),
    ("log.xls", lambda valid, folder: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "log.xls: an .xls file (Excel 97–2003) cannot be read: open it in Excel or WPS and save it as .xlsx or CSV"),
])
def test_a_file_that_is_no_workbook_gives_one_message(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                                      make: Any, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(make(_valid_workbook(tmp_path), tmp_path))
    errors = []
    for args in (["conform", PROCESS, str(path)], ["discover", str(path)]):
        code, _, err = run(capsys, *args)
        assert code == 2 and message in err and err.count("\n") == 1, err
        errors.append(err)
    assert errors[0] == errors[1]


def _zip(folder: Path, files: dict[str, str]) -> bytes:
    path = folder / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path.read_bytes()


def test_an_empty_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.save(path)
    code, _, err = run(capsys, "discover", str(path))
    assert code == 2 and f"{path}: the sheet '{SHEET}' is empty" in err


@pytest.mark.parametrize(("change", "message"), [
    (lambda row: row.__setitem__(6, "tomorrow"),
     "sheet 办件记录, row 17, column G: cannot read 'tomorrow' in column 'timestamp' as a timestamp"),
    (lambda row: row.__setitem__(6, datetime.datetime(1, 1, 1)),
     "sheet 办件记录, row 17, column G: timestamp '0001-01-01 00:00:00' is in the year 1"),
    (lambda row: row.__setitem__(0, None), "sheet 办件记录, row 17, column A: the case id (column 'case_id') is empty"),
    (lambda row: row.__setitem__(1, " "),
     "sheet 办件记录, row 17, column B: the activity (column 'activity') is empty"),
])
def test_a_problem_names_the_sheet_row_and_column(capsys: pytest.CaptureFixture[str],
                                                  table: tuple[list[str], list[list[str]]], tmp_path: Path,
                                                  change: Any, message: str) -> None:
    header, rows = table
    assert header.index("timestamp") == 6
    values: list[list[Any]] = [list(row) for row in rows]
    change(values[15])  # the sheet's row 17: the header is row 1
    workbook = write_xlsx(tmp_path / "log.xlsx", header, values)
    for args in (["conform", PROCESS, str(workbook)], ["discover", str(workbook)]):
        code, _, err = run(capsys, *args)
        assert code == 2 and f"{workbook}, {message}" in err, err


def test_a_start_after_its_end_and_a_missing_column(tmp_path: Path) -> None:
    header = ["case_id", "activity", "start", "end"]
    path = write_xlsx(tmp_path / "log.xlsx", header, [["1", "a", "2025-03-03 10:00", "2025-03-03 09:00"]])
    after = r", sheet 办件记录, row 2, column C: the start 2025-03-03 10:00 \(column 'start'\) is after the end"
    with pytest.raises(LogError, match=after):
        list(LogReader(path, LogColumns(start_timestamp="start", timestamp="end")).cases())
    with pytest.raises(LogError, match=r", sheet 办件记录, row 1: no column 'ende' for the timestamp \(did you mean"):
        list(LogReader(path, LogColumns(timestamp="ende")).cases())


def test_a_log_not_grouped_by_case(capsys: pytest.CaptureFixture[str], simulated: Path,
                                   table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    header, rows = table
    shuffled = list(rows)
    random.Random(5).shuffle(shuffled)
    workbook = write_xlsx(tmp_path / "log.xlsx", header, [typed(header, row) for row in shuffled])
    scattered_csv = write_csv(tmp_path / "log.csv", header, shuffled)
    __, result = conform_json(capsys, workbook)
    __, expected = conform_json(capsys, simulated)
    notes = result.pop("notes")
    assert any("comes back at row" in note and f"of the sheet {SHEET}" in note for note in notes), notes
    assert [n for n in expected.pop("notes") if "grouped" not in n] == [n for n in notes if "grouped" not in n]
    for each in (result, expected):  # in the order of their first rows, which the shuffle changed
        each["deviating_cases"].sort(key=lambda case: int(case["case"]))
    assert result == expected
    # the partitions of a workbook are those of the same rows as CSV
    reader = LogReader(workbook)
    assert reader.stats.partitions == 0
    by_workbook = sorted((c.id, c.instances) for c in reader.cases(grouped=False))
    assert reader.stats.partitions >= 2
    assert by_workbook == sorted((c.id, c.instances) for c in LogReader(scattered_csv).cases(grouped=False))
    assert read_log(workbook).traces == read_log(simulated).traces


def _open_files(path: Path) -> list[str]:
    folder = Path("/proc/self/fd")
    found = []
    for fd in os.listdir(folder):
        try:
            if os.readlink(folder / fd) == str(path):
                found.append(fd)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_the_workbook_is_closed_after_reading_and_after_an_error(table: tuple[list[str], list[list[str]]],
                                                                   tmp_path: Path) -> None:
    header, rows = table
    workbook = write_xlsx(tmp_path / "log.xlsx", header, rows).resolve()
    cases = LogReader(workbook).cases()
    next(cases)
    assert _open_files(workbook)  # read_only keeps the file open while its rows are read
    list(cases)
    assert not _open_files(workbook)
    with pytest.raises(LogError):
        list(LogReader(workbook, options=LogOptions(sheet="nope")).cases())
    assert not _open_files(workbook)
    half = LogReader(workbook).cases()
    next(half)
    half.close()  # a reader stopped early (discover's or conform's error) closes it too
    assert not _open_files(workbook)


def test_openpyxl_is_imported_only_to_read_a_workbook() -> None:
    code = ("import sys; import approvalnet.cli, approvalnet.eventlog, approvalnet.commands.conform, "
            "approvalnet.commands.discover; print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.stdout.strip() == "False"


def test_column_letters() -> None:
    assert [_column_letter(i) for i in (0, 6, 25, 26, 27, 701, 702)] == ["A", "G", "Z", "AA", "AB", "ZZ", "AAA"]
