"""The simulator's commands in Chinese: their refusals, usage errors and help (--lang zh), with the
same exit codes as in English, and JSON whose keys and figures do not depend on the language.

The Chinese comes from the catalogue (i18n/simcentre.yaml, filled into the .po by
scripts/po_fill.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from approvalnet.cli import main

ROOT = Path(__file__).resolve().parents[2]
PROCESS = ROOT / "processes/kunming/food-business-licence.yaml"
CENTRE = ROOT / "processes/kunming/centre.yaml"
SHORT = ["--days", "3", "--replications", "2"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    # English asked for too: a run in Chinese leaves LANGUAGE set for the rest of the test
    code = main([*args] if "--lang" in args else [*args, "--lang", "en"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def help_text(*args: str) -> str:
    # a fresh interpreter: a command's help is made when its module is imported, in the language
    # chosen then, and another test may have imported it in English already
    result = subprocess.run([sys.executable, "-m", "approvalnet.cli", *args, "--help"], capture_output=True,
                            text=True, encoding="utf-8", timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_overloaded_rate_is_refused_in_chinese_with_the_same_exit_code(capsys):
    # by cases: a run by days would go on to its horizon and report the backlog instead
    args = ["simulate", str(PROCESS), "--set", "arrivals.per_workday=100000", "--cases", "100"]
    en_code, _, en_err = run(capsys, *args)
    zh_code, _, zh_err = run(capsys, *args, "--lang", "zh")
    assert en_code == zh_code == 2
    assert "lane 'window' cannot keep up" in en_err and "add staff or lower the arrival rate" in en_err
    assert "岗位 'window' 忙不过来" in zh_err and "请增加人员或降低到达量" in zh_err
    assert "车道" not in zh_err and "cannot keep up" not in zh_err


def test_a_centre_that_cannot_keep_up_is_refused_in_chinese(capsys):
    args = ["simulate", str(CENTRE), "--set", "volume=50", "--cases", "100"]
    en_code, _, en_err = run(capsys, *args)
    zh_code, _, zh_err = run(capsys, *args, "--lang", "zh")
    assert en_code == zh_code == 2
    assert "add staff or lower the volumes" in en_err
    assert "忙不过来" in zh_err and "请增加人员或降低办件量" in zh_err


@pytest.mark.parametrize(("setting", "english", "chinese"), [
    ("lanes.nope.staff=2", "the process has no lane 'nope'", "流程没有岗位 'nope'"),
    ("volume=3", "unknown key 'volume'", "未知的键 'volume'"),
    ("arrivals.per_workday=-1", "arrivals.per_workday must be a number above zero",
     "arrivals.per_workday 必须是大于零的数"),
    ("noequals", "expected KEY=VALUE", "应写成 KEY=VALUE"),
])
def test_a_bad_set_is_refused_in_chinese(capsys, setting, english, chinese):
    args = ["simulate", str(PROCESS), "--set", setting, *SHORT]
    en_code, _, en_err = run(capsys, *args)
    zh_code, _, zh_err = run(capsys, *args, "--lang", "zh")
    assert en_code == zh_code == 2
    assert english in en_err
    assert chinese in zh_err and f"--set {setting}" in zh_err  # the option as typed stays as typed


def test_a_centre_set_and_staff_targets_are_refused_in_chinese(capsys):
    code, _, err = run(capsys, "simulate", str(CENTRE), "--set", "windows.nope.staff=3", *SHORT, "--lang", "zh")
    assert code == 2 and "中心没有窗口 'nope'" in err
    code, _, err = run(capsys, "staff", str(CENTRE), "--target", "on-time=2", "--lang", "zh")
    assert code == 2 and "应为 0 到 1 之间的比例" in err
    code, _, err = run(capsys, "staff", str(CENTRE), "--sweep", "nope=1..3", "--lang", "zh")
    assert code == 2 and "没有窗口或部门 'nope'" in err


def test_the_commands_help_is_chinese():
    for command, expected in (("simulate", "仿真一个流程"), ("staff", "求出各窗口和部门达到目标所需的最少人员"),
                              ("compare", "比较流程")):
        text = help_text(command, "--lang", "zh")
        assert expected in text, text
        assert "车道" not in text
    assert "相同的随机种子给出相同的结果" in help_text("staff", "--lang", "zh")
    assert "Find the smallest staff" in help_text("staff", "--lang", "en")


def _shape(value: Any) -> Any:
    """The JSON with its texts blanked: keys, structure and numbers are what must not change."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return "<text>" if isinstance(value, str) else value


@pytest.mark.parametrize("args", [
    ["simulate", str(PROCESS), "--seed", "7", *SHORT],
    ["compare", str(ROOT / "processes/kunming/before-reform/food-business-licence.yaml"), str(PROCESS),
     "--seed", "7", "--days", "20", "--replications", "2"],
])
def test_json_is_the_same_in_both_languages(capsys, args):
    en_code, en_out, _ = run(capsys, *args, "--format", "json")
    zh_code, zh_out, _ = run(capsys, *args, "--format", "json", "--lang", "zh")
    assert en_code == zh_code == 0
    english, chinese = json.loads(en_out), json.loads(zh_out)
    assert _shape(english) == _shape(chinese)
