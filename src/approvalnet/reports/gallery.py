"""``index.html``: one page that shows every diagram of a folder, with its item's name, code and status.

The page is a single self-contained file (no scripts, no external styles), so it can be opened from
a shared drive or attached to a mail. Every text from a process file goes through ``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class GalleryEntry:
    file: str  # the process file, as named on the command line
    diagram: str | None  # the diagram's path relative to index.html; None when it was not drawn
    name: str | None = None
    code: str | None = None
    valid: bool = True
    sound: bool | None = None  # None: not known (not verified, or the state limit was reached)
    problems: int = 0  # problems that made the file invalid


_STATUS = {True: ("sound", "ok"), False: ("unsound", "bad"), None: ("soundness unknown", "warn")}

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2rem; color: #1e293b; background: #f8fafc; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
p.summary { margin: 0 0 1.5rem; color: #475569; }
ul.gallery { list-style: none; padding: 0; display: grid; gap: 1rem;
             grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); }
li { background: white; border: 1px solid #cbd5e1; border-radius: 6px; padding: .75rem; }
li h2 { font-size: 1rem; margin: 0 0 .25rem; }
li .meta { font-size: .85rem; color: #475569; margin-bottom: .5rem; word-break: break-all; }
li img { width: 100%; height: 12rem; object-fit: contain; background: white; border-top: 1px solid #e2e8f0; }
.status { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: 3px; margin-right: .25rem; }
.ok { background: #dcfce7; color: #166534; } .bad { background: #fee2e2; color: #991b1b; }
.warn { background: #fef3c7; color: #92400e; }
"""


def gallery_html(entries: Sequence[GalleryEntry], title: str = "approvalnet diagrams") -> str:
    """The gallery page; pictures for SVG and PNG diagrams, links for the others."""
    esc = html.escape
    valid = sum(e.valid for e in entries)
    sound = sum(e.sound is True for e in entries)
    items = []
    for entry in entries:
        heading = esc(entry.name or entry.file)
        href = esc(quote(entry.diagram)) if entry.diagram else ""  # file names may be Chinese or hold '#'
        if href:
            heading = f'<a href="{href}">{heading}</a>'
        statuses = []
        if entry.valid:
            statuses.append('<span class="status ok">valid</span>')
            word, css = _STATUS[entry.sound]
            statuses.append(f'<span class="status {css}">{word}</span>')
        else:
            count = f" ({entry.problems} problem{'s' * (entry.problems != 1)})" if entry.problems else ""
            statuses.append(f'<span class="status bad">invalid{count}</span>')
        code = f"<code>{esc(entry.code)}</code> · " if entry.code else ""
        picture = ""
        if entry.diagram and entry.diagram.lower().endswith((".svg", ".png")):
            alt = esc(f"diagram of {entry.name or entry.file}")
            picture = f'<a href="{href}"><img src="{href}" alt="{alt}" loading="lazy"></a>'
        items.append(
            f"<li><h2>{heading}</h2>"
            f'<div class="meta">{code}{"".join(statuses)}<br>{esc(entry.file)}</div>{picture}</li>'
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="summary">{len(entries)} process file{"s" * (len(entries) != 1)}: {valid} valid, {sound} sound. '
        "Made by approvalnet.</p>\n"
        '<ul class="gallery">\n' + "\n".join(items) + "\n</ul>\n</body>\n</html>\n"
    )
