"""What a rule sees: the process and the artefacts built from it, each built once and only if asked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..language.flow import Edge, edges, predecessors
from ..language.source import Loc
from ..language.types import Node, Process, Step


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: where and what. The engine adds the rule id and the level."""

    loc: Loc
    message: str


class Context:
    """The process under check and, lazily, its flow graph, Petri net, soundness report and timing."""

    def __init__(self, process: Process, config: Any = None):
        self.process = process
        self.config = config
        self._simulations: dict[tuple, Any] = {}

    # --- reporting ------------------------------------------------------------------------------

    def at(self, node: Node, *field: str | int) -> Loc:
        """The position of ``node`` (or of one of its fields) in the file."""
        return node.loc_of(*field)

    def finding(self, node: Node, message: str, *field: str | int) -> Finding:
        return Finding(node.loc_of(*field), message)

    # --- the flow of steps ------------------------------------------------------------------------

    @cached_property
    def steps(self) -> dict[str, Step]:
        return {s.id: s for s in self.process.steps}

    @cached_property
    def edges(self) -> list[Edge]:
        return edges(self.process)

    @cached_property
    def incoming(self) -> dict[str, list[Edge]]:
        return predecessors(self.process)

    @cached_property
    def outgoing(self) -> dict[str, list[Edge]]:
        out: dict[str, list[Edge]] = {s.id: [] for s in self.process.steps}
        for edge in self.edges:
            out[edge.source].append(edge)
        return out

    def successors(self, step_id: str) -> Iterator[str]:
        for edge in self.outgoing[step_id]:
            if edge.target is not None:
                yield edge.target

    def reachable(self, start: str, *, stop: set[str] | None = None) -> set[str]:
        """Steps reachable from ``start`` (itself included), not going beyond the ``stop`` steps."""
        seen = {start}
        todo = [start]
        while todo:
            current = todo.pop()
            if stop and current in stop and current != start:
                continue
            for nxt in self.successors(current):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    @cached_property
    def reachable_from_start(self) -> set[str]:
        return self.reachable(self.process.steps[0].id)

    @cached_property
    def can_end(self) -> set[str]:
        """Steps from which some path ends the case."""
        ending = {e.source for e in self.edges if e.end is not None}
        result = set(ending)
        todo = list(ending)
        while todo:
            current = todo.pop()
            for edge in self.incoming[current]:
                if edge.source not in result:
                    result.add(edge.source)
                    todo.append(edge.source)
        return result

    def lane_kind(self, step: Step) -> str | None:
        lane = self.process.lanes.get(step.lane)
        return lane.kind if lane else None

    # --- the Petri net and what is computed on it -----------------------------------------------

    @cached_property
    def petri_net(self) -> tuple[Any, Any, Any]:
        from ..net.build import to_petri_net

        return to_petri_net(self.process)

    @cached_property
    def soundness(self) -> Any:
        """The process's soundness, diagnostics placed at steps (``net.verify.ProcessSoundness``)."""
        from ..net.soundness import soundness
        from ..net.verify import ProcessSoundness, locate

        net, initial, final = self.petri_net
        report = soundness(net, initial, final)
        return ProcessSoundness(self.process.file, report, locate(self.process, net, report))

    @cached_property
    def timing(self) -> Any:
        from ..net.timing import Timing

        return Timing(self.process, self.petri_net[0])

    # --- the simulation at the declared arrivals and staff --------------------------------------

    @property
    def declares_capacity(self) -> bool:
        """Whether the file declares its arrivals (a ``simulation:`` section) and the staff of a lane:
        what a simulation of its capacity needs (without them the simulator would choose the arrivals)."""
        return self.process.simulation is not None and any(
            lane.staff for lane in self.process.lanes.values())

    def simulation(self, *, days: float, replications: int, seed: int, warmup_days: float = 0.0) -> Any:
        """``sim.kpis.simulate`` of the process at its declared arrivals and staff, run once per set of
        parameters and kept (the ``capacity`` rules share it); None when the file does not declare
        them or the simulator cannot run it. A lane that cannot keep up is simulated all the same
        (its queue grows), not refused; the weekly backlog, which no rule reads, is not computed."""
        if not self.declares_capacity:
            return None
        key = (days, replications, seed, warmup_days)
        if key not in self._simulations:
            from ..sim.arrivals import ArrivalsError
            from ..sim.engine import SimulationError
            from ..sim.kpis import simulate

            try:
                result = simulate(self.process, days=days, seed=seed, replications=replications,
                                  warmup_days=warmup_days, overload=True, with_backlog=False)
            except (SimulationError, ArrivalsError):
                # a process the simulator cannot run (a loop never left, a step without staff, an
                # unreadable arrivals file): the structure and soundness rules and `simulate` say why
                result = None
            self._simulations[key] = None if result is None or result.defaults_used else result
        return self._simulations[key]
