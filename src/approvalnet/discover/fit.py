"""What the log tells beyond the order of activities: durations, lanes and staff, arrivals, choices.

Every time is measured on the working calendar (``approvalnet.language.calendar.WorkCalendar``): the
simulator runs on office minutes, so a step that began at 11:50 and ended at 13:40 took 20 minutes
of office time with the default hours, not 110. Durations are fitted to the office minutes between
an execution's start and its end; when the log has no start times, to the office minutes since the
previous completion in the case (which then includes the waiting time: see ``docs/discovery.md``).
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..language.calendar import WorkCalendar
from .read import EventLog, Execution

# Below this coefficient of variation (or spread in minutes) the durations are taken as fixed.
FIXED_CV = 0.01
FIXED_SPREAD = 0.05
# A parametric fit is kept when its Kolmogorov–Smirnov distance is below c(α)/√n at α = 0.01 …
KS_ALPHA_FACTOR = 1.63
# … or below this absolute distance (with thousands of samples the test rejects any small difference).
KS_GOOD_ENOUGH = 0.03
# Among fits this close in KS distance, the one with fewer parameters wins.
KS_TIE = 0.005
MAX_KS_SAMPLES = 4000  # larger samples are thinned evenly for the test (the fit uses all of them)
EMPIRICAL_POINTS = 20
_MEMBER = re.compile(r"^(.*?)\s*#\s*\d+$")  # "window#2": member 2 of the pool "window" (approvalnet's logs)


# --- time on the calendar -------------------------------------------------------------------------------


class Clock:
    """Office minutes of naive local datetimes on one ``WorkCalendar`` that starts at the log's first day."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._origin = datetime.datetime.combine(calendar.start, datetime.time())

    def working(self, when: datetime.datetime) -> float:
        return self.calendar.to_working((when - self._origin).total_seconds() / 60.0)


def first_working_day(log: EventLog, calendar: WorkCalendar) -> datetime.date:
    """The first working day on or after the log's first date (the start of the discovered calendar)."""
    first = min((e.start or e.end) for e in log.executions).date()
    day = first
    for _ in range(60):
        if calendar.is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    return first


@dataclass(frozen=True)
class Timed:
    """An execution with its start and end in office minutes (``start`` None when not measurable)."""

    execution: Execution
    start: float | None
    end: float


def timed_traces(log: EventLog, clock: Clock) -> dict[str, list[Timed]]:
    """Per case, its executions on the office clock; without a start in the log, an execution starts
    at the previous completion in its case (the first execution of a case has no start then)."""
    result: dict[str, list[Timed]] = {}
    for case, trace in log.traces.items():
        timed: list[Timed] = []
        previous: float | None = None
        for e in trace:
            end = clock.working(e.end)
            start = clock.working(e.start) if e.start is not None else previous
            timed.append(Timed(e, start, end))
            previous = end if previous is None else max(previous, end)
        result[case] = timed
    return result


# --- durations ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DurationFit:
    """A duration for the language: ``spec`` as written in the file (None: no duration), and how it fits."""

    spec: dict[str, Any] | None
    samples: int
    mean: float  # office minutes
    ks: float | None = None  # Kolmogorov–Smirnov distance of the chosen fit to the samples

    @property
    def distribution(self) -> str:
        return "none" if self.spec is None else str(self.spec.get("distribution", "fixed"))


