"""Soundness of a process file, told in the file's own words: steps, outcomes, lines and columns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..i18n import _, get_language, set_language
from ..language.loader import read_process
from ..language.source import Problem
from ..language.types import Process
from ..parallel import Progress, Scheduler, map_files
from .build import to_petri_net
from .soundness import Diagnostic, SoundnessReport, soundness


@dataclass(frozen=True)
class ProcessSoundness:
    """The soundness report of a process's net, with each diagnostic placed in the file."""

    file: str
    report: SoundnessReport
    problems: tuple[Problem, ...]

    @property
    def sound(self) -> bool | None:
        return self.report.sound

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, **self.report.to_json(), "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True)
class FileSoundness:
    """One file of ``approvalnet soundness``: invalid (``result`` None) or verified."""

    file: str
    result: ProcessSoundness | None
    problems: tuple[Problem, ...]

    @property
    def sound(self) -> bool | None:
        return self.result.sound if self.result else None

    def to_json(self) -> dict[str, Any]:
        if self.result:
            return {"valid": True, **self.result.to_json()}
        return {"file": self.file, "valid": False, "sound": None, "problems": [p.to_json() for p in self.problems]}


def verify_files(files: list[Path], max_states: int = 1_000_000, *, scheduler: Scheduler | None = None,
                 progress: Progress | None = None) -> tuple[FileSoundness, ...]:
    """Verify each process file; a centre file stands for its items (an invalid centre is reported as
    invalid, with its problems). With a Dask ``scheduler`` the files are verified on its workers."""
    from ..language.centre_loader import expand_centres

    entries = expand_centres(files)  # each centre read once, its items' processes with it
    if scheduler is not None:
        work = partial(_verify_pooled, get_language(), max_states)
        wanted = [e for e in entries if e.kind != "centre" or e.centre is None]  # a valid centre: its items
        return tuple(r for done in map_files(work, wanted, jobs=None, threshold=0, scheduler=scheduler,
                                             progress=progress) for r in done)
    results = []
    for entry in entries:
        path = entry.path
        if entry.kind == "centre":
            if entry.centre is None:
                results.append(FileSoundness(str(path), None, entry.problems))
            continue  # a valid centre's items follow it in the list
        process, problems = (entry.process, list(entry.problems)) if entry.process else read_process(path)
        if process is None:
            results.append(FileSoundness(str(path), None, tuple(problems)))
        else:
            checked = verify_process(process, max_states=max_states)
            results.append(FileSoundness(str(path), checked, checked.problems))
    return tuple(results)


def _verify_pooled(language: str, max_states: int, entry: Any) -> tuple[FileSoundness, ...]:
    """One entry of ``verify_files`` on a worker: its result, or none for a valid centre."""
    set_language(language)
    return verify_files_entry(entry, max_states)


def verify_files_entry(entry: Any, max_states: int) -> tuple[FileSoundness, ...]:
    path = entry.path
    if entry.kind == "centre":
        return (FileSoundness(str(path), None, entry.problems),) if entry.centre is None else ()
    process, problems = (entry.process, list(entry.problems)) if entry.process else read_process(path)
    if process is None:
        return (FileSoundness(str(path), None, tuple(problems)),)
    checked = verify_process(process, max_states=max_states)
    return (FileSoundness(str(path), checked, checked.problems),)


def verify_process(process: Process, max_states: int = 1_000_000) -> ProcessSoundness:
    net, initial, final = to_petri_net(process)
    report = soundness(net, initial, final, max_states=max_states)
    return ProcessSoundness(process.file, report, locate(process, net, report))


def locate(process: Process, net: Any, report: SoundnessReport) -> tuple[Problem, ...]:
    """The report's diagnostics as problems at the steps they are about."""
    nodes = {node.name: node for node in (*net.places, *net.transitions)}
    return tuple(_problem(process, d, nodes) for d in report.diagnostics)


def describe_node(name: str, nodes: dict[str, Any]) -> str:
    """A net node in the process's words: a step's name, an outcome, an end, or the bare name."""
    node = nodes.get(name)
    props = getattr(node, "properties", None) or {}
    role = props.get("role")
    if role == "step":
        return f"'{node.label}'"
    if role == "outcome":
        return _("outcome '{outcome}' of step '{step}'").format(outcome=props["outcome"], step=props["step"])
    if role == "end":
        return _("end '{outcome}'").format(outcome=props["outcome"])
    if role == "input":
        return _("the input of step '{step}'").format(step=props["step"])
    if role == "join-input":
        return _("the branch from '{source}' into step '{step}'").format(source=props["from_step"], step=props["step"])
    if role == "choice":
        return _("the choice of step '{step}'").format(step=props["step"])
    if role == "source":
        return _("the start of the case")
    if role == "sink":
        return _("the end of the case")
    if role == "start":
        return _("the start")
    return name


def _problem(process: Process, diagnostic: Diagnostic, nodes: dict[str, Any]) -> Problem:
    names = [*diagnostic.transitions, *diagnostic.places]
    located = [nodes[n].properties["loc"] for n in names if n in nodes and (nodes[n].properties or {}).get("loc")]
    loc = located[0] if located else process.loc_of("steps")
    message = diagnostic.message
    # The message names net nodes; say them in the process's words instead.
    for name in sorted(nodes, key=len, reverse=True):
        message = message.replace(_("the sink place '{name}'").format(name=name), _("the end of the case"))
        message = message.replace(f"'{name}'", describe_node(name, nodes))
    steps = sorted({nodes[n].properties["step"] for n in names if n in nodes and "step" in (nodes[n].properties or {})})
    if steps:
        message += _(" [steps: {steps}]").format(steps=_(", ").join(steps))
    level = "warning" if diagnostic.kind == "state-limit" else "error"
    return Problem(loc, message, f"soundness/{diagnostic.kind}", level)
