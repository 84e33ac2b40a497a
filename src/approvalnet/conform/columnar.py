"""Conformance on columns: the same result as the case-by-case stream, computed on arrays.

For a CSV or Parquet log that is grouped by case and written in the usual way (ISO 8601 times, all
with a UTC offset or all without; starts and completes that alternate within each activity of a
case), the log is read by pyarrow into columns and every per-event and per-case step is done on
numpy arrays: mapping activities to steps, pairing starts with completes, ordering a case's
activity instances, cutting the log into cases and cases into variants (one bytes key per case),
and the working-day arithmetic of the time limits, one variant at a time (all its cases share the
positions of their accept, decide, extension and deliver steps). What is left in Python is per
variant (the diagnosis and the replay, as in the stream) and per late case (its deviation).

``tally`` returns None whenever the log is not of that kind (a loose date format, a case split
across the log, a complete before its start, an encoding other than UTF-8 …): the caller then reads
it as a stream, which handles every log and words every problem. Both ways give the same result;
``tests/conform/test_columnar.py`` compares them on the shipped processes' simulated logs.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from ..eventlog import LogColumns, LogOptions
from ..eventlog.columns import csv_columns
from ..eventlog.read import log_kind, log_parts
from ..sim.lateness import split_many
from .limits import LimitChecker, delivery_message, promised_message, statutory_message
from .mapping import IGNORED, ActivityMap
from .result import CaseDeviations, Deviation, Where

# Columns hold the log in memory, about 1.8 times its size as CSV at the peak (a 153 MB log: 277 MB);
# a larger log is read as a stream, whose memory does not grow with the log.
COLUMNAR_MAX_BYTES = 256 << 20


def _read(path: Path, columns: LogColumns, options: LogOptions) -> Any:
    try:
        return _read_columns(path, columns, options)
    except Exception:  # anything unusual (an encoding, a damaged file): the stream reads it and says what is wrong
        return None


def _read_columns(path: Path, columns: LogColumns, options: LogOptions) -> Any:
    """The columns of the log that have a role (strings; Parquet timestamps kept as they are), the
    header, and each role's column in the table read; None when the log is not of a kind read here."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    kind = log_kind(path)
    files = [path] if kind != "parts" else log_parts(path)
    if sum(f.stat().st_size for f in files) > COLUMNAR_MAX_BYTES:
        return None
    if kind == "parquet" or (kind == "parts" and all(p.suffix.lower() == ".parquet" for p in files)):
        names = list(pq.read_schema(files[0]).names)
        if any(list(pq.read_schema(f).names) != names for f in files[1:]):
            return None
    elif kind == "csv":
        if options.encoding.lower().replace("_", "-") not in ("utf-8", "utf-8-sig", "utf8"):
            return None
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
        if not first.strip():
            return None
        delimiter = options.delimiter or max((",", ";", "\t", "|"), key=lambda d: (first.count(d), d == ","))
        if len(delimiter) != 1:
            return None
        names = next(csv.reader([first], delimiter=delimiter))
        if len(set(names)) != len(names):
            return None
    else:
        return None
    try:
        index = csv_columns(names, columns, str(path))
    except Exception:
        return None  # the stream words the problem with the columns
    wanted = [names[i] for i in sorted(set(index.values()))]  # only these are read: memory and time
    if kind == "csv":
        parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False)
        convert = pacsv.ConvertOptions(strings_can_be_null=False, include_columns=wanted,
                                       column_types=dict.fromkeys(wanted, pa.string()))
        def batches() -> Any:
            # pieces of about 8 MB cut at line ends, each parsed on its own: pyarrow's streaming CSV
            # reader holds about the whole file at its peak (180 MB for a 153 MB log). A piece is the
            # block read, up to its last line end (no copy); the next block starts after it.
            named = pacsv.ReadOptions(column_names=names, use_threads=False)
            unquoted = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False, quote_char=False)
            size = 8 << 20
            with open(path, "rb") as handle:
                handle.readline()  # the header, read above
                while True:
                    start = handle.tell()
                    block = handle.read(size)
                    if not block:
                        return
                    cut = len(block)
                    if cut == size:  # more follows
                        cut = block.rfind(b"\n") + 1
                        if cut == 0:  # a line longer than the block: read a longer block
                            handle.seek(start)
                            size *= 2
                            continue
                        handle.seek(start + cut)
                    elif block.isspace():
                        return  # blank lines at the end
                    # a piece without quotes is parsed without looking for them (a tenth faster)
                    options = parse if block.find(b'"', 0, cut) >= 0 else unquoted
                    yield from pacsv.read_csv(pa.py_buffer(memoryview(block)[:cut]), read_options=named,
                                              parse_options=options, convert_options=convert).to_batches()
    else:
        def batches() -> Any:
            for f in files:
                yield from pq.ParquetFile(f).iter_batches(batch_size=1 << 18, columns=wanted)
    position = {name: k for k, name in enumerate(wanted)}
    return batches(), wanted, {role: position[names[i]] for role, i in index.items()}


