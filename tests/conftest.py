from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


def shipped_processes(paths: list[str]) -> list[Path]:
    """The process files under ``paths``, without the centre files."""
    from approvalnet.language.centre_loader import is_centre_file
    from approvalnet.paths import find_process_files

    return [p for p in find_process_files(paths) if not is_centre_file(p)]
