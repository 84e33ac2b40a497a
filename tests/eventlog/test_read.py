"""The one reader of event logs: which columns it finds, the three shapes of CSV, what it knows of
each instance's times, XES, and messages at the file's line."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from approvalnet.eventlog import (
    END_ONLY,
    SPAN,
    START_ONLY,
    LogColumns,
    LogError,
    LogOptions,
    LogReader,
    NotGrouped,
    parse_time,
)


def write(tmp_path: Path, text: str, name: str = "log.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, columns: LogColumns | None = None, options: LogOptions | None = None) -> tuple[LogReader, list]:
    reader = LogReader(path, columns, options)
    return reader, list(reader.cases())


def t(text: str) -> float:
    return parse_time(text)


@pytest.mark.parametrize(("header", "used"), [
    ("case_id,activity,timestamp", {"case": "case_id", "activity": "activity", "timestamp": "timestamp"}),
    ("case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition",
     {"case": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp",
      "resource": "org:resource", "lifecycle": "lifecycle:transition"}),
    ("Case_Key,Task,End Time,Performer", {"case": "Case_Key", "activity": "Task", "timestamp": "End Time",
                                          "resource": "Performer"}),
    ("caseid,event,time,user,event_type", {"case": "caseid", "activity": "event", "timestamp": "time",
                                           "resource": "user", "lifecycle": "event_type"}),
    # a start column found by its name makes rows activity instances, unless a lifecycle says more
    ("case,activity,start_time,end_time", {"case": "case", "activity": "activity", "timestamp": "end_time",
                                           "start_timestamp": "start_time"}),
    ("case,activity,start_time,end_time,lifecycle", {"case": "case", "activity": "activity", "timestamp": "end_time",
                                                     "lifecycle": "lifecycle"}),
])
def test_columns_are_found_by_their_usual_names(tmp_path: Path, header: str, used: dict[str, str]) -> None:
    reader = LogReader(write(tmp_path, header + "\n"))
    list(reader.cases())
    assert reader.stats.columns == used


def test_named_columns_are_matched_without_case_and_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, " 办件编号 ,Step,Ende\n1,a,2025-03-03 09:00\n")
    reader, cases = read(path, LogColumns(case="办件编号", activity="step", timestamp="ENDE"))
    assert reader.stats.columns == {"case": "办件编号", "activity": "Step", "timestamp": "Ende"}
    assert cases[0].instances == [("a", t("2025-03-03 09:00"), t("2025-03-03 09:00"), "", END_ONLY)]


def test_a_named_start_column_wins_over_a_lifecycle_found_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, "case,activity,lifecycle,begin,timestamp\n1,a,start,2025-03-03 09:00,2025-03-03 09:30\n")
    reader, cases = read(path, LogColumns(start_timestamp="begin"))
    assert "lifecycle" not in reader.stats.columns
    assert cases[0].instances == [("a", t("2025-03-03 09:00"), t("2025-03-03 09:30"), "", SPAN)]


def test_what_the_log_tells_of_each_instance(tmp_path: Path) -> None:
    text = ("case_id,activity,lifecycle,timestamp,resource\n"
            "1,a,start,2025-03-03 09:00,li\n"
            "1,a,complete,2025-03-03 09:20,\n"  # paired: the start's resource
            "1,b,complete,2025-03-03 09:40,wang\n"  # no start
            "1,c,start,2025-03-03 10:00,zhao\n"  # never completed
            "1,c,suspend,2025-03-03 10:10,zhao\n")
    reader, cases = read(write(tmp_path, text))
    assert cases[0].instances == [("a", t("2025-03-03 09:00"), t("2025-03-03 09:20"), "li", SPAN),
                                  ("b", t("2025-03-03 09:40"), t("2025-03-03 09:40"), "wang", END_ONLY),
                                  ("c", t("2025-03-03 10:00"), t("2025-03-03 10:00"), "zhao", START_ONLY)]
    assert (reader.stats.events, reader.stats.other_lifecycle) == (4, 1)


def test_instances_with_and_without_a_start(tmp_path: Path) -> None:
    text = "case_id,activity,start_timestamp,timestamp\n1,a,2025-03-03 09:00,2025-03-03 09:30\n1,b,,2025-03-03 10:00\n"
    _, cases = read(write(tmp_path, text))
    assert [(i[0], i[4]) for i in cases[0].instances] == [("a", SPAN), ("b", END_ONLY)]


def test_a_log_not_grouped_by_case_reads_the_same_in_partitions(tmp_path: Path) -> None:
    rows = [f"{c},{a},{'2025-03-03 09:00' if a == 'x' else ''},2025-03-03 {9 + k}:{c % 60:02d}"
            for c in range(200) for k, a in enumerate(("x", "y", "z"))]
    grouped = write(tmp_path, "case_id,activity,start_timestamp,timestamp\n" + "\n".join(rows) + "\n", "grouped.csv")
    random.Random(2).shuffle(rows)
    scattered = write(tmp_path, "case_id,activity,start_timestamp,timestamp\n" + "\n".join(rows) + "\n",
                      "scattered.csv")
    reader = LogReader(scattered)
    with pytest.raises(NotGrouped):
        list(reader.cases())
    apart = {c.id: c.instances for c in reader.cases(grouped=False)}
    assert reader.stats.partitions >= 2
    assert apart == {c.id: c.instances for c in read(grouped)[1]}


def test_utf8_with_and_without_a_byte_order_mark(tmp_path: Path) -> None:
    text = "case_id,activity,timestamp\n1,受理,2025-03-03 09:00\n"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig")):
        path = tmp_path / "log.csv"
        path.write_bytes(data)
        reader, cases = read(path)
        assert reader.stats.columns["case"] == "case_id" and cases[0].instances[0][0] == "受理"


@pytest.mark.parametrize(("text", "message"), [
    ("", r"log\.csv: the file is empty"),
    ("\ncase_id,activity,timestamp\n", r"log\.csv:1: the first line is blank"),
    ("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n\n1,b\n",
     r"log\.csv:4: the row has 2 columns, fewer than the 3"),
    ("case_id,activity,timestamp\n1, ,2025-03-03 09:00\n", r"log\.csv:2: the activity \(column 'activity'\) is empty"),
    ("case_id,activity,timestamp\n1,a,\n", r"log\.csv:2: the timestamp \(column 'timestamp'\) is empty"),
    ("case_id,activity,timestamp\n1,a,03/04/2025\n",
     r"log\.csv:2: cannot read '03/04/2025' in column 'timestamp' as a timestamp .*--timestamp-format"),
    ("case_id,activity,start,timestamp\n1,a,2025-03-03 10:00,2025-03-03 09:00\n",
     r"log\.csv:2: the start 2025-03-03 10:00 \(column 'start'\) is after the end 2025-03-03 09:00"),
    ("case_id,activity,timestamp\n1,a,2025-03-03 09:00\n2," + "b" * 200_000 + ",2025-03-03 09:00\n",
     r"log\.csv:3: not a readable CSV file: field larger than field limit"),
])
def test_problems_at_their_line(tmp_path: Path, text: str, message: str) -> None:
    columns = LogColumns(start_timestamp="start") if ",start," in text else None
    with pytest.raises(LogError, match=message):
        read(write(tmp_path, text), columns)


def test_options_that_cannot_be(tmp_path: Path) -> None:
    path = write(tmp_path, "case_id,activity,timestamp\n1,a,2025-03-03 09:00\n")
    with pytest.raises(LogError, match="the delimiter must be one character"):
        LogReader(path, options=LogOptions(delimiter=";;"))
    with pytest.raises(LogError, match="unknown text encoding 'klingon'"):
        read(path, options=LogOptions(encoding="klingon"))


XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <trace>
    <string key="concept:name" value="7"/>
    <event>
      <string key="concept:name" value="收件"/>
      <date key="start_timestamp" value="2025-03-03T09:00:00+08:00"/>
      <date key="time:timestamp" value="2025-03-03T09:20:00+08:00"/>
    </event>
    <event>
      <string key="concept:name" value="{activity}"/>
      <date key="time:timestamp" value="2025-03-03T10:00:00+08:00"/>
    </event>
  </trace>
</log>
"""


