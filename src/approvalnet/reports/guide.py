"""The service guide (办事指南) of an item: its elements in the order guides publish them, as HTML,
DOCX or PDF.

Art. 30 of the Administrative Licensing Law requires an organ to publish, for each item, its basis,
conditions, quantity, procedure and time limits and the list of all materials to submit. Service
guides publish these with the other elements of the implementation list, in an order that local
standards for writing guides fix (for example DB63/T 1755-2019, 政务服务"马上办网上办就近办一次办"
进驻事项办事指南编写规范, with its annex on the elements of a guide and one on drawing the flowchart):
name, codes, type, basis, authority, service object, conditions, materials, procedure with its
flowchart, time limits, fees, result, place and hours, on-site visits, consultation and complaints.
``build_guide`` collects them from a process file; an element the file does not give is shown as
not stated, never filled in. The flowchart is the ``guide`` view of ``render`` (top to bottom, for
an A4 page, in print-friendly grey).

One ``Guide`` is written three ways from the same elements: HTML (a Jinja2 template, which is also
what WeasyPrint lays out as the PDF) and DOCX (python-docx), both A4.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ..language import vocabulary as vocab
from ..language.law import ART45_KINDS
from ..language.types import Process

# element → (Chinese, English) headings
LABELS: dict[str, tuple[str, str]] = {
    "name": ("事项名称", "Item name"), "code": ("实施编码", "Implementation code"),
    "catalog_code": ("基本编码", "Catalogue code"), "type": ("事项类型", "Item type"),
    "legal_basis": ("设定依据", "Legal basis"), "authority": ("实施主体", "Authority"),
    "level": ("行使层级", "Level"), "handling": ("办件类型", "Handling"),
    "service_object": ("服务对象", "Service object"), "conditions": ("受理条件", "Acceptance conditions"),
    "materials": ("申请材料", "Materials"), "procedure": ("办理流程", "Procedure"),
    "flowchart": ("办理流程图", "Flowchart"), "time_limit": ("办理时限", "Time limits"),
    "fee": ("收费", "Fees"), "result": ("审批结果", "Result"), "place": ("办理地点和时间", "Place and hours"),
    "visits": ("到办事现场次数", "On-site visits"), "consultation": ("咨询方式", "Consultation"),
    "complaint": ("监督投诉方式", "Complaints"),
}
MATERIAL_COLUMNS = (("序号", "No."), ("材料名称", "Material"), ("原件", "Original"), ("复印件", "Copy"),
                    ("电子", "Electronic"), ("份数", "Copies"), ("必要性", "Need"), ("来源渠道", "Source"),
                    ("依据及说明", "Basis and notes"))
MISSING = ("本事项文件未载明", "not stated in the item's file")
TITLE = ("办事指南", "Service guide")
CONTENTS = ("办事指南目录", "Service guides")
GENERATED = ("本指南由 approvalnet 依据事项文件 {file} 生成。", "Written by approvalnet from the item's file {file}.")


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    lines: tuple[str, ...]  # empty: not stated in the file

    @property
    def missing(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class MaterialRow:
    number: int
    name: str
    original: bool
    copy: bool
    electronic: bool
    copies: str
    need: str
    source: str
    notes: str


@dataclass
class Guide:
    process: Process
    file: str
    lang: str  # "zh" or "en": the guide's own language
    elements: list[Element]  # in the order of the guide; "materials" and "procedure" mark where those go
    materials: list[MaterialRow]
    steps: list[tuple[int, str, str]]  # (number, step, who)
    flowchart_svg: str | None = None
    flowchart_png: bytes | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        return self.labels[key]

    def heading(self, number: int, element: Element) -> str:
        """"三、受理条件" in a Chinese guide, "3. Acceptance conditions" in an English one."""
        if self.lang == "zh":
            return f"{_chinese_number(number)}、{element.label}"
        return f"{number}. {element.label}"

    @property
    def missing_text(self) -> str:
        return MISSING[self.lang == "en"]

    @property
    def title(self) -> str:
        return f"{self.process.name} {TITLE[self.lang == 'en']}" if self.lang == "zh" else \
            f"{TITLE[1]}: {self.process.name}"

    @property
    def footer(self) -> str:
        return GENERATED[self.lang == "en"].format(file=self.file)


def _days(limit: Any, zh: bool) -> str:
    if limit == "on-the-spot":
        return "当场办结" if zh else "on the spot"
    if getattr(limit, "unit", None) == "workday":
        return f"{limit.value:g}个工作日" if zh else f"{limit.value:g} working days"
    if getattr(limit, "unit", None) == "day":
        return f"{limit.value:g}日" if zh else f"{limit.value:g} days"
    return str(limit)


def _time_limits(process: Process, zh: bool) -> list[str]:
    limits = process.time_limit
    lines = []
    if limits.statutory is not None:
        lines.append(("法定办结时限：{days}（自受理之日起计算，不含法定节假日）" if zh else
                      "Statutory limit: {days} from acceptance").format(days=_days(limits.statutory, zh)))
    if limits.promised is not None:
        promised = _days(limits.promised, zh)
        lines.append(("承诺办结时限：{days}" if zh else "Promised limit: {days}").format(days=promised))
    if limits.basis:
        basis = "；".join(limits.basis)
        lines.append(("时限依据：{basis}" if zh else "Basis of the limit: {basis}").format(basis=basis))
    extension = limits.extension
    if extension is not None:
        basis = ""
        if extension.basis:
            basis = ("（{basis}）" if zh else " ({basis})").format(basis="；".join(extension.basis))
        lines.append(("特殊情况经{approver}批准，可以延长{days}，并将延长期限的理由告知申请人{basis}" if zh else
                      "Extendable by {days} with the approval of {approver}, the applicant told why{basis}").format(
                          approver=extension.approver, days=_days(extension.length, zh), basis=basis))
    special = [s.name for s in process.steps if s.kind in ART45_KINDS or s.excluded_from_clock]
    if special:
        lines.append(("特别程序：{steps}所需时间不计算在办理时限内（《中华人民共和国行政许可法》第四十五条）" if zh else
                      "Special procedures: the time of {steps} is not counted in the limits (Administrative "
                      "Licensing Law, Art. 45)").format(steps="、".join(special) if zh else ", ".join(special)))
    return lines


def _fee(process: Process, zh: bool) -> list[str]:
    fee = process.fee
    if fee is None:
        return []
    lines = [("收费" if fee.charged else "不收费") if zh else ("charged" if fee.charged else "free of charge")]
    if fee.standard:
        lines.append(("收费标准：{text}" if zh else "Standard: {text}").format(text=fee.standard))
    if fee.basis:
        lines.append(("收费依据：{text}" if zh else "Basis: {text}").format(text="；".join(fee.basis)))
    return lines


def build_guide(process: Process, file: str, *, lang: str = "zh", flowchart: bool = True) -> Guide:
    """The elements of ``process``'s guide, and its flowchart drawn by Graphviz unless ``flowchart`` is False.

    Raises ``render.GraphvizError`` when the flowchart cannot be drawn."""
    zh = lang == "zh"
    p = process

    def word(table: dict[str, tuple[str, ...]], key: str | None) -> str:
        return (vocab.zh(table, key) if zh else (key or "")) if key else ""

    def one(text: str | None) -> tuple[str, ...]:
        return (text,) if text else ()

    authority = p.authority.name + (f"（{word(vocab.LEVELS, p.authority.level)}）" if zh and p.authority.level else "")
    codes = [p.code] + ([("基本编码：" if zh else "catalogue code: ") + p.catalog_code] if p.catalog_code else [])
    result = () if p.result is None else (f"{p.result.name}（{word(vocab.RESULT_TYPES, p.result.type)}）",)
    place = tuple(x for x in (
        ("办理地点：" if zh else "Place: ") + p.location if p.location else "",
        ("办理时间：" if zh else "Hours: ") + p.office_hours if p.office_hours else "") if x)
    contacts = p.contacts
    visits = () if p.visits is None else ((f"{p.visits}次" if zh else str(p.visits)),)
    values: list[tuple[str, tuple[str, ...]]] = [
        ("name", (p.name,)), ("code", tuple(codes)), ("type", one(word(vocab.ITEM_TYPES, p.type))),
        ("handling", one(word(vocab.HANDLING, p.handling))), ("legal_basis", tuple(p.legal_basis)),
        ("authority", (authority,)),
        ("service_object", one(("、" if zh else ", ").join(word(vocab.SERVICE_OBJECTS, s) for s in p.service_object))),
        ("conditions", tuple(p.acceptance_conditions)), ("materials", ()), ("procedure", ()),
        ("time_limit", tuple(_time_limits(p, zh))), ("fee", tuple(_fee(p, zh))), ("result", result),
        ("place", place), ("visits", visits),
        ("consultation", one(contacts.consultation if contacts else None)),
        ("complaint", one(contacts.complaint if contacts else None)),
    ]
    labels = {key: pair[0 if zh else 1] for key, pair in LABELS.items()}
    elements = [Element(key, labels[key], lines) for key, lines in values]
    materials = []
    for n, m in enumerate(p.materials, start=1):
        notes = [m.condition or "", "；".join(m.basis)]
        materials.append(MaterialRow(n, m.name, "original" in m.form, "copy" in m.form, "electronic" in m.form,
                                     str(m.copies) if m.copies is not None else "",
                                     word(vocab.NEED, m.need), word(vocab.MATERIAL_SOURCES, m.source),
                                     ("；" if zh else "; ").join(x for x in notes if x)))
    steps = [(n, s.name, p.lanes[s.lane].name if s.lane in p.lanes else s.lane)
             for n, s in enumerate(p.steps, start=1)]
    guide = Guide(p, file, "zh" if zh else "en", elements, materials, steps, labels=labels)
    if flowchart:
        from ..render import diagram, run_dot

        source = diagram(p, "guide").source
        guide.flowchart_svg = run_dot(source, "svg").data.decode("utf-8")
        guide.flowchart_png = run_dot(source, "png", "-Gdpi=200").data
    return guide


# --- HTML and PDF ---------------------------------------------------------------------------------


def guide_html(guide: Guide) -> str:
    from .html import inline_svg, page

    svg = inline_svg(guide.flowchart_svg) if guide.flowchart_svg else None
    return page("guide.html.j2", guide=guide, flowchart=svg, columns=[c[guide.lang == "en"] for c in MATERIAL_COLUMNS],
                tick="√" if guide.lang == "zh" else "✓")


class PdfUnavailable(Exception):
    """WeasyPrint, or the Pango library it draws text with, is not installed."""


def guide_pdf(guide: Guide) -> bytes:
    """The guide as an A4 PDF, laid out by WeasyPrint from the HTML."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: WeasyPrint is there, Pango is not
        raise PdfUnavailable(str(error)) from None
    return weasyprint.HTML(string=guide_html(guide)).write_pdf()


