"""A smaller centre built from real Kunming items, taken through the whole job of `make demo`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.reports.index import index_html

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ("food-business-licence.yaml", "food-business-licence-renewal.yaml", "public-place-hygiene-licence.yaml")


def test_a_small_centre_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "centre"
    (folder / "before").mkdir(parents=True)
    for name in ITEMS:
        shutil.copy(ROOT / "processes/kunming" / name, folder / name)
    shutil.copy(ROOT / "processes/kunming/before-reform/food-business-licence.yaml", folder / "before")
    centre = folder / "centre.yaml"
    centre.write_text("""centre: {name: 小中心}
windows:
  front: {name: 综合受理窗口, staff: 3}
departments:
  market: {name: 昆明市市场监督管理局, staff: 14}
  health: {name: 昆明市卫生健康委员会, staff: 2}
items:
  - {file: food-business-licence.yaml, per_workday: 3}
  - {file: food-business-licence-renewal.yaml, per_workday: 2}
  - {file: public-place-hygiene-licence.yaml, per_workday: 1}
""", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["validate", str(centre)]) == 0
    assert main(["check", str(centre), "--format", "json", "-o", str(out / "check.json")]) == 0
    checked = json.loads((out / "check.json").read_text(encoding="utf-8"))
    assert checked["summary"]["files"] == 4  # the centre and its three items
    fmt = ["--format", "dot"] if shutil.which("dot") is None else []
    assert main(["render", str(folder), "-o", str(out / "diagrams"), *fmt]) == 0
    assert (out / "diagrams/index.html").exists()
    capsys.readouterr()

    assert main(["simulate", str(centre), "--days", "30", "--replications", "2", "--format", "json",
                 "--report", str(out / "centre/simulation.html")]) == 0
    simulation = json.loads(capsys.readouterr().out)
    (out / "centre/simulation.json").write_text(json.dumps(simulation), encoding="utf-8")
    items = {i["code"]: i for i in simulation["items"]}
    assert len(items) == 3 and {p["pool"] for p in simulation["pools"]} == {"front", "market", "health"}
    assert simulation["completed"] > 0.8 * simulation["arrived"]
    # the department's share of the work: the market's two items, the health one alone
    market = next(d for d in simulation["departments"] if d["department"] == "market")
    assert market["items"] == 2 and market["per_workday"] == 5

    assert main(["staff", str(centre), "--target", "on-time=0.5", "--days", "20", "--format", "json"]) == 0
    staffing = json.loads(capsys.readouterr().out)
    (out / "centre/staffing.json").write_text(json.dumps(staffing), encoding="utf-8")
    assert staffing["met"] and set(staffing["staff"]) == {"front", "market", "health"}

    (out / "compare").mkdir()
    before, after = folder / "before/food-business-licence.yaml", folder / "food-business-licence.yaml"
    assert main(["compare", str(before), str(after),
                 "--days", "30", "--replications", "2", "--format", "json", "-o", str(out / "compare/food.json"),
                 "--html", str(out / "compare/food.html")]) == 0
    page = index_html(out)
    for link in ("diagrams/index.html", "centre/simulation.html", "compare/food.html", "check.json"):
        assert f'href="{link}"' in page
    assert "The smallest staff per pool that meets the targets (not written)" in page  # missing, and said so
    assert "小中心" in page and f"{staffing['total_staff']}" in page
