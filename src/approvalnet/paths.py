"""Finding process files under the paths a user names on the command line."""

from __future__ import annotations

import re
from pathlib import Path

from .i18n import _

PROCESS_SUFFIXES = (".yaml", ".yml")
# A calendar file (language/calendar_file.py) starts its name with a top-level `calendar:` key and a
# text on the same line; a centre's `calendar:` holds a mapping. Folders are searched for process
# and centre files: calendar files are read through the files that name them.
_CALENDAR_NAME = re.compile(rb"^(?:calendar|\"calendar\"|'calendar')[ \t]*:[ \t]*[^\s{#]", re.MULTILINE)


_CENTRE_KEY = re.compile(rb"^(?:centre|\"centre\"|'centre')\s*:", re.MULTILINE)


def is_calendar_data(data: bytes) -> bool:
    return _CALENDAR_NAME.search(data) is not None and _CENTRE_KEY.search(data) is None


def is_calendar_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return is_calendar_data(handle.read(1 << 20))
    except OSError:
        return False


class PathError(Exception):
    """A path that names nothing usable; the command exits 2 with this message."""


def find_process_files(paths: list[str]) -> list[Path]:
    """Expand files and folders (recursively, ``*.yaml``/``*.yml``, skipping hidden ones) in order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.suffix in PROCESS_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not is_calendar_file(p)
            )
            if not files:
                raise PathError(_("{name}: folder holds no process files (*.yaml, *.yml)").format(name=name))
            found.extend(files)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise PathError(_("{name}: not a file or folder").format(name=name))
        else:
            raise PathError(_("{name}: no such file or folder").format(name=name))
    return list(dict.fromkeys(found))
