"""The README's main command, `make demo`, names only files it can use: its item list (every
`processes/kunming/*.yaml` but the centre and the calendar files beside it) holds process files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from approvalnet import load
from approvalnet.language.centre_loader import is_centre_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_demo_draws_and_exports_process_files_only() -> None:
    # -n: the commands are printed, not run (nor is the set-up they depend on)
    printed = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             check=True).stdout
    loop = re.search(r"for f in ([^;]*);", printed)
    assert loop is not None, printed[-2000:]
    files = [ROOT / name for name in loop.group(1).split()]
    assert len(files) >= 10
    for path in files:
        assert not is_centre_file(str(path)), path
        load(path)  # a LoadError names what is wrong with it
