"""Overload and backlog (issue 14, part 4): a run in which a pool cannot keep up goes on to its horizon
and reports the work in progress week by week, its growth against the queueing arithmetic, when the
limits start to be missed and the staff that would clear the backlog; a stable run shows a flat one."""

from __future__ import annotations

import datetime
import json
import math
import statistics
from pathlib import Path

import pytest

from approvalnet.cli import main
from approvalnet.language.loader import parse_process
from approvalnet.language.types import Process
from approvalnet.sim import SimulationError, simulate

ROOT = Path(__file__).resolve().parents[2]
# the minimal example with one step in the office, so that the office's queue is a plain M/M/1 one: a
# second step there (its decision) would queue behind the new work, and cases would finish even slower
MINIMAL = (ROOT / "examples/minimal.yaml").read_text(encoding="utf-8").replace(
    "{id: review, name: 审查, lane: office, kind: review, duration: 2 h}",
    "{id: review, name: 审查, lane: office, kind: review, duration: 150 min, end: approved}").replace(
    "  - {id: decide, name: 决定, lane: office, kind: decide, duration: 30 min, end: approved}\n", "")
DAY = 420.0  # office minutes of the default calendar's day
OFFICE_MINUTES = 150.0  # the office lane (1 staff) works 150 minutes on each case that reaches it
REACH = 0.9  # the share of cases that reach it


def minimal(per_workday: float) -> str:
    return MINIMAL + f"simulation:\n  arrivals: {{per_workday: {per_workday}}}\n"


def process(per_workday: float) -> Process:
    parsed, problems = parse_process(minimal(per_workday), "p.yaml")
    assert parsed is not None, problems
    return parsed


