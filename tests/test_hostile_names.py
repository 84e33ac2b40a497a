"""Names from a process file and paths from the file system reach every page approvalnet writes;
none of them may become markup. A process named with a script and an image with an onerror handler,
in a folder whose name would forge a GitHub annotation, goes through every HTML writer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from approvalnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
FOLDER = "a,line=99::b<i>"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("hostile")
    folder = base / FOLDER
    folder.mkdir()
    text = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 示例许可", "name: '" + NAME.replace("'", "''") + "'")
    assert NAME[:8] in text
    process = folder / "p.yaml"
    process.write_text(text, encoding="utf-8")
    other = folder / "q.yaml"
    shutil.copy(process, other)
    out = base / "out"
    log = out / "log.csv"
    assert main(["simulate", str(process), "--cases", "30", "--log", str(log), "--report", str(out / "sim.html"),
                 "--format", "json"]) == 0
    conformed = main(["conform", str(process), str(log), "--report", str(out / "conform.html"), "--format", "json"])
    assert conformed in (0, 1)
    assert main(["compare", str(process), str(other), "--no-simulate", "--report", str(out / "compare.html"),
                 "--format", "json"]) == 0
    assert main(["render", str(folder.parent), "--format", "dot", "-o", str(out / "diagrams")]) == 0
    return {path.name: path.read_text(encoding="utf-8") for path in out.rglob("*.html")}


def test_every_page_was_written(pages: dict[str, str]) -> None:
    assert {"sim.html", "conform.html", "compare.html", "index.html"} <= set(pages)


@pytest.mark.parametrize("page", ["sim.html", "conform.html", "compare.html", "index.html"])
def test_no_name_becomes_markup(pages: dict[str, str], page: str) -> None:
    html = pages[page]
    assert "<script" not in html.lower()
    assert not re.search(r"<img[^>]*onerror", html, re.I)
    assert "<i>" not in html  # the folder's name is text too
    assert "&lt;script&gt;" in html or "&lt;i&gt;" in html  # and it is there, escaped
