"""XES logs from elsewhere cannot make the reader open a local file, fetch a URL or expand an entity
bomb (the BPMN importer's counterpart is in tests/formats/test_bpmn_import.py). Both read XML with
the options of ``approvalnet.xmlsafe``."""

from __future__ import annotations

import time
from pathlib import Path

from approvalnet.cli import main
from approvalnet.eventlog import LogError, LogReader

SECRET = "TOP-SECRET-4711"


def _read(path: Path) -> tuple[list[str], str]:
    """The activities read, and the error message if the file was refused."""
    activities: list[str] = []
    try:
        for case in LogReader(path).cases():
            activities += [str(i) for i in case.instances]
    except LogError as error:
        return activities, str(error)
    return activities, ""


def test_an_external_entity_does_not_read_a_local_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    log = tmp_path / "log.xes"
    log.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE log [<!ENTITY leak SYSTEM "file://{secret}">]>
<log><trace><string key="concept:name" value="1"/>
<event><string key="concept:name" value="&leak;"/><date key="time:timestamp" value="2025-03-04T09:30:00+08:00"/></event>
<event><string key="concept:name">&leak;</string><date key="time:timestamp" value="2025-03-04T10:30:00+08:00"/></event>
</trace></log>""", encoding="utf-8")
    activities, error = _read(log)
    assert SECRET not in " ".join(activities) and SECRET not in error
    code = main(["discover", str(log), "--format", "json"])
    out = capsys.readouterr()
    assert code in (0, 1, 2) and SECRET not in out.out + out.err and "Traceback" not in out.err


def test_an_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    log = tmp_path / "bomb.xes"
    log.write_text(f"""<?xml version="1.0"?><!DOCTYPE log [{''.join(levels)}]>
<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="&l9;"/>
<date key="time:timestamp" value="2025-03-04T09:30:00+08:00"/></event></trace></log>""", encoding="utf-8")
    started = time.monotonic()
    activities, _ = _read(log)
    assert time.monotonic() - started < 10  # 10**9 'lol's would take far longer, and gigabytes
    assert all(len(a) < 10_000 for a in activities)


def test_every_xml_reader_uses_the_safe_options() -> None:
    """No module parses XML with lxml's defaults: parsers and iterparse come from approvalnet.xmlsafe,
    and a fromstring/parse call hands over such a parser."""
    import ast

    package = Path(__file__).resolve().parents[2] / "src" / "approvalnet"
    offenders = []
    for path in package.rglob("*.py"):
        if path.name == "xmlsafe.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "etree"):
                continue
            name = node.func.attr
            if name in ("iterparse", "XMLParser", "HTMLParser") or (
                    name in ("fromstring", "parse", "XML") and len(node.args) + len(node.keywords) < 2):
                offenders.append(f"{path.relative_to(package)}:{node.lineno}: etree.{name}")
    assert not offenders
