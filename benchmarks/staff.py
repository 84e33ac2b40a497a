"""How long `approvalnet staff` takes on the Kunming centre, and whether its answer depends on the seed.

Issue 14, part 3, "Staffing with its uncertainty": the search used to answer 144 staff with seed 0,
141 with seed 2, and its pools moved by two staff between seeds. Now each pool's answer comes with
the levels that cannot be told from its target (a range), found with a sequential confidence
interval procedure (docs/centre.md, "How sure the answer is").

For each of ``--seeds`` the script runs `approvalnet staff processes/kunming/centre.yaml --target
on-time=0.85 --max-wait 15min --format json` as a subprocess (the command's whole time, start-up
included), prints its wall time, the total staff with its range and each pool's answer with its
range, and checks that the answers agree: every seed's answer for a pool lies within every other
seed's range, and each reported half-width is within the precision (or the pool says undecided).
With ``--old DIR``, the same command from another checkout (e.g. /work/main, before this change)
runs too, for its time and answer beside the new ones.

    .venv/bin/python benchmarks/staff.py [--seeds 1 2 3] [--old /path/to/old/checkout] [-- extra staff options]

Exit code 1 when the answers of the seeds do not agree within their ranges.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CENTRE = "processes/kunming/centre.yaml"
TARGETS = ["--target", "on-time=0.85", "--max-wait", "15min"]


def run(source: Path, seed: int, extra: list[str]) -> tuple[float, float, dict]:
    """The command's wall time, its processor time (user + system: steadier on a shared machine) and JSON."""
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "LANGUAGE": "en"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "approvalnet", "staff", CENTRE, *TARGETS, "--seed", str(seed),
                           "--format", "json", *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"staff failed (exit {done.returncode}):\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return took, cpu, json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--old", type=Path, default=None, help="a checkout of approvalnet before this change")
    parser.add_argument("extra", nargs="*", help="further options for staff (after --)")
    args = parser.parse_args()

    results = {}
    for seed in args.seeds:  # old and new one after the other, so that both see the machine alike
        if args.old is not None:
            took, cpu, result = run(args.old, seed, [])
            staff = " ".join(f"{p['pool']} {p['staff']}" for p in result["pools"])
            print(f"old seed {seed}: {took:6.1f} s ({cpu:.1f} s processor)  total {result['total_staff']:4d}   {staff}",
                  flush=True)
        took, cpu, result = run(ROOT, seed, args.extra)
        results[seed] = result
        low, high = result["total_staff_range"]
        print(f"new seed {seed}: {took:6.1f} s ({cpu:.1f} s processor)  total {result['total_staff']:4d} "
              f"({low}–{high}), {result['evaluations']} staffings, {result['replications_in_all']} replications "
              f"in all, {result['evaluation']['replications']} for the answer")
        for p in result["pools"]:
            wait = p["interval"]["mean_wait_minutes"]
            print(f"    {p['pool']:14s} {p['staff']:3d} ({p['range'][0]}–{p['range'][1]})"
                  f"{'' if p['decided'] else ' undecided'}   wait {wait['mean']:.1f} ± {wait['half_width']:.1f} min",
                  flush=True)
    agree = True
    for seed, result in results.items():
        precision = result["precision"]["wait_minutes"]
        for p in result["pools"]:
            half = p["interval"]["mean_wait_minutes"]["half_width"]
            if half is not None and half > precision and p["decided"]:
                print(f"  seed {seed}: {p['pool']} is decided with a half-width of {half:.2f} > {precision} min")
                agree = False
            for other, theirs in results.items():
                low, high = next(q["range"] for q in theirs["pools"] if q["pool"] == p["pool"])
                if not low <= p["staff"] <= high:
                    print(f"  {p['pool']}: seed {seed} answers {p['staff']}, outside seed {other}'s {low}–{high}")
                    agree = False
    print("the seeds agree within their ranges" if agree else "THE SEEDS DISAGREE")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
