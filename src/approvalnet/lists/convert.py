"""Rows of an implementation list turned into process files of the language.

Each row becomes one file: the fields the list fills (name, codes, type, authority, legal basis,
limits, handling, visits, fees, service objects, conditions, result, place and hours, contacts,
materials), and a procedure read from 办理流程 (``procedure.parse_procedure``) or, where the cell
cannot be read as stages, the standard procedure of the item, marked as such. A value the list does
not give but the language needs (who does each step, the lanes) is written with a comment that says
it was assumed; nothing the list does not say is presented as a fact of the item.

A row is not turned into a file when it cannot be faithfully: no name, no type, no authority, a
limit or a number that cannot be read, a word no value of the language fits, a promise longer than
the statutory limit, a code already used by an earlier row. Each such problem is reported at its
cell. Every file written is validated by the loader first: what is written loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from .._version import __version__
from ..formats.yaml_text import dump_yaml
from ..i18n import _
from ..language import vocabulary as vocab
from ..language.loader import parse_process
from ..language.quantity import Quantity, QuantityError, parse_quantity
from ..language.types import STEP_ID_PATTERN
from .procedure import ON_THE_SPOT, STANDARD, WINDOW_KINDS, Stage, parse_procedure
from .read import ListFile, Row

_ID = re.compile(STEP_ID_PATTERN)
_LIST_SPLIT = re.compile(r"\s*(?:\n|；|;)\s*")
_WORD_SPLIT = re.compile(r"\s*(?:、|，|,|；|;|/|／|\n)\s*")
_FORM_SPLIT = re.compile(r"\s*(?:和|及|、|，|,|/|／|\+|＋)\s*")
_ON_THE_SPOT_WORDS = {"即办", "当场办结", "当场", "即时办结", "立即办结", "即来即办", "立等可取", "当场办理", "0"}
_CHINESE_NUMBERS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Note:
    """A problem with a row (``error``: no file written) or a value assumed (``warning``)."""

    where: str
    message: str
    level: str = "error"

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "level": self.level, "message": self.message}


@dataclass
class Converted:
    row: Row
    file_name: str | None  # None when the row could not be turned into a file
    text: str | None
    notes: list[Note] = field(default_factory=list)
    name: str = ""
    code: str = ""

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass
class ImportResult:
    source: str
    sheet: str | None
    columns: dict[str, tuple[str, str]]  # field → (column, heading as written)
    ignored: list[tuple[str, str]]
    material_sheet: str | None
    rows: list[Converted]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "sheet": self.sheet, "material_sheet": self.material_sheet,
            "columns": {key: {"column": c, "heading": h} for key, (c, h) in self.columns.items()},
            "ignored_columns": [{"column": c, "heading": h} for c, h in self.ignored],
            "summary": {"rows": len(self.rows), "files": sum(r.ok for r in self.rows),
                        "refused": sum(not r.ok for r in self.rows)},
            "rows": [{"row": r.row.number, "file": r.file_name, "name": r.name, "code": r.code,
                      "notes": [n.to_json() for n in r.notes]} for r in self.rows],
        }


def import_list(table: ListFile) -> ImportResult:
    """Every row of ``table`` converted (or refused, with its reasons)."""
    by_code: dict[str, list[Row]] = {}
    by_name: dict[str, list[Row]] = {}
    if table.materials is not None:
        for row in table.materials.rows:
            if row.text("code"):
                by_code.setdefault(row.text("code"), []).append(row)
            elif row.text("item"):
                by_name.setdefault(row.text("item"), []).append(row)
    seen: dict[str, int] = {}
    results = []
    for row in table.items.rows:
        materials = by_code.get(row.text("code"), []) + by_name.get(row.text("name"), [])
        converted = convert_row(row, materials, table)
        if converted.ok and converted.file_name is not None:
            key = converted.file_name.lower()
            if key in seen:
                converted.notes.insert(0, Note(row.at("code"), _(
                    "实施编码 '{code}' is used by row {row} already; each item needs its own code").format(
                        code=converted.code, row=seen[key])))
                converted.text = None
                converted.file_name = None
            else:
                seen[key] = row.number
        results.append(converted)
    return ImportResult(table.path, table.items.name, table.items.columns, table.items.ignored,
                        table.materials.name if table.materials else None, results)


def _limit(text: str, where: str, heading: str, notes: list[Note], *, promise: bool) -> Quantity | str | None:
    """A time limit from its cell: a quantity, "on-the-spot" for a promise to finish at once, or None."""
    word = re.sub(r"\s+", "", text)
    if not word:
        return None
    if word in _ON_THE_SPOT_WORDS:
        if promise:
            return "on-the-spot"
        notes.append(Note(where, _("{heading} says '{text}': a statutory limit is a number of working days, so "
                                   "none is written").format(heading=heading, text=text), "warning"))
        return None
    try:
        quantity = parse_quantity(word, default_unit="workday")
    except QuantityError:
        notes.append(Note(where, _("{heading} '{text}' cannot be read as a time limit; write a number of working "
                                   "days such as '20' or '20个工作日', or '即办'").format(heading=heading, text=text)))
        return None
    if quantity.value == 0 and promise:
        return "on-the-spot"
    if quantity.value <= 0:
        notes.append(Note(where, _("{heading} '{text}' must be more than zero").format(heading=heading, text=text)))
        return None
    if quantity.unit not in ("workday", "day"):
        notes.append(Note(where, _("{heading} '{text}' is not counted in days; the law counts time limits in "
                                   "working days (Art. 82)").format(heading=heading, text=text)))
        return None
    return quantity


def _count(text: str) -> int | None:
    word = re.sub(r"\s+|次|最多跑|跑", "", text)
    if word.isdigit():
        return int(word)
    if word in _CHINESE_NUMBERS:
        return _CHINESE_NUMBERS[word]
    return None


def _choice(row: Row, key: str, table: dict[str, tuple[str, ...]], heading: str, notes: list[Note]) -> str | None:
    text = row.text(key)
    if not text:
        return None
    found = vocab.key_of(table, re.sub(r"[（(].*?[）)]", "", text))
    if found is None:
        words = "、".join(words[0] for words in table.values())
        notes.append(Note(row.at(key), _("{heading} '{text}' is none of: {words}").format(
            heading=heading, text=text, words=words)))
    return found


def _lines(text: str) -> list[str]:
    return [part for part in _LIST_SPLIT.split(text.strip()) if part]


def file_name_for(code: str, row: Row) -> str:
    name = _SAFE_NAME.sub("-", code).strip("-.")
    return f"{name}.yaml" if name else f"row-{row.number}.yaml"


def convert_row(row: Row, materials: list[Row], table: ListFile) -> Converted:
    """One row of the list as the text of a process file, with what was assumed and what was wrong."""
    notes: list[Note] = []
    comments: dict[tuple[Any, ...], str] = {}
    heading = {key: h for key, (_c, h) in table.items.columns.items()}
    name = row.text("name")
    code = row.text("code")
    result = Converted(row, None, None, notes, name, code)
    if not name:
        notes.append(Note(row.at("name"), _("the item has no name (事项名称)")))
    folded = vocab.ITEM_TYPES_FOLDED.get(re.sub(r"\s+", "", row.text("type")))
    item_type = folded or _choice(row, "type", vocab.ITEM_TYPES, heading.get("type", "事项类型"), notes)
    if folded:
        comments[("type",)] = _("the list says {word}; written as {type} ({zh})").format(
            word=row.text("type"), type=folded, zh=vocab.zh(vocab.ITEM_TYPES, folded))
    if item_type is None and not row.text("type"):
        notes.append(Note(row.at("type"), _("the item has no type (事项类型); the rules that apply depend on it")))
    authority = row.text("authority")
    if not authority:
        notes.append(Note(row.at("authority"), _("the item has no authority (实施主体)")))
    statutory = _limit(row.text("statutory"), row.at("statutory"), heading.get("statutory", "法定办结时限"), notes,
                       promise=False)
    promised = _limit(row.text("promised"), row.at("promised"), heading.get("promised", "承诺办结时限"), notes,
                      promise=True)
    if (isinstance(statutory, Quantity) and isinstance(promised, Quantity) and statutory.unit == promised.unit
            and promised.value > statutory.value):
        notes.append(Note(row.at("promised"), _("the promised limit ({promised}) is longer than the statutory limit "
                                                "({statutory}); a promise may only shorten it").format(
                                                    promised=row.text("promised"), statutory=row.text("statutory"))))
    handling = _choice(row, "handling", vocab.HANDLING, heading.get("handling", "办件类型"), notes)
    visits = None
    if row.text("visits"):
        visits = _count(row.text("visits"))
        if visits is None:
            notes.append(Note(row.at("visits"), _("{heading} '{text}' is not a number of visits").format(
                heading=heading.get("visits", "到办事现场次数"), text=row.text("visits"))))
    charged = None
    if row.text("charged"):
        charged = vocab.yes_no(row.text("charged"))
        if charged is None:
            notes.append(Note(row.at("charged"), _("{heading} '{text}' is neither 是 nor 否").format(
                heading=heading.get("charged", "是否收费"), text=row.text("charged"))))
    level = _choice(row, "level", vocab.LEVELS, heading.get("level", "行使层级"), notes)
    result_type = _choice(row, "result_type", vocab.RESULT_TYPES, heading.get("result_type", "审批结果类型"), notes)
    if any(n.level == "error" for n in notes):
        return result

    data: dict[str, Any] = {"code": code or f"ROW-{row.number}"}
    if not code:
        comments[("code",)] = _("ASSUMED: the list gives no 实施编码; replace this placeholder")
        notes.append(Note(row.at("code"), _("no 实施编码: the placeholder {code} is written").format(
            code=data["code"]), "warning"))
    if row.text("catalog_code"):
        data["catalog_code"] = row.text("catalog_code")
    data["name"] = name
    data["type"] = item_type
    data["authority"] = {"name": authority}
    if row.text("authority_code"):
        data["authority"]["code"] = row.text("authority_code")
    if level:
        data["authority"]["level"] = level
    if row.text("legal_basis"):
        data["legal_basis"] = _lines(row.text("legal_basis"))
    if handling is None:
        handling = "on-the-spot" if promised == "on-the-spot" else "commitment"
        comments[("handling",)] = _("ASSUMED from the promised limit: the list has no 办件类型")
    data["handling"] = handling
    limits: dict[str, Any] = {}
    if statutory is not None:
        limits["statutory"] = str(statutory)
    if promised is not None:
        limits["promised"] = str(promised)
    data["time_limit"] = limits
    if not limits:
        comments[("time_limit",)] = _("the list gives neither a statutory nor a promised limit")
    if visits is not None:
        data["visits"] = visits
    if charged is not None:
        fee: dict[str, Any] = {"charged": charged}
        if row.text("fee_standard"):
            fee["standard"] = row.text("fee_standard")
        if row.text("fee_basis"):
            fee["basis"] = _lines(row.text("fee_basis"))
        data["fee"] = fee
    objects = []
    for word in _WORD_SPLIT.split(row.text("service_object")):
        if not word:
            continue
        key = vocab.key_of(vocab.SERVICE_OBJECTS, word)
        if key is None:
            notes.append(Note(row.at("service_object"), _("服务对象 '{word}' is none of the language's service "
                                                          "objects and is left out").format(word=word), "warning"))
        elif key not in objects:
            objects.append(key)
    if objects:
        data["service_object"] = objects
    if row.text("conditions"):
        data["acceptance_conditions"] = _lines(row.text("conditions"))
    if row.text("result_name"):
        data["result"] = {"type": result_type or "other", "name": row.text("result_name")}
        if result_type is None:
            comments[("result",)] = _("ASSUMED: the list gives no 审批结果类型")
    if row.text("location"):
        data["location"] = row.text("location")
    if row.text("office_hours"):
        data["office_hours"] = row.text("office_hours")
    contacts = {k: row.text(c) for k, c in (("consultation", "consultation"), ("complaint", "complaint"))
                if row.text(c)}
    if contacts:
        data["contacts"] = contacts
    material_ids = _materials(row, materials, data, comments, notes)
    _procedure(row, data, comments, notes, handling, authority, material_ids, visits)
    where = row.where[len(table.path) + 1:]  # "事项清单!5", or the line of a CSV file
    data["sources"] = [f"{PurePath(table.path).name}, {where}"]
    data["generated"] = _("approvalnet {version} list import, from the implementation list {file} (row {row}); "
                          "comments marked ASSUMED say what the list did not give").format(
                              version=__version__, file=PurePath(table.path).name, row=row.number)
    header = [_("{name}: imported from the implementation list {file}, {where}.").format(
        name=name, file=PurePath(table.path).name, where=where),
        _("Values marked ASSUMED are not in the list: check them before publishing.")]
    text = dump_yaml(data, comments, header)
    file_name = file_name_for(code, row)
    process, problems = parse_process(text, file_name)
    if process is None:  # a value the language refuses that the checks above let through
        for problem in problems:
            notes.append(Note(row.where, _("the file written from this row would not be valid: line {line}: "
                                           "{message}").format(line=problem.loc.line, message=problem.message)))
        return result
    result.text = text
    result.file_name = file_name
    return result


def _materials(row: Row, materials: list[Row], data: dict[str, Any], comments: dict[tuple[Any, ...], str],
               notes: list[Note]) -> list[str]:
    """The item's materials, from the materials sheet or the 申请材料 cell; their ids."""
    written: list[dict[str, Any]] = []
    for material in materials:
        name = material.text("name")
        if not name:
            continue
        entry: dict[str, Any] = {"id": f"material-{len(written) + 1}", "name": name}
        need = vocab.key_of(vocab.NEED, material.text("need")) if material.text("need") else None
        if material.text("need") and need is None:
            notes.append(Note(material.at("need"), _(
                "材料必要性 '{text}' is none of 必要、容缺、非必要; the material is written as required").format(
                    text=material.text("need")),
                              "warning"))
        if need is not None:
            entry["need"] = need
        condition = material.text("condition")
        if condition and need in ("conditional", "optional"):
            entry["condition"] = condition
        forms = []
        for word in _FORM_SPLIT.split(material.text("form")):
            if word and word != "件":
                key = vocab.key_of(vocab.MATERIAL_FORMS, word.removesuffix("件") if word != "电子件" else word)
                if key is None:
                    key = vocab.key_of(vocab.MATERIAL_FORMS, word)
                if key is None:
                    notes.append(Note(material.at("form"), _(
                        "材料形式 '{text}' is none of 原件、复印件、电子 and is left out").format(text=word),
                        "warning"))
                elif key not in forms:
                    forms.append(key)
        if forms:
            entry["form"] = forms
        if material.text("copies"):
            copies = _count(material.text("copies").removesuffix("份"))
            if copies is None:
                notes.append(Note(material.at("copies"), _("份数 '{text}' is not a number and is left out").format(
                    text=material.text("copies")), "warning"))
            else:
                entry["copies"] = copies
        if material.text("basis"):
            entry["basis"] = _lines(material.text("basis"))
        source = vocab.key_of(vocab.MATERIAL_SOURCES, material.text("source")) if material.text("source") else None
        if source:
            entry["source"] = source
        written.append(entry)
        if need is None:
            comments[("materials", len(written) - 1)] = _("ASSUMED required: the list gives no 材料必要性")
    if not written and row.text("materials"):
        for name in _lines(row.text("materials")):
            written.append({"id": f"material-{len(written) + 1}", "name": name})
        if written:
            comments[("materials",)] = _("from the 申请材料 cell: forms, copies and need not given; each is "
                                         "taken as required")
    if written:
        data["materials"] = written
    return [m["id"] for m in written]


