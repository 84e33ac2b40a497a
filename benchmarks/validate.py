"""How fast `approvalnet validate` is.

Prints (1) the start-up time of the command on one file, as a user feels it (a new process each
time), in English and in Chinese (the translations loaded), and (2) files validated per second on
1,000 generated files, in one process and through the command line; with ratios against the
targets of issue 2 (0.3 s; 1,000 files/s) and against bare YAML parsing with PyYAML, the floor
any YAML-based validator stands on.

    .venv/bin/python benchmarks/validate.py [--files 1000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "examples" / "joint-review.yaml"
START_TARGET_S = 0.3
RATE_TARGET = 1000.0


def generate(folder: Path, count: int) -> list[Path]:
    """Write ``count`` variants of the example joint review, each saying that it was generated."""
    text = TEMPLATE.read_text(encoding="utf-8")
    files = []
    for i in range(count):
        note = f"generated: benchmarks/validate.py, variant {i} of {TEMPLATE.name}"
        variant = (
            text.replace('code: "EXAMPLE-0002"', f'code: "BENCH-{i:05d}"')
            .replace("name: 示例联合审批事项", f"name: 示例联合审批事项{i}\n{note}")
            .replace("staff: 4", f"staff: {1 + i % 9}")
        )
        path = folder / f"bench-{i:05d}.yaml"
        path.write_text(variant, encoding="utf-8")
        files.append(path)
    return files


def time_command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"command failed ({result.returncode}): {' '.join(args)}\n{result.stdout}{result.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    command = [sys.executable, "-m", "approvalnet", "validate"]

    from approvalnet.language.loader import read_process
    from approvalnet.language.validate import validate_files

    # 1. start-up on one file
    one = time_command([*command, str(TEMPLATE), "--lang", "en"], options.runs)
    chinese = time_command([*command, str(TEMPLATE), "--lang", "zh"], options.runs)
    bare = time_command([sys.executable, "-c", "pass"], options.runs)
    start_median = statistics.median(one)

    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), options.files)
        assert read_process(files[0])[0] is not None, "generated file does not validate"

        # 2a. in this process (the library), on one core and on all of them
        start = time.perf_counter()
        report = validate_files(files, jobs=1)
        serial_s = time.perf_counter() - start
        start = time.perf_counter()
        report = validate_files(files)
        library_s = time.perf_counter() - start
        assert report.valid, "generated files must all be valid"

        # 2b. through the command line, start-up included
        cli_s = statistics.median(time_command([*command, tmp], 3))

        # PyYAML alone, as a floor: pure-Python safe_load and libyaml's CSafeLoader
        texts = [f.read_text(encoding="utf-8") for f in files]
        start = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=yaml.SafeLoader)
        pure_s = time.perf_counter() - start
        start = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        c_s = time.perf_counter() - start

    n = options.files
    lib_rate, cli_rate, serial_rate = n / library_s, n / cli_s, n / serial_s
    cores = os.cpu_count() or 1
    print(f"approvalnet validate — {TEMPLATE.name} ({TEMPLATE.stat().st_size} bytes), Python {sys.version.split()[0]}")
    print()
    print("start-up, one file (new process each run)")
    print(f"  approvalnet validate : median {start_median * 1000:6.0f} ms  (min {min(one) * 1000:.0f}, "
          f"max {max(one) * 1000:.0f}, {options.runs} runs)")
    print(f"  ... --lang zh        : median {statistics.median(chinese) * 1000:6.0f} ms  (the Chinese catalogue "
          f"loaded: {statistics.median(chinese) / START_TARGET_S:.2f} of the target)")
    print(f"  python -c pass       : median {statistics.median(bare) * 1000:6.0f} ms")
    print(f"  target 300 ms        : {start_median / START_TARGET_S:5.2f} of the target "
          f"({'met' if start_median < START_TARGET_S else 'MISSED'})")
    print()
    print(f"throughput, {n} generated files")
    print(f"  library, 1 process         : {serial_rate:8.0f} files/s")
    print(f"  library, {cores} processes       : {lib_rate:8.0f} files/s")
    print(f"  command line, whole run    : {cli_rate:8.0f} files/s  ({cli_s:.2f} s)")
    print(f"  PyYAML SafeLoader only     : {n / pure_s:8.0f} files/s  (approvalnet, 1 process, is "
          f"{serial_rate / (n / pure_s):.1f}x its speed)")
    print(f"  PyYAML CSafeLoader only    : {n / c_s:8.0f} files/s  (approvalnet, 1 process, is "
          f"{serial_rate / (n / c_s):.2f}x its speed)")
    print(f"  target 1000 files/s        : library {lib_rate / RATE_TARGET:.1f}x, command line "
          f"{cli_rate / RATE_TARGET:.1f}x ({'met' if cli_rate >= RATE_TARGET else 'MISSED'})")


if __name__ == "__main__":
    main()
