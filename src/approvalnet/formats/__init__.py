"""Interchange formats of processes: BPMN 2.0 (export with a lane layout, and import back into the
language) and the YAML text writer that import and discovery share.
"""
