"""Process discovery: from an event log to a process file of the language (``approvalnet discover``).

``read_log`` reads a CSV or XES log, ``discover`` runs pm4py's inductive miner and translates its
process tree into steps, choices with observed probabilities, parallel branches and loops, with
durations, lanes and arrivals fitted from the log. See ``docs/discovery.md``.
"""

from __future__ import annotations

from ..eventlog import LogColumns, LogError, LogOptions
from .discovery import Discovery, DiscoveryError, Options, discover
from .read import EventLog, read_log

__all__ = ["Discovery", "DiscoveryError", "EventLog", "LogColumns", "LogError", "LogOptions", "Options", "discover",
           "read_log"]
