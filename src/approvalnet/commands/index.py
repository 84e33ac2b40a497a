"""``python -m approvalnet.commands.index OUT``: the front page of what ``make demo`` wrote.

Not a command of ``approvalnet``: the page links the outputs of one particular run of the demo.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import _
from ..reports.index import index_html
from ._support import write_output


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print(_("usage: python -m approvalnet.commands.index OUT_DIR (a folder make demo wrote)"), file=sys.stderr)
        return 2
    out = Path(args[0])
    write_output(out / "index.html", index_html(out))
    print(_("wrote {path}").format(path=out / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
