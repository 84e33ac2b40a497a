"""Helpers of the conformance tests: a CSV log's rows, grouped, changed and written back."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from pathlib import Path

from approvalnet.eventlog import CSV_COLUMNS

Row = dict[str, str]


def by_case(rows: Iterable[Row]) -> dict[str, list[Row]]:
    cases: dict[str, list[Row]] = {}
    for row in rows:
        cases.setdefault(row["case_id"], []).append(row)
    return cases


def write_rows(path: Path, rows: Iterable[Row], columns: Iterable[str] = CSV_COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def steps_of(case: list[Row]) -> list[str]:
    """The steps of a case in order of completion."""
    done = [row for row in case if row["lifecycle"] == "complete"]
    return [row["step"] for row in sorted(done, key=lambda r: datetime.datetime.fromisoformat(r["timestamp"]))]


def shift(row: Row, days: float) -> None:
    when = datetime.datetime.fromisoformat(row["timestamp"]) + datetime.timedelta(days=days)
    row["timestamp"] = when.isoformat(timespec="milliseconds")
