import os
from pathlib import Path

import pytest

# The tests read English messages unless they ask for Chinese (--lang zh, or i18n.set_language):
# the machine's own LANG must not change what they see, here or in the commands they start.
os.environ["LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


def shipped_processes(paths: list[str]) -> list[Path]:
    """The process files under ``paths``, without the centre files."""
    from approvalnet.language.centre_loader import is_centre_file
    from approvalnet.paths import find_process_files

    return [p for p in find_process_files(paths) if not is_centre_file(p)]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Each test starts in English, whatever the test before it chose (main() sets LANGUAGE)."""
    from approvalnet import i18n

    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
