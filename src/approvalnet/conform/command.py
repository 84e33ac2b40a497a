"""The ``conform`` command (registered lazily in ``approvalnet.cli``).

Thin, like every command: load the process, stream the log through ``conform``, print the result
as rich tables for people or as JSON for machines, and optionally write the HTML report. Exit
codes: 0 every case conforms, 1 deviations found (or the process file is invalid), 2 the log
cannot be read, a column mapping or mapping file that does not fit, and other usage errors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from .result import KIND_ZH, KINDS, LIMIT_NAMES, ConformanceResult


@click.command("conform")
@click.argument("process_file", metavar="PROCESS", type=click.Path())
@click.argument("log", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="also write an HTML report: the diagram with the deviations' counts, the worst cases")
@click.option("--case", "case_column", metavar="COLUMN", help="the column of the case id  [default: case_id, "
              "case:concept:name, ...]")
@click.option("--activity", "activity_column", metavar="COLUMN", help="the column of the activity  [default: "
              "activity, concept:name, ...]")
@click.option("--timestamp", "timestamp_column", metavar="COLUMN", help="the column of the (completion) time  "
              "[default: timestamp, time:timestamp, ...]")
@click.option("--start-timestamp", "start_column", metavar="COLUMN",
              help="the column of the start time: each row is then one activity instance")
@click.option("--resource", "resource_column", metavar="COLUMN", help="the column of the resource  [default: "
              "resource, org:resource]")
@click.option("--lifecycle", "lifecycle_column", metavar="COLUMN", help="the column of start/complete  [default: "
              "lifecycle, lifecycle:transition]")
@click.option("--timestamp-format", metavar="FORMAT", help="strptime format of timestamps that are not ISO 8601, "
              "e.g. '%d.%m.%Y %H:%M'")
@click.option("--delimiter", metavar="CHAR", help="the CSV's delimiter  [default: guessed from the header]")
@click.option("--encoding", default="utf-8-sig", show_default=True, help="the CSV's text encoding, e.g. gbk")
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), default=None,
              help="a YAML file mapping activities of the log to step ids (null: leave the activity out)")
@click.option("--alignments", is_flag=True, help="also compute fitness by pm4py's alignments (slower)")
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True,
              help="deviating cases printed (text format), worst first")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="show progress on stderr  [default: on a terminal, with --format text]")
def conform_command(process_file: str, log: str, fmt: str, report_path: str | None, case_column: str | None,
                    activity_column: str | None, timestamp_column: str | None, start_column: str | None,
                    resource_column: str | None, lifecycle_column: str | None, timestamp_format: str | None,
                    delimiter: str | None, encoding: str, mapping_path: str | None, alignments: bool, show: int,
                    show_progress: bool | None) -> None:
    """Check an event log against its process: fitness, precision, deviations and time limits.

    LOG is an XES file (.xes, .xes.gz) or a CSV; CSV columns are found by their usual names or given
    with --case, --activity, --timestamp (and --start-timestamp, --resource, --lifecycle); for XES
    the same options name attribute keys. Activities are steps by name or id, or by a --mapping file;
    others are reported as steps not in the standard. Each case is checked for skipped steps (a
    decision without its review), steps in the wrong order, repeated supplement notices (Art. 32) and
    the promised, statutory (Art. 42) and delivery (Art. 44) limits in working days, Art. 45 steps
    excluded. Exit code 0 when every case conforms, 1 when some deviate, 2 when the log cannot be read.
    """
    from ..cli import _load_or_exit, _print_json, fail
    from . import conform
    from .log import LogColumns, LogError, log_kind
    from .mapping import MappingError

    try:
        log_kind(log)
    except LogError as error:
        fail(str(error))
    process = _load_or_exit(process_file, fmt)
    columns = LogColumns(case=case_column, activity=activity_column, timestamp=timestamp_column,
                         start_timestamp=start_column, resource=resource_column, lifecycle=lifecycle_column,
                         timestamp_format=timestamp_format)
    try:
        with _progress(fmt, show_progress) as progress:
            result = conform(process, log, columns=columns, mapping=mapping_path, alignments=alignments,
                             delimiter=delimiter, encoding=encoding, progress=progress)
    except (LogError, MappingError) as error:
        fail(str(error))
    if report_path is not None:
        from .report import write_report

        try:
            write_report(result, process, report_path)
        except OSError as error:
            from ..formats.command import why_not_written

            fail(f"{report_path}: cannot write the report: {why_not_written(report_path, error)}")
    if fmt == "json":
        _print_json(result.to_json())
    else:
        print_result(result, show=show)
        if report_path is not None:
            _stderr().print(f"report written to {report_path}")
    sys.exit(0 if result.conforms else 1)


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _progress(fmt: str, wanted: bool | None) -> Iterator[Callable[[int, int, int], None] | None]:
    """A progress bar on a terminal; plain lines when asked for elsewhere; nothing for JSON unless asked."""
    console = _stderr()
    if wanted is False or (wanted is None and (fmt != "text" or not console.is_terminal)):
        yield None
        return
    if not console.is_terminal:
        last = [0.0]

        def line(cases: int, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 1.0 or (total and done >= total):
                last[0] = now
                share = f", {done / total:.0%} of the log" if total else ""
                click.echo(f"conform: {cases} cases{share}", err=True)

        yield line
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("conforming"), BarColumn(), TextColumn("{task.fields[cases]} cases"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("conform", total=1.0, cases=0)
        yield lambda cases, done, total: bar.update(task, completed=done / total if total else 0.0, cases=cases)


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
