"""SARIF 2.1.0 for findings, fit for GitHub code scanning.

GitHub wants stable ``ruleId`` values, a ``region.startLine`` on every result and relative (or
``file:``) URIs; ``partialFingerprints`` let it follow a finding across commits, so they are built
from what identifies a finding in a file (rule, step position, message), not from the line alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..i18n import _, get_language
from ..rules.engine import CheckReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str, root: Path) -> str:
    """A URI reference (SARIF 2.1.0 §3.10): relative to ``root`` where the file is below it, with
    every character that is not allowed in a URI path percent-encoded (spaces, '#', '%', commas,
    line breaks, Chinese names as UTF-8)."""
    path = Path(file)
    try:
        return quote(path.resolve().relative_to(root.resolve()).as_posix(), safe="/")
    except ValueError:
        return path.resolve().as_uri()


def to_sarif(report: CheckReport, root: Path | None = None) -> dict[str, Any]:
    from ..rules.registry import all_rules

    root = root or Path.cwd()
    registry = all_rules()
    # the rules' texts follow the interface language (a rule's DOC_ZH in Chinese); ids and structure do not
    language = get_language()
    used = sorted({p.code for f in report.files for p in f.findings})
    rules = []
    for rule_id in used:
        rule = registry.get(rule_id)
        descriptor: dict[str, Any] = {"id": rule_id}
        if rule is not None:
            descriptor.update(
                name=rule_id.replace("/", "-"),
                shortDescription={"text": rule.summary_in(language)},
                fullDescription={"text": _before_examples(rule.doc_in(language))},
                help={"text": rule.doc_in(language), "markdown": rule.doc_in(language)},
                defaultConfiguration={"level": _LEVEL[rule.level]},
            )
        else:
            descriptor["shortDescription"] = {"text": _("the file is not a valid process") if rule_id != "rule-error"
                                              else _("a rule failed to run")}
        rules.append(descriptor)
    index = {rule_id: i for i, rule_id in enumerate(used)}
    results = []
    for file in report.files:
        uri = _uri(file.file, root)
        for problem in file.findings:
            region: dict[str, int] = {"startLine": max(problem.loc.line, 1)}
            if problem.loc.col:
                region["startColumn"] = problem.loc.col
            fingerprint = hashlib.sha256(f"{uri}|{problem.code}|{problem.message}".encode()).hexdigest()[:32]
            results.append({
                "ruleId": problem.code,
                "ruleIndex": index[problem.code],
                "level": _LEVEL[problem.level],
                "message": {"text": problem.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "partialFingerprints": {"approvalnetFinding/v1": fingerprint},
            })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "approvalnet", "version": __version__, "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def _before_examples(doc: str) -> str:
    """A rule's documentation up to its examples (``Fails``, in Chinese ``不通过``)."""
    for marker in ("\n\nFails", "\n\n不通过"):
        doc = doc.split(marker)[0]
    return doc


def escape_data(text: str) -> str:
    """A workflow command's message: '%', CR and LF encoded, as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which would otherwise end the value and
    let a file named ``a,line=99::b`` forge a property or a second command (``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: CheckReport) -> str:
    """GitHub Actions workflow commands: one annotation per finding, grouped by file."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for file in report.files:
        if not file.findings:
            continue
        lines.append(f"::group::{escape_data(file.file)}")
        for p in file.findings:
            lines.append(f"::{level[p.level]} file={escape_property(file.file)},line={max(p.loc.line, 1)},"
                         f"col={max(p.loc.col, 1)},title={escape_property(p.code)}::{escape_data(p.message)}")
        lines.append("::endgroup::")
    return "\n".join(lines) + ("\n" if lines else "")
