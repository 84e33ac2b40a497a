"""``approvalnet rules``: the rules and their documentation."""

from __future__ import annotations

import click

from ..i18n import _, get_language
from ._support import FORMAT, console, fail, print_json


@click.command("rules", help=_("List the rules, or print one rule's documentation."))
@click.argument("rule_id", required=False)
@FORMAT
def rules_command(rule_id: str | None, fmt: str) -> None:
    from ..rules.registry import all_rules

    registry = all_rules()
    # titles and documentation in the interface language (a rule's DOC_ZH in Chinese); ids and levels as typed
    language = get_language()
    if rule_id:
        if rule_id not in registry:
            import difflib

            close = difflib.get_close_matches(rule_id, list(registry), n=1)
            if close:
                fail(_("no rule '{rule}' (did you mean '{close}'?)").format(rule=rule_id, close=close[0]))
            fail(_("no rule '{rule}'").format(rule=rule_id))
        rule = registry[rule_id]
        if fmt == "json":
            print_json({"id": rule.id, "level": rule.level, "summary": rule.summary_in(language),
                        "doc": rule.doc_in(language)})
        else:
            from ..rules.docs import option_table

            click.echo(_("{rule} (default level: {level})").format(rule=rule.id, level=rule.level))
            click.echo(f"\n{rule.doc_in(language)}")
            options = option_table(rule, language)
            if options:
                click.echo("\n" + _("Options:") + "\n".join(options))
        return
    if fmt == "json":
        print_json([{"id": r.id, "level": r.level, "summary": r.summary_in(language)} for r in registry.values()])
        return
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None)
    for column in (_("rule"), _("level"), _("summary")):
        table.add_column(column)
    for rule in registry.values():
        table.add_row(rule.id, rule.level, rule.summary_in(language))
    console().print(table)
