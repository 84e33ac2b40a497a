"""The commands: one module per command of ``approvalnet``, on top of the library.

A command reads its options, calls the library, hands the typed result to a presenter
(``approvalnet.reports``) and turns errors into messages and exit codes (``_support``). Nothing
below this package imports click, prints for people or exits. ``COMMANDS`` names where each
command lives, so that ``approvalnet.cli`` imports a command only when it is run (or listed in
``--help``): ``approvalnet validate`` does not pay for Graphviz or pm4py code it never uses.
"""

COMMANDS = {
    "check": "approvalnet.commands.check:check_command",
    "compare": "approvalnet.commands.compare:compare_command",
    "conform": "approvalnet.commands.conform:conform_command",
    "discover": "approvalnet.commands.discover:discover_command",
    "doctor": "approvalnet.commands.doctor:doctor_command",
    "export": "approvalnet.commands.export:export_command",
    "guide": "approvalnet.commands.guide:guide_command",
    "import": "approvalnet.commands.import_:import_command",
    "list": "approvalnet.commands.list_:list_command",
    "log": "approvalnet.commands.log:log_command",
    "net": "approvalnet.commands.net:net_command",
    "render": "approvalnet.commands.render:render_command",
    "rules": "approvalnet.commands.rules:rules_command",
    "schema": "approvalnet.commands.schema:schema_command",
    # the web server lives beside the command line, at the top layer; its command comes with it
    "serve": "approvalnet.server.command:serve_command",
    "simulate": "approvalnet.commands.simulate:simulate_command",
    "soundness": "approvalnet.commands.soundness:soundness_command",
    "staff": "approvalnet.commands.staff:staff_command",
    "validate": "approvalnet.commands.validate:validate_command",
}
