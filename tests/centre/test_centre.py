"""Centre files: references, shared windows, staffing against Erlang C, and the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvalnet.centre.simulate import simulate_centre
from approvalnet.centre.staffing import Precision, Targets, erlang_start, search_staff
from approvalnet.cli import main
from approvalnet.language.centre_loader import is_centre_file, read_centre
from approvalnet.sim.queueing import erlang_c_wait

from .conftest import ROUND_THE_CLOCK, item_text

TWO_ITEMS = {"a.yaml": item_text("A"), "b.yaml": item_text("B")}


def centre_text(items: str, windows: str = "  front: {name: 综合窗口, staff: 1}", departments: str = "") -> str:
    return f"""centre: {{name: 测试中心}}
{ROUND_THE_CLOCK}
windows:
{windows}
{"departments:" + chr(10) + departments if departments else ""}
items:
{items}
"""


@pytest.mark.parametrize(("items", "message", "line"), [
    ("  - {file: missing.yaml, per_workday: 1}", "'missing.yaml': no such process file", 7),
    ("  - {file: ../outside.yaml, per_workday: 1}", "is outside the centre's folder", 7),
    ("  - {file: a.yaml, per_workday: 1, window: back}", "'back' is not a window of the centre", 7),
    ("  - {file: a.yaml, per_workday: 1, department: nope}", "'nope' is not a department of the centre", 7),
    ("  - {file: a.yaml, per_workday: 1, lanes: {dsk: front}}", "'a.yaml' has no lane 'dsk' (did you mean 'desk'?)",
     7),
    ("  - {file: a.yaml, per_workday: 1, lanes: {desk: fornt}}", "'fornt' is not a window or department of the centre "
     "(did you mean 'front'?)", 7),
    ("  - {file: a.yaml, per_workday: 1}\n  - {file: a.yaml, per_workday: 2}", "'a.yaml' is listed twice", 8),
    ("  - {file: a.yaml, per_workday: 0}", "must be more than 0", 7),
    ("  - {file: a.yaml, per_workday: 1, months: [1, 2]}", "months", 7),
    ("  - {file: a.yaml, per_workday: 1, profile: [1, 2]}", "the profile gives 2 hourly weights", 7),
    ("  - {file: bad.yaml, per_workday: 1}", "'bad.yaml' is not a valid process file (1 problem", 7),
])
def test_reference_errors_name_the_line(make_centre, items: str, message: str, line: int) -> None:
    (Path(make_centre(centre_text("  - {file: a.yaml, per_workday: 1}"), TWO_ITEMS)).parent.parent
     / "outside.yaml").write_text(item_text("O"), encoding="utf-8")
    path = make_centre(centre_text(items), {**TWO_ITEMS, "bad.yaml": item_text("X").replace("lane: desk", "lane: dk")})
    centre, problems = read_centre(path)
    assert centre is None
    found = [p for p in problems if message in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].loc.line == line and found[0].loc.file == str(path)
    if "bad.yaml" in items:  # the item's own problem is reported at its own file and line
        assert any(p.loc.file.endswith("bad.yaml") and "names lane 'dk'" in p.message and p.loc.line == 10
                   for p in problems)


def test_centre_file_is_told_from_a_process_file(make_centre) -> None:
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 1}"), TWO_ITEMS)
    assert is_centre_file(path) and not is_centre_file(path.parent / "a.yaml")


def test_lanes_map_by_department_id_and_organ_name_and_unmapped_ones_are_kept(make_centre) -> None:
    items = {"a.yaml": item_text("A", lane_kind="department", lane_id="market"),
             "b.yaml": item_text("B", lane_kind="department", lane_id="review", organ="某卫健委"),
             "c.yaml": item_text("C", lane_kind="department", lane_id="review", organ="别的局")}
    text = centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1}\n"
                       "  - {file: c.yaml, per_workday: 1}",
                       departments="  market: {name: 市场监管局, staff: 2}\n  health: {name: 某卫健委, staff: 2}")
    centre, problems = read_centre(make_centre(text, items))
    assert centre is not None, problems
    a, b, c = centre.items
    assert a.lane_pool == {"market": "market"} and b.lane_pool == {"review": "health"}
    assert c.lane_pool == {"review": None} and c.unmapped == ("review",)


def two_item_centre(make_centre, shared: bool) -> Path:
    # each item alone loads one clerk 40 %: M/M/1 at rho 0.4; sharing one clerk makes it rho 0.8
    if shared:
        return make_centre(centre_text("  - {file: a.yaml, per_workday: 57.6}\n  - {file: b.yaml, per_workday: 57.6}"),
                           TWO_ITEMS)
    return make_centre(centre_text("  - {file: a.yaml, per_workday: 57.6, window: one}\n"
                                   "  - {file: b.yaml, per_workday: 57.6, window: two}",
                                   windows="  one: {name: 一号窗口, staff: 1}\n  two: {name: 二号窗口, staff: 1}"),
                       TWO_ITEMS)


@pytest.mark.parametrize("shared", [True, False])
def test_items_on_one_window_wait_for_each_other_and_on_separate_windows_do_not(make_centre, shared: bool) -> None:
    centre, problems = read_centre(two_item_centre(make_centre, shared))
    assert centre is not None, problems
    result = simulate_centre(centre, days=100, replications=8, warmup_days=2, seed=4)
    rate = 57.6 / 1440 * (2 if shared else 1)  # arrivals per minute at each window
    exact = erlang_c_wait(rate, 10.0, 1)  # 40 min shared, 6.7 min apart
    for pool in result.pools:
        assert pool.mean_wait.contains(exact), (pool.pool, pool.mean_wait, exact)
    a, b = result.items
    # the items see the same window, so the same cycle time (wait + 10 min), in working days of 1440 min
    assert a.cycle_time_workdays.mean.contains((exact + 10) / 1440)
    assert b.cycle_time_workdays.mean.contains((exact + 10) / 1440)


def test_staffing_search_finds_the_erlang_c_answer_on_one_station(make_centre) -> None:
    # one window, exponential arrivals (0.45 per minute) and services (10 min): offered load 4.5
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 648}", windows="  front: {name: 窗口, staff: 9}"),
                       {"a.yaml": item_text("A")})
    centre, _ = read_centre(path)
    waits = {c: erlang_c_wait(0.45, 10.0, c) for c in (5, 6, 7, 8)}  # 15.3, 2.8, 0.87, 0.30 min
    target = 1.5  # between 6 and 7 staff, far from both
    assert waits[6] > 1.8 * target and waits[7] < target / 1.7
    assert erlang_start(0.45, 10.0, target) == 7
    result = search_staff(centre, Targets(on_time=None, max_wait=target), days=40, warmup_days=2, seed=1,
                          precision=Precision(wait=0.5, first=3))
    row = result.rows[0]
    assert result.met and row.staff == 7 and (row.low, row.high) == (7, 7) and row.decided  # far from both: sure
    assert row.mean_wait.mean <= target and row.wait is not None and row.wait.mean + row.wait.half <= target
    assert result.evaluations >= 2  # the answer was confirmed by simulating one member fewer


# a window whose answer is clear-cut beside a department whose wait at 6 staff (Erlang C 0.99 min) is at the
# target of 1 minute: 6 and 7 cannot be told apart there
TWO_POOLS = f"""centre: {{name: 测试中心}}
{ROUND_THE_CLOCK}
windows:
  front: {{name: 窗口, staff: 9}}
