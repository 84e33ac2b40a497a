"""What every request passes before an endpoint sees it, as ASGI middleware: its language, the Host
and Origin headers, the token, and the size of its body.

- Language: ``?lang=zh|en``, else ``Accept-Language`` (zh* → Chinese, else English), for the whole
  request and the threads it uses (``i18n.in_language``).
- Host: only the bound host and the loopback names, so that a page of another site whose DNS name
  was rebound to this machine is refused (a wildcard bind, 0.0.0.0, accepts any: its token guards it).
- Origin: requests that change something (POST, PUT, DELETE, PATCH) from a browser must come from
  this server's own pages (or an origin given with ``--allow-origin``): ``forbidden-origin``.
- Token: when one is in force (always on a non-loopback host), every ``/api`` call but ``/health``
  needs ``Authorization: Bearer <token>`` (or ``?token=`` on GET), compared in constant time.
- Size: a body over ``json_limit`` (``upload_limit`` for the log uploads of conform and jobs) is
  refused with ``too-large`` before it is read whole.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..i18n import _, in_language
from .problems import MEDIA_TYPE, ApiProblem, problem_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
WILDCARD = frozenset({"0.0.0.0", "::", "[::]", ""})
UNSAFE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
OPEN_PATHS = frozenset({"/api/v1/health", "/health"})
UPLOAD_PATHS = ("/api/v1/conform", "/api/v1/jobs")
MB = 1024 * 1024


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def request_language(query: dict[str, list[str]], headers: dict[str, str]) -> str:
    """``zh`` or ``en``: ``?lang=`` first, then the first language of ``Accept-Language``."""
    asked = (query.get("lang") or [""])[0].strip().lower()
    if asked:
        return "zh" if asked.startswith("zh") else "en"
    accept = headers.get("accept-language", "").split(",")[0].strip().lower()
    return "zh" if accept.startswith("zh") else "en"


def host_name(value: str) -> str:
    """The host of a ``Host`` header or of an origin's netloc, without the port: ``[::1]:8765`` → ``[::1]``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass
class Settings:
    """How the guard judges requests; see the module's docstring."""

    host: str = "127.0.0.1"
    token: str | None = None
    allow_origins: tuple[str, ...] = ()
    json_limit: int = 1 * MB
    upload_limit: int = 50 * MB
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        names = {self.host.lower(), f"[{self.host.lower()}]"} if ":" in self.host else {self.host.lower()}
        self.allowed_hosts = frozenset(LOOPBACK | names)

    def host_allowed(self, header: str) -> bool:
        if self.host in WILDCARD:
            return True
        return host_name(header) in self.allowed_hosts

    def origin_allowed(self, origin: str, host_header: str) -> bool:
        if origin in self.allow_origins:
            return True
        parts = urlsplit(origin)
        return bool(parts.netloc) and parts.netloc.lower() == host_header.strip().lower()


class Guard:
    """The middleware; ``settings`` may be changed after it is made (the tests do)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        with in_language(request_language(query, headers)):
            try:
                receive = await self.check(scope, receive, headers, query)
            except ApiProblem as problem:
                await send_problem(send, problem)
                return
            await self.app(scope, receive, send)

    async def check(self, scope: Scope, receive: Receive, headers: dict[str, str],
                    query: dict[str, list[str]]) -> Receive:
        settings, path, method = self.settings, scope.get("path", ""), scope.get("method", "GET")
        host = headers.get("host", "")
        if not settings.host_allowed(host):
            raise ApiProblem(403, "forbidden-origin", _("requests for host '{host}' are refused: this server answers "
                                                        "to {allowed}").format(host=host, allowed=settings.host))
        if method in UNSAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and not settings.origin_allowed(origin, host):
                raise ApiProblem(403, "forbidden-origin", _("requests from {origin} may not change anything here"
                                                            ).format(origin=origin))
            if origin is None and headers.get("sec-fetch-site") == "cross-site":
                raise ApiProblem(403, "forbidden-origin", _("requests from another site may not change anything "
                                                            "here"))
        if settings.token is not None and path.startswith("/api/") and path not in OPEN_PATHS:
            given = headers.get("authorization", "")
            token = given[7:].strip() if given[:7].lower() == "bearer " else None
            if token is None and method in ("GET", "HEAD"):
                token = next(iter(query.get("token") or ()), None)
            if token is None or not hmac.compare_digest(token.encode("utf-8"), settings.token.encode("utf-8")):
                raise ApiProblem(401, "unauthorized", _("this server needs its token: send the header "
                                                        "'Authorization: Bearer <token>' (the token is printed "
                                                        "when the server starts)"))
        if method in UNSAFE_METHODS:
            limit = settings.upload_limit if path.startswith(UPLOAD_PATHS) else settings.json_limit
            return await bounded_body(receive, headers, limit)
        return receive


def too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "too-large", _("the request's body is larger than this server's limit of {size}").format(
        size=f"{limit / MB:g} MB" if limit >= MB else f"{limit} B"), limit="bytes", max=limit)


async def bounded_body(receive: Receive, headers: dict[str, str], limit: int) -> Receive:
    """The body read whole (refused with ``too-large`` past ``limit``), handed on as one message."""
    length = headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return receive
        body = message.get("body", b"")
        size += len(body)
        if size > limit:
            raise too_large(limit)
        chunks.append(body)
        if not message.get("more_body", False):
            break
    data = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}
        return await receive()

    return replay


async def send_problem(send: Send, problem: ApiProblem) -> None:
    body = problem_body(problem)
    headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store")]
    if problem.code == "unauthorized":
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

