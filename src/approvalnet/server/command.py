"""``approvalnet serve``: the workbench on this machine, for the web editor and for integrators.

Binds the port itself first, so that a port in use is a clear message (exit 2) rather than a traceback,
prints the address (with ``?token=`` when a token is in force) and runs the application on uvicorn.
FastAPI and uvicorn are imported only here, when the command runs; pm4py only when an endpoint needs it.
"""

from __future__ import annotations

import errno
import ipaddress
import secrets
import socket
import sys
from pathlib import Path

import click

from ..i18n import _

EXIT_ERROR = 2


def _fail(message: str) -> None:
    click.echo(_("approvalnet: error: {message}").format(message=message), err=True)
    sys.exit(EXIT_ERROR)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one), or exit 2 saying why not."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host.strip("[]")).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            _fail(_("port {port} on {host} is in use; give another with --port (or --port 0 for any free one)")
                  .format(port=port, host=host))
        _fail(_("cannot listen on {host}:{port}: {reason}").format(host=host, port=port,
                                                                    reason=error.strerror or error))
    sock.set_inheritable(True)
    return sock


@click.command("serve", help=_(
    "Serve the workbench: a web editor of the process and centre files under PATH (default: the current "
    "folder) with live checks, diagrams and simulations, and its HTTP API (docs/workbench.md).\n\n"
    "It listens on 127.0.0.1 only, unless --host says otherwise; then every API call needs a token "
    "(--token, or one generated and printed). It never reads or writes outside PATH. Stop it with Ctrl+C."))
@click.argument("path", type=click.Path(), default=".", required=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("address to listen on; any other than the loopback needs a token"))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help=_("port to listen on (0: any free port)"))
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help=_("open the workbench in a web browser"))
@click.option("--token", default=None, help=_("the token API calls must send  [default: none on the loopback, "
                                                 "else a new random one]"))
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="URL",
              help=_("another origin whose pages may change files here, e.g. a development server (repeatable)"))
@click.option("--jobs", "workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help=_("simulations, staffing searches and conformance checks run at once"))
@click.option("--timeout", type=click.FloatRange(1, 24 * 3600), default=120.0, show_default=True,
              help=_("seconds a simulation, staffing search or conformance check may take"))
def serve_command(path: str, host: str, port: int, open_browser: bool, token: str | None,
                  allow_origins: tuple[str, ...], workers: int, timeout: float) -> None:
    """``approvalnet serve`` (its help is the command's ``help``, to be translated)."""
    from .guard import is_loopback

    folder = Path(path)
    if not folder.exists():
        _fail(_("{path}: no such folder").format(path=path))
    if not folder.is_dir():
        _fail(_("{path}: not a folder; serve the folder that holds the process files").format(path=path))
    if token is not None and not token.strip():
        _fail(_("--token: the token must not be empty"))
    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]

    import uvicorn

    from .app import Limits, create_app

    app = create_app(folder, host=host, token=token, allow_origins=allow_origins,
                     limits=Limits(workers=workers, timeout=timeout), warm=True)
    from .guard import WILDCARD

    everywhere = host in WILDCARD  # a browser cannot open 0.0.0.0: this machine's own name is shown
    shown = ("localhost" if host in ("127.0.0.1", "localhost") or everywhere
             else (f"[{host}]" if ":" in host else host))
    url = f"http://{shown}:{bound_port}/" + (f"?token={token}" if token else "")
    click.echo(_("approvalnet workbench: serving {folder} at {url}").format(folder=folder.resolve(), url=url))
    if everywhere:
        click.echo(_("It listens on every address of this machine ({host}): from another machine, use this "
                     "machine's name or address instead of localhost.").format(host=host))
    if token and not is_loopback(host):
        click.echo(_("API calls need the header 'Authorization: Bearer {token}'").format(token=token))
    click.echo(_("Press Ctrl+C to stop."), nl=True)
    sys.stdout.flush()
    if open_browser:
        import contextlib
        import webbrowser

        with contextlib.suppress(Exception):  # no browser here (a server, a container): the address is printed
            webbrowser.open(url)
    # keep-alive beyond the clients' own pauses: fewer connections closed just as a client reuses one
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5,
                            timeout_keep_alive=30)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
