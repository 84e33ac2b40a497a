"""Errors of the HTTP API as ``application/problem+json`` (RFC 9457), with a stable ``code``.

Every 4xx and 5xx answer of the API is one of these: ``{"type": "about:blank", "title", "status",
"code", "detail", ...extra}``. Endpoints raise ``ApiProblem``; the application turns it (and any
other exception, logged here with its traceback, answered without one) into the response.
"""

from __future__ import annotations

import json
from typing import Any

from ..i18n import N_, _

MEDIA_TYPE = "application/problem+json"

# the codes of the contract, with the title each one carries (translated when sent)
TITLES = {
    "bad-request": N_("Bad request"),
    "invalid-yaml": N_("Invalid YAML"),
    "not-found": N_("Not found"),
    "outside-root": N_("Outside the served folder"),
    "too-large": N_("Request too large"),
    "limit": N_("Over the server's limit"),
    "stale-write": N_("The file changed on disk"),
    "unauthorized": N_("Token missing or wrong"),
    "forbidden-origin": N_("Request from another site"),
    "timeout": N_("Took too long"),
    "cancelled": N_("Cancelled"),
    "internal": N_("Internal error"),
}


class ApiProblem(Exception):
    """An error answered as a problem: ``status``, ``code`` (one of ``TITLES``), a sentence for people
    (``detail``, already in the request's language) and extra members (``limit``, ``max``, ``findings`` …)."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra

    def __reduce__(self) -> tuple[Any, ...]:  # sent back from the worker processes whole
        return (_rebuild, (self.status, self.code, self.detail, self.extra))

    def to_json(self) -> dict[str, Any]:
        return {"type": "about:blank", "title": _(TITLES.get(self.code, TITLES["internal"])), "status": self.status,
                "code": self.code, "detail": self.detail, **self.extra}


def _rebuild(status: int, code: str, detail: str, extra: dict[str, Any]) -> ApiProblem:
    return ApiProblem(status, code, detail, **extra)


def problem_body(problem: ApiProblem) -> bytes:
    return json.dumps(problem.to_json(), ensure_ascii=False).encode("utf-8")


def limit_problem(name: str, value: Any, most: Any) -> ApiProblem:
    """A request over one of the server's limits (``days``, ``cases``, ``replications`` …), named."""
    return ApiProblem(422, "limit", _("{name} = {value} is over this server's limit of {most}").format(
        name=name, value=value, most=most), limit=name, max=most)
