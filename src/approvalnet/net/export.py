"""Writing nets as PNML, DOT and JSON, identically from run to run.

PNML goes through pm4py's own writer, so that what pm4py (and ProM, WoPeD ...) read is what pm4py
writes; its output is then put in a canonical order. pm4py's writer orders elements by Python set
iteration, names arcs by ``id()`` and gives silent transitions random UUIDs, so two runs on the same
net differ; a file under version control must not.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from typing import Any

_NAMESPACE = uuid.UUID("6b1d9a5e-3c55-4c1e-9a57-2f6a51d3c0de")  # fixed, so that silent ids are stable


def _nodes(net: Any) -> tuple[list[Any], list[Any], list[Any]]:
    places = sorted(net.places, key=lambda p: p.name)
    transitions = sorted(net.transitions, key=lambda t: t.name)
    arcs = sorted(net.arcs, key=lambda a: (a.source.name, a.target.name))
    return places, transitions, arcs


def to_pnml(net: Any, initial: Any, final: Any) -> str:
    """PNML (pnmlcoremodel) as written by pm4py, in canonical order with stable ids."""
    from pm4py.objects.petri_net.exporter.variants.pnml import export_petri_as_string

    root = ET.fromstring(export_petri_as_string(net, initial, final))
    for page in root.iter("page"):
        elements = list(page)
        order = {"place": 0, "transition": 1, "arc": 2}
        for element in elements:
            page.remove(element)
            if element.tag == "arc":
                element.set("id", f"arc.{element.get('source')}.{element.get('target')}")
            for tool in element.iter("toolspecific"):
                if tool.get("localNodeID"):
                    tool.set("localNodeID", str(uuid.uuid5(_NAMESPACE, element.get("id", ""))))
        elements.sort(key=lambda e: (order.get(e.tag, 3), e.get("id", "")))
        page.extend(elements)
    for markings in root.iter("finalmarkings"):
        for marking in markings.iter("marking"):
            places = sorted(marking, key=lambda e: e.get("idref", ""))
            for element in list(marking):
                marking.remove(element)
            marking.extend(places)
    ET.indent(root)
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def to_json(net: Any, initial: Any, final: Any) -> dict[str, Any]:
    """Places, transitions (with what they came from) and arcs as plain data."""
    places, transitions, arcs = _nodes(net)

    def props(node: Any) -> dict[str, Any]:
        # properties hold Python objects (a Loc); JSON gets their text
        return {k: v if isinstance(v, str | int | float | bool) else str(v)
                for k, v in (node.properties or {}).items() if v is not None}

    return {
        "name": net.name,
        "places": [{"id": p.name, **props(p)} for p in places],
        "transitions": [{"id": t.name, "label": t.label, "silent": t.label is None, **props(t)} for t in transitions],
        "arcs": [{"source": a.source.name, "target": a.target.name, "weight": a.weight} for a in arcs],
        "initial_marking": {p.name: n for p, n in sorted(initial.items(), key=lambda i: i[0].name)},
        "final_marking": {p.name: n for p, n in sorted(final.items(), key=lambda i: i[0].name)},
    }


def _quote(text: str) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(net: Any, initial: Any, final: Any, font: str = "Noto Sans CJK SC") -> str:
    """Graphviz DOT of the net, left to right: places as circles, steps as boxes, silent steps as bars."""
    places, transitions, arcs = _nodes(net)
    lines = [
        f"digraph {_quote(net.name or 'net')} {{",
        "  rankdir=LR;",
        f"  graph [fontname={_quote(font)}];",
        f"  node [fontname={_quote(font)}, fontsize=11];",
        f"  edge [fontname={_quote(font)}, fontsize=9];",
    ]
    for p in places:
        tokens = initial.get(p, 0)
        label = "●" if tokens == 1 else (str(tokens) if tokens else "")
        extra = ", peripheries=2" if p in final else ""
        lines.append(f"  {_quote(p.name)} [shape=circle, width=0.35, fixedsize=true, label={_quote(label)}, "
                     f"xlabel={_quote(p.name)}{extra}];")
    for t in transitions:
        if t.label is None:
            lines.append(f"  {_quote(t.name)} [shape=box, style=filled, fillcolor=black, width=0.08, height=0.4, "
                         f"label=\"\", tooltip={_quote(t.name)}];")
        else:
            lines.append(f"  {_quote(t.name)} [shape=box, style=rounded, label={_quote(t.label)}, "
                         f"tooltip={_quote(t.name)}];")
    for a in arcs:
        weight = f" [label={_quote(str(a.weight))}]" if a.weight != 1 else ""
        lines.append(f"  {_quote(a.source.name)} -> {_quote(a.target.name)}{weight};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def json_text(net: Any, initial: Any, final: Any) -> str:
    return json.dumps(to_json(net, initial, final), ensure_ascii=False, indent=2) + "\n"
