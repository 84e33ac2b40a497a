"""Every class of bad input has a fixture; each asserts the problem's code, line, column and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvalnet.language.loader import MAX_FILE_BYTES, parse_process, read_process

HERE = Path(__file__).parent / "invalid"

# fixture -> every problem expected: (line, col, code, words the message must contain)
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "syntax-error.yaml": [(5, 7, "syntax", "did not find expected ',' or '}'")],
    "duplicate-key.yaml": [
        (14, 5, "duplicate-key", "duplicate key 'duration' (first at line 13)"),
        (16, 1, "duplicate-key", "duplicate key 'name' (first at line 2)"),
    ],
    "unknown-key.yaml": [(13, 5, "unknown-key", "unknown key 'duraton' in 'steps[0]' (did you mean 'duration'?)")],
    "wrong-type.yaml": [
        (8, 43, "type", "'lanes.window.staff' must be a whole number, got 'many'"),
        (11, 11, "type", "'steps[0].name' must be text, got list"),
        # YAML 1.2: 'yes' is text, not a boolean
        (13, 24, "type", "'steps[0].applicant_present' must be true or false, got 'yes'"),
    ],
    "bad-duration.yaml": [
        (10, 47, "value", "'15' has no unit"),
        (11, 47, "value", "unknown unit 'fortnights'"),
        (12, 47, "value", "'-5 min' is negative"),
        (14, 47, "value", "unknown distribution 'poisson'"),
    ],
    "bad-triangular.yaml": [(10, 92, "value", "triangular duration needs min ≤ mode ≤ max")],
    "bad-time-limit.yaml": [
        (7, 14, "value", "a time limit must be more than zero, got '0 workdays'"),
        (8, 13, "value", "'-3 workdays' is negative"),
    ],
    "undefined-reference.yaml": [
        (13, 35, "reference", "names lane 'windw', which is not defined (did you mean 'window'?)"),
        (13, 67, "reference", "uses material 'licence', which is not defined"),
        (18, 18, "reference", "goes to step 'decid', which is not defined (did you mean 'decide'?)"),
    ],
    "duplicate-id.yaml": [(11, 10, "duplicate-id", "duplicate step id 'review' (first at line 10)")],
    "probability.yaml": [
        (14, 7, "probability", "outcomes of step 'a' sum to 0.9, not 1"),
        (20, 24, "probability", "probability 1.5 of outcome 'ok' is outside 0..1"),
        (21, 29, "probability", "probability -0.5 of outcome 'ko' is outside 0..1"),
        (26, 7, "probability", "gives probabilities for some outcomes but not for ko"),
    ],
    "alias-bomb.yaml": [(1, 14, "alias-bomb", "expands to more than 100000 nodes")],
    "recursive-alias.yaml": [(1, 1, "alias-bomb", "nested more than 64 levels")],
    "missing-key.yaml": [
        (1, 1, "missing-key", "missing required key 'authority'"),
        (9, 5, "missing-key", "missing required key 'name' in 'steps[0]'"),
    ],
    "unknown-value.yaml": [
        (3, 7, "value", "'administrative-licencing' is not one of"),
        (10, 43, "value", "'reveiw' is not one of"),
        (10, 56, "value", "(did you mean 'approved'?)"),
    ],
    "several-documents.yaml": [(3, 1, "syntax", "several YAML documents")],
    "flow.yaml": [
        (10, 51, "flow", "step 'a' has both 'next' and 'end'"),
        (11, 43, "flow", "parallel split with 1 branch"),
        (12, 47, "flow", "chooses among 1 outcome"),
        (13, 10, "flow", "the last step 'd' has no successor"),
    ],
    "comments-only.yaml": [(1, 1, "empty", "file is empty")],
    "empty.yaml": [(1, 1, "empty", "file is empty")],
    "not-utf8.yaml": [(2, 7, "encoding", "file is not UTF-8 (byte 0xbe cannot be decoded")],
    "utf16.yaml": [(1, 1, "encoding", "file is UTF-16; save it as UTF-8")],
    "not-a-mapping.yaml": [(1, 1, "type", "must be a mapping")],
    "lanes.yaml": [
        (8, 11, "missing-key", "lane 'window' (window) needs a staff count"),
        (9, 30, "value", "lane 'office' has no staff"),
        (10, 50, "value", "lane 'applicant' is an applicant lane, whose time takes no staff"),
    ],
}


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in HERE.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture(name: str) -> None:
    process, problems = read_process(HERE / name)
    assert process is None
    got = [(p.loc.line, p.loc.col, p.code, p.message) for p in problems if p.level == "error"]
    expected = EXPECTED[name]
    assert len(got) == len(expected), "\n".join(str(p) for p in problems)
    for (line, col, code, words), (gline, gcol, gcode, message) in zip(expected, got, strict=True):
        assert (gline, gcol, gcode) == (line, col, code), message
        assert words in message
    assert all(p.loc.file == str(HERE / name) for p in problems)


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'code: !!python/object/apply:os.system ["touch {marker}"]\nname: x\n'
    process, problems = parse_process(text, "tag.yaml")
    assert process is None
    tag = [p for p in problems if p.code == "tag"]
    assert len(tag) == 1 and (tag[0].loc.line, tag[0].loc.col) == (1, 7)
    assert "!!python/object/apply:os.system is not allowed" in tag[0].message
    assert not marker.exists()


def test_custom_tag_is_refused() -> None:
    _, problems = parse_process("code: !secret abc\n", "t.yaml")
    assert [(p.code, p.loc.line, p.loc.col) for p in problems if p.code == "tag"] == [("tag", 1, 7)]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    process, problems = read_process(path)
    assert process is None and [p.code for p in problems] == ["empty"]


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(b'code: "1"\nname: ' + "经营许可".encode("gbk") + b"\n")
    process, problems = read_process(path)
    assert process is None
    (problem,) = problems
    assert (problem.code, problem.loc.line, problem.loc.col) == ("encoding", 2, 7)
    assert "not UTF-8" in problem.message


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("code: x\n".encode("utf-16"))
    _, problems = read_process(path)
    assert [p.code for p in problems] == ["encoding"] and "UTF-16" in problems[0].message


def test_utf8_bom_is_accepted(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (root / "examples/minimal.yaml").read_bytes())
    process, problems = read_process(path)
    assert process is not None, problems


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    process, problems = read_process(path)
    assert process is None and [p.code for p in problems] == ["too-large"]


def test_missing_file(tmp_path: Path) -> None:
    process, problems = read_process(tmp_path / "nope.yaml")
    assert process is None and [p.code for p in problems] == ["io"]


MISSPELT = """\
code: X-1
name: 示例
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20}
lanes: {a: {name: 窗口, kind: window, staff: 1}}
steps:
  - {id: first, name: 收件, lane: a, duraton: 1 h, next: secnd}
  - {id: second, name: 决定, lane: a, end: approved}
"""


def test_a_misspelt_key_does_not_hide_the_other_problems() -> None:
    process, problems = parse_process(MISSPELT, "m.yaml")
    assert process is None
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("unknown-key", 9, 36), ("reference", 9, 56)]
    assert "did you mean 'second'" in problems[1].message


def test_other_type_errors_stop_at_the_types() -> None:
    """With a wrong type beside the unknown key, the meaning is not checked (it could only mislead)."""
    text = MISSPELT.replace("name: 决定", "name: [决定]")
    _, problems = parse_process(text, "m.yaml")
    assert {p.code for p in problems} <= {"unknown-key", "type"} and "unknown-key" in {p.code for p in problems}
