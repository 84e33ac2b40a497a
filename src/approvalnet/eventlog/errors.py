"""The errors of reading an event log."""

from __future__ import annotations


class LogError(Exception):
    """The log cannot be read as asked: the message says where (``file:line``) and why, for the user."""


class NotGrouped(Exception):
    """A case's rows are not together in the file: read it again with ``grouped=False``."""

    def __init__(self, case: str, line: int):
        super().__init__(f"case '{case}' comes back at line {line}, after other cases")
        self.case, self.line = case, line
