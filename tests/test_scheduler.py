"""``--scheduler``: the same results, byte for byte, whether the work runs here or on Dask's workers.

The workers are a local cluster (``local:2``) or a scheduler and two workers this module starts as
processes on 127.0.0.1 and stops at the end. Without the option Dask is not imported at all.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from approvalnet.parallel import Scheduler, SchedulerError, map_files, parse_scheduler

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
FOOD = "processes/kunming/food-business-licence.yaml"
ITEMS = ("food-business-licence.yaml", "food-business-licence-renewal.yaml", "public-place-hygiene-licence.yaml")

distributed = pytest.importorskip("distributed", reason="--scheduler needs Dask: pip install 'approvalnet[scale]'")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.pop("LANGUAGE", None)
    env["LANG"] = "C.UTF-8"
    return env


def approvalnet(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "approvalnet", *args], cwd=ROOT, env=_env(), capture_output=True,
                          timeout=timeout, check=False)


def same_both_ways(scheduler: str, *args: str) -> bytes:
    """The command's stdout, which must be the same bytes with and without ``--scheduler``."""
    here = approvalnet(*args)
    there = approvalnet(*args, "--scheduler", scheduler)
    assert here.returncode == there.returncode, there.stderr.decode()
    assert here.stdout == there.stdout
    assert b"Traceback" not in there.stderr
    return there.stdout


# --- no Dask without the option -------------------------------------------------------------------

def test_without_the_option_dask_is_not_imported() -> None:
    code = ("import sys\nfrom approvalnet.cli import main\n"
            f"main(['check', {FOOD!r}, '--format', 'json'])\n")
    script = ("import sys, runpy, io, contextlib\n"
              "out = io.StringIO()\n"
              "try:\n"
              "    with contextlib.redirect_stdout(out):\n"
              f"        exec(compile({code!r}, 'check', 'exec'))\n"
              "except SystemExit:\n"
              "    pass\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


# --- parsing and errors ---------------------------------------------------------------------------

def test_parse_scheduler() -> None:
    local = parse_scheduler("local")
    assert isinstance(local, Scheduler) and local.workers is None and local.address is None
    assert parse_scheduler("local:3").workers == 3 and parse_scheduler("local:3").address is None
    assert parse_scheduler("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert parse_scheduler("local:2").describe() == "local:2"
    for bad in ("", "remote", "local:0", "local:x", "tcp://host", "tcp://host:99999", "http://host:80"):
        with pytest.raises(ValueError, match="local"):
            parse_scheduler(bad)


def test_bad_scheduler_text_is_a_usage_error() -> None:
    done = approvalnet("check", FOOD, "--scheduler", "cluster-please")
    assert done.returncode == 2
    assert b"--scheduler 'cluster-please' is not a scheduler" in done.stderr and b"Traceback" not in done.stderr


def test_an_unreachable_scheduler_is_a_usage_error_in_bounded_time() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    began = time.monotonic()
    done = approvalnet("simulate", FOOD, "--days", "5", "--scheduler", f"tcp://127.0.0.1:{port}", timeout=60)
    assert done.returncode == 2
    assert b"cannot reach the Dask scheduler" in done.stderr and b"Traceback" not in done.stderr
    assert time.monotonic() - began < 40


# --- a local cluster ------------------------------------------------------------------------------

def test_check_gives_the_same_bytes_on_a_local_cluster() -> None:
    report = json.loads(same_both_ways("local:2", "check", "processes/", "--format", "json"))
    assert report["summary"]["files"] >= 100


def test_simulate_gives_the_same_bytes_on_a_local_cluster() -> None:
    result = json.loads(same_both_ways("local:2", "simulate", FOOD, "--replications", "4", "--days", "20",
                                       "--format", "json"))
    assert result["parameters"]["replications"] == 4


def test_the_event_log_of_the_first_replication_comes_back_from_its_worker(tmp_path: Path) -> None:
    args = ["simulate", FOOD, "--replications", "3", "--days", "10", "--format", "json", "--log"]
    assert approvalnet(*args, str(tmp_path / "here.csv")).returncode == 0
    assert approvalnet(*args, str(tmp_path / "there.csv"), "--scheduler", "local:2").returncode == 0
    assert (tmp_path / "here.csv").read_bytes() == (tmp_path / "there.csv").read_bytes()


# --- a scheduler and two workers of their own -----------------------------------------------------

@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1; the scheduler's address."""
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    env = _env()  # the workers import this module for the tasks that fail once, below
    env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(Path(__file__).parent)])
    common = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", "0", "--no-dashboard", "--scheduler-file", str(file)], **common)]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() or not file.read_text(encoding="utf-8").strip():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        address = json.loads(file.read_text(encoding="utf-8"))["address"]
        for _ in range(2):
            processes.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                                               str(file), "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                                               "--host", "127.0.0.1"], **common))
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_check_gives_the_same_bytes_on_a_scheduler_with_two_workers(cluster: str) -> None:
    # in Chinese: the interface language goes to workers that did not inherit it
    text = same_both_ways(cluster, "--lang", "zh", "check", "processes/", "--format", "json").decode("utf-8")
    assert json.loads(text)["summary"]["files"] >= 100


