"""docs/rules.md and docs/rules.zh.md, generated from the rules' documentation
(``python -m approvalnet.rules.docs > docs/rules.md``, ``python -m approvalnet.rules.docs zh > docs/rules.zh.md``).

The English comes from each rule's docstring, the Chinese from its ``DOC_ZH``. The page's own words
are in the table below rather than in the catalogue, so that the generated files depend on the
source alone (a test compares them with what is committed).
"""

from __future__ import annotations

import dataclasses
import sys

from .config import PRESETS, preset
from .registry import GROUPS, Rule, all_rules

GROUP_TITLES = {
    "structure": "Structure of the flow",
    "soundness": "Soundness of the workflow net",
    "law": "The Administrative Licensing Law (《中华人民共和国行政许可法》)",
    "listing": "The implementation list (实施清单)",
    "reform": "Reform targets (off unless the `reform` preset is used)",
    "centre": "Centre files (checked on a centre file, besides its items' own rules)",
    "capacity": "Capacity: the declared staff against the declared arrivals, simulated (off unless the `capacity` "
                "preset is used)",
}

GROUP_TITLES_ZH = {
    "structure": "流程结构",
    "soundness": "工作流网的合理性",
    "law": "《中华人民共和国行政许可法》",
    "listing": "实施清单",
    "reform": "改革目标（仅在使用 `reform` 预设时启用）",
    "centre": "政务服务中心文件（在中心文件上检查，各事项另按自身规则检查）",
    "capacity": "办理能力：以仿真检验申报的人员能否应对申报的到达量（仅在使用 `capacity` 预设时启用）",
}

# The page's own words in each language; values are filled with .format().
TEXTS = {
    "en": {
        "title": "# Rules",
        "intro": "Generated from the rules' docstrings by `python -m approvalnet.rules.docs > docs/rules.md`; "
                 "a test fails when this file is stale. `approvalnet rules ID` prints the same text. "
                 "中文：[rules.zh.md](rules.zh.md)。",
        "count": "{rules} rules in {groups} groups. Levels per preset: recommended, strict, reform, capacity.",
        "columns": "| rule | level | summary |",
        "level": "Default level: {level} ({levels}).",
        "scope": " Applies to items of type {types}.",
        "options": "| option | default |",
    },
    "zh": {
        "title": "# 规则",
        "intro": "本文件由 `python -m approvalnet.rules.docs zh > docs/rules.zh.md` 根据各规则的中文说明（`DOC_ZH`）"
                 "生成；文件过期时测试不通过。`approvalnet rules ID --lang zh` 输出相同的内容。"
                 "English: [rules.md](rules.md).",
        "count": "共 {rules} 条规则，分为 {groups} 组。各预设中的级别：recommended、strict、reform、capacity。",
        "columns": "| 规则 | 级别 | 说明 |",
        "level": "默认级别：{level}（{levels}）。",
        "scope": "适用于类型为 {types} 的事项。",
        "options": "| 选项 | 默认值 |",
    },
}


def option_table(rule: Rule, language: str = "en") -> list[str]:
    fields = rule.option_fields()
    if not fields:
        return []
    lines = [TEXTS[language]["options"], "|---|---|"]
    for f in fields:
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        lines.append(f"| `{f.name.replace('_', '-')}` | `{default!r}` |")
    return ["", *lines]


def rule_markdown(rule: Rule, preset_levels: dict[str, dict[str, str]], language: str = "en") -> str:
    text = TEXTS[language]
    separator = "，" if language == "zh" else ", "
    colon = "：" if language == "zh" else ": "
    levels = separator.join(f"{name}{colon}{levels[rule.id]}" for name, levels in preset_levels.items())
    doc = rule.doc_in(language)
    body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    scope = text["scope"].format(types=", ".join(rule.applies_to)) if rule.applies_to else ""
    lines = [f"### `{rule.id}`", "", f"**{rule.summary_in(language)}**", "",
             text["level"].format(level=rule.level, levels=levels) + scope,
             *option_table(rule, language), "", body, ""]
    return "\n".join(lines)


def render(language: str = "en") -> str:
    rules = all_rules()
    text = TEXTS[language]
    titles = GROUP_TITLES_ZH if language == "zh" else GROUP_TITLES
    presets = {name: {i: s.level for i, s in preset(name).rules.items()}
               for name in PRESETS}
    out = [text["title"], "", text["intro"], "", text["count"].format(rules=len(rules), groups=len(GROUPS)), ""]
    for group in GROUPS:
        members = [r for r in rules.values() if r.group == group]
        out += [f"## {titles[group]}", "", text["columns"], "|---|---|---|"]
        out += [f"| [`{r.id}`](#{r.id.replace('/', '').lower()}) | {r.level} | {r.summary_in(language)} |"
                for r in members]
        out.append("")
        out += [rule_markdown(r, presets, language) for r in members]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(sys.argv[1] if len(sys.argv) > 1 else "en"))
