"""With --lang zh, what the commands print for people is Chinese: no English sentence is left.

Each command below is run in Chinese on inputs that make it say many different things (every kind
of invalid file, the rules' failing fixtures, an unsound net, a simulation, a conformance check),
and its output is searched for English prose: three or more English words in a row. What the user
typed is left alone: quoted text, paths, option names, ids and the values of their files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted((ROOT / "tests/language/invalid").glob("*.yaml"))
SHIPPED = ROOT / "processes/kunming/food-business-licence.yaml"

QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”")
PATHLIKE = re.compile(r"(?:[\w.-]*/[\w./-]+|--?[\w-]+|[\w-]+\.(?:yaml|yml|csv|xes|json|html|svg|png|pnml|bpmn))")
ENGLISH = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,]+[A-Za-z][a-z]+){2,}\b")
# words that are not prose: units and names that stay as they are in Chinese text
ALLOWED = {"Graphviz", "pm4py", "Petri", "YAML", "JSON", "SARIF", "BPMN", "PNML", "Chromium", "approvalnet",
           "Noto", "Sans", "Serif", "Mono", "WenQuanYi", "Zen", "Hei", "Micro"}  # font families


def english_left(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        bare = PATHLIKE.sub(" ", QUOTED.sub(" ", line))
        for match in ENGLISH.finditer(bare):
            words = [word for word in re.split(r"[ ,]+", match.group()) if word not in ALLOWED]
            if len(words) >= 3:
                found.append(line.strip())
                break
    return found


def run_zh(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main([*args, "--lang", "zh"])
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_detector_finds_english():
    assert english_left("error: step has no outcome")
    assert not english_left("错误：步骤 'review the file' 没有结果，见 docs/rules.md 与 --days")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help(capsys, command):
    text = run_zh(capsys, command, "--help")
    assert not english_left(text), "\n".join(english_left(text))


def test_validate_every_kind_of_invalid_file(capsys):
    text = run_zh(capsys, "validate", *map(str, INVALID))
    assert "错误" in text
    assert not english_left(text), "\n".join(english_left(text))


def test_check_the_rules_failing_fixtures(capsys, tmp_path):
    import yaml

    written = []
    for cases in sorted((ROOT / "tests/rules/cases").glob("*/*.yaml")):
        data = yaml.safe_load(cases.read_text(encoding="utf-8"))
        header = ""
        if data.get("header"):
            header = (ROOT / "tests/rules/headers" / f"{data['header']}.yaml").read_text(encoding="utf-8")
        for number, case in enumerate(data.get("cases", [])):
            if case.get("findings") and isinstance(case.get("process"), str):
                path = tmp_path / f"{cases.stem}-{number}.yaml"
                path.write_text(header + case["process"], encoding="utf-8")
                written.append(str(path))
    assert len(written) > 40
    text = run_zh(capsys, "check", "--preset", "strict", *written)
    assert not english_left(text), "\n".join(sorted(set(english_left(text)))[:60])


@pytest.mark.parametrize("args", [
    ("check", str(SHIPPED)),
    ("soundness", str(SHIPPED)),
    ("rules",),
    ("simulate", str(SHIPPED), "--days", "10", "--replications", "2", "--seed", "1"),
])
def test_commands_on_a_shipped_process(capsys, args):
    text = run_zh(capsys, *args)
    assert not english_left(text), "\n".join(english_left(text))


def test_simulate_a_centre_and_compare_and_staff(capsys, tmp_path):
    centre = str(ROOT / "processes/kunming/centre.yaml")
    text = run_zh(capsys, "simulate", centre, "--days", "5", "--replications", "2", "--set", "volume=0.2")
    text += run_zh(capsys, "compare", str(ROOT / "processes/kunming/before-reform/public-place-hygiene-licence.yaml"),
                   str(ROOT / "processes/kunming/public-place-hygiene-licence.yaml"), "--days", "20",
                   "--replications", "2")
    text += run_zh(capsys, "staff", centre, "--sweep", "comprehensive=6..7", "--days", "5", "--replications", "1")
    assert not english_left(text), "\n".join(english_left(text))


def test_conform_and_discover_a_log(capsys, tmp_path):
    log = tmp_path / "events.csv"
    assert main(["simulate", str(SHIPPED), "--cases", "40", "--log", str(log), "--seed", "3"]) == 0
    capsys.readouterr()
    text = run_zh(capsys, "conform", str(SHIPPED), str(log), "--show", "3")
    text += run_zh(capsys, "discover", str(log), "-o", str(tmp_path / "found.yaml"))  # the file itself is data
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n1,x\n", encoding="utf-8")
    text += run_zh(capsys, "conform", str(SHIPPED), str(bad))
    assert not english_left(text), "\n".join(english_left(text))


def test_render_net_export_and_doctor(capsys, tmp_path):
    text = run_zh(capsys, "render", str(SHIPPED), "-o", str(tmp_path / "d"), "--format", "dot")
    text += run_zh(capsys, "net", str(SHIPPED), "--format", "pnml", "-o", str(tmp_path / "n.pnml"))
    text += run_zh(capsys, "export", str(SHIPPED), "--format", "bpmn", "-o", str(tmp_path / "n.bpmn"))
    text += run_zh(capsys, "doctor")
    assert not english_left(text), "\n".join(english_left(text))
