"""What held when the readers and writers were probed as an attacker would (issue 13), kept so by
tests: an oversized or too deeply nested BPMN file is refused with a message, and Ctrl-C during a
long simulation ends it with "interrupted", exit code 130 and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from approvalnet.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_a_bpmn_file_over_16_mib_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.bpmn"
    with open(path, "wb") as handle:
        handle.write(b'<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">')
        handle.write(b"<!--" + b" " * (16 * 1024 * 1024) + b"-->")
        handle.write(b"</definitions>")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "larger than 16 MiB" in err and "Traceback" not in err


def test_xml_nested_300_deep_is_refused_at_its_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deep.bpmn"
    path.write_text('<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
                    + "<a>" * 300 + "</a>" * 300 + "\n</definitions>\n", encoding="utf-8")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "Traceback" not in err


def test_ctrl_c_during_a_long_simulation_says_interrupted() -> None:
    command = [sys.executable, "-m", "approvalnet", "simulate", str(ROOT / "examples" / "minimal.yaml"),
               "--days", "10000000", "--format", "json"]
    # as in a terminal, where Ctrl-C is not ignored: a test run started in the background (CI
    # runners, `make test &`) passes an ignored SIGINT on to its children, and Python keeps it so
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONWARNINGS": "ignore"},
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(6)  # past the imports, inside the run
        assert run.poll() is None, "the simulation ended before it could be interrupted"
        # On a loaded machine a Ctrl-C can land while a third-party import (pm4py's) swallows it;
        # a user presses it again, so does the test, for up to a minute
        for _attempt in range(12):
            run.send_signal(signal.SIGINT)
            try:
                out, err = run.communicate(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            raise AssertionError("the simulation did not stop after a minute of Ctrl-C")
    finally:
        run.kill()
    assert run.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and out == ""
