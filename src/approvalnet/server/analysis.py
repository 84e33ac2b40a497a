"""Validate and check an editor's text, and the catalogue of ROOT's files, as the API's JSON.

The same library calls as ``approvalnet validate`` and ``check`` (the language's loaders,
``rules.engine.check_data``), with results turned into the contract's findings: 1-based line and
column, level, the rule (None for the language's own problems) and the message. What is costly is
cached: configurations per folder (by their file's mtime), check results by the text's hash, and
catalogue entries by each file's mtime and size.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..i18n import get_language
from ..language.source import Problem
from .files import Root
from .problems import ApiProblem

LEVELS = ("error", "warning", "info")
EDITOR_NAME = "untitled.yaml"  # where a text sent without a path is placed: ROOT's configuration applies
CHECK_CACHE_SIZE = 512
PARSE_CACHE_SIZE = 64  # an editor validates and checks the same text: it is parsed once


def is_rule(code: str) -> bool:
    """Whether a problem's code names a rule (``law/decision-limit``), not one of the language's own checks."""
    return "/" in code or code == "rule-error"


def finding(problem: Problem, root: Root) -> dict[str, Any]:
    """One finding of the contract: line and column 1-based (a problem of the whole file is at 1:1)."""
    loc = problem.loc
    return {"line": max(loc.line, 1), "column": max(loc.col, 1), "level": problem.level,
            "rule": problem.code if is_rule(problem.code) else None, "code": problem.code,
            "message": problem.message.replace(str(root.path) + "/", ""),
            "file": root.relative(Path(loc.file)) if loc.file else None}


def summary(problems: tuple[Problem, ...] | list[Problem]) -> dict[str, int]:
    return {level: sum(p.level == level for p in problems) for level in LEVELS}


def placed(root: Root, path: str | None) -> tuple[Path, str]:
    """Where a text is checked: the file ``path`` names inside ROOT (it need not exist), else ROOT itself."""
    if path:
        return root.resolve(path, must_exist=False), path
    return root.path / EDITOR_NAME, EDITOR_NAME


def encoded(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ApiProblem(400, "bad-request", "text: a string is expected")
    return text.encode("utf-8")


class Analyser:
    """Configurations, check results and catalogue entries of one ROOT, cached; safe to share between threads."""

    def __init__(self, root: Root) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.configs: dict[tuple[Any, ...], Any] = {}
        self.checks: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self.parsed: OrderedDict[tuple[Any, ...], tuple[Any, list[Problem]]] = OrderedDict()
        self.kinds: dict[Path, tuple[tuple[int, int], bool]] = {}  # centre or not, by the file's mtime and size

    # --- validate -----------------------------------------------------------------------------------

    def parse(self, data: bytes, target: Path) -> tuple[Any, list[Problem]]:
        """``parse_process`` of a process's text, remembered for the next few calls with the same text."""
        from ..language.loader import parse_process

        key = (hashlib.sha256(data).hexdigest(), str(target), get_language())
        with self.lock:
            found = self.parsed.get(key)
        if found is None:
            found = parse_process(data, str(target))
            with self.lock:
                self.parsed[key] = found
                while len(self.parsed) > PARSE_CACHE_SIZE:
                    self.parsed.popitem(last=False)
        return found

    def validate_text(self, text: str, path: str | None) -> dict[str, Any]:
        """``{"valid", "findings"}`` of ``text`` as a process or centre file at ``path``."""
        from ..language.centre_loader import is_centre_data, read_centre

        target, _name = placed(self.root, path)
        data = encoded(text)
        problems = read_centre(target, data)[1] if is_centre_data(data) else self.parse(data, target)[1]
        return {"valid": not any(p.level == "error" for p in problems),
                "findings": [finding(p, self.root) for p in problems]}

    # --- configurations ---------------------------------------------------------------------------

    def config(self, near: Path, preset: str | None = None) -> tuple[Any, tuple[Any, ...]]:
        """The configuration for a file at ``near`` (or a preset), and the key it is cached by."""
        from ..rules.config import PRESETS, load_config
        from ..rules.config import preset as load_preset

        if preset is not None:
            if preset not in PRESETS:
                raise ApiProblem(400, "bad-request", "preset: one of " + ", ".join(PRESETS))
            key: tuple[Any, ...] = ("preset", preset)
        else:
            found = self.find_config(near)
            try:
                stamp = found.stat().st_mtime_ns if found else None
            except OSError:
                stamp = None
            key = ("file", str(found), stamp)
        config = self.configs.get(key)
        if config is None:
            config = load_preset(preset) if preset is not None else load_config(found)
            self.configs[key] = config
        return config, key

    def find_config(self, near: Path) -> Path | None:
        """The nearest ``.approvalnet.yaml`` at or above ``near`` but not above ROOT: the server reads nothing
        outside its folder (the command line looks further up)."""
        from ..rules.config import CONFIG_NAMES

        folder = near if near.is_dir() else near.parent
        for candidate in [folder, *folder.parents]:
            if candidate != self.root.path and self.root.path not in candidate.parents:
                break
            for name in CONFIG_NAMES:
                path = candidate / name
                if path.is_file() and self.root.path in path.resolve().parents:
                    return path
        return None

    # --- check ------------------------------------------------------------------------------------

    def check_text(self, text: str, path: str | None, preset: str | None = None) -> dict[str, Any]:
        """The contract's check result of ``text``: valid, findings, sound, summary (cached by the text's hash)."""
        from ..rules.config import ConfigError

        target, _name = placed(self.root, path)
        data = encoded(text)
        try:
            config, config_key = self.config(target, preset)
        except ConfigError as error:
            raise ApiProblem(422, "bad-request", "; ".join(f"{self.root.relative(Path(p.loc.file))}:{p.loc.line}:"
                                                           f"{p.loc.col}: {p.message}" for p in error.problems),
                             findings=[finding(p, self.root) for p in error.problems]) from None
        key = (hashlib.sha256(data).hexdigest(), str(target), config_key, get_language())
        with self.lock:
            cached = self.checks.get(key)
            if cached is not None:
                self.checks.move_to_end(key)
                return cached
        result = self._check(data, target, config)
        with self.lock:
            self.checks[key] = result
            while len(self.checks) > CHECK_CACHE_SIZE:
                self.checks.popitem(last=False)
        return result

    def _check(self, data: bytes, target: Path, config: Any) -> dict[str, Any]:
        from ..language.centre_loader import is_centre_data
        from ..rules.engine import check_data

        parsed = None if is_centre_data(data) else self.parse(data, target)
        checked, ctx = check_data(data, target, config, parsed=parsed)
        sound = None
        if ctx is not None and "soundness" in ctx.__dict__:  # computed by the soundness rules: no second run
            sound = ctx.soundness.sound
        return {"valid": checked.loaded, "findings": [finding(p, self.root) for p in checked.findings],
                "sound": sound, "summary": summary(checked.findings), "suppressed": checked.suppressed,
                "name": checked.name, "code": checked.code}

    # --- the catalogue ----------------------------------------------------------------------------

    def catalogue(self) -> list[dict[str, Any]]:
        """Every process and centre file of ROOT as a FileEntry, recomputed only for files that changed."""
        from ..paths import PathError, find_process_files

        try:
            found = find_process_files([str(self.root.path)])
        except PathError:
            return []
        # a symbolic link that leads out of ROOT is not followed: its file is not listed, nor read
        files = [p for p in found if self.root.path in p.resolve().parents]
        stats: dict[Path, tuple[int, int]] = {}
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            stats[path] = (stat.st_mtime_ns, stat.st_size)
        entries = []
        for path in stats:
            key = self._entry_key(path, stats)
            cached = self.root.cache.get(path)
            if cached is None or cached[0] != key:
                cached = (key, self._entry(path))
                self.root.cache[path] = cached
            entries.append(cached[1])
        return entries

    def _entry_key(self, path: Path, stats: dict[Path, tuple[int, int]]) -> tuple[Any, ...]:
        from ..language.centre_loader import is_centre_file

        found = self.find_config(path)
        config = (str(found), found.stat().st_mtime_ns) if found else None
        kind = self.kinds.get(path)
        if kind is None or kind[0] != stats[path]:  # read again only when the file changed
            kind = self.kinds[path] = (stats[path], is_centre_file(path))
        if kind[1]:  # a centre reads its items: any change beside or below it counts
            folder = path.parent
            return ("centre", config, tuple(sorted((str(p), s) for p, s in stats.items() if folder in p.parents)))
        return ("process", config, stats[path])

    def _entry(self, path: Path) -> dict[str, Any]:
        from ..rules.engine import check_data

        relative = self.root.relative(path)
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        from ..language.centre_loader import is_centre_data
        from ..rules.config import ConfigError
        from ..rules.engine import FileCheck

        try:
            config, _key = self.config(path)
        except ConfigError as error:  # the file is not checked: its configuration's problems are its own
            checked: Any = FileCheck(str(path), False, tuple(error.problems))
            ctx = None
        else:
            checked, ctx = check_data(data, path, config)

        centre = is_centre_data(data)
        entry: dict[str, Any] = {
            "path": relative, "kind": "centre" if centre else "process", "name": checked.name or path.stem,
            "code": checked.code, "department": None, "type": None, "statutory_days": None, "promised_days": None,
            "valid": checked.loaded, "sound": None, "findings": summary(checked.findings),
            "problems": sum(not is_rule(p.code) for p in checked.findings)}
        if ctx is not None:
            from ..compare.measures import limits_days

            process = ctx.process
            promised, statutory, _spot = limits_days(process)
            entry.update(department=process.authority.name, type=process.type, statutory_days=statutory,
                         promised_days=promised, sound=ctx.soundness.sound)
        return entry
