"""``approvalnet check``: findings of the standardization rules, for people and for machines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..i18n import _
from ._support import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    SCHEDULER,
    console,
    fail,
    refuse_overwriting,
    scheduler_or_exit,
    scheduler_progress,
    write_or_print,
)


def _rule_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command("check", help=_(
    "Check process files against the standardization rules (law, listing, soundness, structure).\n\n"
    "Findings are printed as FILE:LINE:COL: LEVEL RULE MESSAGE. Exit code 0 when nothing is at or above "
    "--fail-on, 1 when something is, 2 on usage, configuration or input errors (a file that is not a valid "
    "process)."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help=_("configuration file  [default: the nearest .approvalnet.yaml, else the recommended preset]"))
@click.option("--preset", type=click.Choice(["recommended", "strict", "reform", "capacity"]),
              help=_("use a preset instead of any configuration file"))
@click.option("--select", multiple=True, help=_("run only these rules or groups (comma-separated)"))
@click.option("--ignore", multiple=True, help=_("do not run these rules or groups (comma-separated)"))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True,
              help=_("text for people; json, sarif (code scanning) or github (annotations) for machines"))
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help=_("lowest level of finding that makes the exit code 1"))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=_("write the report to this file"))
@SCHEDULER
def check_command(paths: tuple[str, ...], config_path: str | None, preset: str | None, select: tuple[str, ...],
                  ignore: tuple[str, ...], fmt: str, fail_on: str, output: str | None, scheduler: str | None) -> None:
    from ..paths import PathError, find_process_files
    from ..rules.config import ConfigError, load_config
    from ..rules.config import preset as load_preset
    from ..rules.engine import check_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    refuse_overwriting([*files, config_path], ("-o", output))
    chosen = None
    try:
        if preset:
            chosen = load_preset(preset)
        elif config_path:
            chosen = load_config(config_path)
        cache: dict[Path, Any] = {}

        def config_for(path: Path) -> Any:
            folder = path.resolve().parent
            if folder not in cache:
                cache[folder] = load_config(near=path).narrowed(_rule_list(select), _rule_list(ignore))
            return cache[folder]

        if chosen is not None:
            chosen = chosen.narrowed(_rule_list(select), _rule_list(ignore))
        with scheduler_or_exit(scheduler) as dask, \
                scheduler_progress(_("checking"), dask, wanted=fmt == "text") as progress:
            report = check_files(files, chosen, config_for=config_for, scheduler=dask, progress=progress)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(_("{location}: configuration error: {message}").format(location=problem.loc,
                                                                               message=problem.message), err=True)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "sarif":
        from ..reports.sarif import to_sarif

        text = json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "github":
        from ..reports.sarif import github_annotations

        text = github_annotations(report)
    else:
        text = None
    if text is not None:
        write_or_print(text, output)
    else:
        from ..reports.text import print_check

        if output:
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            print_check(report, Console(file=buffer, no_color=True, width=200, soft_wrap=True), fail_on)
            write_or_print(buffer.getvalue(), output)
        else:
            print_check(report, console(), fail_on)
    if report.input_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if report.failed(fail_on) else EXIT_OK)
