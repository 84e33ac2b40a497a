"""Terminal output for people, through rich (colour on a terminal, plain text in a pipe)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ..language.validate import ValidationReport

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_validation(report: ValidationReport, console: Any) -> None:
    for result in report.files:
        for problem in result.problems:
            line = Text()
            line.append(str(problem.loc), style="bold")
            line.append(": ")
            line.append(problem.level, style=LEVEL_STYLE[problem.level])
            line.append(f": {problem.message} ")
            line.append(f"({problem.code})", style="dim")
            console.print(line)
    total = len(report.files)
    if report.valid:
        console.print(Text(f"✓ {total} file{'s' * (total != 1)} valid", style="green"))
    else:
        errors = sum(len(f.problems) for f in report.files)
        console.print(Text(f"✗ {report.invalid_count} of {total} file{'s' * (total != 1)} invalid "
                           f"({errors} problem{'s' * (errors != 1)})", style="red"))
