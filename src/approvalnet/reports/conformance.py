"""The conformance of a log for people: rich tables in the terminal."""

from __future__ import annotations

from typing import Any

from ..conform.result import KIND_ZH, KINDS, LIMIT_NAMES, ConformanceResult


def _pct(n: int, of: int) -> str:
    return f"{n} ({n / of * 100:.1f} %)" if of else str(n)


def print_result(result: ConformanceResult, console: Any = None, show: int = 20) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False, soft_wrap=True)
    rate = f", {result.cases / result.seconds:,.0f} cases/s" if result.seconds > 0 and result.cases else ""
    console.print(f"[bold]{escape(result.name)}[/bold] ({escape(result.process)}) ← {escape(result.log)}: "
                  f"{result.cases} cases, {result.events} events, {result.variants} variants, "
                  f"{result.seconds:.1f} s{rate}")

    overview = Table(title="Conformance", show_header=False)
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    overview.add_row("fitness (token-based replay)", f"{result.fitness:.4f}")
    overview.add_row("precision (token-based replay)", f"{result.precision:.4f}")
    if result.alignment_fitness is not None:
        overview.add_row("fitness (alignments)", f"{result.alignment_fitness:.4f}")
        if result.alignment_precision is not None:
            overview.add_row("precision (alignments)", f"{result.alignment_precision:.4f}")
    overview.add_row("fitting cases (token replay)", _pct(result.fitting_cases, result.cases))
    overview.add_row("conforming cases", _pct(result.conforming_cases, result.cases))
    overview.add_row("deviating cases", _pct(len(result.deviating_cases), result.cases))
    console.print(overview)

    if any(result.counts.values()):
        kinds = Table(title="Deviations")
        for column in ("kind", "", "cases", "deviations"):
            kinds.add_column(column, justify="right" if column in ("cases", "deviations") else "left")
        for kind in KINDS:
            if result.counts.get(kind):
                kinds.add_row(kind, KIND_ZH[kind], str(result.case_counts[kind]), str(result.counts[kind]))
        console.print(kinds)
    if result.limit_violations:
        limits = Table(title="Time limits (working days on the legal clock)")
        for column in ("limit", "days", "basis", "cases late", "worst"):
            limits.add_column(column, justify="right" if column in ("days", "cases late", "worst") else "left")
        for kind, summary in result.limit_violations.items():
            limit = "–" if summary.limit is None else f"{summary.limit:g}"
            limits.add_row(LIMIT_NAMES[kind], limit, summary.basis, str(summary.cases),
                           f"{summary.worst:.2f}" if summary.cases and summary.worst else "–")
        console.print(limits)
    if result.unknown_activities:
        unknown = Table(title="Activities not in the standard")
        unknown.add_column("activity")
        unknown.add_column("events", justify="right")
        for activity, n in result.unknown_activities.items():
            unknown.add_row(activity, str(n))
        console.print(unknown)
    if result.ignored_activities:
        console.print(escape("left out by the mapping file: " + ", ".join(
            f"{a} ({n})" for a, n in result.ignored_activities.items())))
    worst = result.worst_cases(show)
    if worst:
        more = len(result.deviating_cases) - len(worst)
        console.print(f"[bold]Deviating cases[/bold], worst first{f' ({more} more)' if more > 0 else ''}:")
        for case in worst:
            console.print(f"  case [bold]{escape(case.case)}[/bold]")
            for deviation in case.deviations:
                console.print(f"    {escape(deviation.loc or '-')}: [red]{deviation.kind}[/red]: "
                              f"{escape(deviation.message)}")
    for note in result.notes:
        console.print(f"[yellow]note: {escape(note)}[/yellow]")
    if result.conforms:
        console.print(f"[green]✓ all {result.cases} cases conform[/green]")
    else:
        console.print(f"[red]✗ {len(result.deviating_cases)} of {result.cases} cases deviate[/red]")
