"""The ``approvalnet`` command line: the group that names the commands, and ``main``.

The commands themselves live in ``approvalnet.commands``, one module each, and are imported only
when they are run (or listed in ``--help``), so ``--help`` and ``validate`` start fast. ``main``
turns what is left of an error into a message and an exit code: never a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from . import i18n
from ._version import __version__
from .commands import COMMANDS
from .i18n import N_, _

# Nothing here imports the commands' shared module at import time: its option help texts are
# made when it is imported, which must be after --lang has been read (see main).


class LangOption(click.Option):
    """``--lang zh|en`` on every command: read by ``choose_language`` before click runs; checked here.

    One option object serves every run of a process (the tests run many), so its help is
    translated when shown, not when made."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else (record[0], record[1].replace(self.help or "", _(self.help or "")))


def lang_option() -> click.Option:
    return LangOption(["--lang"], type=click.Choice(["zh", "en"]), expose_value=False, is_eager=True,
                      help=N_("interface language (default: from LANG/LANGUAGE, else English)"))


def translate_help(command: click.Command) -> None:
    """Put the help texts of ``command`` and its options in the language of this run.

    Their English source is kept on the command the first time, so that a later run in the other
    language translates from it again."""
    source = command.__dict__.setdefault("_english_help", (
        command.help, command.short_help, {id(param): getattr(param, "help", None) for param in command.params}))
    text, short, params = source
    command.help = _(text) if text else text
    command.short_help = _(short) if short else short
    for param in command.params:
        english = params.get(id(param))
        if english and not isinstance(param, LangOption):
            param.help = _(english)
    # click makes its --help option once, with its text in the language of that moment
    command._help_option = None


class LazyGroup(click.Group):
    """Commands that live in other modules are imported only when they are run (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib

        module, attribute = COMMANDS[name].split(":")
        with i18n.untranslated():  # help texts made at import keep their English source
            command: click.Command = getattr(importlib.import_module(module), attribute)
        # a group of commands (``list import``, ``list export``): each of its commands too
        for each in (command, *(command.commands.values() if isinstance(command, click.Group) else ())):
            if not any(param.name == "lang" for param in each.params):
                each.params.append(lang_option())
            translate_help(each)
        return command

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # the group is built at import, before --lang is read: its text is translated when shown
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(_(self.help or ""))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("Validate, verify, render, simulate and staff government approval processes (行政审批) "
                     "and one-window service centres (一窗式); check real event logs against them."))
@click.version_option(__version__, prog_name="approvalnet")
def cli() -> None:
    pass


def choose_language(args: list[str]) -> None:
    """Set the interface language from ``--lang`` anywhere in ``args``, else from the environment.

    It is read before click parses anything, so that the commands' help and click's own texts
    are in that language too. ``LANGUAGE`` is set to match: click's texts follow it through
    gettext, and so do the worker processes of ``--jobs``.
    """
    code = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            code = args[index + 1]
        elif arg.startswith("--lang="):
            code = arg.split("=", 1)[1]
    if code is not None and i18n.normalise(code) is None:
        code = None  # the option's own check reports it
    chosen = i18n.set_language(code)
    os.environ["LANGUAGE"] = "zh_CN" if chosen == "zh" else "en"
    import gettext

    gettext.bindtextdomain(i18n.DOMAIN, str(i18n.LOCALE_DIR))
    gettext.textdomain(i18n.DOMAIN)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    choose_language(sys.argv[1:] if argv is None else argv)
    with i18n.untranslated():
        from .commands._support import EXIT_ERROR, EXIT_OK, UsageProblem

    if not any(param.name == "lang" for param in cli.params):
        cli.params.append(lang_option())
    cli._help_option = None
    try:
        cli.main(args=argv, prog_name="approvalnet", standalone_mode=False)
    except UsageProblem as usage:
        click.echo(_("approvalnet: error: {message}").format(message=usage), err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo(_("approvalnet: interrupted"), err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo(_("approvalnet: interrupted"), err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from .rules.config import ConfigError

        if isinstance(error, ConfigError):  # from any command that reads a configuration
            for problem in error.problems:
                click.echo(_("{location}: configuration error: {message}").format(
                    location=problem.loc, message=problem.message), err=True)
            return EXIT_ERROR
        # a bug of ours: say so plainly, without a traceback
        click.echo(_("approvalnet: internal error: {kind}: {error}\n"
                     "Please report this with the command and input that caused it.").format(
                         kind=type(error).__name__, error=error), err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
