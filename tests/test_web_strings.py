"""The workbench's words (web/src/i18n.js): both languages have every key the pages use, and the
Chinese avoids the words docs/glossary.md rules out — the web half of what tests/test_i18n.py checks
for the Python catalogue."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web" / "src"
ENTRY = re.compile(r'"([\w.-]+)":\s*"((?:[^"\\]|\\.)*)"')


def glossary() -> list[dict[str, str]]:
    """The rows of docs/glossary.md (as tests/test_i18n.py reads them)."""
    rows = []
    for line in (ROOT / "docs/glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] != "中文" and not cells[0].startswith("-"):
            rows.append(dict(zip(("zh", "en", "key", "checked", "not"), cells, strict=True)))
    return rows


def tables() -> dict[str, dict[str, str]]:
    text = (WEB / "i18n.js").read_text(encoding="utf-8")
    found = {}
    for name in ("EN", "ZH"):
        body = re.search(rf"^const {name} = \{{\n(.*?)^\}};", text, re.S | re.M)
        assert body, f"no table {name} in i18n.js"
        found[name] = dict(ENTRY.findall(body.group(1)))
    return found


def used_keys() -> set[str]:
    keys: set[str] = set()
    for source in WEB.glob("*.js"):
        text = source.read_text(encoding="utf-8")
        keys.update(re.findall(r'\bt\("([\w.-]+)"', text))
        # keys passed around as names: label: "cat.name", table(["centre.pool", …])
        named = r'"((?:cat|centre|staff|sim|item|conform|col|level|level1|view|job)\.[\w.-]+)"'
        keys.update(re.findall(named, text))
    return keys


def test_both_languages_have_the_same_keys_and_every_key_used() -> None:
    found = tables()
    assert set(found["EN"]) == set(found["ZH"]), set(found["EN"]) ^ set(found["ZH"])
    missing = used_keys() - set(found["EN"])
    assert not missing, f"keys used by the pages but not in i18n.js: {sorted(missing)}"
    for key, text in found["EN"].items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", found["ZH"][key])), key


def test_the_chinese_follows_the_glossary() -> None:
    zh = tables()["ZH"]
    for row in glossary():
        for bad in filter(None, (w.strip() for w in re.split(r"[,，、]", row.get("not", "")))):
            for key, text in zh.items():
                # a ruled-out word that is only part of the right term (事项目录 holds 项目) is fine
                assert bad not in text.replace(row["zh"], ""), f"{key}: {text!r} uses {bad!r}, write {row['zh']!r}"
