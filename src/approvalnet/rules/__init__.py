"""The standardization rules: the engine that runs them, their configuration, presets and
suppressions, and one module per rule in a folder per group (structure, soundness, law, listing,
reform, centre). A rule module's docstring is its documentation (``approvalnet rules ID``).
"""