def test_an_overloaded_process_runs_to_its_horizon_and_its_backlog_grows_as_the_arithmetic_says() -> None:
    rate, days = 6.0, 80
    result = simulate(process(rate), days=days, replications=4, seed=3, overload=True)
    backlog = result.backlog
    assert backlog is not None and not backlog.steady and backlog.overloaded == ("office",)
    assert result.overloaded == ("office",)
    # arrivals that reach the office less what its one member of staff can finish, per working day
    capacity = DAY / OFFICE_MINUTES
    expected = rate * REACH - capacity
    office = backlog.pools[0]
    assert office.pool == "office" and office.overloaded
    assert office.expected_growth == pytest.approx(expected)
    assert office.offered_load == pytest.approx(rate * REACH * OFFICE_MINUTES / DAY)
    assert backlog.growth_per_workday.mean == pytest.approx(expected, rel=0.3)
    assert backlog.end_in_progress.mean == pytest.approx(expected * days, rel=0.2)
    # the weeks' work in progress rises, and the weeks follow the Chinese calendar: Qingming (Friday 4 April
    # 2025) shortens a week, the make-up Sunday of 27 April lengthens one
    wip = [w.in_progress.mean for w in backlog.weeks]
    assert wip[-1] > wip[len(wip) // 2] > wip[0]
    lengths = {b.period: b.workday - a.workday for a, b in zip(backlog.weeks, backlog.weeks[1:], strict=False)}
    assert lengths["2025-W14"] == 4 and lengths["2025-W17"] == 6 and lengths["2025-W13"] == 5
    assert backlog.months and backlog.months[-1].workday == days
    # the limits are missed as the queue grows: judged by the applications of each week (those finished in
    # a week of an overloaded run are the lucky ones), known late when finished late or still open past it
    assert backlog.first_missed_promised is not None and backlog.first_missed_statutory is not None
    middle = backlog.weeks[len(backlog.weeks) // 2]
    assert middle.late_statutory.mean > 0.5 > backlog.weeks[0].late_statutory.mean
    # every case still open at the end is found (the work in progress, as no warm-up was run)
    assert backlog.end_in_progress.mean == pytest.approx(
        statistics.fmean(len(r) for r in result_runs(days, rate)))
    # the staff: keep up needs 2 (load 1.93); clearing adds the owed work spread over the days left
    assert office.staff_to_keep_up == 2
    owed = office.owed_staff_days.mean
    assert owed == pytest.approx(backlog.end_in_progress.mean * OFFICE_MINUTES / DAY, rel=0.25)
    assert office.staff_to_clear == math.floor(office.offered_load + owed / days + 1e-9) + 1
    assert backlog.clear_workdays == days


def result_runs(days: int, rate: float) -> list:
    """The open cases of each of the four runs of the test above, from the engine itself."""
    from approvalnet.sim.engine import compile_model, single
    from approvalnet.sim.replicate import replicate

    runs, __ = replicate(single(compile_model(process(rate))), days=days, cases=None, seed=3, replications=4,
                         warmup_days=0, overload=True)
    return [r.open_arrival for r in runs]


def test_a_stable_process_shows_a_flat_backlog() -> None:
    result = simulate(process(2.0), days=80, replications=3, seed=1)
    backlog = result.backlog
    assert backlog is not None and backlog.steady and result.overloaded == ()
    assert abs(backlog.growth_per_workday.mean) < 0.3
    assert max(w.in_progress.mean for w in backlog.weeks) < 15
    assert backlog.first_missed_statutory is None and backlog.first_missed_promised is None
    assert all(w.late_promised.mean == 0 for w in backlog.weeks)
    assert all(p.staff_to_clear <= p.staff for p in backlog.pools)


def test_the_clearing_date_counts_working_days_and_must_follow_the_run() -> None:
    overloaded = process(6.0)
    result = simulate(overloaded, days=20, seed=1, overload=True, clear_by=datetime.date(2025, 6, 30))
    backlog = result.backlog
    assert backlog is not None and backlog.clear_by == "2025-06-30"
    # the run starts on 2025-03-03: 20 working days end on 2025-03-28; from then to the date, the working days
    # of the Chinese calendar (Qingming, Labour Day and Dragon Boat holidays, their make-up weekend days)
    import chinese_calendar

    assert backlog.run_end == "2025-03-28"
    assert backlog.clear_workdays == len(chinese_calendar.get_workdays(datetime.date(2025, 3, 29),
                                                                       datetime.date(2025, 6, 30)))
    with pytest.raises(SimulationError, match="not after the end of the run"):
        simulate(overloaded, days=20, seed=1, overload=True, clear_by=datetime.date(2025, 3, 20))
    with pytest.raises(SimulationError, match="cannot keep up"):
        simulate(overloaded, days=20, seed=1)  # without overload: refused, as before


def test_the_command_reports_the_backlog_in_text_json_and_html(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(minimal(6.0), encoding="utf-8")
    report = tmp_path / "r.html"
    assert main(["simulate", str(path), "--days", "30", "--report", str(report), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Overloaded: office cannot keep up" in out and "The backlog grows by" in out
    assert "Backlog at the end of each week" in out and "Backlog at the end of each month" in out
    assert "staff to clear their backlog by" in out
    html = report.read_text(encoding="utf-8")
    assert "Overload and backlog" in html and "data:image/png;base64," in html and "At the end of each week" in html
    assert main(["simulate", str(path), "--days", "30", "--format", "json", "--replications", "2",
                 "--clear-by", "2025-12-31"]) == 1
    data = json.loads(capsys.readouterr().out)["backlog"]
    assert data["steady"] is False and data["overloaded"] == ["office"] and data["clear_by"] == "2025-12-31"
    assert data["weeks"][0]["queues"]["office"]["mean"] >= 0 and data["months"]
    assert data["pools"][0]["staff_to_keep_up"] == 2 and "ci95" in data["growth_per_workday"]
    # a stable run: exit 0, the backlog in the JSON only
    path.write_text(minimal(2.0), encoding="utf-8")
    assert main(["simulate", str(path), "--days", "20", "--lang", "en"]) == 0
    assert "Overloaded" not in capsys.readouterr().out
    assert main(["simulate", str(path), "--days", "20", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["backlog"]["steady"] is True


@pytest.mark.parametrize(("args", "words"), [
    (["--days", "20", "--clear-by", "2025-03-10"], "is not after the end of the run (2025-03-28)"),
    (["--cases", "50", "--clear-by", "2025-12-31"], "--clear-by needs a run by working days"),
    (["--cases", "50"], "(--days)"),
    (["--days", "20", "--clear-by", "31.12.2025"], "--clear-by"),
])
def test_the_command_refuses_what_has_no_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                args: list[str], words: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(minimal(6.0), encoding="utf-8")
    assert main(["simulate", str(path), *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_an_overloaded_centre_reports_its_backlog(capsys: pytest.CaptureFixture[str]) -> None:
    centre = ROOT / "processes/kunming/centre.yaml"
    assert main(["simulate", str(centre), "--set", "volume=1.5", "--days", "20", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)["backlog"]
    assert data["steady"] is False and "market" in data["overloaded"]
    ends = [w["in_progress"] for w in data["weeks"]]
    assert ends[-1] > ends[0]
    # every overloaded pool's queue grows by its arrivals beyond what its staff can do
    for pool in data["pools"]:
        if pool["overloaded"]:
            load = pool["offered_load"]
            growth = pool["cases_per_workday"] * (1 - 1 / load)
            assert pool["expected_growth_per_workday"] == pytest.approx(growth, rel=1e-4)
            assert pool["staff_to_keep_up"] > pool["staff"]
    assert statistics.fmean(ends) > 0


def test_a_heavily_overloaded_run_is_bounded_by_its_horizon() -> None:
    """Arrivals 100 times what the office can do: the queue holds thousands of cases, but the run ends at
    its horizon, and its cost follows the arrivals, not the queue."""
    import time

    started = time.perf_counter()
    result = simulate(process(300.0), days=20, seed=2, overload=True)
    assert time.perf_counter() - started < 20
    assert result.backlog is not None and result.backlog.end_in_progress.mean > 5000
    assert result.in_progress == result.backlog.end_in_progress.mean


def test_the_staff_to_keep_up_do_keep_up() -> None:
    """The arithmetic checked by a simulation: the overloaded office with the staff it says keeps up."""
    from approvalnet.sim.scenario import apply_overrides, parse_set

    rate, days = 6.0, 80
    overloaded = simulate(process(rate), days=days, seed=4, overload=True).backlog
    assert overloaded is not None
    office = next(p for p in overloaded.pools if p.pool == "office")
    staffed = apply_overrides(process(rate), [parse_set(f"lanes.office.staff={office.staff_to_keep_up}")])
    backlog = simulate(staffed, days=days, replications=3, seed=4).backlog
    assert backlog is not None and backlog.steady
    # still busy (a load of 96 %), so its queue wanders, but it grows by a fraction of what it did
    assert backlog.growth_per_workday.mean < overloaded.growth_per_workday.mean / 4


def test_cases_still_in_progress_are_judged_on_the_legal_clock_at_the_run_s_end() -> None:
    """The open cases of an overloaded run: those accepted long before the end are past the promised 10
    working days, those accepted in the last days are not (yet), and the statutory limit (20) catches
    fewer; the same count as judging each by hand from its acceptance to the run's end."""
    from random import Random

    import numpy as np

    from approvalnet.language.legal_clock import limits_of, surely_on_time
    from approvalnet.sim.engine import compile_model, run, single
    from approvalnet.sim.legal import judge_open

    system = single(compile_model(process(6.0)))
    stats = run(system, Random(3), days=60)
    past_p, past_s = judge_open(stats, system)
    assert len(past_p) == len(stats.open_item) > 50
    accepted = np.asarray(stats.open_accepted)
    assert not np.isnan(accepted).any()  # every open case has passed its window (the acceptance step)
    calendar = system.calendar
    limits = limits_of(system.items[0].model.process, calendar.day_minutes)
    assert limits.promised is not None
    end = float(calendar.to_calendar(stats.end))
    by_hand = [0.0 if surely_on_time(calendar, limits.promised, float(calendar.to_calendar(a)), end) else 1.0
               for a in accepted]  # no step off the clock here, so the first look is the verdict
    assert past_p.tolist() == by_hand
    assert 0 < past_s.sum() < past_p.sum() < len(past_p)
