"""HTML pages from Jinja2 templates (``reports/templates/``): one base page with the shared style,
one template per report, shared macros for tables and figures.

Autoescaping is on: every text from a process file, a log or a result is escaped where the template
puts it. The only markup inserted as it is are the diagrams' SVG, which Graphviz drew from labels
we escaped ourselves (``render.text``), and the plots, which are ``data:`` URLs of PNGs we drew; the
templates mark those with ``|safe`` and say why. Nothing is fetched from the network: the style is
in the page, the pictures are inside it, so a report opens the same on an office machine without
Internet access.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from ..sim.kpis import Estimate


def estimate(value: Estimate | None, digits: int = 2, scale: float = 1.0, unit: str = "") -> str:
    """``12.34 ± 0.56``: a mean and the half-width of its 95 % interval, or a dash when there is none."""
    if value is None or math.isnan(value.mean):
        return "–"
    text = f"{value.mean * scale:.{digits}f}"
    if value.ci is not None and not math.isnan(value.ci):
        text += f" ± {value.ci * scale:.{digits}f}"
    return text + unit


def percent(value: Estimate | None) -> str:
    """``85.3 ± 1.2 %``."""
    return estimate(value, 1, 100, " %")


@functools.cache
def environment() -> Any:
    import jinja2

    from ..i18n import _, get_language, ngettext, pgettext

    env = jinja2.Environment(loader=jinja2.PackageLoader("approvalnet.reports", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.i18n"])
    # {{ _("text") }} and {% trans %} in the templates: the language is looked up at each call, so
    # one cached environment serves both languages; newstyle gettext escapes and formats safely
    env.install_gettext_callables(_, ngettext, newstyle=True, pgettext=pgettext)  # type: ignore[attr-defined]
    env.globals["lang"] = get_language
    env.filters["est"] = estimate
    env.filters["pct"] = percent
    return env


def page(template: str, **context: Any) -> str:
    """The page ``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)


def inline_svg(svg: str) -> str:
    """SVG to put inside a page: without the XML declaration, the DOCTYPE (which names a DTD on the
    web) and comments."""
    import re

    return re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", "", svg, flags=re.DOTALL).strip()
