"""approvalnet: validate, verify, render and simulate government approval processes.

The public API is small and flat. pm4py is imported only by the functions that need it, so that
``import approvalnet`` and the commands that do not build Petri nets start fast.
"""

from __future__ import annotations

from .language.loader import load
from .language.source import LoadError, Loc, Problem
from .language.types import Process
from .net.build import to_petri_net
from .net.soundness import Diagnostic, SoundnessReport, soundness

__version__ = "0.1.0"



def check(process: Process, config: object = None) -> list[Problem]:
    """Every finding of the standardization rules on ``process`` (the recommended preset unless
    ``config``, an ``approvalnet.rules.config.Config``, says otherwise)."""
    from .rules.engine import check_process

    return check_process(process, config)  # type: ignore[arg-type]


__all__ = [
    "Diagnostic",
    "LoadError",
    "Loc",
    "Problem",
    "Process",
    "SoundnessReport",
    "__version__",
    "check",
    "load",
    "soundness",
    "to_petri_net",
]
