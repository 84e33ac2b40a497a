"""The Chinese interface: the catalogue is complete and follows the glossary; the language is
chosen by --lang or the environment; click's own texts and the commands' help follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from approvalnet import i18n
from approvalnet.cli import choose_language, main

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/approvalnet/locale/zh_CN/LC_MESSAGES/approvalnet.po"


def extracted() -> dict[str, list[str]]:
    """Every text the code and the templates mark for translation, with where it is."""
    with (ROOT / "babel.cfg").open() as stream:
        method_map, options_map = parse_mapping_cfg(stream, filename=str(ROOT / "babel.cfg"))
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "src/approvalnet"), method_map, options_map, keywords={"_": None, "N_": None, "ngettext": (1, 2),
                                                          "pgettext": ((1, "c"), 2), "gettext": None}):
        text = message[0] if isinstance(message, tuple) else message  # a plural is known by its singular
        if text:
            found.setdefault(text, []).append(f"{filename}:{lineno}")
    return found


def catalogue():
    with PO.open("rb") as stream:
        return read_po(stream)


def glossary() -> list[dict[str, str]]:
    rows = []
    for line in (ROOT / "docs/glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] != "中文" and not cells[0].startswith("-"):
            rows.append(dict(zip(("zh", "en", "key", "checked", "not"), cells, strict=True)))
    return rows


def test_every_marked_text_is_translated():
    messages = {message.id if isinstance(message.id, str) else message.id[0]: message for message in catalogue()
                if message.id}
    missing = []
    for text, where in sorted(extracted().items()):
        message = messages.get(text)
        if message is None:
            missing.append(f"{where[0]}: not in the catalogue (run `make catalogue`): {text!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(f"{where[0]}: untranslated or fuzzy: {text!r}")
    assert not missing, "\n".join(missing[:40]) + f"\n({len(missing)} in all)"


def test_translations_keep_their_placeholders():
    field = re.compile(r"\{[a-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}")
    wrong = []
    for message in catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # one Chinese form serves singular and plural: it may use the fields of either (the code
        # passes all of them to format), and must keep the fields both have
        allowed = set().union(*(field.findall(text) for text in ids))
        needed = set.intersection(*(set(field.findall(text)) for text in ids))
        for string in strings:
            used = set(field.findall(string))
            if not (needed <= used <= allowed) or (len(ids) == 1 and used != allowed):
                wrong.append(f"{ids[0]!r} → {string!r}")
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_follows_the_glossary():
    rows = glossary()
    assert len(rows) > 40
    checked = [row for row in rows if row["checked"] == "✓"]
    assert checked
    wrong = []
    for message in catalogue():
        if not message.id or not message.string:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        chinese = message.string if isinstance(message.string, str) else message.string[0]
        # what the user types stays as typed: option values, keys, quoted names
        prose = re.sub(r"'[^']*'|`[^`]*`|\S*[=._<>]\S*", " ", english)
        for row in checked:
            term = row["en"].split(" (")[0]
            if re.search(rf"\b{re.escape(term)}(s|es)?\b", prose, re.IGNORECASE) and row["zh"] not in chinese:
                wrong.append(f"{english!r}: {row['en']} is {row['zh']}, not {chinese!r}")
        for row in rows:
            for avoided in filter(None, re.split(r"[,，、 ]+", row["not"])):
                if avoided in chinese:
                    wrong.append(f"{english!r}: {chinese!r} uses {avoided}, not {row['zh']}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_environment_chooses_the_language(environ, expected):
    assert i18n.language_from_env(environ) == expected


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown interface language"):
        i18n.set_language("klingon")


def test_lang_is_read_before_click(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    choose_language(["validate", "--lang", "zh", "x.yaml"])
    assert i18n.get_language() == "zh"
    choose_language(["validate", "--lang=en"])
    assert i18n.get_language() == "en"
    choose_language(["validate", "--", "--lang", "zh"])  # after --, a file name
    assert i18n.get_language() == "en"


def test_help_is_translated(capsys):
    assert main(["--help", "--lang", "zh"]) == 0
    chinese = capsys.readouterr().out
    assert "行政审批" in chinese and "界面语言" in chinese and "Validate, verify" not in chinese
    assert main(["--help", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "Validate, verify" in english and "interface language" in english


def test_the_environment_gives_chinese_help(monkeypatch, capsys):
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["--help"]) == 0
    assert "界面语言" in capsys.readouterr().out


def test_english_is_the_fallback_without_a_catalogue(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.set_language("zh")
    assert i18n._("interface language (default: from LANG/LANGUAGE, else English)").startswith("interface")


def test_a_commands_help_follows_each_runs_language(capsys):
    """One process may run a command in both languages (a notebook, these tests): its help texts,
    made when its module was first imported, are translated again at each run."""
    texts = {}
    for lang in ("zh", "en", "zh"):
        assert main(["check", "--help", "--lang", lang]) == 0
        texts.setdefault(lang, []).append(capsys.readouterr().out)
    assert "按标准化规则" in texts["zh"][0] and texts["zh"][0] == texts["zh"][1]
    assert "Check process files against the standardization rules" in texts["en"][0]
    assert "按标准化规则" not in texts["en"][0]


def test_untranslated_keeps_the_english_source():
    i18n.set_language("zh")
    with i18n.untranslated():
        assert i18n._("Usage:") == "Usage:"
    assert i18n._("Usage:") == "用法："
