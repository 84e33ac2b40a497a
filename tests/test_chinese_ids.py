"""Chinese ids and Chinese file names, as officers type them: a process whose step, lane, material
and outcome ids are Chinese (tests/data/chinese-ids.yaml, made up for these tests) validates, passes
the checks, draws, simulates, becomes a Petri net (PNML) and BPMN (valid against the OMG XSD) and
comes back from BPMN, with its ids intact; a file named 食品经营许可.yaml works in every command."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import approvalnet
from approvalnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/data/chinese-ids.yaml"  # made up for tests: examples/joint-review.yaml in Chinese ids
STEPS = ["收件", "当场更正", "材料审查", "补正告知", "申请人补正", "补正审查", "不予受理告知", "受理", "消防审查",
         "规划审查", "延期审批", "专家评审", "卫生审查", "决定", "送达", "送达不予许可决定"]
LANES = ["综合窗口", "消防科", "规划科", "卫生科", "专家组", "政府分管负责人", "申请人"]
MATERIALS = ["申请书", "设计方案", "授权委托书"]
OUTCOMES = {"准予许可", "不予许可", "齐全", "需补正", "按期", "需延期"}
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@pytest.fixture
def named(tmp_path: Path) -> Path:
    """The fixture under a Chinese folder and file name."""
    folder = tmp_path / "事项" / "processes"
    folder.mkdir(parents=True)
    path = folder / "食品经营许可.yaml"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_has_chinese_ids_everywhere() -> None:
    process = approvalnet.load(FIXTURE)
    assert [s.id for s in process.steps] == STEPS
    assert list(process.lanes) == LANES
    assert [m.id for m in process.materials] == MATERIALS
    outcomes = {key for step in process.steps for key in (step.outcomes or {})}
    assert outcomes >= OUTCOMES


@pytest.mark.parametrize("bad", ["1收件", "收件 受理", "收件，受理", "收件。", "_收件"])
def test_ids_still_refuse_what_is_not_a_name(bad: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("- id: 收件\n", f"- id: '{bad}'\n", 1)
    process, problems = approvalnet.language.loader.parse_process(text, "f.yaml")
    assert process is None
    assert any("is not a valid id" in p.message for p in problems)


def test_validate_and_check(named: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(named)]) == 0
    assert "1 file valid" in capsys.readouterr().out
    assert main(["check", "--format", "json", str(named)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert str(named) in json.dumps(data, ensure_ascii=False)
    assert main(["soundness", str(named)]) == 0
    assert "sound" in capsys.readouterr().out


def test_messages_name_a_chinese_file_and_chinese_ids(named: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = named.read_text(encoding="utf-8").replace("next: 材料审查", "next: 材料审核", 1)
    named.write_text(text, encoding="utf-8")
    assert main(["validate", str(named)]) == 1
    out = capsys.readouterr().out
    line = text.splitlines().index(next(x for x in text.splitlines() if "材料审核" in x)) + 1
    assert f"{named}:{line}:" in out and "材料审核" in out and "材料审查" in out  # did you mean '材料审查'?


@needs_dot
@pytest.mark.parametrize("view", ["flow", "net"])
def test_render(named: Path, tmp_path: Path, view: str) -> None:
    out = tmp_path / "图"
    assert main(["render", "--view", view, "-o", str(out), str(named)]) == 0
    svg = (out / "食品经营许可.svg").read_text(encoding="utf-8")
    for step in ("收件", "决定", "送达"):
        assert step in svg


def test_render_dot_needs_no_graphviz(named: Path, tmp_path: Path) -> None:
    assert main(["render", "--format", "dot", "-o", str(tmp_path), str(named)]) == 0
    dot = (tmp_path / "食品经营许可.dot").read_text(encoding="utf-8")
    assert all(name in dot for name in ("收件", "综合受理窗口"))


def test_simulate(named: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "事件日志.csv"
    assert main(["simulate", "--days", "20", "--format", "json", "--log", str(log), str(named)]) == 0
    data = json.loads(capsys.readouterr().out)
    text = json.dumps(data, ensure_ascii=False)
    assert all(step in text for step in ("收件", "决定")) and "综合窗口" in text
    events = log.read_text(encoding="utf-8")
    assert ",收件,收件," in events
    assert main(["simulate", "--days", "5", "--set", "lanes.消防科.staff=3", str(named)]) == 0


def test_net_pnml_keeps_the_ids(named: Path, tmp_path: Path) -> None:
    from lxml import etree

    out = tmp_path / "网.pnml"
    assert main(["net", "--format", "pnml", "-o", str(out), str(named)]) == 0
    tree = etree.parse(str(out))
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert {f"t.{step}" for step in STEPS} <= ids  # a transition per step, named after it
    assert {"p.收件", "p.决定.from.消防审查", "p.决定.from.卫生审查"} <= ids  # 决定 joins the parallel reviews


def _bpmn_schema():
    from lxml import etree

    spec = importlib.util.find_spec("SpiffWorkflow")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("the BPMN 2.0 XSD comes with the SpiffWorkflow package (the dev extra)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "bpmn" / "parser" / "schema"
    return etree.XMLSchema(etree.parse(str(folder / "BPMN20.xsd")))


def test_bpmn_export_is_valid_and_keeps_the_ids(named: Path, tmp_path: Path) -> None:
    from lxml import etree

    out = tmp_path / "导出.bpmn"
    assert main(["export", "--format", "bpmn", "-o", str(out), str(named)]) == 0
    tree = etree.parse(str(out))
    schema = _bpmn_schema()
    assert schema.validate(tree), schema.error_log
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert {f"Task_{step}" for step in STEPS} <= ids
    assert {f"Lane_{lane}" for lane in LANES} <= ids


def test_bpmn_round_trip(named: Path, tmp_path: Path) -> None:
    bpmn, back = tmp_path / "导出.bpmn", tmp_path / "回来.yaml"
    assert main(["export", "--format", "bpmn", "-o", str(bpmn), str(named)]) == 0
    assert main(["import", "-o", str(back), str(bpmn)]) == 0
    before, after = approvalnet.load(named), approvalnet.load(back)
    assert [s.id for s in after.steps] == [s.id for s in before.steps]
    assert list(after.lanes) == list(before.lanes)
    assert [m.id for m in after.materials] == [m.id for m in before.materials]
    assert [list(s.outcomes or {}) for s in after.steps] == [list(s.outcomes or {}) for s in before.steps]


def test_a_foreign_bpmn_with_chinese_task_ids_keeps_them(tmp_path: Path) -> None:
    bpmn = tmp_path / "外来.bpmn"
    bpmn.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://example">
  <process id="p" isExecutable="false">
    <startEvent id="开始"/>
    <task id="收件" name="收件"/>
    <task id="审查" name="审查"/>
    <endEvent id="办结" name="办结"/>
    <sequenceFlow id="f1" sourceRef="开始" targetRef="收件"/>
    <sequenceFlow id="f2" sourceRef="收件" targetRef="审查"/>
    <sequenceFlow id="f3" sourceRef="审查" targetRef="办结"/>
  </process>
</definitions>
""", encoding="utf-8")
    back = tmp_path / "回来.yaml"
    assert main(["import", "-o", str(back), str(bpmn)]) == 0
    assert [s.id for s in approvalnet.load(back).steps] == ["收件", "审查"]


def test_a_folder_with_chinese_names(named: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(named.parent)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["file"] for f in data["files"]] == [str(named)]
