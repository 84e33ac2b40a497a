"""Validate and check on every core: a small pool of worker processes for the editor's requests.

Checking a file is pure Python, so the server's one process would run its requests one core at a
time however many threads it has. Once warm (the fork server up, with the rules imported), the
requests of ``/validate`` and ``/check`` go to ``workers`` processes instead, each with its own
``Analyser`` (and its caches) per served folder; until then, and if the pool breaks, they run in the
server's own threads, with the same results.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..i18n import get_language, in_language
from .analysis import Analyser
from .files import Root

log = logging.getLogger("approvalnet.server")
_analysers: dict[str, Analyser] = {}  # in each worker process: one per served folder


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, ended but not yet reaped by its parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the system
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process took the number: ours is gone
            return False
        return True


def watch_server(pid: int) -> None:
    """In a worker process: end it when the server (``pid``) is gone, however the server ended. A worker
    blocks on its queue, which it holds both ends of, so it would not notice otherwise."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if not alive(pid):
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="watch-server").start()


def _analyser(root: str) -> Analyser:
    found = _analysers.get(root)
    if found is None:
        found = _analysers[root] = Analyser(Root(Path(root)))
    return found


def work(kind: str, root: str, language: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """One request's work, in a worker process: ``validate`` or ``check`` with the request's arguments."""
    with in_language(language):
        analyser = _analyser(root)
        if kind == "validate":
            return analyser.validate_text(*args)
        return analyser.check_text(*args)


class AnalysisPool:
    """``workers`` processes from ``context`` (the jobs' fork server); ``ready`` once they have warmed up.

    Each process has a queue of its own, and a text always goes to the same one (by its hash): an
    editor sends a text to /validate and then to /check, and that process parsed it already."""

    def __init__(self, root: Root, workers: int) -> None:
        self.root, self.workers = root, workers
        self.executors: list[ProcessPoolExecutor] = []
        self.ready = False
        self.closed = False

    def start(self, context: Any, sample: str | None) -> None:
        """Start the processes and let each import the rules (checking ``sample``, a text of a process)."""
        for _ in range(self.workers):
            if self.closed:
                break
            self.executors.append(ProcessPoolExecutor(1, mp_context=context, initializer=watch_server,
                                                      initargs=(os.getpid(),)))
        if sample is not None:
            futures = [executor.submit(work, "check", str(self.root.path), get_language(), (sample, None, None))
                       for executor in list(self.executors)]
            for future in futures:
                future.result()
        self.ready = not self.closed
        if self.closed:  # the server stopped while the pool started
            self.shutdown()

    async def run(self, kind: str, args: tuple[Any, ...], here: Analyser) -> dict[str, Any]:
        """The result of ``kind`` on the pool when it is ready, else (or when it broke) here, in a thread."""
        from starlette.concurrency import run_in_threadpool

        if self.ready and self.executors:
            text = args[0] if isinstance(args[0], str) else ""
            executor = self.executors[zlib.crc32(text.encode("utf-8", "replace")) % len(self.executors)]
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(executor, work, kind, str(self.root.path), get_language(), args)
            except BrokenProcessPool:
                log.error("a check process broke; checking in the server's threads from now on")
                self.ready = False
        method = here.validate_text if kind == "validate" else here.check_text
        return await run_in_threadpool(method, *args)

    def shutdown(self) -> None:
        """Stop at once, even while warming up: the server is going away, and nothing waits for the pool."""
        self.ready, self.closed = False, True
        for executor in list(self.executors):
            processes = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
