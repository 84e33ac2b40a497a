"""`approvalnet guide`: the service guide as DOCX, PDF and HTML, read back and checked element by element."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from approvalnet.cli import main
from approvalnet.language.loader import load

ROOT = Path(__file__).resolve().parents[2]
FOOD = ROOT / "processes/kunming/food-business-licence.yaml"
HEADINGS = ["事项名称", "实施编码", "事项类型", "办件类型", "设定依据", "实施主体", "服务对象", "受理条件", "申请材料",
            "办理流程", "办理时限", "收费", "审批结果", "办理地点和时间", "到办事现场次数", "咨询方式", "监督投诉方式"]
A4 = (595.0, 842.0)  # points


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("guide")
    paths = {}
    for fmt in ("docx", "pdf", "html"):
        paths[fmt] = folder / f"guide.{fmt}"
        assert main(["guide", str(FOOD), "-o", str(paths[fmt])]) == 0
    return paths


def docx_text(path: Path) -> tuple[list[str], Document]:
    document = Document(str(path))
    return [p.text for p in document.paragraphs], document


def test_docx_has_every_element_in_order(guides):
    paragraphs, _document = docx_text(guides["docx"])
    numbered = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert [p.split("、", 1)[1] for p in numbered] == HEADINGS
    process = load(FOOD)
    text = "\n".join(paragraphs)
    assert process.name in paragraphs[0]
    for value in (process.code, *process.legal_basis, *process.acceptance_conditions, process.authority.name,
                  "法定办结时限：10个工作日", "承诺办结时限：5个工作日", "不收费", process.result.name, "1次"):
        assert value in text, value
    for step in process.steps:
        assert step.name in text


def test_docx_states_what_the_file_does_not_give(guides):
    paragraphs, _document = docx_text(guides["docx"])
    process = load(FOOD)
    assert process.location is None and process.contacts is None  # the real file gives neither
    after = {paragraphs[i - 1].split("、", 1)[-1]: paragraphs[i] for i in range(1, len(paragraphs))}
    for heading in ("办理地点和时间", "咨询方式", "监督投诉方式"):
        assert after[heading] == "（本事项文件未载明）"


def test_docx_materials_table_and_flowchart_fit_the_page(guides):
    _paragraphs, document = docx_text(guides["docx"])
    process = load(FOOD)
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header[:6] == ["序号", "材料名称", "原件", "复印件", "电子", "份数"]
    assert [r.cells[1].text for r in table.rows[1:]] == [m.name for m in process.materials]
    first = table.rows[1].cells
    assert (first[2].text, first[3].text, first[4].text) == ("√", "", "√")  # original and electronic
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    (shape,) = document.inline_shapes
    usable_w = section.page_width - section.left_margin - section.right_margin
    usable_h = section.page_height - section.top_margin - section.bottom_margin
    assert 0 < shape.width <= usable_w and 0 < shape.height <= usable_h


def test_pdf_is_a4_and_holds_the_elements(guides):
    reader = PdfReader(str(guides["pdf"]))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    text = "".join(page.extract_text() for page in reader.pages)
    compact = re.sub(r"\s+", "", text)
    for heading in HEADINGS:
        assert heading in compact, heading
    for material in load(FOOD).materials:
        assert re.sub(r"\s+", "", material.name)[:10] in compact


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo, pdftotext) not installed; "
                    "scripts/system-deps.sh installs them")
def test_pdf_with_poppler(guides):
    info = subprocess.run(["pdfinfo", str(guides["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(guides["pdf"]), "-"], capture_output=True, check=True,
                          ).stdout.decode("utf-8")
    assert "办事指南" in text and "申请材料" in text


def test_html_embeds_the_flowchart_and_nothing_from_the_network(guides):
    html = guides["html"].read_text(encoding="utf-8")
    assert "<svg" in html and "办理流程图" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_english_guide_with_lang_en(tmp_path):
    out = tmp_path / "guide.html"
    assert main(["guide", str(FOOD), "-o", str(out), "--lang", "en"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Service guide" in html and "Acceptance conditions" in html and "not stated in the item" in html


def test_a_folder_gives_one_guide_per_item_and_contents(tmp_path, capsys):
    folder = tmp_path / "items"
    folder.mkdir()
    for name in ("food-business-licence.yaml", "public-place-hygiene-licence.yaml"):
        shutil.copy(ROOT / "processes/kunming" / name, folder / name)
    (folder / "broken.yaml").write_text("code: X\nname: [\n", encoding="utf-8")
    out = tmp_path / "guides"
    assert main(["guide", str(folder), "-o", str(out), "--format", "docx"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["food-business-licence.docx", "index.html",
                                                    "public-place-hygiene-licence.docx"]
    contents = (out / "index.html").read_text(encoding="utf-8")
    assert "食品经营许可" in contents and 'href="food-business-licence.docx"' in contents
    assert "broken.yaml" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "guide.txt"], "name the guide with .docx, .pdf or .html"),
    (["-o", "g.pdf", "--format", "docx"], "disagree"),
])
def test_usage_errors(tmp_path, capsys, args, message):
    args = [a if not a.startswith(("guide", "g.")) else str(tmp_path / a) for a in args]
    assert main(["guide", str(FOOD), *args]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_graphviz_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on the path
    assert main(["guide", str(FOOD), "-o", str(tmp_path / "g.docx")]) == 2
    err = capsys.readouterr().err
    assert "flowchart cannot be drawn" in err and "Graphviz" in err
    assert not (tmp_path / "g.docx").exists()


