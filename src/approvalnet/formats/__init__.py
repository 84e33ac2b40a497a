"""Interchange formats: SARIF and CI annotations for findings (and later XES/CSV, BPMN)."""
