"""What-if scenarios: overrides of staff, arrival rate and durations without editing the process.

Three keys, given on the command line (``--set KEY=VALUE``, repeatable) or as a mapping in a
scenario file (``--scenario FILE.yaml``; the command line wins over the file):

- ``lanes.<lane>.staff``: the staff of a window or department lane (an integer, at least 1);
- ``arrivals.per_workday``: the mean number of applications per working day (above zero);
- ``steps.<id>.duration``: a step's duration, ``"20 min"`` or a distribution mapping.

A scenario file nests them (``lanes: {review: {staff: 3}}``) or writes them dotted at the top level.
They are applied to a *copy* of the loaded ``Process``: the copied objects keep their positions in
the process file, so that later messages still point at the lines they are about.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _
from ..language.source import Loc
from ..language.types import Process

STAFFED = ("window", "department")
KEYS = ("lanes.<lane>.staff", "arrivals.per_workday", "steps.<id>.duration")


class ScenarioError(ValueError):
    """An override that names nothing in the process, or gives a value it cannot take."""


@dataclass(frozen=True)
class Override:
    path: tuple[str, ...]  # ("lanes", lane, "staff"), ("arrivals", "per_workday"), ("steps", id, "duration")
    value: Any
    origin: str  # where it was given: "--set lanes.x.staff=3" or "scenario.yaml:3:5"

    def fail(self, message: str) -> ScenarioError:
        return ScenarioError(f"{self.origin}: {message}")


def _split_key(key: str, origin: str) -> tuple[str, ...]:
    """``lanes.a.b.staff`` → ``("lanes", "a.b", "staff")`` (a lane id may hold dots, a step id cannot)."""
    section, _dot, rest = key.strip().partition(".")
    if section == "arrivals" and rest:
        return ("arrivals", rest)
    if section in ("lanes", "steps"):
        name, _dot, field = rest.rpartition(".")
        if name and field:
            return (section, name, field)
    raise ScenarioError(_("{origin}: unknown key '{key}'; the keys are {keys}")
                        .format(origin=origin, key=key, keys=", ".join(KEYS)))


def parse_set(option: str) -> Override:
    """One ``--set KEY=VALUE``; the value is read as YAML (``3``, ``2.5``, ``20 min``, ``{...}``)."""
    origin = f"--set {option}"
    key, sep, text = option.partition("=")
    if not sep or not key.strip():
        raise ScenarioError(_("{origin}: expected KEY=VALUE, for example lanes.window.staff=3").format(origin=origin))
    return Override(_split_key(key, origin), _yaml_value(text, origin), origin)


def _yaml_value(text: str, origin: str) -> Any:
    from ..language.loader import read_yaml

    if not text.strip():
        raise ScenarioError(_("{origin}: the value is empty").format(origin=origin))
    value, _smap, problems = read_yaml(text, origin)
    if problems and value is None:
        return text.strip()  # not YAML: take it as a plain string (a duration like "20 min" always is)
    return value


def read_scenario(path: str | Path) -> list[Override]:
    """The overrides of a scenario file, each with its position for messages."""
    from ..language.loader import read_yaml

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ScenarioError(_("{path}: cannot read the scenario: {reason}")
                            .format(path=name, reason=error.strerror or error)) from None
    plain, smap, problems = read_yaml(data, name)
    errors = [p for p in problems if p.level == "error" and p.code != "empty"]  # an empty scenario changes nothing
    if errors:
        raise ScenarioError("; ".join(f"{p.loc}: {p.message}" for p in errors))
    if plain is None:
        return []
    if not isinstance(plain, dict):
        raise ScenarioError(_("{where}: a scenario is a mapping of keys ({keys})")
                            .format(where=smap.value_loc(()), keys=", ".join(KEYS)))

    def where(*path: str) -> str:
        return str(smap.value_loc(path))

    overrides: list[Override] = []
    for section, body in plain.items():
        if "." in section:  # a dotted key at the top level, as on the command line
            overrides.append(Override(_split_key(section, where(section)), body, where(section)))
            continue
        if section not in ("lanes", "arrivals", "steps"):
            raise ScenarioError(_("{origin}: unknown key '{key}'; the keys are {keys}")
                                .format(origin=smap.key_loc((section,)), key=section, keys=", ".join(KEYS)))
        if not isinstance(body, dict):
            raise ScenarioError(_("{where}: '{key}' must be a mapping").format(where=where(section), key=section))
        if section == "arrivals":
            overrides.extend(Override(("arrivals", key), value, where(section, key)) for key, value in body.items())
            continue
        for name_, fields in body.items():
            if not isinstance(fields, dict):
                raise ScenarioError(_("{where}: '{key}' must be a mapping, for example {example}").format(
                    where=where(section, name_), key=f"{section}.{name_}",
                    example="{staff: 3}" if section == "lanes" else "{duration: 20 min}"))
            overrides.extend(Override((section, str(name_), key), value, where(section, name_, key))
                             for key, value in fields.items())
    return overrides


def apply_overrides(process: Process, overrides: list[Override]) -> Process:
    """A copy of ``process`` with the overrides applied, in order (a later one wins)."""
    if not overrides:
        return process
    lanes = dict(process.lanes)
    steps = {step.id: step for step in process.steps}
    per_workday: float | None = None
    for override in overrides:
        section = override.path[0]
        if section == "lanes":
            _section, lane_id, field = override.path
            if lane_id not in lanes:
                raise override.fail(_("the process has no lane '{lane}'; its lanes are {lanes}")
                                    .format(lane=lane_id, lanes=", ".join(lanes)))
            if field != "staff":
                raise override.fail(_("a lane's '{field}' cannot be overridden; only 'staff'").format(field=field))
            lane = lanes[lane_id]
            value = override.value
            if lane.kind not in STAFFED:
                raise override.fail(_("lane '{lane}' is an {kind} lane, whose time takes no staff")
                                    .format(lane=lane_id, kind=lane.kind))
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise override.fail(_("the staff of lane '{lane}' must be a whole number of at least 1, not {value!r}")
                                    .format(lane=lane_id, value=value))
            lanes[lane_id] = lane.model_copy(update={"staff": value})
        elif section == "arrivals":
            field = override.path[1]
            if field != "per_workday":
                raise override.fail(_("'arrivals.{field}' cannot be overridden; only 'arrivals.per_workday'")
                                    .format(field=field))
            value = override.value
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise override.fail(_("arrivals.per_workday must be a number above zero, not {value!r}")
                                    .format(value=value))
            per_workday = float(value)
        else:
            _section, step_id, field = override.path
            if step_id not in steps:
                raise override.fail(_("the process has no step '{step}'").format(step=step_id))
            if field != "duration":
                raise override.fail(_("a step's '{field}' cannot be overridden; only 'duration'").format(field=field))
            steps[step_id] = steps[step_id].model_copy(update={"duration": _duration(override, steps[step_id])})

    update: dict[str, Any] = {"lanes": lanes, "steps": [steps[step.id] for step in process.steps]}
    if per_workday is not None:
        update["simulation"] = _with_rate(process, per_workday)
    changed = process.model_copy(update=update)
    _check(changed, overrides)
    return changed


def _duration(override: Override, step: Any) -> Any:
    from pydantic import TypeAdapter, ValidationError

    from ..language.loader import attach_locations
    from ..language.types import DurationSpec

    try:
        spec = TypeAdapter(DurationSpec).validate_python(override.value)
    except ValidationError as error:
        reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
        raise override.fail(_("not a duration ('20 min', or a mapping such as {{distribution: exponential, "
                              "mean: 20 min}}): {reasons}").format(reasons=reasons)) from None
    smap = step.source_map
    if smap is not None:  # messages about the new duration point at the step
        attach_locations(spec, smap, (*(step.__pydantic_private__ or {}).get("_path", ()), "duration"))
    return spec


def _with_rate(process: Process, per_workday: float) -> Any:
    from ..language.types import Simulation

    simulation = process.simulation
    if simulation is None:  # the default calendar, as the simulator assumes without a section
        return Simulation.model_validate({"arrivals": {"per_workday": per_workday}})
    return simulation.model_copy(update={"arrivals": simulation.arrivals.model_copy(
        update={"per_workday": per_workday, "file": None})})  # a rate replaces replayed arrivals


def _check(process: Process, overrides: list[Override]) -> None:
    """The checks of the language on the changed process (a uniform duration with min above max ...)."""
    from ..language.semantics import check_semantics

    errors = [p for p in check_semantics(process) if p.level == "error"]
    if errors:
        given = ", ".join(o.origin for o in overrides)
        problems = "; ".join(f"{p.message} ({p.loc})" if p.loc != Loc.unknown() else p.message for p in errors)
        raise ScenarioError(_("with the scenario ({given}): {problems}").format(given=given, problems=problems))
