"""The rules: one module per rule, found in the group packages (``structure/``, ``law/`` ...).

A rule module holds:

- ``ID``: ``group/kebab-case-name``, stable (it appears in configs, suppressions and SARIF);
- ``LEVEL``: its default level, ``error``, ``warning`` or ``info``;
- optionally ``Options``: a frozen dataclass whose fields are the rule's options with defaults;
- optionally ``APPLIES_TO``: the item types (``Process.type``) the rule is about, when not all
  (the Administrative Licensing Law binds licensing items only);
- optionally ``SCOPE = "centre"``: the rule checks centre files, and ``check`` gets the loaded centre;
- ``check(ctx, options)``: yields ``Finding`` objects (``ctx.finding(node, message)``);
- a docstring that is its documentation: a summary line, what it checks and why (the article of
  the law, the standard or the model property), and ``Fails:`` and ``Passes:`` examples;
- ``DOC_ZH``: the same documentation in Chinese, its first line the rule's Chinese title (the law
  rules quote their article in Chinese, 原文, with its source). It sits beside the docstring rather
  than in the catalogue so that the two are written and reviewed together; ``approvalnet rules ID``
  and ``docs/rules.zh.md`` show it when the interface speaks Chinese.

Modules are discovered rather than listed so that adding a rule is adding a file.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import unicodedata
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

GROUPS = ("structure", "soundness", "law", "listing", "reform", "centre", "capacity")
LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    module: ModuleType

    @property
    def group(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def options_type(self) -> type | None:
        return getattr(self.module, "Options", None)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.module.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.id

    @property
    def doc_zh(self) -> str:
        """The Chinese documentation (``DOC_ZH``), empty when the module has none.

        The source wraps its long lines; a line break inside a Chinese sentence would show as a
        space, so the lines of a paragraph are joined again here (examples, indented, are kept).
        """
        return unwrap_chinese(inspect.cleandoc(getattr(self.module, "DOC_ZH", "") or ""))

    def doc_in(self, language: str) -> str:
        """The documentation in ``language`` (``zh`` or ``en``); English where no Chinese is written."""
        return self.doc_zh if language == "zh" and self.doc_zh else self.doc

    def summary_in(self, language: str) -> str:
        """The title in ``language``: the first line of its documentation."""
        doc = self.doc_in(language)
        return doc.splitlines()[0] if doc else self.id

    @property
    def scope(self) -> str:
        """What the rule checks: ``process`` files (a ``Context``) or ``centre`` files (a loaded centre)."""
        return getattr(self.module, "SCOPE", "process")

    @property
    def applies_to(self) -> tuple[str, ...] | None:
        return getattr(self.module, "APPLIES_TO", None)

    def default_options(self) -> Any:
        return self.options_type() if self.options_type else None

    def option_fields(self) -> list[dataclasses.Field]:
        return list(dataclasses.fields(self.options_type)) if self.options_type else []

    def check(self, ctx: Any, options: Any) -> Any:
        return self.module.check(ctx, options)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def unwrap_chinese(text: str) -> str:
    """Join the wrapped lines of each paragraph of ``text``: with nothing between two Chinese
    characters or beside full-width punctuation, with a space where a Latin word meets the line
    break. Indented lines (examples) and lines starting a list item (``- ``) or a quotation
    (``> ``) stay where they are."""
    out: list[str] = []
    for line in text.split("\n"):
        joinable = (out and out[-1].strip() and line.strip() and not line.startswith(("    ", "- ", "> "))
                    and not out[-1].startswith("    "))
        if not joinable:
            out.append(line)
            continue
        before, after = out[-1][-1], line[0]
        punctuation = (_wide(before) and unicodedata.category(before).startswith("P")) or (
            _wide(after) and unicodedata.category(after).startswith("P"))
        space = "" if (_wide(before) and _wide(after)) or punctuation else " "
        out[-1] += space + line
    return "\n".join(out)


@cache
def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for group in GROUPS:
        package = importlib.import_module(f"{__package__}.{group}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            rule = Rule(module.ID, module.LEVEL, module)
            if not rule.id.startswith(f"{group}/") or rule.level not in LEVELS or rule.id in rules:
                raise RuntimeError(f"rule module {module.__name__} has a bad ID or LEVEL: {rule.id} {rule.level}")
            rules[rule.id] = rule
    return rules


def get(rule_id: str) -> Rule:
    try:
        return all_rules()[rule_id]
    except KeyError:
        raise KeyError(f"no such rule: {rule_id}") from None
