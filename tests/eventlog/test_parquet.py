"""Columnar logs: a Parquet file and a folder of parts give what the same log as CSV gives; logs not
grouped by case across parts; `log convert` round trips; files and folders that are no log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pacsv = pytest.importorskip("pyarrow.csv")

from approvalnet.cli import main  # noqa: E402
from approvalnet.discover.read import read_log  # noqa: E402
from approvalnet.eventlog import LogError, LogReader  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROCESS = str(ROOT / "processes" / "kunming" / "food-business-licence.yaml")
RUN_FIELDS = ("log", "seconds", "cases_per_second", "notes")  # what differs between two readings of one log


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


def conform(capsys: pytest.CaptureFixture[str], log: Path) -> dict:
    code, out, _err = run(capsys, "conform", PROCESS, str(log), "--format", "json")
    assert code in (0, 1)
    data = json.loads(out)
    for key in RUN_FIELDS:
        data.pop(key, None)
    return data


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "log.csv"
    assert main(["simulate", PROCESS, "--cases", "60", "--seed", "3", "--log", str(path), "--format", "json"]) == 0
    return path


@pytest.fixture(scope="module")
def table(simulated: Path):
    return pacsv.read_csv(simulated)


def test_a_parquet_file_gives_what_the_csv_gives(capsys, tmp_path, simulated, table):
    pq.write_table(table, tmp_path / "log.parquet")
    assert conform(capsys, tmp_path / "log.parquet") == conform(capsys, simulated)


def test_a_folder_of_parts_in_subfolders_gives_the_same(capsys, tmp_path, simulated, table):
    folder = tmp_path / "export"
    n = table.num_rows
    for k in range(3):
        part = folder / f"date=2026-0{k + 1}-01"
        part.mkdir(parents=True)
        pq.write_table(table.slice(k * n // 3, (k + 1) * n // 3 - k * n // 3), part / f"part-{k:04d}.parquet")
    (folder / "_SUCCESS").write_text("", encoding="utf-8")  # a marker Spark writes: not a part
    assert conform(capsys, folder) == conform(capsys, simulated)


def test_a_folder_of_csv_parts(capsys, tmp_path, simulated):
    lines = simulated.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    folder = tmp_path / "parts"
    folder.mkdir()
    half = len(rows) // 2
    (folder / "part-0.csv").write_text(header + "".join(rows[:half]), encoding="utf-8")
    (folder / "part-1.csv").write_text(header + "".join(rows[half:]), encoding="utf-8")
    assert conform(capsys, folder) == conform(capsys, simulated)


def test_parts_not_grouped_by_case_are_read_in_partitions(capsys, tmp_path, simulated, table):
    import numpy as np

    shuffled = table.take(pa.array(np.random.default_rng(7).permutation(table.num_rows)))
    folder = tmp_path / "shuffled"
    folder.mkdir()
    n = shuffled.num_rows
    pq.write_table(shuffled.slice(0, n // 2), folder / "part-0.parquet")
    pq.write_table(shuffled.slice(n // 2), folder / "part-1.parquet")
    _code, out, _err = run(capsys, "conform", PROCESS, str(folder), "--format", "json")
    data = json.loads(out)
    assert any("read again in partitions" in note for note in data["notes"])
    expected = conform(capsys, simulated)
    for key in ("cases", "events", "variants", "fitness", "precision", "conforming_cases"):
        assert data[key] == expected[key]
    # the same cases deviate in the same ways; only their order follows the rows' order
    def by_case(items: list[dict]) -> dict[str, dict]:
        return {c["case"]: c for c in items}
    assert by_case(data["deviating_cases"]) == by_case(expected["deviating_cases"])


def test_log_convert_round_trips(capsys, tmp_path, simulated):
    out = tmp_path / "converted.parquet"
    code, _out, err = run(capsys, "log", "convert", str(simulated), str(out))
    assert code == 0 and "written to" in err
    assert pq.read_schema(out).names == ["case_id", "activity", "lifecycle", "timestamp", "resource"]
    assert conform(capsys, out) == conform(capsys, simulated)
    import dataclasses

    # discovery reads the same executions (only the path differs)
    assert dataclasses.replace(read_log(out), path="log") == dataclasses.replace(read_log(simulated), path="log")


def test_log_convert_refuses_to_replace_and_needs_parquet(capsys, tmp_path, simulated):
    out = tmp_path / "c.parquet"
    out.write_bytes(b"keep")
    code, _out, err = run(capsys, "log", "convert", str(simulated), str(out))
    assert code == 2 and "--force" in err and out.read_bytes() == b"keep"
    code, _out, err = run(capsys, "log", "convert", str(simulated), str(tmp_path / "c.csv"))
    assert code == 2 and ".parquet" in err


def test_discover_reads_parquet(capsys, tmp_path, table):
    pq.write_table(table, tmp_path / "log.parquet")
    code, out, _err = run(capsys, "discover", str(tmp_path / "log.parquet"), "--format", "json")
    assert code == 0
    assert json.loads(out)["cases"] == 60


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: (d / "log.parquet").write_bytes(b"PAR1 but not really"), "not a readable Parquet file"),
    (lambda d: (d / "empty").mkdir(), "without .parquet or .csv parts"),
])
def test_what_is_no_columnar_log_is_one_clear_error(capsys, tmp_path, make, message):
    make(tmp_path)
    target = next(p for p in tmp_path.iterdir())
    code, _out, err = run(capsys, "conform", PROCESS, str(target))
    assert code == 2 and message in err


def test_parts_of_two_kinds_or_other_columns_are_refused(capsys, tmp_path, table, simulated):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    pq.write_table(table, mixed / "a.parquet")
    shutil.copy(simulated, mixed / "b.csv")
    code, _out, err = run(capsys, "conform", PROCESS, str(mixed))
    assert code == 2 and "both .parquet and .csv parts" in err
    other = tmp_path / "other"
    other.mkdir()
    pq.write_table(table, other / "a.parquet")
    pq.write_table(table.rename_columns([f"{n}_x" if n == "step" else n for n in table.column_names]),
                   other / "b.parquet")
    with pytest.raises(LogError, match="are not those of the first part"):
        list(LogReader(other).cases(grouped=False))


def test_a_missing_column_names_the_part(capsys, tmp_path, table):
    pq.write_table(table.drop_columns(["activity"]), tmp_path / "log.parquet")
    code, _out, err = run(capsys, "conform", PROCESS, str(tmp_path / "log.parquet"))
    assert code == 2 and "log.parquet" in err and "activity" in err
