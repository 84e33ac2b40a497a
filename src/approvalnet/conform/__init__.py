"""Conformance checking: does an event log follow its process, and keep its time limits?

    from approvalnet.conform import conform
    result = conform(approvalnet.load("item.yaml"), "events.csv")

See ``core.conform`` and ``docs/conformance.md``.
"""

from __future__ import annotations

from ..eventlog import LogColumns, LogError, LogOptions
from .core import conform
from .mapping import MappingError
from .result import CaseDeviations, ConformanceResult, Deviation

__all__ = ["CaseDeviations", "ConformanceResult", "Deviation", "LogColumns", "LogError", "LogOptions", "MappingError",
           "conform"]