def fit_duration(samples: list[float], day_minutes: float) -> DurationFit:
    """The language's distribution that fits ``samples`` (office minutes) best by KS distance, with
    parameters by moments (or the extremes, for uniform and triangular); an empirical distribution of
    quantiles when none fits."""
    values = sorted(max(0.0, v) for v in samples if v is not None and math.isfinite(v))
    n = len(values)
    if n == 0:
        return DurationFit(None, 0, 0.0)
    mean = statistics.fmean(values)
    sd = statistics.pstdev(values) if n > 1 else 0.0
    if values[-1] < 1e-3:  # under a tenth of a second: the step takes no time
        return DurationFit(None, n, mean)
    if sd <= FIXED_CV * mean or values[-1] - values[0] <= FIXED_SPREAD:
        return DurationFit(_fixed(mean, day_minutes), n, mean, 0.0)
    from scipy import stats

    low, high = values[0], values[-1]
    mode = min(high, max(low, 3 * mean - low - high))
    shape = (mean / sd) ** 2
    sigma = math.sqrt(math.log(1 + (sd / mean) ** 2))
    candidates: list[tuple[int, str, Any, dict[str, Any]]] = [
        (1, "exponential", stats.expon(scale=mean), {"mean": mean}),
        (2, "uniform", stats.uniform(loc=low, scale=high - low), {"min": low, "max": high}),
        (2, "normal", stats.truncnorm(-mean / sd, math.inf, loc=mean, scale=sd), {"mean": mean, "sd": sd}),
        (2, "gamma", stats.gamma(shape, scale=sd * sd / mean), {"mean": mean, "sd": sd}),
        (2, "lognormal", stats.lognorm(sigma, scale=math.exp(math.log(mean) - sigma * sigma / 2)),
         {"mean": mean, "sd": sd}),
        (3, "triangular", stats.triang((mode - low) / (high - low), loc=low, scale=high - low),
         {"min": low, "mode": mode, "max": high}),
    ]
    test = values if n <= MAX_KS_SAMPLES else [values[int(i * n / MAX_KS_SAMPLES)] for i in range(MAX_KS_SAMPLES)]
    scored = [(float(stats.kstest(test, dist.cdf).statistic), order, name, params)
              for order, name, dist, params in candidates]
    best = min(score for score, *_ in scored)
    ks, _, name, params = min((s for s in scored if s[0] <= best + KS_TIE), key=lambda s: (s[1], s[0]))
    if ks > max(KS_GOOD_ENOUGH, KS_ALPHA_FACTOR / math.sqrt(len(test))):
        return DurationFit(_empirical(values, day_minutes), n, mean, _empirical_ks(values))
    spec: dict[str, Any] = {"distribution": name}
    spec.update({key: quantity(value, day_minutes) for key, value in params.items()})
    return DurationFit(spec, n, mean, ks)


def _fixed(mean: float, day_minutes: float) -> dict[str, Any]:
    return {"distribution": "fixed", "value": quantity(mean, day_minutes)}


def _empirical(values: list[float], day_minutes: float) -> dict[str, Any]:
    """The mean of each of EMPIRICAL_POINTS equal slices of the sorted samples, equally likely: the
    shape of the samples, and exactly their mean (a quantile at the middle of each slice would
    understate the mean of a long right tail)."""
    n = len(values)
    points = min(n, EMPIRICAL_POINTS)
    bounds = [round(k * n / points) for k in range(points + 1)]
    chosen = [statistics.fmean(values[bounds[k]:bounds[k + 1]]) for k in range(points)]
    return {"distribution": "empirical", "values": [quantity(v, day_minutes) for v in chosen]}


def _empirical_ks(values: list[float]) -> float:
    return 0.5 / min(len(values), EMPIRICAL_POINTS)  # the step of a quantile staircase, at most


def quantity(minutes: float, day_minutes: float) -> str:
    """Office minutes as a quantity of the language: min, h or workdays, with four significant digits."""
    minutes = max(0.0, minutes)
    if minutes < 60:
        value, unit = minutes, "min"
    elif minutes < day_minutes:
        value, unit = minutes / 60, "h"
    else:
        value, unit = minutes / day_minutes, "workdays"
    return f"{number(value)} {unit}"


def number(value: float) -> str:
    if value == 0:
        return "0"
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def durations(traces: dict[str, list[Timed]]) -> dict[str, list[float]]:
    """Office minutes of each execution with a start, per activity."""
    result: dict[str, list[float]] = {}
    for trace in traces.values():
        for t in trace:
            if t.start is not None:
                result.setdefault(t.execution.activity, []).append(max(0.0, t.end - t.start))
    return result


# --- lanes ---------------------------------------------------------------------------------------------------


@dataclass
class LaneFit:
    """A lane of the discovered process."""

    id: str
    name: str
    kind: str  # window, department, external or applicant
    staff: int | None
    resources: list[str]
    note: str


@dataclass
class Lanes:
    lanes: list[LaneFit]
    of_activity: dict[str, str]  # activity -> lane id
    source: str  # how the lanes were found: "pools", "roles" or "none"


def slug(text: str, fallback: str) -> str:
    """An id of the language (a letter, then letters, digits, '-' and '_') from ``text``, or ``fallback``."""
    value = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-_").lower()
    value = re.sub(r"-{2,}", "-", value)
    return value if value and value[0].isalpha() and value.isascii() else fallback


def find_lanes(log: EventLog, traces: dict[str, list[Timed]]) -> Lanes:
    """Lanes from the resources of the log.

    - Resources written ``pool#n`` (as approvalnet's simulator writes them) are members of the pool;
      the pool is a staffed lane with as many staff as members were seen. A resource without ``#``
      in such a log that works on several cases at once is a lane without staff (the applicant, or
      an outside body); one that never does is a lane of one person.
    - Other resources (people) are grouped into lanes by pm4py's organizational roles (resources
      that do the same activities), each with as many staff as people.
    - Without resources, one department lane holds every step, with as many staff as executions were
      ever under way at once.
    """
    activities = log.activities
    if not log.has_resource:
        peak = _peak(t for trace in traces.values() for t in trace)
        lane = LaneFit("department", "department", "department", max(1, peak), [],
                       f"the log names no resources: one lane, staff = most executions under way at once ({peak})")
        return Lanes([lane], {a: lane.id for a in activities}, "none")
    resources = {e.resource for e in log.executions if e.resource}
    if any(_MEMBER.match(r) for r in resources):
        return _pool_lanes(log, traces)
    return _role_lanes(log, traces)


