"""The 30-item implementation list of tests/fixtures/lists (generated test data) through `list import`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from approvalnet.cli import main
from approvalnet.language import vocabulary as vocab
from approvalnet.language.loader import read_process

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures/lists"
ITEMS = yaml.safe_load((FIXTURES / "items.yaml").read_text(encoding="utf-8"))["items"]


def imported(tmp_path: Path, name: str, capsys) -> tuple[int, dict[str, object], str]:
    out = tmp_path / "items"
    code = main(["list", "import", str(FIXTURES / name), "-o", str(out)])
    err = capsys.readouterr().err
    processes = {}
    for path in sorted(out.glob("*.yaml")):
        process, problems = read_process(path)
        assert process is not None, (path, problems)
        processes[process.code] = process
    return code, processes, err


@pytest.mark.parametrize("name", ["implementation-list.xlsx", "implementation-list.csv"])
def test_thirty_items_become_thirty_valid_files(tmp_path, capsys, name):
    code, processes, err = imported(tmp_path, name, capsys)
    assert code == 0, err
    assert len(processes) == len(ITEMS) == 30
    for item in ITEMS:
        process = processes[item["实施编码"]]
        assert process.name == item["事项名称"]
        folded = vocab.ITEM_TYPES_FOLDED.get(item["事项类型"])
        assert process.type == (folded or vocab.key_of(vocab.ITEM_TYPES, item["事项类型"]))
        assert process.authority.name == item["实施主体"]
        assert len(process.materials) == len(item.get("材料") or [])
        assert process.legal_basis == item["设定依据"]
        if str(item["法定办结时限"]) not in ("即办",):
            assert process.time_limit.statutory is not None
        assert process.visits == item["到办事现场次数"]


def test_the_workbooks_materials_keep_their_form_copies_and_need(tmp_path, capsys):
    _code, processes, _err = imported(tmp_path, "implementation-list.xlsx", capsys)
    food = processes["11530100MB0000100X4000117009000"]
    licence = food.materials[1]
    assert (licence.name, licence.form, licence.copies, licence.source) == ("营业执照", ["copy"], 1, "government")


def test_procedures_that_are_chains_become_their_steps(tmp_path, capsys):
    _code, processes, err = imported(tmp_path, "implementation-list.xlsx", capsys)
    food = processes["11530100MB0000100X4000117009000"]
    assert [s.name for s in food.steps] == ["收件", "受理", "审查", "决定", "送达"]
    # prose is not guessed at: the three items written in prose get the standard procedure, said so
    prose = [i["实施编码"] for i in ITEMS if i["办理流程"] and "，" in i["办理流程"]]
    assert len(prose) == 3
    assert err.count("cannot be read as a chain of stages") == 3


def test_the_bad_list_is_reported_at_its_cells(tmp_path, capsys):
    code, processes, err = imported(tmp_path, "bad-list.xlsx", capsys)
    assert code == 1
    assert len(processes) == 2
    where = str(FIXTURES / "bad-list.xlsx")
    for cell, words in (("B4", "no name"), ("I5", "二十天左右"), ("J6", "longer than the statutory limit"),
                        ("E7", "行政审查")):
        assert f"{where}:事项清单!{cell}: error: " in err and words in err.split(f"事项清单!{cell}: error: ")[1]
