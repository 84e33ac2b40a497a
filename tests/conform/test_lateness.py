"""Where a late case's time went (issue 14, part 5): the limit's clock split into each step's time and
the wait before it, summed per limit in ``lateness``, in the JSON, the text and the HTML report."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from approvalnet import load
from approvalnet.cli import main
from approvalnet.conform import conform
from approvalnet.conform.columnar import _VectorLimits
from approvalnet.conform.limits import LimitChecker, LogClock
from approvalnet.eventlog import parse_time
from approvalnet.language.types import Process
from approvalnet.sim.heat import heat_colour

from .conftest import ROOT

FOOD = ROOT / "processes" / "kunming" / "food-business-licence.yaml"
ACTIVITY = {"receive": "收件", "check": "材料审查", "accept": "受理", "review": "许可申请材料审查",
            "on-site-inspection": "现场核查", "decide": "许可决定", "make-licence": "制作食品经营许可证（含电子证书）",
            "deliver": "窗口出件（电子证书推送或纸质证书邮寄）"}
# case A keeps its limits; case B waits from 5 March to 1 April for its review, and is then quick
CASES = {
    "A": [("receive", "03-05T09:00", "03-05T09:10"), ("check", "03-05T09:10", "03-05T09:30"),
          ("accept", "03-05T09:30", "03-05T09:40"), ("review", "03-05T10:00", "03-05T16:00"),
          ("on-site-inspection", "03-06T09:00", "03-06T11:00"), ("decide", "03-06T14:00", "03-06T15:00"),
          ("make-licence", "03-06T15:00", "03-06T15:30"), ("deliver", "03-06T15:30", "03-06T15:45")],
    "B": [("receive", "03-05T09:00", "03-05T09:10"), ("check", "03-05T09:10", "03-05T09:30"),
          ("accept", "03-05T09:30", "03-05T09:40"), ("review", "04-01T09:00", "04-01T11:00"),
          ("on-site-inspection", "04-01T11:00", "04-02T10:00"), ("decide", "04-02T10:00", "04-02T11:00"),
          ("make-licence", "04-02T11:00", "04-02T11:30"), ("deliver", "04-02T11:30", "04-02T11:45")],
}


def t(when: str) -> str:
    return f"2025-{when}:00+08:00"


@pytest.fixture(scope="module")
def food() -> Process:
    return load(FOOD)


@pytest.fixture(scope="module")
def review_wait(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lateness") / "review-wait.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["case_id", "activity", "lifecycle", "timestamp"])
        for case, steps in CASES.items():
            for step, start, end in steps:
                out.writerow([case, ACTIVITY[step], "start", t(start)])
                out.writerow([case, ACTIVITY[step], "complete", t(end)])
    return path


def test_a_long_wait_for_the_review_is_put_on_the_review_not_on_the_delivery(food: Process, review_wait: Path) -> None:
    result = conform(food, review_wait)
    late = {d.kind: d for c in result.deviating_cases for d in c.deviations}
    for d in late.values():  # each case's parts add up to its days on the clock
        assert d.where_steps is not None and d.where.sum() == pytest.approx(d.days, abs=1e-6)
    assert [c.case for c in result.deviating_cases] == ["B"]
    assert late["late-statutory"].step == "decide" and late["late-promised"].step == "deliver"  # noticed there
    checker = LimitChecker(food, LogClock(food))
    waited = checker.clock_days([], parse_time(t("03-05T09:40")), parse_time(t("04-01T09:00")))
    assert waited > 15
    for kind in ("late-statutory", "late-promised"):
        times = {s.step: s for s in result.lateness[kind]}
        top = max(times.values(), key=lambda s: s.share)
        assert top.step == "review" and top.wait_days == pytest.approx(waited, abs=1e-9)
        assert top.service_days == pytest.approx(2 / 7, abs=1e-9)  # 09:00-11:00 of a 7-hour office day
        assert top.share > 0.9
        assert sum(s.share for s in times.values()) == pytest.approx(1.0, abs=1e-3)
        assert sum(s.service_days + s.wait_days for s in times.values()) == pytest.approx(late[kind].days, abs=1e-6)
    assert "deliver" not in {s.step for s in result.lateness["late-statutory"]}  # after the decision
    assert {s.step: s for s in result.lateness["late-promised"]}["deliver"].share < 0.01
    from .test_columnar import used_columns

    assert used_columns(food, review_wait)
    stream = conform(food, review_wait, columnar=False)
    assert json.dumps(stream.to_json()["lateness"]) == json.dumps(result.to_json()["lateness"])


def _fill_of(svg: str, step: str) -> str:
    node = re.search(rf"<title>step_{re.escape(step)}</title>(.*?)</g>", svg, re.S)
    assert node, step
    fill = re.search(r'fill="(#[0-9a-f]{6})"', node.group(1))
    assert fill, node.group(1)
    return fill.group(1)


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_the_report_colours_the_step_where_the_time_went(review_wait: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.html"
    assert main(["conform", str(FOOD), str(review_wait), "--report", str(report), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["lateness"]["late-statutory"][0].keys() == {"step", "service_days", "wait_days", "share"}
    html = report.read_text(encoding="utf-8")
    assert "Where the late cases&#39; time went" in html or "Where the late cases' time went" in html
    assert _fill_of(html, "review") == heat_colour(1.0)  # the most red: where the time went
    assert _fill_of(html, "deliver") != heat_colour(1.0)
    assert _fill_of(html, "decide") != heat_colour(1.0)  # the statutory deviation stays on the decision …
    assert re.search(r"<title>step_decide</title>.*?late-statutory", html, re.S)  # … in its tooltip


def test_the_text_lists_where_the_time_went(review_wait: Path, capsys) -> None:
    main(["conform", str(FOOD), str(review_wait), "--format", "text"])
    out = capsys.readouterr().out
    assert "Where the late cases' time went" in out
    row = next(line for line in out.splitlines() if "review" in line and "%" in line)
    assert "review" in row


def test_parts_add_up_with_parallel_steps_and_steps_off_the_clock(process: Process) -> None:
    """The joint review: three reviews in parallel, an expert review off the clock (Art. 45)."""
    checker = LimitChecker(process, LogClock(process))
    vector = _VectorLimits(checker)
    index = {s.id: i for i, s in enumerate(process.steps)}
    day = datetime.date(2025, 9, 1)

    def at(days: float, hour: float) -> float:
        return parse_time(f"{(day + datetime.timedelta(days=days)).isoformat()}T00:00:00+08:00") + hour * 3600

    rng = np.random.default_rng(5)
    order = ["receive", "check", "accept", "fire-review", "planning-review", "expert-review", "health-review",
             "decide", "deliver"]
    rows = []
    for __ in range(40):
        spans, now = [], at(0, 9)
        for step in order:
            start = now + float(rng.uniform(0, 6 * 86400))
            end = start + float(rng.uniform(0.1, 4 * 86400))
            spans.append((index[step], start, end))
            if step not in ("fire-review", "planning-review"):  # these two overlap the next ones
                now = end
        rows.append(spans)
    for spans in rows:
        a, b = spans[2][2], spans[-1][2]
        ids, days = checker.where(spans, a, b)
        assert days.sum() == pytest.approx(checker.clock_days(spans, a, b), abs=1e-6)
        assert dict(zip(ids, days[:len(ids)], strict=True))["expert-review"] == 0.0  # off the clock
    steps = np.array([s for s, __, __ in rows[0]])
    starts = np.array([[s for __, s, __ in spans] for spans in rows])
    ends = np.array([[e for __, __, e in spans] for spans in rows])
    off = np.array([checker.off[s] for s in steps])
    got = vector.where(steps, off, starts, ends, ends[:, 2], ends[:, -1])
    for spans, columns in zip(rows, got, strict=True):
        stream = checker.where(spans, spans[2][2], spans[-1][2])
        assert columns[0] == stream[0]
        assert np.allclose(columns[1], stream[1], atol=1e-9)