def contents_html(rows: list[dict[str, str]], lang: str) -> str:
    """The table of contents of a folder's or a centre's guides."""
    from .html import page

    return page("guide_contents.html.j2", rows=rows, title=CONTENTS[lang == "en"], zh=lang == "zh")


# --- DOCX ---------------------------------------------------------------------------------------

A4_WIDTH_CM, A4_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0


def _png_size(data: bytes) -> tuple[int, int]:
    # width and height are the first fields of a PNG's IHDR chunk, right after the signature
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def guide_docx(guide: Guide) -> bytes:
    """The guide as a Word document (A4): headings, the elements, the materials table, the flowchart."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    zh = guide.lang == "zh"
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(A4_WIDTH_CM), Cm(A4_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    for style_name, font, size in (("Normal", "宋体", 11), ("Title", "黑体", 20), ("Heading 1", "黑体", 14)):
        style = document.styles[style_name]
        style.font.size = Pt(size)
        style.font.name = font
        style.element.rPr.rFonts.set(qn("w:eastAsia"), font)  # Word takes Chinese text's font from eastAsia
    title = document.add_heading(guide.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, element in enumerate(guide.elements, start=1):
        document.add_heading(guide.heading(n, element), level=1)
        if element.key == "materials":
            _docx_materials(document, guide, WD_TABLE_ALIGNMENT)
            continue
        if element.key == "procedure":
            for number, name, who in guide.steps:
                document.add_paragraph(f"{number}. {name}（{who}）" if zh else f"{number}. {name} ({who})")
            if guide.flowchart_png:
                caption = document.add_paragraph(guide.label("flowchart"))
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                width_px, height_px = _png_size(guide.flowchart_png)
                usable_w, usable_h = A4_WIDTH_CM - 2 * MARGIN_CM, A4_HEIGHT_CM - 2 * MARGIN_CM - 3
                scale = min(usable_w / width_px, usable_h / height_px)
                picture = document.add_paragraph()
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
                picture.add_run().add_picture(io.BytesIO(guide.flowchart_png), width=Cm(width_px * scale),
                                              height=Cm(height_px * scale))
            continue
        if element.missing:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(f"（{guide.missing_text}）")
            run.italic = True
        for line in element.lines:
            document.add_paragraph(line)
    footer = document.add_paragraph(guide.footer)
    footer.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chinese_number(n: int, digits: str = "一二三四五六七八九十") -> str:
    if n <= 10:
        return digits[n - 1]
    if n < 20:
        return "十" + digits[n - 11]
    tens, ones = divmod(n, 10)
    return digits[tens - 1] + "十" + (digits[ones - 1] if ones else "")


def _docx_materials(document: Any, guide: Guide, alignment: Any) -> None:
    if not guide.materials:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"（{guide.missing_text}）").italic = True
        return
    headings = [c[guide.lang == "en"] for c in MATERIAL_COLUMNS]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = alignment.CENTER
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    tick = "√" if guide.lang == "zh" else "✓"
    for m in guide.materials:
        cells = table.add_row().cells
        values = [str(m.number), m.name, tick if m.original else "", tick if m.copy else "",
                  tick if m.electronic else "", m.copies, m.need, m.source, m.notes]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
