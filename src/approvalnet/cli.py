"""The ``approvalnet`` command line: the group that names the commands, and ``main``.

The commands themselves live in ``approvalnet.commands``, one module each, and are imported only
when they are run (or listed in ``--help``), so ``--help`` and ``validate`` start fast. ``main``
turns what is left of an error into a message and an exit code: never a traceback.
"""

from __future__ import annotations

import sys

import click

from ._version import __version__
from .commands import COMMANDS
from .commands._support import EXIT_ERROR, EXIT_OK, UsageProblem


class LazyGroup(click.Group):
    """Commands that live in other modules are imported only when they are run (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib

        module, attribute = COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="approvalnet")
def cli() -> None:
    """Validate, verify, render, simulate and staff government approval processes (行政审批) and
    one-window service centres (一窗式); check real event logs against them."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    try:
        cli.main(args=argv, prog_name="approvalnet", standalone_mode=False)
    except UsageProblem as usage:
        click.echo(f"approvalnet: error: {usage}", err=True)
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
