"""Running Graphviz's ``dot``: finding it, asking its version, and turning DOT into SVG, PNG or PDF.

The ``graphviz`` package's own rendering raises ``ExecutableNotFound`` with a bare path when ``dot``
is missing, the most reported problem of every tool that draws with Graphviz. Here ``dot`` is
looked for first, a missing one is explained with the command that installs it on each system,
and a ``dot`` that fails or hangs is reported in one clean message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

from ..i18n import N_, _

TIMEOUT = 60  # seconds; a process diagram takes well under one

# Marked with N_ (made at import time); translated where shown, with _().
INSTALL_HINT = N_("""\
Graphviz's `dot` program was not found on the PATH; approvalnet needs it to draw SVG, PNG and PDF.
Install Graphviz (and a Chinese font), then open a new terminal:
  Debian/Ubuntu:  sudo apt-get install graphviz fonts-noto-cjk
  Fedora:         sudo dnf install graphviz google-noto-sans-cjk-fonts
  macOS:          brew install graphviz && brew install --cask font-noto-sans-cjk
  Windows:        winget install graphviz   (or: choco install graphviz; conda install -c conda-forge graphviz)
`approvalnet render --format dot` writes DOT text, which needs no Graphviz.
`approvalnet doctor` checks the set-up.""")


class GraphvizError(Exception):
    """``dot`` is missing, failed or took too long; the message is written for the user."""


class GraphvizMissing(GraphvizError):
    def __init__(self) -> None:
        super().__init__(_(INSTALL_HINT))


@dataclass(frozen=True)
class Rendered:
    data: bytes
    log: str  # what dot wrote on stderr: warnings, and with ``-v`` the fonts it chose


def find_dot() -> str | None:
    return shutil.which("dot")


def dot_version(dot: str | None = None) -> str | None:
    """Graphviz's version, e.g. ``2.43.0``; None when ``dot`` is missing or does not answer."""
    dot = dot or find_dot()
    if dot is None:
        return None
    try:
        done = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"version\s+(\S+)", done.stderr + done.stdout)
    return match.group(1) if match else None


def run_dot(source: str, fmt: str, *args: str, timeout: float = TIMEOUT) -> Rendered:
    """Lay out and draw ``source`` in format ``fmt`` (``svg``, ``png``, ``pdf`` …)."""
    dot = find_dot()
    if dot is None:
        raise GraphvizMissing()
    try:
        done = subprocess.run([dot, f"-T{fmt}", *args], input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GraphvizError(_("Graphviz's dot did not finish within {timeout:g} s; the diagram may be "
                              "too large to lay out (try --format dot and render it elsewhere)").format(
                                  timeout=timeout)) from None
    except OSError as error:
        raise GraphvizError(_("could not run Graphviz's dot ({dot}): {value}").format(
                                  dot=dot, value=error.strerror or error)) from None
    log = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0 or not done.stdout:
        detail = "\n".join(line for line in log.splitlines() if line.strip()) or f"exit code {done.returncode}"
        raise GraphvizError(_("Graphviz's dot could not draw the diagram: {detail}").format(detail=detail))
    return Rendered(done.stdout, log)


@dataclass(frozen=True)
class ResolvedFont:
    requested: str  # the fontname in the DOT
    family: str  # what the renderer picked, e.g. "Noto Sans CJK SC, Regular"
    file: str  # the font file, when the renderer says


_RESOLVED = re.compile(r'fontname:\s*"(?P<requested>[^"]*)"\s+resolved to:\s*\((?P<kind>[^)]*)\)\s*'
                       r'(?:"(?P<family>[^"]*)")?\s*(?P<file>\S.*)?$')


def resolved_fonts(log: str) -> list[ResolvedFont]:
    """The fonts ``dot -v`` reports having chosen (cairo/pango renderers: PNG, PDF), in order, once each."""
    found: dict[str, ResolvedFont] = {}
    for line in log.splitlines():
        match = _RESOLVED.search(line.strip())
        if match:
            family = match.group("family") or match.group("kind")
            found.setdefault(match.group("requested"),
                             ResolvedFont(match.group("requested"), family, (match.group("file") or "").strip()))
    return list(found.values())
