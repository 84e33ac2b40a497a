"""Long runs in worker processes: a bounded number at a time, each with a time limit, progress and cancel.

Every simulation, staffing search, conformance check and comparison runs in a process of its own,
started from a fork server (clean of the server's threads), at most ``workers`` at once; the others
wait in the queue, of at most ``queue`` jobs. A thread per job watches its process: it passes the
progress on, ends it when the time limit passes (``timeout``) or when the job is cancelled (the
process is terminated: a simulation cannot be interrupted otherwise), and keeps the outcome. The
endpoints that answer at once (``POST /simulate`` …) run a job and wait for it; ``/jobs`` lets the
web app poll and cancel. Finished jobs are kept for a while (``KEEP``), then forgotten.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _, get_language
from .problems import ApiProblem

log = logging.getLogger("approvalnet.server")
KEEP = 200  # finished jobs remembered for GET /jobs/{id}
DONE_STATES = ("done", "failed", "cancelled")
# what the fork server imports once, so that each job's process starts with it (a few milliseconds, not seconds)
PRELOAD = ["approvalnet.server.worker", "approvalnet.server.pool", "approvalnet.sim.kpis",
           "approvalnet.centre.simulate", "approvalnet.centre.staffing", "approvalnet.centre.options",
           "approvalnet.conform", "approvalnet.compare.process", "approvalnet.compare.centre", "approvalnet.net.build",
           "approvalnet.rules.engine", "pm4py.objects.petri_net.obj"]


@dataclass
class Job:
    id: str
    kind: str
    state: str = "queued"
    progress: float | None = None
    result: Any = None
    error: dict[str, Any] | None = None
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    finished: threading.Event = field(default_factory=threading.Event, repr=False)
    created: float = field(default_factory=time.monotonic)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "state": self.state, "progress": self.progress}
        if self.state == "done":
            data["result"] = self.result
        if self.error is not None:
            data["error"] = self.error
        return data


def timeout_problem(seconds: float) -> ApiProblem:
    return ApiProblem(504, "timeout", _("the run took longer than this server's limit of {seconds:g} s; ask for "
                                        "fewer days, cases or replications").format(seconds=seconds),
                      limit="seconds", max=seconds)


def cancelled_problem(job_id: str) -> ApiProblem:
    return ApiProblem(409, "cancelled", _("job {id} was cancelled").format(id=job_id))


class Jobs:
    """The server's jobs: at most ``workers`` running, ``queue`` waiting, each within ``timeout`` seconds."""

    def __init__(self, workers: int = 2, timeout: float = 120.0, queue: int = 32) -> None:
        self.workers, self.timeout, self.queue = workers, timeout, queue
        self.slots = threading.BoundedSemaphore(workers)
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self._context: Any = None

    def context(self) -> Any:
        """The fork server's context, made on first use; it starts with the worker's module loaded."""
        with self.lock:
            if self._context is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._context = context
            return self._context

    def warm(self) -> None:
        """Start the fork server now rather than at the first job (called in the background at start-up)."""
        from multiprocessing import forkserver

        self.context()
        try:
            forkserver.ensure_running()
        except Exception:  # not worth failing the server for: the first job starts it
            log.exception("could not start the fork server")

    def submit(self, kind: str, payload: dict[str, Any]) -> Job:
        with self.lock:
            waiting = sum(job.state in ("queued", "running") for job in self.jobs.values())
            if waiting >= self.workers + self.queue:
                raise ApiProblem(503, "limit", _("the server has {n} runs under way or waiting, its limit; try "
                                                 "again when one is done").format(n=waiting),
                                 limit="jobs", max=self.workers + self.queue)
            job = Job(secrets.token_hex(8), kind)
            self.jobs[job.id] = job
            self._forget()
        thread = threading.Thread(target=self._watch, args=(job, payload, get_language()), daemon=True,
                                  name=f"job-{job.id}")
        thread.start()
        return job

    def get(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise ApiProblem(404, "not-found", _("no job {id} (unknown, or finished long ago)").format(id=job_id))
        return job

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        if job.state not in DONE_STATES:
            job.cancel.set()
            if job.state == "queued":  # its thread still waits for a slot: it will see the flag
                self._finish(job, "cancelled", error=cancelled_problem(job.id).to_json())
            job.finished.wait(5.0)
        return job

    def run(self, kind: str, payload: dict[str, Any]) -> Any:
        """Run a job and wait for its result (the endpoints that answer at once); its problem if it failed."""
        job = self.submit(kind, payload)
        job.finished.wait()
        if job.state == "done":
            return job.result
        error = job.error or ApiProblem(500, "internal", _("the run ended without a result")).to_json()
        raise ApiProblem(error["status"], error["code"], error["detail"],
                         **{k: v for k, v in error.items() if k not in ("type", "title", "status", "code", "detail")})

    def shutdown(self) -> None:
        for job in list(self.jobs.values()):
            if job.state not in DONE_STATES:
                job.cancel.set()

    # --- inside each job's thread -------------------------------------------------------------------

    def _forget(self) -> None:
        done = [job for job in self.jobs.values() if job.state in DONE_STATES]
        for job in sorted(done, key=lambda j: j.created)[:max(0, len(done) - KEEP)]:
            del self.jobs[job.id]

    def _finish(self, job: Job, state: str, *, result: Any = None, error: dict[str, Any] | None = None) -> None:
        with self.lock:
            if job.state in DONE_STATES:
                return
            job.state, job.result, job.error = state, result, error
            if state == "done":
                job.progress = 1.0
        job.finished.set()

    def _watch(self, job: Job, payload: dict[str, Any], language: str) -> None:
        while not self.slots.acquire(timeout=0.1):
            if job.cancel.is_set():
                self._finish(job, "cancelled", error=cancelled_problem(job.id).to_json())
                return
        try:
            if job.cancel.is_set():
                self._finish(job, "cancelled", error=cancelled_problem(job.id).to_json())
                return
            self._run(job, payload, language)
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._finish(job, "failed", error=ApiProblem(500, "internal", _("internal error; the server's log has "
                                                                            "the details")).to_json())
        finally:
            self.slots.release()

    def _run(self, job: Job, payload: dict[str, Any], language: str) -> None:
        from .worker import run

        context = self.context()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=run, args=(job.kind, payload, language, sender, os.getpid()), daemon=True)
        with self.lock:
            if job.state == "queued":
                job.state = "running"
        process.start()
        sender.close()
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                if job.cancel.is_set():
                    self._finish(job, "cancelled", error=cancelled_problem(job.id).to_json())
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    self._finish(job, "failed", error=timeout_problem(self.timeout).to_json())
                    return
                if not receiver.poll(min(0.1, left)):
                    continue
                try:
                    kind, value = receiver.recv()
                except (EOFError, OSError):  # the process died without a word (killed, out of memory)
                    process.join(1.0)
                    log.error("job %s (%s): worker ended with exit code %s", job.id, job.kind, process.exitcode)
                    self._finish(job, "failed", error=ApiProblem(500, "internal", _(
                        "the worker process ended unexpectedly")).to_json())
                    return
                if kind == "progress":
                    job.progress = value
                elif kind == "done":
                    self._finish(job, "done", result=value)
                    return
                else:
                    self._finish(job, "failed", error=value)
                    return
        finally:
            receiver.close()
            if process.is_alive():
                process.terminate()
                process.join(2.0)
                if process.is_alive():
                    process.kill()
            process.join(1.0)
