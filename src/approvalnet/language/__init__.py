"""The approval-process language: the types of process and centre files, their loaders (every value
with its file, line and column), semantic checks, the JSON Schema, and the working-day calendar
that every clock of the tool counts on.
"""
