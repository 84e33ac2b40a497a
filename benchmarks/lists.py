"""How fast implementation lists go in and out.

Prints rows per second for (1) `list import` of a generated 5,000-row list (.xlsx, with a materials
sheet of three materials per item): reading the workbook, turning each row into a process file and
validating it, writing the files; and (2) `list export` of 5,000 process files: loading, checking
every rule, soundness, the worst case, and writing the workbook. Both through the command line, as
a user runs them, and the reading of the workbook alone with openpyxl (the floor any importer built
on it stands on).

    .venv/bin/python benchmarks/lists.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCEDURES = ("收件→受理→审查→决定→送达", "申请→受理→审核→现场核查→决定→制证→送达", "1.申请 2.受理 3.审查 4.决定",
              "申请人提交材料后由窗口受理，经科室审核后作出决定", "")
TYPES = ("行政许可", "行政确认", "其他行政权力", "公共服务")


def write_list(path: Path, rows: int) -> None:
    """A generated list (said so in its title row): varied types, limits and procedures."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    items = book.create_sheet("事项清单")
    items.append([f"生成的测试清单（benchmarks/lists.py，{rows} 行）：编码、时限等均为虚构"])
    items.append(["序号", "事项名称", "实施编码", "事项类型", "实施机构", "设定依据", "法定时限", "承诺时限（工作日）",
                  "办件类型", "到现场次数", "是否收费", "服务对象", "受理条件", "办理流程", "办理地点", "咨询方式"])
    materials = book.create_sheet("申请材料")
    materials.append(["实施编码", "事项名称", "材料名称", "材料形式", "份数", "来源渠道", "必要性"])
    for i in range(rows):
        code = f"BENCH{i:06d}"
        statutory = (20, 10, 15, 30)[i % 4]
        promised = "即办" if i % 7 == 0 else statutory // 2
        handling = "即办件" if promised == "即办" else "承诺件"
        items.append([i + 1, f"测试事项{i}", code, TYPES[i % len(TYPES)], f"测试局{i % 40}",
                      "《中华人民共和国行政许可法》", statutory, promised, handling, i % 3, "否", "企业法人、自然人",
                      "符合条件；材料齐全", PROCEDURES[i % len(PROCEDURES)], "测试市政务服务中心", "12345"])
        for m in range(3):
            materials.append([code, f"测试事项{i}", f"材料{m}", "原件", 1, "申请人自备", "必要"])
    book.save(path)


def run(args: list[str]) -> float:
    env = {**os.environ, "LANGUAGE": "en"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "approvalnet", *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    options = parser.parse_args()
    rows = options.rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "list.xlsx"
        write_list(source, rows)
        from openpyxl import load_workbook

        start = time.perf_counter()
        book = load_workbook(source, read_only=True, data_only=True)
        for name in book.sheetnames:
            for _row in book[name].iter_rows(values_only=True):
                pass
        book.close()
        floor = time.perf_counter() - start
        imported = run(["list", "import", str(source), "-o", str(folder / "items")])
        files = len(list((folder / "items").glob("*.yaml")))
        exported = run(["list", "export", str(folder / "items"), "-o", str(folder / "out.xlsx")])
    print(f"list of {rows:,} rows (.xlsx, {rows * 3:,} material rows); {files:,} process files written")
    print(f"  openpyxl reading the workbook alone: {floor:6.2f} s  {rows / floor:8,.0f} rows/s")
    print(f"  list import (command line):          {imported:6.2f} s  {rows / imported:8,.0f} rows/s"
          f"  ({imported / floor:.1f}x the bare read)")
    print(f"  list export of {files:,} files:        {exported:6.2f} s  {files / exported:8,.0f} items/s"
          f"  (every rule, soundness and the worst case per item)")


if __name__ == "__main__":
    main()
