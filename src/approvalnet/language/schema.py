"""The JSON Schema of process files, generated from the types in ``types.py``.

Draft-07, because the YAML language server that editors use supports JSON Schema 7 and below; the
identifier is the ``http://`` one it expects.
"""

from __future__ import annotations

import json
from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://approvalnet.example/schema/process.schema.json"
CENTRE_SCHEMA_ID = "https://approvalnet.example/schema/centre.schema.json"
CALENDAR_SCHEMA_ID = "https://approvalnet.example/schema/calendar.schema.json"


def process_schema() -> dict[str, Any]:
    from .types import Process

    return _schema(Process, SCHEMA_ID, "approvalnet process file",
                   "One approval item (政务服务事项) and its procedure. See docs/language.md.")


def centre_schema() -> dict[str, Any]:
    from .centre_types import Centre

    return _schema(Centre, CENTRE_SCHEMA_ID, "approvalnet centre file",
                   "A one-window service centre (一窗式): shared windows, departments, calendar and the items it "
                   "handles. See docs/centre.md.")


def calendar_schema() -> dict[str, Any]:
    from .calendar_file import CalendarFile

    return _schema(CalendarFile, CALENDAR_SCHEMA_ID, "approvalnet calendar file",
                   "Holidays, adjusted working days (调休) and office hours per weekday and per lane that a centre "
                   "ships beside its files. See docs/calendar.md.")


def _schema(model: Any, identifier: str, title: str, description: str) -> dict[str, Any]:
    schema = _draft07(model.model_json_schema(ref_template="#/definitions/{model}", mode="validation"))
    definitions = schema.pop("definitions", {})
    return {
        "$schema": DRAFT_07,
        "$id": identifier,
        "title": title,
        "description": description,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "definitions": definitions,
    }


def _draft07(node: Any) -> Any:
    """Rename 2020-12 keywords pydantic emits into their draft-07 spelling and drop the rest."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = _draft07(value)
        elif key == "discriminator":  # an OpenAPI keyword, not JSON Schema
            continue
        else:
            out[key] = _draft07(value)
    return out


def schema_text(centre: bool = False, calendar: bool = False) -> str:
    schema = calendar_schema() if calendar else centre_schema() if centre else process_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
