"""Fixtures of the conformance tests: a simulated log of examples/joint-review.yaml, and ways to change it.

The joint review has everything a log can go wrong on: a loop back to the first step, a supplement
notice with its re-check, a parallel review by three departments joined at the decision, an
extension, an expert review excluded from the clock (Art. 45), a refusal and a delivery. Its
simulated cases all keep their limits (checked by a test), so any deviation found in a changed log
comes from the change.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from approvalnet import load
from approvalnet.eventlog import write_event_log
from approvalnet.language.types import Process
from approvalnet.sim.eventlog import event_log
from approvalnet.sim.kpis import simulate

from .helpers import Row

ROOT = Path(__file__).resolve().parent.parent.parent
PROCESS = ROOT / "examples" / "joint-review.yaml"
CASES = 300

sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]  # no licence banner in the test output


@pytest.fixture(scope="session")
def process() -> Process:
    return load(PROCESS)


@pytest.fixture(scope="session")
def logs(process: Process, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The simulated log as CSV and XES."""
    record: list = []
    simulate(process, cases=CASES, seed=11, record=record)
    events = event_log(process, record)
    folder = tmp_path_factory.mktemp("conform")
    paths = {"csv": folder / "events.csv", "xes": folder / "events.xes"}
    for path in paths.values():
        write_event_log(events, path, name=process.code)
    return paths


@pytest.fixture
def rows(logs: dict[str, Path]) -> list[Row]:
    """The CSV's rows, a fresh copy for each test to change."""
    with open(logs["csv"], encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
