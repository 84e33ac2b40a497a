"""A comparison for people: a rich table in the terminal, or a small self-contained HTML page.

Both show the same cells: OLD, NEW, the change in the measure's unit (percentage points for
on-time rates) and in percent of OLD, coloured by whether the change is for the better (green),
for the worse (red), or within the noise of the simulation (yellow).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..compare.result import GROUPS, Comparison, Row
from ..i18n import N_, _, ngettext
from .html import page

COLOURS = {"better": "green", "worse": "red", "unclear": "yellow"}
LEGEND = N_("green: a change for the better (a reduction, a higher on-time rate), red: for the worse, "
            "yellow: a simulated change within its 95 % confidence interval")


def number(value: float | None, unit: str, ci: float | None = None) -> str:
    """``5``, ``6.25``, ``85.3 %``, with ``±`` the half-width of its 95 % interval when there is one."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{value * 100:.1f} %" if ci is None else f"{value * 100:.1f}±{ci * 100:.1f} %"
    return _short(value) if ci is None else f"{value:.2f}±{ci:.2f}"  # a simulated figure: fixed decimals


def _short(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _signed(text: str, value: float) -> str:
    if value > 0:
        return "+" + text
    return text.replace("-", "−", 1) if value < 0 else text


@dataclass(frozen=True)
class Cells:
    """The texts of one row."""

    label: str
    old: str
    new: str
    change: str
    percent: str
    verdict: str | None


def cells(row: Row) -> Cells:
    old = row.old_text or number(row.old, row.unit, row.old_ci)
    new = row.new_text or number(row.new, row.unit, row.new_ci)
    change = row.change
    if change is None:
        change_text = "–"
    elif row.unit == "share":  # a change of a rate is told in percentage points
        change_text = _signed(f"{change * 100:.1f}", change)
        if row.change_ci is not None:
            change_text += f"±{row.change_ci * 100:.1f}"
        change_text = _("{change} pp").format(change=change_text)  # percentage points
    else:
        if row.change_ci is not None:
            change_text = _signed(f"{change:.2f}", change) + f"±{row.change_ci:.2f}"
        else:
            change_text = _signed(_short(change), change)
    percent = row.change_percent
    percent_text = "–" if percent is None else _signed(f"{percent:.1f}", percent) + " %"
    return Cells(row.label, old, new, change_text, percent_text, row.verdict)


def header_lines(comparison: Comparison) -> list[str]:
    """The lines above the table: what is compared and how it was simulated (plain text)."""
    old, new = comparison.old, comparison.new
    lines = [_("OLD: {name} ({code}) {file}").format(name=old.name, code=old.code, file=old.file),
             _("NEW: {name} ({code}) {file}").format(name=new.name, code=new.code, file=new.file)]
    p = comparison.parameters
    if p.simulated:
        values = {"rate": f"{p.per_workday:.4g}", "source": p.rate_source, "days": f"{p.days:g}",
                  "warmup": f"{p.warmup_days:g}", "replications": p.replications, "seed": p.seed}
        if p.warmup_days:
            line = ngettext("both simulated at {rate} arrivals per working day ({source}), {days} working days, "
                            "warm-up {warmup} working days, {replications} replication, seed {seed}",
                            "both simulated at {rate} arrivals per working day ({source}), {days} working days, "
                            "warm-up {warmup} working days, {replications} replications, seed {seed}", p.replications)
        else:
            line = ngettext("both simulated at {rate} arrivals per working day ({source}), {days} working days, "
                            "{replications} replication, seed {seed}",
                            "both simulated at {rate} arrivals per working day ({source}), {days} working days, "
                            "{replications} replications, seed {seed}", p.replications)
        lines.append(line.format(**values))
        if p.replications > 1:
            lines.append(_("± is the half-width of a 95 % confidence interval over the replications"))
    else:
        lines.append(_("not simulated (--no-simulate)"))
    return lines


def print_comparison(comparison: Comparison, console: Any) -> None:
    """The comparison as a rich table, grouped by reduction, the change coloured."""
    from rich import box
    from rich.table import Table

    for line in header_lines(comparison):
        console.print(line, markup=False)
    table = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD)
    # the only column that may wrap (folding Chinese, which has no spaces): numbers are never broken
    table.add_column(_("measure"), ratio=1, overflow="fold")
    for column in (_("OLD"), _("NEW"), _("change"), _("change {unit}").format(unit="%")):
        table.add_column(column, justify="right", no_wrap=True)
    for group, title in GROUPS.items():
        rows = [r for r in comparison.rows if r.group == group]
        if not rows:
            continue
        table.add_row(f"[bold]{_(title)}[/bold]", "", "", "", "")
        for row in rows:
            c = cells(row)
            table.add_row(f"  {_escape(c.label)}", _escape(c.old), _escape(c.new), _paint(c.change, c.verdict),
                          _paint(c.percent, c.verdict))
    console.print(table)
    console.print(_(LEGEND), markup=False)
    for note in comparison.notes:
        console.print("[yellow]" + _escape(_("note: {note}").format(note=note)) + "[/yellow]")


def _paint(text: str, verdict: str | None) -> str:
    """Rich markup colouring ``text`` by the verdict of its row (escaped)."""
    colour = COLOURS.get(verdict or "")
    return f"[{colour}]{_escape(text)}[/{colour}]" if colour else _escape(text)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def html_page(comparison: Comparison) -> str:
    """A self-contained HTML page (no scripts, no network) with the comparison table."""
    groups = [(_(heading), [cells(r) for r in comparison.rows if r.group == group])
              for group, heading in GROUPS.items()]
    return page("compare.html.j2", title=f"{comparison.old.name} → {comparison.new.name}",
                header=header_lines(comparison), groups=[(h, rows) for h, rows in groups if rows], colours=COLOURS,
                legend=_(LEGEND), notes=comparison.notes)
