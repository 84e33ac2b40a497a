"""Validate many files at once: the result behind ``approvalnet validate``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..i18n import get_language, set_language
from ..parallel import Progress, Scheduler, map_files
from .loader import parse_process, read_bytes
from .source import Problem


@dataclass(frozen=True, slots=True)
class FileResult:
    file: str
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "valid": self.valid, "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class ValidationReport:
    files: tuple[FileResult, ...]

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def invalid_count(self) -> int:
        return sum(not f.valid for f in self.files)

    def to_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "summary": {"files": len(self.files), "invalid": self.invalid_count,
                        "problems": sum(len(f.problems) for f in self.files)},
            "files": [f.to_json() for f in self.files],
        }


# Below this many files a worker pool costs more to start than it saves.
PARALLEL_THRESHOLD = 200


def validate_files(files: list[Path], jobs: int | None = None, *, scheduler: Scheduler | None = None,
                   progress: Progress | None = None) -> ValidationReport:
    """Validate ``files``, in parallel over ``jobs`` processes (default: one per core) for large batches,
    or on a Dask ``scheduler``'s workers."""
    work = partial(_validate_pooled, get_language())
    return ValidationReport(map_files(_validate_one if scheduler is None else work, files, jobs=jobs,
                                      threshold=PARALLEL_THRESHOLD, scheduler=scheduler, progress=progress))


def _validate_pooled(language: str, path: Path) -> FileResult:
    set_language(language)  # a Dask worker does not share the command's interface language
    return _validate_one(path)


def _validate_one(path: Path) -> FileResult:
    from ..paths import is_calendar_data
    from .centre_loader import is_centre_data, read_centre

    data, problems = read_bytes(path)  # read once: most files are processes
    if data is None:
        return FileResult(str(path), tuple(problems))
    if is_centre_data(data):  # a centre: its keys, and every item's file and lanes
        return FileResult(str(path), tuple(read_centre(path)[1]))
    if is_calendar_data(data):  # named on the command line: its own keys (lanes are checked where it is used)
        from .calendar_file import read_calendar_file

        return FileResult(str(path), tuple(read_calendar_file(path)[1]))
    return FileResult(str(path), tuple(parse_process(data, str(path))[1]))
