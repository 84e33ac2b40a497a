"""Where a late case's time went: a window of the legal clock split into the steps' time and the waits.

A case that misses a limit is usually noticed at its last step (the decision, the delivery), but its
time was lost earlier, in a long review or a wait for an inspection. ``split`` cuts the window at
every start and end of the case's steps; each piece of working time is the *service* of the steps
running in it (shared equally between steps in parallel) or, when none runs, the *wait* before the
next step to start; a piece inside a step off the clock (Art. 45, the applicant's time) is not
counted, as the clock does not count it. The parts therefore add up to the window's working time on
the clock. ``conform`` splits the windows of the limits a logged case missed (``conform.limits``),
``simulate`` those of the simulated cases past the promised or statutory limit (``of_run``); both
sum them per step (``StepTime``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Piece = tuple[float, float, bool]  # start, end, off the clock


@dataclass(frozen=True)
class StepTime:
    """Where the late cases' time went on one limit's clock: the working days spent in a step and
    waiting before it, over all the cases late on that limit, and their share of those cases' clock."""

    step: str
    service_days: float
    wait_days: float
    share: float  # of the late cases' working days on the clock, 0 to 1

    @property
    def days(self) -> float:
        return self.service_days + self.wait_days

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "service_days": round(self.service_days, 3), "wait_days": round(self.wait_days, 3),
                "share": round(self.share, 4)}


def split(spans: Sequence[Piece], a: float, b: float, minutes: Callable[[float], float] | None = None
          ) -> tuple[list[float], list[float]]:
    """The working time of the window ``a`` → ``b`` per span: (service, wait before it), each a list in
    the order of ``spans``; ``minutes`` turns an instant into working minutes (the identity when the
    times are working minutes already)."""
    points = sorted({a, b, *(min(max(t, a), b) for start, end, __ in spans for t in (start, end))})
    at = [minutes(p) for p in points] if minutes is not None else points
    n = len(spans)
    service = [0.0] * n
    wait = [0.0] * n
    # a sweep: the spans by start (then by place), those begun in ``running`` while they last; every
    # start or end inside the window is a point, so a span not begun by a piece begins after it, and
    # one that ended before a piece's end ended before the piece
    order = sorted(range(n), key=lambda j: (spans[j][0], j))
    begun = 0
    running: list[int] = []
    for k in range(len(points) - 1):
        lo, hi = points[k], points[k + 1]
        while begun < n and spans[order[begun]][0] <= lo:
            running.append(order[begun])
            begun += 1
        length = at[k + 1] - at[k]
        if length <= 0:
            continue
        running = [j for j in running if spans[j][1] >= hi]
        if running:
            if any(spans[j][2] for j in running):
                continue  # off the clock
            share = length / len(running)
            for j in running:
                service[j] += share
        elif begun < n:  # no step runs: the case waits for the next one to start
            wait[order[begun]] += length
    return service, wait


def split_many(starts: Any, ends: Any, off: Any, a: Any, b: Any, minutes: Callable[[Any], Any] | None = None
               ) -> tuple[Any, Any]:
    """``split`` of many cases with the same steps at once, on arrays: ``starts`` and ``ends`` (cases ×
    spans), ``off`` (a flag per span), ``a`` and ``b`` (per case); service and wait (cases × spans),
    the same as ``split`` gives (among spans that begin together, the wait goes to the first, as there)."""
    import numpy as np

    rows, width = starts.shape
    if width < 2 or bool(np.all(starts[:, 1:] >= ends[:, :-1])):
        # one step after the other (most cases): each step's time is its own span on the clock, the
        # wait before it the time since the end of the one before (or the window's start)
        edges = np.clip(np.concatenate([a[:, None], starts, ends], axis=1), a[:, None], b[:, None])
        at = minutes(edges) if minutes is not None else edges
        begin, end = at[:, 1:width + 1], at[:, width + 1:]
        service = np.where(np.asarray(off, dtype=bool)[None, :], 0.0, end - begin)
        return service, begin - np.concatenate([at[:, :1], end[:, :-1]], axis=1)
    points = np.sort(np.concatenate([np.clip(starts, a[:, None], b[:, None]), np.clip(ends, a[:, None], b[:, None]),
                                     a[:, None], b[:, None]], axis=1), axis=1)
    length = np.diff(minutes(points) if minutes is not None else points, axis=1)
    lo, hi = points[:, None, :-1], points[:, None, 1:]
    running = (starts[:, :, None] <= lo) & (ends[:, :, None] >= hi)  # case × span × piece
    count = running.sum(axis=1)
    on = length > 0
    if bool(np.any(off)):
        on &= ~running[:, np.asarray(off, dtype=bool), :].any(axis=1)
    share = np.where(on & (count > 0), length / np.maximum(count, 1), 0.0)
    service = np.einsum("rjk,rk->rj", running, share)
    # no step runs: the wait before the next one to start (the first span among equal starts)
    # (the spans by start, stably: among equal starts the first span comes first)
    order = np.argsort(starts, axis=1, kind="stable")
    begun = (np.take_along_axis(starts, order, axis=1)[:, :, None] < hi).sum(axis=1)  # spans begun before hi
    following = np.take_along_axis(order, np.minimum(begun, width - 1), axis=1)
    gap = np.where(on & (count == 0) & (begun < width), length, 0.0)
    slot = (np.arange(rows)[:, None] * width + following).ravel()
    wait = np.bincount(slot, weights=gap.ravel(), minlength=rows * width).reshape(rows, width)
    return service, wait


