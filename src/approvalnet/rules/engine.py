"""Running the rules over process files: the result behind ``approvalnet check``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..i18n import _, get_language, set_language
from ..language.centre_loader import Entry, expand_centres, is_centre_data, read_centre
from ..language.loader import parse_process
from ..language.source import Loc, Problem
from ..language.types import Process
from ..parallel import Progress, Scheduler, map_files
from .config import Config, load_config
from .context import Context
from .registry import LEVELS
from .suppress import parse_suppressions

RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class FileCheck:
    """The findings of one file; ``loaded`` is False when the file is not a valid process."""

    file: str
    loaded: bool
    findings: tuple[Problem, ...]
    suppressed: int = 0
    name: str | None = None  # the item's name and code, when the file loaded
    code: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "valid": self.loaded,
                                "findings": [f.to_json() for f in self.findings], "suppressed": self.suppressed}
        if self.loaded:
            data.update(name=self.name, code=self.code)
        return data


@dataclass(frozen=True)
class CheckReport:
    files: tuple[FileCheck, ...]

    def count(self, level: str) -> int:
        return sum(1 for f in self.files for p in f.findings if p.level == level)

    def failed(self, fail_on: str) -> bool:
        return any(RANK[p.level] >= RANK[fail_on] for f in self.files for p in f.findings)

    @property
    def input_errors(self) -> bool:
        return any(not f.loaded for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": {"files": len(self.files), **{level: self.count(level) for level in LEVELS},
                        "invalid_files": sum(not f.loaded for f in self.files),
                        "suppressed": sum(f.suppressed for f in self.files)},
            "files": [f.to_json() for f in self.files],
        }


def check_process(process: Process, config: Config | None = None, *, text: str | None = None) -> list[Problem]:
    """Every finding of the enabled rules on ``process``, suppressions applied, sorted by position."""
    findings, _ = _check(process, config or load_config(), text)
    return findings


def check_in_context(ctx: Context, text: str | None = None) -> tuple[list[Problem], int]:
    """The findings of ``ctx``'s process and how many were suppressed, with the net, soundness and
    timing the rules computed left in ``ctx`` for the caller (``list export`` reports them too)."""
    return _check(ctx.process, ctx.config, text, ctx)


def _check(process: Process, config: Config, text: str | None, ctx: Context | None = None) -> tuple[list[Problem], int]:
    ctx = ctx or Context(process, config)
    findings: list[Problem] = []
    for rule, setting in config.enabled():
        if rule.scope != "process" or setting.ignores(process.file) or (
                rule.applies_to and process.type not in rule.applies_to):
            continue
        try:
            for finding in rule.check(ctx, setting.options) or ():
                findings.append(Problem(finding.loc, finding.message, rule.id, setting.level))
        except Exception as error:  # one broken rule must not stop the others
            findings.append(Problem(process.loc_of(), _("rule {rule} crashed: {error}").format(
                rule=rule.id, error=f"{type(error).__name__}: {error}"), "rule-error", "error"))
    suppressed = 0
    if text is not None:
        suppressions = parse_suppressions(text)
        if suppressions:
            kept = [f for f in findings if f.code == "rule-error"
                    or not any(s.covers(f.code, f.loc.line) for s in suppressions)]
            suppressed = len(findings) - len(kept)
            findings = kept
    findings.sort(key=lambda p: (p.loc.line, p.loc.col, p.code, p.message))
    return findings, suppressed


def check_file(path: Path, config: Config | None = None) -> FileCheck:
    """The findings of one process or centre file, with the nearest configuration unless ``config``."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileCheck(name, False, (Problem(Loc(name), _("cannot read file: {reason}").format(
            reason=error.strerror or error), "io"),))
    if is_centre_data(data):
        centre, problems = read_centre(path)
        return _check_centre(Entry(path, "centre", centre, problems=tuple(problems)), data,
                             config or load_config(near=path))
    process, problems = parse_process(data, name)
    if process is None:
        return FileCheck(name, False, tuple(problems))
    config = config or load_config(near=path)
    findings, suppressed = _check(process, config, data.decode("utf-8", "replace"))
    return FileCheck(name, True, (*problems, *findings), suppressed, process.name, process.code)


