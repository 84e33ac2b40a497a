"""Spreading independent per-file work over the machine's cores, or over a Dask cluster.

Without a scheduler, ``map_files`` runs the work here or on a pool of processes (``jobs``) and Dask
is not imported at all. With one (``parse_scheduler("local:2")``, ``"tcp://host:9786"``) the work
goes to Dask's workers (``map_dask``), and the results come back in the order of the items all the
same, so that what is computed does not depend on where.

On Dask, tasks are submitted in order, in chunks (as ``ProcessPoolExecutor.map`` does), each with
``RETRIES`` retries; progress counts the items of the chunks as they complete, and the results are
gathered in the order of submission. A worker lost while it held tasks, and a task that failed and
is run again, are reported through the scheduler's ``warn``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .i18n import _

T = TypeVar("T")
R = TypeVar("R")

# The work done so far and all of it, in items: what a progress bar shows.
Progress = Callable[[int, int], None]

INSTALL_HINT = "pip install 'approvalnet[scale]'"


class SchedulerError(ValueError):
    """A scheduler that cannot be used: Dask missing, an address that does not answer."""


@dataclass(eq=False)
class Scheduler:
    """Where Dask runs the work: a local cluster of ``workers`` processes (``address`` None) or the
    scheduler at ``address`` (``tcp://host:port``) with its workers.

    ``connect`` starts or reaches it (``map_files`` connects by itself when nobody did, and closes
    again); ``close`` lets it go. ``warn``, when given, receives a sentence for people whenever a
    worker was lost or a task failed and was run again."""

    address: str | None = None
    workers: int | None = None
    warn: Callable[[str], None] | None = field(default=None, repr=False)
    client: Any = field(default=None, repr=False)
    cluster: Any = field(default=None, repr=False)

    def describe(self) -> str:
        if self.address is not None:
            return self.address
        return "local" if self.workers is None else f"local:{self.workers}"

    def connect(self) -> Any:
        """The Dask client, started or connected on first use; ``SchedulerError`` when it cannot be."""
        if self.client is None:
            _connect(self)
        return self.client

    def close(self) -> None:
        if self.client is not None or self.cluster is not None:
            _close(self)

    def __enter__(self) -> Scheduler:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_ADDRESS = re.compile(r"tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})")


def parse_scheduler(text: str) -> Scheduler:
    """``local`` (one worker per core), ``local:N`` (N workers) or ``tcp://host:port``; a ValueError
    saying what to write for anything else."""
    value = text.strip()
    if value == "local":
        return Scheduler()
    if value.startswith("local:"):
        count = value.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(_("'{text}': local:N needs a number of workers of at least 1, e.g. local:4").format(
                text=text))
        return Scheduler(workers=int(count))
    match = _ADDRESS.fullmatch(value)
    if match and 0 < int(match.group(2)) < 65536:
        return Scheduler(address=value)
    raise ValueError(_("'{text}' is not a scheduler: write local, local:N or tcp://HOST:PORT").format(text=text))


def map_files(work: Callable[[T], R], items: Sequence[T], *, jobs: int | None, threshold: int,
              scheduler: Scheduler | None = None, progress: Progress | None = None) -> tuple[R, ...]:
    """``work`` over ``items`` in order; on ``jobs`` processes (default: one per core) once there are
    ``threshold`` items or more, below which starting the workers costs more than it saves.

    With a ``scheduler`` the items go to Dask's workers whatever their number (``threshold`` and
    ``jobs`` do not apply); ``progress`` then hears of every item done. ``work`` must be a function
    of its item alone (and of what it is bound to), so that a task run again gives the same result."""
    if scheduler is not None:
        if not items:
            return ()
        return map_dask(work, items, scheduler, progress=progress)
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(items) >= threshold:
        with ProcessPoolExecutor(jobs) as pool:
            return tuple(pool.map(work, items, chunksize=max(1, len(items) // (jobs * 8))))
    return tuple(map(work, items))


# --- Dask, imported only when a scheduler is asked for ---------------------------------------------

RETRIES = 2  # a task whose worker died, or that failed, runs again up to this many times
CONNECT_TIMEOUT = "10s"
TOPIC = "approvalnet"  # the events the tasks log when they fail
# tasks per worker: enough to even out files of different sizes, few enough to keep overheads low
CHUNKS_PER_WORKER = 4


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise SchedulerError(_("--scheduler needs Dask, which is not installed: {hint}").format(
            hint=INSTALL_HINT)) from error
    return distributed


def _connect(scheduler: Scheduler) -> None:
    """Start the local cluster or reach the scheduler at its address; ``SchedulerError`` when it fails."""
    distributed = _distributed()
    import logging

    import dask

    # Dask's own log lines (a worker restarted, a connection retried) would mix with the command's
    # output on stderr: the warnings that matter are reported through ``warn``
    for name in ("distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    dask.config.set({"distributed.logging.distributed": "critical"})
    try:
        if scheduler.address is None:
            with warnings.catch_warnings():  # the scheduler's HTTP server says it took another port than 8787
                warnings.simplefilter("ignore")
                scheduler.cluster = distributed.LocalCluster(
                    n_workers=scheduler.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    host="127.0.0.1", silence_logs=logging.CRITICAL)
            scheduler.client = distributed.Client(scheduler.cluster, timeout=CONNECT_TIMEOUT)
        else:
            scheduler.client = distributed.Client(scheduler.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        _close(scheduler)
        if scheduler.address is None:
            raise SchedulerError(_("cannot start a local Dask cluster: {error}").format(error=error)) from error
        raise SchedulerError(_("cannot reach the Dask scheduler at {address} (waited {timeout}): {error}").format(
            address=scheduler.address, timeout=CONNECT_TIMEOUT, error=error)) from error


def _close(scheduler: Scheduler) -> None:
    client, cluster = scheduler.client, scheduler.cluster
    scheduler.client = scheduler.cluster = None
    for part in (client, cluster):
        if part is not None:
            with contextlib.suppress(Exception):  # closing what is already gone is no error
                part.close()


def _chunk(work: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    """One task: ``work`` over a few items. A failure is logged for the client before Dask retries it."""
    try:
        return [work(item) for item in chunk]
    except Exception as error:
        with contextlib.suppress(Exception):  # not on a worker: nobody to tell
            from distributed import get_worker

            get_worker().log_event(TOPIC, {"error": f"{type(error).__name__}: {error}"})
        raise


def map_dask(work: Callable[[T], R], items: Sequence[T], scheduler: Scheduler, *,
             progress: Progress | None = None) -> tuple[R, ...]:
    """``work`` over ``items`` on the scheduler's workers, the results in the order of ``items``."""
    distributed = _distributed()
    opened = scheduler.client is None
    client = scheduler.connect()
    try:
        workers = client.nthreads()
        size = max(1, len(items) // (max(1, sum(workers.values())) * CHUNKS_PER_WORKER))
        chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
        events: queue.SimpleQueue[str] = queue.SimpleQueue()
        client.subscribe_topic(TOPIC, lambda event: events.put(
            _("a task failed on a Dask worker and runs again: {error}").format(
                error=event[1].get("error", "?") if isinstance(event[1], dict) else "?")))
        try:
            # The work, with what it is bound to (a compiled centre is megabytes), is a task of its own:
            # it travels to the workers once, not with every chunk, and a worker lost with it makes
            # Dask compute it again (scattered data would be lost with its worker).
            shared = client.submit(_same, work, pure=False, retries=RETRIES)
            futures = client.map(_chunk, [shared] * len(chunks), chunks, retries=RETRIES, pure=False)
            sizes = {future.key: len(chunk) for future, chunk in zip(futures, chunks, strict=True)}
            known = set(workers)
            done = 0
            for future in distributed.as_completed(futures):
                done += sizes[future.key]
                known = _lost(client, known, events)
                _report(events, scheduler)
                if progress is not None and future.status == "finished":
                    progress(done, len(items))
            gathered = client.gather(futures)  # in the order of submission
            _lost(client, known, events)
            _report(events, scheduler)
        finally:
            client.unsubscribe_topic(TOPIC)
        return tuple(result for chunk in gathered for result in chunk)
    finally:
        if opened:
            _close(scheduler)


def _same(work: Any) -> Any:
    return work


def _lost(client: Any, known: set[str], events: queue.SimpleQueue[str]) -> set[str]:
    """The workers now; a sentence in ``events`` for each of ``known`` that is gone.

    Asked of the scheduler rather than heard from its events: its topic of all events also carries
    objects that cannot be sent to a client, which would cut the connection."""
    now = set(client.nthreads())
    for worker in sorted(known - now):
        events.put(_("Dask worker {worker} was lost; what it was doing runs again on the other workers").format(
            worker=worker))
    return now


def _report(events: queue.SimpleQueue[str], scheduler: Scheduler) -> None:
    while True:
        try:
            message = events.get_nowait()
        except queue.Empty:
            return
        if scheduler.warn is not None:
            scheduler.warn(message)
