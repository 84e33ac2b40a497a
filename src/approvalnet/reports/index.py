"""The demo's front page: ``out/index.html``, linking everything ``make demo`` wrote.

    python -m approvalnet.reports.index out

It reads the JSON the commands wrote (the findings, the centre's simulation and staffing, the
comparisons) for a few headline figures, and links the pages: the diagram gallery, the simulation
report, the staffing table and sweep, the before/after comparisons, the SARIF file and the nets.
Missing parts are listed as missing rather than linked, so the page never points at nothing.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1000px; padding: 0 1em; color: #1f2937; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; } h2 { font-size: 1.15em; margin-top: 1.6em;
     border-bottom: 1px solid #e5e7eb; padding-bottom: 0.2em; }
.lead { color: #4b5563; } .missing { color: #9ca3af; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: 0.8em; }
.card { border: 1px solid #d1d5db; border-radius: 6px; padding: 0.6em 0.8em; }
.card b { font-size: 1.35em; display: block; }
table { border-collapse: collapse; font-size: 0.92em; } th, td { border: 1px solid #d1d5db; padding: 0.2em 0.6em; }
th { background: #f3f4f6; text-align: left; } td.n { text-align: right; }
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _mean(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("mean")
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _pct(value: Any) -> str:
    mean = _mean(value)
    return "–" if mean is None else f"{mean * 100:.1f} %"


def _link(out: Path, relative: str, text: str) -> str:
    if (out / relative).exists():
        return f'<a href="{e(relative)}">{e(text)}</a>'
    return f'<span class="missing">{e(text)} (not written)</span>'


def index_html(out: Path) -> str:
    parts: list[str] = []
    add = parts.append
    simulation = _load(out / "centre/simulation.json")
    staffing = _load(out / "centre/staffing.json")
    check = _load(out / "check.json")
    name = simulation["name"] if simulation else "approvalnet demo"
    add(f"<h1>{e(name)}</h1>")
    add('<p class="lead">approvalnet: the processes of a one-window service centre (一窗式) checked against '
        "the Administrative Licensing Law and the implementation-list fields, drawn, simulated on shared staff, "
        "staffed and compared before and after reform. Everything below was written by <code>make demo</code>.</p>")

    cards = []
    if check:
        summary = check["summary"]
        cards.append(("files checked", summary["files"], f"{summary['error']} errors · {summary['warning']} warnings · "
                      f"{summary.get('suppressed', 0)} suppressed with reasons"))
    if simulation:
        cards += [
            ("items in the centre", len(simulation["items"]), f"{simulation['parameters']['per_workday']:.1f} "
             "applications per working day"),
            ("finished per working day", f"{_mean(simulation['throughput_per_workday']):.1f}",
             f"{simulation['parameters']['days']:g} working days × {simulation['parameters']['replications']} runs"),
            ("mean cycle time", f"{_mean(simulation['cycle_time_workdays']['mean']):.2f} wd",
             f"p90 {_mean(simulation['cycle_time_workdays']['p90']):.2f} working days"),
            ("on time (promised)", _pct(simulation["on_time_rate"]["promised"]),
             f"statutory {_pct(simulation['on_time_rate']['statutory'])}"),
        ]
        if simulation.get("bottlenecks"):
            busiest = next(p for p in simulation["pools"] if p["pool"] == simulation["bottlenecks"][0])
            cards.append(("busiest pool", busiest["name"], f"{_pct(busiest['utilization'])} busy, "
                          f"{busiest['staff']} staff"))
    if staffing:
        targets = staffing.get("targets", {})
        wanted = [f"on time ≥ {targets['on_time']:.0%}" if targets.get("on_time") else "",
                  f"mean wait ≤ {targets['max_wait_minutes']:g} min" if targets.get("max_wait_minutes") else ""]
        cards.append(("staff needed", staffing["total_staff"], f"{staffing['total_staff_in_file']} in the file; for "
                      + ", ".join(w for w in wanted if w) + ": " + ("met" if staffing["met"] else "NOT met")))
    if cards:
        add('<div class="cards">' + "".join(f'<div class="card">{e(label)}<b>{e(value)}</b>{e(note)}</div>'
                                            for label, value, note in cards) + "</div>")

    add("<h2>1. Diagrams and findings</h2><ul>")
    add(f"<li>{_link(out, 'diagrams/index.html', 'Gallery of every process diagram')} — swimlane flows with the "
        "steps that have findings coloured, and the centre's overview (windows → departments)</li>")
    add(f"<li>{_link(out, 'check.sarif', 'Findings as SARIF')} (for GitHub code scanning and editors) · "
        f"{_link(out, 'check.json', 'as JSON')}</li>")
    add(f"<li>{_link(out, 'nets', 'Petri nets (PNML)')} of the hand-written items, for pm4py, ProM and WoPeD · "
        f"{_link(out, 'bpmn', 'BPMN 2.0')} with lanes, for bpmn.io and Camunda Modeler</li>")
    add("</ul>")

    add("<h2>2. The centre simulated for a year</h2><ul>")
    add(f"<li>{_link(out, 'centre/simulation.html', 'Simulation report')} — throughput, cycle times, on-time "
        "rates, utilization and queues of every window and department over the office day, the items that "
        "miss their promised limits</li>")
    add(f"<li>{_link(out, 'centre/simulation.json', 'The same as JSON')}</li></ul>")
    if simulation and simulation.get("most_late"):
        items = {i["code"]: i for i in simulation["items"]}
        add("<p>Items that miss their promised limit most often:</p><table><tr><th>item</th><th>name</th>"
            "<th>on time (promised)</th></tr>")
        for code in simulation["most_late"][:5]:
            item = items[code]
            add(f"<tr><td>{e(code)}</td><td>{e(item['name'])}</td>"
                f"<td class='n'>{_pct(item['on_time_rate']['promised'])}</td></tr>")
        add("</table>")

    add("<h2>3. Staffing</h2><ul>")
    add(f"<li>{_link(out, 'centre/staffing.html', 'The smallest staff per pool that meets the targets')}</li>")
    add(f"<li>{_link(out, 'centre/sweep.html', 'KPIs by the size of the comprehensive window')}</li></ul>")
    if staffing:
        add("<table><tr><th>pool</th><th>name</th><th>in file</th><th>Erlang C start</th><th>answer</th></tr>")
        for row in staffing["pools"]:
            add(f"<tr><td>{e(row['pool'])}</td><td>{e(row['name'])}</td><td class='n'>{row['in_file']}</td>"
                f"<td class='n'>{row['erlang_c_start']}</td><td class='n'>{row['staff']}</td></tr>")
        add("</table>")

    add("<h2>4. Before and after reform</h2><ul>")
    comparisons = sorted((out / "compare").glob("*.html")) if (out / "compare").is_dir() else []
    for page in comparisons:
        data = _load(page.with_suffix(".json"))
        title = f"{data['new']['name']}" if data else page.stem
        add(f"<li>{_link(out, f'compare/{page.name}', title)}</li>")
    if not comparisons:
        add('<li class="missing">no comparisons written</li>')
    add("</ul>")
    add('<p class="lead">Sources of every real process: <code>processes/README.md</code>. Generated items say '
        "so in their files.</p>")
    from .simulation_html import html_document

    return html_document(f"{name} — approvalnet", parts, CSS)
