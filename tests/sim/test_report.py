"""The HTML report of a simulation and the heat overlay of the flow diagram."""

from __future__ import annotations

import dataclasses
import re
import shutil
import warnings
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from approvalnet.language.types import Process
from approvalnet.render import flow_dot, render
from approvalnet.reports import plots as plots_module
from approvalnet.reports import simulation_html as report_module
from approvalnet.reports.simulation_html import report_html, write_report
from approvalnet.sim.heat import HEAT_BORDER, heat_colour, heat_overlay
from approvalnet.sim.kpis import Estimate, SimulationResult, StepKpi, simulate

from .models import process

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def model() -> Process:
    return process("  desk: {name: 窗口, kind: window, staff: 2}\n  back: {name: 审批科室, kind: department, staff: 1}",
                   "  - {id: take, name: 收件受理, lane: desk, duration: {distribution: exponential, mean: 20 min}}\n"
                   "  - {id: check, name: 审查, lane: back, duration: {distribution: exponential, mean: 60 min}, "
                   "end: approved}", 14)


@pytest.fixture(scope="module")
def result(model: Process) -> SimulationResult:
    return simulate(model, days=20, seed=3, replications=2)


class Page(HTMLParser):
    """Collects tags and attributes, and checks that elements close in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert not page.errors and not page.stack, (page.errors, page.stack)
    return page


def test_report_is_html_with_the_figures(tmp_path: Path, model: Process, result: SimulationResult) -> None:
    path = tmp_path / "out" / "report.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_report(result, model, path)
    text = path.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    page = parse(text)
    words = " ".join(page.text)
    assert "仿真测试" in words and "SIM-1" in words
    assert "statutory limit: 20 working days" in words and "promised limit" in words
    tp = result.throughput_per_workday
    assert tp.ci is not None and f"{tp.mean:.2f} ± {tp.ci:.2f}" in words
    back = next(lane for lane in result.lanes if lane.lane == "back")
    assert back.utilization.ci is not None
    assert f"{back.utilization.mean * 100:.1f} ± {back.utilization.ci * 100:.1f} %" in words
    wait = result.step("check").waiting_minutes
    assert f"{wait.mean:.1f}" in words
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    # cycle time, utilization, queue over the office day, work in progress
    assert [attrs.get("alt") for attrs in images] == ["cycle-time distribution", "utilization per post",
                                                      "queue over the office day", "work in progress"]
    assert all((attrs.get("src") or "").startswith("data:image/png;base64,") for attrs in images)
    if shutil.which("dot"):
        assert any(tag == "svg" for tag, _ in page.tags)
    assert list(path.parent.iterdir()) == [path]  # written atomically: no temporary file left


def test_report_fetches_nothing_from_the_network(model: Process, result: SimulationResult) -> None:
    text = report_html(result, model)
    page = parse(text)
    for _, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "action", "srcset", "data"):
                assert value is not None and not re.match(r"\s*(https?:)?//", value), (name, value)
    assert "url(" not in text and "@import" not in text and "<script" not in text and "<link" not in text
    # the only web addresses are XML namespace names, which nothing fetches
    assert set(re.findall(r"https?://[^\"' ]*", text)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_report_escapes_text(model: Process, result: SimulationResult) -> None:
    text = report_html(replace(result, name='<b>A&B "x"</b>', warnings=("<script>alert(1)</script>",)), model)
    assert "<b>A&B" not in text and '"x"</b>' not in text
    assert "&lt;b&gt;A&amp;B &#34;x&#34;&lt;/b&gt;" in text  # markupsafe writes a quote as &#34;
    assert "<script>" not in text and "&lt;script&gt;" in text
    parse(text)


def test_report_without_series_dot_or_font(monkeypatch: pytest.MonkeyPatch, model: Process,
                                           result: SimulationResult) -> None:
    from approvalnet.render import graphviz_run

    monkeypatch.setattr(graphviz_run, "find_dot", lambda: None)
    monkeypatch.setattr(plots_module, "cjk_font", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing-glyph warnings without a Chinese font
        text = report_html(replace(result, wip_series=()), model)
    page = parse(text)
    assert not any(tag == "svg" for tag, _ in page.tags)
    assert "needs Graphviz" in text and "no work-in-progress series" in text
    assert sum(tag == "img" for tag, _ in page.tags) == 3


def test_report_histogram_from_cycle_times(model: Process, result: SimulationResult) -> None:
    text = report_html(result, model, cycle_times=[0.1, 0.5, 2.0, 3.5, 12.0, 25.0])
    assert "Cycle times of 6 cases" in text
    # the result carries the first replication's times on the legal clock (what the limits count), so
    # the histogram needs nothing else; without them, the cycle times; without those, the percentiles
    assert f"Time on the legal clock of {len(result.clock_time_samples)} cases" in report_html(result, model)
    plain = dataclasses.replace(result, clock_time_samples=())
    assert f"Cycle times of {len(result.cycle_time_samples)} cases" in report_html(plain, model)
    assert "no per-case cycle times" in report_html(dataclasses.replace(plain, cycle_time_samples=()), model)


def test_a_failed_write_keeps_the_old_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, model: Process,
                                             result: SimulationResult) -> None:
    path = tmp_path / "report.html"
    path.write_text("old", "utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(report_module, "report_html", broken)
    with pytest.raises(RuntimeError):
        write_report(result, model, path)
    assert path.read_text("utf-8") == "old" and list(tmp_path.iterdir()) == [path]


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_heat_scale_runs_white_orange_red() -> None:
    assert heat_colour(0.0) == "#ffffff" and heat_colour(1.0) == "#e53935" and heat_colour(0.5) == "#ffb74d"
    shades = [_luminance(heat_colour(t / 10)) for t in range(11)]
    assert shades == sorted(shades, reverse=True)
    assert heat_colour(-1) == heat_colour(0.0) and heat_colour(7) == heat_colour(1.0)


def test_heat_overlay_marks_the_slowest_step_darkest(model: Process, result: SimulationResult) -> None:
    steps = (StepKpi("take", "收件受理", "desk", 1.0, Estimate(5.0), Estimate(20.0)),
             StepKpi("check", "审查", "back", 1.0, Estimate(120.0, 10.0), Estimate(60.0)))
    overlay = heat_overlay(replace(result, steps=steps), model)
    take, check = overlay.marks["take"], overlay.marks["check"]
    assert take.fill and check.fill and _luminance(check.fill) < _luminance(take.fill)
    assert check.fill == heat_colour(1.0) and check.border == HEAT_BORDER and take.border is None
    assert any("120.0 ± 10.0 min" in line for line in check.tooltip)
    assert check.badge == "waiting 120 min"
    assert "120 min" in " ".join(entry.text for entry in overlay.legend)
    dot = flow_dot(model, overlay)
    assert heat_colour(1.0) in dot and "120.0 ± 10.0 min" in dot


def test_heat_overlay_by_utilization(model: Process, result: SimulationResult) -> None:
    overlay = heat_overlay(result, model, by="utilization")
    busy = {lane.lane: lane.utilization.mean for lane in result.lanes}
    assert busy["back"] > busy["desk"]
    assert _luminance(overlay.marks["check"].fill or "") < _luminance(overlay.marks["take"].fill or "")
    assert overlay.marks["check"].fill == heat_colour(busy["back"])
    with pytest.raises(ValueError):
        heat_overlay(result, model, by="queue")  # type: ignore[arg-type]


@needs_dot
def test_heat_overlay_renders_as_svg(model: Process, result: SimulationResult) -> None:
    svg = render(model, "flow", "svg", overlay=heat_overlay(result, model)).decode("utf-8")
    assert "<svg" in svg and "mean waiting" in svg


def test_simulate_command_writes_the_report(tmp_path: Path) -> None:
    from approvalnet.cli import main

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "report.html"
    assert main(["simulate", str(root / "examples/joint-review.yaml"), "--days", "40", "--replications", "2",
                 "--format", "json", "--report", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 2 and "示例联合审批事项" in page
