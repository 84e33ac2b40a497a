"""approvalnet: validate, verify, render and simulate government approval processes.

The public API is small and flat. Messages are in the language of the environment (``LANG``),
or of ``set_language("zh")`` / ``set_language("en")``. pm4py is imported only by the functions that need it, so that
``import approvalnet`` and the commands that do not build Petri nets start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .i18n import set_language
from .language.loader import load
from .language.source import LoadError, Loc, Problem
from .language.types import Process
from .net.build import to_petri_net
from .net.soundness import Diagnostic, SoundnessReport, soundness

if TYPE_CHECKING:  # the simulator and centres are imported only when used
    from .centre.simulate import CentreResult
    from .language.centre_loader import CentreModel
    from .sim.kpis import SimulationResult




def simulate(process: Process, **options: Any) -> SimulationResult:
    """Simulate ``process`` (``days=`` or ``cases=``, ``seed=``, ``replications=``, ``warmup_days=``):
    a ``SimulationResult`` with the KPIs (see ``approvalnet.sim.kpis.simulate``)."""
    from .sim.kpis import simulate as run

    return run(process, **options)


def load_centre(path: str) -> CentreModel:
    """Load a centre file and every item's process (``LoadError`` with every problem otherwise)."""
    from .language.centre_loader import load_centre as read

    return read(path)


def simulate_centre(centre: CentreModel, **options: Any) -> CentreResult:
    """Simulate every item of a centre on its shared staff: a ``CentreResult`` (see ``approvalnet.centre``)."""
    from .centre.simulate import simulate_centre as run

    return run(centre, **options)


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
    "load_centre",
    "set_language",
    "simulate",
    "simulate_centre",
    "soundness",
    "to_petri_net",
]
