"""Process files as the rows of an implementation list, with the figures approvalnet computes.

An office reports its items upward (the 四减 of reform: fewer steps, materials, visits and days) as
a list. ``list_entries`` gives one ``ListEntry`` per item: the list's own fields as the file declares
them, and beside them what the tool derives from the procedure: the number of steps and materials,
the on-site visits of an approved case (the search ``listing/visits-declared`` uses), the worst
case of the legal clock in working days (``net.timing``: Art. 45 steps and the applicant's own time
left out, as the law counts), whether the net is sound, and the findings of ``check`` by level.
A centre among the paths gives its items' rows. Files that do not load get a row that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..i18n import get_language, set_language
from ..language.centre_loader import Entry, expand_centres
from ..language.loader import read_process
from ..language.source import Problem
from ..language.types import Process
from ..parallel import Progress, Scheduler, map_files
from ..rules.config import Config, load_config
from ..rules.context import Context
from ..rules.engine import check_in_context

PARALLEL_THRESHOLD = 100


@dataclass(frozen=True)
class ListEntry:
    file: str
    process: Process | None  # None when the file is not a valid process
    steps: int = 0
    materials: int = 0
    visits: int | None = None  # on-site visits of an approved case with complete materials
    worst_case_days: float | None = None  # the longest path of the legal clock
    sound: bool | None = None
    findings: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return self.process is not None

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def to_json(self) -> dict[str, Any]:
        p = self.process
        data: dict[str, Any] = {"file": self.file, "valid": self.valid}
        if p is not None:
            limits = p.time_limit
            data.update(
                code=p.code, name=p.name, type=p.type, authority=p.authority.name, handling=p.handling,
                statutory=str(limits.statutory) if limits.statutory else None,
                promised=str(limits.promised) if limits.promised else None,
                visits_declared=p.visits, steps=self.steps, materials=self.materials, visits=self.visits,
                worst_case_days=self.worst_case_days, sound=self.sound)
        data["findings"] = {level: self.count(level) for level in ("error", "warning", "info")}
        return data


def _entry(path: Path, process: Process | None, problems: tuple[Problem, ...], config: Config) -> ListEntry:
    if process is None:
        return ListEntry(str(path), None, findings=problems)
    from ..rules.visits import approved_visits

    ctx = Context(process, config)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = None
    findings, _suppressed = check_in_context(ctx, text)
    try:
        sound = ctx.soundness.sound
    except Exception:  # a net too large to explore: the count of findings says so (rule-error)
        sound = None
    span = ctx.timing.longest()
    visits = approved_visits(ctx)
    return ListEntry(str(path), process, len(process.steps), len(process.materials),
                     visits.count if visits else None, round(span.days, 2) if span else None, sound,
                     (*problems, *findings))


def _from_entry(language: str, item: tuple[Entry, Config]) -> ListEntry:
    set_language(language)
    entry, config = item
    if entry.loaded:
        return _entry(entry.path, entry.process, tuple(entry.problems), config)
    process, problems = read_process(entry.path)
    return _entry(entry.path, process, tuple(problems), config)


def list_entries(files: list[Path], config: Config | None = None, *, jobs: int | None = None,
                 scheduler: Scheduler | None = None, progress: Progress | None = None) -> list[ListEntry]:
    """One row per item of ``files`` (a centre's items included, the centre itself not), in their order."""
    configs: dict[Path, Config] = {}  # files of one folder share their configuration: find it once

    def nearest(path: Path) -> Config:
        if path.parent not in configs:
            configs[path.parent] = load_config(near=path)
        return configs[path.parent]

    work = [(entry, config if config is not None else nearest(entry.path))
            for entry in expand_centres(files) if entry.kind != "centre"]
    unread = [i for i, (entry, _c) in enumerate(work) if not entry.loaded]
    language = get_language()
    pooled = dict(zip(unread, map_files(partial(_from_entry, language), [work[i] for i in unread], jobs=jobs,
                                        threshold=PARALLEL_THRESHOLD, scheduler=scheduler, progress=progress),
                      strict=True))
    return [pooled[i] if i in pooled else _from_entry(language, item) for i, item in enumerate(work)]
