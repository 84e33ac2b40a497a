"""The conformance of a log for people: rich tables in the terminal."""

from __future__ import annotations

from typing import Any

from ..conform.result import KIND_ZH, KINDS, ConformanceResult
from ..i18n import _, get_language, ngettext


def _pct(n: int, of: int) -> str:
    return f"{n} ({n / of * 100:.1f} %)" if of else str(n)


def print_result(result: ConformanceResult, console: Any = None, show: int = 20, top: int = 5) -> None:
    """The result in tables; ``show``: the worst cases listed; ``top``: the steps listed per limit in
    "where the late cases' time went"."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .conformance_html import limit_name

    console = console or Console(highlight=False, soft_wrap=True)
    values = {"name": f"[bold]{escape(result.name)}[/bold]", "code": escape(result.process), "log": escape(result.log),
              "cases": result.cases, "events": result.events, "variants": result.variants,
              "seconds": f"{result.seconds:.1f}"}
    if result.seconds > 0 and result.cases:
        console.print(_("{name} ({code}) ← {log}: {cases} cases, {events} events, {variants} variants, {seconds} s, "
                        "{rate} cases/s").format(rate=f"{result.cases / result.seconds:,.0f}", **values))
    else:
        console.print(_("{name} ({code}) ← {log}: {cases} cases, {events} events, {variants} variants, "
                        "{seconds} s").format(**values))

    overview = Table(title=_("Conformance"), show_header=False)
    overview.add_column("measure", overflow="fold")
    overview.add_column("value", justify="right")
    overview.add_row(_("fitness (token-based replay)"), f"{result.fitness:.4f}")
    overview.add_row(_("precision (token-based replay)"), f"{result.precision:.4f}")
    if result.alignment_fitness is not None:
        overview.add_row(_("fitness (alignments)"), f"{result.alignment_fitness:.4f}")
        if result.alignment_precision is not None:
            overview.add_row(_("precision (alignments)"), f"{result.alignment_precision:.4f}")
    overview.add_row(_("fitting cases (token replay)"), _pct(result.fitting_cases, result.cases))
    overview.add_row(_("conforming cases"), _pct(result.conforming_cases, result.cases))
    overview.add_row(_("deviating cases"), _pct(len(result.deviating_cases), result.cases))
    console.print(overview)

    if any(result.counts.values()):
        kinds = Table(title=_("Deviations"))
        for n, column in enumerate((_("kind"), "", _("cases"), _("deviations"))):
            kinds.add_column(column, justify="right" if n >= 2 else "left", overflow="fold")
        zh = get_language() == "zh"
        for kind in KINDS:
            if result.counts.get(kind):
                kinds.add_row(kind, KIND_ZH[kind] if zh else "", str(result.case_counts[kind]),
                              str(result.counts[kind]))
        console.print(kinds)
    if result.limit_violations:
        limits = Table(title=_("Time limits (working days on the legal clock)"))
        for n, column in enumerate((_("limit"), _("working days"), _("basis"), _("cases late"),
                                    _("worst (working days late)"))):
            limits.add_column(column, justify="right" if n in (1, 3, 4) else "left", overflow="fold")
        for kind, summary in result.limit_violations.items():
            limit = "–" if summary.limit is None else summary.shown or f"{summary.limit:g}"
            limits.add_row(limit_name(kind), limit, summary.basis, str(summary.cases),
                           f"{summary.worst:.2f}" if summary.cases and summary.worst else "–")
        console.print(limits)
    if result.lateness:
        where = Table(title=_("Where the late cases' time went (working days on the clock)"))
        for n, column in enumerate((_("limit"), _("step"), _("in the step"), _("waiting before it"), _("share"))):
            where.add_column(column, justify="right" if n >= 2 else "left", overflow="fold")
        for kind, times in result.lateness.items():
            for t in sorted(times, key=lambda t: -t.share)[:top]:
                where.add_row(limit_name(kind), escape(t.step), f"{t.service_days:.1f}", f"{t.wait_days:.1f}",
                              f"{t.share * 100:.1f} %")
        console.print(where)
    if result.unknown_activities:
        unknown = Table(title=_("Activities not in the standard"))
        unknown.add_column(_("activity"), overflow="fold")
        unknown.add_column(_("events"), justify="right")
        for activity, n in result.unknown_activities.items():
            unknown.add_row(activity, str(n))
        console.print(unknown)
    if result.ignored_activities:
        console.print(escape(_("left out by the mapping file: {activities}").format(activities=", ".join(
            f"{a} ({n})" for a, n in result.ignored_activities.items()))))
    worst = result.worst_cases(show)
    if worst:
        more = len(result.deviating_cases) - len(worst)
        if more > 0:
            console.print(_("Deviating cases, worst first ({more} more):").format(more=more))
        else:
            console.print(_("Deviating cases, worst first:"))
        for case in worst:
            console.print("  " + _("case {case}").format(case=f"[bold]{escape(case.case)}[/bold]"))
            for deviation in case.deviations:
                console.print(f"    {escape(deviation.loc or '-')}: [red]{deviation.kind}[/red]: "
                              f"{escape(deviation.message)}")
    for note in result.notes:
        console.print("[yellow]" + escape(_("note: {note}").format(note=note)) + "[/yellow]")
    if result.conforms:
        console.print("[green]" + escape(ngettext("✓ the case conforms", "✓ all {n} cases conform", result.cases)
                                         .format(n=result.cases)) + "[/green]")
    else:
        console.print("[red]" + escape(_("✗ {deviating} of {cases} cases deviate").format(
            deviating=len(result.deviating_cases), cases=result.cases)) + "[/red]")
