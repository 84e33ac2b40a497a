"""The simulated cases judged on the legal clock of ``language.legal_clock``, as ``conform`` judges a log.

The engine keeps, for every counted case, the instants the clock needs (``RunStats.case_accepted``,
``case_decided``, ``case_spans``: acceptance, the decision, extension steps, deliveries and the steps
off the clock) in working minutes. They are turned into calendar instants the way the run's event
log writes them (a start at a period boundary is the next period's beginning, an end the end of the
period it finished in) and judged by the same functions as a log's, so ``simulate --log L`` and
``conform L`` find the same late cases for every limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..language.legal_clock import Limits, Period, judge_windows, limits_of

if TYPE_CHECKING:
    from ..language.calendar import WorkCalendar
    from .engine import RunStats, System

KINDS = ("late-promised", "late-statutory", "late-delivery")


@dataclass(frozen=True)
class LegalTimes:
    """Per counted case of one run (in the order of ``RunStats.case_item``), per limit: 1.0 on time,
    0.0 late, NaN where the limit does not apply (the item has none, the case was never accepted
    or decided, or delivered nothing); and the windows ``start`` → ``stop`` (working minutes, NaN
    where none) that ``lateness`` splits among the steps."""

    on_time: dict[str, Any]
    start: dict[str, Any]
    stop: dict[str, Any]

    def late(self, kind: str) -> Any:
        import numpy as np

        return np.nan_to_num(1.0 - self.on_time[kind], nan=0.0).astype(bool)

    def late_counts(self) -> dict[str, int]:
        """How many cases are past each limit that applies to some case of the run."""
        import numpy as np

        return {kind: int(self.late(kind).sum()) for kind in KINDS if not np.isnan(self.on_time[kind]).all()}


def judge_run(run: RunStats, system: System) -> LegalTimes:
    """Every counted case of ``run`` judged against its item's limits."""
    import numpy as np

    calendar = system.calendar
    day = calendar.day_minutes
    n = len(run.case_item)
    item = np.asarray(run.case_item, dtype=np.int64)
    accepted = np.asarray(run.case_accepted, dtype=float)
    decided = np.asarray(run.case_decided, dtype=float)
    end = np.asarray(run.case_end, dtype=float)
    spans = np.asarray(run.case_spans, dtype=float).reshape(-1, 4)
    on_time = {kind: np.full(n, np.nan) for kind in KINDS}
    # the windows: the run's own arrays where they are the same for every case (only the late cases'
    # are ever read)
    start: dict[str, Any] = {"late-promised": accepted, "late-statutory": accepted}
    stop: dict[str, Any] = {"late-promised": end}
    if n == 0:
        return LegalTimes(on_time, start, stop)
    # calendar instants as the event log writes them
    a_cal = _accepted_at(system, item, accepted)
    decided_cal, end_cal = _calendar(calendar, decided), _calendar(calendar, end)
    off_rows, off_lo, off_hi = _off_clock_at(calendar, spans[spans[:, 1] == 0])
    extension = spans[spans[:, 1] == 1]
    delivery = spans[spans[:, 1] == 2]

    def windows(rows: Any, period: Period, a: Any, b: Any) -> Any:
        lo, hi = _matrix(rows, off_rows, off_lo, off_hi, n)
        return judge_windows(calendar, period, a, b, lo, hi, office=False).late

    # the items grouped by their limits: one verdict per distinct limit, however many items share it
    limits: list[Limits] = [limits_of(it.model.process, day) for it in system.items]
    has_decide = np.array([any(s.kind == "decide" for s in it.model.process.steps) for it in system.items])
    accepted_known = ~np.isnan(accepted)

    def rows_of(items: list[int]) -> Any:
        if len(items) == len(limits):  # every item (one process on its own): no need to look
            return np.flatnonzero(accepted_known)
        return np.flatnonzero(np.isin(item, items) & accepted_known)

    promised: dict[Period, list[int]] = {}
    statutory: dict[tuple[Period, Period], list[int]] = {}
    delivered: dict[Period, list[int]] = {}
    for i, limit in enumerate(limits):
        if limit.promised is not None:
            promised.setdefault(limit.promised, []).append(i)
        if limit.statutory is not None:
            statutory.setdefault((limit.statutory, limit.extension), []).append(i)
        if limit.delivery is not None:
            delivered.setdefault(limit.delivery, []).append(i)
    for period, items in promised.items():
        rows = rows_of(items)
        on_time["late-promised"][rows] = ~windows(rows, period, a_cal[rows], end_cal[rows])
    if statutory:
        b = stop["late-statutory"] = np.where(has_decide[item], decided, end)
        b_cal = np.where(has_decide[item], decided_cal, end_cal)
        extended = np.zeros(n, dtype=bool)
        if len(extension):
            ext_rows = extension[:, 0].astype(np.int64)
            inside = (extension[:, 2] >= accepted[ext_rows]) & (extension[:, 3] <= b[ext_rows])
            extended[ext_rows[inside]] = True
        for (period, more), items in statutory.items():
            rows = rows_of(items)
            rows = rows[~np.isnan(b[rows])]
            for flag in (False, True):
                subset = rows[extended[rows] == flag]
                if len(subset):
                    limit = period.plus(more) if flag else period
                    on_time["late-statutory"][subset] = ~windows(subset, limit, a_cal[subset], b_cal[subset])
    for period, items in delivered.items():
        if not len(delivery):
            break
        rows = delivery[:, 0].astype(np.int64)
        use = np.isin(item[rows], items)
        if not use.any():
            continue
        rows, found = rows[use], delivery[use]
        late = windows(rows, period, _calendar(calendar, found[:, 2]), _calendar(calendar, found[:, 3]))
        on_time["late-delivery"][rows] = 1.0
        on_time["late-delivery"][rows[late]] = 0.0
        # the window of a case's last late delivery (or of its last one), for where the time went
        if "late-delivery" not in start:
            start["late-delivery"], stop["late-delivery"] = np.full(n, np.nan), np.full(n, np.nan)
        order = np.lexsort((np.arange(len(rows)), late))  # late ones last: the last assignment wins
        start["late-delivery"][rows[order]] = found[order, 2]
        stop["late-delivery"][rows[order]] = found[order, 3]
    return LegalTimes(on_time, start, stop)


