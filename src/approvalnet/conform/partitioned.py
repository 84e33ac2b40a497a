"""Conformance of a log in parts: each part checked on its own, here or on Dask's workers, then merged.

Data platforms export a table as a folder of parts (``part-0000.parquet`` …), and ``approvalnet log
convert LOG OUT --parts N`` writes one whose parts are cut by a hash of the case id. When no case has
rows in two parts, each part is a log of whole cases: it is read and checked as a log of its own
(``core.check_log``, on columns where it can be), and what the parts keep is merged:

* the variants, their counts added; an activity the process does not know is numbered in the order
  in which the parts, read in order, first meet it, as one reading of the whole folder numbers it;
* the deviating cases, kept in the order of the folder (part by part, row by row);
* the counts of unknown and ignored activities, of events, and the notes.

Fitness and precision are then computed once, from the merged counts of the variants, by the same
code as for a single log (``core.conform``): they are exactly the single-process result, and the
same bytes whichever machine checked which part. Whether two parts share a case is known only once
they are read: each part returns a 64-bit hash of every case id, and if one comes twice the parts
are given up and the folder is read as one log (``LogReader`` then partitions it by case itself).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..eventlog import LogColumns, LogOptions, LogStats
from ..language.calendar import CalendarData
from ..language.types import Process
from ..parallel import Scheduler, map_files
from .core import CaseDeviations, Progress, _Tally, _Variant, check_log, final_notes
from .mapping import ActivityMap
from .replay import pm4py_net


@dataclass
class PartResult:
    """What one part keeps: its tally (ids dropped), what its reader saw, its notes and calendar
    warnings, the hashes of its case ids (sorted) and the number after its last case's place."""

    tally: _Tally
    stats: LogStats
    notes: list[str]
    calendar: list[str]
    hashes: Any  # numpy uint64, sorted
    end: int


@dataclass(frozen=True)
class PartJob:
    """What every part is checked with: sent once to each worker."""

    process: Process
    columns: LogColumns
    options: LogOptions
    amap: ActivityMap
    calendar: CalendarData | None = None


def check_part(job: PartJob, path: Path) -> PartResult:
    """One part, read and checked as a log of its own (a task on a worker, or a call here)."""
    net, initial, final = pm4py_net(job.process)
    tally, stats, notes, calendar, __ = check_log(job.process, path, job.columns, job.options, job.amap, net,
                                                  initial, final, keep_ids=True, calendar=job.calendar)
    hashes = case_hashes(tally.case_ids)
    tally.case_ids = None
    end = max((case.order for case in tally.deviating), default=0) + 1  # only deviating cases are put in order
    return PartResult(tally, stats, notes, calendar, hashes, end)


def case_hashes(ids: Any) -> Any:
    """A 64-bit hash of each case id (a list of texts or an Arrow array), sorted; the same text gives the
    same number on every machine (pandas' SipHash with its fixed key, not Python's salted ``hash``)."""
    import numpy as np
    import pandas as pd

    if ids is None:
        return np.zeros(0, dtype=np.uint64)
    values = ids.to_numpy(zero_copy_only=False) if hasattr(ids, "to_numpy") else np.asarray(ids, dtype=object)
    return np.sort(pd.util.hash_array(values.astype(object), categorize=False))


def merge(results: Sequence[PartResult]) -> tuple[_Tally, LogStats, list[str]] | None:
    """The parts' results as one log's, or None when two parts share a case (read the folder as one)."""
    import numpy as np

    every = np.concatenate([r.hashes for r in results]) if results else np.zeros(0, dtype=np.uint64)
    every.sort()
    if len(every) > 1 and bool(np.any(every[1:] == every[:-1])):
        return None
    merged = _Tally()
    stats = LogStats()
    notes: list[str] = []
    calendar: list[str] = []
    code_of: dict[str, int] = {}  # unknown activity -> its code in the merged numbering
    offset = 0
    for part in results:
        tally = part.tally
        for name in tally.unknown:
            if name not in code_of:
                merged.unknown.append(name)
                code_of[name] = -len(merged.unknown)
        unknown = tally.unknown
        for key, variant in tally.variants.items():
            merged_key = tuple(c if c >= 0 else code_of[unknown[-1 - c]] for c in key)
            found = merged.variants.get(merged_key)
            if found is None:
                merged.variants[merged_key] = _Variant(variant.count, variant.deviations)
            else:
                found.count += variant.count
        for name, count in tally.unknown_events.items():
            merged.unknown_events[name] = merged.unknown_events.get(name, 0) + count
        for name, count in tally.ignored_events.items():
            merged.ignored_events[name] = merged.ignored_events.get(name, 0) + count
        merged.deviating.extend(CaseDeviations(c.case, offset + c.order, c.deviations) for c in tally.deviating)
        offset += part.end
        merged.cases += tally.cases
        merged.events += tally.events
        stats.events += part.stats.events
        stats.other_lifecycle += part.stats.other_lifecycle
        stats.partitions += part.stats.partitions
        if not stats.columns:
            stats.columns = dict(part.stats.columns)
        notes.extend(part.notes)
        calendar.extend(part.calendar)
    return merged, stats, final_notes(notes, calendar, stats)


def conform_parts(process: Process, parts: Sequence[Path], columns: LogColumns, options: LogOptions,
                  amap: ActivityMap, *, scheduler: Scheduler | None = None, progress: Progress | None = None,
                  calendar: CalendarData | None = None) -> tuple[_Tally, LogStats, list[str]] | None:
    """Every part checked (in order here, or on the scheduler's workers) and the results merged; None
    when two parts share a case."""
    job = PartJob(process, columns, options, amap, calendar)
    sizes = [p.stat().st_size for p in parts]
    total = sum(sizes)
    if scheduler is None:
        results: list[PartResult] = []
        done = cases = 0
        for path, size in zip(parts, sizes, strict=True):
            results.append(check_part(job, path))
            done += size
            cases += results[-1].tally.cases
            if progress is not None:
                progress(cases, done, total)
    else:
        report: Callable[[int, int], None] | None = None
        if progress is not None:
            def report(finished: int, count: int) -> None:
                # the workers say how many parts are done, not how many cases (-1: not known yet); the
                # share of the bytes is taken as the share of the parts (they are usually of one size)
                progress(-1, total * finished // max(count, 1), total)

        results = list(map_files(functools.partial(check_part, job), list(parts), jobs=1, threshold=1,
                                 scheduler=scheduler, progress=report))
    merged = merge(results)
    if merged is not None and progress is not None:
        progress(merged[0].cases, total, total)
    return merged
