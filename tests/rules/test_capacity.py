"""The capacity rules: the figures of ``approvalnet simulate`` for the same seed, one simulation per
process shared by both rules, off where nothing is declared, and the rules package still cheap to import."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_check_command import run  # running the command

from approvalnet.language.loader import parse_process
from approvalnet.rules.capacity import _common
from approvalnet.rules.config import Config, RuleSetting
from approvalnet.rules.engine import check_process
from approvalnet.rules.registry import all_rules
from approvalnet.sim import kpis

ROOT = Path(__file__).resolve().parents[2]
# one reviewer 86 % busy: the promise of 5 working days is missed for about a third of the cases
BUSY = """\
code: "T-CAP"
name: 测试事项
type: administrative-licensing
authority: {name: 某市某局}
handling: commitment
time_limit: {statutory: 20, promised: 5 workdays}
lanes: {window: {name: 窗口, kind: window, staff: 1}, office: {name: 审批科, staff: OFFICE}}
steps:
  - {id: accept, name: 受理, lane: window, kind: accept, duration: 10 min}
  - {id: review, name: 审查, lane: office, kind: review, duration: 5.5 h}
  - {id: decide, name: 决定, lane: office, kind: decide, duration: 30 min, end: approved}
simulation: {arrivals: {per_workday: 1}}
"""
SHARE = re.compile(r"(?P<mean>[\d.]+) % \(95 % confidence interval (?P<low>[\d.]+) % to (?P<high>[\d.]+) %\) "
                   r"of (?:the|its) simulated cases finish within the (?P<limit>promised|statutory) limit")


def config(**options: object) -> Config:
    rules = {}
    for rule_id in ("capacity/on-time-share", "capacity/lane-overload"):
        rule = all_rules()[rule_id]
        defaults = rule.default_options()
        mine = {k: v for k, v in options.items() if hasattr(defaults, k)}
        rules[rule_id] = RuleSetting(rule.level, type(defaults)(**{**defaults.__dict__, **mine}))
    return Config(rules)


def process(staff: int = 1) -> object:
    loaded, problems = parse_process(BUSY.replace("OFFICE", str(staff)), "busy.yaml")
    assert loaded is not None, problems
    return loaded


@pytest.mark.parametrize("seed", [0, 7])
def test_the_share_is_simulate_s_for_the_same_seed(seed: int) -> None:
    days, replications = 250.0, 5
    findings = check_process(process(), config(seed=seed, days=days, replications=replications))  # type: ignore[arg-type]
    shares = [m for f in findings if f.code == "capacity/on-time-share" and (m := SHARE.search(f.message))]
    assert [m["limit"] for m in shares] == ["promised"]
    result = kpis.simulate(process(), days=days, seed=seed, replications=replications)  # type: ignore[arg-type]
    promised = result.on_time_promised
    assert promised is not None and promised.ci is not None
    assert shares[0]["mean"] == f"{100 * promised.mean:.1f}"
    assert shares[0]["low"] == f"{100 * max(0.0, promised.mean - promised.ci):.1f}"
    assert shares[0]["high"] == f"{100 * min(1.0, promised.mean + promised.ci):.1f}"


def test_the_same_numbers_as_the_simulate_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With the rule's default days, replications and seed, `simulate` prints what `check` says."""
    path = tmp_path / "busy.yaml"
    path.write_text(BUSY.replace("OFFICE", "1"), encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path), "--select", "capacity")
    share = SHARE.search(out)
    assert share is not None, out
    _, out, _ = run(capsys, "simulate", str(path), "--seed", str(_common.SEED), "--days", str(_common.DAYS),
                    "--replications", str(_common.REPLICATIONS), "--format", "json")
    promised = json.loads(out)["on_time_rate"]["promised"]
    assert share["mean"] == f"{100 * promised['mean']:.1f}"
    assert share["high"] == f"{100 * min(1.0, promised['mean'] + promised['ci95']):.1f}"


def test_enough_staff_no_finding_and_one_simulation_for_both_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict] = []
    real = kpis.simulate

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kpis, "simulate", counted)
    assert check_process(process(staff=2), config()) == []  # type: ignore[arg-type]
    assert len(calls) == 1
    assert [f.code for f in check_process(process(staff=1), config())] == [  # type: ignore[arg-type]
        "capacity/on-time-share"]
    assert len(calls) == 2


