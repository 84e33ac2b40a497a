"""`approvalnet import` on BPMN that is odd, hand-edited or hostile: the YAML it writes always passes
`approvalnet validate`, or it writes none (exit 2); whatever it leaves out or replaces is reported at
its line (exit 1); names of any length and any characters come through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from approvalnet.cli import main
from approvalnet.formats.bpmn import from_bpmn
from approvalnet.language.loader import parse_process, read_process

from .conftest import ROOT
from .test_yaml_text import NASTY

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
OURS = "https://approvalnet.example/schema/bpmn"
ITEM = {"code": "X-1", "name": "N", "type": "administrative-licensing", "authority": {"name": "某局"},
        "handling": "commitment", "time_limit": {"statutory": "20 workdays"}}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def choice_bpmn(task: str = "T", flow: str = "", lane: str = "W", item: object = None, task_attrs: str = "",
                task_inside: str = "", p: tuple[str | None, str | None] = (None, None), lane_attrs: str = "") -> bytes:
    """start → task → exclusive gateway → u | v → end, in one lane; names set through lxml, so that any
    text XML can hold goes in."""
    extension = ""
    if item is not None:
        text = item if isinstance(item, str) else json.dumps(item)
        extension = (f'<extensionElements><approvalnet:item format="application/json">{_escape(text)}'
                     "</approvalnet:item></extensionElements>")
    p1, p2 = (f'approvalnet:p="{value}"' if value is not None else "" for value in p)
    xml = (f'<?xml version="1.0"?>\n<definitions xmlns="{BPMN}" xmlns:approvalnet="{OURS}">\n<process id="p">\n'
           f"{extension}\n"
           f'<laneSet><lane id="L1" {lane_attrs}><flowNodeRef>t</flowNodeRef><flowNodeRef>u</flowNodeRef>'
           "<flowNodeRef>v</flowNodeRef></lane></laneSet>\n"
           '<startEvent id="s"/>\n'
           f'<task id="t" {task_attrs}>{task_inside}</task>\n'
           '<exclusiveGateway id="g"/>\n<task id="u" name="U"/>\n<task id="v" name="V"/>\n<endEvent id="e"/>\n'
           '<sequenceFlow id="f1" sourceRef="s" targetRef="t"/>\n<sequenceFlow id="f2" sourceRef="t" targetRef="g"/>\n'
           f'<sequenceFlow id="f3" sourceRef="g" targetRef="u" {p1}/>\n'
           f'<sequenceFlow id="f4" sourceRef="g" targetRef="v" {p2}/>\n'
           '<sequenceFlow id="f5" sourceRef="u" targetRef="e"/>\n<sequenceFlow id="f6" sourceRef="v" targetRef="e"/>\n'
           "</process>\n</definitions>\n")
    root = etree.fromstring(xml.encode("utf-8"))
    root.find(f".//{{{BPMN}}}task[@id='t']").set("name", task)
    root.find(f".//{{{BPMN}}}lane").set("name", lane)
    if flow:
        root.find(f".//{{{BPMN}}}sequenceFlow[@id='f3']").set("name", flow)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def line_of(data: bytes, xpath: str) -> int:
    return etree.fromstring(data).xpath(xpath, namespaces={"b": BPMN, "a": OURS})[0].sourceline


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes) -> tuple[int, str, Path]:
    """Import ``data`` to a file; the exit code, stderr and the output, which must validate if written."""
    source, target = tmp_path / "in.bpmn", tmp_path / "out.yaml"
    source.write_bytes(data)
    code, _, err = run(capsys, "import", str(source), "-o", str(target))
    assert "Traceback" not in err and "internal error" not in err
    if target.exists():
        assert run(capsys, "validate", str(target))[0] == 0, target.read_text(encoding="utf-8")[:2000]
    return code, err, target


# --- names ----------------------------------------------------------------------------------------

XML_NAMES = [n for n in NASTY if n.strip() and not any(c in n for c in "\x00\x07\x7f\ufffe\uffff")]


@pytest.mark.parametrize("name", XML_NAMES, ids=range(len(XML_NAMES)))
def test_any_name_comes_through(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    # the task, the flow out of the choice (an outcome's key) and the lane are all named ``name``
    code, err, target = imported(tmp_path, capsys, choice_bpmn(task=name, flow=name, lane=name))
    assert code == 0, err
    process, problems = read_process(target)
    assert process is not None, problems
    task = process.steps[0]
    assert task.name == name
    assert list(task.outcomes) == [" ".join(name.split()), "V"]  # outcome names are one line
    assert next(iter(process.lanes.values())).name == name


def test_a_task_and_flow_named_1100_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "A" * 1100
    code, err, target = imported(tmp_path, capsys, choice_bpmn(task=long, flow=long))
    assert code == 0 and "everything expressed" in err
    process = read_process(target)[0]
    assert process is not None and process.steps[0].name == long and long in process.steps[0].outcomes


# --- nothing written that does not validate ---------------------------------------------------------

def test_a_flow_that_never_ends_is_refused_with_exit_2_and_no_file(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = (f'<?xml version="1.0"?>\n<definitions xmlns="{BPMN}">\n<process id="p">\n<startEvent id="s"/>'
            '<task id="t" name="Do"/><task id="u" name="Do"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>'
            '<sequenceFlow id="f2" sourceRef="t" targetRef="u"/><sequenceFlow id="f3" sourceRef="u" targetRef="t"/>'
            "</process></definitions>").encode()
    code, err, target = imported(tmp_path, capsys, data)
    assert code == 2 and not target.exists()
    assert f"{tmp_path / 'in.bpmn'}:3: " in err and "end event" in err and "no YAML is written" in err
    assert ":0:" not in err and "left out" not in err


def test_our_item_with_missing_bad_and_unknown_fields_is_mended_and_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = {"code": "X", "name": "N", "simulation": {"arrivals": {"per_workday": -5}}, "extra_key": 1, "lanes": "zzz"}
    data = choice_bpmn(item=item)
    code, err, target = imported(tmp_path, capsys, data)
    assert code == 1 and target.exists()
    line = line_of(data, "//a:item")
    reported = [x for x in err.splitlines() if x.startswith(f"{tmp_path / 'in.bpmn'}:{line}: ")]
    for word in ("'extra_key'", "'lanes'", "'type'", "'authority'", "'handling'", "'time_limit'", "per_workday"):
        assert sum(word in x for x in reported) == 1, (word, err)
    process = read_process(target)[0]
    assert process is not None and process.code == "X" and process.simulation is None
    text = target.read_text(encoding="utf-8")
    assert text.count("# placeholder") >= 4 and "extra_key" not in text.split("\ncode:")[1]


@pytest.mark.parametrize(("item", "words"), [
    ({**ITEM, "materials": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}, ["duplicate material"]),
    ({**ITEM, "materials": 5}, ["'materials'"]),
    ({**ITEM, "simulation": {"arrivals": {"per_workday": 3}, "priorities": {"nostep": 1}}}, ["nostep"]),
    ({**ITEM, "simulation": {"arrivals": {"per_workday": 3}, "calendar": {"office_hours": ["12:00-09:00"]}}},
     ["12:00-09:00"]),
    ({**ITEM, "type": "zzz", "authority": "str", "handling": 5, "time_limit": [1]},
     ["'type'", "'authority'", "'handling'", "'time_limit'"]),
    ({**ITEM, "time_limit": {"statutory": "20 workdays", "extension": {"length": "5 workdays", "approver": " "}}},
     ["approver"]),
    ({**ITEM, "visits": float("nan")}, ["'visits'"]),
    ({**ITEM, "fee": json.loads("[" * 100 + "]" * 100)}, ["'fee'"]),
    ({**ITEM, "A" * 1100: {"x": 1}}, ["not a field"]),
    ({**ITEM, "name": "x\ud800y"}, ["surrogate"]),
    ("[1, 2]", ["cannot be read"]),
    ("{not json", ["cannot be read"]),
])
def test_refused_item_fields_are_left_out_or_replaced_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    item: object, words: list[str]) -> None:
    code, err, target = imported(tmp_path, capsys, choice_bpmn(item=item, task_attrs='approvalnet:materials="a"'))
    assert code == 1 and target.exists(), err
    for word in words:
        assert word in err


@pytest.mark.parametrize(("attrs", "words"), [
    ({"task_inside": '<extensionElements><approvalnet:duration distribution="uniform" min="20 min" max="10 min"/>'
                     "</extensionElements>"}, ["min 20 min above max 10 min"]),
    ({"task_inside": '<extensionElements><approvalnet:duration distribution="empirical" weights="1 2">'
                     "<approvalnet:value>5 min</approvalnet:value></approvalnet:duration></extensionElements>"},
     ["2 weights for 1 values"]),
    ({"p": ("0.3", "0.3")}, ["add up to 0.6"]),
    ({"p": ("nan", "0.3")}, ["approvalnet:p 'nan'", "left out too"]),
    ({"p": ("1", None)}, ["only 1 of the 2"]),
    ({"lane_attrs": 'approvalnet:lane="w" approvalnet:kind="window" approvalnet:staff="0"'}, ["is no staff"]),
    ({"lane_attrs": 'approvalnet:lane="w" approvalnet:kind="applicant" approvalnet:staff="3"'}, ["takes no staff"]),
    ({"lane_attrs": 'approvalnet:staff="３"'}, ["approvalnet:staff '３'"]),
])
def test_refused_values_of_tasks_flows_and_lanes_are_left_out_and_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], attrs: dict, words: list[str]) -> None:
    code, err, _ = imported(tmp_path, capsys, choice_bpmn(item=ITEM, **attrs))
    assert code == 1, err
    for word in words:
        assert word in err


def test_bad_probabilities_and_staff_are_each_reported_at_their_line(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = choice_bpmn(p=("abc0.95", "abc0.05"), lane_attrs='approvalnet:staff="-2"')
    code, err, target = imported(tmp_path, capsys, data)
    assert code == 1 and "everything expressed" not in err
    source = tmp_path / "in.bpmn"
    for flow in ("f3", "f4"):
        assert f"{source}:{line_of(data, f'//b:sequenceFlow[@id={flow!r}]')}: approvalnet:p 'abc0." in err
    assert f"{source}:{line_of(data, '//b:lane')}: approvalnet:staff '-2'" in err
    process = read_process(target)[0]
    assert process is not None
    assert all(o.p is None for o in process.steps[0].outcomes.values())
    assert next(iter(process.lanes.values())).staff == 1  # the placeholder, marked as one in the file
    assert "placeholder: how many staff" in target.read_text(encoding="utf-8")


def test_each_bpmn_file_of_the_tests_gives_valid_yaml_or_none(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Every BPMN file written elsewhere that the tests hold imports to YAML that validates, or to
    nothing with exit code 2."""
    sources = [*sorted((ROOT / "tests/formats/data").glob("*.bpmn"))]
    for source in sources:
        code, err, target = imported(tmp_path, capsys, source.read_bytes())
        assert code in (0, 1, 2) and target.exists() == (code != 2), (source, err)
        target.unlink(missing_ok=True)


