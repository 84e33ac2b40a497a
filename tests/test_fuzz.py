"""Fuzzing the readers of what users hand in: event logs (CSV, XES) and BPMN files.

Hypothesis draws inputs from the pieces real files are made of (headers with the usual column
names, timestamps, XES elements, fragments of a real BPMN export) and from junk, a bounded number
of examples each, derandomized so that every run of the suite tries the same inputs (a failure is
reproducible, and the suite's time is bounded). The promise under test: a reader either reads the
file or refuses it with its own error, which names the file (and the line where there is one); never
another exception, never a hang. The YAML loader has its own properties in
tests/language/test_loader_properties.py.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from approvalnet.eventlog import LogError, LogReader, NotGrouped
from approvalnet.formats.bpmn import BpmnError, from_bpmn
from approvalnet.language.loader import parse_process, read_process

ROOT = Path(__file__).resolve().parent.parent
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HEADERS = ["case_id", "case:concept:name", "activity", "concept:name", "timestamp", "time:timestamp", "resource",
           "lifecycle", "lifecycle:transition", "start_timestamp", "办件编号", "环节", "", "x"]
CELLS = ["1", "2", "a", "收件", "审查", "complete", "start", "2025-03-04 09:30", "2025-03-04T09:30:00+08:00",
         "2025/3/4 9:30", "0001-01-01", "9999-12-31", "soon", "", "\"", "\"\"", "=1+1", "\x00", "\r", "𠀀", "1e309"]


def _read_all(path: Path) -> None:
    """Read every case; the reader may refuse the file only with a LogError that names it."""
    reader = LogReader(path)
    try:
        try:
            for _ in reader.cases():
                pass
        except NotGrouped:
            for _ in reader.cases(grouped=False):
                pass
    except LogError as error:
        assert str(error).strip(), "an empty message"
        event("refused")
        return
    event("read")


@st.composite
def csv_logs(draw: st.DrawFn) -> bytes:
    # mostly the three columns a log needs, sometimes anything
    header = draw(st.just(["case_id", "activity", "timestamp"]) | st.lists(st.sampled_from(HEADERS), max_size=6))
    width = max(1, len(header))
    good = st.tuples(st.sampled_from(["1", "2", "3"]), st.sampled_from(["收件", "审查", "决定"]),
                     st.sampled_from(["2025-03-04 09:30", "2025-03-05T10:00:00+08:00", "2025/3/6 9:05"])).map(list)
    cells = st.lists(st.sampled_from(CELLS) | st.text(max_size=6), min_size=0, max_size=width + 1)
    rows = draw(st.lists(good | cells, max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])), errors="replace")
    junk = draw(st.binary(max_size=8))
    return data + junk if draw(st.booleans()) else data


@FUZZ
@given(data=csv_logs())
def test_csv_logs_are_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    _read_all(path)


XES_PIECES = ["<?xml version='1.0' encoding='UTF-8'?>", "<log xes.version='1.0'>", "</log>", "<trace>", "</trace>",
              "<event>", "</event>", "<string key='concept:name' value='收件'/>",
              "<string key='concept:name' value='1'/>",
              "<date key='time:timestamp' value='2025-03-04T09:30:00+08:00'/>",
              "<date key='time:timestamp' value='soon'/>", "<string key='lifecycle:transition' value='start'/>",
              "<string key='org:resource' value='w'/>", "<!DOCTYPE log [<!ENTITY a 'aaaa'>]>", "&a;",
              "<!ENTITY % p SYSTEM 'file:///etc/passwd'>", "<global scope='event'>", "</global>", "<", ">", "&",
              "<event/>", "<trace/>", "<int key='n' value='x'/>"]


ATTRIBUTES = XES_PIECES[7:13]


@st.composite
def xes_logs(draw: st.DrawFn) -> str:
    """A log of traces of events, each with some attributes; then, often, pieces put anywhere."""
    events = st.lists(st.sampled_from(ATTRIBUTES), max_size=4).map(lambda a: "<event>" + "".join(a) + "</event>")
    traces = st.lists(events, max_size=4).map(
        lambda e: "<trace><string key='concept:name' value='c'/>" + "".join(e) + "</trace>")
    parts = [XES_PIECES[0], XES_PIECES[1], *draw(st.lists(traces, max_size=4)), "</log>"]
    for _ in range(draw(st.integers(0, 3))):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(XES_PIECES) | st.text(max_size=5)))
    return "".join(parts)


@FUZZ
@given(text=xes_logs())
def test_xes_logs_are_read_or_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8", errors="replace")
    _read_all(path)


@pytest.fixture(scope="module")
def bpmn() -> bytes:
    from approvalnet.formats.bpmn import to_bpmn

    process, problems = read_process(ROOT / "examples" / "joint-review.yaml")
    assert process is not None, problems
    return to_bpmn(process)


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, int, bytes]]:
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 400)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        junk = draw(st.sampled_from([b"<", b">", b"\"", b"&amp;", b"<bpmn:task id=\"x\"/>", b"\x00", b"\xff\xfe",
                                     b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;", b"0.5", b"-1"])
                    | st.binary(max_size=6))
        edits.append((kind, start, end, junk))
    return edits


def _mutate(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, start, end, junk in edits:
        start, end = min(start, len(data)), min(end, len(data))
        if kind == "delete":
            data = data[:start] + data[end:]
        elif kind == "insert":
            data = data[:start] + junk + data[start:]
        elif kind == "replace":
            data = data[:start] + junk + data[end:]
        else:
            data = data[:end] + data[start:end] + data[end:]
    return data


@FUZZ
@given(st.data())
def test_bpmn_is_imported_or_refused_and_never_yields_an_invalid_process(bpmn: bytes, data: st.DataObject) -> None:
    broken = _mutate(bpmn, data.draw(mutations(len(bpmn))))
    try:
        text, problems = from_bpmn(broken)
    except BpmnError as error:
        assert str(error).strip()
        event("refused")
        return
    event("imported, with problems" if problems else "imported whole")
    process, found = parse_process(text, "imported.yaml")
    assert process is not None, [str(p) for p in found]  # the importer promises a valid process
    assert all(p.line is None or p.line >= 0 for p in problems)


def test_the_fuzzers_reach_both_outcomes(tmp_path: Path, bpmn: bytes) -> None:
    """The strategies are not all junk: a good log and the unmutated BPMN are read."""
    path = tmp_path / "log.csv"
    path.write_text("case_id,activity,timestamp\n1,收件,2025-03-04 09:30\n", encoding="utf-8")
    assert [case.id for case in LogReader(path).cases()] == ["1"]
    text, _ = from_bpmn(bpmn)
    assert parse_process(text, "x.yaml")[0] is not None
    assert set(string.ascii_letters) & set("".join(HEADERS))
