"""``approvalnet rules``: the rules and their documentation."""

from __future__ import annotations

import click

from ._support import FORMAT, console, fail, print_json


@click.command("rules")
@click.argument("rule_id", required=False)
@FORMAT
def rules_command(rule_id: str | None, fmt: str) -> None:
    """List the rules, or print one rule's documentation."""
    from ..rules.registry import all_rules

    registry = all_rules()
    if rule_id:
        if rule_id not in registry:
            import difflib

            close = difflib.get_close_matches(rule_id, list(registry), n=1)
            fail(f"no rule '{rule_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        rule = registry[rule_id]
        if fmt == "json":
            print_json({"id": rule.id, "level": rule.level, "summary": rule.summary, "doc": rule.doc})
        else:
            from ..rules.docs import option_table

            click.echo(f"{rule.id} (default level: {rule.level})\n\n{rule.doc}")
            options = option_table(rule)
            if options:
                click.echo("\nOptions:" + "\n".join(options))
        return
    if fmt == "json":
        print_json([{"id": r.id, "level": r.level, "summary": r.summary} for r in registry.values()])
        return
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("rule", "level", "summary"):
        table.add_column(column)
    for rule in registry.values():
        table.add_row(rule.id, rule.level, rule.summary)
    console().print(table)
