"""Discrete-event simulation of approval processes on working-day calendars (``approvalnet simulate``)."""

from __future__ import annotations

from .engine import SimulationError
from .kpis import Estimate, SimulationResult, Summary, simulate

__all__ = ["Estimate", "SimulationError", "SimulationResult", "Summary", "simulate"]
