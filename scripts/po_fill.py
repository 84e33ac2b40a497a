"""Fill the Chinese catalogue from YAML files of translations: ``english: 中文`` per message.

    python scripts/po_fill.py new-texts.yaml

Run after ``make catalogue`` (which adds the newly marked texts to the catalogue, untranslated).
A key is a message's English text exactly as in the code (for ``ngettext``, its singular). The
script says which keys it did not find in the catalogue (misspelt, or not marked yet) and how
many messages are still untranslated, with where they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/approvalnet/locale/zh_CN/LC_MESSAGES/approvalnet.po"


def main(files: list[str]) -> int:
    wanted: dict[str, str] = {}
    for name in files:
        with open(name, encoding="utf-8") as stream:
            data = yaml.safe_load(stream) or {}
        for english, chinese in data.items():
            wanted[str(english)] = str(chinese)
    with PO.open("rb") as stream:
        catalog = read_po(stream)
    used = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in wanted:
            message.string = (wanted[key],) if isinstance(message.id, tuple) else wanted[key]
            message.flags.discard("fuzzy")
            used.add(key)
    for key in sorted(set(wanted) - used):
        print(f"not in the catalogue: {key!r}", file=sys.stderr)
    with PO.open("wb") as stream:
        write_po(stream, catalog, width=100, sort_by_file=True, include_lineno=False)
    missing = [m for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    for message in missing[:20]:
        print(f"untranslated: {message.locations[0][0] if message.locations else '?'}: {message.id!r}",
              file=sys.stderr)
    print(f"{len(used)} filled; {len(missing)} untranslated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
