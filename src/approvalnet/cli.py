"""The ``approvalnet`` command line: a thin layer over the library.

Every command builds one result object and prints it for people (rich text) or for machines
(``--format json``). Exit codes follow ruff and sqlfluff: 0 clean, 1 problems found in the inputs,
2 usage, configuration or I/O errors. Heavy modules (pm4py above all) are imported inside the
commands that need them, so ``--help`` and ``validate`` start fast.
"""

from __future__ import annotations

import json
import sys
from typing import Any, ClassVar, NoReturn

import click

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text for people, json for machines")


class UsageProblem(Exception):
    """A problem with what the user asked for: printed without a traceback, exit code 2."""


def fail(message: str) -> NoReturn:
    raise UsageProblem(message)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class LazyGroup(click.Group):
    """Commands that live in other modules are imported only when they are run (or listed in --help),
    so that `approvalnet validate` does not pay for Graphviz or pm4py code it never uses."""

    lazy: ClassVar[dict[str, str]] = {
        "render": "approvalnet.render.command:render_command",
        "doctor": "approvalnet.render.command:doctor_command",
        "simulate": "approvalnet.sim.command:simulate_command",
        "discover": "approvalnet.discover.command:discover_command",
        "conform": "approvalnet.conform.command:conform_command",
        "compare": "approvalnet.compare.command:compare_command",
        "staff": "approvalnet.centre.command:staff_command",
        "export": "approvalnet.formats.command:export_command",
        "import": "approvalnet.formats.command:import_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="approvalnet")
def cli() -> None:
    """Validate, verify, render, simulate and staff government approval processes (行政审批) and
    one-window service centres (一窗式); check real event logs against them."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@FORMAT
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="processes to use for many files  [default: one per core]")
def validate(paths: tuple[str, ...], fmt: str, jobs: int | None) -> None:
    """Check that process files are well-formed: syntax, keys, types, references, probabilities.

    PATHS are files or folders (searched recursively for *.yaml and *.yml). Exit code 0 when every
    file is valid, 1 when any is invalid, 2 when a path is missing or holds no process files.
    """
    from .language.validate import validate_files
    from .paths import PathError, find_process_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    report = validate_files(files, jobs)
    if fmt == "json":
        _print_json(report.to_json())
    else:
        from .reports.text import print_validation

        print_validation(report, _console())
    sys.exit(EXIT_OK if report.valid else EXIT_PROBLEMS)


def _load_or_exit(path: str, fmt: str = "text", reader: Any = None) -> Any:
    """Load one process file (or, with ``reader``, another kind) for a command that works on it; on
    problems print them and exit 2, like a missing file: the input is unusable (exit code 1 is left
    to the command's own findings, such as deviations or unmet targets)."""
    from pathlib import Path

    from .language.loader import read_process
    from .language.validate import FileResult, ValidationReport

    if Path(path).is_dir():
        fail(f"{path}: is a folder; give a file")
    if not Path(path).is_file():
        fail(f"{path}: no such file")
    if reader is None:
        from .language.centre_loader import is_centre_file

        if is_centre_file(path):
            context = click.get_current_context(silent=True)
            command = f"'{context.info_name}'" if context and context.info_name else "this command"
            fail(f"{path} is a centre file; {command} works on one process (one of the centre's item files)")
    process, problems = (reader or read_process)(path)
    if process is None:
        report = ValidationReport((FileResult(path, tuple(problems)),))
        if fmt == "json":
            _print_json(report.to_json())
        else:
            from .reports.text import print_validation

            print_validation(report, _console(stderr=True))
        sys.exit(EXIT_ERROR)
    return process


def _write(text: str, output: str | None) -> None:
    if output:
        from .fileio import write_atomic

        try:
            write_atomic(output, text)
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror or error}")
    else:
        sys.stdout.write(text)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["pnml", "dot", "json"]), default="pnml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write to this file instead of stdout")
def net(file: str, fmt: str, output: str | None) -> None:
    """Write the workflow Petri net of a process file as PNML, DOT or JSON.

    PNML is written by pm4py and reads back with pm4py, ProM and WoPeD; names are derived from step
    ids, so the same file always gives the same net, byte for byte.
    """
    process = _load_or_exit(file, "json" if fmt == "json" else "text")
    from .net import export
    from .net.build import to_petri_net

    petri = to_petri_net(process)
    writer = {"pnml": export.to_pnml, "dot": export.to_dot, "json": export.json_text}[fmt]
    _write(writer(*petri), output)


