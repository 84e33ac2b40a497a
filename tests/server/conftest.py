"""The workbench's application over small folders, without binding a port (FastAPI's TestClient)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette prefers httpx2 for its TestClient; httpx works all the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from approvalnet.server.app import Limits, create_app

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "processes"
KUNMING = PROCESSES / "kunming"
BASE = "http://127.0.0.1:8765"  # the Host the guard accepts for a server on the loopback

ITEM = """code: "T-1"
name: 测试事项
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20 workdays, promised: 1 workday}
lanes:
  desk: {name: 办理岗, kind: window, staff: 1}
steps:
  - {id: serve, name: 办理, lane: desk, duration: {distribution: exponential, mean: 10 min}, end: approved}
"""

CENTRE = """centre: {name: 小中心}
windows:
  front: {name: 综合受理窗口, staff: 1}
items:
  - {file: item.yaml, per_workday: 3}
"""


def client(folder: Path, **options: object) -> TestClient:
    raise_errors = bool(options.pop("raise_server_exceptions", True))
    return TestClient(create_app(folder, **options), base_url=BASE,  # type: ignore[arg-type]
                      raise_server_exceptions=raise_errors)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A served folder: one real Kunming item, a small process and a centre of it."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    shutil.copy(KUNMING / "food-business-licence.yaml", root / "food.yaml")
    (root / "item.yaml").write_text(ITEM, encoding="utf-8")
    (root / "centre.yaml").write_text(CENTRE, encoding="utf-8")
    return root


@pytest.fixture
def api(folder: Path) -> Iterator[TestClient]:
    with client(folder, limits=Limits(timeout=30)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shipped() -> Iterator[TestClient]:
    """The shipped processes, read only: one application for the session (its catalogue is cached)."""
    with client(PROCESSES) as test_client:
        yield test_client
