"""Writing outputs so that an interrupted run never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .i18n import _


def writable_problem(path: str | Path) -> str | None:
    """Why ``path`` could not be written (a file where a folder should be, a folder without write
    permission), or None: checked before a long run whose result would then be lost."""
    path = Path(path)
    if path.is_dir():
        return _("{path} is a folder").format(path=path)
    folder = next((p for p in [path.parent, *path.parent.parents] if p.exists()), None)
    if folder is None:
        return None
    if not folder.is_dir():
        return _("{path} is a file, not a folder").format(path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return _("no permission to write in {path}").format(path=folder)
    return None


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path`` in one step."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file stands where a folder of the path should be
        blocker = next(p for p in [path.parent, *path.parent.parents] if p.exists() and not p.is_dir())
        raise NotADirectoryError(errno.ENOTDIR, _("{path} is a file, not a folder").format(path=blocker),
                                 str(path)) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        # mkstemp creates the file readable by its owner only; give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
