"""The demo's front page: ``out/index.html``, linking everything ``make demo`` wrote.

    python -m approvalnet.commands.index out

It reads the JSON the commands wrote (the findings, the centre's simulation and staffing, the
comparisons) for a few headline figures, and links the pages: the diagram gallery, the simulation
report, the staffing table and sweep, the before/after comparisons, the SARIF file and the nets.
Missing parts are listed as missing rather than linked, so the page never points at nothing.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..i18n import _
from .html import page


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


def _pct_ci(value: Any) -> str:
    """``85.3 ± 1.2 %`` (the mean alone when there is no interval)."""
    half, mean = value.get("ci95") if isinstance(value, dict) else None, _mean(value)
    return _pct(value) if half is None or mean is None else f"{mean * 100:.1f} ± {half * 100:.1f} %"


def _answer(pool: dict[str, Any]) -> str:
    """A pool's answer with the levels that cannot be told from its target: ``7 (6–8)``."""
    low, high = pool.get("range") or (pool["staff"], pool["staff"])
    return f"{pool['staff']}" + (f" ({low}–{high})" if (low, high) != (pool["staff"], pool["staff"]) else "") + (
        "" if pool.get("decided", True) else " *")


def index_html(out: Path) -> str:
    simulation = _load(out / "centre/simulation.json")
    staffing = _load(out / "centre/staffing.json")
    check = _load(out / "check.json")
    name = simulation["name"] if simulation else _("approvalnet demo")
    cards: list[tuple[str, Any, str]] = []
    if check:
        summary = check["summary"]
        cards.append((_("files checked"), summary["files"],
                      _("{errors} errors · {warnings} warnings · {suppressed} suppressed with reasons").format(
                          errors=summary["error"], warnings=summary["warning"],
                          suppressed=summary.get("suppressed", 0))))
    late = []
    late_left_out = None
    if simulation:
        parameters = simulation["parameters"]
        cards += [
            (_("items in the centre"), len(simulation["items"]),
             _("{rate} applications per working day").format(rate=f"{parameters['per_workday']:.1f}")),
            (_("finished per working day"), f"{_mean(simulation['throughput_per_workday']):.1f}",
             _("{days} working days × {replications} replications").format(
                 days=f"{parameters['days']:g}", replications=parameters["replications"])),
            (_("mean cycle time"), _("{days} working days").format(
                days=f"{_mean(simulation['cycle_time_workdays']['mean']):.2f}"),
             _("p90: {days} working days").format(days=f"{_mean(simulation['cycle_time_workdays']['p90']):.2f}")),
            (_("on time (promised limit)"), _pct(simulation["on_time_rate"]["promised"]),
             _("statutory limit: {rate}").format(rate=_pct(simulation["on_time_rate"]["statutory"]))),
        ]
        if simulation.get("bottlenecks"):
            busiest = next(p for p in simulation["pools"] if p["pool"] == simulation["bottlenecks"][0])
            cards.append((_("busiest pool"), busiest["name"], _("{rate} busy, {staff} staff").format(
                rate=_pct(busiest["utilization"]), staff=busiest["staff"])))
        items = {i["code"]: i for i in simulation["items"]}
        late = [(code, items[code]["name"], _pct_ci(items[code]["on_time_rate"]["promised"]))
                for code in simulation.get("most_late", [])[:5]]
        if simulation.get("most_late_left_out"):
            from .simulation import late_left_out_text

            late_left_out = late_left_out_text(simulation["most_late_left_out"])
    if staffing:
        from .staffing import targets_text

        targets = staffing.get("targets", {})
        wanted = targets_text(targets.get("on_time"), targets.get("statutory"), targets.get("max_wait_minutes"),
                              targets.get("max_utilization"))
        text = (_("{given} in the file; targets met: {targets}") if staffing["met"]
                else _("{given} in the file; targets NOT met: {targets}"))
        low, high = staffing.get("total_staff_range") or (staffing["total_staff"], staffing["total_staff"])
        total = f"{staffing['total_staff']}" + (f" ({low}–{high})" if low != high else "")
        cards.append((_("staff needed"), total,
                      text.format(given=staffing["total_staff_in_file"], targets=wanted)))
    comparisons = []
    for html_page in sorted((out / "compare").glob("*.html")) if (out / "compare").is_dir() else []:
        data = _load(html_page.with_suffix(".json"))
        comparisons.append((html_page.name, f"{data['new']['name']}" if data else html_page.stem))
    pools = [[p["pool"], p["name"], p["in_file"], p["erlang_c_start"], _answer(p)]
             for p in (staffing or {}).get("pools", [])]
    return page("index.html.j2", title=f"{name} — approvalnet", name=name, cards=cards, late=late,
                late_left_out=late_left_out,
                staffing_pools=pools, comparisons=comparisons, exists=lambda relative: (out / relative).exists())
