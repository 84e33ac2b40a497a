"""Names from a process file and paths from the file system reach every page approvalnet writes;
none of them may become markup. A process whose name, authority, lanes and steps hold a script and an
image with an onerror handler, in a folder whose name would forge a GitHub annotation, goes through
every HTML writer: the simulation of a process and of a centre (whose own, windows' and departments'
names are hostile too), conformance, comparison, staffing and its sweep, the diagram gallery and the
demo's front page."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.reports.index import index_html

ROOT = Path(__file__).resolve().parent.parent
NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
FOLDER = "a,line=99::b<i>"
SCHEME = "javascript:alert(3)"  # a file name that a link would take for a URL with a scheme
PAGES = ["sim.html", "conform.html", "compare/pq.html", "diagrams/index.html", "centre/simulation.html",
         "centre/staffing.html", "centre/sweep.html", "index.html"]


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json(args: list[str], path: Path) -> None:
    """Run a command that prints JSON and keep what it printed, as `make demo` does."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    json.loads(out.getvalue())
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    folder = base / FOLDER
    folder.mkdir()
    text = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")
    for name in ("示例许可", "示例市示例局", "综合受理窗口", "审批科", "收件", "材料审查", "审查", "决定"):
        assert text.count(f": {name}") == 1, name
        text = text.replace(f": {name}", f": {_quoted(name + NAME)}")
    process = folder / "p.yaml"
    process.write_text(text, encoding="utf-8")
    other = folder / "q.yaml"
    other.write_text(text.replace('code: "EXAMPLE-0001"', 'code: "EXAMPLE-0002"'), encoding="utf-8")
    shutil.copy(process, base / f"{SCHEME}.yaml")
    centre = folder / "centre.yaml"
    centre.write_text(f"""centre: {{name: {_quoted("中心" + NAME)}}}
windows:
  front: {{name: {_quoted("窗口" + NAME)}, staff: 3}}
departments:
  office: {{name: {_quoted("部门" + NAME)}, staff: 4}}
items:
  - {{file: p.yaml, per_workday: 3}}
  - {{file: q.yaml, per_workday: 2}}
""", encoding="utf-8")

    out = base / "out"
    (out / "centre").mkdir(parents=True)
    log = out / "log.csv"
    assert main(["simulate", str(process), "--cases", "30", "--log", str(log), "--report", str(out / "sim.html"),
                 "--format", "json"]) == 0
    conformed = main(["conform", str(process), str(log), "--report", str(out / "conform.html"), "--format", "json"])
    assert conformed in (0, 1)
    assert main(["compare", str(process), str(other), "--no-simulate", "--report", str(out / "compare/pq.html"),
                 "--format", "json", "-o", str(out / "compare/pq.json")]) == 0
    fmt = ["--format", "dot"] if shutil.which("dot") is None else []
    assert main(["render", str(base), "-o", str(out / "diagrams"), *fmt]) == 0
    _json(["simulate", str(centre), "--days", "5", "--format", "json", "--report", str(out / "centre/simulation.html")],
          out / "centre/simulation.json")
    _json(["staff", str(centre), "--target", "on-time=0.5", "--days", "5", "--replications", "2", "--format", "json",
           "--report", str(out / "centre/staffing.html")], out / "centre/staffing.json")
    _json(["staff", str(centre), "--sweep", "front=3..4", "--days", "5", "--replications", "2", "--format", "json",
           "--report", str(out / "centre/sweep.html")], out / "centre/sweep.json")
    (out / "index.html").write_text(index_html(out), encoding="utf-8")
    return out


class _Markup(HTMLParser):
    """What a browser would take for elements, attributes and links."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append(name)
            if name in ("href", "src", "xlink:href", "action", "formaction", "srcset", "data") and value is not None:
                self.links.append(value)


def test_every_page_was_written(out: Path) -> None:
    assert all((out / page).is_file() for page in PAGES)
    assert len(list((out / "diagrams").rglob("*.svg"))) >= 4  # both items, the centre, the file named like a URL


@pytest.mark.parametrize("page", PAGES)
def test_no_name_becomes_markup(out: Path, page: str) -> None:
    html = (out / page).read_text(encoding="utf-8")
    markup = _Markup()
    markup.feed(html)
    assert not {"script", "i", "iframe", "object", "embed"} & set(markup.tags)
    assert not [name for name in markup.attributes if name.startswith("on")]
    for link in markup.links:  # our own plots, or a path below the page
        plot = link.startswith("data:image/png;base64,")
        assert plot or not re.match(r"\s*([a-z][a-z0-9+.-]*:|//)", link, re.I), link
    assert "&lt;script&gt;" in html  # and the names are there, as text


def test_diagrams_hold_names_as_text(out: Path) -> None:
    for svg in (out / "diagrams").rglob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        markup = _Markup()
        markup.feed(text)
        assert "script" not in markup.tags and not [a for a in markup.attributes if a.startswith("on")], svg
        assert "&lt;script&gt;" in text, svg


def test_the_gallery_links_a_file_named_like_a_url(out: Path) -> None:
    html = (out / "diagrams/index.html").read_text(encoding="utf-8")
    assert f'href="{SCHEME.replace(":", "%3A").replace("(", "%28").replace(")", "%29")}.svg"' in html
