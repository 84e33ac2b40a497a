"""A discovered process for people: what was found, how well the log fits it, what to check."""

from __future__ import annotations

from typing import Any


def print_result(result: Any, console: Any) -> None:
    """A summary for people: what was found, how well the log fits it, and what to check."""
    from rich.table import Table

    routing = f", {result.routing_steps} routing" if result.routing_steps else ""
    console.print(f"[bold]discovered[/bold] {len(result.steps) - result.routing_steps} steps{routing}, "
                  f"{len(result.lanes)} lanes from {result.log} ({result.cases} cases, {result.events} events, "
                  f"{result.first[:10]} to {result.last[:10]})")
    if result.fitness is not None:
        fitness = result.fitness.get("log_fitness", float("nan"))
        colour = "green" if fitness >= 0.95 else "yellow"
        written = result.fitness.get("log_fitness_as_written")
        extra = "" if written is None else f" (routing steps silent; {written:.3f} as written)"
        console.print(f"fitness of the log on the model (token-based replay): [{colour}]{fitness:.3f}[/{colour}]"
                      f"{extra}; sound: {'yes' if result.sound else '[red]no[/red]'}")
    console.print(f"arrivals {result.per_workday:.3g} per working day; observed cycle time mean "
                  f"{result.cycle_time_mean:.2f}, p95 {result.cycle_time_p95:.2f} working days")
    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("step", "name", "lane", "executions", "duration", "mean min"):
        table.add_column(column, justify="right" if column in ("executions", "mean min") else "left")
    for step in result.steps:
        table.add_row(step.id, step.name, step.lane, str(step.executions), step.duration, f"{step.mean_minutes:.1f}")
    console.print(table)
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if result.output:
        console.print(f"written to {result.output}; fill in the fields marked PLACEHOLDER, then run "
                      f"`approvalnet check {result.output}`")
