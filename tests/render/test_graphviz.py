"""Running dot (errors, time-outs) and the fonts it draws Chinese with, checked through fontconfig."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import approvalnet
from approvalnet.render import DEFAULT_FONT, GraphvizError, GraphvizMissing, flow_dot, graphviz_run, net_dot, render
from approvalnet.render.fonts import check_font, covers, fc_escape, file_charset, parse_charset
from approvalnet.render.graphviz_run import dot_version, resolved_fonts, run_dot

from .conftest import FIXTURES, ROOT, needs_dot, needs_fontconfig

RESTAURANT = ROOT / "processes/kunming/restaurant-opening-one-thing.yaml"


def chinese_in(text: str) -> str:
    """The CJK ideographs and full-width punctuation a diagram draws, once each, in order."""
    wanted = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    return "".join(dict.fromkeys(c for c in text if wanted.match(c)))


@needs_dot
@needs_fontconfig
@pytest.mark.parametrize("view", ["flow", "net"])
def test_png_draws_chinese_with_a_font_that_covers_it(view: str, tmp_path: Path) -> None:
    """dot -v names the font file cairo/pango chose; fontconfig says which characters that file has."""
    process = approvalnet.load(RESTAURANT)
    source = (flow_dot if view == "flow" else net_dot)(process)
    text = chinese_in(source)
    assert len(text) > 50 and "审" in text
    done = run_dot(source, "png", "-v")
    assert done.data.startswith(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "diagram.png").write_bytes(done.data)
    used = resolved_fonts(done.log)
    assert used, "dot -v named no font"
    for font in used:
        assert font.requested == DEFAULT_FONT
        assert font.file, font
        charset = file_charset(font.file)
        assert charset is not None
        assert covers(charset, text) == [], f"{font.file} lacks glyphs: Chinese would show as boxes"
    # The same question put to fontconfig directly, as a user would ask it.
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{charset}", f"{fc_escape(DEFAULT_FONT)}:charset=4e2d"],
                         capture_output=True, text=True, check=True).stdout
    file, charset_text = out.split("\n", 1)
    assert covers(parse_charset(charset_text), text) == []
    assert Path(file).name == Path(used[0].file).name


@needs_dot
def test_pdf_embeds_the_chinese_font() -> None:
    pdf = render(approvalnet.load(FIXTURES / "every-construct.yaml"), "flow", "pdf")
    assert pdf.startswith(b"%PDF")
    fonts = set(re.findall(rb"/FontName /[A-Z]{6}\+([\w-]+)", pdf))
    assert fonts and all(b"CJK" in f for f in fonts), fonts


@needs_fontconfig
def test_font_checks() -> None:
    assert check_font(DEFAULT_FONT).covers_chinese is True
    assert check_font(DEFAULT_FONT).warning() is None
    missing = check_font("No Such Font 1234")
    assert missing.covers_chinese is False
    assert "No Such Font 1234" in (missing.warning() or "")


def test_font_check_without_fontconfig(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    check = check_font(DEFAULT_FONT)
    assert check.covers_chinese is None and "fc-list was not found" in (check.warning() or "")


def test_charset_helpers() -> None:
    ranges = parse_charset("20-7e a0-17f 4e00-9fa5 ff0c")
    assert ranges[0] == (0x20, 0x7E) and ranges[-1] == (0xFF0C, 0xFF0C)
    assert covers(ranges, "中文，ab ") == []
    assert covers(ranges, "中\u3400x") == ["\u3400"]
    assert fc_escape("A-B: c,d\\") == "A\\-B\\: c\\,d\\\\"


@needs_dot
def test_dot_errors_are_clean_messages() -> None:
    with pytest.raises(GraphvizError, match="syntax error"):
        run_dot("digraph { a -> }", "svg")
    assert re.match(r"\d+\.\d+", dot_version() or "")


def test_missing_dot_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert dot_version() is None
    with pytest.raises(GraphvizMissing) as caught:
        render(approvalnet.load(FIXTURES / "every-construct.yaml"), "flow", "svg")
    message = str(caught.value)
    for hint in ("apt-get install graphviz", "dnf install graphviz", "brew install graphviz", "winget install"):
        assert hint in message
    # DOT text needs no Graphviz.
    assert render(approvalnet.load(FIXTURES / "every-construct.yaml"), "flow", "dot").startswith(b"digraph")


def test_a_hanging_dot_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("dot", kwargs.get("timeout", 0))  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz_run, "find_dot", lambda: "/usr/bin/dot")
    monkeypatch.setattr(graphviz_run.subprocess, "run", hang)
    with pytest.raises(GraphvizError, match="did not finish within 60 s"):
        run_dot("digraph {}", "svg")


@pytest.mark.skipif(shutil.which("sleep") is None, reason="needs sleep")
def test_timeout_kills_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A real slow 'dot' (a script that sleeps) is stopped at the time-out."""
    fake = tmp_path / "dot"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 30\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizError, match=r"did not finish within 0\.5 s"):
        run_dot("digraph {}", "svg", timeout=0.5)