@cli.command(name="soundness")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@FORMAT
@click.option("--max-states", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="give up (verdict unknown) after exploring this many markings")
def soundness_command(paths: tuple[str, ...], fmt: str, max_states: int) -> None:
    """Verify that each process's Petri net is a sound workflow net.

    Sound: every case can finish, finishes with nothing left running, and every step can happen.
    A centre file stands for its items: each item's process is verified.
    Exit code 0 when all are sound, 1 when any is unsound, unknown or invalid, 2 on usage errors.
    """
    from .net.verify import verify_files
    from .paths import PathError, find_process_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
    results = verify_files(files, max_states)  # a centre has no net of its own: its items are verified
    if fmt == "json":
        _print_json({"sound": all(r.sound is True for r in results), "files": [r.to_json() for r in results]})
    else:
        from .reports.text import print_soundness

        print_soundness(results, _console())
    sys.exit(EXIT_OK if all(r.sound is True for r in results) else EXIT_PROBLEMS)


def _rule_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="configuration file  [default: the nearest .approvalnet.yaml, else the recommended preset]")
@click.option("--preset", type=click.Choice(["recommended", "strict", "reform"]),
              help="use a preset instead of any configuration file")
@click.option("--select", multiple=True, help="run only these rules or groups (comma-separated)")
@click.option("--ignore", multiple=True, help="do not run these rules or groups (comma-separated)")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="lowest level of finding that makes the exit code 1")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write the report to this file")
def check(paths: tuple[str, ...], config_path: str | None, preset: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fmt: str, fail_on: str, output: str | None) -> None:
    """Check process files against the standardization rules (law, listing, soundness, structure).

    Findings are printed as FILE:LINE:COL: LEVEL RULE MESSAGE. Exit code 0 when nothing is at or
    above --fail-on, 1 when something is, 2 on usage, configuration or input errors (a file that is
    not a valid process).
    """
    from pathlib import Path

    from .paths import PathError, find_process_files
    from .rules.config import ConfigError, load_config
    from .rules.config import preset as load_preset
    from .rules.engine import check_files

    try:
        files = find_process_files(list(paths))
    except PathError as error:
        fail(str(error))
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
        report = check_files(files, chosen, config_for=config_for)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"{problem.loc}: configuration error: {problem.message}", err=True)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "sarif":
        from .formats.sarif import to_sarif

        text = json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "github":
        from .formats.sarif import github_annotations

        text = github_annotations(report)
    else:
        text = None
    if text is not None:
        _write(text, output)
    else:
        from .reports.text import print_check

        if output:
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            print_check(report, Console(file=buffer, no_color=True, width=200, soft_wrap=True), fail_on)
            _write(buffer.getvalue(), output)
        else:
            print_check(report, _console(), fail_on)
    if report.input_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if report.failed(fail_on) else EXIT_OK)


@cli.command()
@click.argument("rule_id", required=False)
@FORMAT
def rules(rule_id: str | None, fmt: str) -> None:
    """List the rules, or print one rule's documentation."""
    from .rules.registry import all_rules

    registry = all_rules()
    if rule_id:
        if rule_id not in registry:
            import difflib

            close = difflib.get_close_matches(rule_id, list(registry), n=1)
            fail(f"no rule '{rule_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        rule = registry[rule_id]
        if fmt == "json":
            _print_json({"id": rule.id, "level": rule.level, "summary": rule.summary, "doc": rule.doc})
        else:
            from .rules.docs import option_table

            click.echo(f"{rule.id} (default level: {rule.level})\n\n{rule.doc}")
            table = option_table(rule)
            if table:
                click.echo("\nOptions:" + "\n".join(table))
        return
    if fmt == "json":
        _print_json([{"id": r.id, "level": r.level, "summary": r.summary} for r in registry.values()])
        return
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("rule", "level", "summary"):
        table.add_column(column)
    for rule in registry.values():
        table.add_row(rule.id, rule.level, rule.summary)
    _console().print(table)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write to this file instead of stdout")
@click.option("--centre", is_flag=True, help="the schema of centre files instead of process files")
def schema(output: str | None, centre: bool) -> None:
    """Print the JSON Schema (draft-07) of process files (or of centre files), for editors and other tools."""
    from .language.schema import schema_text

    _write(schema_text(centre), output)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    try:
        cli.main(args=argv, prog_name="approvalnet", standalone_mode=False)
    except UsageProblem as problem:
        click.echo(f"approvalnet: error: {problem}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("approvalnet: interrupted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("approvalnet: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from .rules.config import ConfigError

        if isinstance(error, ConfigError):  # from any command that reads a configuration
            for problem in error.problems:
                click.echo(f"{problem.loc}: configuration error: {problem.message}", err=True)
            return EXIT_ERROR
        # a bug of ours: say so plainly, without a traceback
        click.echo(f"approvalnet: internal error: {type(error).__name__}: {error}\n"
                   "Please report this with the command and input that caused it.", err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
