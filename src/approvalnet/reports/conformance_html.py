"""The HTML report of a conformance check: one self-contained page, for people.

The page holds the key figures (fitness, precision, conforming cases), the deviations by kind and
the time limits, the process's flow diagram with the deviations drawn on it, the deviations per
step, and a table of the worst cases. As the simulation report (``sim/report.py``, whose style it
shares), it fetches nothing from the network: the diagram is inline SVG.

The diagram is the flow view of ``render`` with an overlay (``render.overlay``): each step is
coloured by the number of deviations about it (white → orange → red, as the simulation's heat) with
the count as a badge and the counts per kind in its tooltip; and what the cases did instead of the
standard is drawn as red dashed arcs between the steps, labelled with their counts: around a
skipped step, from a step done too early to the one it jumped, to a step done where the standard
does not have it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..conform.result import KIND_ZH, KINDS, LIMIT_NAMES, ConformanceResult
from ..fileio import write_atomic
from ..language.types import Process
from ..render.overlay import LegendEntry, Mark, Overlay
from ..sim.heat import HEAT_BORDER, heat_colour
from .simulation_html import CSS, e

ARC_STYLE: dict[str, tuple[str, str]] = {  # kind -> (colour, style)
    "skipped-step": ("#c62828", "dashed"),
    "wrong-order": ("#e65100", "bold"),
    "unexpected-step": ("#6a1b9a", "dotted"),
    "repeated-supplement": ("#ad1457", "dashed"),
}
EXTRA_CSS = """
td.dev { font-size: 0.88em; } .ok { color: #166534; } .bad { color: #b91c1c; }
"""


def deviation_overlay(result: ConformanceResult, process: Process) -> Overlay:
    """Steps coloured by their number of deviations, with the counts per kind in the tooltip."""
    totals = {step: sum(kinds.values()) for step, kinds in result.by_step.items()}
    most = max(totals.values(), default=0)
    marks: dict[str, Mark] = {}
    known = {s.id for s in process.steps}
    for step, kinds in result.by_step.items():
        if step not in known:
            continue
        n = totals[step]
        tooltip = tuple(f"{KIND_ZH[k]} {k}: {c}" for k, c in kinds.items())
        marks[step] = Mark(heat_colour(n / most if most else 0.0), HEAT_BORDER if n == most else None, tooltip,
                           f"偏差 {n}")
    legend = (LegendEntry(heat_colour(0.0), "0", "#d1d5db"), LegendEntry(heat_colour(0.5), f"{most / 2:.0f}"),
              LegendEntry(heat_colour(1.0), f"{most} (最多 most)"))
    notes = tuple(f"标准外环节 not in the standard: '{activity}' × {n}"
                  for activity, n in list(result.unknown_activities.items())[:5])
    title = (f"偏差 deviations in {len(result.deviating_cases)} of {result.cases} cases; "
             "红色虚线：实际走向 red arcs: what the cases did instead")
    return Overlay(title, marks, legend if most else (), notes)


def diagram_svg(result: ConformanceResult, process: Process) -> tuple[str | None, str]:
    """The flow diagram with the deviations, as inline SVG markup, or None and the reason."""
    from ..render import GraphvizError, diagram
    from ..render.graphviz_run import find_dot, run_dot

    if find_dot() is None:
        return None, ("流程图需要 Graphviz：未找到 dot 程序。The diagram needs Graphviz's `dot`, which was not found "
                      "on the PATH (`approvalnet doctor` explains how to install it).")
    graph = diagram(process, "flow", deviation_overlay(result, process))
    names = {s.id: s.name for s in process.steps}
    for source, target, kind, step, count in result.by_arc:
        if target is None or target not in names or (source is not None and source not in names):
            continue  # an unfinished case: no arc to draw
        colour, style = ARC_STYLE.get(kind, ("#c62828", "dashed"))
        what = KIND_ZH.get(kind, kind)
        if kind == "skipped-step" and step in names:
            what += f" {names[step]}"
        graph.edge("start" if source is None else f"step_{source}", f"step_{target}", label=f"{what} ×{count}",
                   color=colour, fontcolor=colour, style=style, constraint="false",
                   penwidth=f"{1.2 + min(3.0, count ** 0.5 / 4):.1f}", tooltip=f"{kind}: {count}")
    try:
        svg = run_dot(graph.source, "svg").data.decode("utf-8")
    except GraphvizError as error:
        return None, f"流程图未能绘制 the diagram could not be drawn: {error}"
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", "", svg, flags=re.DOTALL).strip()
    return svg, ("颜色：各环节的偏差数（白→橙→红）；虚线：案件实际的走向及次数；悬停查看明细。Colour: deviations per "
                 "step (white → orange → red); dashed arcs: what the cases did instead, and how often.")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None,
           raw: Sequence[bool] | None = None) -> str:
    numeric = numeric or [False] * len(head)
    raw = raw or [False] * len(head)
    out = ["<table><thead><tr>", *(f"<th>{e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for cell, is_number, is_raw in zip(row, numeric, raw, strict=True):
            css = ' class="n"' if is_number else ' class="dev"' if is_raw else ""
            cells.append(f"<td{css}>{cell if is_raw else e(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _pct(n: int, of: int) -> str:
    return f"{n} ({n / of * 100:.1f} %)" if of else str(n)


def report_html(result: ConformanceResult, process: Process, *, worst: int = 25) -> str:
    """The report as HTML text; ``worst``: how many of the worst cases the table lists."""
    parts: list[str] = []
    add = parts.append
    add(f"<header><h1>{e(result.name)} — 符合性检查 conformance</h1>")
    add(f'<p class="facts">{e(f"事项编码 code: {result.process} · 实施主体 authority: {process.authority.name}")}</p>')
    add(f'<p class="facts">{e(f"日志 log: {result.log} · {result.cases} 件 cases · {result.events} 事件 events · ")}'
        f'{e(f"{result.variants} 种路径 variants")}</p></header>')
    for note in result.notes:
        add(f'<p class="warn">{e("注意 note: " + note)}</p>')

    add(f"<h2>{e('关键指标 Key figures')}</h2>")
    rows = [["拟合度 fitness (token-based replay)", f"{result.fitness:.4f}"],
            ["精确度 precision (token-based replay)", f"{result.precision:.4f}"]]
    if result.alignment_fitness is not None:
        rows.append(["拟合度 fitness (alignments)", f"{result.alignment_fitness:.4f}"])
        if result.alignment_precision is not None:
            rows.append(["精确度 precision (alignments)", f"{result.alignment_precision:.4f}"])
    rows += [["完全拟合的案件 fitting cases", _pct(result.fitting_cases, result.cases)],
             ["符合标准的案件 conforming cases", _pct(result.conforming_cases, result.cases)],
             ["有偏差的案件 deviating cases", _pct(len(result.deviating_cases), result.cases)]]
    add(_table(["指标 measure", "值 value"], rows, [False, True]))

    add(f"<h2>{e('偏差 Deviations by kind')}</h2>")
    kinds = [[k, KIND_ZH[k], str(result.case_counts[k]), str(result.counts[k])] for k in KINDS if result.counts.get(k)]
    if kinds:
        add(_table(["类型 kind", "", "案件 cases", "次数 deviations"], kinds, [False, False, True, True]))
    else:
        add(f'<p class="ok">{e("没有偏差：所有案件都符合标准。No deviations: every case conforms.")}</p>')

    if result.limit_violations:
        add(f"<h2>{e('时限 Time limits (working days on the legal clock, Art. 45 steps excluded)')}</h2>")
        add(_table(["时限 limit", "工作日 days", "依据 basis", "超时案件 cases late", "最长 worst"],
                   [[LIMIT_NAMES[k], "–" if s.limit is None else f"{s.limit:g}", s.basis, str(s.cases),
                     f"{s.worst:.2f}" if s.cases else "–"] for k, s in result.limit_violations.items()],
                   [False, True, False, True, True]))

    add(f"<h2>{e('流程图 The process with its deviations')}</h2>")
    svg, note = diagram_svg(result, process)
    if svg is not None:
        add(f'<div class="diagram">{svg}</div>')
    add(f'<p class="note">{e(note)}</p>')

    if result.by_step:
        names = {s.id: s for s in process.steps}
        used = [k for k in KINDS if any(k in kinds_ for kinds_ in result.by_step.values())]
        add(f"<h2>{e('各环节的偏差 Deviations per step')}</h2>")
        add(_table(["环节 step", "名称 name", "位置 where", *used],
                   [[step, names[step].name if step in names else "", str(names[step].loc) if step in names else "",
                     *(str(kinds_.get(k, "")) for k in used)] for step, kinds_ in result.by_step.items()],
                   [False, False, False, *[True] * len(used)]))

    if result.unknown_activities:
        add(f"<h2>{e('标准外环节 Activities not in the standard')}</h2>")
        add(_table(["活动 activity", "事件 events"], [[a, str(n)] for a, n in result.unknown_activities.items()],
                   [False, True]))

    cases = result.worst_cases(worst)
    if cases:
        more = len(result.deviating_cases) - len(cases)
        add(f"<h2>{e(f'偏差最多的案件 The worst cases ({len(cases)} of {len(result.deviating_cases)})')}</h2>")
        add(_table(["案件 case", "偏差 deviations", "超时 days late", "明细 details"],
                   [[c.case, str(len(c.deviations)), f"{c.severity[1]:.2f}" if c.severity[1] else "–",
                     "<br>".join(f"<b>{e(d.kind)}</b> {e(d.message)}" for d in c.deviations)] for c in cases],
                   [False, True, True, False], [False, False, False, True]))
        if more > 0:
            text = f"另有 {more} 件 and {more} more: approvalnet conform --format json lists all."
            add(f'<p class="note">{e(text)}</p>')
    add(f"<footer>{e(f'approvalnet conform · {result.file} · {result.log}')}</footer>")
    title = e(f"{result.name} ({result.process}) — 符合性检查 conformance")
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}{EXTRA_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_report(result: ConformanceResult, process: Process, path: Any, *, worst: int = 25) -> None:
    """Write the HTML report to ``path``, atomically."""
    write_atomic(path, report_html(result, process, worst=worst))