def _step_ids(stages: list[Stage] | tuple[Stage, ...]) -> list[str]:
    ids: list[str] = []
    for n, stage in enumerate(stages, start=1):
        base = stage.name if _ID.match(stage.name) else f"环节{n}"
        candidate, k = base, 2
        while candidate in ids:
            candidate, k = f"{base}-{k}", k + 1
        ids.append(candidate)
    return ids


def _procedure(row: Row, data: dict[str, Any], comments: dict[tuple[Any, ...], str], notes: list[Note],
               handling: str, authority: str, material_ids: list[str], visits: int | None) -> None:
    text = row.text("procedure")
    stages = parse_procedure(text) if text else None
    standard_used = stages is None
    if stages is None:
        stages = list(ON_THE_SPOT if handling == "on-the-spot" else STANDARD)
        if text:
            notes.append(Note(row.at("procedure"), _(
                "办理流程 '{text}' cannot be read as a chain of stages; the standard procedure is written "
                "instead").format(text=text), "warning"))
            standard = _("ASSUMED: the standard procedure; the list's 办理流程 reads: {text}").format(
                text=text.replace("\n", " "))
        else:
            standard = _("ASSUMED: the standard procedure; the list gives no 办理流程")
        comments[("steps",)] = standard
    else:
        comments[("steps",)] = _("from the list's 办理流程: {text}").format(text=text.replace("\n", " "))
    lanes_used = {"window" if s.kind in WINDOW_KINDS else "department" for s in stages}
    lanes: dict[str, Any] = {}
    if "window" in lanes_used:
        lanes["window"] = {"name": f"{authority}受理窗口", "kind": "window", "staff": 1}
    if "department" in lanes_used:
        lanes["department"] = {"name": authority, "kind": "department", "staff": 1}
    data["lanes"] = lanes
    comments[("lanes",)] = _("ASSUMED: the list does not say who does each step, nor how many staff: window steps "
                             "at the front window, the others in the authority's back office, one person each")
    if standard_used and data["type"] == "administrative-licensing" and handling == "commitment":
        steps = _licensing_steps(material_ids)
        data["lanes"]["applicant"] = {"name": "申请人", "kind": "applicant"}
    else:
        steps = _chain(stages, data["type"], material_ids)
    if visits:
        # 到办事现场次数 says how often the applicant comes: to hand in the application, then to collect
        present = [s for s in steps if s["kind"] == "receive"][:1] + (
            [s for s in steps if s["kind"] == "deliver"][:1] if visits >= 2 else [])
        for step in present:
            step["applicant_present"] = True
        if present:
            comments[("steps", steps.index(present[0]))] = _(
                "ASSUMED from 到办事现场次数 = {visits}: the applicant comes to hand in the application{more}").format(
                    visits=visits, more=_(" and to collect the result") if len(present) > 1 else "")
    data["steps"] = steps


