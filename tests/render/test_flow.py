"""The flow and net views: golden DOT, the layout rules, escaping, and every label in the SVG.

The golden files in ``golden/`` are the DOT the renderers write for the fixtures; a change to the
layout shows up as a diff there. After an intended change, regenerate them and review the diff:

    APPROVALNET_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render -q
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import approvalnet
from approvalnet.language.loader import parse_process
from approvalnet.language.source import Loc, Problem
from approvalnet.render import findings_overlay, flow_dot, net_dot
from approvalnet.render.graphviz_run import run_dot

from .conftest import FIXTURES, HERE, KUNMING, ROOT, needs_dot, squeeze, svg_node_texts

GOLDEN = HERE / "golden"
UPDATE = os.environ.get("APPROVALNET_UPDATE_GOLDEN") == "1"
EVERY = FIXTURES / "every-construct.yaml"
NASTY = FIXTURES / "nasty-labels.yaml"


def load(path: Path) -> approvalnet.Process:
    return approvalnet.load(path)


def synthetic_findings(process: approvalnet.Process) -> list[Problem]:
    """Findings that do not depend on the rules of the day: one per level, one outside every step."""
    check, decide = process.step("check"), process.step("decide")
    return [
        Problem(check.loc_of("outcomes", "fraud"), "an outcome about fraud", "test/error-rule", "error"),
        Problem(check.loc_of("duration"), "a duration", "test/warning-rule", "warning"),
        Problem(decide.loc_of("join"), "a join", "test/info-rule", "info"),
        Problem(process.loc_of("time_limit", "statutory"), "a limit <20> & more", "test/item-rule", "warning"),
    ]


def golden_cases() -> list[tuple[str, Path, str, bool]]:
    return [
        ("every-construct.flow", EVERY, "flow", False),
        ("every-construct.findings.flow", EVERY, "flow", True),
        ("every-construct.net", EVERY, "net", False),
        ("every-construct.findings.net", EVERY, "net", True),
        ("nasty-labels.flow", NASTY, "flow", False),
        ("minimal.flow", ROOT / "examples/minimal.yaml", "flow", False),
    ]


@pytest.mark.parametrize(("name", "path", "view", "findings"), golden_cases(), ids=lambda v: str(v))
def test_dot_matches_golden_file(name: str, path: Path, view: str, findings: bool) -> None:
    process = load(path)
    overlay = findings_overlay(synthetic_findings(process), process) if findings else None
    text = (flow_dot if view == "flow" else net_dot)(process, overlay)
    golden = GOLDEN / f"{name}.dot"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with APPROVALNET_UPDATE_GOLDEN=1 to write it"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} changed; if intended, regenerate with APPROVALNET_UPDATE_GOLDEN=1 and review the diff")


@pytest.mark.parametrize("view", ["flow", "net"])
def test_dot_is_deterministic_and_independent_of_the_path_used(view: str, monkeypatch: pytest.MonkeyPatch) -> None:
    render = flow_dot if view == "flow" else net_dot
    first = render(load(EVERY))
    monkeypatch.chdir(FIXTURES)
    assert render(approvalnet.load("every-construct.yaml")) == first
    assert "0x" not in first  # no memory addresses, as pm4py's visualizer writes


def edges(dot: str) -> list[tuple[str, str, str]]:
    """``(tail, head, attributes)`` of every edge statement."""
    pattern = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[\w.]+) -> ("(?:[^"\\]|\\.)*"|[\w.]+)(?: \[(.*)\])?$', re.M)
    return [(a.strip('"'), b.strip('"'), attrs or "") for a, b, attrs in pattern.findall(dot)]


def node_attrs(dot: str, node: str) -> str:
    match = re.search(rf'^\s*"?{re.escape(node)}"? \[(.*)\]$', dot, re.M)
    assert match, f"node {node} not in the DOT"
    return match.group(1)


def test_lanes_are_bands_in_file_order_and_unused_lanes_are_left_out() -> None:
    dot = flow_dot(load(EVERY))
    used = ["window", "review", "experts", "applicant"]  # 'unused' has no step
    assert "lane_unused" not in dot
    invisible = [(a, b) for a, b, attrs in edges(dot) if "style=invis" in attrs]
    # In the column of lane names: boundary k, lane k, boundary k+1, top to bottom.
    for k, lane in enumerate(used):
        assert (f"sep_{k}_1", f"lane_{lane}") in invisible
        assert (f"lane_{lane}", f"sep_{k + 1}_1") in invisible
    # Every step sits between the boundaries of its own lane in its column.
    process = load(EVERY)
    for step in process.steps:
        k = used.index(step.lane)
        column = next(a.split("_")[2] for a, b in invisible if b == f"step_{step.id}" and a.startswith("sep_"))
        assert (f"sep_{k}_{column}", f"step_{step.id}") in invisible
        assert (f"step_{step.id}", f"sep_{k + 1}_{column}") in invisible
    # The boundaries are drawn as lines across every column.
    lines = [(a, b) for a, b, attrs in edges(dot) if "dir=none" in attrs]
    assert ("sep_0_0", "sep_0_1") in lines and len(lines) == (len(used) + 1) * (len(lines) // (len(used) + 1))


def test_steps_choices_bars_and_ends_are_drawn_by_kind() -> None:
    dot = flow_dot(load(EVERY))
    assert "shape=note" in node_attrs(dot, "step_supplement-notice")
    assert "shape=box3d" in node_attrs(dot, "step_inspect")
    assert "shape=cds" in node_attrs(dot, "step_deliver")
    assert "rounded,dashed" in node_attrs(dot, "step_supplement")
    assert "申请人到场" in node_attrs(dot, "step_receive")
    assert "不计入时限" in node_attrs(dot, "step_expert-review")
    assert "shape=diamond" in node_attrs(dot, "choice_check")
    labelled = {b: attrs for a, b, attrs in edges(dot) if a == "choice_check"}
    assert "complete" in labelled["step_accept"] and "80%" in labelled["step_accept"]
    assert "1%" in labelled["end_window_terminated"]
    assert "fillcolor=black" in node_attrs(dot, "split_accept")
    assert "fillcolor=black" in node_attrs(dot, "join_decide")
    flow = [(a, b) for a, b, attrs in edges(dot) if "style=invis" not in attrs and "dir=none" not in attrs]
    assert {b for a, b in flow if a == "split_accept"} == {"step_review-a", "step_expert-review"}
    assert {a for a, b in flow if b == "join_decide"} == {"step_inspect", "step_expert-review"}
    for lane, outcome, label in [("window", "approved", "准予许可"), ("window", "refused", "不予许可"),
                                 ("window", "not-accepted", "不予受理"), ("applicant", "withdrawn", "撤回"),
                                 ("window", "terminated", "终止")]:
        attrs = node_attrs(dot, f"end_{lane}_{outcome}")
        assert label in attrs and "peripheries=2" in attrs
    # The supplement loop goes back to receive: dashed, laid out forwards, drawn backwards.
    back = [(a, b, attrs) for a, b, attrs in edges(dot) if "dir=back" in attrs]
    assert back == [("step_receive", "choice_supplement", back[0][2])]
    assert "style=dashed" in back[0][2] and "resubmitted" in back[0][2]


def test_header_names_the_item_and_its_limits() -> None:
    dot = flow_dot(load(EVERY))
    header = re.search(r"^\s*graph \[(.*)\]$", dot, re.M)
    assert header
    for text in ("示例绘图事项", "TEST-RENDER-0001", "示例市行政审批局", "行政许可", "承诺件",
                 "法定时限 20个工作日", "承诺时限 10个工作日", "可延长 10个工作日", "到现场 1 次"):
        assert text in header.group(1)
    assert 'fontname="Noto Sans CJK SC"' in header.group(1)
    assert re.search(r'^\s*node \[.*fontname="Noto Sans CJK SC"', dot, re.M)
    assert re.search(r'^\s*edge \[.*fontname="Noto Sans CJK SC"', dot, re.M)


def test_font_is_configurable() -> None:
    dot = flow_dot(load(EVERY), font="WenQuanYi Zen Hei")
    assert dot.count('fontname="WenQuanYi Zen Hei"') == 3 and "Noto" not in dot


def test_labels_are_escaped_in_dot() -> None:
    dot = flow_dot(load(NASTY))
    # User text reaches DOT only inside HTML-like labels (entities) or quoted escStrings.
    assert "say &quot;hi&quot;: &lt;b&gt;<BR/>bold&lt;/b&gt; &amp; more" in dot
    assert "<b>" not in re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)  # raw only in quoted tooltips
    assert "next line \\n not a break" in dot  # a backslash and an n, as written, not a line break
    assert r'tooltip="say \"hi\": <b>bold</b> & more\nnext line \\n not a break' in dot
    assert "C:\\path\\to" in dot  # inside an HTML label a backslash is a backslash
    assert "ok: &lt;yes&gt;" in dot and "no &quot;way&quot; &amp; \\back" in dot
    assert 'digraph "X-\\"1\\"<&>:/"' in dot  # the code as the graph's name: quoted, no escapes


@needs_dot
def test_escaped_labels_come_out_of_graphviz_as_written() -> None:
    process = load(NASTY)
    done = run_dot(flow_dot(process), "svg")
    assert not done.log.strip(), done.log  # no warnings, no syntax errors
    texts = svg_node_texts(done.data)
    for step in process.steps:
        assert squeeze(step.name) in squeeze(texts[f"step_{step.id}"])
    everything = squeeze("".join(texts.values()))
    assert squeeze("窗口 \"1\" <w>") in everything and "后台第二行" in everything
    svg = done.data.decode("utf-8")
    assert "next line \\n not a break" in svg and "ok: &lt;yes&gt;" in svg


@needs_dot
@pytest.mark.parametrize("path", [*KUNMING, ROOT / "examples/joint-review.yaml", EVERY], ids=lambda p: p.name)
def test_every_step_name_is_text_in_the_svg(path: Path) -> None:
    process = load(path)
    done = run_dot(flow_dot(process), "svg")
    texts = svg_node_texts(done.data)
    for step in process.steps:
        assert squeeze(step.name) in squeeze(texts[f"step_{step.id}"]), step.id
    for lane_id, lane in process.lanes.items():
        if any(s.lane == lane_id for s in process.steps):
            assert squeeze(lane.name) in squeeze(texts[f"lane_{lane_id}"])


@needs_dot
@pytest.mark.parametrize("path", [ROOT / "processes/kunming/restaurant-opening-one-thing.yaml", EVERY],
                         ids=lambda p: p.name)
def test_net_view_svg_has_every_step_and_silent_bars(path: Path) -> None:
    process = load(path)
    done = run_dot(net_dot(process), "svg")
    texts = svg_node_texts(done.data)
    for step in process.steps:
        assert squeeze(step.name) in squeeze(texts[f"t.{step.id}"])
    assert texts["source"].startswith("●") and "●" not in texts["sink"]
    dot = net_dot(process)
    assert "fillcolor=black" in node_attrs(dot, "t.end.approved")
    assert "rankdir=LR" in dot


def test_net_view_follows_the_file_not_memory_addresses() -> None:
    process = load(EVERY)
    dot = net_dot(process)
    steps = {f"t.{step.id}" for step in process.steps}
    order = [m for m in re.findall(r'^\s*"?(t\.[\w.-]+)"? \[', dot, re.M) if m in steps]
    assert order == [f"t.{step.id}" for step in process.steps]


def test_flow_view_marks_findings_and_lists_the_rest() -> None:
    process = load(EVERY)
    overlay = findings_overlay(synthetic_findings(process), process)
    dot = flow_dot(process, overlay)
    check = node_attrs(dot, "step_check")
    assert "#ffcdd2" in check and "#c62828" in check  # worst level: error
    assert "test/error-rule" in check and "test/warning-rule" in check  # badge and tooltip
    assert "#e1f5fe" in node_attrs(dot, "step_decide")  # info only
    assert "a limit &lt;20&gt; &amp; more" in dot  # a finding outside every step, in the header
    assert "检查结果 findings: 1 error, 2 warnings, 1 info" in dot


def test_parse_without_file_still_draws() -> None:
    text = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")
    process, problems = parse_process(text)
    assert process is not None and not problems
    assert "step_receive" in flow_dot(process)


def test_overlay_problem_outside_the_file_is_a_note() -> None:
    process = load(EVERY)
    elsewhere = Problem(Loc("other.yaml", 30, 1), "elsewhere", "test/x", "error")
    overlay = findings_overlay([elsewhere], process)
    assert not overlay.marks and overlay.notes and "elsewhere" in overlay.notes[0]