def _accepted_at(system: System, item: Any, accepted: Any) -> Any:
    """The cases' acceptance as calendar instants, as the log dates it: the end of an accept step, or
    for an item without one the start of its first step (a start: at a boundary, the next opening)."""
    import numpy as np

    calendar = system.calendar
    begun = np.array([not any(s.kind == "accept" for s in it.model.process.steps) for it in system.items])
    return np.where(begun[item], _calendar(calendar, accepted, resume=True), _calendar(calendar, accepted))


def _off_clock_at(calendar: WorkCalendar, spans: Any) -> tuple[Any, Any, Any]:
    """The steps off the clock among ``spans`` (rows of ``RunStats.case_spans``): their cases' rows and
    their starts and ends as calendar instants, as the log writes them."""
    import numpy as np

    lo = np.maximum(_calendar(calendar, spans[:, 2], resume=True), 0.0)
    return spans[:, 0].astype(np.int64), lo, _calendar(calendar, spans[:, 3])


def _calendar(calendar: WorkCalendar, w: Any, *, resume: bool = False) -> Any:
    """Working minutes as calendar minutes (NaN kept)."""
    import numpy as np

    w = np.asarray(w, dtype=float)
    out = np.full(w.shape, np.nan)
    known = ~np.isnan(w)
    if known.any():
        out[known] = calendar.to_calendar_many(w[known], resume=resume)
    return out


def _matrix(rows: Any, off_rows: Any, lo: Any, hi: Any, n: int) -> tuple[Any, Any]:
    """The steps off the clock of the cases ``rows`` as two cases × steps arrays (NaN padded)."""
    import numpy as np

    if not len(off_rows):
        return np.empty((len(rows), 0)), np.empty((len(rows), 0))
    unique, inverse = np.unique(rows, return_inverse=True)
    if len(unique) < len(rows):  # a case with two deliveries: each has the case's steps
        lo_u, hi_u = _matrix(unique, off_rows, lo, hi, n)
        return lo_u[inverse], hi_u[inverse]
    local = np.full(n, -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    which = local[off_rows]
    keep = which >= 0
    which, lo, hi = which[keep], lo[keep], hi[keep]
    if not len(which):
        return np.empty((len(rows), 0)), np.empty((len(rows), 0))
    order = np.argsort(which, kind="stable")
    which, lo, hi = which[order], lo[order], hi[order]
    first = np.searchsorted(which, which, side="left")
    rank = np.arange(len(which)) - first
    width = int(rank.max()) + 1
    out_lo, out_hi = np.full((len(rows), width), np.nan), np.full((len(rows), width), np.nan)
    out_lo[which, rank], out_hi[which, rank] = lo, hi
    return out_lo, out_hi


def judge_open(run: RunStats, system: System) -> tuple[Any, Any]:
    """The cases still in progress at the end of ``run`` (``RunStats.open_*``) that are already past
    their promised or statutory limit, judged on the legal clock at the run's end (or, for the
    statutory limit, at a decision already made): 1.0 past it, 0.0 not (yet), NaN where the item has
    no such limit. A case not yet accepted has no limit running."""
    import numpy as np

    calendar = system.calendar
    day = calendar.day_minutes
    n = len(run.open_item)
    item = np.asarray(run.open_item, dtype=np.int64)
    accepted = np.asarray(run.open_accepted, dtype=float)
    decided = np.asarray(run.open_decided, dtype=float)
    spans = np.asarray(run.open_spans, dtype=float).reshape(-1, 4)
    past = {kind: np.full(n, np.nan) for kind in KINDS[:2]}
    if n == 0:
        return past["late-promised"], past["late-statutory"]
    a_cal = _accepted_at(system, item, accepted)
    end_cal = _calendar(calendar, np.full(n, run.end))
    stop_cal = np.where(np.isnan(decided), end_cal, _calendar(calendar, decided))
    off_rows, off_lo, off_hi = _off_clock_at(calendar, spans)
    known = ~np.isnan(accepted)
    for i, it in enumerate(system.items):
        limits = limits_of(it.model.process, day)
        mine = item == i
        for kind, period, stop in (("late-promised", limits.promised, end_cal),
                                   ("late-statutory", limits.statutory, stop_cal)):
            if period is None:
                continue
            past[kind][mine] = 0.0
            rows = np.flatnonzero(mine & known)
            if len(rows):
                lo, hi = _matrix(rows, off_rows, off_lo, off_hi, n)
                late = judge_windows(calendar, period, a_cal[rows], stop[rows], lo, hi, office=False).late
                past[kind][rows] = late.astype(float)
    return past["late-promised"], past["late-statutory"]
