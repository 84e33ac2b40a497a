"""Spreading independent per-file work over the machine's cores."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_files(work: Callable[[T], R], items: Sequence[T], *, jobs: int | None, threshold: int) -> tuple[R, ...]:
    """``work`` over ``items`` in order; on ``jobs`` processes (default: one per core) once there are
    ``threshold`` items or more, below which starting the workers costs more than it saves."""
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(items) >= threshold:
        with ProcessPoolExecutor(jobs) as pool:
            return tuple(pool.map(work, items, chunksize=max(1, len(items) // (jobs * 8))))
    return tuple(map(work, items))
