"""The workbench's FastAPI application: the endpoints of docs/workbench.md over one served folder.

``create_app(root, host=..., token=...)`` makes it without binding anything (the tests use it as it
is); ``command.serve_command`` runs it on uvicorn. Each endpoint reads its request, calls the library
(through ``analysis`` for validate, check and the catalogue, ``worker`` in a job's process for the
long runs) and answers JSON, an SVG, or a problem (``problems``); ``guard`` has judged the request
before. Limits on sizes, days, cases, replications and time are in ``Limits``.
"""

from __future__ import annotations

import json
import logging
import math
import mimetypes
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._version import __version__
from ..i18n import _, in_language
from .analysis import Analyser, placed
from .files import Root
from .guard import MB, Guard, Settings
from .jobs import Jobs
from .pool import AnalysisPool
from .problems import MEDIA_TYPE, ApiProblem, limit_problem

log = logging.getLogger("approvalnet.server")
STATIC = Path(__file__).parent / "static"
PREFIX = "/api/v1"
LOG_SUFFIXES = (".csv", ".xes", ".xes.gz", ".xlsx", ".xlsm", ".parquet")
for _type, _suffix in (("text/javascript", ".js"), ("text/javascript", ".mjs"), ("text/css", ".css"),
                       ("image/svg+xml", ".svg"), ("font/woff2", ".woff2"), ("application/json", ".json")):
    mimetypes.add_type(_type, _suffix)


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server; over these it is refused with the code ``limit``."""

    days: float = 1000.0  # working days simulated (simulate, compare)
    cases: int = 100_000  # cases simulated (simulate --cases)
    replications: int = 30
    staff_days: float = 250.0  # working days per evaluation of a staffing search
    staff_replications: int = 10
    timeout: float = 120.0  # seconds a run may take
    workers: int = 2  # runs at once (each in a process of its own)
    queue: int = 32  # runs waiting for a worker
    check_workers: int = max(1, min(4, os.cpu_count() or 1))  # processes for validate and check (once warm)
    json_bytes: int = 1 * MB
    upload_bytes: int = 50 * MB


# --- request bodies (documented in openapi.json; extra members are ignored) -------------------------

class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Source(Body):
    text: str | None = None
    path: str | None = None


class TextBody(Body):
    text: str
    path: str | None = None


class CheckBody(TextBody):
    preset: Literal["recommended", "strict", "reform", "capacity"] | None = None


class SaveBody(Body):
    text: str
    etag: str | None = None


class RenderBody(TextBody):
    view: Literal["flow", "net", "guide"] = "flow"
    lang: Literal["zh", "en"] | None = None


class SimulateBody(Source):
    days: float | None = None
    cases: int | None = None
    replications: int = 1
    seed: int = 0
    warmup: float = 0.0
    set: dict[str, Any] = {}


class StaffBody(Source):
    target: dict[str, Any] = {}
    sweep: str | None = None
    days: float = 60.0
    replications: int = 3
    warmup: float = 5.0
    seed: int = 0


class CompareBody(Body):
    before: Source
    after: Source
    days: float = 250.0
    replications: int = 5
    seed: int = 0
    warmup: float = 0.0
    rate: float | None = None
    simulate: bool = True


class JobBody(Body):
    kind: Literal["simulate", "staff", "conform", "compare"] = "simulate"
    body: dict[str, Any] = {}


def bad(detail: str, **extra: Any) -> ApiProblem:
    return ApiProblem(400, "bad-request", detail, **extra)


def problem_response(problem: ApiProblem) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    if problem.code == "unauthorized":
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(problem.to_json(), status_code=problem.status, media_type=MEDIA_TYPE, headers=headers)


def create_app(root: str | Path, *, host: str = "127.0.0.1", token: str | None = None,
               allow_origins: tuple[str, ...] = (), limits: Limits | None = None, warm: bool = False) -> FastAPI:
    """The application serving ``root``; a token is required when ``host`` is not a loopback address.

    Raises ``ValueError`` when ``root`` is not a folder, or when a non-loopback ``host`` comes without
    a ``token`` (``serve`` generates one)."""
    from .guard import is_loopback

    folder = Path(root)
    if not folder.is_dir():
        raise ValueError(_("{path}: not a folder").format(path=root))
    if not is_loopback(host) and not token:
        raise ValueError(_("a server on {host} needs a token").format(host=host))
    limits = limits or Limits()
    base = Root(folder)
    analyser = Analyser(base)
    jobs = Jobs(limits.workers, limits.timeout, limits.queue)
    pool = AnalysisPool(base, limits.check_workers)
    catalogue_lock = threading.Lock()

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        import anyio.to_thread

        # threads for the endpoints that wait: every run under way or queued holds one while it waits
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, limits.workers + limits.queue + 32)
        if warm:  # pm4py, the rules and the catalogue loaded while the first page is being read
            threading.Thread(target=warm_up, daemon=True, name="warm-up").start()
        yield
        jobs.shutdown()
        pool.shutdown()

    def warm_up() -> None:
        try:  # the catalogue first: the fork server's imports would compete with it for the cores
            with catalogue_lock:
                files = analyser.catalogue()
            jobs.warm()
            sample = next((f["path"] for f in files if f["kind"] == "process" and f["valid"]), None)
            pool.start(jobs.context(), base.read(sample)[0].decode("utf-8") if sample else None)
        except Exception:
            if not pool.closed:  # not the server stopping while it warmed up
                log.exception("warming up failed")

    app = FastAPI(title="approvalnet workbench", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=f"{PREFIX}/openapi.json",
                  description="The HTTP API of `approvalnet serve` (docs/workbench.md).")
    app.state.root, app.state.analyser, app.state.jobs, app.state.limits = base, analyser, jobs, limits
    app.state.pool = pool
    settings = Settings(host=host, token=token, allow_origins=allow_origins, json_limit=limits.json_bytes,
                        upload_limit=limits.upload_bytes)
    app.state.settings = settings
    app.add_middleware(Guard, settings=settings)

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_at_the_root() -> JSONResponse:
        # where tools look first (the API's own copy is under /api/v1 with the rest of it)
        return JSONResponse(app.openapi())

    # --- errors ------------------------------------------------------------------------------------

    @app.exception_handler(ApiProblem)
    async def on_problem(request: Request, problem: ApiProblem) -> JSONResponse:
        return problem_response(problem)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return problem_response(bad(_("{where}: {message}").format(where=where or "body", message=first.get(
            "msg", "")), errors=[{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")}
                                 for e in error.errors()]))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return problem_response(ApiProblem(404, "not-found", _("{path}: no such endpoint or file").format(
                path=request.url.path)))
        if error.status_code == 405:
            return problem_response(ApiProblem(405, "bad-request", _("{method} is not allowed on {path}").format(
                method=request.method, path=request.url.path)))
        return problem_response(ApiProblem(error.status_code, "bad-request", str(error.detail)))

    @app.exception_handler(Exception)
    async def on_error(request: Request, error: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return problem_response(ApiProblem(500, "internal", _("internal error; the server's log has the details")))

    # --- what the long runs are given ----------------------------------------------------------------

    def source(given: Source | dict[str, Any], what: str = "") -> dict[str, str]:
        """``{"text", "file"}`` of a ``{"text"|"path"}``: the text sent, else the file's; the file's place in ROOT."""
        if isinstance(given, dict):
            given = Source.model_validate(given)
        if given.text is None and not given.path:
            raise bad(_("{what}: give the process as text or as path").format(what=what) if what
                      else _("give the process as text or as path"))
        target, _name = placed(base, given.path)
        if given.text is not None:
            return {"text": given.text, "file": str(target)}
        data, _etag = base.read(given.path or "")
        return {"text": data.decode("utf-8", "replace"), "file": str(target)}

    def number(name: str, value: float | None, most: float, *, whole: bool = False) -> None:
        if value is None:
            return
        if not math.isfinite(value) or value <= 0 or (whole and value != int(value)):
            raise bad(_("{name} must be a number above zero").format(name=name))
        if value > most:
            raise limit_problem(name, value, most)

    def simulate_payload(body: SimulateBody) -> dict[str, Any]:
        if body.days is not None and body.cases is not None:
            raise bad(_("give days or cases, not both"))
        number("days", body.days, limits.days)
        number("cases", body.cases, limits.cases, whole=True)
        number("replications", body.replications, limits.replications, whole=True)
        if not math.isfinite(body.warmup) or body.warmup < 0:
            raise bad(_("{name} must be a number of at least zero").format(name="warmup"))
        number("warmup", body.warmup or None, limits.days)
        days = body.days if body.days is not None or body.cases is not None else 250.0
        settings = [f"{key}={value if isinstance(value, str) else json.dumps(value)}"
                    for key, value in body.set.items()]
        return {"source": source(body), "root": str(base.path), "days": days, "cases": body.cases,
                "replications": body.replications, "seed": body.seed, "warmup": body.warmup, "settings": settings}

    def staff_payload(body: StaffBody) -> dict[str, Any]:
        number("days", body.days, limits.staff_days)
        if body.replications < 2:
            raise bad(_("replications: a staffing needs at least 2 (for the confidence intervals)"))
        number("replications", body.replications, limits.staff_replications, whole=True)
        if not math.isfinite(body.warmup) or body.warmup < 0:
            raise bad(_("{name} must be a number of at least zero").format(name="warmup"))
        number("warmup", body.warmup or None, limits.staff_days)
        targets, max_wait = [], None
        for key, value in body.target.items():
            if key in ("max-wait", "max_wait"):
                max_wait = str(value)
            else:
                targets.append(f"{key}={value}")
        return {"source": source(body), "root": str(base.path), "targets": targets, "max_wait": max_wait,
                "sweep": body.sweep, "days": body.days, "replications": body.replications, "warmup": body.warmup,
                "seed": body.seed}

    def compare_payload(body: CompareBody) -> dict[str, Any]:
        number("days", body.days, limits.days)
        number("replications", body.replications, limits.replications, whole=True)
        number("rate", body.rate, 1e6)
        if not math.isfinite(body.warmup) or body.warmup < 0:
            raise bad(_("{name} must be a number of at least zero").format(name="warmup"))
        return {"before": source(body.before, "before"), "after": source(body.after, "after"),
                "root": str(base.path), "days": body.days, "replications": body.replications, "seed": body.seed,
                "warmup": body.warmup, "rate": body.rate, "simulate": body.simulate}

    def conform_payload(log_file: UploadFile, text: str | None, path: str | None) -> dict[str, Any]:
        name = Path(log_file.filename or "log.csv").name
        suffix = next((s for s in LOG_SUFFIXES if name.lower().endswith(s)), None)
        if suffix is None:
            raise bad(_("log: {name}: the log is read from .csv, .xes, .xes.gz, .xlsx, .xlsm or .parquet").format(
                name=name))
        folder = Path(tempfile.mkdtemp(prefix="approvalnet-log-"))
        target = folder / f"log{suffix}"
        with target.open("wb") as out:
            shutil.copyfileobj(log_file.file, out)
        try:
            return {"source": source(Source(text=text, path=path)), "root": str(base.path), "log": str(target),
                    "log_name": name, "cleanup": str(folder)}
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def run_and_clean(kind: str, payload: dict[str, Any]) -> Any:
        try:
            return jobs.run(kind, payload)
        finally:
            if payload.get("cleanup"):
                shutil.rmtree(payload["cleanup"], ignore_errors=True)

    # --- endpoints ----------------------------------------------------------------------------------

    @app.get(f"{PREFIX}/health", tags=["server"])
    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, Any]:
        # ready: warmed up (catalogue computed, worker processes started); the API answers before, only slower
        return {"status": "ok", "version": __version__, "ready": pool.ready}

    @app.get(f"{PREFIX}/files", tags=["files"])
    def list_files() -> dict[str, Any]:
        with catalogue_lock:
            files = analyser.catalogue()
        return {"root": base.path.name, "files": files}

    @app.get(f"{PREFIX}/files/{{path:path}}", tags=["files"])
    def read_file(path: str) -> JSONResponse:
        data, etag = base.read(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiProblem(422, "invalid-yaml", _("{path}: the file is not UTF-8 text").format(path=path)) from None
        return JSONResponse({"path": path, "text": text, "etag": etag},
                            headers={"ETag": f'"{etag}"', "Cache-Control": "no-store"})

    @app.put(f"{PREFIX}/files/{{path:path}}", tags=["files"])
    def write_file(path: str, body: SaveBody) -> JSONResponse:
        from ..language.loader import read_yaml
        from .analysis import finding
        from .worker import YAML_CODES

        plain, _smap, problems = read_yaml(body.text, str(placed(base, path)[0]))
        broken = [p for p in problems if p.level == "error" and p.code in YAML_CODES]
        if broken or (plain is None and problems):
            first = (broken or problems)[0]
            raise ApiProblem(422, "invalid-yaml", _("{path}: not saved, the text is not valid YAML: {line}:{column}: "
                                                    "{message}").format(path=path, line=first.loc.line,
                                                                        column=first.loc.col, message=first.message),
                             findings=[finding(p, base) for p in problems])
        etag = base.write(path, body.text, body.etag)
        return JSONResponse({"path": path, "etag": etag}, headers={"ETag": f'"{etag}"'})

    @app.get(f"{PREFIX}/schema", tags=["language"])
    def schema() -> Response:
        from ..language.schema import schema_text

        return Response(schema_text(False), media_type="application/schema+json")

    @app.post(f"{PREFIX}/validate", tags=["language"])
    async def validate(body: TextBody) -> dict[str, Any]:
        return await pool.run("validate", (body.text, body.path), analyser)

    @app.post(f"{PREFIX}/check", tags=["language"])
    async def check(body: CheckBody) -> dict[str, Any]:
        return await pool.run("check", (body.text, body.path, body.preset), analyser)

    @app.post(f"{PREFIX}/render", tags=["language"], response_class=Response,
              responses={200: {"content": {"image/svg+xml": {}}}})
    def render(body: RenderBody) -> Response:
        with in_language(body.lang):
            return Response(render_svg(base, body), media_type="image/svg+xml",
                            headers={"Cache-Control": "no-store"})

    @app.post(f"{PREFIX}/simulate", tags=["runs"])
    def simulate(body: SimulateBody) -> Any:
        return jobs.run("simulate", simulate_payload(body))

    @app.post(f"{PREFIX}/staff", tags=["runs"])
    def staff(body: StaffBody) -> Any:
        return jobs.run("staff", staff_payload(body))

    @app.post(f"{PREFIX}/conform", tags=["runs"])
    def conform(log: UploadFile = File(...), text: str | None = Form(None),  # noqa: B008
                path: str | None = Form(None)) -> Any:
        return run_and_clean("conform", conform_payload(log, text, path))

    @app.post(f"{PREFIX}/compare", tags=["runs"])
    def compare(body: CompareBody) -> Any:
        return jobs.run("compare", compare_payload(body))

    @app.post(f"{PREFIX}/jobs", tags=["jobs"], status_code=202)
    async def start_job(request: Request) -> JSONResponse:
        from starlette.concurrency import run_in_threadpool

        kind, payload = await job_payload(request)
        job = await run_in_threadpool(jobs.submit, kind, payload)
        if payload.get("cleanup"):  # the uploaded log goes when the job is over
            folder = payload["cleanup"]

            def clean() -> None:
                job.finished.wait()
                shutil.rmtree(folder, ignore_errors=True)

            threading.Thread(target=clean, daemon=True).start()
        return JSONResponse({"id": job.id, "state": job.state}, status_code=202,
                            headers={"Location": f"{PREFIX}/jobs/{job.id}"})

    async def job_payload(request: Request) -> tuple[str, dict[str, Any]]:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form()
            kind = str(form.get("kind") or "conform")
            if kind != "conform":
                raise bad(_("a log is uploaded only for kind conform"))
            log_file = form.get("log")
            if not isinstance(log_file, UploadFile) and not hasattr(log_file, "file"):
                raise bad(_("log: the event log file is missing"))
            text, path = form.get("text"), form.get("path")
            return "conform", conform_payload(log_file, text if isinstance(text, str) else None,  # type: ignore[arg-type]
                                              path if isinstance(path, str) else None)
        try:
            given = JobBody.model_validate(json.loads(await request.body() or b"{}"))
        except ValueError as error:
            raise bad(_("the body is not a job: {error}").format(error=str(error).splitlines()[0])) from None
        try:
            if given.kind == "simulate":
                return "simulate", simulate_payload(SimulateBody.model_validate(given.body))
            if given.kind == "staff":
                return "staff", staff_payload(StaffBody.model_validate(given.body))
            if given.kind == "compare":
                return "compare", compare_payload(CompareBody.model_validate(given.body))
        except ValueError as error:
            raise bad(_("body: {error}").format(error=str(error).splitlines()[0])) from None
        raise bad(_("a conform job is sent as multipart/form-data with the log file (see docs/workbench.md)"))

    @app.get(f"{PREFIX}/jobs/{{job_id}}", tags=["jobs"])
    def job_state(job_id: str) -> dict[str, Any]:
        return jobs.get(job_id).to_json()

    @app.delete(f"{PREFIX}/jobs/{{job_id}}", tags=["jobs"])
    def cancel_job(job_id: str) -> dict[str, Any]:
        job = jobs.cancel(job_id)
        return {"id": job.id, "state": job.state}

    # --- the web app ----------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():
            return HTMLResponse("<!doctype html><title>approvalnet</title><p>The web app is not built.</p>",
                                headers={"Cache-Control": "no-cache"})
        return FileResponse(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def render_svg(root: Root, body: RenderBody) -> bytes:
    """The diagram of ``body.text`` as SVG: the process in its view, a centre as its overview."""
    from ..language.centre_loader import is_centre_data, read_centre
    from ..language.loader import parse_process
    from ..render import GraphvizError, diagram
    from ..render.graphviz_run import run_dot
    from .worker import invalid

    target, _name = placed(root, body.path)
    data = body.text.encode("utf-8")
    if is_centre_data(data):
        from ..render.centre import centre_graph

        centre, problems = read_centre(target, data)
        if centre is None:
            raise invalid(problems, str(root.path))
        source = centre_graph(centre).source
    else:
        process, problems = parse_process(data, str(target))
        if process is None:
            raise invalid(problems, str(root.path))
        source = diagram(process, body.view).source
    try:
        return run_dot(source, "svg").data
    except GraphvizError as error:
        raise ApiProblem(500, "internal", str(error)) from None
