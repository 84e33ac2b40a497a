"""``approvalnet doctor``: is everything in place for drawing diagrams?"""

from __future__ import annotations

import sys

import click

from ..i18n import _
from ..render.flow import DEFAULT_FONT
from ._support import EXIT_OK, EXIT_PROBLEMS

PROBE_TEXT = "行政审批流程图"  # what doctor asks dot to draw to see which font it uses for Chinese


@click.command(name="doctor", help=_(
    "Check what drawing diagrams needs: Graphviz, a font with Chinese glyphs, pm4py.\n\nExit "
    "code 0 when everything is in place, 1 when something is missing."
))
@click.option("--font", default=DEFAULT_FONT, show_default=True, help=_("the font to check"))
def doctor_command(font: str) -> None:
    import platform
    from importlib import metadata

    import graphviz

    from .._version import __version__
    from ..render.fonts import check_font, chinese_families, covers, file_charset
    from ..render.graphviz_run import INSTALL_HINT, GraphvizError, dot_version, find_dot, resolved_fonts, run_dot

    ok = True

    def say(good: bool | None, text: str) -> None:
        nonlocal ok
        ok = ok and good is not False
        mark = {True: "✓", False: "✗", None: "·"}[good]
        click.echo(f"{mark} {text}")

    click.echo(f"approvalnet {__version__}, Python {platform.python_version()} ({sys.executable})")

    dot = find_dot()
    if dot is None:
        say(False, _("Graphviz: dot not found on the PATH"))
        click.echo("  " + _(INSTALL_HINT).replace("\n", "\n  "))
    else:
        say(True, _("Graphviz {version}: {dot}").format(version=dot_version(dot) or _("(version unknown)"), dot=dot))

    check = check_font(font)
    if check.covers_chinese:
        say(True, _("font '{font}' has Chinese glyphs: {files}").format(font=font, files=", ".join(check.files)))
    else:  # unknown (no fontconfig tools, as on Windows) is not a failure: dot's own answer follows
        say(None if check.covers_chinese is None else False,
            check.warning() or _("font '{font}'").format(font=font))
    families = chinese_families()
    if families:  # Simplified Chinese ones first: the others draw some characters in other shapes
        families.sort(key=lambda family: (not family.endswith((" SC", " CN")) and "WenQuanYi" not in family, family))
        shown = (_("{families} and {count} more") if len(families) > 8 else "{families}").format(
            families=", ".join(families[:8]), count=len(families) - 8)
        click.echo("  " + _("fonts with Chinese glyphs: {families}").format(families=shown))

    if dot is not None:  # what dot really draws with: the font that matters for PNG and PDF
        probe = graphviz.Digraph()
        probe.node("a", label=PROBE_TEXT, fontname=font)
        try:
            used = resolved_fonts(run_dot(probe.source, "png", "-v").log)
        except GraphvizError as error:
            say(False, _("dot could not draw a test diagram: {error}").format(error=error))
            used = []
        for resolved in used:
            charset = file_charset(resolved.file) if resolved.file else None
            missing = covers(charset, PROBE_TEXT) if charset is not None else None
            values = {"font": font, "family": resolved.family + (f" ({resolved.file})" if resolved.file else ""),
                      "missing": "".join(missing or ()), "probe": PROBE_TEXT}
            if missing is None:
                say(None, _("dot draws '{font}' with {family}; its glyphs could not be checked").format(**values))
            elif missing:
                say(False, _("dot draws '{font}' with {family}, which lacks {missing}: Chinese would show as "
                             "boxes").format(**values))
            else:
                say(True, _("dot draws '{font}' with {family}, which covers {probe}").format(**values))

    for package in ("pm4py", "graphviz"):
        try:
            say(True, _("{package} {version} (Python package)").format(package=package,
                                                                        version=metadata.version(package)))
        except metadata.PackageNotFoundError:
            say(False, _("{package} (Python package) is not installed: pip install {package}").format(package=package))
    sys.exit(EXIT_OK if ok else EXIT_PROBLEMS)
