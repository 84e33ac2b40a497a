"""How fast `approvalnet conform` reads an Excel (.xlsx) log, and how much memory it takes, against the
same log as CSV.

Systems export their case records (办件记录) as workbooks; the reader streams a sheet with openpyxl's
read-only mode, one row at a time, so a sheet of 1,000,000 rows must take no more memory than its CSV
(a few hundred MB at most, most of it pm4py and the interpreter). The script

* writes the log once into `build/bench/` (kept for the next run; `--fresh` writes it again):
  simulated cases of processes/kunming/food-business-licence.yaml (arrivals and staff scaled up as in
  benchmarks/conform.py, so that the cases span years, not centuries), the first `--rows` events as
  CSV and as a workbook (openpyxl's write-only mode) with the cells a system's export has: the case id
  a number, the time a date-time cell;
* then, each in a fresh interpreter so that the figures are the run's own, runs `conform` on the
  workbook and on the CSV: rows per second, and the peak resident set of the child (ru_maxrss), also
  as its growth over what the interpreter held after importing pm4py;
* checks that both give the same result, and prints the ratios.

    .venv/bin/python benchmarks/xlsx_log.py [--rows 1000000] [--seed 1] [--fresh] [--unsorted] [--shared]

`--unsorted` also measures the workbook with its rows shuffled (another workbook in the cache),
which the reader meets as a log not grouped by case and reads again in partitions. `--shared` also
measures the workbook with its texts in a shared-strings table, as Excel and WPS write them (openpyxl
writes each text in its cell, in either mode; the table is made here). Writing a 1,000,000-row
workbook takes a few minutes the first time.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESS = ROOT / "processes" / "kunming" / "food-business-licence.yaml"
CACHE = ROOT / "build" / "bench"
EVENTS_PER_CASE = 16.5  # of the food business licence's simulated cases: enough cases for the rows asked


def _paths(rows: int, seed: int) -> dict[str, Path]:
    stem = CACHE / f"xlsx-log-{rows}-seed{seed}"
    return {"csv": stem.with_suffix(".csv"), "xlsx": stem.with_suffix(".xlsx"),
            "unsorted": stem.with_name(stem.name + "-unsorted.xlsx"),
            "shared": stem.with_name(stem.name + "-shared.xlsx")}


LABELS = {"csv": "conform, CSV", "xlsx": "conform, xlsx", "unsorted": "conform, xlsx unsorted",
          "shared": "conform, xlsx shared"}


def make_logs(rows: int, seed: int, wanted: list[str]) -> None:
    """The ``wanted`` logs not in the cache yet, of the first ``rows`` events of simulated cases (the
    last case may be cut short: it deviates, in every form alike)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from openpyxl import Workbook

    from conform import make_log  # benchmarks/conform.py: its scaled simulation

    paths = _paths(rows, seed)
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="approvalnet-bench-xlsx-") as folder:
        simulated = Path(folder) / "simulated.csv"
        make_log(PROCESS, int(rows / EVENTS_PER_CASE * 1.05) + 10, seed, 100.0, simulated)
        with open(simulated, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            table = [row for __, row in zip(range(rows), reader, strict=False)]
    if len(table) < rows:
        raise SystemExit(f"the simulation gave {len(table):,} events, fewer than the {rows:,} asked")
    began = time.perf_counter()
    partial = paths["csv"].with_suffix(".csv.part")
    with open(partial, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *table])
    partial.replace(paths["csv"])  # the simulation is the same for the same seed: the CSV is written again
    case, when = header.index("case_id"), header.index("timestamp")
    office = datetime.timezone(datetime.timedelta(hours=8))

    def typed(row: list[str]) -> list[object]:
        values: list[object] = list(row)
        values[case] = int(row[case])
        values[when] = datetime.datetime.fromisoformat(row[when]).astimezone(office).replace(tzinfo=None)
        return values

    def workbook(path: Path, ordered: list[list[str]]) -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("办件记录")
        sheet.append(header)
        for row in ordered:
            sheet.append(typed(row))
        partial = path.with_suffix(".part.xlsx")
        book.save(partial)
        with_dimension(partial, path, f"A1:{chr(ord('A') + len(header) - 1)}{len(ordered) + 1}")
        partial.unlink()

    for kind in wanted:
        if kind == "xlsx":
            workbook(paths[kind], table)
        elif kind == "shared":
            inline = paths[kind].with_suffix(".inline.xlsx")
            workbook(inline, table)
            with_shared_strings(inline, paths[kind])
            inline.unlink()
    if "unsorted" in wanted:
        random.Random(seed).shuffle(table)
        workbook(paths["unsorted"], table)
    sizes = ", ".join(f"{kind} {paths[kind].stat().st_size / 1e6:.0f} MB" for kind in ["csv", *wanted])
    print(f"wrote {rows:,} rows ({sizes}) in {time.perf_counter() - began:.0f} s", flush=True)


