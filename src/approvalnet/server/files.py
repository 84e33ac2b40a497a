"""The served folder (ROOT): paths kept inside it, file texts with their ETags, atomic writes that
refuse to overwrite a newer file, and the catalogue of its process and centre files, cached.

Every path of the API is a POSIX path relative to ROOT. ``resolve`` refuses absolute paths, ``..``
and anything that, once symbolic links are followed, lies outside ROOT (``outside-root``): the
server never reads or writes outside the folder it was given.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..i18n import _
from ..paths import PROCESS_SUFFIXES
from .problems import ApiProblem


def etag_of(data: bytes) -> str:
    """The ETag of a file's bytes: their SHA-256 in hex."""
    return hashlib.sha256(data).hexdigest()


def outside(path: str) -> ApiProblem:
    return ApiProblem(403, "outside-root", _("{path}: is outside the served folder").format(path=path))


def not_found(path: str) -> ApiProblem:
    return ApiProblem(404, "not-found", _("{path}: no such file").format(path=path))


@dataclass
class Root:
    """The served folder, with a lock that makes check-then-write of PUT one step, and the catalogue's cache."""

    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    cache: dict[Path, tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.path = self.path.resolve()

    def resolve(self, relative: str, *, must_exist: bool = True) -> Path:
        """The file ``relative`` names inside ROOT; ``outside-root`` or ``not-found`` problems otherwise."""
        if not relative or "\x00" in relative or "\\" in relative:
            raise ApiProblem(400, "bad-request", _("{path}: not a file path of the served folder").format(
                path=relative))
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or (len(relative) > 1 and relative[1] == ":"):
            raise outside(relative)
        target = (self.path / pure).resolve()  # symbolic links followed: where it really is
        if target != self.path and self.path not in target.parents:
            raise outside(relative)
        if target.suffix not in PROCESS_SUFFIXES:
            raise ApiProblem(400, "bad-request", _("{path}: only process and centre files (*.yaml, *.yml) are "
                                                   "served").format(path=relative))
        if must_exist and not target.is_file():
            raise not_found(relative)
        return target

    def relative(self, path: Path) -> str:
        """``path`` as the API names it (POSIX, relative to ROOT); the name as it is when it is not inside."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.path).as_posix()
        except ValueError:
            return str(path)

    def read(self, relative: str) -> tuple[bytes, str]:
        target = self.resolve(relative)
        try:
            data = target.read_bytes()
        except OSError as error:
            raise ApiProblem(404, "not-found", _("{path}: cannot read file: {reason}").format(
                path=relative, reason=error.strerror or error)) from None
        return data, etag_of(data)

    def write(self, relative: str, text: str, etag: str | None) -> str:
        """Save ``text`` as ``relative`` if the file on disk still has ``etag`` (None: it must not exist yet);
        the new ETag. Written whole (temporary file, then renamed over), never half."""
        from ..fileio import write_atomic

        target = self.resolve(relative, must_exist=False)
        data = text.encode("utf-8")
        with self.lock:
            try:
                current: str | None = etag_of(target.read_bytes())
            except FileNotFoundError:
                current = None
            except OSError as error:
                raise ApiProblem(409, "stale-write", _("{path}: cannot read the file on disk: {reason}").format(
                    path=relative, reason=error.strerror or error)) from None
            if etag is None and current is not None:
                raise ApiProblem(409, "stale-write", _("{path}: the file exists already; read it first and "
                                                       "send its etag to replace it").format(path=relative),
                                 etag=current)
            if etag is not None and current != etag:
                detail = (_("{path}: the file was deleted since it was read").format(path=relative) if current is None
                          else _("{path}: the file changed on disk since it was read; reload it (or merge) before "
                                 "saving").format(path=relative))
                raise ApiProblem(409, "stale-write", detail, etag=current)
            if target.parent != self.path and not target.parent.is_dir() and target.parent.exists():
                raise ApiProblem(400, "bad-request", _("{path}: a file stands where a folder of the path should "
                                                       "be").format(path=relative))
            try:
                write_atomic(target, data)
            except OSError as error:
                raise ApiProblem(500, "internal", _("{path}: cannot write: {reason}").format(
                    path=relative, reason=error.strerror or error)) from None
        self.cache.pop(target, None)
        return etag_of(data)
