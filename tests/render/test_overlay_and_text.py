"""Overlays (findings mapped to steps by their place in the file) and the text helpers of labels."""

from __future__ import annotations

import approvalnet
from approvalnet.language.source import Loc, Problem
from approvalnet.render import LegendEntry, Mark, Overlay, combine, findings_overlay
from approvalnet.render.overlay import step_at, step_spans
from approvalnet.render.text import duration_zh, esc, percent, plain, quantity_zh, width, wrap

from .conftest import FIXTURES

EVERY = FIXTURES / "every-construct.yaml"


def problem(line: int, level: str = "error", code: str = "test/rule", col: int = 5) -> Problem:
    return Problem(Loc(str(EVERY), line, col), f"at {line}", code, level)  # type: ignore[arg-type]


def test_a_step_spans_from_its_start_to_the_next_step() -> None:
    process = approvalnet.load(EVERY)
    spans = step_spans(process)
    assert [s for _, _, s in spans] == [s.id for s in process.steps]
    check = process.step("check")
    start, end, _ = spans[1]
    assert start == (check.loc.line, check.loc.col) and end[0] == process.step("supplement-notice").loc.line
    assert step_at(spans, check.loc_of("outcomes", "fraud").line, 9) == "check"
    assert step_at(spans, 1, 1) is None  # the item's fields come before the steps
    last_start, last_end, last = spans[-1]
    assert last == "refusal" and last_end[0] > last_start[0]


def test_findings_colour_the_step_by_the_worst_level() -> None:
    process = approvalnet.load(EVERY)
    check = process.step("check").loc.line
    found = [problem(check + 1, "info", "b/info"), problem(check + 2, "warning", "a/warn"),
             problem(check + 3, "error", "c/err"), problem(process.step("decide").loc.line, "warning", "d/w")]
    overlay = findings_overlay(found, process)
    assert set(overlay.marks) == {"check", "decide"}
    mark = overlay.marks["check"]
    assert (mark.fill, mark.border) == ("#ffcdd2", "#c62828")
    assert mark.badge == "▲ b/info, a/warn +1"  # in file order, at most two named
    assert len(mark.tooltip) == 3 and "c/err" in mark.tooltip[2]
    assert overlay.marks["decide"].fill == "#ffe0b2"
    assert [e.text for e in overlay.legend] == ["错误 error", "警告 warning", "提示 info"]
    assert overlay.title == "检查结果 findings: 1 error, 2 warnings, 1 info"


def test_no_findings_is_said() -> None:
    overlay = findings_overlay([], approvalnet.load(EVERY))
    assert overlay.title.endswith("none") and not overlay.marks and not overlay.notes


def test_combined_overlays_add_up() -> None:
    a = Overlay("a", {"check": Mark(fill="#111111", tooltip=("one",), badge="A")}, (LegendEntry("#111111", "a"),))
    b = Overlay("b", {"check": Mark(border="#222222", tooltip=("two",), badge="B"), "decide": Mark(fill="#333333")},
                (LegendEntry("#333333", "b"),), ("note",))
    both = combine([a, b])
    assert both is not None and both.title == "a · b" and both.notes == ("note",)
    assert both.marks["check"] == Mark("#111111", "#222222", ("one", "two"), "A B")
    assert both.marks["decide"].fill == "#333333" and len(both.legend) == 2
    assert combine([]) is None and combine([a]) is a


def test_escaping_helpers() -> None:
    assert esc('a "b" <c> & d\'s\nnext') == "a &quot;b&quot; &lt;c&gt; &amp; d&#x27;s<BR/>next"
    assert esc("bell\x07") == "bell"  # XML has no place for control characters
    tooltip = plain('C:\\dir "x"\nline <y>')
    assert tooltip == 'C:\\\\dir "x"\\nline <y>'
    import graphviz

    g = graphviz.Digraph()
    g.node("n", tooltip=tooltip, label=plain("<not html>"))
    assert 'label="<not html>"' in g.source and 'tooltip="C:\\\\dir \\"x\\"\\nline <y>"' in g.source


def test_wrap_keeps_lines_balanced_and_breaks_nicely() -> None:
    assert wrap("收件") == ["收件"]
    assert wrap("一次性告知补正（两部门合并告知）") == ["一次性告知补正", "（两部门合并告知）"]
    assert wrap("市市场监管局现场核查人员（每组不少于两人）", 24) == ["市市场监管局现场核查人员", "（每组不少于两人）"]
    assert wrap("Review of the application form by experts") == ["Review of the", "application", "form by experts"]
    assert wrap("第一行\n第二行") == ["第一行", "第二行"]
    for text in ("食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单",
                 "开办餐饮店\"一件事\"（食品经营许可＋公众聚集场所投入使用、营业前消防安全检查）"):
        lines = wrap(text)
        assert "".join(lines) == text and all(width(line) <= 24 for line in lines)
        assert not any(line[0] in "）、，" for line in lines)
    long_word = "x " + "a" * 40 + " y"
    assert wrap(long_word) == ["x", "a" * 40, "y"]


def test_durations_and_limits_read_in_chinese() -> None:
    process = approvalnet.load(EVERY)
    assert duration_zh(process.step("receive").duration) == "10分钟"
    assert duration_zh(process.step("check").duration) == "约10分钟（5–30分钟）"
    assert duration_zh(process.step("supplement").duration) == "平均3日"
    assert duration_zh(process.step("review-a").duration) == "1–2个工作日"
    assert duration_zh(process.step("inspect").duration) == "0.5个工作日"
    assert duration_zh(None) == ""
    assert quantity_zh(process.time_limit.statutory) == "20个工作日"
    assert percent(0.75) == "75%" and percent(0.075) == "7.5%" and percent(1) == "100%"
