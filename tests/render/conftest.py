"""Shared helpers of the diagram tests: the commands, Graphviz availability, reading SVG."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from approvalnet.paths import is_calendar_file

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "processes"
KUNMING = sorted(p for p in (ROOT / "processes/kunming").glob("*.yaml")  # written by hand
                 if p.name != "centre.yaml" and not is_calendar_file(p))
SVG = "{http://www.w3.org/2000/svg}"

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
needs_fontconfig = pytest.mark.skipif(shutil.which("fc-list") is None or shutil.which("fc-query") is None,
                                      reason="fontconfig's tools are not installed")


@pytest.fixture
def cli_main() -> Callable[[list[str]], int]:
    """``approvalnet.cli.main``, which finds ``render`` and ``doctor`` lazily."""
    from approvalnet.cli import main

    return main


def svg_node_texts(svg: bytes | str) -> dict[str, str]:
    """For each node of a Graphviz SVG, by its DOT name (the <title>), the text drawn in it, joined."""
    root = ET.fromstring(svg)
    texts: dict[str, str] = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        title = group.find(f"{SVG}title")
        name = title.text if title is not None else ""
        texts[name or ""] = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return texts


def squeeze(text: str) -> str:
    """Text without white space: wrapped labels lose the spaces at their line breaks."""
    return "".join(text.split())
