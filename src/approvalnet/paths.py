"""Finding process files under the paths a user names on the command line."""

from __future__ import annotations

from pathlib import Path

from .i18n import _

PROCESS_SUFFIXES = (".yaml", ".yml")


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
