"""``approvalnet conform``: exit codes, JSON, column mappings, mapping files, unreadable logs, the report,
logs that are not sorted by case, and streaming."""

from __future__ import annotations

import csv
import gzip
import json
import random
import shutil
import tracemalloc
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.conform import LogColumns, conform
from approvalnet.eventlog import LogReader
from approvalnet.language.types import Process

from .conftest import CASES, PROCESS
from .helpers import Row, by_case, steps_of, write_rows


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["conform", str(PROCESS), *args])
    out, err = capsys.readouterr()
    return code, out, err


def drop_a_review(rows: list[Row], n: int = 3) -> tuple[list[Row], list[str]]:
    cases = by_case(rows)
    chosen = [c for c, events in cases.items() if "health-review" in steps_of(events)][:n]
    for case in chosen:
        cases[case] = [row for row in cases[case] if row["step"] != "health-review"]
    return [row for events in cases.values() for row in events], chosen


def test_json_of_a_conforming_log_and_exit_0(capsys: pytest.CaptureFixture[str], logs: dict[str, Path]) -> None:
    code, out, _ = run(capsys, str(logs["csv"]), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["fitness"] == 1.0 and 0 < data["precision"] <= 1
    assert data["conforming_cases"] == CASES and data["deviating_cases"] == []
    assert set(data["limit_violations"]) == {"late-promised", "late-statutory", "late-delivery"}
    assert all(v["cases"] == 0 for v in data["limit_violations"].values())


def test_deviations_exit_1_with_the_cases_in_json(capsys: pytest.CaptureFixture[str], rows: list[Row],
                                                  tmp_path: Path) -> None:
    changed, chosen = drop_a_review(rows)
    code, out, _ = run(capsys, str(write_rows(tmp_path / "log.csv", changed)), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [c["case"] for c in data["deviating_cases"]] == chosen
    assert all([d["kind"] for d in c["deviations"]] == ["skipped-step"] for c in data["deviating_cases"])
    assert data["conforming_cases"] == CASES - len(chosen)
    assert data["by_step"] == {"health-review": {"skipped-step": len(chosen)}}


def test_text_output_names_the_deviations(capsys: pytest.CaptureFixture[str], rows: list[Row], tmp_path: Path) -> None:
    changed, chosen = drop_a_review(rows, 2)
    code, out, _ = run(capsys, str(write_rows(tmp_path / "log.csv", changed)))
    assert code == 1
    assert "skipped-step" in out and "卫生审查" in out and f"case {chosen[0]}" in out
    assert f"{len(chosen)} of {CASES} cases deviate" in out


def test_a_csv_of_activity_instances_with_its_own_column_names(capsys: pytest.CaptureFixture[str], rows: list[Row],
                                                               tmp_path: Path) -> None:
    """One row per step execution, Chinese column names, semicolons: mapped with the options."""
    instances: list[dict[str, str]] = []
    for case, events in by_case(rows).items():
        started: dict[str, list[str]] = {}
        for row in events:
            if row["lifecycle"] == "start":
                started.setdefault(row["activity"], []).append(row["timestamp"])
            else:
                began = started[row["activity"]].pop(0)
                instances.append({"办件编号": case, "环节": row["activity"], "开始时间": began,
                                  "完成时间": row["timestamp"], "经办人": row["resource"]})
    random.Random(1).shuffle(instances)  # and not sorted at all
    path = tmp_path / "instances.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["办件编号", "环节", "开始时间", "完成时间", "经办人"], delimiter=";")
        writer.writeheader()
        writer.writerows(instances)
    code, out, _ = run(capsys, str(path), "--case", "办件编号", "--activity", "环节", "--start-timestamp", "开始时间",
                       "--timestamp", "完成时间", "--resource", "经办人", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["cases"] == CASES and data["fitness"] == 1.0 and data["deviating_cases"] == []
    assert data["columns"] == {"case": "办件编号", "activity": "环节", "timestamp": "完成时间", "resource": "经办人",
                               "start_timestamp": "开始时间"}
    code, _, err = run(capsys, str(path))
    assert code == 2 and "which column holds the case" in err and "办件编号" in err
    code, _, err = run(capsys, str(path), "--case", "办件号", "--activity", "环节", "--timestamp", "完成时间")
    assert code == 2 and "no column '办件号'" in err and "did you mean '办件编号'" in err


def test_a_mapping_file_names_the_steps_of_other_activities(capsys: pytest.CaptureFixture[str], rows: list[Row],
                                                             tmp_path: Path) -> None:
    aliases = {"收件": "窗口收件登记", "材料审查": "材料初审", "联合决定": "联席会议决定"}
    changed = [{**row, "activity": aliases.get(row["activity"], row["activity"])} for row in rows]
    cases = by_case(changed)
    for events in cases.values():  # a system event in every case, which is no step
        events.insert(0, {**events[0], "activity": "系统推送", "lifecycle": "complete"})
    path = write_rows(tmp_path / "aliases.csv", [row for events in cases.values() for row in events])
    mapping = tmp_path / "map.yaml"
    mapping.write_text("窗口收件登记: receive\n材料初审: 材料审查   # by name\n联席会议决定: decide\n系统推送: null\n",
                       encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--mapping", str(mapping), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["ignored_activities"] == {"系统推送": CASES} and data["unknown_activities"] == {}
    code, out, _ = run(capsys, str(path), "--format", "json")  # without it: steps not in the standard
    assert code == 1
    assert set(json.loads(out)["unknown_activities"]) == {"窗口收件登记", "材料初审", "联席会议决定", "系统推送"}
    mapping.write_text("窗口收件登记: receive\n材料初审: chek\n", encoding="utf-8")
    code, _, err = run(capsys, str(path), "--mapping", str(mapping))
    assert code == 2 and f"{mapping}:2:" in err and "did you mean 'check'" in err


@pytest.mark.parametrize("content, expected", [
    (None, "no such file"),
    ("<log><trace><event>", "log.xes:1:20: not well-formed XML"),
    ("<log/>", "no <trace>"),
])
def test_unreadable_xes_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None,
                                expected: str) -> None:
    path = tmp_path / "log.xes"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2 and expected in err and "Traceback" not in err + out


def test_bad_rows_and_names_exit_2_with_the_line(capsys: pytest.CaptureFixture[str], rows: list[Row],
                                                 tmp_path: Path) -> None:
    broken = [dict(row) for row in rows]
    broken[41]["timestamp"] = "yesterday"
    code, _, err = run(capsys, str(write_rows(tmp_path / "log.csv", broken)))
    assert code == 2 and f"log.csv:{41 + 2}:" in err and "'yesterday'" in err  # row 41 is line 43 (header, 1-based)
    code, _, err = run(capsys, str(tmp_path / "log.txt"))
    assert code == 2 and ".csv, .xlsx, .xlsm, .xes, .xes.gz or .parquet" in err
    (tmp_path / "gbk.csv").write_bytes((tmp_path / "log.csv").read_text(encoding="utf-8").encode("gbk"))
    code, _, err = run(capsys, str(tmp_path / "gbk.csv"))
    assert code == 2 and "--encoding" in err


def test_gbk_and_gzipped_xes(capsys: pytest.CaptureFixture[str], logs: dict[str, Path], rows: list[Row],
                             tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    with open(path, "w", encoding="gbk", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert run(capsys, str(path), "--encoding", "gbk")[0] == 0
    zipped = tmp_path / "events.xes.gz"
    with open(logs["xes"], "rb") as source, gzip.open(zipped, "wb") as target:
        shutil.copyfileobj(source, target)
    assert run(capsys, str(zipped))[0] == 0


def test_a_log_not_sorted_by_case_gives_the_same_result(process: Process, rows: list[Row], tmp_path: Path) -> None:
    changed, chosen = drop_a_review(rows, 5)
    grouped = conform(process, write_rows(tmp_path / "grouped.csv", changed))
    shuffled = list(changed)
    random.Random(3).shuffle(shuffled)
    scattered = conform(process, write_rows(tmp_path / "shuffled.csv", shuffled))
    assert not any("not grouped" in note for note in grouped.notes)
    assert any("not grouped by case" in note for note in scattered.notes)
    assert sorted(c.case for c in scattered.deviating_cases) == sorted(chosen)
    assert {c.case: c.deviations for c in scattered.deviating_cases} == {c.case: c.deviations
                                                                        for c in grouped.deviating_cases}
    assert (scattered.cases, scattered.events, scattered.fitness, scattered.precision) == (
        grouped.cases, grouped.events, grouped.fitness, grouped.precision)


def test_the_html_report(capsys: pytest.CaptureFixture[str], rows: list[Row], tmp_path: Path) -> None:
    changed, chosen = drop_a_review(rows, 4)
    report = tmp_path / "report.html"
    code, _, err = run(capsys, str(write_rows(tmp_path / "log.csv", changed)), "--report", str(report))
    assert code == 1 and "report written" in err
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http://" not in page.replace("http://www.w3.org", "")
    assert "The worst cases" in page and all(f"<td>{case}</td>" in page for case in chosen)
    assert "health-review" in page and "skipped-step" in page
    if shutil.which("dot"):
        assert "<svg" in page
        assert "deviations: 4" in page  # the badge of the step with its count
        assert f"缺少环节 卫生审查 ×{len(chosen)}" in page  # the arc the cases took around it


def test_progress_lines_when_asked(capsys: pytest.CaptureFixture[str], logs: dict[str, Path]) -> None:
    code, _, err = run(capsys, str(logs["csv"]), "--progress")
    assert code == 0 and f"conform: {CASES} cases" in err
    code, _, err = run(capsys, str(logs["csv"]), "--format", "json")
    assert code == 0 and "conform:" not in err


def _peak(process: Process, path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        result = conform(process, path, columnar=False)  # the stream; columns hold the log (up to a size)
        return tracemalloc.get_traced_memory()[1], result.cases
    finally:
        tracemalloc.stop()


def test_cases_stream_one_at_a_time(process: Process, logs: dict[str, Path], tmp_path: Path) -> None:
    """The log is read a case at a time: the first case comes before the reader has read much of
    the file, and checking a log of eight times the cases takes no more memory."""
    with open(logs["csv"], encoding="utf-8", newline="") as f:
        base = list(csv.reader(f))
    header, body = base[0], base[1:]
    path = tmp_path / "big.csv"
    copies = 8
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for k in range(copies):
            writer.writerows([f"{k}-{row[0]}", *row[1:]] for row in body)
    size = path.stat().st_size
    seen: list[int] = []
    reader = LogReader(path, LogColumns(), progress=lambda done, total: seen.append(done))
    first = next(iter(reader.cases()))
    assert first.id == "0-0" and len(first.instances) > 5 and max(seen) < size / 20

    conform(process, logs["csv"])  # warm: imports and caches are not what is measured
    small, cases = _peak(process, logs["csv"])
    large, more = _peak(process, path)
    assert (cases, more) == (CASES, copies * CASES)
    # a reader keeping the log would need about twice the file's size more; streaming needs nothing more
    assert large < 1.3 * small, f"peak {large / 1e6:.2f} MB for {more} cases, {small / 1e6:.2f} MB for {cases}"
