"""Durations on the office clock, the choice of distribution, lanes from resources, arrivals, choices."""

from __future__ import annotations

import datetime
import random
import statistics

import pytest

from approvalnet.discover import fit
from approvalnet.discover.read import EventLog, Execution
from approvalnet.language.calendar import WorkCalendar
from approvalnet.language.quantity import parse_quantity

DAY = 420.0  # office minutes of the default day


def minutes(spec_value: str) -> float:
    return parse_quantity(spec_value).working_minutes(DAY)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 3, day, hour, minute)


def test_the_clock_counts_office_minutes_only() -> None:
    clock = fit.Clock(WorkCalendar(start="2025-03-03"))  # a Monday
    assert clock.working(at(3, 13, 40)) - clock.working(at(3, 11, 50)) == pytest.approx(20)  # lunch break
    assert clock.working(at(10, 9, 0)) - clock.working(at(7, 17, 0)) == pytest.approx(30)  # Friday to Monday


@pytest.mark.parametrize(("value", "text"), [(12.5, "12.5 min"), (90, "1.5 h"), (840, "2 workdays"),
                                             (0.123456, "0.1235 min"), (1234.5, "2.939 workdays")])
def test_quantities_are_written_in_a_readable_unit(value: float, text: str) -> None:
    assert fit.quantity(value, DAY) == text
    assert minutes(text) == pytest.approx(value, rel=1e-3)


def test_equal_durations_are_fixed_and_zero_durations_none() -> None:
    assert fit.fit_duration([15.0] * 50, DAY).spec == {"distribution": "fixed", "value": "15 min"}
    assert fit.fit_duration([0.0] * 50, DAY).spec is None
    assert fit.fit_duration([], DAY).spec is None


@pytest.mark.parametrize(
    ("draw", "expected"),
    [(lambda r: r.expovariate(1 / 30), {"exponential"}),
     (lambda r: r.uniform(10, 20), {"uniform"}),
     (lambda r: r.lognormvariate(4, 0.8), {"lognormal"}),
     (lambda r: r.triangular(60, 600, 120), {"triangular"}),
     (lambda r: r.gammavariate(9, 20), {"gamma", "lognormal", "normal"})],  # shape 9: all three look alike
)
def test_the_distribution_that_drew_the_samples_is_chosen(draw, expected: set[str]) -> None:
    rng = random.Random(5)
    samples = [draw(rng) for _ in range(3000)]
    result = fit.fit_duration(samples, DAY)
    assert result.distribution in expected
    assert result.ks < 0.03
    assert result.mean == pytest.approx(statistics.fmean(samples))


def test_samples_no_distribution_fits_become_an_empirical_distribution_with_their_mean() -> None:
    rng = random.Random(2)
    samples = [rng.gauss(30, 2) for _ in range(1000)] + [rng.gauss(600, 20) for _ in range(1000)]
    result = fit.fit_duration(samples, DAY)
    assert result.distribution == "empirical"
    values = [minutes(v) for v in result.spec["values"]]
    assert len(values) == fit.EMPIRICAL_POINTS
    assert statistics.fmean(values) == pytest.approx(statistics.fmean(samples), rel=1e-3)


def execution(case: str, activity: str, start: datetime.datetime, end: datetime.datetime, resource: str | None):
    return Execution(case, activity, end, start, resource)


def timed(log: EventLog) -> dict[str, list[fit.Timed]]:
    return fit.timed_traces(log, fit.Clock(WorkCalendar(start="2025-03-03")))


def make_log(rows: list[Execution]) -> EventLog:
    traces: dict[str, list[Execution]] = {}
    for e in rows:
        traces.setdefault(e.case, []).append(e)
    return EventLog("log.csv", traces, 2 * len(rows), True, any(e.resource for e in rows))


def test_pools_of_members_are_staffed_lanes_and_busy_single_resources_are_not() -> None:
    rows = [execution(str(k), "收件", at(3, 9, 10 * k), at(3, 9, 10 * k + 8), f"window#{k % 3 + 1}") for k in range(6)]
    rows += [execution(str(k), "补正", at(3, 10), at(5, 10), "applicant") for k in range(3)]  # overlapping
    rows += [execution(str(k), "评审", at(4, 9 + k), at(4, 9 + k, 30), "experts") for k in range(2)]  # never
    lanes = fit.find_lanes(make_log(rows), timed(make_log(rows)))
    found = {lane.id: (lane.kind, lane.staff) for lane in lanes.lanes}
    assert found == {"window": ("window", 3), "applicant": ("applicant", None), "experts": ("department", 1)}
    assert lanes.of_activity == {"收件": "window", "补正": "applicant", "评审": "experts"}


def test_without_resources_one_lane_has_the_peak_of_parallel_work_as_staff() -> None:
    rows = [execution(str(k), "a", at(3, 9), at(3, 10), None) for k in range(4)]
    rows += [execution("9", "a", at(3, 11), at(3, 11, 30), None)]
    log = make_log(rows)
    lanes = fit.find_lanes(log, timed(log))
    assert [(lane.id, lane.staff) for lane in lanes.lanes] == [("department", 4)]


def test_people_are_grouped_into_lanes_by_the_activities_they_do() -> None:
    rows = []
    for k in range(20):
        rows.append(execution(str(k), "受理", at(3, 9, k), at(3, 9, k + 1), ["张", "李"][k % 2]))
        rows.append(execution(str(k), "审查", at(3, 10, k), at(3, 10, k + 1), ["王", "赵", "钱"][k % 3]))
        rows.append(execution(str(k), "补正", at(3, 11, k), at(4, 11, k), "申请人"))  # many cases at once
    log = make_log(rows)
    lanes = fit.find_lanes(log, timed(log))
    found = {a: next((lane.id, lane.kind, lane.staff) for lane in lanes.lanes if lane.id == lanes.of_activity[a])
             for a in ("受理", "审查", "补正")}
    assert lanes.source == "roles"
    assert found == {"受理": ("lane1", "department", 2), "审查": ("lane2", "department", 3),
                     "补正": ("lane3", "applicant", None)}


def test_arrivals_per_working_day() -> None:
    # 11 cases, one every 42 office minutes: 10 gaps over one office day
    clock = fit.Clock(WorkCalendar(start="2025-03-03"))
    first = clock.calendar.to_calendar(0, resume=True)
    rows = [execution(str(k), "a", clock.calendar.date_of(clock.calendar.to_calendar(42 * k, resume=True)),
                      clock.calendar.date_of(clock.calendar.to_calendar(42 * k + 1)), None) for k in range(11)]
    assert first == 9 * 60
    result = fit.arrivals(timed(make_log(rows)), DAY)
    assert result.cases == 11 and result.span_workdays == pytest.approx(1.0)
    assert result.per_workday == pytest.approx(10.0)


def test_a_choice_is_observed_after_each_execution() -> None:
    traces = {"1": ["a", "b", "d"], "2": ["a", "c"], "3": ["a", "x", "b"], "4": ["a"], "5": ["a", "a", "c"]}
    log = EventLog("log.csv", {case: [Execution(case, name, at(3, 9, i)) for i, name in enumerate(names)]
                               for case, names in traces.items()}, 0, False, False)
    counts = fit.observe_choice(log, "a", {1: {"b"}, 2: {"c"}}, end_key=3)
    # case 3: x is no target, b is; case 4 ends; case 5: the second a is undecided, then c
    assert counts.counts == {1: 2, 2: 2, 3: 1} and counts.undecided == 1