departments:
  back: {{name: 某局, staff: 5}}
items:
  - {{file: a.yaml, per_workday: 648, window: front}}
  - {{file: b.yaml, per_workday: 144, department: back}}
"""


def test_staffing_answers_of_three_seeds_lie_within_each_others_ranges(make_centre) -> None:
    path = make_centre(TWO_POOLS, {"a.yaml": item_text("A"),
                                   "b.yaml": item_text("B", lane_kind="department", mean="30 min")})
    centre, _ = read_centre(path)
    precision = Precision(wait=0.3, first=10, most=60)
    results = [search_staff(centre, Targets(on_time=None, max_wait=1.0), days=10, warmup_days=1, seed=seed,
                            precision=precision) for seed in (1, 2, 3)]
    for result in results:
        assert result.met
        for row in result.rows:
            assert row.low <= row.staff <= row.high
            assert row.wait is not None and row.wait.n >= precision.first
            # what is reported is as precise as asked, or says that it is not
            assert row.wait.half <= precision.wait or not row.decided
            for other in results:
                theirs = next(r for r in other.rows if r.pool == row.pool)
                assert theirs.low <= row.staff <= theirs.high, (row, theirs)
        assert result.total_range[0] <= result.total <= result.total_range[1]
    back = [next(r for r in result.rows if r.pool == "back") for result in results]
    assert all((r.low, r.high) == (6, 7) for r in back)  # at the target: both levels, whatever the seed


def test_simulate_and_staff_commands_on_a_centre(make_centre, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    path = two_item_centre(make_centre, shared=True)
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    report = tmp_path / "centre.html"
    assert main(["simulate", str(path), "--days", "20", "--replications", "2", "--format", "json",
                 "--report", str(report)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"throughput_per_workday", "cycle_time_workdays", "on_time_rate", "utilization", "pools",
                         "departments", "items", "most_late"}
    assert [i["code"] for i in data["items"]] == ["A", "B"] and data["pools"][0]["pool"] == "front"
    assert len(data["pools"][0]["queue_by_hour"]) == 24
    assert "综合窗口" in report.read_text(encoding="utf-8")
    assert main(["simulate", str(path), "--days", "20", "--set", "windows.front.staff=2", "--set", "volume=1.5"]) == 0
    assert "172.8 applications per working day" in capsys.readouterr().out
    assert main(["simulate", str(path), "--set", "windows.back.staff=2"]) == 2
    assert "the centre has no window 'back'" in capsys.readouterr().err
    # overloaded: run to the horizon, the backlog reported, exit code 1
    assert main(["simulate", str(path), "--days", "10", "--set", "windows.front.staff=1", "--set", "volume=3"]) == 1
    out = capsys.readouterr().out
    assert "'front' cannot keep up" in out and "Pools that cannot keep up" in out
    assert main(["staff", str(path), "--sweep", "windows=1..3", "--days", "10", "--format", "json"]) == 0
    sweep = json.loads(capsys.readouterr().out)
    assert [r["staff"] for r in sweep["rows"]] == [1, 2, 3]
    waits = [r["mean_wait_minutes"]["mean"] for r in sweep["rows"]]
    assert waits == sorted(waits, reverse=True)  # more staff, shorter waits
    assert main(["staff", str(path), "--target", "on-time=2"]) == 2
    assert "a share between 0 and 1" in capsys.readouterr().err


def test_check_runs_the_centre_rules_and_the_items_rules(make_centre, capsys: pytest.CaptureFixture[str]) -> None:
    items = {"a.yaml": item_text("A"),  # accepted at the window: fine
             "b.yaml": item_text("B", lane_kind="department", lane_id="counter", organ="别的局")
             .replace("name: 办理, lane: counter,", "name: 受理, kind: accept, lane: counter,")}
    text = centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1}",
                       departments="  market: {name: 市场监管局, staff: 2}")
    path = make_centre(text, items)
    assert main(["check", str(path), "--format", "json"]) == 1  # the bare test items have errors of their own
    report = json.loads(capsys.readouterr().out)
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert set(files) == {"centre.yaml", "a.yaml", "b.yaml"}  # the items are checked with their centre
    assert any(f["code"] == "listing/required-fields" for f in files["b.yaml"]["findings"])
    found = {(f["code"], f["line"]) for f in files["centre.yaml"]["findings"]}
    assert found == {("centre/department-not-in-centre", 9), ("centre/one-window", 9), ("centre/idle-pool", 6)}
    # suppressed in the centre file like any finding
    path.write_text(text.replace("  - {file: b.yaml", "  # approvalnet: disable=centre/one-window -- "
                                 "this counter stays\n  - {file: b.yaml"), encoding="utf-8")
    assert main(["check", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    centre = next(f for f in report["files"] if f["file"].endswith("centre.yaml"))
    assert {f["code"] for f in centre["findings"]} == {"centre/department-not-in-centre", "centre/idle-pool"}
    assert centre["suppressed"] == 1


def test_monthly_weights_shape_the_volume_over_the_year(make_centre) -> None:
    # office days on the default calendar; the item receives applications in March and April only,
    # twice as many in April: 20 a day on average over the year
    months = [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]
    text = f"""centre: {{name: 季节中心}}