def summarise(sums: dict[str, dict[str, list[float]]], order: Sequence[str]) -> dict[str, tuple[StepTime, ...]]:
    """``sums``: limit -> step -> [service days, wait days] summed over its late cases; the steps in
    ``order`` (others after them), each with its share of the limit's late time; steps without time
    left out."""
    out: dict[str, tuple[StepTime, ...]] = {}
    for kind, per in sums.items():
        whole = sum(s + w for s, w in per.values())
        steps = [s for s in order if s in per] + [s for s in per if s not in order]
        out[kind] = tuple(StepTime(step, per[step][0], per[step][1], (per[step][0] + per[step][1]) / whole
                                   if whole else 0.0) for step in steps if per[step][0] + per[step][1] > 1e-9)
    return out


def add(sums: dict[str, dict[str, list[float]]], kind: str, where: Iterable[tuple[str, float, float]]) -> None:
    """Add one case's (step, service days, wait days) to the sums of limit ``kind``."""
    per = sums.setdefault(kind, {})
    for step, service, wait in where:
        total = per.setdefault(step, [0.0, 0.0])
        total[0] += service
        total[1] += wait


def of_run(record: Any, case_id: Any, late: dict[str, Any], start: dict[str, Any], stop: dict[str, Any],
           steps: Sequence[str], off: Sequence[bool], day: float) -> dict[str, tuple[StepTime, ...]]:
    """Where the simulated late cases' time went. ``record``: the run's step executions (case, step,
    enabled, started, ended, in working minutes: tuples, or their numbers in one flat array);
    ``case_id``: the counted finished cases (as in ``engine.RunStats``); per limit kind, ``late``:
    which of them are past it and ``start`` → ``stop``: its window (``sim.legal``). Every execution
    runs from its start, as the run's event log shows it to ``conform``; a step's wait in its queue
    is the wait before it."""
    import numpy as np

    case_id = np.asarray(case_id, dtype=float)
    any_late = np.logical_or.reduce([np.asarray(mask, dtype=bool) for mask in late.values()]) if late else None
    if any_late is None or not len(record) or not bool(any_late.any()):
        return {}
    ids = case_id[any_late]
    row_of = {c: k for k, c in enumerate(ids.tolist())}  # late case id -> its row among the late
    table = np.asarray(record, dtype=float).reshape(-1, 5)
    table = table[np.isin(table[:, 0], ids)]
    table = table[np.argsort(table[:, 0], kind="stable")]  # by case, each case's executions in order
    bounds = np.flatnonzero(np.diff(table[:, 0])) + 1
    starts_at = np.concatenate(([0], bounds)).tolist()
    ends_at = np.concatenate((bounds, [len(table)])).tolist()
    step_of = table[:, 1].astype(np.int64)
    off_step = np.asarray(off, dtype=bool)
    groups: dict[bytes, list[tuple[int, int]]] = {}  # the late cases by their steps, as conform's variants
    first_ids = table[starts_at, 0].tolist() if len(table) else []
    for c, i, j in zip(first_ids, starts_at, ends_at, strict=True):
        groups.setdefault(step_of[i:j].tobytes(), []).append((row_of[c], i))
    sums: dict[str, dict[str, list[float]]] = {}
    for key, members in groups.items():
        columns = np.frombuffer(key, dtype=np.int64)
        rows = np.array([i for __, i in members])[:, None] + np.arange(len(columns))[None, :]
        which = np.array([r for r, __ in members])
        names = [steps[c] for c in columns.tolist()]
        for kind, mask in late.items():
            mine = np.asarray(mask, dtype=bool)[any_late][which]
            if not mine.any():
                continue
            a = np.asarray(start[kind], dtype=float)[any_late][which][mine]
            b = np.asarray(stop[kind], dtype=float)[any_late][which][mine]
            service, wait = split_many(table[rows[mine], 3], table[rows[mine], 4], off_step[columns], a, b)
            add(sums, kind, zip(names, (service.sum(axis=0) / day).tolist(), (wait.sum(axis=0) / day).tolist(),
                                strict=True))
    return summarise({kind: sums[kind] for kind in late if kind in sums}, steps)
