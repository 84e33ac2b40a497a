"""click's own texts (usage, options, errors), so that `make catalogue` puts them in the catalogue.

Taken by a script from the source of click 8.5 (the texts a user can meet): click translates
them through gettext's default domain, which ``approvalnet.cli`` points at approvalnet's
catalogue. Nothing calls this function. The names of path types (file, directory, path) are left
out: click shows them as metavars (FILE), whose width in a help table it counts in characters,
so Chinese ones would break the table's alignment."""

from ..i18n import N_, ngettext


def _texts() -> None:
    N_("%(prog)s, version %(version)s")
    N_("Aborted!")
    N_("Argument {name!r} takes {nargs} values.")
    N_("Choose from:\n\t{choices}")
    N_("Commands")
    N_("Could not open file {filename!r}: {message}")
    N_("Error: {message}")
    N_("Invalid value for {param_hint}: {message}")
    N_("Invalid value: {message}")
    N_("Missing argument")
    N_("Missing command.")
    N_("Missing option")
    N_("Missing parameter")
    N_("Missing parameter: {param_name}")
    N_("Missing {param_type}")
    N_("No such command {name!r}.")
    N_("No such option {name!r}.")
    N_("Option {name!r} does not take a value.")
    N_("Options")
    N_("Positional arguments")
    N_("Show the version and exit.")
    N_("Show this message and exit.")
    N_("Try '{command} {option}' for help.")
    N_("Usage:")
    N_("default: {default}")
    N_("deprecated")
    N_("env var: {var}")
    N_("unknown error")
    N_("{name} {filename!r} does not exist.")
    N_("{name} {filename!r} is a directory.")
    N_("{name} {filename!r} is a file.")
    N_("{name} {filename!r} is not executable.")
    N_("{name} {filename!r} is not readable.")
    N_("{name} {filename!r} is not writable.")
    N_("{value!r} is not a valid boolean. Recognized values: {states}")
    N_("{value!r} is not a valid {number_type}.")
    N_("{value} is not in the range {range}.")
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    ngettext("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.", 1)
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)