calendar: {{holidays: none, start: "2025-01-01"}}
windows:
  front: {{name: 综合窗口, staff: 3}}
items:
  - {{file: a.yaml, per_workday: 20, months: {months}}}
"""
    centre, problems = read_centre(make_centre(text, {"a.yaml": item_text("A", mean="5 min")}))
    assert centre is not None, problems
    from random import Random

    from approvalnet.centre.simulate import compile_centre
    from approvalnet.sim.engine import run

    system = compile_centre(centre)
    stats = run(system, Random(2), days=261)  # 2025 has 261 weekdays
    calendar = system.calendar
    per_month = [0] * 12
    for arrival in stats.case_arrival:
        per_month[calendar.date_of(calendar.to_calendar(arrival, resume=True)).month - 1] += 1
    assert sum(per_month[m] for m in range(12) if m not in (2, 3)) == 0
    # a month's rate is per_workday x its weight / the mean weight (3/12): 80 a day in March, 160 in April
    assert per_month[2] == pytest.approx(21 * 80, rel=0.05)  # March 2025 has 21 weekdays
    assert per_month[3] == pytest.approx(22 * 160, rel=0.05)  # April 22


def test_staffing_that_cannot_meet_the_targets_exits_1(make_centre, capsys: pytest.CaptureFixture[str]) -> None:
    # a promise of one working day for work that takes three: no staffing keeps it
    slow = item_text("S", distribution="exponential", mean="3 workday")
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 0.5}"), {"a.yaml": slow})
    assert main(["staff", str(path), "--target", "on-time=0.99", "--days", "30", "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["met"] is False and result["out_of_reach"] and "staff alone cannot meet this" in result["misses"][0]
    assert result["on_time_rate"]["promised"]["mean"] < 0.5  # exponential, mean 3 days: P(T <= 1) = 28 %
    assert result["evaluations"] == 1  # no search: one simulation with ample staff said it


def test_every_reference_problem_is_reported_at_once(make_centre) -> None:
    items = ("  - {file: missing.yaml, per_workday: 1}\n  - {file: ../outside.yaml, per_workday: 1}\n"
             "  - {file: a.yaml, per_workday: 1}\n  - {file: a.yaml, per_workday: 1, department: markt}")
    centre, problems = read_centre(make_centre(centre_text(items, departments="  market: {name: 市场, staff: 1}"),
                                               TWO_ITEMS))
    assert centre is None
    assert sorted(p.loc.line for p in problems) == [8, 9, 11, 11]  # items: from line 8
    messages = " | ".join(p.message for p in problems)
    for part in ("'missing.yaml': no such process file", "outside the centre's folder", "listed twice",
                 "'markt' is not a department of the centre (did you mean 'market'?)"):
        assert part in messages


@pytest.mark.parametrize(("items", "message", "line"), [
    ("  - {file: a.yaml, per_workday: 1}\n  - {file: ./sub/../a.yaml, per_workday: 1}", "is listed twice", 8),
    ("  - {file: inner.yaml, per_workday: 1}", "'inner.yaml' is a centre file, not a process", 7),
    ("  - {file: \"a.yaml\\0x\", per_workday: 1}", "is not a usable file name", 7),
    ("  - {file: a.yaml, per_workday: .inf}", "must be a finite number, not inf", 7),
    ("  - {file: a.yaml, per_workday: 1, profile: [.nan, 1, 1, 1, 1, 1, 1]}", "must be a finite number", 7),
])
def test_more_reference_and_value_errors(make_centre, items: str, message: str, line: int) -> None:
    inner = centre_text("  - {file: a.yaml, per_workday: 1}")
    path = make_centre(centre_text(items).replace(ROUND_THE_CLOCK, ""), {**TWO_ITEMS, "inner.yaml": inner,
                                                                         "sub/keep.txt": ""})
    centre, problems = read_centre(path)
    assert centre is None
    assert any(message in p.message and p.loc.line == line for p in problems), [str(p) for p in problems]


def test_a_centre_reached_through_a_link_reads_its_items_beside_its_real_file(make_centre, tmp_path: Path) -> None:
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 1}"), TWO_ITEMS)
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    (elsewhere / "centre.yaml").symlink_to(path)
    centre, problems = read_centre(elsewhere / "centre.yaml")
    assert centre is not None, problems
    assert centre.items[0].path == path.parent / "a.yaml"


def test_a_centre_written_as_json_is_a_centre(make_centre) -> None:
    path = make_centre('# a centre\n{"centre": {"name": "中心"}, "windows": {"front": {"name": "窗口", "staff": 1}}, '
                       '"items": [{"file": "a.yaml", "per_workday": 1}]}\n', TWO_ITEMS)
    assert is_centre_file(path)
    centre, problems = read_centre(path)
    assert centre is not None and len(centre.items) == 1, problems


def test_commands_on_one_process_say_what_a_centre_or_a_folder_is(make_centre,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1}"),
                       TWO_ITEMS)
    log = path.parent / "events.csv"
    log.write_text("case_id,activity,timestamp\n", encoding="utf-8")
    for command in (["net", str(path)], ["export", str(path), "--format", "bpmn"], ["conform", str(path), str(log)]):
        assert main(command) == 2
        assert f"is a centre file; '{command[0]}' works on one process" in capsys.readouterr().err
    assert main(["net", str(path.parent)]) == 2
    assert "is a folder; give a file" in capsys.readouterr().err
    # soundness verifies a centre's items
    assert main(["soundness", str(path), "--format", "json"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert sorted(Path(f["file"]).name for f in verified["files"]) == ["a.yaml", "b.yaml"]


def test_centre_rules_pass_on_a_well_planned_centre_and_obey_the_configuration(
        make_centre, capsys: pytest.CaptureFixture[str]) -> None:
    items = {"a.yaml": item_text("A"), "b.yaml": item_text("B", lane_kind="department", lane_id="review")}
    text = centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1, department: market}",
                       departments="  market: {name: 市场监管局, staff: 2}")
    path = make_centre(text, items)
    assert main(["check", str(path), "--select", "centre", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # one window, every lane mapped, no idle pool
    assert [f for file in report["files"] for f in file["findings"]] == []
    # an idle department: found, and off when the configuration says so
    spare = "  market: {name: 市场监管局, staff: 2}\n  spare: {name: 闲置, staff: 1}"
    path.write_text(text.replace("  market: {name: 市场监管局, staff: 2}", spare), encoding="utf-8")
    assert main(["check", str(path), "--select", "centre/idle-pool", "--format", "json"]) == 0
    found = [f["code"] for file in json.loads(capsys.readouterr().out)["files"] for f in file["findings"]]
    assert found == ["centre/idle-pool"]
    (path.parent / ".approvalnet.yaml").write_text('rules:\n  centre/idle-pool: "off"\n', encoding="utf-8")
    main(["check", str(path), "--format", "json"])  # (--select would turn the rule back on)
    centre = next(f for f in json.loads(capsys.readouterr().out)["files"] if f["file"] == str(path))
    assert centre["findings"] == []
    assert main(["rules", "centre/one-window"]) == 0
    assert "一窗受理" in capsys.readouterr().out


def test_staff_and_compare_refuse_runs_in_which_nothing_finishes(make_centre,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = two_item_centre(make_centre, shared=True)
    assert main(["staff", str(path), "--days", "0.0001", "--warmup", "0"]) == 2
    assert "no case finished within the 0.0001 simulated working days" in capsys.readouterr().err
    assert main(["compare", str(path), str(path), "--days", "0.0001"]) == 2
    assert "no case finished" in capsys.readouterr().err
    assert main(["staff", str(path), "--max-wait", "0"]) == 2
    assert "the wait must be more than zero" in capsys.readouterr().err
    assert main(["staff", str(path), "--sweep", "departments.front=1..2"]) == 2
    assert "the centre has no department 'front'" in capsys.readouterr().err


def test_a_centre_and_its_items_are_read_once_by_check_and_soundness(make_centre, monkeypatch) -> None:
    """check and soundness of a centre used to read its items three times each (432 parses for Kunming)."""
    import approvalnet.language.loader as loader
    from approvalnet.net.verify import verify_files
    from approvalnet.rules.engine import check_files

    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1}"),
                       TWO_ITEMS)
    parsed: list[str] = []
    original = loader.parse_process

    def counting(data: bytes | str, file: str = "<string>"):  # type: ignore[no-untyped-def]
        parsed.append(Path(file).name)
        return original(data, file)

    monkeypatch.setattr(loader, "parse_process", counting)
    import approvalnet.rules.engine as engine

    monkeypatch.setattr(engine, "parse_process", counting)
    report = check_files([path], jobs=1)
    assert [Path(f.file).name for f in report.files] == ["centre.yaml", "a.yaml", "b.yaml"]
    assert all(f.loaded for f in report.files)
    assert sorted(parsed) == ["a.yaml", "b.yaml"]
    parsed.clear()
    results = verify_files([path])
    assert [Path(r.file).name for r in results] == ["a.yaml", "b.yaml"] and all(r.sound for r in results)
    assert sorted(parsed) == ["a.yaml", "b.yaml"]


def test_only_files_still_to_be_read_go_to_the_workers(make_centre, monkeypatch, tmp_path: Path) -> None:
    """The pool is for reading and parsing: a centre and the items it loaded are checked in this process,
    the other files in the pool, and the results come back in the order of the files."""
    import approvalnet.rules.engine as engine

    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 1}\n  - {file: b.yaml, per_workday: 1}"),
                       TWO_ITEMS)
    others = []
    for code in ("C", "D"):
        other = tmp_path / "others" / f"{code.lower()}.yaml"
        other.parent.mkdir(exist_ok=True)
        other.write_text(item_text(code), encoding="utf-8")
        others.append(other)
    sent: list[list[str]] = []
    real = engine.map_files

    def spying(work, items, *, jobs, threshold, **options):  # type: ignore[no-untyped-def]
        sent.append([entry.path.name for entry, _ in items])
        return real(work, items, jobs=jobs, threshold=threshold, **options)

    monkeypatch.setattr(engine, "map_files", spying)
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 2)
    files = [others[0], path, others[1]]
    pooled = engine.check_files(files, jobs=2)
    assert sent == [["c.yaml", "d.yaml"]]
    assert pooled == engine.check_files(files, jobs=1)
    assert [Path(f.file).name for f in pooled.files] == ["c.yaml", "centre.yaml", "a.yaml", "b.yaml", "d.yaml"]
    assert all(f.loaded for f in pooled.files)


def test_most_late_keeps_only_items_whose_share_on_time_is_known(make_centre) -> None:
    # both items take a day on average against a promise of one working day, so both are often late; the
    # rare one finishes a case or two in a run, and its share on time says nothing
    path = make_centre(centre_text("  - {file: a.yaml, per_workday: 40, window: one}\n"
                                   "  - {file: b.yaml, per_workday: 0.1, window: two}",
                                   windows="  one: {name: 一号窗口, staff: 80}\n  two: {name: 二号窗口, staff: 2}"),
                       {"a.yaml": item_text("A", mean="1440 min"), "b.yaml": item_text("B", mean="1440 min")})
    centre, _ = read_centre(path)
    result = simulate_centre(centre, days=20, seed=1, replications=3)
    common, rare = result.item("A"), result.item("B")
    # a third to a fifth late: the promise runs to the end of the working day after acceptance (by dates)
    assert 0.15 < common.missed_promised < 0.4 and rare.missed_promised > 0
    assert [i.code for i in result.most_late()] == ["A"] and result.late_left_out == 1
    data = result.to_json()
    assert data["most_late"] == ["A"] and data["most_late_left_out"] == 1
    one_run = simulate_centre(centre, days=20, seed=1, replications=1)
    assert one_run.most_late() == () and one_run.late_left_out == 2  # one run gives no interval at all


def test_staff_refuses_a_precision_it_cannot_use(make_centre, capsys: pytest.CaptureFixture[str]) -> None:
    path = two_item_centre(make_centre, shared=True)
    assert main(["staff", str(path), "--replications", "50", "--max-replications", "20"]) == 2
    assert "--replications 50 is more than --max-replications 20" in capsys.readouterr().err
    assert main(["staff", str(path), "--max-wait", "10min", "--precision-wait", "0"]) == 2
    assert "--precision-wait 0: the time must be more than zero" in capsys.readouterr().err
    assert main(["staff", str(path), "--precision", "0"]) == 2  # a share above zero
