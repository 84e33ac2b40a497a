"""``approvalnet render`` and ``approvalnet doctor`` as a user meets them: files, gallery, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from approvalnet.commands import render as render_command
from approvalnet.language.source import Problem
from approvalnet.render import GraphvizError, graphviz_run

from .conftest import FIXTURES, KUNMING, ROOT, SVG, needs_dot, squeeze, svg_node_texts

Main = Callable[[list[str]], int]
INVALID = ROOT / "tests/language/invalid/unknown-key.yaml"
UNSOUND = ROOT / "tests/net/processes/xor-into-join.yaml"


class Links(HTMLParser):
    """The links of a page and the text of each list item."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.items: list[str] = []
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "li":
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._item is not None:
            self.items.append("".join(self._item))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.append(data)


def leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted atomic write would leave."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@needs_dot
def test_render_folder_writes_an_svg_per_process_and_a_gallery(cli_main: Main, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out/diagrams"
    assert cli_main(["render", str(ROOT / "processes"), "-o", str(out)]) == 0
    from approvalnet.paths import find_process_files

    every = find_process_files([str(ROOT / "processes")])  # the processes and the centre's overview
    assert f"✓ {len(every)} diagrams (flow, svg)" in capsys.readouterr().out
    index = out / "index.html"
    page = Links()
    page.feed(index.read_text(encoding="utf-8"))
    import approvalnet

    for path in KUNMING:
        svg = out / "kunming" / f"{path.stem}.svg"
        process = approvalnet.load(path)
        texts = svg_node_texts(svg.read_bytes())
        for step in process.steps:
            assert squeeze(step.name) in squeeze(texts[f"step_{step.id}"])
        assert f"kunming/{path.stem}.svg" in page.links
        item = next(i for i in page.items if str(path) in i)
        assert process.name in item and "valid" in item and "sound" in item
    centre = svg_node_texts((out / "kunming/centre.svg").read_bytes())
    assert any("市场监督管理局" in text for text in centre.values())  # a department of the overview
    assert "kunming/centre.svg" in page.links
    assert not leftovers(out)


def test_render_dot_needs_no_graphviz_and_missing_dot_exits_2(cli_main: Main, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no dot, no fontconfig
    out = tmp_path / "out"
    assert cli_main(["render", str(ROOT / "examples"), "--format", "svg", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "`dot` program was not found" in err and "Traceback" not in err
    for hint in ("Debian/Ubuntu", "apt-get install graphviz", "Fedora", "dnf install graphviz", "macOS",
                 "brew install graphviz", "Windows", "winget install graphviz", "--format dot"):
        assert hint in err
    assert not out.exists()
    assert cli_main(["render", str(ROOT / "examples"), "--format", "dot", "-o", str(out)]) == 0
    assert (out / "minimal.dot").read_text(encoding="utf-8").startswith("digraph")
    assert (out / "joint-review.dot").exists() and (out / "index.html").exists()


@needs_dot
def test_invalid_files_are_reported_and_the_others_drawn(cli_main: Main, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.yaml").write_bytes(INVALID.read_bytes())
    (folder / "minimal.yaml").write_bytes((ROOT / "examples/minimal.yaml").read_bytes())
    out = tmp_path / "out"
    assert cli_main(["render", str(folder), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "broken.yaml:13:5: error: unknown key 'duraton'" in captured.err
    assert "1 of 2 files invalid" in captured.out
    assert (out / "minimal.svg").exists() and not (out / "broken.svg").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "invalid (1 problem)" in page and "broken.yaml" in page


@needs_dot
def test_single_files_get_no_gallery_and_formats_are_real(cli_main: Main, tmp_path: Path) -> None:
    minimal = str(ROOT / "examples/minimal.yaml")
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")):
        assert cli_main(["render", minimal, "--format", fmt, "-o", str(tmp_path)]) == 0
        assert (tmp_path / f"minimal.{fmt}").read_bytes().startswith(magic)
    assert cli_main(["render", minimal, "--view", "net", "-o", str(tmp_path / "net")]) == 0
    assert "t.receive" in svg_node_texts((tmp_path / "net/minimal.svg").read_bytes())
    assert not (tmp_path / "index.html").exists()


def test_two_files_drawn_to_one_place_is_a_usage_error(cli_main: Main, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "minimal.yaml").write_bytes((ROOT / "examples/minimal.yaml").read_bytes())
    args = ["render", str(ROOT / "examples/minimal.yaml"), str(other / "minimal.yaml"), "--format", "dot"]
    assert cli_main([*args, "-o", str(tmp_path / "out")]) == 2
    assert "would both be drawn to" in capsys.readouterr().err
    assert cli_main(["render", "no-such-file.yaml"]) == 2


@needs_dot
def test_a_failing_dot_exits_2_and_leaves_no_half_files(cli_main: Main, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    real = graphviz_run.run_dot
    calls = []

    def second_fails(source: str, fmt: str, *args: str, **kwargs: float) -> graphviz_run.Rendered:
        calls.append(fmt)
        if len(calls) == 2:
            raise GraphvizError("Graphviz's dot could not draw the diagram: Error: out of memory")
        return real(source, fmt, *args, **kwargs)

    monkeypatch.setattr(graphviz_run, "run_dot", second_fails)
    out = tmp_path / "out"
    assert cli_main(["render", str(ROOT / "examples"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "could not draw the diagram: Error: out of memory" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["joint-review.svg"]  # the first one, whole; nothing else
    assert not leftovers(out)


@needs_dot
def test_findings_colour_the_steps(cli_main: Main, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def findings(process: object) -> list[Problem]:
        step = process.step("review")  # type: ignore[attr-defined]
        return [Problem(step.loc, "too slow", "test/slow-review", "error")]

    monkeypatch.setattr(render_command, "_findings", findings)
    assert cli_main(["render", str(ROOT / "examples/minimal.yaml"), "--findings", "-o", str(tmp_path)]) == 0
    svg = (tmp_path / "minimal.svg").read_bytes()
    assert "test/slow-review" in svg_node_texts(svg)["step_review"]  # the badge
    tooltips = [a.get("{http://www.w3.org/1999/xlink}title") or "" for a in ET.fromstring(svg).iter(f"{SVG}a")]
    assert any("too slow" in t and "test/slow-review" in t for t in tooltips)
    assert b'fill="#ffcdd2"' in svg


def test_findings_follow_the_nearest_configuration(tmp_path: Path) -> None:
    import approvalnet

    path = tmp_path / "unsound.yaml"
    path.write_text(UNSOUND.read_text(encoding="utf-8"), encoding="utf-8")
    found = render_command._findings(approvalnet.load(path))
    assert any(p.code.startswith("soundness/") for p in found)
    (tmp_path / ".approvalnet.yaml").write_text("groups: {soundness: \"off\"}\n", encoding="utf-8")
    assert not any(p.code.startswith("soundness/") for p in render_command._findings(approvalnet.load(path)))


@needs_dot
def test_a_font_without_chinese_is_a_warning_not_an_error(cli_main: Main, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    args = ["render", str(ROOT / "examples/minimal.yaml"), "--font", "No Such Font 1234", "-o", str(tmp_path)]
    assert cli_main(args) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "No Such Font 1234" in err
    assert 'font-family="No Such Font 1234"' in (tmp_path / "minimal.svg").read_text(encoding="utf-8")


@needs_dot
def test_doctor_reports_graphviz_font_and_pm4py(cli_main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "✓ Graphviz" in out and "✓ pm4py" in out
    assert "dot draws 'Noto Sans CJK SC' with" in out and "which covers" in out


def test_doctor_without_graphviz_exits_1(cli_main: Main, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert cli_main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ Graphviz: dot not found" in out and "apt-get install graphviz" in out


def test_flow_view_in_dot_does_not_import_pm4py(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from approvalnet.cli import main\n"
            f"rc = main(['render', {str(FIXTURES / 'every-construct.yaml')!r}, '--format', 'dot', "
            f"'-o', {str(tmp_path)!r}])\n"
            "assert 'pm4py' not in sys.modules, 'pm4py imported'\n"
            "sys.exit(rc)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "every-construct.dot").exists()


def test_heat_overlay_from_a_short_simulation(cli_main: Main, tmp_path: Path) -> None:
    source = ROOT / "processes/kunming/restaurant-opening-one-thing.yaml"
    assert cli_main(["render", str(source), "--format", "dot", "-o", str(tmp_path / "plain")]) == 0
    assert cli_main(["render", str(source), "--format", "dot", "--heat", "waiting", "-o", str(tmp_path / "heat")]) == 0
    plain = (tmp_path / "plain" / "restaurant-opening-one-thing.dot").read_text(encoding="utf-8")
    heated = (tmp_path / "heat" / "restaurant-opening-one-thing.dot").read_text(encoding="utf-8")
    assert "mean waiting" in heated and "mean waiting" not in plain
