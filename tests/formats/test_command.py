"""`approvalnet export` and `approvalnet import` as a user runs them: files, streams, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from approvalnet.cli import main
from approvalnet.language.loader import parse_process, read_process

from .conftest import DATA, NS, ROOT

MINIMAL = ROOT / "examples/minimal.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_bpmn_to_a_file_then_import_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              bpmn_schema) -> None:
    out = tmp_path / "minimal.bpmn"
    assert run(capsys, "export", str(MINIMAL), "--format", "bpmn", "-o", str(out)) == (0, "", "")
    assert bpmn_schema.validate(etree.parse(str(out)))
    yaml_out = tmp_path / "back.yaml"
    code, stdout, stderr = run(capsys, "import", str(out), "-o", str(yaml_out))
    assert (code, stdout) == (0, "")
    assert "everything expressed" in stderr
    back, problems = read_process(yaml_out)
    assert back is not None, problems
    assert back.model_dump(exclude={"steps"}) == read_process(MINIMAL)[0].model_dump(exclude={"steps"})
    # without -o the YAML goes to stdout
    code, stdout, stderr = run(capsys, "import", str(out))
    assert code == 0 and stderr == ""
    assert stdout == yaml_out.read_text(encoding="utf-8")


def test_export_to_stdout_and_pnml_from_the_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "export", str(MINIMAL))
    assert code == 0 and etree.fromstring(stdout.encode()).tag == f"{{{NS['bpmn']}}}definitions"
    pnml = tmp_path / "net.pnml"
    assert run(capsys, "export", str(MINIMAL), "-o", str(pnml))[0] == 0
    root = etree.parse(str(pnml)).getroot()
    assert root.tag == "pnml" and root.find(".//transition[@id='t.review']") is not None
    code, stdout, _ = run(capsys, "export", str(MINIMAL), "--format", "pnml")
    assert code == 0 and stdout.encode() == pnml.read_bytes()


def test_import_of_a_foreign_file_reports_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = DATA / "beyond-the-language.bpmn"
    target = tmp_path / "beyond.yaml"
    code, stdout, stderr = run(capsys, "import", str(source), "-o", str(target))
    assert code == 1 and stdout == ""
    lines = [line for line in stderr.splitlines() if line.startswith(f"{source}:")]
    assert len(lines) == 12
    assert f"{source}:77: subProcess 'SubProcess_review' (审查) is read as one step" in stderr
    assert "wrote" in stderr and "12 problem(s), listed above" in stderr
    # the YAML is written all the same, valid, and says what it left out
    process, problems = parse_process(target.read_text(encoding="utf-8"), str(target))
    assert process is not None, problems
    assert "# 12 problem(s) with the BPMN" in target.read_text(encoding="utf-8")


def test_import_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "import", "--format", "json", str(DATA / "beyond-the-language.bpmn"))
    assert code == 1
    data = json.loads(stdout)
    assert data["complete"] is False and data["output"] is None
    assert data["problems"][0] == {"file": str(DATA / "beyond-the-language.bpmn"), "element": "Participant_applicant",
                                   "line": 10, "message": data["problems"][0]["message"]}
    assert parse_process(data["yaml"], "x.yaml")[0] is not None


@pytest.mark.parametrize(("content", "message"), [
    ("<bpmn:definitions\n", "not-bpmn.bpmn:2: not well-formed XML"),
    ('<pnml xmlns="http://www.pnml.org/version-2009/grammar/pnml"/>', "not a BPMN 2.0 file"),
])
def test_import_of_what_is_not_bpmn_exits_2(content: str, message: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "not-bpmn.bpmn"
    path.write_text(content, encoding="utf-8")
    code, stdout, stderr = run(capsys, "import", str(path))
    assert (code, stdout) == (2, "")
    assert stderr.startswith("approvalnet: error: ") and message in stderr and "Traceback" not in stderr


def test_missing_and_invalid_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "import", str(tmp_path / "nope.bpmn"))[0] == 2
    assert run(capsys, "export", str(tmp_path / "nope.yaml"))[0] == 2
    broken = tmp_path / "broken.yaml"
    shutil.copy(ROOT / "tests/language/invalid/unknown-key.yaml", broken)
    code, _, stderr = run(capsys, "export", str(broken), "-o", str(tmp_path / "x.bpmn"))
    assert code == 2 and "unknown key 'duraton'" in stderr
    assert not (tmp_path / "x.bpmn").exists()
    assert run(capsys, "export", str(MINIMAL), "--format", "svg")[0] == 2
