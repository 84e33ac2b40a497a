"""``conform`` and ``discover`` read logs alike: the same options, help texts, defaults and messages."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from approvalnet.cli import main
from approvalnet.commands.conform import conform_command
from approvalnet.commands.discover import discover_command

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = str(ROOT / "examples" / "minimal.yaml")
LOG_OPTIONS = ("--case", "--activity", "--timestamp", "--start-timestamp", "--resource", "--lifecycle", "--delimiter",
               "--encoding", "--timestamp-format", "--utc-offset", "--sheet")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


def _options(command: click.Command) -> dict[str, click.Option]:
    return {p.opts[0]: p for p in command.params if isinstance(p, click.Option)}


def test_the_same_options_with_the_same_help_and_defaults() -> None:
    conform, discover = _options(conform_command), _options(discover_command)
    for name in LOG_OPTIONS:
        a, b = conform[name], discover[name]
        assert (a.help, a.default, a.metavar, a.hidden) == (b.help, b.default, b.metavar, b.hidden), name
    assert conform["--encoding"].default == "utf-8-sig"
    assert discover["--sep"].hidden and "--sep" not in conform


@pytest.mark.parametrize(("name", "data", "message"), [
    ("log.csv", b"", "log.csv: the file is empty"),
    ("log.csv", b"id,what,when\n1,a,2025-03-03 09:00\n", "log.csv:1: which column holds the case?"),
    ("log.csv", b"case_id,activity,timestamp\n1,a,2025-03-03 09:00\n1,b,tomorrow\n",
     "log.csv:3: cannot read 'tomorrow' in column 'timestamp' as a timestamp"),
    ("log.csv", b"case_id,activity,timestamp\n1,a,0001-01-01\n", "log.csv:2: timestamp '0001-01-01' is in the year 1"),
    ("log.csv", "case_id,activity,timestamp\n1,收件,2025-03-03T09:00\n".encode("gbk"),
     "log.csv:2: the log is not utf-8-sig text (byte 0xca at offset 29)"),
    ("log.csv", b"case_id,activity,timestamp\n", "log.csv: the log holds no case"),
    ("log.xes", b"<log><trace>", "log.xes:1:13: not well-formed XML"),
    ("log.xes", b"<log/>", "log.xes: no <trace> in the file"),
    ("log.json", b"{}", "log.json: an event log is a .csv, .xlsx, .xlsm, .xes, .xes.gz or .parquet file"),
    ("missing.csv", None, "missing.csv: no such file"),
])
def test_the_same_message_from_both_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                             data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    errors = []
    for args in (["conform", MINIMAL, str(path)], ["discover", str(path)]):
        code, _, err = run(capsys, *args)
        assert code == 2 and message in err, err
        errors.append(err)
    assert errors[0] == errors[1]


def test_conform_takes_the_office_clock_and_discover_a_timestamp_format(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    steps = ((1, "收件"), (2, "材料审查"), (3, "审查"), (4, "决定"))
    rows = "".join(f"1,{a},2025-03-03T0{h}:00:00Z\n" for h, a in steps)
    path = tmp_path / "utc.csv"
    path.write_text("case_id,activity,timestamp\n" + rows, encoding="utf-8")
    code, out, _ = run(capsys, "conform", MINIMAL, str(path), "--format", "json", "--utc-offset", "0")
    assert code == 0 and json.loads(out)["cases"] == 1
    dotted = tmp_path / "dotted.csv"
    dotted.write_text("case_id;activity;timestamp\n" + "".join(
        f"{c};{a};0{3 + c}.03.2025 {9 + k}:00\n" for c in range(4) for k, a in enumerate("abc")), encoding="utf-8")
    code, _, err = run(capsys, "discover", str(dotted))
    assert code == 2 and "give --timestamp-format" in err
    code, out, err = run(capsys, "discover", str(dotted), "--timestamp-format", "%d.%m.%Y %H:%M", "--format", "json")
    assert code == 0 and json.loads(out)["cases"] == 4, err
