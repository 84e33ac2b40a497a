"""Implementation lists (实施清单): read from the spreadsheets offices keep, written for the reports they send.

``read_list`` reads a list (.xlsx or .csv) with every cell's place; ``import_list`` turns its rows
into process files (``convert``); ``list_entries`` computes, for process files, the row of the list
with the figures approvalnet derives (steps, materials, visits, the worst case, soundness, findings),
which ``reports.list_xlsx`` writes as a workbook.
"""

from .convert import ImportResult, Note, import_list
from .read import ListError, ListFile, read_list

__all__ = ["ImportResult", "ListError", "ListFile", "Note", "import_list", "read_list"]
