"""What the capacity rules cost `approvalnet check`: the shipped processes with the recommended preset
(capacity off) and with the capacity preset, on one process and on every core, and the slowest files.

The figures behind the choice to leave the `capacity` group off in `recommended` (docs/rules.md,
`capacity/on-time-share`).

    .venv/bin/python benchmarks/capacity_check.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(files: list[Path], config, jobs: int | None = None) -> tuple[float, int, int]:
    from approvalnet.rules.engine import check_files

    start = time.perf_counter()
    report = check_files(files, config, jobs=jobs)
    elapsed = time.perf_counter() - start
    capacity = sum(1 for f in report.files for p in f.findings if p.code.startswith("capacity/"))
    return elapsed, sum(len(f.findings) for f in report.files), capacity


def main() -> None:
    from approvalnet.language.loader import load
    from approvalnet.paths import find_process_files
    from approvalnet.rules.config import preset
    from approvalnet.rules.context import Context

    files = find_process_files([str(ROOT / "processes")])
    recommended, capacity = preset("recommended"), preset("capacity")
    timed(files[:10], recommended, jobs=1)  # warm caches (rule discovery, pydantic, imports)
    timed(files[:10], capacity, jobs=1)
    declared = sum(1 for f in files if f.name != "centre.yaml" and "simulation:" in f.read_text(encoding="utf-8"))
    cores = os.cpu_count() or 1
    print(f"approvalnet check on {len(files)} shipped files ({declared} declare arrivals), "
          f"Python {sys.version.split()[0]}, {cores} cores")
    for name, config in (("recommended (capacity off)", recommended), ("capacity preset", capacity)):
        serial, findings, mine = timed(files, config, jobs=1)
        pooled, _, _ = timed(files, config)
        print(f"  {name:28}: {serial:6.2f} s on 1 process, {pooled:6.2f} s on {cores}; "
              f"{findings} findings, {mine} of them capacity")
    costs = []
    for path in files:
        if path.name == "centre.yaml":
            continue
        try:
            process = load(path)
        except Exception:
            continue
        if process.simulation is None:
            continue
        start = time.perf_counter()
        Context(process).simulation(days=250.0, replications=5, seed=0)
        costs.append((time.perf_counter() - start, path.relative_to(ROOT)))
    costs.sort(reverse=True)
    print(f"  one simulation (250 working days x 5): mean {sum(c for c, _ in costs) / len(costs):.3f} s, slowest:")
    for cost, path in costs[:3]:
        print(f"    {cost:6.3f} s  {path}")


if __name__ == "__main__":
    main()
