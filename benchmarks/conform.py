"""How fast `approvalnet conform` is on a large log, and how much memory it takes.

Issue 8: 100,000 simulated cases of a real process must conform without holding more than needed in
memory. The script simulates the cases (by default of processes/kunming/food-business-licence.yaml,
its arrivals and staff scaled up together so that the log covers a few years rather than centuries:
the waiting times stay those of the file), writes the event log as CSV to a temporary folder, and
then, each in a fresh interpreter so that the figures are the run's own:

* times `conform` on the log (token-based replay per variant, the deviations in the process's words,
  the time limits on the working-day calendar): cases per second, and the peak memory as the growth
  of the resident set (ru_maxrss) over what the interpreter held after importing pm4py, and as
  tracemalloc's peak of Python allocations (in a second, untimed run: tracing slows Python down);
* "warm": the best of three more runs, once each side's modules are imported, on each side;
* for comparison, pm4py's plain token-based replay of the same log as one dataframe
  (`pandas.read_csv`, `format_dataframe`, `fitness_token_based_replay`): the same fitness, its time
  and its memory.

    .venv/bin/python benchmarks/conform.py [--cases 100000] [--seed 1] [--process FILE] [--scale 100]
                                           [--log events.csv] [--no-pm4py] [--no-tracemalloc]

`--log` reuses (or keeps) a log instead of simulating one into a temporary folder. Simulating and
writing 100,000 cases takes about half a minute and 1-2 GB, before anything is measured.

`--big` adds issue 18's run on 10,000,000 cases: the simulated log written 100 times under new case
ids (a generated log, as the folder's README.txt says: 100 copies of one simulation, not 10 million
simulated cases) as a folder of 100 Parquet parts, as a data platform exports a table; `conform` of
the folder on one process (the parts one after another), then with `--scheduler local:N` (the
cluster started before the clock starts, as a running cluster would be), and the scaling efficiency
(time on one process / (N × time on N workers)). `--big-log FOLDER` keeps (or reuses) the folder.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROCESS = ROOT / "processes" / "kunming" / "food-business-licence.yaml"
WARM_RUNS = 3  # "warm": the best of this many runs after the first, on each side


def make_log(process_path: Path, cases: int, seed: int, scale: float, path: Path) -> None:
    """Simulate ``cases`` cases of the process, arrivals and staff multiplied by ``scale``, into ``path``."""
    import approvalnet
    from approvalnet.eventlog import write_event_log
    from approvalnet.sim.eventlog import event_log
    from approvalnet.sim.kpis import simulate
    from approvalnet.sim.scenario import apply_overrides, parse_set

    process = approvalnet.load(process_path)
    began = time.perf_counter()
    if scale != 1:
        rate = simulate(process, cases=50, seed=seed).per_workday  # the file's rate, or the simulator's default
        overrides = [parse_set(f"arrivals.per_workday={rate * scale}")]
        overrides += [parse_set(f"lanes.{lane}.staff={math.ceil(spec.staff * scale)}")
                      for lane, spec in process.lanes.items() if spec.kind in ("window", "department") and spec.staff]
        process = apply_overrides(process, overrides)
    record: list = []
    simulate(process, cases=cases, seed=seed, record=record)
    events = event_log(process, record)
    del record
    write_event_log(events, path, name=process.code)
    print(f"simulated {cases:,} cases, {len(events):,} events, {path.stat().st_size / 1e6:.0f} MB of CSV in "
          f"{time.perf_counter() - began:.1f} s", flush=True)


# --- the measured runs, each in its own interpreter ---------------------------------------------

def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_conform(process_path: str, log: str, traced: bool) -> dict:
    sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]
    import approvalnet
    from approvalnet.conform import conform
    from approvalnet.conform.replay import pm4py_net

    process = approvalnet.load(process_path)
    pm4py_net(process)  # imports pm4py: not the log's cost
    before = _rss_mb()
    began = time.perf_counter()
    result = conform(process, log)
    seconds = time.perf_counter() - began
    out = {"cases": result.cases, "events": result.events, "variants": result.variants, "seconds": seconds,
           "fitness": result.fitness, "precision": result.precision, "conforming": result.conforming_cases,
           "deviations": {k: n for k, n in result.counts.items() if n}, "rss_before": before,
           "rss_growth": _rss_mb() - before}
    # the same again: what a run costs once pm4py's replay modules are imported (each side's first run
    # imports its own), and the case-by-case stream for comparison (columnar=False)
    warm = []
    for _ in range(WARM_RUNS):  # the best of a few: a run is slowed by whatever else the machine does
        began = time.perf_counter()
        conform(process, log)
        warm.append(time.perf_counter() - began)
    out["warm_seconds"] = min(warm)
    began = time.perf_counter()
    conform(process, log, columnar=False)
    out["stream_seconds"] = time.perf_counter() - began
    if traced:
        import tracemalloc

        tracemalloc.start()
        conform(process, log)
        out["traced_peak"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return out


def measure_pm4py(process_path: str, log: str) -> dict:
    sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]
    import os

    os.environ["PM4PY_SHOW_PROGRESS_BAR"] = "False"
    import pandas as pd
    import pm4py

    import approvalnet
    from approvalnet.conform.replay import pm4py_net

    net, initial, final = pm4py_net(approvalnet.load(process_path))
    before = _rss_mb()

    def run() -> tuple[Any, float, Any]:
        began = time.perf_counter()
        frame = pd.read_csv(log, dtype={"case_id": str})
        frame = frame[frame["lifecycle"] == "complete"].copy()
        frame["activity"] = frame["step"]
        frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
        loaded = time.perf_counter() - began
        return frame, loaded, pm4py.fitness_token_based_replay(frame, net, initial, final)

    began = time.perf_counter()
    frame, loaded, fitness = run()
    seconds = time.perf_counter() - began
    growth = _rss_mb() - before
    warm = math.inf
    for _ in range(WARM_RUNS):  # the best of a few, as for approvalnet
        began = time.perf_counter()
        run()
        warm = min(warm, time.perf_counter() - began)
    return {"cases": int(frame["case:concept:name"].nunique()), "seconds": seconds, "load_seconds": loaded,
            "warm_seconds": warm, "fitness": fitness["log_fitness"], "rss_before": before, "rss_growth": growth}


def make_big_log(log: Path, folder: Path, copies: int) -> None:
    """``copies`` copies of the CSV log at ``log``, each under case ids of its own, as Parquet parts."""
    import os
    import shutil
    import tempfile

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    began = time.perf_counter()
    table = pacsv.read_csv(log, convert_options=pacsv.ConvertOptions(
        include_columns=["case_id", "activity", "lifecycle", "timestamp", "resource"],
        column_types={"case_id": pa.string(), "timestamp": pa.string(), "resource": pa.string()}))
    when = pc.cast(table.column("timestamp"), pa.timestamp("ms", tz="UTC"))
    local = pc.cast(when, pa.int64())  # ms since 1970 UTC; the log writes the office's +08:00
    table = table.set_column(3, "timestamp", pc.cast(pc.add(local, 8 * 3600 * 1000), pa.timestamp("ms")))
    work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        (work / "README.txt").write_text(
            f"Generated by benchmarks/conform.py --big: {copies} copies of one simulated log of "
            f"{table.column('case_id').length():,} events (processes/kunming/food-business-licence.yaml), each copy "
            "under case ids of its own (the copy's number, a dash, the simulated id). Not real cases.\n",
            encoding="utf-8")
        for k in range(copies):
            ids = pc.binary_join_element_wise(pa.scalar(f"{k:03d}"), table.column("case_id"), "-")
            pq.write_table(table.set_column(0, "case_id", ids), work / f"part-{k:05d}.parquet")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 1e6
    print(f"wrote {copies} parts of {table.num_rows:,} events ({copies * table.num_rows:,} events, {size:.0f} MB of "
          f"Parquet) in {time.perf_counter() - began:.1f} s", flush=True)


def measure_big(process_path: str, folder: str, workers: int) -> dict:
    sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]
    import approvalnet
    from approvalnet.conform import conform
    from approvalnet.conform.replay import pm4py_net
    from approvalnet.parallel import parse_scheduler

    process = approvalnet.load(process_path)
    pm4py_net(process)
    out: dict[str, Any] = {}
    if workers == 1:
        began = time.perf_counter()
        result = conform(process, folder)
        out["seconds"] = time.perf_counter() - began
    else:
        scheduler = parse_scheduler(f"local:{workers}")
        began = time.perf_counter()
        scheduler.connect()
        out["start_seconds"] = time.perf_counter() - began
        try:
            began = time.perf_counter()
            result = conform(process, folder, scheduler=scheduler)
            out["seconds"] = time.perf_counter() - began
        finally:
            scheduler.close()
    out.update(cases=result.cases, events=result.events, fitness=result.fitness, rss_mb=_rss_mb(),
               late={k: v.cases for k, v in result.limit_violations.items()})
    return out


def _child(kind: str, process: Path, log: Path, *options: str) -> dict:
    """Run one part in a fresh interpreter. Linux keeps the peak resident set across fork and exec, so
    the parent stays small (it only starts children) and the log is made in a child of its own."""
    done = subprocess.run([sys.executable, __file__, "--child", kind, "--process", str(process), "--log", str(log),
                           *options], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} run failed:\n{done.stderr[-3000:]}")
    if kind in ("make", "make-big"):
        print(done.stdout.strip(), flush=True)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--process", type=Path, default=DEFAULT_PROCESS)
    parser.add_argument("--scale", type=float, default=100.0,
                        help="arrivals and staff multiplied by this (1: the file's own)")
    parser.add_argument("--log", type=Path, default=None, help="use this log if it exists, else write it there")
    parser.add_argument("--no-pm4py", action="store_true", help="skip pm4py's replay of the whole dataframe")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced run (it is ~6x slower)")
    parser.add_argument("--big-log-source", help=argparse.SUPPRESS)
    parser.add_argument("--big", action="store_true", help="also the 10,000,000-case run on Parquet parts")
    parser.add_argument("--big-log", type=Path, default=None, help="keep (or reuse) the big log's folder here")
    parser.add_argument("--copies", type=int, default=100, help="copies of the log in the big run")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers of the big run")
    parser.add_argument("--child", choices=["make", "conform", "pm4py", "make-big", "big"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "make":
            make_log(args.process, args.cases, args.seed, args.scale, args.log)
            return
        if args.child == "make-big":
            make_big_log(Path(args.big_log_source), args.log, args.copies)
            return
        if args.child == "big":
            print(json.dumps(measure_big(str(args.process), str(args.log), args.workers)))
            return
        if args.child == "conform":
            out = measure_conform(str(args.process), str(args.log), not args.no_tracemalloc)
        else:
            out = measure_pm4py(str(args.process), str(args.log))
        print(json.dumps(out))
        return

    with tempfile.TemporaryDirectory(prefix="approvalnet-bench-conform-") as folder:
        log = args.log or Path(folder) / "events.csv"
        if not log.is_file():
            _child("make", args.process, log, "--cases", str(args.cases), "--seed", str(args.seed), "--scale",
                   str(args.scale))
        size = log.stat().st_size / 1e6
        print(f"log: {log} ({size:.0f} MB); process: {args.process}", flush=True)
        ours = _child("conform", args.process, log, *(["--no-tracemalloc"] if args.no_tracemalloc else []))
        rate = ours["cases"] / ours["seconds"]
        print(f"\napprovalnet conform: {ours['cases']:,} cases, {ours['events']:,} events, {ours['variants']} variants "
              f"in {ours['seconds']:.1f} s = {rate:,.0f} cases/s")
        print(f"  the same again (warm, best of {WARM_RUNS}) {ours['warm_seconds']:.2f} s; read case by case "
              f"(columnar=False) {ours['stream_seconds']:.1f} s")
        print(f"  fitness {ours['fitness']:.4f}, precision {ours['precision']:.4f}, conforming cases "
              f"{ours['conforming']:,}, deviations {ours['deviations']}")
        print(f"  peak memory: resident set +{ours['rss_growth']:.0f} MB over {ours['rss_before']:.0f} MB after "
              "importing pm4py" + (f"; tracemalloc peak {ours['traced_peak']:.1f} MB" if "traced_peak" in ours else ""))
        if not args.no_pm4py:
            theirs = _child("pm4py", args.process, log)
            print(f"\npm4py token-based replay of the whole dataframe: {theirs['cases']:,} cases in "
                  f"{theirs['seconds']:.1f} s (reading and formatting {theirs['load_seconds']:.1f} s) = "
                  f"{theirs['cases'] / theirs['seconds']:,.0f} cases/s, fitness {theirs['fitness']:.4f}")
            print(f"  peak memory: resident set +{theirs['rss_growth']:.0f} MB over {theirs['rss_before']:.0f} MB")
            same = abs(theirs["fitness"] - ours["fitness"]) < 1e-9
            speed = theirs["seconds"] / ours["seconds"]
            warm = theirs["warm_seconds"] / ours["warm_seconds"]
            print(f"  the same again (warm, best of {WARM_RUNS}) {theirs['warm_seconds']:.2f} s")
            print(f"\nsame fitness: {'yes' if same else 'NO'}; approvalnet is {speed:.1f}x as fast on a first run, "
                  f"{warm:.1f}x warm; peak resident set {ours['rss_before'] + ours['rss_growth']:.0f} MB against "
                  f"{theirs['rss_before'] + theirs['rss_growth']:.0f} MB (growth {ours['rss_growth']:.0f} MB against "
                  f"{theirs['rss_growth']:.0f} MB)")
            print(f"issue 18's targets: at least 10x pm4py (warm): {'yes' if warm >= 10 else 'NO'}; growth of the "
                  f"resident set under 300 MB: {'yes' if ours['rss_growth'] < 300 else 'NO'}")
        if args.big:
            big = args.big_log or Path(folder) / "big"
            if not big.is_dir():
                _child("make-big", args.process, big, "--big-log-source", str(log), "--copies", str(args.copies))
            one = _child("big", args.process, big, "--workers", "1")
            many = _child("big", args.process, big, "--workers", str(args.workers))
            print(f"\n{one['cases']:,} cases, {one['events']:,} events in {len(list(big.glob('*.parquet')))} Parquet "
                  f"parts (generated: copies of the simulated log)")
            print(f"  one process: {one['seconds']:.1f} s = {one['cases'] / one['seconds']:,.0f} cases/s, "
                  f"peak resident set {one['rss_mb']:.0f} MB")
            print(f"  --scheduler local:{args.workers}: {many['seconds']:.1f} s = "
                  f"{many['cases'] / many['seconds']:,.0f} cases/s (starting the cluster took "
                  f"{many['start_seconds']:.1f} s more)")
            same = one["fitness"] == many["fitness"] and one["late"] == many["late"]
            print(f"  the same result: {'yes' if same else 'NO'} (fitness {one['fitness']:.4f}, late cases "
                  f"{one['late']}); speed-up {one['seconds'] / many['seconds']:.2f}x, scaling efficiency "
                  f"{one['seconds'] / (args.workers * many['seconds']):.0%}")


if __name__ == "__main__":
    main()