def check_data(data: bytes, path: Path, config: Config | None = None, *,
               parsed: tuple[Process | None, list[Problem]] | None = None) -> tuple[FileCheck, Context | None]:
    """``check_file`` of a text that is not (yet) the file at ``path`` (an editor's): its findings, and
    for a valid process the rules' context, which holds the soundness if the rules computed it. A
    centre's items are read beside ``path``; the nearest configuration is ``path``'s unless ``config``.
    ``parsed``: what ``parse_process(data, str(path))`` gave already (the caller cached it)."""
    name = str(path)
    if is_centre_data(data):
        centre, problems = read_centre(path, data)
        return _check_centre(Entry(path, "centre", centre, problems=tuple(problems)), data,
                             config or load_config(near=path)), None
    process, problems = parsed if parsed is not None else parse_process(data, name)
    if process is None:
        return FileCheck(name, False, tuple(problems)), None
    ctx = Context(process, config or load_config(near=path))
    findings, suppressed = _check(process, ctx.config, data.decode("utf-8", "replace"), ctx)
    return FileCheck(name, True, (*problems, *findings), suppressed, process.name, process.code), ctx


def _check_entry(entry: Entry, config: Config) -> FileCheck:
    """A file whose process or centre was loaded already: only its text is read, for the suppressions."""
    if not entry.loaded:
        return check_file(entry.path, config)
    try:
        data = entry.path.read_bytes()
    except OSError as error:
        name = str(entry.path)
        return FileCheck(name, False, (Problem(Loc(name), _("cannot read file: {reason}").format(
            reason=error.strerror or error), "io"),))
    if entry.kind == "centre":
        return _check_centre(entry, data, config)
    process = entry.process
    assert process is not None
    findings, suppressed = _check(process, config, data.decode("utf-8", "replace"))
    return FileCheck(str(entry.path), True, (*entry.problems, *findings), suppressed, process.name, process.code)


def _check_centre(entry: Entry, data: bytes, config: Config) -> FileCheck:
    """A centre's own rules, the ``centre`` group (its items are checked as files of their own, see
    ``check_files``)."""
    path, centre = entry.path, entry.centre
    if centre is None:
        return FileCheck(str(path), False, entry.problems)
    findings: list[Problem] = []
    for rule, setting in config.enabled():
        if rule.scope != "centre" or setting.ignores(str(path)):
            continue
        try:
            for finding in rule.check(centre, setting.options) or ():
                findings.append(Problem(finding.loc, finding.message, rule.id, setting.level))
        except Exception as error:  # one broken rule must not stop the others
            findings.append(Problem(centre.centre.loc_of(), _("rule {rule} crashed: {error}").format(
                rule=rule.id, error=f"{type(error).__name__}: {error}"), "rule-error", "error"))
    findings.sort(key=lambda p: (p.loc.line, p.loc.col, p.code, p.message))
    suppressions = parse_suppressions(data.decode("utf-8", "replace"))
    kept = [f for f in findings if not any(s.covers(f.code, f.loc.line) for s in suppressions)]
    return FileCheck(str(path), True, (*entry.problems, *kept), len(findings) - len(kept), centre.name, centre.code)


# Below this many files a worker pool costs more to start than it saves.
PARALLEL_THRESHOLD = 100


def check_files(files: list[Path], config: Config | None = None, *, config_for: Any = None,
                jobs: int | None = None, scheduler: Scheduler | None = None,
                progress: Progress | None = None) -> CheckReport:
    """Check ``files``; with no ``config``, each file uses the nearest configuration (``config_for``).

    A centre among them is read once and its items, loaded with it, are checked without being read
    again (``expand_centres``). Large batches of files still to be read run on one process per core
    (``jobs``), or on a Dask ``scheduler``'s workers (``progress`` hears of each file done there);
    results come back in the order of ``files``.
    """
    work = [(entry, config if config is not None else (config_for(entry.path) if config_for
                                                        else load_config(near=entry.path)))
            for entry in expand_centres(files)]
    # The pool pays for itself by reading and parsing files side by side. What a centre loaded only needs
    # its rules run, which costs less here than pickling it to workers that must each import the rules'
    # dependencies first (Kunming's centre alone: 40% less time and CPU than through the pool).
    unread = [i for i, (entry, _) in enumerate(work) if not entry.loaded]
    # workers get the interface language with their work: a forked one inherits it, a spawned one would not
    language = get_language()
    pooled = dict(zip(unread, map_files(partial(_check_pooled, language), [work[i] for i in unread], jobs=jobs,
                                        threshold=PARALLEL_THRESHOLD, scheduler=scheduler, progress=progress),
                      strict=True))
    return CheckReport(tuple(pooled[i] if i in pooled else _check_one(item) for i, item in enumerate(work)))


def _check_pooled(language: str, item: tuple[Entry, Config]) -> FileCheck:
    set_language(language)
    return _check_one(item)


def _check_one(item: tuple[Entry, Config]) -> FileCheck:
    return _check_entry(*item)
