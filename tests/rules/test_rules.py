"""Every rule against its declarative cases (``cases/<group>/<name>.yaml``), sqlfluff-style.

A case file::

    rule: law/decision-limit
    header: basic            # optional: headers/<name>.yaml is put before each case's process text
    cases:
      - name: over the limit
        options: {single: 20}        # optional rule options
        process: |
          steps: ...
        findings:                    # [] for a passing case
          - {line: 4, col: 5, message: "words the message contains"}

Lines and columns are counted in the case's own ``process`` text (the header is not counted).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from approvalnet.language.loader import parse_process
from approvalnet.rules.config import Config, RuleSetting
from approvalnet.rules.engine import check_process
from approvalnet.rules.registry import all_rules

HERE = Path(__file__).parent
CASE_FILES = sorted((HERE / "cases").rglob("*.yaml"))


def _cases() -> list[tuple[str, dict, str]]:
    out = []
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        header = ""
        if spec.get("header"):
            header = (HERE / "headers" / f"{spec['header']}.yaml").read_text(encoding="utf-8")
        for case in spec["cases"]:
            out.append((spec["rule"], case, header))
    return out


CASES = _cases()


def config_for(rule_id: str, options: dict | None) -> Config:
    rule = all_rules()[rule_id]
    setting = RuleSetting(rule.level, rule.default_options())
    if options:
        setting = dataclasses.replace(setting, options=dataclasses.replace(
            setting.options, **{k.replace("-", "_"): tuple(v) if isinstance(v, list) else v
                                for k, v in options.items()}))
    return Config({rule_id: setting})


@pytest.mark.parametrize(("rule_id", "case", "header"), CASES, ids=[f"{r}: {c['name']}" for r, c, _ in CASES])
def test_rule_case(rule_id: str, case: dict, header: str) -> None:
    text = header + case["process"]
    offset = header.count("\n")
    process, problems = parse_process(text, "case.yaml")
    assert process is not None, "case does not load:\n" + "\n".join(str(p) for p in problems)
    findings = check_process(process, config_for(rule_id, case.get("options")), text=text)
    assert all(f.code == rule_id for f in findings), [str(f) for f in findings]
    got = [(f.loc.line - offset, f.loc.col, f.message) for f in findings]
    expected = case.get("findings") or []
    assert len(got) == len(expected), "\n".join(f"{line}:{col}: {m}" for line, col, m in got)
    for want, (line, col, message) in zip(expected, got, strict=True):
        assert (line, col) == (want["line"], want["col"]), message
        assert want["message"] in message, message


def test_every_rule_has_passing_and_failing_cases() -> None:
    by_rule: dict[str, list[dict]] = {}
    for rule_id, case, _ in CASES:
        by_rule.setdefault(rule_id, []).append(case)
    for rule_id, rule in all_rules().items():
        if rule.scope == "centre":
            continue  # centre rules take centre files: tests/centre/test_centre.py checks them both ways
        cases = by_rule.get(rule_id, [])
        assert any(not c.get("findings") for c in cases), f"{rule_id} has no passing case"
        assert any(c.get("findings") for c in cases), f"{rule_id} has no failing case"
    assert set(by_rule) <= set(all_rules()), set(by_rule) - set(all_rules())


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_rule_documentation(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    assert rule.summary and rule.summary.endswith("."), "the docstring starts with a one-sentence summary"
    assert "Fails" in rule.doc and "Passes" in rule.doc, "the docstring gives a failing and a passing example"
