"""Full-width punctuation typed with a Chinese input method: named at its own line and column, with
the fix, in English and in Chinese; never blamed inside quoted strings, comments or plain text; never
hiding a real error."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvalnet import i18n
from approvalnet.language.centre_loader import read_centre
from approvalnet.language.fullwidth import TWINS
from approvalnet.language.loader import parse_process, read_yaml

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8")

# (text, [(line, col, character)]): each full-width character in the structure of YAML, where the
# parser's own error would stand elsewhere (the next line, the next key's colon).
CASES = [
    ("code: X\nname：示例\ntype: administrative-licensing\n", [(2, 5, "：")]),
    ("code: X\nname： 示例\n", [(2, 5, "：")]),
    ("code: X\nlanes：\n  window: {name: a}\n", [(2, 6, "：")]),
    ("steps:\n  - id：receive\n    name: 收件\n", [(2, 7, "：")]),
    ("lanes:\n  window: {name: x， kind: window}\n", [(2, 19, "，")]),
    ("lanes:\n  window: {name: x、 kind: window}\n", [(2, 19, "、")]),
    ("time_limit: {statutory: 20； promised: 10}\n", [(1, 27, "；")]),
    ("steps: 【{id: a}, {id: b}】\n", [(1, 8, "【"), (1, 25, "】")]),
    ("next: [a, b】\nname: x\n", [(1, 12, "】")]),
    ("steps: ［{id: a}, {id: b}］\n", [(1, 8, "［"), (1, 25, "］")]),
    ("authority: ｛name: 示例局｝\n", [(1, 12, "｛"), (1, 22, "｝")]),
    ("name: “a: b”\n", [(1, 7, "“"), (1, 12, "”")]),
    ("name: ‘a: b’\n", [(1, 7, "‘"), (1, 12, "’")]),
    ("name: ＂a: b＂\n", [(1, 7, "＂"), (1, 12, "＂")]),
    ("name: ＇a: b＇\n", [(1, 7, "＇"), (1, 12, "＇")]),
    ("steps:\n  － id: a\n    name: b\n", [(2, 3, "－")]),
    ("steps:\n  -\u3000id: a\n    name: b\n", [(2, 4, "\u3000")]),
    # several in a file, and a colon's fix (which inserts a space) moves no column after it
    ("lanes:\n  window: {name: x， kind: window， staff: 2}\n", [(2, 19, "，"), (2, 33, "，")]),
    ("lanes：\n  window: {name: x， kind: window}\n", [(1, 6, "："), (2, 19, "，")]),
    ("lanes:\n  window: {name: x， kind: window}\nname：示例\n", [(2, 19, "，"), (3, 5, "：")]),
]

ENGLISH = {
    "：": "full-width colon '：' where YAML needs ':'",
    "，": "full-width comma '，' where YAML needs ','",
    "【": "full-width bracket '【' where YAML needs '['",
    "“": "Chinese quotation mark '“' where YAML needs '\"'",
    "\u3000": "full-width space (U+3000) where YAML needs a normal space",
}
CHINESE = {
    "：": "全角冒号'：'应为半角':'",
    "，": "全角逗号'，'应为半角','",
    "、": "顿号'、'应为半角逗号','",
    "；": "全角分号'；'应为半角逗号','",
    "【": "全角方括号'【'应为半角'['",
    "】": "全角方括号'】'应为半角']'",
    "｛": "全角花括号'｛'应为半角'{'",
    "“": "中文引号'“'应为半角'\"'",
    "’": "中文引号'’'应为半角\"'\"",
    "－": "全角连字符'－'应为半角'-'",
    "\u3000": "全角空格（U+3000）应为半角空格",
}


def problems_of(text: str) -> list:
    return read_yaml(text, "f.yaml")[2]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0][:24]) for c in CASES])
def test_each_full_width_character_is_named_at_its_place(text: str, expected: list) -> None:
    problems = problems_of(text)
    assert [(p.loc.line, p.loc.col, p.code, p.level) for p in problems] == [
        (line, col, "full-width", "error") for line, col, _ in expected]
    for problem, (_, _, char) in zip(problems, expected, strict=True):
        assert problem.message == TWINS[char][1]
        assert f"'{char}'" in problem.message or char == "\u3000"


def test_every_character_of_the_table_is_tested() -> None:
    tested = {char for _, expected in CASES for _, _, char in expected}
    assert tested == set(TWINS)


@pytest.mark.parametrize("char", sorted(ENGLISH))
def test_english_messages(char: str) -> None:
    assert TWINS[char][1] == ENGLISH[char]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0][:24]) for c in CASES])
def test_chinese_messages(text: str, expected: list) -> None:
    i18n.set_language("zh")
    problems = problems_of(text)
    assert [(p.loc.line, p.loc.col) for p in problems] == [(line, col) for line, col, _ in expected]
    for problem, (_, _, char) in zip(problems, expected, strict=True):
        if char in CHINESE:
            assert problem.message == CHINESE[char]
        assert problem.message != TWINS[char][1], "not translated"
        assert f"'{char}'" in problem.message or char == "\u3000"


def test_the_command_line_names_the_colon_in_both_languages(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from approvalnet.cli import main

    path = tmp_path / "食品经营许可.yaml"
    path.write_text(MINIMAL.replace("name: 示例许可", "name：示例许可"), encoding="utf-8")
    line = MINIMAL.splitlines().index("name: 示例许可") + 1
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line}:5: error: full-width colon '：' where YAML needs ':'" in out
    assert "could not find expected" not in out
    assert main(["--lang", "zh", "validate", str(path)]) == 1
    assert f"{path}:{line}:5: error: 全角冒号'：'应为半角':'" in capsys.readouterr().out


@pytest.mark.parametrize("text", [
    'code: "X：1，2"\nname: \'他说“好”；再见\'\nnote: "引号“里”的：冒号"\n',
    "# 注释：说明，【见附件】\ncode: X  # 编码：待定，“暂缺”\nname: 示例\n",
    "note: |\n  说明：见附件，\n  　　第二段（全角空格缩进）\nname: 示例\n",
    "name: 食品经营许可（新办）\nnote: 注意：请带身份证，复印件一份；【必带】\n",
    "lanes:\n  window: {name: 综合窗口（一号），二楼, kind: window}\n",
    "acceptance_conditions:\n  - 申请人：年满十八周岁\n  - 【急】“一件事”办理\n",
])
def test_no_problem_inside_quoted_strings_comments_or_text(text: str) -> None:
    assert problems_of(text) == []


def test_text_full_of_full_width_punctuation_stays_text() -> None:
    text = MINIMAL.replace("name: 示例许可", "name: 食品经营许可（新办）：“一件事”，【试点】；")
    process, problems = parse_process(text, "f.yaml")
    assert problems == [] and process is not None
    assert process.name == "食品经营许可（新办）：“一件事”，【试点】；"


@pytest.mark.parametrize("text", [
    'code: "X：1"\nname: \'a，b\'  # 说明：一\nsteps: [a, b\nname: x\n',
    "note: 注意：请带身份证\nname: a\n  b: c\n",
])
def test_a_real_error_is_reported_not_a_full_width_character(text: str) -> None:
    problems = problems_of(text)
    assert [p.code for p in problems] == ["syntax"]


def test_a_real_error_after_full_width_ones_is_still_reported() -> None:
    text = "code: X\nname：示例\nsteps:\n  - id: a\n   bad: indentation\n"
    problems = problems_of(text)
    assert [(p.loc.line, p.loc.col, p.code) for p in problems] == [(2, 5, "full-width"), (5, 4, "syntax")]


def test_a_real_error_on_the_line_of_a_fixed_colon_keeps_its_column() -> None:
    # the fix of '：' inserts a space after it; the later error's column is still the file's
    problems = problems_of("code: X\nname：[a, b] c\n")
    assert [(p.loc.line, p.loc.col, p.code) for p in problems] == [(2, 5, "full-width"), (2, 13, "syntax")]


def test_a_colon_in_a_list_item_is_not_blamed_for_the_error_after_it() -> None:
    problems = problems_of("conditions:\n  - 申请人：年满十八周岁\n  bad: [\n")
    assert [p.code for p in problems] == ["syntax"]


@pytest.mark.parametrize(("text", "line", "col", "char"), [
    ("code: X\n\u3000name: a\n", 2, 1, "\u3000"),  # a full-width space as indentation makes another key
    ("lanes:\n\u3000\u3000window: {name: x}\n", 2, 1, "\u3000"),  # counted once for the run
    ("lanes:\n  window: {name：窗口, kind: window}\n", 2, 16, "："),  # {name：x} is the one key 'name：x'
    ("lanes:\n  window：综合窗口\n", 2, 9, "："),  # a value on its own line: meant as a key
    ("steps:\n  - id：收件\n    name：收件\n", 3, 9, "："),  # a line continuing an item
    ("steps:\n－ {id: a}\n", 2, 1, "－"),
])
def test_structure_yaml_reads_silently_as_text_gets_a_warning(text: str, line: int, col: int, char: str) -> None:
    problems = problems_of(text)
    assert [(p.loc.line, p.loc.col, p.code, p.level) for p in problems] == [(line, col, "full-width", "warning")]
    assert problems[0].message == TWINS[char][1]


def test_a_warning_does_not_hide_the_error_it_leads_to() -> None:
    text = MINIMAL.replace("name: 示例许可", "\u3000name: 示例许可")
    process, problems = parse_process(text, "f.yaml")
    assert process is None
    codes = [p.code for p in problems]
    assert "full-width" in codes and "unknown-key" in codes and "missing-key" in codes


def test_shipped_files_have_no_full_width_problem() -> None:
    files = [*sorted((ROOT / "processes").rglob("*.yaml")), *sorted((ROOT / "examples").rglob("*.yaml")),
             ROOT / "tests/data/chinese-ids.yaml"]
    assert len(files) > 20
    for path in files:
        problems = read_yaml(path.read_bytes(), str(path))[2]
        assert [p for p in problems if p.code == "full-width"] == [], path


def test_centre_files_go_through_the_same_path(tmp_path: Path) -> None:
    centre = ROOT / "processes/kunming/centre.yaml"
    text = centre.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("centre:"))
    lines[number] = lines[number].replace("centre:", "centre：", 1)
    path = tmp_path / "中心.yaml"  # the syntax error stops it before the processes it names are read
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model, problems = read_centre(path)
    assert model is None
    assert (problems[0].loc.line, problems[0].loc.col, problems[0].code) == (number + 1, 7, "full-width")


def test_one_full_width_character_in_a_real_file_is_found_exactly_where_it_is() -> None:
    # Each sample puts one full-width twin in place of a structural character of a shipped file (a
    # key's colon, a flow separator or bracket, a quote, a list's dash, indentation). Either YAML
    # still reads the file (the character became text, e.g. in 'licence－copy'), or the problem
    # names exactly that character: never another place, never only YAML's own error.
    import random

    twins = {":": "：", ",": "，", "[": "【", "]": "】", "{": "｛", "}": "｝", '"': "“", "-": "－", " ": "\u3000"}
    files = [ROOT / "examples/joint-review.yaml", ROOT / "examples/minimal.yaml",
             ROOT / "processes/kunming/food-business-licence.yaml"]
    rng = random.Random(15)
    exact = 0
    for _ in range(150):
        lines = rng.choice(files).read_text(encoding="utf-8").split("\n")
        places = [(i, j) for i, line in enumerate(lines) if not line.lstrip().startswith("#")
                  for j, char in enumerate(line.split(" #")[0])
                  if char in twins and (char != " " or not line[:j].strip())]
        i, j = rng.choice(places)
        lines[i] = lines[i][:j] + twins[lines[i][j]] + lines[i][j + 1:]
        problems = problems_of("\n".join(lines))
        errors = [p for p in problems if p.level == "error"]
        if not errors:
            continue
        assert [(p.loc.line, p.loc.col, p.code) for p in errors][:1] == [(i + 1, j + 1, "full-width")], lines[i]
        exact += 1
    assert exact > 100
