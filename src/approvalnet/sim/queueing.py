"""Closed-form queueing results: the exact values the simulator is tested against, and a first guess
for staffing questions."""

from __future__ import annotations

import math

from ..i18n import _


def erlang_c_wait(arrival_rate: float, mean_service: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue (Erlang C), in the time unit of ``mean_service``.

    ``arrival_rate`` is in arrivals per that same unit; the queue must be stable (load below ``servers``).
    """
    load = arrival_rate * mean_service
    if load >= servers:
        raise ValueError(_("an M/M/{servers} queue with offered load {load:g} is not stable").format(
                               servers=servers, load=load))
    top = load**servers / math.factorial(servers) / (1 - load / servers)
    p_wait = top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)
    return p_wait * mean_service / (servers - load)
