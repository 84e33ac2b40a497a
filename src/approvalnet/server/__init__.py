"""The workbench: an HTTP server beside the command line, for the web editor and for integrators.

``approvalnet serve PATH`` serves the process and centre files under PATH (its ROOT) and the same
work the commands do — validate, check, render, simulate, staff, conform, compare — as JSON over
HTTP (docs/workbench.md, the contract the web app is built against). It calls the library the
commands call and builds the same JSON; it never imports the commands (they are click).

Modules: ``app`` (the FastAPI application and its endpoints), ``guard`` (host, origin, token and
body-size checks, as ASGI middleware), ``problems`` (errors as ``application/problem+json``),
``files`` (paths kept inside ROOT, ETags, atomic writes, the cached catalogue), ``analysis``
(validate and check of an editor's text), ``jobs`` (long runs in worker processes, with progress,
time limits and cancel), ``command`` (the ``serve`` command). FastAPI, uvicorn and pm4py are
imported only when the server starts or an endpoint needs them.
"""
