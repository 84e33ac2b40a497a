"""The long runs of the API — simulate, staff, conform, compare — as they run in a worker process.

``run(kind, payload, language, conn)`` is what a job's process executes (``jobs``): it loads the
process or centre from the text it was given, calls the library as the commands do and sends back
``("progress", share)`` now and then, then ``("done", json)`` or ``("problem", {...})``. A bad
request is a problem with its code; anything else is logged here, on the server's stderr, with its
traceback, and answered as ``internal`` without one.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from ..i18n import _, set_language
from .problems import ApiProblem

log = logging.getLogger("approvalnet.server")
# the loader's codes of a text that is not YAML at all (rather than YAML that is not a process)
YAML_CODES = frozenset({"syntax", "encoding", "empty", "alias-bomb", "tag", "duplicate-key", "too-large"})


def run(kind: str, payload: dict[str, Any], language: str, conn: Any, server: int) -> None:
    """Run one job and send its outcome on ``conn`` (the end of a pipe to the server)."""
    from .pool import watch_server

    watch_server(server)
    set_language(language)
    last = [0.0]

    def progress(share: float) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2 or share >= 1.0:  # a few messages a second are enough for a progress bar
            last[0] = now
            conn.send(("progress", max(0.0, min(1.0, share))))

    root = payload.get("root", "")
    try:
        result = WORK[kind](payload, progress)
    except ApiProblem as problem:
        conn.send(("problem", relativised(problem.to_json(), root)))
    except Exception:  # a bug of ours: logged with its traceback here, answered without one
        log.exception("job %s failed", kind)
        conn.send(("problem", ApiProblem(500, "internal", _("internal error; the server's log has the details"))
                   .to_json()))
    else:
        conn.send(("done", relativised(result, root)))
    finally:
        conn.close()


def relativised(data: Any, root: str, name: str | None = None) -> Any:
    """``data`` with ROOT's absolute paths made relative: the answer names files as the API does, and does not
    tell where on this machine the folder is. With ``name``, a file inside ``root`` is named ``name`` (an
    uploaded log, by the name it was sent with)."""
    if not root:
        return data
    prefix = root.rstrip("/") + "/"
    if isinstance(data, str):
        if name is not None and data.startswith(prefix):
            return name
        return data.replace(prefix, "")
    if isinstance(data, dict):
        return {key: relativised(value, root, name) for key, value in data.items()}
    if isinstance(data, list):
        return [relativised(value, root, name) for value in data]
    return data


def invalid(problems: list[Any], root: str) -> ApiProblem:
    """A text that is not a valid process or centre: 422, ``invalid-yaml`` when it is not even YAML."""
    from .analysis import finding
    from .files import Root

    base = Root(Path(root))
    errors = [p for p in problems if p.level == "error"] or list(problems)
    code = "invalid-yaml" if any(p.code in YAML_CODES for p in errors) else "bad-request"
    first = errors[0] if errors else None
    detail = (_("the file is not a valid process or centre: {line}:{column}: {message}").format(
        line=first.loc.line, column=first.loc.col, message=first.message) if first
        else _("the file is not a valid process or centre"))
    return ApiProblem(422, code, detail, findings=[finding(p, base) for p in problems])


def load(source: dict[str, Any], root: str) -> tuple[str, Any]:
    """``("process", Process)`` or ``("centre", CentreModel)`` from ``{"text", "file"}``; 422 problem when invalid."""
    from ..language.centre_loader import is_centre_data, read_centre
    from ..language.loader import parse_process

    data = source["text"].encode("utf-8")
    if is_centre_data(data):
        centre, problems = read_centre(Path(source["file"]), data)
        if centre is None:
            raise invalid(problems, root)
        return "centre", centre
    process, problems = parse_process(data, source["file"])
    if process is None:
        raise invalid(problems, root)
    return "process", process


def refused(error: Exception) -> ApiProblem:
    """What the library refused (a lane that cannot keep up, a setting that names nothing): 422."""
    from ..sim.engine import NothingFinished

    if isinstance(error, NothingFinished):
        return ApiProblem(422, "bad-request", _("{error}; raise days").format(error=error))
    return ApiProblem(422, "bad-request", str(error))


def simulate(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    from ..centre.staffing import StaffingError
    from ..sim.engine import SimulationError
    from ..sim.scenario import ScenarioError, apply_overrides, parse_set

    kind, model = load(payload["source"], payload["root"])
    replications = payload["replications"]
    settings = payload["settings"]
    common = dict(days=payload["days"], cases=payload["cases"], seed=payload["seed"], replications=replications,
                  warmup_days=payload["warmup"], progress=lambda done: progress(done / replications))
    try:
        if kind == "centre":
            from ..centre.options import parse_staff_settings
            from ..centre.simulate import simulate_centre

            staff, volume = parse_staff_settings(tuple(settings), model)
            return simulate_centre(model, staff=staff, rate_scale=volume, **common).to_json()
        from ..sim.kpis import simulate as simulate_process

        process = apply_overrides(model, [parse_set(setting) for setting in settings])
        return simulate_process(process, **common).to_json()
    except (SimulationError, ScenarioError, StaffingError) as error:
        raise refused(error) from None


def staff(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    from ..centre.options import parse_sweep, parse_targets
    from ..centre.staffing import StaffingError, search_staff, sweep_staff
    from ..sim.engine import SimulationError

    kind, model = load(payload["source"], payload["root"])
    if kind != "centre":
        raise ApiProblem(422, "bad-request", _("staff works on a centre file (top-level `centre:`), not on a process"))
    common = dict(days=payload["days"], replications=payload["replications"], warmup_days=payload["warmup"],
                  seed=payload["seed"])
    try:
        goal = parse_targets(payload["targets"], payload["max_wait"])
        if payload["sweep"] is not None:
            pool, sizes = parse_sweep(payload["sweep"], model)
            given = goal if payload["targets"] or payload["max_wait"] is not None else None
            return sweep_staff(model, pool, sizes, targets=given, progress=progress, **common).to_json()
        return search_staff(model, goal, **common).to_json()
    except (SimulationError, StaffingError) as error:
        raise refused(error) from None


def conform(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    from ..conform import conform as conform_log
    from ..conform.mapping import MappingError
    from ..eventlog import LogError, check_log_file

    log_path = payload["log"]
    try:
        check_log_file(log_path)
    except LogError as error:
        raise ApiProblem(422, "bad-request", str(error).replace(log_path, payload["log_name"])) from None
    kind, process = load(payload["source"], payload["root"])
    if kind != "process":
        raise ApiProblem(422, "bad-request", _("conform checks a log against one process, not a centre"))
    try:
        result = conform_log(process, log_path, progress=lambda cases, done, total: progress(done / total)
                             if total else None)
    except (LogError, MappingError) as error:
        raise ApiProblem(422, "bad-request", str(error).replace(log_path, payload["log_name"])) from None
    return relativised(result.to_json(), str(Path(log_path).parent), payload["log_name"])


def compare(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    from ..sim.engine import SimulationError

    before, old = load(payload["before"], payload["root"])
    after, new = load(payload["after"], payload["root"])
    if before != after:
        raise ApiProblem(422, "bad-request", _("cannot compare a centre with a process: both must be process files "
                                               "or both centres"))
    common = dict(days=payload["days"], seed=payload["seed"], replications=payload["replications"],
                  warmup_days=payload["warmup"], simulate=payload["simulate"])
    try:
        if before == "centre":
            from ..compare.centre import compare_centres

            return compare_centres(old, new, **common).to_json()
        from ..compare.process import compare_processes

        return compare_processes(old, new, rate=payload["rate"], **common).to_json()
    except SimulationError as error:
        raise refused(error) from None


def sleep(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    """A job that only waits (the tests' cancel and time limit), reporting its progress."""
    steps = max(1, int(payload.get("seconds", 1) * 10))
    for step in range(steps):
        time.sleep(0.1)
        progress((step + 1) / steps)
    return {"slept": payload.get("seconds", 1)}


WORK = {"simulate": simulate, "staff": staff, "conform": conform, "compare": compare, "sleep": sleep}