def _pool_lanes(log: EventLog, traces: dict[str, list[Timed]]) -> Lanes:
    members: dict[str, set[str]] = {}
    pool_of: dict[str, str] = {}
    for r in sorted({e.resource for e in log.executions if e.resource}):
        match = _MEMBER.match(r)
        pool = match.group(1) if match else r
        members.setdefault(pool, set()).add(r)
        pool_of[r] = pool
    by_pool: dict[str, list[Timed]] = {}
    votes: dict[str, Counter[str]] = {}
    for trace in traces.values():
        for t in trace:
            pool = pool_of.get(t.execution.resource or "", "")
            by_pool.setdefault(pool, []).append(t)
            votes.setdefault(t.execution.activity, Counter())[pool] += 1
    lanes: list[LaneFit] = []
    ids: dict[str, str] = {}
    for k, pool in enumerate(sorted(members), start=1):
        lane_id = unique(slug(pool, f"lane{k}"), set(ids.values()))
        ids[pool] = lane_id
        numbered = sorted(r for r in members[pool] if _MEMBER.match(r))
        if numbered:
            plural = "s" if len(numbered) > 1 else ""
            lanes.append(LaneFit(lane_id, pool, _staffed_kind(pool), len(numbered), numbered,
                                 f"{len(numbered)} member{plural} seen: {_listing(numbered)}"))
            continue
        peak = _peak(by_pool.get(pool, []))
        if peak > 1:
            kind = "applicant" if _looks_like_applicant(pool) else "external"
            lanes.append(LaneFit(lane_id, pool, kind, None, [pool],
                                 f"'{pool}' works on up to {peak} cases at once: a lane without staff"))
        else:
            lanes.append(LaneFit(lane_id, pool, _staffed_kind(pool), 1, [pool],
                                 f"'{pool}' never works on two cases at once: one staff"))
    if "" in by_pool:  # executions without a resource
        lane_id = unique("unassigned", set(ids.values()))
        ids[""] = lane_id
        peak = _peak(by_pool[""])
        lanes.append(LaneFit(lane_id, "unassigned", "department", max(1, peak), [],
                             f"executions without a resource; staff = most under way at once ({peak})"))
    of_activity = {a: ids[c.most_common(1)[0][0]] for a, c in votes.items()}
    return Lanes(lanes, of_activity, "pools")


def _role_lanes(log: EventLog, traces: dict[str, list[Timed]]) -> Lanes:
    import pandas as pd
    import pm4py

    rows = [(e.case, e.activity, e.resource, e.end) for e in log.executions if e.resource]
    frame = pd.DataFrame(rows, columns=["case:concept:name", "concept:name", "org:resource", "time:timestamp"])
    roles = pm4py.discover_organizational_roles(frame)
    # roles in the order in which their first activity happens in a case, so lane1 comes first
    position = positions(traces)
    roles = sorted(roles, key=lambda role: min((position.get(str(a), math.inf) for a in role.activities),
                                               default=math.inf))
    by_resource: dict[str, list[Timed]] = {}
    for trace in traces.values():
        for t in trace:
            by_resource.setdefault(t.execution.resource or "", []).append(t)
    lanes: list[LaneFit] = []
    of_activity: dict[str, str] = {}
    for k, role in enumerate(roles, start=1):
        people = sorted(role.originator_importance, key=lambda r: (-role.originator_importance[r], r))
        lane_id = f"lane{k}"
        name = _listing(people, 3)
        activities = _count(len(role.activities), "activity", "activities")
        if all(_peak(by_resource.get(r, [])) > 1 for r in people):
            kind = "applicant" if _looks_like_applicant(name) else "external"
            lanes.append(LaneFit(lane_id, name, kind, None, people,
                                 f"works on several cases at once ({activities}): a lane without staff"))
        else:
            lanes.append(LaneFit(lane_id, name, _staffed_kind(name), len(people), people,
                                 f"a role of {_count(len(people), 'person', 'people')} doing {activities}"))
        for activity in role.activities:
            of_activity.setdefault(str(activity), lane_id)
    missing = [a for a in log.activities if a not in of_activity]
    if missing:
        peak = _peak(t for trace in traces.values() for t in trace if t.execution.activity in missing)
        lanes.append(LaneFit("unassigned", "unassigned", "department", max(1, peak), [],
                             "activities without a resource"))
        of_activity.update({a: "unassigned" for a in missing})
    return Lanes(lanes, of_activity, "roles")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _staffed_kind(name: str) -> str:
    return "window" if re.search(r"window|窗口", name, re.IGNORECASE) else "department"