def with_dimension(source: Path, target: Path, ref: str) -> None:
    """``source`` with the sheet's ``<dimension>``, as Excel and WPS write it and openpyxl's write-only
    mode does not: without it, opening the workbook read-only parses the whole sheet once more to find
    its size (about 15 % more time), a cost of the writer here, not of the exports a reader meets."""
    import shutil
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            with old.open(item) as reader, new.open(item.filename, "w", force_zip64=True) as writer:
                if item.filename.startswith("xl/worksheets/sheet"):
                    head = reader.read(1 << 16)
                    at = head.index(b"<sheetViews>")
                    writer.write(head[:at] + f'<dimension ref="{ref}"/>'.encode() + head[at:])
                shutil.copyfileobj(reader, writer, 1 << 20)


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>')
_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(source: Path, target: Path) -> None:
    """``source`` with its cells' texts moved into a shared-strings table (``xl/sharedStrings.xml``),
    each cell keeping the text's number, as Excel and WPS write a workbook."""
    import shutil
    import zipfile

    strings: dict[bytes, int] = {}

    def shared(found: re.Match[bytes]) -> bytes:
        number = strings.setdefault(found.group(3), len(strings))
        return b'<c r="' + found.group(1) + b'"' + found.group(2) + b' t="s"><v>' + str(number).encode() + b"</v></c>"

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            with old.open(item) as reader, new.open(item.filename, "w", force_zip64=True) as writer:
                if item.filename.startswith("xl/worksheets/sheet"):
                    pending = b""
                    while chunk := reader.read(1 << 20):
                        pending += chunk
                        cut = pending.rfind(b"</row>") + len(b"</row>")  # whole rows only: no cell is split
                        if cut >= len(b"</row>"):
                            writer.write(_INLINE.sub(shared, pending[:cut]))
                            pending = pending[cut:]
                    writer.write(_INLINE.sub(shared, pending))
                elif item.filename == "[Content_Types].xml":
                    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST}"/>'
                    writer.write(reader.read().replace(b"</Types>", override.encode() + b"</Types>"))
                elif item.filename == "xl/_rels/workbook.xml.rels":
                    relation = f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdStrings"/>'
                    writer.write(reader.read().replace(b"</Relationships>", relation.encode() + b"</Relationships>"))
                else:
                    shutil.copyfileobj(reader, writer, 1 << 20)
        table = b"".join(b"<si>" + text + b"</si>" for text in strings)
        new.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     + f'count="{len(strings)}" uniqueCount="{len(strings)}">'.encode() + table + b"</sst>")


# --- the measured runs, each in its own interpreter ---------------------------------------------