def test_without_arrivals_nothing_is_simulated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kpis, "simulate", lambda *a, **k: pytest.fail("simulated"))
    undeclared, _ = parse_process(BUSY.replace("OFFICE", "1").replace("simulation: {arrivals: {per_workday: 1}}\n", ""),
                                  "busy.yaml")
    assert undeclared is not None and check_process(undeclared, config()) == []


def test_the_rules_do_not_import_the_simulator() -> None:
    """`approvalnet --help` and `validate` stay fast: the rules import `sim` only when they simulate."""
    code = ("import sys; from approvalnet.rules.registry import all_rules; from approvalnet.rules import engine; "
            "all_rules(); print(sorted(m for m in sys.modules "
            "if m.startswith(('approvalnet.sim', 'approvalnet.centre'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_off_by_default_on_in_the_capacity_preset(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "busy.yaml"
    path.write_text(BUSY.replace("OFFICE", "1"), encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path))
    assert "capacity/" not in out
    code, out, _ = run(capsys, "check", str(path), "--preset", "capacity", "--fail-on", "warning")
    assert code == 1 and f"{path}:7:80: warning capacity/on-time-share" in out


ITEM = """\
code: "T-{code}"
name: 事项{code}
type: administrative-licensing
authority: {{name: 某市某局}}
handling: commitment
time_limit: {{statutory: 20, promised: 1 workdays}}
lanes: {{front: {{name: 窗口, kind: window, staff: 1}}}}
steps:
  - {{id: accept, name: 受理, lane: front, kind: accept, duration: 5 min}}
  - {{id: review, name: 审查, lane: front, kind: review, duration: 5 min, end: approved}}
"""
CENTRE = """\
centre: {name: 测试中心}
windows:
  front: {name: 综合窗口, staff: STAFF}
items:
  - {file: a.yaml, per_workday: 30}
  - {file: b.yaml, per_workday: 30}
"""


def centre_at(folder: Path, staff: int) -> Path:
    for code in ("a", "b"):
        (folder / f"{code}.yaml").write_text(ITEM.format(code=code.upper()), encoding="utf-8")
    path = folder / "centre.yaml"
    path.write_text(CENTRE.replace("STAFF", str(staff)), encoding="utf-8")
    return path


def centre_config(**options: object) -> Config:
    rule = all_rules()["capacity/centre-on-time-share"]
    defaults = rule.default_options()
    return Config({rule.id: RuleSetting(rule.level, type(defaults)(**{**defaults.__dict__, **options}))})


def test_a_centre_whose_shared_window_cannot_keep_up(tmp_path: Path) -> None:
    from approvalnet.centre.simulate import simulate_centre
    from approvalnet.language.centre_loader import read_centre
    from approvalnet.rules.engine import check_file

    days, replications = 30.0, 3
    path = centre_at(tmp_path, staff=1)
    report = check_file(path, centre_config(days=days, replications=replications))
    findings = [f for f in report.findings if f.code == "capacity/centre-on-time-share"]
    # both items miss the promise of 1 working day (the statutory 20 are not reached in 30 days): the
    # review after acceptance waits in the window's growing queue; each reported at its entry in the
    # centre file
    assert [(f.loc.line, f.loc.col) for f in findings] == [(5, 5), (6, 5)]
    assert all("within the promised limit (1 workday)" in f.message for f in findings)
    assert "item 'T-A' (事项A): with the centre's arrivals (30 a working day) and shared staff" in findings[0].message
    assert "its busiest pool is 'front' (综合窗口, 1 staff, 99." in findings[0].message
    centre, _ = read_centre(path)
    result = simulate_centre(centre, days=days, replications=replications, seed=0, overload=True)
    share = SHARE.search(next(f.message for f in findings if "promised" in f.message and "T-A" in f.message))
    promised = result.items[0].on_time_promised
    assert share is not None and promised is not None and share["mean"] == f"{100 * promised.mean:.1f}"
    enough = centre_at(tmp_path, staff=3)
    assert [f for f in check_file(enough, centre_config(days=days, replications=replications)).findings
            if f.code.startswith("capacity/")] == []