def _looks_like_applicant(name: str) -> bool:
    return bool(re.search(r"applicant|申请", name, re.IGNORECASE))


def unique(value: str, taken: set[str]) -> str:
    candidate, k = value, 2
    while candidate in taken:
        candidate, k = f"{value}-{k}", k + 1
    return candidate


def _listing(items: list[str], limit: int = 4) -> str:
    return ", ".join(items[:limit]) + (f" … ({len(items)})" if len(items) > limit else "")


def _peak(timed: Any) -> int:
    """The most executions under way at once (an end at the very time of a start frees first)."""
    points: list[tuple[float, int]] = []
    for t in timed:
        if t.start is not None and t.end > t.start:
            points.append((t.start, 1))
            points.append((t.end, -1))
    points.sort(key=lambda p: (p[0], p[1]))
    level = peak = 0
    for _, change in points:
        level += change
        peak = max(peak, level)
    return peak


# --- arrivals, cycle times, order --------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrivals:
    per_workday: float
    cases: int
    span_workdays: float


def arrivals(traces: dict[str, list[Timed]], day_minutes: float) -> Arrivals:
    """Cases per working day, from the first moment of each case (its first start, else first end)."""
    firsts = sorted(min((t.start if t.start is not None else t.end) for t in trace) for trace in traces.values())
    n = len(firsts)
    span = (firsts[-1] - firsts[0]) / day_minutes if n else 0.0
    if n < 2 or span <= 0:
        return Arrivals(float(max(n, 1)), n, span)
    # n arrivals: n - 1 gaps between the first and the last
    return Arrivals((n - 1) / span, n, span)


def cycle_times(traces: dict[str, list[Timed]], day_minutes: float) -> list[float]:
    """Per case, the office days from its first moment to its last completion."""
    result = []
    for trace in traces.values():
        first = min((t.start if t.start is not None else t.end) for t in trace)
        result.append((max(t.end for t in trace) - first) / day_minutes)
    return result


def positions(traces: dict[str, list[Timed]]) -> dict[str, float]:
    """Per activity, the mean office minutes from the start of a case to its first execution there:
    the order in which the steps are listed."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for trace in traces.values():
        first = min((t.start if t.start is not None else t.end) for t in trace)
        seen: set[str] = set()
        for rank, t in enumerate(trace):
            a = t.execution.activity
            if a in seen:
                continue
            seen.add(a)
            begun = t.start if t.start is not None else t.end
            # the rank breaks ties between steps that take no time
            sums[a] = sums.get(a, 0.0) + (begun - first) + rank * 1e-6
            counts[a] = counts.get(a, 0) + 1
    return {a: sums[a] / counts[a] for a in sums}


# --- choices ---------------------------------------------------------------------------------------------------


@dataclass
class ChoiceCounts:
    """How often each target followed an activity's execution, and how many executions were undecided."""

    counts: dict[int, int] = field(default_factory=dict)
    undecided: int = 0

    @property
    def decided(self) -> int:
        return sum(self.counts.values())


def observe_choice(log: EventLog, activity: str | None, first: dict[int, set[str]],
                   end_key: int | None) -> ChoiceCounts:
    """After each execution of ``activity`` (``None``: at the start of each case), which target came:
    the first later execution in the case whose activity begins one of the targets (``first`` maps a
    target to the activities that begin it), or the end of the case when ``end_key`` is a target and
    nothing of them came."""
    owner: dict[str, int] = {}
    ambiguous: set[str] = set()
    for key, names in first.items():
        for name in names:
            if name in owner and owner[name] != key:
                ambiguous.add(name)
            owner[name] = key
    result = ChoiceCounts()
    for trace in log.traces.values():
        positions = [-1] if activity is None else [i for i, e in enumerate(trace) if e.activity == activity]
        for i in positions:
            decided: int | None = None
            for later in trace[i + 1:]:
                if later.activity in owner and later.activity not in ambiguous:
                    decided = owner[later.activity]
                    break
                if later.activity == activity:
                    break  # the activity again, by none of the targets: undecided
            else:
                decided = end_key
            if decided is None:
                result.undecided += 1
            else:
                result.counts[decided] = result.counts.get(decided, 0) + 1
    return result
