"""A log in parts (conform/partitioned.py): each part checked on its own, here or on Dask's workers,
and the merged result the same, byte for byte in JSON, as the whole folder read as one stream."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import approvalnet  # noqa: E402
from approvalnet.cli import main  # noqa: E402
from approvalnet.conform import conform  # noqa: E402
from approvalnet.conform.partitioned import case_hashes, merge  # noqa: E402
from approvalnet.eventlog import LogReader, write_parquet  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FOOD = ROOT / "processes" / "kunming" / "food-business-licence.yaml"


def without_clock(result) -> dict:
    data = result.to_json()
    for key in ("seconds", "cases_per_second"):
        data.pop(key)
    return data


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Path:
    """A simulated log of 300 cases, one case in nine with an activity the process does not know
    (a different one in different cases, so that the parts meet them in different orders)."""
    folder = tmp_path_factory.mktemp("partitioned")
    source = folder / "simulated.csv"
    assert main(["simulate", str(FOOD), "--cases", "300", "--seed", "4", "--log", str(source),
                 "--format", "json"]) == 0
    with open(source, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    i = header.index("activity")
    for r in rows:
        n = int(r[0])
        if n % 9 == 0 and r[i] == "收件":
            r[i] = "电话咨询" if n % 2 else "现场踏勘预约"
    target = folder / "log.csv"
    with open(target, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return target


def parts_of(log: Path, folder: Path, parts: int) -> Path:
    write_parquet(LogReader(log).cases(), folder, parts)
    return folder


def test_parts_are_cut_by_case_and_hold_every_row(log, tmp_path):
    folder = parts_of(log, tmp_path / "parts", 4)
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"part-{k:05d}.parquet" for k in range(4)]
    tables = [pq.read_table(f) for f in files]
    ids = [set(t.column("case_id").to_pylist()) for t in tables]
    assert all(ids), "every part holds cases"
    assert sum(len(s) for s in ids) == len(set().union(*ids)) == 300  # no case in two parts
    whole = conform(approvalnet.load(FOOD), log)
    assert sum(t.num_rows for t in tables) == whole.events


def test_the_parts_merge_to_what_the_folder_read_as_one_gives(log, tmp_path):
    process = approvalnet.load(FOOD)
    folder = parts_of(log, tmp_path / "parts", 5)
    merged = conform(process, folder)
    stream = conform(process, folder, columnar=False)  # the folder as one log, case by case
    assert without_clock(merged) == without_clock(stream)
    data = without_clock(merged)
    assert data["cases"] == 300 and len(data["unknown_activities"]) == 2
    # and the figures of the CSV it came from: the same cases, variants and deviations (only the
    # order of the deviating cases follows the parts)
    single = without_clock(conform(process, log))
    for key in ("cases", "events", "variants", "fitness", "precision", "deviations", "cases_with",
                "unknown_activities"):
        assert data.get(key) == single.get(key), key


def test_parts_that_share_a_case_are_read_as_one_log(log, tmp_path):
    process = approvalnet.load(FOOD)
    folder = tmp_path / "shared"
    folder.mkdir()
    table = pq.read_table(parts_of(log, tmp_path / "p", 1) / "part-00000.parquet")
    ids = table.column("case_id").to_pylist()
    half = table.num_rows // 2
    while ids[half] != ids[half - 1]:
        half += 1  # mid-case: one case starts in one part and ends in the next
    pq.write_table(table.slice(0, half), folder / "part-0.parquet")
    pq.write_table(table.slice(half), folder / "part-1.parquet")
    first, second = (set(table.slice(*span).column("case_id").to_pylist()) for span in ((0, half), (half,)))
    assert first & second, "the two parts share a case"
    assert without_clock(conform(process, folder)) == without_clock(conform(process, folder, columnar=False))


def test_merge_gives_up_when_a_case_id_comes_twice():
    from approvalnet.conform.core import _Tally
    from approvalnet.conform.partitioned import PartResult
    from approvalnet.eventlog import LogStats

    def part(ids: list[str]) -> PartResult:
        return PartResult(_Tally(cases=len(ids), events=len(ids)), LogStats(events=len(ids)), [], [],
                          case_hashes(ids), 1)

    assert merge([part(["a", "b"]), part(["c"])]) is not None
    assert merge([part(["a", "b"]), part(["b"])]) is None
    # the hash is the same in every process (not Python's salted hash): workers and client agree
    code = "from approvalnet.conform.partitioned import case_hashes; print(case_hashes(['办件-1']).tolist())"
    env = {"PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "random", "PATH": "/usr/bin:/bin"}
    runs = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    assert runs == {f"{case_hashes(['办件-1']).tolist()}\n"}


def test_log_convert_writes_parts_and_refuses_to_replace_other_folders(log, tmp_path, capsys):
    out = tmp_path / "parts"
    assert main(["log", "convert", str(log), str(out), "--parts", "3"]) == 0
    assert len(list(out.glob("part-*.parquet"))) == 3
    assert main(["log", "convert", str(log), str(out), "--parts", "3"]) == 2  # exists: --force
    assert main(["log", "convert", str(log), str(out), "--parts", "2", "--force"]) == 0
    assert len(list(out.glob("part-*.parquet"))) == 2  # replaced whole, not mixed
    other = tmp_path / "documents"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    capsys.readouterr()
    assert main(["log", "convert", str(log), str(other), "--parts", "2", "--force"]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    inside = tmp_path / "with-log"
    inside.mkdir()
    copy = inside / "part-0.parquet"
    copy.write_bytes((out / "part-00000.parquet").read_bytes())
    assert main(["log", "convert", str(copy), str(inside), "--parts", "2", "--force"]) == 2
    assert copy.exists()
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written folder left behind


def test_the_same_bytes_on_a_local_dask_cluster(log, tmp_path):
    pytest.importorskip("distributed", reason="--scheduler needs Dask: pip install 'approvalnet[scale]'")
    folder = parts_of(log, tmp_path / "parts", 4)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

    def run(*extra: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "approvalnet", "conform", str(FOOD), str(folder), "--format",
                               "json", *extra], cwd=ROOT, env=env, capture_output=True, timeout=240, check=False)
        assert done.returncode in (0, 1), done.stderr.decode()
        assert b"Traceback" not in done.stderr
        data = json.loads(done.stdout)
        for key in ("seconds", "cases_per_second"):
            data.pop(key)
        return data

    assert run() == run("--scheduler", "local:2")