def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(log: str) -> dict:
    sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]
    import approvalnet
    from approvalnet.conform import conform
    from approvalnet.conform.replay import pm4py_net

    process = approvalnet.load(PROCESS)
    pm4py_net(process)  # imports pm4py: not the log's cost
    import openpyxl  # noqa: F401 - nor is importing openpyxl (a few MB, for both logs alike)

    before = _rss_mb()
    began = time.perf_counter()
    result = conform(process, log)
    seconds = time.perf_counter() - began
    return {"cases": result.cases, "events": result.events, "seconds": seconds, "fitness": result.fitness,
            "precision": result.precision, "conforming": result.conforming_cases, "notes": result.notes,
            "rss_before": before, "rss_peak": _rss_mb()}


def _child(*args: str) -> dict:
    """Run one part in a fresh interpreter: Linux keeps the peak resident set across fork and exec, so
    the parent stays small and each log is measured in a child of its own."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the run {args} failed:\n{done.stderr[-3000:]}")
    if args[1] == "make":
        print(done.stdout.strip(), flush=True)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _show(name: str, rows: int, out: dict) -> None:
    print(f"{name:<24} {out['seconds']:7.1f} s  {rows / out['seconds']:>9,.0f} rows/s  "
          f"peak RSS {out['rss_peak']:5.0f} MB (+{out['rss_peak'] - out['rss_before']:.0f} MB over "
          f"{out['rss_before']:.0f} MB after importing pm4py)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="write the logs again even if they are cached")
    parser.add_argument("--unsorted", action="store_true", help="also measure the workbook with its rows shuffled")
    parser.add_argument("--shared", action="store_true", help="also measure a workbook written as Excel writes it")
    parser.add_argument("--child", choices=["make", "conform"], help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "make":
        make_logs(args.rows, args.seed, args.write)
        return
    if args.child == "conform":
        print(json.dumps(measure(args.log)))
        return

    paths = _paths(args.rows, args.seed)
    wanted = ["csv", "xlsx"] + (["unsorted"] if args.unsorted else []) + (["shared"] if args.shared else [])
    missing = [kind for kind in wanted[1:] if args.fresh or not paths[kind].is_file()]
    if missing or not paths["csv"].is_file():
        _child("--child", "make", "--rows", str(args.rows), "--seed", str(args.seed), "--write", *missing)
    for kind in wanted:
        print(f"{kind}: {paths[kind]} ({paths[kind].stat().st_size / 1e6:.0f} MB)")
    print(f"process: {PROCESS.relative_to(ROOT)}; {args.rows:,} rows\n", flush=True)
    results = {}
    for kind in wanted:
        results[kind] = _child("--child", "conform", "--log", str(paths[kind]))
        _show(LABELS[kind], args.rows, results[kind])
    ours, theirs = results["xlsx"], results["csv"]
    same = all(ours[k] == theirs[k] for k in ("cases", "events", "fitness", "precision", "conforming"))
    print(f"\nsame result from the workbook as from the CSV: {'yes' if same else 'NO'} "
          f"({ours['cases']:,} cases, {ours['events']:,} events, fitness {ours['fitness']:.4f}, "
          f"precision {ours['precision']:.4f}, {ours['conforming']:,} conforming)")
    print(f"the workbook takes {ours['seconds'] / theirs['seconds']:.1f}x the CSV's time and "
          f"{ours['rss_peak'] / theirs['rss_peak']:.2f}x its peak resident set")
    if "unsorted" in results:
        shuffled = results["unsorted"]
        print(f"unsorted workbook: {shuffled['seconds'] / ours['seconds']:.2f}x the sorted one's time, "
              f"{shuffled['rss_peak'] / ours['rss_peak']:.2f}x its peak resident set; notes: {shuffled['notes']}")
    if "shared" in results:
        excel = results["shared"]
        same = all(excel[k] == theirs[k] for k in ("cases", "events", "fitness", "precision", "conforming"))
        print(f"workbook with shared strings: {excel['seconds'] / ours['seconds']:.2f}x the time of the one with "
              f"inline strings, {excel['rss_peak'] / ours['rss_peak']:.2f}x its peak resident set; the same result "
              f"as the CSV: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
