"""`list import` and `list export` as a user runs them: files written, exit codes, workbooks read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from approvalnet.cli import main
from approvalnet.language.loader import read_process
from conftest import shipped_processes

ROOT = Path(__file__).resolve().parents[2]
KUNMING = ROOT / "processes/kunming"


def small_list(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "事项清单"
    sheet.append(["序号", "事项名称", "实施编码", "事项类型", "实施主体", "法定办结时限", "承诺办结时限", "办理流程"])
    sheet.append([1, "某许可", "KM-1", "行政许可", "某局", 20, 10, "收件→受理→审查→决定→送达"])
    sheet.append([2, "某确认", "KM-2", "行政确认", "某局", 10, "即办", ""])
    sheet.append([3, "", "KM-3", "行政许可", "某局", 20, 10, ""])
    book.save(path)
    return path


def test_import_writes_valid_files_and_reports_the_bad_row(tmp_path, capsys):
    source = small_list(tmp_path / "list.xlsx")
    out = tmp_path / "items"
    assert main(["list", "import", str(source), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["KM-1.yaml", "KM-2.yaml"]
    for path in out.iterdir():
        process, problems = read_process(path)
        assert process is not None, problems
    assert f"{source}:事项清单!B4: error: the item has no name" in captured.err
    assert "columns ignored: A 序号" in captured.out
    assert "2 process files written" in captured.out


def test_import_refuses_to_replace_files_without_force(tmp_path, capsys):
    source = small_list(tmp_path / "list.xlsx")
    out = tmp_path / "items"
    main(["list", "import", str(source), "-o", str(out)])
    (out / "KM-1.yaml").write_text("# edited by hand\n", encoding="utf-8")
    assert main(["list", "import", str(source), "-o", str(out)]) == 2
    assert "exist already" in capsys.readouterr().err
    assert (out / "KM-1.yaml").read_text(encoding="utf-8") == "# edited by hand\n"
    assert main(["list", "import", str(source), "-o", str(out), "--force"]) == 1
    assert (out / "KM-1.yaml").read_text(encoding="utf-8").startswith("# 某许可")


def test_import_json_and_default_folder(tmp_path, capsys):
    source = small_list(tmp_path / "list.xlsx")
    assert main(["list", "import", str(source), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["folder"] == str(tmp_path / "list")
    assert data["summary"] == {"rows": 3, "files": 2, "refused": 1}
    assert data["columns"]["statutory"] == {"column": "F", "heading": "法定办结时限"}
    assert (tmp_path / "list" / "KM-2.yaml").is_file()


@pytest.mark.parametrize("args", [["missing.xlsx"], ["list.xls"]])
def test_import_unreadable_exits_2(tmp_path, capsys, args):
    (tmp_path / "list.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["list", "import", str(tmp_path / args[0])]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(tmp_path / args[0]) in err


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "catalogue.xlsx"
    assert main(["list", "export", str(KUNMING), "-o", str(path)]) == 0
    return path


def test_export_has_one_row_per_item_with_the_computed_columns(exported):
    items = shipped_processes([str(KUNMING)])
    book = load_workbook(exported, read_only=True)
    assert book.sheetnames == ["事项清单", "问题", "申请材料"]
    rows = list(book["事项清单"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == len(items)
    for heading in ("事项名称", "实施编码", "法定办结时限", "环节数", "材料数", "计算到现场次数",
                    "最坏情况用时（工作日）", "合理性", "错误", "警告", "提示"):
        assert heading in header
    column = {h: i for i, h in enumerate(header)}
    by_file = {Path(r[column["文件"]]).resolve(): r for r in body}
    food = by_file[(KUNMING / "food-business-licence.yaml").resolve()]
    process, _problems = read_process(KUNMING / "food-business-licence.yaml")
    assert process is not None
    assert food[column["事项名称"]] == process.name
    assert food[column["环节数"]] == len(process.steps)
    assert food[column["材料数"]] == len(process.materials)
    assert food[column["法定办结时限"]] == "10个工作日"
    assert food[column["合理性"]] == "是"
    assert isinstance(food[column["最坏情况用时（工作日）"]], float)
    materials = list(book["申请材料"].iter_rows(values_only=True))
    assert len(materials) - 1 >= sum(len(p.materials) for p in [process])


def test_export_frozen_header_and_filters(exported):
    book = load_workbook(exported)
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")


def test_export_reads_back_with_list_import(exported, tmp_path, capsys):
    out = tmp_path / "again"
    main(["list", "import", str(exported), "-o", str(out)])
    capsys.readouterr()
    written = list(out.iterdir())
    # every item whose code is its own comes back (the before-reform versions share their codes)
    codes = {read_process(p)[0].code for p in shipped_processes([str(KUNMING)])}
    assert len(written) == len(codes)


def test_export_english_headings_with_lang_en(tmp_path, capsys):
    path = tmp_path / "en.xlsx"
    assert main(["list", "export", str(KUNMING / "food-business-licence.yaml"), "-o", str(path), "--lang", "en"]) == 0
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Items", "Findings", "Materials"]
    header = next(book["Items"].iter_rows(values_only=True))
    assert header[0] == "Item name" and "Worst case (working days)" in header
    # without --lang the list is Chinese, whatever the interface's language
    assert main(["list", "export", str(KUNMING / "food-business-licence.yaml"), "-o", str(path)]) == 0
    assert load_workbook(path, read_only=True).sheetnames[0] == "事项清单"


def test_export_refuses_a_non_xlsx_output_and_missing_paths(tmp_path, capsys):
    assert main(["list", "export", str(KUNMING), "-o", str(tmp_path / "x.csv")]) == 2
    assert main(["list", "export", str(tmp_path / "none"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert not (tmp_path / "x.xlsx").exists()
