"""Shared fixtures: logs simulated from real process files, and their discovered processes, made once."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import approvalnet
from approvalnet.discover import Discovery, Options, discover, read_log
from approvalnet.eventlog import write_event_log
from approvalnet.language.calendar import CalendarWarning
from approvalnet.language.types import Process
from approvalnet.sim.eventlog import event_log
from approvalnet.sim.kpis import simulate

ROOT = Path(__file__).resolve().parents[2]

# A loop back to the first step, a supplement loop, choices that end the case, a parallel review of
# three departments with a choice inside one branch, an external lane and the applicant.
JOINT_REVIEW = "examples/joint-review.yaml"
# Two parallel branches of three steps each, of different lengths, joined by a joint decision.
RESTAURANT = "processes/kunming/restaurant-opening-one-thing.yaml"
# A rectification loop, several ways to refuse and an applicant who may give up.
FOOD_LICENCE = "processes/kunming/food-business-licence.yaml"

Simulated = tuple[Process, Path]


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Simulated]:
    """``simulated(file, suffix=".csv", cases=2000, seed=1)``: the process and the path of its event log."""
    cache: dict[tuple, Simulated] = {}

    def make(file: str, suffix: str = ".csv", cases: int = 2000, seed: int = 1) -> Simulated:
        key = (file, suffix, cases, seed)
        if key not in cache:
            process = approvalnet.load(ROOT / file)
            record: list = []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CalendarWarning)  # a long run reaches years without holiday data
                simulate(process, cases=cases, seed=seed, record=record)
            path = tmp_path_factory.mktemp("logs") / f"{Path(file).stem}{suffix}"
            write_event_log(event_log(process, record), path, name=process.code)
            cache[key] = (process, path)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def discovered(simulated: Callable[..., Simulated]) -> Callable[..., tuple[Process, Path, Discovery]]:
    """``discovered(file, suffix=".csv")``: the original process, its log and what discovery made of it."""
    cache: dict[tuple, tuple[Process, Path, Discovery]] = {}

    def make(file: str, suffix: str = ".csv") -> tuple[Process, Path, Discovery]:
        if (file, suffix) not in cache:
            process, path = simulated(file, suffix)
            cache[(file, suffix)] = (process, path, discover(read_log(path), Options(replay=False)))
        return cache[(file, suffix)]

    return make
