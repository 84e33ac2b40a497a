"""Which fonts can draw Chinese, asked of fontconfig (the font library Graphviz draws PNG and PDF with).

Graphviz writes whatever ``fontname`` it is given. When fontconfig has no font of that name with
Chinese glyphs, cairo falls back to some other font, and if none on the machine has them, every
character becomes a box ("tofu"). These checks run fontconfig's own tools (``fc-list``,
``fc-match``, ``fc-query``), which come with Graphviz on Linux; where they are missing the answer is
"unknown", never a crash.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

PROBE = "中"  # U+4E2D: a font that has it is a Chinese font


def _fc(tool: str, *args: str) -> str | None:
    """Run a fontconfig tool; None when it is missing or fails."""
    path = shutil.which(tool)
    if path is None:
        return None
    try:
        done = subprocess.run([path, *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def fc_escape(name: str) -> str:
    """A family name inside a fontconfig pattern: ``\\``, ``-``, ``:`` and ``,`` are escaped."""
    for char in "\\-:,":
        name = name.replace(char, "\\" + char)
    return name


def _first_names(text: str) -> list[str]:
    """fontconfig lists a family with its localized names (``A,B``); keep the first, once."""
    return list(dict.fromkeys(line.split(",")[0].strip() for line in text.splitlines() if line.strip()))


def chinese_families() -> list[str] | None:
    """Font families with Chinese glyphs, sorted; None when fontconfig is not installed."""
    out = _fc("fc-list", ":lang=zh", "family")
    return None if out is None else sorted(_first_names(out))


@dataclass(frozen=True)
class FontCheck:
    font: str
    covers_chinese: bool | None  # None: fontconfig is not installed, nothing is known
    files: tuple[str, ...] = ()  # the files of that family that have Chinese glyphs
    fallback: str | None = None  # the family fontconfig offers for Chinese text instead

    def warning(self) -> str | None:
        """What to tell the user when Chinese may not show as Chinese, else None."""
        if self.covers_chinese:
            return None
        if self.covers_chinese is None:
            return (f"cannot check that font '{self.font}' has Chinese glyphs: fontconfig's fc-list was not found; "
                    "Chinese labels in PNG and PDF may show as boxes")
        if self.fallback:
            return (f"no font named '{self.font}' with Chinese glyphs is installed: Chinese will be drawn with "
                    f"'{self.fallback}' instead, if at all. Choose an installed one with --font "
                    "(`approvalnet doctor` lists them)")
        return ("no font with Chinese glyphs is installed: Chinese labels in PNG and PDF will show as boxes. "
                "Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; Fedora: sudo dnf install "
                "google-noto-sans-cjk-fonts; macOS: brew install --cask font-noto-sans-cjk)")


def check_font(font: str) -> FontCheck:
    """Whether fontconfig has a font of family ``font`` that covers Chinese, and what it offers if not."""
    hex_probe = f"{ord(PROBE):x}"
    out = _fc("fc-list", f"{fc_escape(font)}:charset={hex_probe}", "file")
    if out is None:
        return FontCheck(font, None)
    files = tuple(sorted({line.rsplit(":", 1)[0].strip() for line in out.splitlines() if line.strip()}))
    if files:
        return FontCheck(font, True, files)
    fallback = None
    if (_fc("fc-list", f":charset={hex_probe}", "family") or "").strip():
        match = _fc("fc-match", "-f", "%{family}", f"{fc_escape(font)}:charset={hex_probe}")
        fallback = _first_names(match or "")[0] if match and match.strip() else None
    return FontCheck(font, False, (), fallback)


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset notation (``20-7e a0-17f 4e00``) as inclusive code point ranges."""
    ranges = []
    for part in text.split():
        low, _, high = part.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def file_charset(path: str) -> list[tuple[int, int]] | None:
    """The code points every face of a font file covers (a .ttc holds several faces); None if unknown."""
    out = _fc("fc-query", "-f", "%{charset}\n", path)
    if out is None:
        return None
    faces = [parse_charset(line) for line in out.splitlines() if line.strip()]
    if not faces:
        return None
    common = faces[0]
    for face in faces[1:]:
        common = _intersect(common, face)
    return common


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The intersection of two sorted lists of disjoint inclusive ranges."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low <= high:
            out.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def covers(ranges: list[tuple[int, int]], text: str) -> list[str]:
    """The characters of ``text`` (spaces aside) that fall outside ``ranges``; empty when all are covered."""
    missing = []
    for char in dict.fromkeys(text):
        if char.isspace():
            continue
        code = ord(char)
        if not any(low <= code <= high for low, high in ranges):
            missing.append(char)
    return missing
