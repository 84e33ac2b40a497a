"""An implementation list as an Excel workbook: the items, their findings and their materials.

The first sheet has one row per item: the list's fields as the files declare them (the headings of
``lists.fields``, which ``list import`` reads back), then the figures approvalnet computes (steps,
materials, on-site visits of an approved case, the worst case in working days, soundness, findings
by level). The second sheet lists the findings, one per row, at their files and lines; the third the
materials, one per row, tied to their item by its code, as platforms export them. Each sheet has its
header row frozen and filters on; the headings are Chinese, or English when asked.
"""

from __future__ import annotations

import io
from typing import Any

from ..language import vocabulary as vocab
from ..language.types import Process
from ..lists.fields import ITEM_FIELDS, MATERIAL_FIELDS
from ..lists.summary import ListEntry

_FIELD = {f.key: f for f in ITEM_FIELDS}
_MATERIAL = {f.key: f for f in MATERIAL_FIELDS}
LIST_KEYS = ("name", "code", "catalog_code", "type", "authority", "level", "legal_basis", "statutory", "promised",
             "handling", "visits", "charged", "fee_standard", "service_object", "conditions", "procedure",
             "materials", "location", "office_hours", "consultation", "complaint", "result_name", "result_type")
# The computed columns: (Chinese heading, English heading)
COMPUTED = (("环节数", "Steps"), ("材料数", "Materials (count)"), ("计算到现场次数", "Visits (computed)"),
            ("最坏情况用时（工作日）", "Worst case (working days)"), ("合理性", "Sound"), ("错误", "Errors"),
            ("警告", "Warnings"), ("提示", "Info"), ("文件", "File"))
FINDING_HEADINGS = (("文件", "File"), ("行", "Line"), ("列", "Column"), ("级别", "Level"), ("规则", "Rule"),
                    ("说明", "Message"), ("事项名称", "Item name"), ("实施编码", "Implementation code"))
LEVEL_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SHEETS = {"zh": ("事项清单", "问题", "申请材料"), "en": ("Items", "Findings", "Materials")}
WIDTHS = {"name": 30, "legal_basis": 40, "conditions": 40, "procedure": 36, "materials": 40, "authority": 24,
          "code": 32, "location": 24, "office_hours": 24}


def _limit(value: Any, zh: bool) -> str:
    if value is None:
        return ""
    if value == "on-the-spot":
        return "即办" if zh else "on the spot"
    if zh and getattr(value, "unit", None) == "workday":
        return f"{value.value:g}个工作日"
    return str(value)


def _word(table: dict[str, tuple[str, ...]], key: str | None, zh: bool) -> str:
    if key is None:
        return ""
    return vocab.zh(table, key) if zh else key


def _procedure(process: Process) -> str:
    """The steps in file order as a 办理流程 chain ("收件→受理→…"), which ``list import`` reads back."""
    return "→".join(step.name for step in process.steps)


def item_values(process: Process, zh: bool) -> dict[str, Any]:
    fee = process.fee
    yes, no = ("是", "否") if zh else ("yes", "no")
    contacts = process.contacts
    return {
        "name": process.name, "code": process.code, "catalog_code": process.catalog_code or "",
        "type": _word(vocab.ITEM_TYPES, process.type, zh), "authority": process.authority.name,
        "level": _word(vocab.LEVELS, process.authority.level, zh), "legal_basis": "\n".join(process.legal_basis),
        "statutory": _limit(process.time_limit.statutory, zh), "promised": _limit(process.time_limit.promised, zh),
        "handling": _word(vocab.HANDLING, process.handling, zh),
        "visits": process.visits if process.visits is not None else "",
        "charged": "" if fee is None else (yes if fee.charged else no),
        "fee_standard": fee.standard or "" if fee else "",
        "service_object": "、".join(_word(vocab.SERVICE_OBJECTS, s, zh) for s in process.service_object),
        "conditions": "\n".join(process.acceptance_conditions), "procedure": _procedure(process),
        "materials": "\n".join(m.name for m in process.materials), "location": process.location or "",
        "office_hours": process.office_hours or "",
        "consultation": (contacts.consultation or "") if contacts else "",
        "complaint": (contacts.complaint or "") if contacts else "",
        "result_name": process.result.name if process.result else "",
        "result_type": _word(vocab.RESULT_TYPES, process.result.type, zh) if process.result else "",
    }


def _header(ws: Any, headings: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(headings)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    for index, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width


def _finish(ws: Any, freeze: str) -> None:
    ws.freeze_panes = freeze
    ws.auto_filter.ref = ws.dimensions


def list_workbook(entries: list[ListEntry], *, headings: str = "zh") -> bytes:
    """The workbook of ``entries`` as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    zh = headings == "zh"
    names = SHEETS["zh" if zh else "en"]
    book = Workbook()
    items = book.active
    items.title = names[0]
    keys = list(LIST_KEYS)
    _header(items, [(_FIELD[k].zh if zh else _FIELD[k].en) for k in keys] + [c[0 if zh else 1] for c in COMPUTED],
            [WIDTHS.get(k, 14) for k in keys] + [12] * (len(COMPUTED) - 1) + [40])
    wrap = Alignment(wrap_text=True, vertical="top")
    unknown = "未知" if zh else "unknown"
    yes, no = ("是", "否") if zh else ("yes", "no")
    for entry in entries:
        values: dict[str, Any] = item_values(entry.process, zh) if entry.process is not None else {
            "name": "无效文件" if zh else "invalid file"}
        sound = unknown if entry.sound is None else (yes if entry.sound else no)
        computed = [entry.steps, entry.materials, entry.visits if entry.visits is not None else "",
                    entry.worst_case_days if entry.worst_case_days is not None else "",
                    sound if entry.valid else "", entry.count("error"), entry.count("warning"), entry.count("info"),
                    entry.file]
        items.append([values.get(k, "") for k in keys] + computed)
    for row in items.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    _finish(items, "C2")

    findings = book.create_sheet(names[1])
    _header(findings, [h[0 if zh else 1] for h in FINDING_HEADINGS], [40, 6, 6, 8, 30, 80, 30, 32])
    for entry in entries:
        name = entry.process.name if entry.process else ""
        code = entry.process.code if entry.process else ""
        for f in entry.findings:
            findings.append([f.loc.file or entry.file, f.loc.line or "", f.loc.col or "",
                             LEVEL_ZH.get(f.level, f.level) if zh else f.level, f.code or "", f.message, name, code])
    _finish(findings, "A2")

    materials = book.create_sheet(names[2])
    m_keys = ("code", "item", "name", "form", "copies", "source", "need", "basis", "condition")
    _header(materials, [(_MATERIAL[k].zh if zh else _MATERIAL[k].en) for k in m_keys],
            [32, 30, 40, 14, 8, 14, 12, 40, 40])
    for entry in entries:
        p = entry.process
        if p is None:
            continue
        for m in p.materials:
            materials.append([p.code, p.name, m.name, "、".join(_word(vocab.MATERIAL_FORMS, f, zh) for f in m.form),
                              m.copies if m.copies is not None else "", _word(vocab.MATERIAL_SOURCES, m.source, zh),
                              _word(vocab.NEED, m.need, zh), "\n".join(m.basis), m.condition or ""])
    _finish(materials, "D2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
