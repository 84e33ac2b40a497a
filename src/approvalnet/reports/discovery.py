"""A discovered process for people: what was found, how well the log fits it, what to check."""

from __future__ import annotations

from typing import Any

from ..i18n import _


def print_result(result: Any, console: Any) -> None:
    """A summary for people: what was found, how well the log fits it, and what to check."""
    from rich.markup import escape
    from rich.table import Table

    values = {"steps": len(result.steps) - result.routing_steps, "routing": result.routing_steps,
              "lanes": len(result.lanes), "log": escape(str(result.log)), "cases": result.cases,
              "events": result.events, "first": result.first[:10], "last": result.last[:10]}
    if result.routing_steps:
        console.print(_("discovered {steps} steps, {routing} routing, {lanes} lanes from {log} ({cases} cases, "
                        "{events} events, {first} to {last})").format(**values))
    else:
        console.print(_("discovered {steps} steps, {lanes} lanes from {log} ({cases} cases, {events} events, "
                        "{first} to {last})").format(**values))
    if result.fitness is not None:
        fitness = result.fitness.get("log_fitness", float("nan"))
        colour = "green" if fitness >= 0.95 else "yellow"
        written = result.fitness.get("log_fitness_as_written")
        value = f"[{colour}]{fitness:.3f}[/{colour}]"
        sound = _("yes") if result.sound else "[red]" + _("no") + "[/red]"
        if written is None:
            console.print(_("fitness of the log on the model (token-based replay): {fitness}; sound: {sound}")
                          .format(fitness=value, sound=sound))
        else:
            console.print(_("fitness of the log on the model (token-based replay): {fitness} (routing steps silent; "
                            "{written} as written); sound: {sound}").format(fitness=value, written=f"{written:.3f}",
                                                                           sound=sound))
    console.print(_("arrivals {rate} per working day; observed cycle time mean {mean}, p95 {p95} working days").format(
        rate=f"{result.per_workday:.3g}", mean=f"{result.cycle_time_mean:.2f}", p95=f"{result.cycle_time_p95:.2f}"))
    table = Table(show_header=True, header_style="bold", box=None)
    for n, column in enumerate((_("step"), _("name"), _("lane"), _("executions"), _("duration"),
                                _("mean (minutes)"))):
        table.add_column(column, justify="right" if n in (3, 5) else "left")
    for step in result.steps:
        table.add_row(step.id, step.name, step.lane, str(step.executions), step.duration, f"{step.mean_minutes:.1f}")
    console.print(table)
    for note in result.notes:
        console.print("[yellow]" + escape(_("note: {note}").format(note=note)) + "[/yellow]")
    if result.output:
        console.print(escape(_("written to {file}; fill in the fields marked PLACEHOLDER, then run "
                               "`approvalnet check {file}`").format(file=result.output)))
