"""The reports in Chinese and in English (issue #15): one language per page, units spelled out,
the peak hour as clock times, the histogram's limits equal to the header's, and terminal tables
that keep a long Chinese name whole."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from approvalnet import i18n
from approvalnet.language.loader import parse_process
from approvalnet.language.types import Process
from approvalnet.reports import simulation_html
from approvalnet.reports.simulation import clock_hour, office_hours_of, peak_hour, print_result
from approvalnet.sim.kpis import SimulationResult, simulate

LONG_NAME = "综合受理窗口前台综合受理统一窗口出件岗位"

TEXT = f"""code: "ZH-1"
name: 报告测试事项
type: administrative-licensing
authority: {{name: 某局}}
handling: commitment
time_limit: {{statutory: 7 days, promised: 3}}
lanes:
  desk: {{name: {LONG_NAME}, kind: window, staff: 1}}
  back: {{name: 审批科室, kind: department, staff: 1}}
steps:
  - {{id: take, name: 收件受理, lane: desk, duration: {{distribution: exponential, mean: 25 min}}}}
  - {{id: check, name: 审查, lane: back, duration: {{distribution: exponential, mean: 40 min}}, end: approved}}
simulation:
  arrivals: {{per_workday: 9}}
  calendar: {{office_hours: ["09:00-12:00", "13:30-17:30"]}}
"""


@pytest.fixture(scope="module")
def model() -> Process:
    result, problems = parse_process(TEXT, "zh-test.yaml")
    assert result is not None, "\n".join(map(str, problems))
    return result


@pytest.fixture(scope="module")
def result(model: Process) -> SimulationResult:
    return simulate(model, days=30, seed=1, replications=2)


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def visible(html: str) -> str:
    """The page's text without its style, pictures and diagram."""
    html = re.sub(r"<style.*?</style>|<svg.*?</svg>|src=\"data:[^\"]*\"", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_chinese_report_is_chinese(model: Process, result: SimulationResult, zh: None) -> None:
    page = simulation_html.report_html(result, model)
    assert '<html lang="zh-CN">' in page
    text = visible(page)
    for heading in ("关键指标", "办理时长", "人员利用率", "各环节等候与办理时间", "在办件", "岗位", "高峰时段"):
        assert heading in text
    assert "车道" not in page
    assert not re.search(r"\bwd\b", text)
    # no English words left in headings and table heads (values from the file are Chinese here)
    for tag in ("h1", "h2", "h3", "th", "figcaption"):
        for inner in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", page, flags=re.DOTALL):
            words = re.findall(r"[A-Za-z]{3,}", inner)
            assert set(words) <= {"Erlang"}, (tag, inner)


def test_the_english_report_stays_english(model: Process, result: SimulationResult) -> None:
    page = simulation_html.report_html(result, model)
    assert '<html lang="en">' in page
    text = visible(page)
    assert "Key figures" in text and "Staff utilization" in text and "peak hour" in text
    assert "working days" in text and not re.search(r"\bwd\b", text)
    assert "关键指标" not in text and "车道" not in page


def test_the_centre_report_in_chinese_names_no_lanes(zh: None) -> None:
    from approvalnet.centre.simulate import simulate_centre
    from approvalnet.language.centre_loader import read_centre

    centre, problems = read_centre(Path(__file__).parent.parent / "processes/kunming/centre.yaml")
    assert centre is not None, problems
    result = simulate_centre(centre, days=3, seed=0)
    page = simulation_html.centre_report_html(result, office_hours_of(centre))
    text = visible(page)
    for heading in ("全中心", "窗口与部门", "部门", "全部事项", "高峰时段", "工作日"):
        assert heading in text
    assert "车道" not in page and not re.search(r"\bwd\b", text)
    assert re.search(r"\d\d:\d\d–\d\d:\d\d", text)  # a peak hour as clock times


def test_the_peak_hour_is_a_clock_range() -> None:
    periods = [(540, 720), (810, 1050)]  # 09:00-12:00, 13:30-17:30
    assert clock_hour(periods, 1) == "09:00–10:00"
    assert clock_hour(periods, 3) == "11:00–12:00"
    assert clock_hour(periods, 4) == "13:30–14:30"  # the hour after lunch starts with the afternoon
    assert peak_hour((0.1, 0.5, 2.0, 0.3), periods) == "11:00–12:00"
    assert peak_hour((0.0, 0.0)) == "–"
    assert peak_hour((0.1, 0.5, 2.0)) == "hour 3 of the office day"


def test_the_report_shows_the_peak_hour_as_clock_times(model: Process, result: SimulationResult) -> None:
    text = visible(simulation_html.report_html(result, model))
    assert re.search(r"(09|1\d):\d\d–(1\d|09):\d\d", text)
    assert not re.search(r"\d(st|nd|rd|th) hour", text)


def test_the_histogram_limit_equals_the_header_limit(model: Process, result: SimulationResult,
                                                     monkeypatch: pytest.MonkeyPatch, zh: None) -> None:
    from matplotlib.axes import Axes

    labels: list[str] = []
    original = Axes.axvline

    def record(self: Axes, *args: object, **kwargs: object) -> object:
        labels.append(str(kwargs.get("label", "")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "axvline", record)
    page = simulation_html.report_html(result, model)
    header = simulation_html._limit_text(model)
    statutory = next(line for line in header if line.startswith("法定时限"))
    assert "7日" in statutory and "5 个工作日" in statutory  # as written, and as the histogram counts it
    assert statutory in page
    assert statutory in labels  # the line in the histogram says the same limit as the header
    assert any(label.startswith("承诺时限") and "3个工作日" in label for label in labels)


def test_a_narrow_terminal_folds_a_long_chinese_name(result: SimulationResult, model: Process, zh: None) -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, highlight=False, soft_wrap=True, color_system=None)
    print_result(result, console, office_hours=office_hours_of(model))
    out = buffer.getvalue()
    assert "…" not in out
    from rich.cells import cell_len

    # wide characters count as two columns: the table's borders fit the 80 columns
    assert all(cell_len(line) <= 80 for line in out.splitlines() if "│" in line)
    # the name column of the posts' table, read down its lines, holds the whole name
    table = out[out.index("岗位（按利用率"):]
    cells = "".join(line.split("│")[2].strip() for line in table.splitlines() if line.count("│") > 3)
    assert LONG_NAME in cells
    # and its last column, the peak hour, is printed, not cropped at the terminal's edge
    assert re.search(r"\d\d:\d\d–", table)
    assert "个工作日" in out and "车道" not in out and not re.search(r"\bwd\b", out)


def test_template_translations_hold_no_per_cent_sign() -> None:
    """Jinja2's newstyle gettext %-formats every text and its translation: a '%' would break the page."""
    from babel.messages.pofile import read_po

    path = Path(i18n.LOCALE_DIR) / "zh_CN" / "LC_MESSAGES" / "approvalnet.po"
    with path.open("rb") as stream:
        catalogue = read_po(stream)
    wrong = [m.id for m in catalogue if m.id and any(file.endswith(".j2") for file, _ in m.locations)
             and any("%" in text for text in ([m.id, m.string] if isinstance(m.id, str) else [*m.id, *m.string])
                     if text)]
    assert not wrong
