"""Simulating the two versions of a process under the same demand.

The question a comparison answers is what the reform changes for the same applications, so both
versions are simulated at one arrival rate: OLD's (or ``--rate``), with the same seed, working days,
replications and warm-up. OLD's rate is its ``simulation.arrivals.per_workday``; the mean rate of its
replayed arrivals when it replays a file (both versions then get a Poisson stream of that rate, not
the file); or, when OLD has no ``simulation:`` section, the rate ``approvalnet simulate`` would choose
for it (its busiest lane 70 % busy). Each version keeps its own calendar, arrival profile and staff:
a reform that changes them changes what is compared, which is the point.

The seed is the same, but the simulator draws arrivals and durations from one stream, so the two
runs see arrivals of the same rate, not the same arrival times; the 95 % confidence interval of each
difference (Welch, over the replications) says whether it stands out of that noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..i18n import _
from ..language.types import Process
from ..sim.kpis import Estimate, Kpis, t_quantile


@dataclass(frozen=True)
class SimFigures:
    """What a comparison takes from a simulation: cycle times in working days and on-time rates."""

    per_workday: float
    replications: int
    cycle_mean: Estimate
    cycle_p90: Estimate
    on_time_promised: Estimate | None
    on_time_statutory: Estimate | None
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: Kpis) -> SimFigures:
        """The figures of a simulation, of one process or of a centre (over all its items' cases)."""
        return cls(result.per_workday, result.replications, result.cycle_time_workdays.mean,
                   result.cycle_time_workdays.p90, result.on_time_promised, result.on_time_statutory,
                   result.warnings)


def common_rate(process: Process) -> tuple[float, str]:
    """OLD's arrival rate per working day, and where it comes from (for the output)."""
    from ..sim.engine import compile_model
    from ..sim.kpis import default_rate

    simulation = process.simulation
    if simulation is not None and simulation.arrivals.per_workday is not None:
        return simulation.arrivals.per_workday, _("OLD's simulation.arrivals.per_workday")
    model = compile_model(process)  # raises SimulationError on a file of arrivals it cannot read
    if simulation is not None:
        return model.per_workday, _("the mean rate of OLD's replayed arrivals, {file}").format(
            file=simulation.arrivals.file)
    return default_rate(model), _("OLD has no simulation: section: the rate that keeps its busiest lane 70 % busy, "
                                  "as simulate chooses")


def at_rate(process: Process, rate: float) -> Process:
    """A copy of ``process`` whose arrivals are a Poisson stream of ``rate`` per working day (its calendar
    and profile kept); the process itself when that is already what it says."""
    from ..sim.scenario import Override, apply_overrides

    simulation = process.simulation
    if simulation is not None and simulation.arrivals.per_workday == rate and simulation.arrivals.file is None:
        return process
    return apply_overrides(process, [Override(("arrivals", "per_workday"), rate, "the common arrival rate")])


def simulate_figures(process: Process, *, rate: float, days: float, seed: int, replications: int,
                     warmup_days: float = 0.0) -> SimFigures:
    """Simulate ``process`` at ``rate`` arrivals per working day; raises ``SimulationError`` (a lane that
    cannot keep up at that rate, a loop never left) or ``ScenarioError``."""
    from ..sim.engine import NothingFinished
    from ..sim.kpis import simulate

    result = simulate(at_rate(process, rate), days=days, seed=seed, replications=replications,
                      warmup_days=warmup_days)
    if math.isnan(result.cycle_time_workdays.mean.mean):
        raise NothingFinished(_("no case finished within the {days:g} simulated working days").format(days=days))
    return SimFigures.of(result)


def difference_ci(old: Estimate | None, new: Estimate | None, replications: int) -> float | None:
    """Half-width of the 95 % confidence interval of ``new - old`` (Welch's t, from each estimate's own
    interval over ``replications`` independent runs); None without intervals."""
    if old is None or new is None or old.ci is None or new.ci is None or replications < 2:
        return None
    if math.isnan(old.ci) or math.isnan(new.ci):
        return None
    t = t_quantile(replications - 1)
    se_old, se_new = old.ci / t, new.ci / t  # standard errors of the two means
    variance = se_old**2 + se_new**2
    if variance == 0:
        return 0.0
    df = variance**2 / ((se_old**4 + se_new**4) / (replications - 1))  # Welch–Satterthwaite
    return t_quantile(max(1, math.floor(df))) * math.sqrt(variance)
