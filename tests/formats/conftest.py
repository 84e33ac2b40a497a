"""Shared fixtures of the BPMN tests: the process files to export, and the BPMN 2.0 XSD."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from approvalnet.language.loader import read_process
from approvalnet.paths import find_process_files

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "approvalnet": "https://approvalnet.example/schema/bpmn",
}


def process_files() -> list[Path]:
    """Every process file of the repository, as it stands when the tests run: the shipped processes
    (found recursively, so files added later are tested too), the examples, and the test processes
    made for odd constructs and nasty labels. YAML files that are not processes are left out."""
    folders = [ROOT / "processes", ROOT / "examples", ROOT / "tests/render/processes", ROOT / "tests/net/processes"]
    files = find_process_files([str(f) for f in folders if f.is_dir()])
    return [f for f in files if read_process(f)[0] is not None]


PROCESS_FILES = process_files()


def file_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def bpmn_xsd_folder() -> Path:
    """The OMG BPMN 2.0 XSD files (BPMN20.xsd, Semantic.xsd, BPMNDI.xsd, DC.xsd, DI.xsd), as shipped
    by the SpiffWorkflow package, a test dependency, found without importing it."""
    spec = importlib.util.find_spec("SpiffWorkflow")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("the BPMN 2.0 XSD comes with the SpiffWorkflow package: pip install 'SpiffWorkflow>=3.1' "
                    "(it is in the dev extra of pyproject.toml)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "bpmn" / "parser" / "schema"
    assert (folder / "BPMN20.xsd").is_file(), f"no BPMN20.xsd in {folder}"
    return folder


@pytest.fixture(scope="session")
def bpmn_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(bpmn_xsd_folder() / "BPMN20.xsd")))
