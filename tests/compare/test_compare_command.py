"""``approvalnet compare OLD NEW``: text, JSON, HTML, and the exit codes."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

import approvalnet
from approvalnet.cli import main
from approvalnet.compare import compare_processes
from approvalnet.reports.compare import html_page, print_comparison

HERE = Path(__file__).parent
OLD, NEW = str(HERE / "old.yaml"), str(HERE / "new.yaml")
QUICK = ["--days", "40", "--replications", "2", "--seed", "7"]


def test_text_shows_the_reductions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", OLD, NEW, *QUICK]) == 0
    out = capsys.readouterr().out
    assert "比较测试许可（改革前）" in out and "比较测试许可（改革后）" in out
    for group in ("减环节", "减材料", "减时限", "减跑动", "simulated"):
        assert group in out
    assert "−75.0 %" in out  # required materials 4 → 1
    assert "−66.7 %" in out  # promised 15 → 5 working days
    assert "both simulated at 2 arrivals per working day" in out


def test_json_has_every_row_with_its_change(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", OLD, NEW, *QUICK, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {row["measure"]: row for row in data["rows"]}
    visits = rows["visits.modelled"]
    assert (visits["old"], visits["new"], visits["change"], visits["change_percent"]) == (2, 1, -1, -50.0)
    assert visits["verdict"] == "better" and visits["better"] == "lower"
    mean = rows["cycle-time.mean"]
    assert mean["new"] < mean["old"] and mean["verdict"] == "better"
    assert mean["old_ci95"] is not None and mean["change_ci95"] is not None
    assert data["parameters"] == {"simulated": True, "days": 40.0, "seed": 7, "replications": 2, "warmup_days": 0.0,
                                  "per_workday": 2.0, "rate_source": "OLD's simulation.arrivals.per_workday"}


def test_no_simulate_gives_only_the_static_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", OLD, NEW, "--no-simulate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["simulated"] is False
    assert {row["group"] for row in data["rows"]} == {"steps", "materials", "time-limits", "visits", "modelled"}


def test_output_file_and_html_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, page = tmp_path / "cmp.json", tmp_path / "site" / "cmp.html"
    assert main(["compare", OLD, NEW, *QUICK, "--format", "json", "-o", str(out), "--html", str(page)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["old"]["code"] == "CMP-0001-OLD"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<table>" in text
    assert "<script" not in text and "http" not in text  # self-contained
    assert re.search(r'<td class="num better">−75\.0 %</td>', text)
    assert not list(tmp_path.rglob("*.tmp"))


def test_text_output_file_has_no_colour_codes(tmp_path: Path) -> None:
    out = tmp_path / "cmp.txt"
    assert main(["compare", OLD, NEW, "--no-simulate", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "减材料" in text and "\x1b[" not in text


def test_reductions_are_green_and_rises_red() -> None:
    old, new = approvalnet.load(OLD), approvalnet.load(NEW)
    # NEW → OLD: every reduction becomes a rise
    for a, b, colour in ((old, new, "32"), (new, old, "31")):
        buffer = StringIO()
        print_comparison(compare_processes(a, b, simulate=False),
                         Console(file=buffer, force_terminal=True, color_system="standard", width=200))
        line = next(x for x in buffer.getvalue().splitlines() if "required, from the applicant" in x)
        assert f"\x1b[{colour}m" in line


def test_html_escapes_names() -> None:
    old = approvalnet.load(OLD)
    tricky = old.model_copy(update={"name": "<b>&</b>"})
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html_page(compare_processes(tricky, old, simulate=False))


def test_invalid_file_exits_2_with_its_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text((HERE / "new.yaml").read_text(encoding="utf-8").replace("duration: 1 h", "duraton: 1 h"),
                      encoding="utf-8")
    assert main(["compare", OLD, str(broken)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"broken\.yaml:\d+:\d+: error: unknown key 'duraton'", err)


@pytest.mark.parametrize(("args", "message"), [
    (["missing.yaml", NEW], "missing.yaml: no such file"),
    ([OLD, NEW, "--days", "0"], "--days"),
    ([OLD, NEW, "--rate", "-1"], "--rate"),
    ([OLD, NEW, "--format", "xml"], "--format"),
])
def test_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *args]) == 2
    assert message in capsys.readouterr().err


def test_refused_simulation_exits_2_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", OLD, NEW, "--rate", "20", "--days", "10", "--replications", "1"]) == 2
    err = capsys.readouterr().err
    assert "OLD (" in err and "old.yaml" in err and "cannot keep up" in err
    assert "Traceback" not in err


def test_two_centres_are_compared_at_the_same_demand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("old.yaml", "new.yaml"):
        (tmp_path / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    centres = {}
    for name, volume in (("old", 2), ("new", 4)):  # NEW's volume is scaled back to OLD's 2 per day
        centres[name] = tmp_path / f"centre-{name}.yaml"
        centres[name].write_text(f"""centre: {{name: 中心{name}}}
windows:
  front: {{name: 综合窗口, staff: 3}}
departments:
  dept-a: {{name: 甲科, staff: 10}}
  dept-b: {{name: 乙科, staff: 10}}
items:
  - {{file: {name}.yaml, per_workday: {volume}}}
""", encoding="utf-8")
    assert main(["compare", str(centres["old"]), str(centres["new"]), *QUICK, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["kind"] == data["new"]["kind"] == "centre"
    rows = {row["measure"]: row for row in data["rows"]}
    process = compare_processes(approvalnet.load(OLD), approvalnet.load(NEW), simulate=False)
    for key in ("steps", "materials.required", "limit.promised", "visits.declared"):  # one item: its own figures
        assert (rows[key]["old"], rows[key]["new"]) == (process.row(key).old, process.row(key).new)
    assert data["parameters"]["per_workday"] == 2
    assert any("scaled by 0.5" in note for note in data["notes"])
    assert rows["cycle-time.mean"]["new"] < rows["cycle-time.mean"]["old"]


def test_a_centre_and_a_process_are_not_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centre = tmp_path / "centre.yaml"
    centre.write_text("centre:\n  name: 测试中心\nitems: []\n", encoding="utf-8")
    assert main(["compare", str(centre), NEW]) == 2
    assert "cannot compare a centre with a process" in capsys.readouterr().err
    assert main(["compare", str(centre), str(centre)]) == 2  # not a valid centre: its problems are listed
    assert "must not be empty" in capsys.readouterr().err

def test_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "compare" in capsys.readouterr().out


def test_a_run_in_which_nothing_finished_asks_for_more_days(capsys: pytest.CaptureFixture[str]) -> None:
    """The library says what happened (NothingFinished, no flag in its words); the command adds the hint."""
    from approvalnet.compare.process import compare_processes
    from approvalnet.language.loader import load
    from approvalnet.sim.engine import NothingFinished

    with pytest.raises(NothingFinished) as raised:
        compare_processes(load(OLD), load(NEW), days=0.001, replications=1)
    assert "--" not in str(raised.value)
    assert main(["compare", OLD, NEW, "--days", "0.001", "--replications", "1"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("no case finished within the 0.001 simulated working days; "
                                                     "raise --days")