def _offset_of(sample: str) -> str | None:
    """The UTC offset a log's times are written with, from its first: "Z", "+08:00", or None."""
    if sample.endswith("Z"):
        return "Z"
    if len(sample) > 6 and sample[-6] in "+-" and sample[-3] == ":":
        return sample[-6:]
    return None


def _seconds(column: Any, utc_offset: float, suffix: str | None = None) -> Any:
    """Seconds on the office's clock of a column of times (strings in ISO 8601, or Parquet timestamps);
    None when they are not all of one kind this path reads exactly as ``eventlog.times.parse_time``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_timestamp(column.type):
        if column.null_count:
            return None
        us = pc.cast(column, pa.timestamp("us", tz=column.type.tz)).cast(pa.int64()).to_numpy()
        if column.type.tz is not None:
            us = us + round(utc_offset * 3600) * 1_000_000
        return us / 1e6
    if not pa.types.is_string(column.type) or column.null_count or len(column) == 0:
        return None
    # Arrow's cast reads ISO 8601 without an offset and refuses anything else (a loose date, spaces
    # around it): the stream then reads the column. Whether the times carry an offset is decided by
    # the first; a column that mixes the two fails the cast or the check of the offsets.
    try:
        if suffix is None:  # no offset: the office's clock
            us = pc.cast(column, pa.timestamp("us")).cast(pa.int64()).to_numpy()
        else:  # one offset for every row (a log that mixes offsets is read by the stream)
            if not pc.all(pc.ends_with(column, suffix)).as_py():
                return None
            utc = pc.cast(column, pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_numpy()
            us = utc + round(utc_offset * 3600) * 1_000_000
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    low, high = -2_208_988_800_000_000, 7_258_118_400_000_000  # 1900-01-01 and 2200-01-01, in µs
    if len(us) and (int(us.min()) < low or int(us.max()) >= high):
        return None  # the stream names the out-of-range timestamp
    return np.asarray(us) / 1e6


def tally(path: str | Path, columns: LogColumns, options: LogOptions, amap: ActivityMap, diagnoser: Any,
          checker: LimitChecker) -> Any:
    """The ``core._Tally`` and reader statistics of the log at ``path``, or None (read it as a stream)."""
    # The run makes thousands of small objects (a late case's deviations) and none in a cycle: Python's
    # cycle collector would only walk them, a full collection landing in the run now and then (75 ms
    # on the 100,000-case benchmark); it runs again, as usual, once the tally is made.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _tally(path, columns, options, amap, diagnoser, checker)
    finally:
        if enabled:
            gc.enable()


def _tally(path: str | Path, columns: LogColumns, options: LogOptions, amap: ActivityMap, diagnoser: Any,
           checker: LimitChecker) -> Any:
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - both are dependencies
        return None
    if options.timestamp_format is not None:
        return None
    read = _read(Path(path), columns, options)
    if read is None:
        return None
    batches, wanted, index = read
    result_columns = {role: wanted[i].strip() for role, i in index.items()}
    parts: dict[str, list[Any]] = {"case": [], "activity": [], "when": [], "start": [], "life": []}
    offsets: dict[str, str | None] = {}

    def encode(column: Any) -> Any:
        """A batch's texts, dictionary-encoded (numbered in order of first appearance)."""
        if not pa.types.is_string(column.type):
            column = pc.cast(column, pa.string())
        return pc.dictionary_encode(column)

    def codes(chunks: list[Any]) -> Any:
        """The texts of every batch as codes, the same text the same code throughout (numbered in order
        of first appearance), and the texts themselves, stripped as the stream strips them (an Arrow
        array: Python sees only the texts it needs); None if one is empty or two differ only by spaces
        (the stream reads those)."""
        unified = pa.chunked_array(chunks).unify_dictionaries()
        trimmed = pc.utf8_trim_whitespace(unified.chunk(0).dictionary)
        if pc.any(pc.equal(pc.utf8_length(trimmed), 0)).as_py():
            return None  # the stream names the empty cell
        if pc.count_distinct(trimmed).as_py() != len(trimmed):
            return None  # " A1" and "A1": one case for the stream
        out = np.concatenate([chunk.indices.to_numpy() for chunk in unified.chunks]).astype(np.int32)
        return out, trimmed

    def times(column: Any, role: str) -> Any:
        if role not in offsets:
            offsets[role] = _offset_of(column[0].as_py()) if pa.types.is_string(column.type) and len(column) else None
        return _seconds(column, options.utc_offset, offsets[role])

    try:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            when = times(batch.column(index["timestamp"]), "timestamp")
            if when is None:
                return None
            parts["case"].append(encode(batch.column(index["case"])))
            parts["activity"].append(encode(batch.column(index["activity"])))
            parts["when"].append(when)
            if "start_timestamp" in index:
                raw = batch.column(index["start_timestamp"])
                if pa.types.is_string(raw.type) and pc.any(
                        pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(raw)), 0)).as_py():
                    return None  # some rows without a start: the stream pairs them one by one
                begun = times(raw, "start_timestamp")
                if begun is None or bool(np.any(begun > when)):
                    return None
                parts["start"].append(begun)
            if "lifecycle" in index:
                encoded = pc.dictionary_encode(batch.column(index["lifecycle"]))
                words = [str(w).strip().lower() for w in encoded.dictionary.to_pylist()]
                kinds = np.array([0 if k in ("start", "started") else 1 if k in ("complete", "completed", "") else 2
                                  for k in words], dtype=np.int8)
                life_part = kinds[encoded.indices.to_numpy()]
                if bool(np.any(life_part == 2)):
                    return None  # other lifecycles are counted and left out by the stream
                parts["life"].append(life_part)
    except Exception:  # a row the CSV parser refuses, bytes that are no UTF-8 …: the stream says which
        return None
    if not parts["case"]:
        return None
    case_codes, act_codes = codes(parts["case"]), codes(parts["activity"])
    if case_codes is None or act_codes is None:
        return None
    parts["case"] = parts["activity"] = []
    # Arrow's allocator keeps what the parser freed for its next request: there is none, give it back
    pa.default_memory_pool().release_unused()
    (case_index, case_names), (act_index, activity_names) = case_codes, act_codes
    activities = activity_names.to_pylist()
    when = np.concatenate(parts["when"])
    start = np.concatenate(parts["start"]) if parts["start"] else None
    n = len(case_index)
    life = np.concatenate(parts["life"]) if parts["life"] else np.ones(n, dtype=np.int8)  # COMPLETE
    parts.clear()
    # cases: the log must be grouped (each case's rows together), in the order of their first rows
    runs = np.flatnonzero(np.diff(case_index)) + 1
    run_starts = np.concatenate(([0], runs))
    if len(run_starts) != len(case_names):
        return None  # a case comes back: the stream reads the log again in partitions, and says so
    if log_kind(Path(path)) == "parts":
        return None  # rows are numbered per part there; rare enough to leave to the stream
    # activities to steps
    step_of = np.array([(-9 if (s := amap.step(a)) is None else s) for a in activities], dtype=np.int64)
    # within each case: events by (time, lifecycle, row); starts and completes alternate per activity
    case_of_row = np.repeat(np.arange(len(run_starts), dtype=np.int32), np.diff(np.append(run_starts, n)))
    act_index = act_index.astype(np.int32)
    same = case_of_row[1:] == case_of_row[:-1]
    in_order = bool(np.all(~same | (when[1:] > when[:-1]) | ((when[1:] == when[:-1]) & (life[1:] >= life[:-1]))))
    order = None  # the rows' order when it is not the file's
    if not in_order:
        order = np.arange(n)
        # Logs are usually in time order but for a complete and the next start at the same instant,
        # which the stream orders start first: swap such neighbours; sort only if that is not enough.
        swap = np.flatnonzero(same & (when[1:] == when[:-1]) & (life[1:] < life[:-1]))
        if len(swap) and not bool(np.any(np.diff(swap) == 1)):
            order[swap], order[swap + 1] = swap + 1, swap
            w, f, c = when[order], life[order], case_of_row[order]
            in_order = bool(np.all((c[1:] != c[:-1]) | (w[1:] > w[:-1]) | ((w[1:] == w[:-1]) & (f[1:] >= f[:-1]))))
        if not in_order:
            order = np.lexsort((life, when, case_of_row))  # stable: rows in file order among equals
    if order is None:  # in the file's order already (the usual case): no copies, no row numbers
        o_case, o_act, o_life, o_when = case_of_row, act_index, life, when
    else:
        o_case, o_act, o_life, o_when = case_of_row[order], act_index[order], life[order], when[order]
    adjacent = ("lifecycle" in index and n % 2 == 0 and bool(np.all(o_life[0::2] == 0))
                and bool(np.all(o_life[1::2] == 1)) and bool(np.all(o_act[0::2] == o_act[1::2]))
                and bool(np.all(o_case[0::2] == o_case[1::2])))
    if adjacent:  # each start followed by its complete, as most systems write them: no sorting needed
        inst_pos = np.arange(1, n, 2)
        inst_start = o_when[0::2]
    elif "lifecycle" in index:
        # stable: time order within each (case, activity)
        # (arrays of a row each are many: the narrowest type that holds the numbers keeps memory down)
        wide = np.int64 if len(run_starts) * max(len(activities), 1) >= 2**31 else np.int32
        by_activity = np.argsort(o_case.astype(wide) * len(activities) + o_act, kind="stable")
        g_life = o_life[by_activity]
        new_group = np.ones(n, dtype=bool)
        g_key = o_case[by_activity]
        new_group[1:] = g_key[1:] != g_key[:-1]
        g_key = o_act[by_activity]
        new_group[1:] |= g_key[1:] != g_key[:-1]
        del g_key
        rows = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
        position = rows - np.maximum.accumulate(np.where(new_group, rows, 0))
        del rows
        odd = (position % 2).astype(np.int8)  # start, complete, start, complete …: 0, 1, 0, 1 …
        del position
        group_end = np.append(new_group[1:], True)
        del new_group
        if bool(np.any(g_life != odd)) or bool(np.any(group_end & (g_life == 0))):
            return None  # a complete without its start, or a start never completed
        del odd, group_end
        start_of = np.empty(n)
        start_of[by_activity[g_life == 1]] = o_when[by_activity[g_life == 0]]  # the start paired with each complete
        del by_activity, g_life
        inst_pos = np.flatnonzero(o_life == 1)  # the completes, in time order
        inst_start = start_of[inst_pos]
        del start_of
    else:
        inst_pos = np.arange(n)
        inst_start = (start if order is None else start[order]) if start is not None else o_when
    inst_case = o_case[inst_pos]
    inst_end = o_when[inst_pos]
    inst_seq = inst_pos if order is None else order[inst_pos]  # the row of the complete: the stream's sequence number
    inst_act = o_act[inst_pos]
    del o_case, o_act, o_life, o_when, order, case_of_row, when, life
    # a case's instances in time order: (end, start, sequence), as the stream sorts them
    same = inst_case[1:] == inst_case[:-1]
    e1, e0, s1, s0 = inst_end[1:], inst_end[:-1], inst_start[1:], inst_start[:-1]
    sorted_already = bool(np.all(~same | (e1 > e0) | ((e1 == e0) & ((s1 > s0) | ((s1 == s0)
                                                                                 & (inst_seq[1:] > inst_seq[:-1]))))))
    if not sorted_already:
        k = np.lexsort((inst_seq, inst_start, inst_end, inst_case))
        inst_case, inst_end, inst_start, inst_act = inst_case[k], inst_end[k], inst_start[k], inst_act[k]
    inst_step = step_of[inst_act]
    # unknown activities, numbered as the stream meets them
    unknown: list[str] = []
    unknown_events: dict[str, int] = {}
    ignored_events: dict[str, int] = {}
    code = inst_step.copy()
    missing = np.flatnonzero(inst_step == -9)
    if len(missing):
        seen_acts, first = np.unique(inst_act[missing], return_index=True)
        for rank, a in enumerate(seen_acts[np.argsort(first)]):
            unknown.append(activities[a])
            code[inst_act == a] = -(rank + 1)
        for a, count in zip(*np.unique(inst_act[missing], return_counts=True), strict=True):
            unknown_events[activities[a]] = int(count)
        unknown_events = {name: unknown_events[name] for name in unknown}
    ignored = inst_step == IGNORED
    if bool(np.any(ignored)):
        for a, count in zip(*np.unique(inst_act[ignored], return_counts=True), strict=True):
            ignored_events[activities[a]] = int(count)
    keep = ~ignored
    key_case, key_code = inst_case[keep], code[keep]
    cases = len(run_starts)
    # cases into variants: two 64-bit polynomial hashes of each case's codes and its length group the
    # cases; each group's key (its codes) is then read from one member and checked on all of them
    bounds = np.searchsorted(key_case, np.arange(cases + 1))
    lengths = np.diff(bounds)
    position = np.arange(len(key_code)) - np.repeat(bounds[:-1], lengths)
    hashes = []
    with np.errstate(over="ignore"):
        for base in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F):
            powers = np.cumprod(np.full(max(int(lengths.max(initial=0)), 1), base, dtype=np.uint64), dtype=np.uint64)
            terms = (key_code.astype(np.int64) + 1_000_003).astype(np.uint64) * powers[position]
            sums = np.add.reduceat(terms, bounds[:-1]) if len(terms) else np.zeros(cases, dtype=np.uint64)
            sums = np.where(lengths > 0, sums, np.uint64(0))
            hashes.append(sums)
    # one 64-bit number per case: equal cases always share it, and the rare unequal ones that share it
    # are caught by the check of every member below (a 1-D unique is several times faster than rows)
    with np.errstate(over="ignore"):
        signature = hashes[0] ^ (hashes[1] >> np.uint64(17)) ^ (lengths.astype(np.uint64) * np.uint64(0x100000001B3))
    unique_rows, first_index, inverse = np.unique(signature, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    raw = key_code.astype("<i4")
    by_key: dict[bytes, list[int]] = {}
    keys_of_group = []
    members_of = np.argsort(inverse, kind="stable")
    starts_of = np.searchsorted(inverse[members_of], np.arange(len(unique_rows) + 1))
    for g in np.argsort(first_index, kind="stable"):  # groups in the order of their first case
        members = members_of[starts_of[g]:starts_of[g + 1]]
        c0 = int(members[0])
        key = raw[bounds[c0]:bounds[c0 + 1]]
        width = len(key)
        if width and not bool(np.all(raw[bounds[members][:, None] + np.arange(width)[None, :]] == key[None, :])):
            return None  # two variants with one hash: never seen, but then the stream decides
        by_key[key.tobytes()] = members.tolist()
        keys_of_group.append(key.tobytes())
    group_key = {int(g): keys_of_group[rank] for rank, g in enumerate(np.argsort(first_index, kind="stable"))}
    # spans (mapped steps only) per case, for the limits
    mapped = code >= 0
    span_case, span_step = inst_case[mapped], code[mapped]
    span_start, span_end = inst_start[mapped], inst_end[mapped]
    span_bounds = np.searchsorted(span_case, np.arange(cases + 1))

    from .core import _Tally, _Variant

    result = _Tally()
    result.cases = cases
    result.events = n
    result.unknown = unknown
    result.unknown_events = unknown_events
    result.ignored_events = ignored_events
    result.case_ids = case_names
    late: dict[int, list[Deviation]] = {}
    limits = _VectorLimits(checker)
    for key, members in by_key.items():
        variant_key = tuple(np.frombuffer(key, dtype="<i4").tolist())
        result.variants[variant_key] = _Variant(len(members), diagnoser.diagnose(variant_key, unknown))
        rows = np.array(members)
        width = int(span_bounds[members[0] + 1] - span_bounds[members[0]])
        if width == 0:
            continue
        offsets = span_bounds[rows][:, None] + np.arange(width)[None, :]
        steps = span_step[offsets[0]]
        for c, found in limits.check(rows, steps, span_start[offsets], span_end[offsets]).items():
            late[c] = found
    # the deviating cases in the order of their first rows
    deviating = set(late)
    deviations_of = {key: result.variants[tuple(np.frombuffer(key, dtype="<i4").tolist())].deviations
                     for key in by_key}
    for key, members in by_key.items():
        if deviations_of[key]:
            deviating.update(members)
    for c in sorted(deviating):
        found = deviations_of[group_key[int(inverse[c])]]
        name = case_names[int(case_index[run_starts[c]])].as_py()
        result.deviating.append(CaseDeviations(name, int(run_starts[c]) + 2, found + tuple(late.get(c, ()))))
    return result, result_columns


class _VectorLimits:
    """``LimitChecker.check`` for all the cases of one variant at once (the same arithmetic, on arrays)."""

    def __init__(self, checker: LimitChecker):

        self.checker = checker
        self.clock = checker.clock

    def minutes(self, t: Any) -> Any:
        import numpy as np

        clock = self.clock
        flat = np.asarray(t, dtype=float).ravel()
        low = float(np.nanmin(flat)) if flat.size else 0.0
        clock.minutes(low)  # the calendar starts early enough for every instant
        calendar = clock.calendar
        origin = clock._origin
        assert origin is not None
        return calendar.to_working_many((flat - origin) / 60.0).reshape(np.shape(t))

    def where(self, steps: Any, off: Any, starts: Any, ends: Any, a: Any, b: Any) -> list[Where]:
        """``LimitChecker.where`` of every (late) case: the window's working time per step, service and
        wait, on arrays (cases × the variant's columns × the pieces between consecutive instants)."""
        import numpy as np

        if len(a) == 0:
            return []
        service, wait = split_many(starts, ends, off, a, b, self.minutes)
        # per step, its columns added in their order (as ``_by_step`` adds them), then in days
        columns = steps.tolist()
        order = list(dict.fromkeys(columns))
        total = np.zeros((len(a), 2 * len(order)))
        for half, parts in enumerate((service, wait)):
            for k, step in enumerate(order):
                for j, s in enumerate(columns):
                    if s == step:
                        total[:, half * len(order) + k] += parts[:, j]
        total /= self.clock.day_minutes
        ids = tuple(self.checker.process.steps[s].id for s in order)
        return [(ids, row) for row in total]  # views of one array

    def judge(self, period: Any, off: Any, starts: Any, ends: Any, a: Any, b: Any) -> Any:
        """``LimitChecker.judge`` of every case, with the variant's columns off the clock."""
        import numpy as np

        columns = np.flatnonzero(off)
        return self.checker.judge(period, a, b, starts[:, columns], ends[:, columns])

    def check(self, cases: Any, steps: Any, starts: Any, ends: Any) -> dict[int, list[Deviation]]:
        import numpy as np

        checker = self.checker
        limits = checker.limits
        process = checker.process
        kind = [checker.kind[s] for s in steps]
        off = np.array([checker.off[s] for s in steps], dtype=bool)
        found: dict[int, list[Deviation]] = {}
        rows = np.arange(len(cases))
        if checker.has_accept:
            accepts = [j for j, k in enumerate(kind) if k == "accept"]
            a = ends[:, accepts[0]] if accepts else None
        else:
            a = starts.min(axis=1)
        last_column = np.argmax(ends, axis=1)
        last = ends[rows, last_column]

        # one step's id and place per column of the variant, plain Python values per late case: a
        # numpy scalar per field would cost more than the rest of the case
        ids = [process.steps[s].id for s in steps.tolist()]
        locs = [checker.locs[s] for s in steps.tolist()]
        case_list = cases.tolist()
        column_of = last_column.tolist()
        if a is not None and limits.promised is not None:
            verdict = self.judge(limits.promised, off, starts, ends, a, last)
            late = np.flatnonzero(verdict.late)
            where = self.where(steps, off, starts[late], ends[late], a[late], last[late])
            for r, w in zip(late.tolist(), where, strict=True):
                due = checker.due(verdict, r)
                found.setdefault(case_list[r], []).append(Deviation(
                    "late-promised", promised_message(limits, verdict, r, due), ids[column_of[r]],
                    locs[column_of[r]], days=float(verdict.office[r]), limit=limits.promised.days, due=due,
                    where_steps=w[0], where=w[1]))
        if a is not None and limits.statutory is not None:
            self._statutory(cases, steps, kind, off, starts, ends, a, found)
        if limits.delivery is not None:
            self._delivery(cases, steps, kind, off, starts, ends, found)
        return found

    def _statutory(self, cases: Any, steps: Any, kind: list[str], off: Any, starts: Any, ends: Any, a: Any,
                   found: dict[int, list[Deviation]]) -> None:
        import numpy as np

        checker = self.checker
        limits = checker.limits
        assert limits.statutory is not None
        process = checker.process
        rows = np.arange(len(cases))
        if checker.has_decide:
            decides = [j for j, k in enumerate(kind) if k == "decide"]
            if not decides:
                return
            after = ends[:, decides] >= a[:, None]
            has = after.any(axis=1)
            column = np.array(decides)[np.argmax(after, axis=1)]
        else:
            has = np.ones(len(cases), dtype=bool)
            column = np.argmax(ends, axis=1)
        b = ends[rows, column]
        extended = np.zeros(len(cases), dtype=bool)
        for j, k in enumerate(kind):
            if k == "extension":
                extended |= (starts[:, j] >= a) & (ends[:, j] <= b)
        for flag in (False, True):
            subset = np.flatnonzero(has & (extended == flag))
            if not len(subset):
                continue
            period = limits.statutory.plus(limits.extension) if flag else limits.statutory
            verdict = self.judge(period, off, starts[subset], ends[subset], a[subset], b[subset])
            late = np.flatnonzero(verdict.late)
            rows_late = subset[late]
            where = self.where(steps, off, starts[rows_late], ends[rows_late], a[rows_late], b[rows_late])
            for i, r, w in zip(late.tolist(), rows_late.tolist(), where, strict=True):
                step = int(steps[column[r]])
                due = checker.due(verdict, i)
                message = statutory_message(process, checker.has_accept, limits, step, flag, verdict, i, due)
                found.setdefault(int(cases[r]), []).append(Deviation(
                    "late-statutory", message, process.steps[step].id, checker.locs[step],
                    days=float(verdict.office[i]), limit=period.days, due=due, where_steps=w[0], where=w[1]))

    def _delivery(self, cases: Any, steps: Any, kind: list[str], off: Any, starts: Any, ends: Any,
                  found: dict[int, list[Deviation]]) -> None:
        import numpy as np

        checker = self.checker
        limit = checker.limits.delivery
        assert limit is not None
        process = checker.process
        decides = [j for j, k in enumerate(kind) if k == "decide"]
        rows = np.arange(len(cases))
        for j, k in enumerate(kind):
            if k != "deliver" or not decides:
                continue
            end = ends[:, j]
            before = ends[:, decides] <= end[:, None]
            has = np.flatnonzero(before.any(axis=1))
            if not len(has):
                continue
            masked = np.where(before, ends[:, decides], -np.inf)
            column = np.array(decides)[np.argmax(masked, axis=1)]
            decision = ends[rows, column]
            verdict = self.judge(limit, off, starts[has], ends[has], decision[has], end[has])
            late = np.flatnonzero(verdict.late)
            rows_late = has[late]
            where = self.where(steps, off, starts[rows_late], ends[rows_late], decision[rows_late], end[rows_late])
            for i, r, w in zip(late.tolist(), rows_late.tolist(), where, strict=True):
                due = checker.due(verdict, i)
                found.setdefault(int(cases[r]), []).append(Deviation(
                    "late-delivery", delivery_message(process, int(steps[j]), int(steps[column[r]]), limit, verdict,
                                                      i, due),
                    process.steps[steps[j]].id, checker.locs[steps[j]], days=float(verdict.office[i]),
                    limit=limit.days, due=due, where_steps=w[0], where=w[1]))