def _chain(stages: list[Stage] | tuple[Stage, ...], item_type: str, material_ids: list[str]) -> list[dict[str, Any]]:
    """The stages one after the other, as the list writes them; a licensing decision may refuse."""
    ids = _step_ids(stages)
    steps: list[dict[str, Any]] = []
    for n, (stage, step_id) in enumerate(zip(stages, ids, strict=True)):
        step: dict[str, Any] = {"id": step_id, "name": stage.name,
                                "lane": "window" if stage.kind in WINDOW_KINDS else "department",
                                "kind": stage.kind}
        if stage.kind == "receive" and material_ids and not any("materials" in s for s in steps):
            step["materials"] = material_ids
        following = ids[n + 1] if n + 1 < len(ids) else None
        if stage.kind == "decide" and item_type == "administrative-licensing":
            step["outcomes"] = {"approve": {"next": following} if following else {"end": "approved"},
                                "refuse": {"end": "refused"}}
        elif following:
            step["next"] = following
        else:
            step["end"] = "approved"
        steps.append(step)
    return steps


def _licensing_steps(material_ids: list[str]) -> list[dict[str, Any]]:
    """The standard procedure of a licensing item handled by commitment, with the branches the law
    requires: materials checked at the window and either accepted with a written notice, or
    supplemented after one notice of everything missing, or not accepted with reasons (Art. 32); the
    decision written, a refusal with its reasons and the right to reconsideration or litigation (Art. 38);
    the licence delivered (Art. 44)."""
    receive: dict[str, Any] = {"id": "收件", "name": "收件", "lane": "window", "kind": "receive"}
    if material_ids:
        receive["materials"] = material_ids
    receive["next"] = "材料审查"
    return [
        receive,
        {"id": "材料审查", "name": "材料审查", "lane": "window", "kind": "check-completeness",
         "outcomes": {"complete": {"next": "受理"}, "incomplete": {"next": "一次性告知补正"},
                      "not-acceptable": {"next": "不予受理"}}},
        {"id": "一次性告知补正", "name": "一次性告知补正", "lane": "window", "kind": "supplement-notice",
         "notice": {"document": "补正材料通知书"}, "next": "申请人补正"},
        {"id": "申请人补正", "name": "申请人补正材料", "lane": "applicant", "kind": "wait",
         "outcomes": {"resubmitted": {"next": "材料审查"}, "lapsed": {"end": "withdrawn"}}},
        {"id": "不予受理", "name": "出具不予受理通知书", "lane": "window", "kind": "notify",
         "notice": {"document": "不予受理通知书", "reasons": True, "remedies": True}, "end": "not-accepted"},
        {"id": "受理", "name": "受理", "lane": "window", "kind": "accept", "notice": {"document": "受理通知书"},
         "next": "审查"},
        {"id": "审查", "name": "审查", "lane": "department", "kind": "review", "next": "决定"},
        {"id": "决定", "name": "决定", "lane": "department", "kind": "decide",
         "outcomes": {"approve": {"next": "送达"}, "refuse": {"next": "不予许可"}}},
        {"id": "不予许可", "name": "出具不予行政许可决定书", "lane": "department", "kind": "notify",
         "notice": {"document": "不予行政许可决定书", "reasons": True, "remedies": True}, "end": "refused"},
        {"id": "送达", "name": "送达", "lane": "window", "kind": "deliver", "end": "approved"},
    ]
