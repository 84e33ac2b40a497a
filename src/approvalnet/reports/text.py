"""Terminal output for people, through rich (colour on a terminal, plain text in a pipe)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..i18n import _, ngettext
from ..language.source import Problem
from ..language.validate import ValidationReport

if TYPE_CHECKING:
    from ..net.verify import FileSoundness
    from ..rules.engine import CheckReport

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def problem_line(problem: Problem) -> Text:
    """``file:line:col: level: message (code)``, the form editors and CI annotators parse."""
    line = Text()
    line.append(str(problem.loc), style="bold")
    line.append(": ")
    line.append(problem.level, style=LEVEL_STYLE[problem.level])
    line.append(f": {problem.message} ")
    line.append(f"({problem.code})", style="dim")
    return line


def print_validation(report: ValidationReport, console: Any) -> None:
    for result in report.files:
        for problem in result.problems:
            console.print(problem_line(problem))
    total = len(report.files)
    if report.valid:
        console.print(Text(ngettext("✓ {n} file valid", "✓ {n} files valid", total).format(n=total), style="green"))
    else:
        errors = sum(len(f.problems) for f in report.files)
        # counted twice (files and problems): one catalogue entry per number of files, plural by problems
        if total == 1:
            text = ngettext("✗ {invalid} of {n} file invalid ({errors} problem)",
                            "✗ {invalid} of {n} file invalid ({errors} problems)", errors)
        else:
            text = ngettext("✗ {invalid} of {n} files invalid ({errors} problem)",
                            "✗ {invalid} of {n} files invalid ({errors} problems)", errors)
        console.print(Text(text.format(invalid=report.invalid_count, n=total, errors=errors), style="red"))


def print_soundness(results: tuple[FileSoundness, ...], console: Any) -> None:
    verdicts = {True: (_("sound"), "green"), False: (_("unsound"), "bold red"), None: (_("unknown"), "yellow")}
    for result in results:
        for problem in result.problems:
            console.print(problem_line(problem))
        if result.result is None:
            console.print(Text(_("{file}: not a valid process file").format(file=result.file), style="red"))
            continue
        report = result.result.report
        word, style = verdicts[report.sound]
        line = Text(f"{result.file}: ")
        line.append(word, style=style)
        line.append("  " + _("({method}, {states} states, {ms} ms)").format(
            method=report.method, states=report.states, ms=f"{report.elapsed * 1000:.1f}"), style="dim")
        console.print(line)
    sound = sum(r.sound is True for r in results)
    style = "green" if sound == len(results) else "red"
    console.print(Text(ngettext("{sound} of {n} process sound", "{sound} of {n} processes sound", len(results))
                       .format(sound=sound, n=len(results)), style=style))


def check_line(problem: Problem) -> Text:
    """``file:line:col: level rule-id message``."""
    line = Text()
    line.append(str(problem.loc), style="bold")
    line.append(": ")
    line.append(problem.level, style=LEVEL_STYLE[problem.level])
    line.append(" ")
    line.append(problem.code, style="dim")
    line.append(f" {problem.message}")
    return line


def print_check(report: CheckReport, console: Any, fail_on: str) -> None:
    for file in report.files:
        for problem in file.findings:
            console.print(check_line(problem))
    counts = {level: report.count(level) for level in ("error", "warning", "info")}
    invalid = sum(not f.loaded for f in report.files)
    suppressed = sum(f.suppressed for f in report.files)
    # each count is a phrase of its own (Chinese puts the number after the level), listed with the
    # language's separator; the level words of the findings' lines stay the config's tokens
    parts = [ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
             ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
             ngettext("{n} info", "{n} infos", counts["info"]).format(n=counts["info"])]
    if suppressed:
        parts.append(_("{n} suppressed").format(n=suppressed))
    files = len(report.files)
    if invalid:
        summary = ngettext("{n} file checked: {counts}; {invalid} not valid (see `approvalnet validate`)",
                           "{n} files checked: {counts}; {invalid} not valid (see `approvalnet validate`)", files)
    else:
        summary = ngettext("{n} file checked: {counts}", "{n} files checked: {counts}", files)
    summary = summary.format(n=files, counts=_(", ").join(parts), invalid=invalid)
    style = "red" if report.failed(fail_on) or invalid else "green"
    console.print(Text(("✗ " if style == "red" else "✓ ") + summary, style=style))
