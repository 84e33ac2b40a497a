"""One configuration of lxml for every XML file approvalnet reads (BPMN, XES): what it may not do.

A BPMN or XES file comes from someone else's system or hands. Read with lxml's defaults it could
make the reader fetch a URL, open a local file through an external entity (and copy it into the
output), or expand an entity bomb. So every reader uses these options: entities are not resolved,
no DTD is loaded, nothing is fetched from the network. ``huge_tree`` stays the caller's choice: an
event log of millions of events needs it, a BPMN diagram does not.
"""

from __future__ import annotations

from typing import Any

SAFE: dict[str, Any] = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def parser(**options: Any) -> Any:
    """An ``lxml.etree.XMLParser`` with the safe options (and ``options`` besides)."""
    from lxml import etree

    return etree.XMLParser(**SAFE, **options)


def iterparse(source: Any, **options: Any) -> Any:
    """``lxml.etree.iterparse`` with the safe options (and ``options`` besides)."""
    from lxml import etree

    return etree.iterparse(source, **SAFE, **options)
