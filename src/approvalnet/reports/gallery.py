"""``index.html``: one page that shows every diagram of a folder, with its item's name, code and status.

The page is a single self-contained file (no scripts, no external styles), so it can be opened from
a shared drive or attached to a mail (``templates/gallery.html.j2``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..i18n import N_, _, ngettext
from .html import page


@dataclass(frozen=True)
class GalleryEntry:
    file: str  # the process file, as named on the command line
    diagram: str | None  # the diagram's path relative to index.html; None when it was not drawn
    name: str | None = None
    code: str | None = None
    valid: bool = True
    sound: bool | None = None  # None: not known (not verified, or the state limit was reached)
    problems: int = 0  # problems that made the file invalid


_STATUS = {True: (N_("sound"), "ok"), False: (N_("unsound"), "bad"), None: (N_("soundness unknown"), "warn")}

def gallery_html(entries: Sequence[GalleryEntry], title: str | None = None) -> str:
    """The gallery page; pictures for SVG and PNG diagrams, links for the others."""
    title = _("approvalnet diagrams") if title is None else title
    shown = []
    for entry in entries:
        if entry.valid:
            word, css = _STATUS[entry.sound]
            statuses = [(_("valid"), "ok"), (_(word), css)]
        elif entry.problems:
            statuses = [(ngettext("invalid ({n} problem)", "invalid ({n} problems)", entry.problems).format(
                n=entry.problems), "bad")]
        else:
            statuses = [(_("invalid"), "bad")]
        shown.append({
            "heading": entry.name or entry.file, "file": entry.file, "code": entry.code, "statuses": statuses,
            # file names may be Chinese or hold '#': the link is a URL
            "href": quote(entry.diagram) if entry.diagram else "",
            "picture": bool(entry.diagram and entry.diagram.lower().endswith((".svg", ".png"))),
        })
    return page("gallery.html.j2", title=title, entries=shown, valid=sum(e.valid for e in entries),
                sound=sum(e.sound is True for e in entries))
