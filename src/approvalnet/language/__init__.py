"""The approval-process language: types, loader and JSON Schema."""