def test_from_bpmn_returns_only_valid_yaml() -> None:
    text, problems = from_bpmn(choice_bpmn(item={"code": "X"}))
    process, found = parse_process(text, "x.yaml")
    assert process is not None, found
    assert {p.element for p in problems} == {"item"}


# --- messages ---------------------------------------------------------------------------------------

def test_a_flow_without_ends_is_reported_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = choice_bpmn().replace(b"</process>", b'<sequenceFlow id="loose"/>\n</process>')
    code, err, _ = imported(tmp_path, capsys, data)
    line = line_of(data, "//b:sequenceFlow[@id='loose']")
    assert code == 1
    assert f":{line}: sequence flow 'loose' is left out: it has no sourceRef and targetRef" in err
    assert "None" not in err


def test_a_folder_given_as_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", str(tmp_path))
    assert code == 2 and "is a folder" in err and "no such file" not in err


def test_an_output_below_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "somefile.yaml"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "export", str(ROOT / "examples/minimal.yaml"), "-o", str(blocker / "x.bpmn"))
    assert code == 2 and f"{blocker} is a file, not a folder" in err and "File exists" not in err
    source = tmp_path / "in.bpmn"
    source.write_bytes(choice_bpmn())
    code, _, err = run(capsys, "import", str(source), "-o", str(blocker / "sub" / "x.yaml"))
    assert code == 2 and f"{blocker} is a file, not a folder" in err
