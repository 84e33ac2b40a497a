"""The loader's and the semantic checks' messages in Chinese (``--lang zh`` or a Chinese ``LANG``).

Only the texts change with the language: positions (file:line:col), problem codes, JSON keys and
exit codes stay as in English. These tests need the catalogue to hold i18n/lang.yaml's Chinese.
"""

from __future__ import annotations

import json

import pytest

from approvalnet import i18n
from approvalnet.cli import main
from approvalnet.language.loader import parse_process

BROKEN = "tests/docs/broken.yaml"
UNKNOWN_KEY_ZH = "tests/docs/broken.yaml:13:5: error: 'steps[0]' 中有未知的键 'duraton'（是否应为 'duration'？）"
REFERENCE_ZH = "tests/docs/broken.yaml:18:33: error: 环节 'check' 转到的环节 'decid' 未定义（是否应为 'decide'？）"


@pytest.fixture
def chinese_environment(monkeypatch):
    """A machine set up in Chinese: ``LANG=zh_CN.UTF-8``, nothing more specific set."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def _validate_broken(capsys, *extra: str) -> tuple[int, str]:
    code = main(["validate", BROKEN, *extra])
    return code, capsys.readouterr().out


def test_lang_zh_gives_chinese_messages_at_their_places(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    code, out = _validate_broken(capsys, "--lang", "zh")
    assert code == 1
    assert UNKNOWN_KEY_ZH in out and REFERENCE_ZH in out
    assert "unknown key" not in out and "did you mean" not in out and "which is not defined" not in out


def test_a_chinese_lang_gives_chinese_messages(root, monkeypatch, capsys, chinese_environment):
    monkeypatch.chdir(root)
    code, out = _validate_broken(capsys)
    assert code == 1
    assert UNKNOWN_KEY_ZH in out and REFERENCE_ZH in out


def test_lang_en_keeps_english_even_in_a_chinese_environment(root, monkeypatch, capsys, chinese_environment):
    monkeypatch.chdir(root)
    code, out = _validate_broken(capsys, "--lang", "en")
    assert code == 1
    assert ("tests/docs/broken.yaml:13:5: error: unknown key 'duraton' in 'steps[0]' (did you mean 'duration'?)"
            in out)
    assert "step 'check' goes to step 'decid', which is not defined (did you mean 'decide'?)" in out
    assert "未知" not in out and "环节" not in out


def test_json_keeps_its_keys_and_codes_in_chinese(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    code, out = _validate_broken(capsys, "--lang", "zh", "--format", "json")
    assert code == 1
    report = json.loads(out)
    problems = report["files"][0]["problems"]
    assert [(p["line"], p["col"], p["code"], p["level"]) for p in problems] == [
        (13, 5, "unknown-key", "error"), (18, 33, "reference", "error")]
    assert problems[0]["message"] == "'steps[0]' 中有未知的键 'duraton'（是否应为 'duration'？）"


def test_a_missing_path_exits_2_with_a_chinese_message(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    assert main(["validate", "no/such/file.yaml", "--lang", "zh"]) == 2
    captured = capsys.readouterr()
    assert "no/such/file.yaml：没有此文件或文件夹" in captured.err + captured.out


GOOD = """\
code: X-1
name: 示例
type: administrative-licensing
authority: {name: 示例局}
handling: commitment
time_limit: {statutory: 20}
lanes:
  window: {name: 窗口, kind: window, staff: 2}
steps:
  - {id: receive, name: 收件, lane: window, kind: receive, duration: 10 min, end: approved}
"""


@pytest.mark.parametrize("broken, place, chinese", [
    # a YAML syntax error: our words in Chinese, PyYAML's own detail as it is
    (GOOD.replace("code: X-1", "code: [X-1"), None, "YAML 语法错误："),
    # a type error translated from pydantic's
    (GOOD.replace("staff: 2", "staff: many"), (8, 43), "'lanes.window.staff' 须为整数，实际为 'many'"),
    # a negative duration
    (GOOD.replace("duration: 10 min", "duration: -5 min"), (10, 68), "'-5 min' 为负数；时长须为零或正数"),
    # a duration without unit
    (GOOD.replace("duration: 10 min", "duration: 10"), (10, 68), "'10' 没有单位；请写明单位，例如 '10 min' 或 '10 h'"),
    # an unknown step id
    (GOOD.replace("end: approved}", "next: decide}"), (10, 82), "环节 'receive' 转到的环节 'decide' 未定义"),
    # a duplicate key
    (GOOD.replace("handling: commitment", "handling: commitment\nhandling: on-the-spot"), (6, 1),
     "键 'handling' 重复（首次出现在第 5 行）"),
    # a value not among the allowed ones, with a suggestion
    (GOOD.replace("kind: window", "kind: windw"), (8, 28), "'windw' 不是以下值之一："),
    # a missing key
    (GOOD.replace("name: 示例\n", ""), (1, 1), "缺少必填键 'name'"),
])
def test_loader_messages_in_chinese(broken, place, chinese):
    i18n.set_language("zh")
    process, problems = parse_process(broken, "p.yaml")
    assert process is None
    found = [p for p in problems if chinese in p.message]
    assert found, [p.message for p in problems]
    if place is not None:
        assert (found[0].loc.line, found[0].loc.col) == place
    i18n.set_language("en")
    english = parse_process(broken, "p.yaml")[1]
    assert [(p.loc, p.code) for p in english] == [(p.loc, p.code) for p in problems]  # only the words change


def test_not_utf8_and_not_a_mapping_in_chinese():
    i18n.set_language("zh")
    problems = parse_process("code: 许可".encode("gbk"), "p.yaml")[1]
    assert problems[0].message.startswith("文件不是 UTF-8 编码（字节 0x")
    problems = parse_process("- a\n- b\n", "p.yaml")[1]
    assert problems[0].message == "流程文件须为键的映射（code、name、steps 等），而不是列表"


def test_the_parser_words_and_lists_of_values_in_chinese():
    broken = GOOD.replace("authority: {name: 示例局}", "authority: {name: 示例局")
    i18n.set_language("en")
    assert "YAML syntax error: while parsing a flow mapping; did not find expected ',' or '}'" in (
        parse_process(broken, "p.yaml")[1][0].message)
    i18n.set_language("zh")
    message = parse_process(broken, "p.yaml")[1][0].message
    assert message.startswith("YAML 语法错误：解析流式映射（花括号）时；未找到应有的 ',' 或 '}'"), message
    # values of the language listed with the enumeration comma, not as an English phrase
    problems = parse_process(GOOD.replace("kind: window", "kind: windw"), "p.yaml")[1]
    assert "window、department、external、applicant" in problems[0].message
