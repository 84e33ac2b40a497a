"""Reading event logs for discovery: the three shapes of CSV log, column options, time zones, XES, and clear
errors (the reader is ``eventlog``'s, shared with ``conform``)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from approvalnet.discover.read import read_log
from approvalnet.eventlog import LogColumns, LogError, LogOptions

LIFECYCLE = """case_id,activity,resource,lifecycle,timestamp
1,收件,window#1,start,2025-03-03T09:00:00.000+08:00
1,收件,window#1,complete,2025-03-03T09:10:00.000+08:00
1,审查,office#2,start,2025-03-03T09:30:00.000+08:00
2,收件,window#2,start,2025-03-03T09:05:00.000+08:00
1,审查,office#2,complete,2025-03-03T10:00:00.000+08:00
2,收件,window#2,complete,2025-03-03T09:20:00.000+08:00
2,审查,office#1,schedule,2025-03-03T09:20:00.000+08:00
"""


def write(tmp_path: Path, text: str, name: str = "log.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_starts_are_paired_with_completions(tmp_path: Path) -> None:
    log = read_log(write(tmp_path, LIFECYCLE))
    assert log.rows == 7 and log.has_start and log.has_resource
    assert [(e.activity, e.start.time(), e.end.time(), e.resource) for e in log.traces["1"]] == [
        ("收件", datetime.time(9, 0), datetime.time(9, 10), "window#1"),
        ("审查", datetime.time(9, 30), datetime.time(10, 0), "office#2")]
    assert [e.activity for e in log.traces["2"]] == ["收件"]  # 'schedule' is not an execution


def test_timestamps_with_an_offset_are_converted_to_the_office_clock(tmp_path: Path) -> None:
    text = "case,activity,timestamp\nA,x,2025-03-03T01:00:00Z\nA,y,2025-03-03T02:30:00Z\n"
    assert read_log(write(tmp_path, text)).traces["A"][0].end == datetime.datetime(2025, 3, 3, 9, 0)
    assert read_log(write(tmp_path, text), options=LogOptions(utc_offset=0)).traces["A"][1].end == datetime.datetime(
        2025, 3, 3, 2, 30)


def test_timestamps_with_and_without_an_offset_in_one_log(tmp_path: Path) -> None:
    # one rule for every value: with an offset, converted to the office's clock; without, on it already
    text = "case_id,activity,timestamp\n1,a,2025-03-03T01:00:00Z\n1,b,2025-03-03 09:10\n"
    assert [e.end.time() for e in read_log(write(tmp_path, text)).traces["1"]] == [datetime.time(9, 0),
                                                                                  datetime.time(9, 10)]


def test_a_start_timestamp_column_gives_one_execution_per_row(tmp_path: Path) -> None:
    text = ("CaseID;Task;Begin;End;Who\n7;a;2025-03-03 09:00;2025-03-03 09:30;Li\n"
            "7;b;2025-03-03 09:40;2025-03-03 10:00;Wang\n")
    columns = LogColumns(case="CaseID", activity="Task", timestamp="End", start_timestamp="Begin", resource="Who")
    log = read_log(write(tmp_path, text), columns, LogOptions(delimiter=";"))
    assert [(e.activity, e.start.minute, e.end.minute, e.resource) for e in log.traces["7"]] == [
        ("a", 0, 30, "Li"), ("b", 40, 0, "Wang")]


def test_completions_only(tmp_path: Path) -> None:
    text = "case_id,activity,timestamp\n1,b,2025-03-03 10:00\n1,a,2025-03-03 09:00\n"
    log = read_log(write(tmp_path, text))
    assert [e.activity for e in log.traces["1"]] == ["a", "b"]  # in time order
    assert not log.has_start and not log.has_resource


def test_gbk_text_is_read_with_its_encoding(tmp_path: Path) -> None:
    text = "case_id,activity,timestamp\n1,受理,2025-03-03 09:00\n"
    path = write(tmp_path, text, encoding="gbk")
    with pytest.raises(LogError, match=r"not utf-8-sig text.*--encoding"):
        read_log(path)
    assert read_log(path, options=LogOptions(encoding="gbk")).traces["1"][0].activity == "受理"


@pytest.mark.parametrize(
    ("text", "columns", "message"),
    [("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n1,b,yesterday\n", LogColumns(),
      r"log\.csv:3: cannot read 'yesterday' in column 'timestamp' as a timestamp"),
     ("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n,b,2025-03-03 09:10\n", LogColumns(),
      r"log\.csv:3: the case id \(column 'case_id'\) is empty"),
     ("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n1,,2025-03-03 09:10\n", LogColumns(),
      r"log\.csv:3: the activity \(column 'activity'\) is empty"),
     ("case_id,activity,timestamp\n1,a,\n", LogColumns(), r"log\.csv:2: the timestamp \(column 'timestamp'\) is empty"),
     ("id,what,when\n1,a,2025-03-03 09:00\n", LogColumns(),
      r"log\.csv:1: which column holds the case\? .* the columns are: 'id', 'what', 'when'"),
     ("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n", LogColumns(resource="who"),
      r"log\.csv:1: no column 'who' for the resource"),
     ("case_id,activity,start_time,timestamp\n1,a,2025-03-03 10:00,2025-03-03 09:00\n", LogColumns(),
      r"log\.csv:2: the start 2025-03-03 10:00 \(column 'start_time'\) is after the end 2025-03-03 09:00"),
     ("case_id,activity,timestamp\n", LogColumns(), r"the log holds no case")],
)
def test_problems_name_the_file_and_the_line(tmp_path: Path, text: str, columns: LogColumns, message: str) -> None:
    with pytest.raises(LogError, match=message):
        read_log(write(tmp_path, text), columns)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("log.csv", b"", "the file is empty"),
     ("log.csv", b"\xff\xfe\x00\x81garbage", "not utf-8-sig text"),
     ("log.xes", b"<log><trace>", "log.xes:1:13: not well-formed XML"),
     ("log.json", b"{}", "an event log is a .csv, .xlsx, .xlsm, .xes, .xes.gz or .parquet file"),
     ("missing.csv", None, "no such file")],
)
def test_unreadable_logs(tmp_path: Path, name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(LogError, match=message):
        read_log(path)


def test_xes_from_the_simulator(simulated) -> None:
    process, path = simulated("examples/minimal.yaml", ".xes", cases=50)
    log = read_log(path)
    assert len(log.traces) == 50 and log.has_start and log.has_resource
    assert set(log.activities) <= {s.name for s in process.steps}
    assert log.columns["lifecycle"] == "lifecycle:transition"
