"""list import, piece by piece: headings, limits, procedures, materials, rows refused at their cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from approvalnet.language.loader import parse_process
from approvalnet.lists import ListError, import_list, read_list
from approvalnet.lists.fields import ITEM_FIELDS, match, normalise
from approvalnet.lists.procedure import parse_procedure, split_stages

HEADINGS = ["事项名称", "实施编码", "事项类型", "实施机构", "法定时限", "承诺时限（工作日）", "办件类型", "到现场次数",
            "办理流程"]


def workbook(path: Path, rows: list[list[object]], headings: list[str] = HEADINGS, title: str | None = None,
             materials: list[list[object]] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "事项清单"
    if title:
        sheet.append([title])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    if materials is not None:
        extra = book.create_sheet("申请材料")
        extra.append(["实施编码", "材料名称", "材料形式", "份数", "来源渠道", "必要性", "备注"])
        for row in materials:
            extra.append(row)
    book.save(path)
    return path


GOOD = ["食品经营许可（新办）", "KM-0001", "行政许可", "昆明市市场监督管理局", "20个工作日", 5, "承诺件", "1次",
        "收件→受理→审查→现场核查→决定→送达"]


@pytest.mark.parametrize(("heading", "key"), [
    ("法定时限", "statutory"), ("*法定办结时限", "statutory"), ("承诺时限（工作日）", "promised"),
    ("到现场次数", "visits"), ("实施机构", "authority"), ("事项编码", "code"), ("监督投诉方式", "complaint"),
    ("Item name", "name"), (" 事项 名称 ", "name"),
])
def test_heading_variants_name_their_field(heading, key):
    found = match(heading, ITEM_FIELDS)
    assert found is not None and found.key == key


def test_unknown_headings_match_nothing():
    assert match("序号", ITEM_FIELDS) is None
    assert match("备注", ITEM_FIELDS) is None
    assert normalise("承诺办结时限（工作日）（天）") == "承诺办结时限"


@pytest.mark.parametrize(("text", "names"), [
    ("收件→受理→审查→决定→送达", ["收件", "受理", "审查", "决定", "送达"]),
    ("1.申请 2.受理 3.审查 4.决定", ["申请", "受理", "审查", "决定"]),
    ("申请——受理——审核——决定", ["申请", "受理", "审核", "决定"]),
    ("受理；审查；决定；送达", ["受理", "审查", "决定", "送达"]),
    ("（1）受理（2）审核（3）办结", ["受理", "审核", "办结"]),
])
def test_procedure_chains_are_read(text, names):
    stages = parse_procedure(text)
    assert stages is not None, split_stages(text)
    assert [s.name for s in stages] == names


@pytest.mark.parametrize("text", ["申请人提交材料后由窗口受理，经科室审核后作出决定", "受理", "", "受理→喝茶→决定"])
def test_prose_and_unknown_stages_are_not_guessed(text):
    assert parse_procedure(text) is None


def test_a_row_becomes_a_valid_file_with_its_fields(tmp_path):
    path = workbook(tmp_path / "list.xlsx", [GOOD], title="某市政务服务事项实施清单")
    result = import_list(read_list(path))
    (row,) = result.rows
    assert row.ok and row.file_name == "KM-0001.yaml"
    process, problems = parse_process(row.text, "KM-0001.yaml")
    assert process is not None, problems
    assert process.name == "食品经营许可（新办）" and process.type == "administrative-licensing"
    assert str(process.time_limit.statutory) == "20 workdays" and str(process.time_limit.promised) == "5 workdays"
    assert process.visits == 1 and process.handling == "commitment"
    assert [s.name for s in process.steps] == ["收件", "受理", "审查", "现场核查", "决定", "送达"]
    assert [s.kind for s in process.steps] == ["receive", "accept", "review", "on-site-inspection", "decide", "deliver"]
    assert process.steps[0].applicant_present  # from 到现场次数 = 1, and said so
    assert "ASSUMED from 到办事现场次数" in row.text
    assert "ASSUMED: the list does not say who does each step" in row.text
    assert result.columns["statutory"] == ("E", "法定时限")


def test_bad_rows_are_reported_at_their_cells_and_not_written(tmp_path):
    rows = [
        GOOD,
        ["", "KM-0002", "行政许可", "某局", "20", "5", "承诺件", "1", ""],
        ["某许可", "KM-0003", "行政许可", "某局", "二十天左右", "5", "承诺件", "1", ""],
        ["某许可", "KM-0004", "行政许可", "某局", "10", "15", "承诺件", "1", ""],
        ["某许可", "KM-0005", "行政审查", "某局", "10", "5", "承诺件", "1", ""],
        ["某许可", "KM-0001", "行政许可", "某局", "10", "5", "承诺件", "1", ""],
        ["某许可", "KM-0006", "行政许可", "某局", "10", "5", "承诺件", "很多", ""],
    ]
    path = workbook(tmp_path / "bad.xlsx", rows)
    result = import_list(read_list(path))
    errors = {n.where: n.message for r in result.rows for n in r.notes if n.level == "error"}
    assert [r.ok for r in result.rows] == [True, False, False, False, False, False, False]
    assert f"{path}:事项清单!A3" in errors and "no name" in errors[f"{path}:事项清单!A3"]
    assert "二十天左右" in errors[f"{path}:事项清单!E4"]
    assert "longer than the statutory limit" in errors[f"{path}:事项清单!F5"]
    assert "行政审查" in errors[f"{path}:事项清单!C6"]
    assert "used by row 2 already" in errors[f"{path}:事项清单!B7"]
    assert "很多" in errors[f"{path}:事项清单!H8"]


def test_prose_procedure_gives_the_standard_one_marked(tmp_path):
    row = [*GOOD[:8], "申请人提交材料后由窗口受理，经科室审核后作出决定"]
    result = import_list(read_list(workbook(tmp_path / "l.xlsx", [row])))
    (converted,) = result.rows
    assert converted.ok
    warnings = [n for n in converted.notes if n.level == "warning"]
    assert any("cannot be read as a chain of stages" in n.message and n.where.endswith("!I2") for n in warnings)
    process, _problems = parse_process(converted.text, "x.yaml")
    assert process is not None
    kinds = {s.kind for s in process.steps}
    # the standard licensing procedure has the branches the law requires (Arts. 32 and 38)
    assert {"check-completeness", "supplement-notice", "accept", "decide", "deliver", "notify"} <= kinds
    assert "ASSUMED: the standard procedure" in converted.text


def test_materials_come_from_their_sheet(tmp_path):
    materials = [["KM-0001", "申请书", "原件", 1, "申请人自备", "必要", ""],
                 ["KM-0001", "营业执照", "原件和复印件", "2份", "政府部门核发", "容缺", "可网上核验的免交"],
                 ["KM-9999", "别的事项的材料", "原件", 1, "", "必要", ""]]
    result = import_list(read_list(workbook(tmp_path / "l.xlsx", [GOOD], materials=materials)))
    process, _problems = parse_process(result.rows[0].text, "x.yaml")
    assert process is not None
    assert [m.name for m in process.materials] == ["申请书", "营业执照"]
    licence = process.materials[1]
    assert licence.form == ["original", "copy"] and licence.copies == 2 and licence.source == "government"
    assert licence.need == "conditional" and licence.condition == "可网上核验的免交"
    assert process.steps[0].materials == ["material-1", "material-2"]


def test_csv_in_gbk_with_materials_in_one_cell(tmp_path):
    path = tmp_path / "list.csv"
    text = "事项名称,实施编码,事项类型,实施主体,法定办结时限,承诺办结时限,申请材料\n" \
           "某确认,KM-1,行政确认,某局,10,即办,\"申请表\n身份证\"\n"
    path.write_bytes(text.encode("gb18030"))
    result = import_list(read_list(path))
    (row,) = result.rows
    assert row.ok, row.notes
    process, _problems = parse_process(row.text, "x.yaml")
    assert process is not None and process.handling == "on-the-spot"
    assert [m.name for m in process.materials] == ["申请表", "身份证"]


def test_csv_cells_are_placed_at_their_line_and_column(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("事项名称,实施编码,事项类型,实施主体,法定办结时限\n"
                    "某确认,KM-1,行政确认,\"某局\n（两行）\",10\n"
                    "某确认,KM-2,行政确认,某局,很久\n", encoding="utf-8-sig")
    result = import_list(read_list(path))
    errors = [n.where for r in result.rows for n in r.notes if n.level == "error"]
    assert errors == [f"{path}:4:5"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("list.xls", b"\xd0\xcf\x11\xe0", "old Excel format"),
    ("list.xlsx", b"not a zip", "not a readable .xlsx workbook"),
    ("list.txt", b"x", "is a .xlsx or .csv file"),
    ("list.csv", "序号,备注\n1,2\n".encode(), "no heading row naming the item"),
])
def test_unreadable_lists_raise_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ListError, match=message):
        read_list(path)


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = workbook(tmp_path / "l.xlsx", [GOOD])
    with pytest.raises(ListError, match="no sheet named '清单'; its sheets are: 事项清单"):
        read_list(path, "清单")
