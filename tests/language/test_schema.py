"""The JSON Schema agrees with the loader on the files we ship and on typical mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from approvalnet.language.centre_loader import is_centre_file
from conftest import shipped_processes

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema/process.schema.json").read_text(encoding="utf-8"))
SHIPPED = shipped_processes([str(ROOT / "processes"), str(ROOT / "examples")])
CENTRES = sorted(p for p in (ROOT / "processes").rglob("*.yaml") if is_centre_file(p))
CENTRE_SCHEMA = json.loads((ROOT / "schema/centre.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_draft07() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_satisfy_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("path", CENTRES, ids=lambda p: p.name)
def test_shipped_centres_satisfy_the_centre_schema(path: Path) -> None:
    jsonschema.Draft7Validator.check_schema(CENTRE_SCHEMA)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(CENTRE_SCHEMA).validate(data)
    data["items"][0]["per_workday"] = -1
    assert list(jsonschema.Draft7Validator(CENTRE_SCHEMA).iter_errors(data))


@pytest.mark.parametrize("name", ["unknown-key.yaml", "wrong-type.yaml", "unknown-value.yaml", "bad-duration.yaml",
                                  "missing-key.yaml"])
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    data = yaml.safe_load((ROOT / "tests/language/invalid" / name).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(data))
