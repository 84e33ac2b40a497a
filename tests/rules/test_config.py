"""Configuration: presets as data, files found by walking up, extends, levels, options, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvalnet.rules.config import ConfigError, find_config, load_config, preset
from approvalnet.rules.registry import all_rules


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_recommended_is_the_default_and_reform_and_capacity_are_off() -> None:
    config = load_config()
    for rule_id, rule in all_rules().items():
        expected = "off" if rule.group in ("reform", "capacity") else rule.level
        assert config.rules[rule_id].level == expected


def test_strict_promotes_warnings_and_reform_and_capacity_add_their_groups() -> None:
    strict, reform, capacity = preset("strict"), preset("reform"), preset("capacity")
    for rule_id, rule in all_rules().items():
        if rule.group not in ("reform", "capacity"):
            assert strict.rules[rule_id].level == ("error" if rule.level == "warning" else rule.level)
            assert capacity.rules[rule_id].level == rule.level
        elif rule.group == "reform":
            assert reform.rules[rule_id].level == rule.level
            assert capacity.rules[rule_id].level == "off"
        else:
            assert capacity.rules[rule_id].level == rule.level
            assert reform.rules[rule_id].level == strict.rules[rule_id].level == "off"


def test_config_file_found_by_walking_up(tmp_path: Path) -> None:
    config = write(tmp_path / ".approvalnet.yaml", "rules:\n  law/decision-limit: warning\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == config.resolve()
    assert load_config(near=deep / "x.yaml").rules["law/decision-limit"].level == "warning"


def test_levels_options_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", """\
extends: reform
rules:
  law/decision-limit: {level: warning, single: 15, ignore: ["legacy/*.yaml"]}
  structure/unreachable-step: "off"
""")
    config = load_config(path)
    setting = config.rules["law/decision-limit"]
    assert setting.level == "warning" and setting.options.single == 15 and setting.options.joint == 45
    assert setting.ignores(tmp_path / "legacy" / "old.yaml") and not setting.ignores(tmp_path / "new.yaml")
    assert config.rules["structure/unreachable-step"].level == "off"
    assert config.sources == (str(path),)


def test_extends_a_file_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "rules:\n  law/decision-limit: {single: 10}\n")
    child = write(tmp_path / "sub" / "child.yaml", "extends: ../base.yaml\nrules:\n  law/decision-limit: info\n")
    setting = load_config(child).rules["law/decision-limit"]
    assert (setting.level, setting.options.single) == ("info", 10)


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("rules:\n  law/decision-limt: warning\n", 2, 3, "unknown rule 'law/decision-limt'"),
        ("rules:\n  decision-limit: warning\n", 2, 3, "(did you mean 'law/decision-limit'?)"),
        ("rules:\n  law/decision-limit: loud\n", 2, 23, "'loud' is not a level"),
        ("rules:\n  law/decision-limit: {singel: 3}\n", 2, 24, "unknown option 'singel'"),
        ("rules:\n  law/decision-limit: {single: many}\n", 2, 32, "must be a number"),
        ("rules:\n  structure/unreachable-step: {days: 3}\n", 2, 32, "has no options"),
        ("rulez: {}\n", 1, 1, "unknown key 'rulez'"),
        ("groups: {laws: off}\n", 1, 10, "unknown group 'laws'"),
        ("extends: nothing-here\n", 0, 0, "cannot extend 'nothing-here'"),
        ("rules:\n  law/decision-limit: warning\n  law/decision-limit: info\n", 3, 3, "duplicate key"),
    ],
)
def test_config_errors_have_positions(tmp_path: Path, text: str, line: int, col: int, words: str) -> None:
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problem = caught.value.problems[0]
    assert words in problem.message
    if line:
        assert (problem.loc.file, problem.loc.line, problem.loc.col) == (str(path), line, col)


def test_extends_loop_is_an_error(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ConfigError, match="loop"):
        load_config(a)


def test_select_and_ignore() -> None:
    config = load_config().narrowed(["law", "structure/unreachable-step"], ["law/decision-limit"])
    enabled = {rule.id for rule, _ in config.enabled()}
    assert "structure/unreachable-step" in enabled and "law/decision-limit" not in enabled
    assert all(r.startswith("law/") or r == "structure/unreachable-step" for r in enabled)
    with pytest.raises(ConfigError, match="no rule or group matches 'lwa'"):
        load_config().narrowed(["lwa"], None)