def test_validate_soundness_and_list_export_on_a_scheduler(cluster: str, tmp_path: Path) -> None:
    same_both_ways(cluster, "validate", "processes/kunming", "--format", "json")
    here = approvalnet("soundness", "processes/kunming", "--format", "json")
    there = approvalnet("soundness", "processes/kunming", "--format", "json", "--scheduler", cluster)
    assert here.returncode == there.returncode

    def without_clock(data: bytes) -> list[dict]:
        files = json.loads(data)["files"]
        for file in files:
            file.pop("elapsed", None)
        return files

    assert without_clock(here.stdout) == without_clock(there.stdout)
    assert approvalnet("list", "export", "processes/kunming", "-o", str(tmp_path / "list.xlsx"),
                       "--scheduler", cluster).returncode == 0


def test_conform_of_parquet_parts_gives_the_same_result_on_a_scheduler(cluster: str, tmp_path: Path) -> None:
    log, parts = tmp_path / "log.csv", tmp_path / "parts"
    assert approvalnet("simulate", FOOD, "--cases", "200", "--seed", "3", "--log", str(log), "--format",
                       "json").returncode == 0
    assert approvalnet("log", "convert", str(log), str(parts), "--parts", "3").returncode == 0

    def result(*extra: str) -> dict:
        done = approvalnet("conform", FOOD, str(parts), "--format", "json", *extra)
        assert done.returncode in (0, 1), done.stderr.decode()
        assert b"Traceback" not in done.stderr
        data = json.loads(done.stdout)
        for key in ("seconds", "cases_per_second"):  # the run's own clock
            data.pop(key)
        return data

    here = result()
    assert here["cases"] == 200
    assert result("--scheduler", cluster) == here


@pytest.fixture(scope="module")
def small_centre(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("centre")
    for name in ITEMS:
        shutil.copy(ROOT / "processes/kunming" / name, folder / name)
    (folder / "centre.yaml").write_text("""centre: {name: 小中心}
windows:
  front: {name: 综合受理窗口, staff: 3}
departments:
  market: {name: 昆明市市场监督管理局, staff: 14}
  health: {name: 昆明市卫生健康委员会, staff: 2}
items:
  - {file: food-business-licence.yaml, per_workday: 3}
  - {file: food-business-licence-renewal.yaml, per_workday: 2}
  - {file: public-place-hygiene-licence.yaml, per_workday: 1}
""", encoding="utf-8")
    return folder / "centre.yaml"


def test_staff_search_and_sweep_give_the_same_bytes(cluster: str, small_centre: Path) -> None:
    search = json.loads(same_both_ways(cluster, "staff", str(small_centre), "--target", "on-time=0.5", "--days", "20",
                                       "--format", "json"))
    assert search["met"] and search["evaluations"] >= 1
    sweep = json.loads(same_both_ways(cluster, "staff", str(small_centre), "--sweep", "market=10..13", "--days", "20",
                                      "--format", "json"))
    assert [row["staff"] for row in sweep["rows"]] == [10, 11, 12, 13]


def test_a_centre_simulates_the_same_on_a_scheduler(cluster: str, small_centre: Path) -> None:
    same_both_ways(cluster, "simulate", str(small_centre), "--replications", "3", "--days", "20", "--format", "json")


# --- failures: retried, reported, nothing lost or counted twice -----------------------------------

def fail_once(item: tuple[str, int]) -> int:
    """Raises the first time it sees item 3 (a marker file remembers), then works."""
    folder, number = item
    marker = Path(folder) / f"failed-{number}"
    if number == 3 and not marker.exists():
        marker.write_text("once", encoding="utf-8")
        raise RuntimeError("a passing failure")
    return number * number


def die_once(item: tuple[str, int]) -> int:
    """Kills its worker process the first time it sees item 5, then works."""
    folder, number = item
    marker = Path(folder) / f"died-{number}"
    if number == 5 and not marker.exists():
        marker.write_text("once", encoding="utf-8")
        os._exit(1)
    return number * number


def test_a_failing_task_is_retried_and_reported(cluster: str, tmp_path: Path) -> None:
    warned: list[str] = []
    done: list[int] = []
    scheduler = parse_scheduler(cluster)
    scheduler.warn = warned.append
    with scheduler:
        items = [(str(tmp_path), n) for n in range(8)]
        results = map_files(fail_once, items, jobs=None, threshold=0, scheduler=scheduler,
                            progress=lambda d, total: done.append(d))
    assert results == tuple(n * n for n in range(8))
    assert done[-1] == 8 and done == sorted(done)
    assert any("a passing failure" in w for w in warned), warned


def test_a_worker_that_dies_is_replaced_and_reported(tmp_path: Path) -> None:
    warned: list[str] = []
    scheduler = parse_scheduler("local:2")
    scheduler.warn = warned.append
    with scheduler:
        results = map_files(die_once, [(str(tmp_path), n) for n in range(12)], jobs=None, threshold=0,
                            scheduler=scheduler)
    assert results == tuple(n * n for n in range(12))
    assert (tmp_path / "died-5").exists()
    assert any("was lost" in w for w in warned), warned


def test_without_dask_the_option_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    with pytest.raises(SchedulerError, match=r"pip install 'approvalnet\[scale\]'"):
        parse_scheduler("local:1").connect()
