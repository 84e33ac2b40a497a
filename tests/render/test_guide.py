"""The guide view: golden DOT, the symbols of a published flowchart, Chinese only, fitting A4.

The golden files ``golden/*.guide.dot`` are the DOT the guide view writes for two shipped processes
and two fixtures; after an intended change, regenerate them and review the diff:

    APPROVALNET_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render -q
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import approvalnet
from approvalnet.render import diagram, guide_dot, render
from approvalnet.render.graphviz_run import run_dot
from approvalnet.render.guide import A4_INCHES, MAX_RANKS, _chart, longest_path
from conftest import shipped_processes

from .conftest import FIXTURES, KUNMING, ROOT, needs_dot, squeeze, svg_node_texts
from .test_flow import GOLDEN, UPDATE, edges, node_attrs

FOOD = ROOT / "processes/kunming/food-business-licence.yaml"
RESTAURANT = ROOT / "processes/kunming/restaurant-opening-one-thing.yaml"
EVERY = FIXTURES / "every-construct.yaml"
LONG = FIXTURES / "long-guide.yaml"
SHIPPED = shipped_processes([str(ROOT / "processes"), str(ROOT / "examples")])
CM = 72 / 2.54  # points in a centimetre
A4_PT = (595.28, 841.89)


def load(path: Path) -> approvalnet.Process:
    return approvalnet.load(path)


def arrows_of(dot: str) -> dict[tuple[str, str], str]:
    """The attributes of the arrows between two nodes, joined (an arrow and a loop back may share them)."""
    found: dict[tuple[str, str], str] = {}
    for a, b, attrs in edges(dot):
        found[a, b] = f"{found[a, b]} | {attrs}" if (a, b) in found else attrs
    return found


def labels(dot: str) -> list[str]:
    """The text of every label of the DOT (HTML-like labels without their markup), entities resolved."""
    found = re.findall(r"(?<![a-z])(?:x?label)=<(.*?)>(?=[ \]]|$)", dot, re.M | re.S)
    return [html.unescape(re.sub(r"<[^>]*>", " ", text)) for text in found]


@pytest.mark.parametrize(("name", "path"), [("food-business-licence.guide", FOOD),
                                            ("restaurant-opening-one-thing.guide", RESTAURANT),
                                            ("every-construct.guide", EVERY), ("long-guide.guide", LONG)],
                         ids=lambda v: str(v))
def test_guide_dot_matches_golden_file(name: str, path: Path) -> None:
    text = guide_dot(load(path))
    golden = GOLDEN / f"{name}.dot"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with APPROVALNET_UPDATE_GOLDEN=1 to write it"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} changed; if intended, regenerate with APPROVALNET_UPDATE_GOLDEN=1 and review the diff")


def test_guide_dot_is_deterministic_and_independent_of_the_path_used(monkeypatch: pytest.MonkeyPatch) -> None:
    first = guide_dot(load(EVERY))
    assert guide_dot(load(EVERY)) == first
    monkeypatch.chdir(FIXTURES)
    assert guide_dot(approvalnet.load("every-construct.yaml")) == first


def test_top_to_bottom_on_an_a4_page_in_black_and_grey() -> None:
    dot = guide_dot(load(FOOD))
    graph = re.search(r"^\s*graph \[(.*)\]$", dot, re.M)
    assert graph
    assert "rankdir=TB" in graph.group(1) and f'size="{A4_INCHES[0]},{A4_INCHES[1]}"' in graph.group(1)
    assert "ratio=compress" in graph.group(1)
    assert A4_INCHES[0] * 72 <= A4_PT[0] - 4 * CM and A4_INCHES[1] * 72 <= A4_PT[1] - 4 * CM
    colours = set(re.findall(r'(?:color|fillcolor|fontcolor|bgcolor)="?(#[0-9a-fA-F]{6}|[a-z]+)', dot))
    for colour in colours:  # grey: the same red, green and blue
        if colour.startswith("#"):
            assert colour[1:3] == colour[3:5] == colour[5:7], colour
        else:
            assert colour in {"black", "white"}, colour


@pytest.mark.parametrize("path", [*SHIPPED, EVERY, LONG], ids=lambda p: p.name)
def test_labels_are_chinese_without_keys_or_figures(path: Path) -> None:
    process = load(path)
    dot = guide_dot(process)
    for text in labels(dot):
        text = text.replace(process.code, "")  # the item's code is the one Latin text a guide shows
        assert not re.search(r"[A-Za-z]{3,}", text), text
        assert "%" not in text, text
    for step in process.steps:  # every step is named, in a box or on the arrow it was folded into
        assert squeeze(step.name) in squeeze("".join(labels(dot))), step.id


def test_symbols_of_a_published_flowchart() -> None:
    process = load(EVERY)
    dot = guide_dot(process)
    for step in process.steps:
        attrs = node_attrs(dot, f"step_{step.id}")
        if step.outcomes is not None:
            assert "shape=diamond" in attrs, step.id
        elif step.notice is not None or step.kind in ("notify", "supplement-notice"):
            assert "shape=note" in attrs, step.id
        else:
            assert "shape=box" in attrs, step.id
    assert "开始" in node_attrs(dot, "start") and "rounded" in node_attrs(dot, "start")
    for outcome, words in [("approved", "准予许可"), ("refused", "不予许可"), ("not-accepted", "不予受理"),
                           ("withdrawn", "撤回"), ("terminated", "终止办理")]:
        attrs = node_attrs(dot, f"end_{outcome}")
        assert words in attrs and "rounded" in attrs
    assert "fillcolor=black" in node_attrs(dot, "split_accept")
    assert "fillcolor=black" in node_attrs(dot, "join_decide")
    arrows = arrows_of(dot)
    assert "材料齐全" in arrows["step_check", "step_accept"]
    assert "不属于受理范围" in arrows["step_check", "end_not-accepted"]
    assert "隐瞒情况或提供虚假材料" in arrows["step_check", "end_terminated"]  # 'fraud', from the table
    assert "已补正" in arrows["step_receive", "step_supplement"]  # the loop back, drawn backwards
    assert "dir=back" in arrows["step_receive", "step_supplement"]
    assert "综合受理窗口" in node_attrs(dot, "step_receive")  # who does it
    assert "#f2f2f2" in node_attrs(dot, "step_supplement")  # the applicant's own step, light grey
    for figure in ("80%", "0.8", "10 min", "10分钟", "3人", "staff"):
        assert figure not in dot


def test_caption_gives_the_limits_and_no_modelling() -> None:
    dot = guide_dot(load(EVERY))
    graph = re.search(r"^\s*graph \[(.*)\]$", dot, re.M)
    assert graph
    for text in ("示例绘图事项办理流程图", "示例市行政审批局", "TEST-RENDER-0001", "法定办结时限 20个工作日",
                 "可延长 10个工作日", "承诺办结时限 10个工作日"):
        assert text in graph.group(1)


def test_outcome_name_wins_over_the_table_and_unknown_keys_stay_unlabelled() -> None:
    dot = guide_dot(load(LONG))
    arrows = arrows_of(dot)
    assert "材料不齐全或不符合法定形式" in arrows["step_check", "step_supplement"]
    assert "材料不全<" not in arrows["step_check", "step_supplement"]
    assert "label" not in arrows["step_check", "end_terminated"]  # 'mystery-key': no words for it
    nasty = guide_dot(load(FIXTURES / "nasty-labels.yaml"))
    assert "yes" not in "".join(labels(nasty)) and "way" not in "".join(labels(nasty))


def test_food_licence_outcomes_have_their_published_names() -> None:
    process = load(FOOD)
    for step in process.steps:
        for key, outcome in (step.outcomes or {}).items():
            assert outcome.name, f"{step.id}: {key}"
    dot = guide_dot(process)
    arrows = arrows_of(dot)
    assert "依法不需要取得许可" in arrows["step_check", "step_not-accepted-notice"]
    assert "符合条件" in arrows["step_decide", "step_make-licence"]


def test_a_long_process_is_folded_until_it_fits() -> None:
    process = load(LONG)
    nodes, links = _chart(process)
    assert longest_path(nodes, links) > MAX_RANKS
    dot = guide_dot(process)
    drawn = set(re.findall(r'^\s*"?(step_[\w-]+)"? \[', dot, re.M))
    # Stage 1: notices with one way in and out are words on the arrow that replaces them.
    for folded in ("first-opinion", "publicity-notice", "collect-notice", "refusal", "supplement-notice",
                   "not-accepted-notice"):
        assert f"step_{folded}" not in drawn
    arrows = arrows_of(dot)
    assert "不予<BR/>送达不予许可决定书" in arrows["step_decide", "end_refused"]
    # Stage 2: runs of plain steps are one box, divided by rules.
    assert "step_site" not in drawn and "<HR/>" in node_attrs(dot, "step_second-review")
    assert "现场核查" in node_attrs(dot, "step_second-review")
    # A shorter process keeps every step in a box of its own.
    food = guide_dot(load(FOOD))
    assert all(f"step_{s.id}" in food for s in load(FOOD).steps) and "<HR/>" not in food


def test_the_guide_is_one_of_the_views() -> None:
    process = load(EVERY)
    assert diagram(process, "guide").source == guide_dot(process)
    assert render(process, "guide", "dot").decode("utf-8") == guide_dot(process)
    assert 'fontname="WenQuanYi Zen Hei"' in guide_dot(process, font="WenQuanYi Zen Hei")


def _size_pt(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert match
    return float(match.group(1)), float(match.group(2))


@needs_dot
def test_largest_shipped_process_fits_a4_and_names_every_step() -> None:
    largest = max(SHIPPED, key=lambda p: (len(load(p).steps), p.name))
    process = load(largest)
    done = run_dot(guide_dot(process), "svg")
    assert not done.log.strip(), done.log
    width, height = _size_pt(done.data)
    assert width <= A4_PT[0] - 4 * CM and height <= A4_PT[1] - 4 * CM, (largest.name, width, height)
    texts = svg_node_texts(done.data)
    for step in process.steps:
        if f"step_{step.id}" in texts:
            assert squeeze(step.name) in squeeze(texts[f"step_{step.id}"]), step.id


@needs_dot
@pytest.mark.parametrize("path", [*KUNMING, EVERY, LONG], ids=lambda p: p.name)
def test_every_chart_fits_a4_without_warnings(path: Path) -> None:
    done = run_dot(guide_dot(load(path)), "svg")
    assert not done.log.strip(), done.log
    width, height = _size_pt(done.data)
    assert width <= A4_PT[0] - 4 * CM and height <= A4_PT[1] - 4 * CM


@needs_dot
def test_pdf_page_is_the_drawing_without_margins() -> None:
    done = run_dot(guide_dot(load(FOOD)), "pdf")
    box = re.search(rb"MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", done.data)
    assert box, "no MediaBox in the PDF"
    assert float(box.group(1)) <= A4_PT[0] - 4 * CM and float(box.group(2)) <= A4_PT[1] - 4 * CM


def test_render_command_draws_the_guide_view(cli_main: Callable[[list[str]], int], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["render", str(FOOD), "--view", "guide", "--format", "dot", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "food-business-licence.dot").read_text(encoding="utf-8") == guide_dot(load(FOOD))
    assert "1 diagram (guide, dot)" in capsys.readouterr().out
    # The guide is drawn for print: overlays are left out, with a word why.
    assert cli_main(["render", str(FOOD), "--view", "guide", "--format", "dot", "--findings", "-o",
                     str(tmp_path / "f")]) == 0
    assert "without --findings or --heat" in capsys.readouterr().err
    assert (tmp_path / "f/food-business-licence.dot").read_text(encoding="utf-8") == guide_dot(load(FOOD))
