"""docs/rules.md, generated from the rules' docstrings (``python -m approvalnet.rules.docs``)."""

from __future__ import annotations

import dataclasses
import sys

from .config import preset
from .registry import GROUPS, Rule, all_rules

GROUP_TITLES = {
    "structure": "Structure of the flow",
    "soundness": "Soundness of the workflow net",
    "law": "The Administrative Licensing Law (《中华人民共和国行政许可法》)",
    "listing": "The implementation list (实施清单)",
    "reform": "Reform targets (off unless the `reform` preset is used)",
    "centre": "Centre files (checked on a centre file, besides its items' own rules)",
}


def option_table(rule: Rule) -> list[str]:
    fields = rule.option_fields()
    if not fields:
        return []
    lines = ["| option | default |", "|---|---|"]
    for f in fields:
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        lines.append(f"| `{f.name.replace('_', '-')}` | `{default!r}` |")
    return ["", *lines]


def rule_markdown(rule: Rule, preset_levels: dict[str, dict[str, str]]) -> str:
    levels = ", ".join(f"{name}: {levels[rule.id]}" for name, levels in preset_levels.items())
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
    scope = f" Applies to items of type {', '.join(rule.applies_to)}." if rule.applies_to else ""
    lines = [f"### `{rule.id}`", "", f"**{rule.summary}**", "", f"Default level: {rule.level} ({levels}).{scope}",
             *option_table(rule), "", body, ""]
    return "\n".join(lines)


def render() -> str:
    rules = all_rules()
    presets = {name: {i: s.level for i, s in preset(name).rules.items()}
               for name in ("recommended", "strict", "reform")}
    out = ["# Rules", "",
           "Generated from the rules' docstrings by `python -m approvalnet.rules.docs > docs/rules.md`; "
           "a test fails when this file is stale. `approvalnet rules ID` prints the same text.", "",
           f"{len(rules)} rules in {len(GROUPS)} groups. Levels per preset: recommended, strict, reform.", ""]
    for group in GROUPS:
        members = [r for r in rules.values() if r.group == group]
        out += [f"## {GROUP_TITLES[group]}", "", "| rule | level | summary |", "|---|---|---|"]
        out += [f"| [`{r.id}`](#{r.id.replace('/', '').lower()}) | {r.level} | {r.summary} |" for r in members]
        out.append("")
        out += [rule_markdown(r, presets) for r in members]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
