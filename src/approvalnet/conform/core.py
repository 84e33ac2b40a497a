"""``conform``: an event log against its process, streamed case by case.

For each case read from the log (``eventlog``): its activities become steps (``mapping.py``); the
sequence of steps is its *variant*, diagnosed once per variant (``deviations.py``, an alignment on
the Petri net) and looked up for every later case of it; its times are checked against the limits
(``limits.py``). What is kept is the count of each variant and the deviating cases with their
deviations; a case's events are dropped as soon as it is checked. At the end pm4py replays the
variants for fitness and precision (``replay.py``).

    result = conform(approvalnet.load("item.yaml"), "events.csv")
    print(result.fitness, result.conforming_cases, [c.case for c in result.deviating_cases])
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..eventlog import Case, LogColumns, LogError, LogOptions, LogReader, NotGrouped, empty_log_message
from ..eventlog.read import LogStats, log_kind, log_parts
from ..i18n import _
from ..language.calendar import CalendarData, CalendarWarning, merge_calendar_warnings
from ..language.types import Process
from ..parallel import Scheduler
from .deviations import Diagnoser
from .limits import LimitChecker, LogClock
from .mapping import IGNORED, ActivityMap, activity_map
from .replay import (
    UNKNOWN_LABEL,
    CompiledNet,
    alignment_fitness,
    pm4py_net,
    precision,
    token_replay,
)
from .result import KINDS, LIMIT_KINDS, CaseDeviations, ConformanceResult, Deviation, LimitSummary, lateness

Progress = Callable[[int, int, int], None]  # (cases done (-1: not known yet), bytes read, bytes in all)


@dataclass
class _Variant:
    count: int
    deviations: tuple[Deviation, ...]


@dataclass
class _Tally:
    """What one pass over the log keeps."""

    cases: int = 0
    events: int = 0
    variants: dict[tuple[int, ...], _Variant] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # unknown activity k has code -1 - k
    unknown_events: dict[str, int] = field(default_factory=dict)
    ignored_events: dict[str, int] = field(default_factory=dict)
    deviating: list[CaseDeviations] = field(default_factory=list)
    case_ids: Any = None  # when asked for: every case's id, in order (a list, or an Arrow array of strings)


def conform(process: Process, log_path: str | Path, *, columns: LogColumns | None = None,
            options: LogOptions | None = None, mapping: str | Path | ActivityMap | None = None,
            alignments: bool = False, progress: Progress | None = None,
            scheduler: Scheduler | None = None, columnar: bool = True,
            calendar: CalendarData | None = None) -> ConformanceResult:
    """Check the log at ``log_path`` against ``process``; ``columns`` and ``options`` say how to read it.

    Raises ``LogError`` when the log cannot be read as asked or holds no event to check (an empty
    log conforms to nothing: it is not a pass) and ``MappingError`` for a bad mapping file.
    ``progress``, when given, is called now and then with the cases done and the bytes read.
    A folder of parts is checked part by part and the parts' results merged (``partitioned.py``),
    on the workers of ``scheduler`` (a Dask scheduler) when one is given; the result is the same as
    reading the folder as one log, which is what happens when two parts share a case (and for a
    single file, whatever the scheduler). ``columnar``: a CSV or Parquet log of the usual kind is
    checked on columns (``columnar.py``), with the same result; False reads every log as one stream
    (the tests compare the ways). ``calendar``: a calendar file's data instead of the one the
    process names.
    """
    amap = mapping if isinstance(mapping, ActivityMap) else activity_map(process, mapping)
    net, initial, final = pm4py_net(process)
    began = time.perf_counter()  # the log's time: reading, checking, replaying (not importing pm4py)
    columns, options = columns or LogColumns(), options or LogOptions()
    parts = log_parts(log_path) if columnar and log_kind(log_path) == "parts" else []
    merged = None
    if parts:  # part by part (a folder of one part too: then on columns, not the stream)
        from .partitioned import conform_parts

        merged = conform_parts(process, parts, columns, options, amap, scheduler=scheduler, progress=progress,
                               calendar=calendar)
    if merged is not None:
        tally, stats, notes = merged
        with warnings.catch_warnings():  # the parts said what the calendar lacks
            warnings.simplefilter("ignore", CalendarWarning)
            checker = LimitChecker(process, LogClock(process, calendar))
    else:  # one file, or parts that share a case: read as one log
        tally, stats, notes, warned, checker = check_log(process, log_path, columns, options, amap, net, initial,
                                                         final, columnar=columnar, progress=progress,
                                                         calendar=calendar)
        notes = final_notes(notes, warned, stats)
    if tally.cases == 0 or tally.events == 0:
        raise LogError(empty_log_message(log_path, tally.cases, stats))

    labelled = [(tuple(_label(process, tally.unknown, c) for c in key), v.count) for key, v in tally.variants.items()]
    replayed = token_replay(net, initial, final, labelled)
    fitting = sum(count for (__, count), fit in zip(labelled, replayed.fitting, strict=True) if fit)
    exact = precision(net, initial, final, labelled)
    aligned = alignment_fitness(net, initial, final, labelled) if alignments else None
    tally.deviating.sort(key=lambda c: c.order)
    return _result(process, log_path, tally, stats, replayed.fitness, exact, fitting, aligned, notes,
                   time.perf_counter() - began, checker)


def check_log(process: Process, log_path: str | Path, columns: LogColumns, options: LogOptions, amap: ActivityMap,
              net: object, initial: object, final: object, *, columnar: bool = True,
              progress: Progress | None = None, keep_ids: bool = False, calendar: CalendarData | None = None
              ) -> tuple[_Tally, LogStats, list[str], list[str], LimitChecker]:
    """One log (a file, or a folder of parts read as one) read and checked case by case: what is kept
    of it, what the reader saw, the reader's notes, the calendar's warnings (``final_notes`` words
    them) and the checker of its limits. ``keep_ids``: the tally keeps every case's id (``case_ids``),
    with which the parts of a log are shown to share no case."""
    compiled = CompiledNet.of(net, initial, final, {s.id: i for i, s in enumerate(process.steps)})
    diagnoser = Diagnoser(process, compiled)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:  # years without holiday data: one note, not a warning a year
        warnings.simplefilter("always", CalendarWarning)
        clock = LogClock(process, calendar)
        checker = LimitChecker(process, clock)
        position = [0, 0]  # bytes read, bytes in all

        def bytes_read(read: int, total: int) -> None:
            position[:] = [read, total]

        reader = LogReader(log_path, columns, options, progress=bytes_read)

        def report(cases: int) -> None:
            if progress is not None:
                progress(cases, position[0], position[1] or reader.size)

        fast = None
        if columnar:
            from .columnar import tally as columnar_tally

            fast = columnar_tally(log_path, columns, options, amap, diagnoser, checker)
        if fast is not None:
            tally, reader.stats.columns = fast
            reader.stats.events = tally.events
            report(tally.cases)
        else:
            tally = _stream(reader, amap, diagnoser, checker, report, notes, keep_ids)
    warned = [str(w.message) for w in caught if issubclass(w.category, CalendarWarning)]
    return tally, reader.stats, notes, warned, checker


def final_notes(notes: list[str], calendar: list[str], stats: LogStats) -> list[str]:
    """The reader's notes, then the calendar's warnings and the events left out, worded once for the log."""
    notes = [*dict.fromkeys(notes), *merge_calendar_warnings(calendar)]
    if stats.other_lifecycle:
        notes.append(_("{count} events with a lifecycle other than start or complete were left out").format(
            count=stats.other_lifecycle))
    return notes


def _stream(reader: LogReader, amap: ActivityMap, diagnoser: Diagnoser, checker: LimitChecker,
            report: Callable[[int], None], notes: list[str], keep_ids: bool = False) -> _Tally:
    """The log read case by case; a log not grouped by case is read again in partitions, and a note says so."""
    try:
        return _run(reader.cases(grouped=True), amap, diagnoser, checker, report, keep_ids)
    except NotGrouped as signal:
        if reader.kind == "xlsx":
            notes.append(_("the log is not grouped by case (case '{case}' comes back at row {row} of the sheet "
                           "{sheet}): it was read again in partitions by case").format(
                               case=signal.case, row=signal.line, sheet=reader.sheet))
        else:
            notes.append(_("the log is not grouped by case (case '{case}' comes back at line {line}): it was "
                           "read again in partitions by case").format(case=signal.case, line=signal.line))
        return _run(reader.cases(grouped=False), amap, diagnoser, checker, report, keep_ids)


def _label(process: Process, unknown: list[str], code: int) -> str:
    return process.steps[code].id if code >= 0 else UNKNOWN_LABEL + unknown[-1 - code]


def _run(cases: Iterator[Case], amap: ActivityMap, diagnoser: Diagnoser, checker: LimitChecker,
         report: Callable[[int], None], keep_ids: bool = False) -> _Tally:
    tally = _Tally()
    ids: list[str] | None = [] if keep_ids else None
    tally.case_ids = ids
    unknown_code: dict[str, int] = {}
    variants = tally.variants
    every = 1_000
    for case in cases:
        key: list[int] = []
        spans: list[tuple[int, float, float]] = []
        for activity, start, end, __, __ in case.instances:
            step = amap.step(activity)
            if step is None:
                code = unknown_code.get(activity)
                if code is None:
                    tally.unknown.append(activity)
                    code = unknown_code[activity] = -len(tally.unknown)
                tally.unknown_events[activity] = tally.unknown_events.get(activity, 0) + 1
                key.append(code)
            elif step == IGNORED:
                tally.ignored_events[activity] = tally.ignored_events.get(activity, 0) + 1
            else:
                key.append(step)
                spans.append((step, start, end))
        variant_key = tuple(key)
        variant = variants.get(variant_key)
        if variant is None:
            variant = variants[variant_key] = _Variant(0, diagnoser.diagnose(variant_key, tally.unknown))
        variant.count += 1
        if ids is not None:
            ids.append(case.id)
        late = checker.check(spans)
        if variant.deviations or late:
            tally.deviating.append(CaseDeviations(case.id, case.order, variant.deviations + tuple(late)))
        tally.cases += 1
        tally.events += case.events
        if tally.cases % every == 0:
            report(tally.cases)
    report(tally.cases)
    return tally


def _result(process: Process, log_path: str | Path, tally: _Tally, stats: LogStats, fitness: float,
            exact: float, fitting: int, aligned: object, notes: list[str], seconds: float,
            checker: LimitChecker) -> ConformanceResult:
    counts = dict.fromkeys(KINDS, 0)
    case_counts = dict.fromkeys(KINDS, 0)
    by_step: dict[str, dict[str, int]] = {}
    by_arc: dict[tuple[str | None, str | None, str, str | None], int] = {}
    worst: dict[str, float] = {}
    limit_cases: dict[str, int] = {}
    for case in tally.deviating:
        kinds = set()
        for d in case.deviations:
            counts[d.kind] = counts.get(d.kind, 0) + 1
            kinds.add(d.kind)
            if d.step is not None:
                per = by_step.setdefault(d.step, {})
                per[d.kind] = per.get(d.kind, 0) + 1
            if d.arc is not None:
                arc = (d.arc[0], d.arc[1], d.kind, d.step)
                by_arc[arc] = by_arc.get(arc, 0) + 1
            if d.days is not None:
                worst[d.kind] = max(worst.get(d.kind, 0.0), d.days)
        for kind in kinds:
            case_counts[kind] = case_counts.get(kind, 0) + 1
            if kind in LIMIT_KINDS:
                limit_cases[kind] = limit_cases.get(kind, 0) + 1
    limits = checker.limits
    summaries: dict[str, LimitSummary] = {}
    if limits.promised is not None:
        summaries["late-promised"] = LimitSummary(
            limits.promised.days, limit_cases.get("late-promised", 0), worst.get("late-promised", 0.0),
            "当场办结 on the spot" if limits.on_the_spot else f"promised {process.time_limit.promised}",
            str(limits.promised))
    if limits.statutory is not None:
        summaries["late-statutory"] = LimitSummary(limits.statutory.days, limit_cases.get("late-statutory", 0),
                                                   worst.get("late-statutory", 0.0), limits.statutory_basis,
                                                   str(limits.statutory))
    if limits.delivery is not None:
        summaries["late-delivery"] = LimitSummary(limits.delivery.days, limit_cases.get("late-delivery", 0),
                                                  worst.get("late-delivery", 0.0), "Art. 44", str(limits.delivery))
    alignment = aligned if aligned is not None else None
    return ConformanceResult(
        process=process.code, name=process.name, file=process.file, log=str(log_path), cases=tally.cases,
        events=tally.events, variants=len(tally.variants), fitness=fitness, precision=exact, fitting_cases=fitting,
        conforming_cases=tally.cases - len(tally.deviating), deviating_cases=tuple(tally.deviating),
        counts=counts, case_counts=case_counts,
        by_step={step: by_step[step] for step in [s.id for s in process.steps] if step in by_step},
        by_arc=tuple((a, b, kind, step, n) for (a, b, kind, step), n in
                     sorted(by_arc.items(), key=lambda item: (-item[1], str(item[0])))),
        limit_violations=summaries,
        unknown_activities=dict(sorted(tally.unknown_events.items(), key=lambda item: -item[1])),
        ignored_activities=dict(sorted(tally.ignored_events.items(), key=lambda item: -item[1])),
        alignment_fitness=getattr(alignment, "fitness", None),
        alignment_precision=getattr(alignment, "precision", None),
        alignment_fitting_cases=getattr(alignment, "fitting_cases", None),
        notes=tuple(notes), seconds=seconds, columns=dict(stats.columns),
        lateness=lateness((d for case in tally.deviating for d in case.deviations
                           if d.where_steps is not None),
                          [s.id for s in process.steps]),
    )