def test_xes_with_start_times_as_pm4py_writes_them(tmp_path: Path) -> None:
    reader, cases = read(write(tmp_path, XES.format(activity="审查"), "log.xes"))
    assert reader.stats.columns["start_timestamp"] == "start_timestamp"
    assert cases[0].id == "7" and cases[0].instances == [
        ("收件", t("2025-03-03 09:00"), t("2025-03-03 09:20"), "", SPAN),
        ("审查", t("2025-03-03 10:00"), t("2025-03-03 10:00"), "", END_ONLY)]


@pytest.mark.parametrize(("text", "message"), [
    (XES.format(activity=" "), r"log\.xes:10: the activity \(attribute 'concept:name'\) is empty"),
    (XES.replace("2025-03-03T10:00:00+08:00", "soon"),
     r"log\.xes:10: cannot read 'soon' in attribute 'time:timestamp' as a timestamp"),
    (XES.replace("</trace>", ""), r"log\.xes:15:7: not well-formed XML: Opening and ending tag mismatch: trace line 3"),
    ('<?xml version="1.0"?>\n<html/>', r"log\.xes:2: not an XES event log: the root element is <html>, not <log>"),
])
def test_xes_problems_at_their_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LogError, match=message) as caught:
        read(write(tmp_path, text, "log.xes"))
    assert ", line " not in str(caught.value)  # lxml's own position is not repeated
