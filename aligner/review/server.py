"""The review page's web server: Starlette over a :class:`ReviewSession`, on 127.0.0.1 only.

Every request needs the session's random token (the ``token`` query parameter or the
``X-Review-Token`` header), as Jupyter does, or gets 403: other local users and other web
pages can neither read nor change the project. Requests that change anything are POSTs
with a JSON body. Pages get a strict Content-Security-Policy (scripts and styles from this
server only, nothing inline), and the page builds its DOM with ``textContent``, so document
text never becomes markup.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from aligner.errors import AlignerError
from aligner.review.edits import EditError
from aligner.review.session import EXPORTS, ReviewSession

HOST = "127.0.0.1"
PAGE_SIZE = 50
_MEDIA = {"tmx": "application/x-tmx+xml", "tsv": "text/tab-separated-values",
          "jsonl": "application/jsonl", "xliff": "application/xliff+xml",
          "html": "text/html"}
_SUFFIX = {"xliff": "xlf"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class TokenGuard:
    """403 for any request without the token; security headers on every response."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        request = Request(scope)
        given = request.query_params.get("token") or request.headers.get("x-review-token", "")
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            await PlainTextResponse("403 forbidden: this review needs its token\n",
                                    status_code=403)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


def _static(name: str) -> str:
    return resources.files("aligner.review").joinpath("static", name).read_text("utf-8")


def create_app(session: ReviewSession, token: str) -> ASGIApp:
    """The ASGI app of the review page for ``session``, guarded by ``token``."""
    lock = asyncio.Lock()

    async def index(request: Request) -> Response:
        page = _static("index.html").replace("{{TOKEN}}", token)
        return Response(page, media_type="text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        media = {"app.js": "text/javascript", "app.css": "text/css"}.get(name)
        if media is None:
            return PlainTextResponse("not found\n", status_code=404)
        return Response(_static(name), media_type=media + "; charset=utf-8")

    async def state(request: Request) -> Response:
        return JSONResponse(session.state())

    async def beads(request: Request) -> Response:
        kind = request.query_params.get("kind") or None
        count = _query_int(request, "count", PAGE_SIZE)
        if "bead" in request.query_params:
            start = session.position(_query_int(request, "bead", 0), kind)
            start -= start % count
        else:
            start = _query_int(request, "start", 0)
        return JSONResponse({**session.page(start, count, kind), "state": session.state()})

    async def navigate(request: Request) -> Response:
        found = session.navigate(_query_int(request, "from", -1),
                                 request.query_params.get("what", "low"),
                                 _query_int(request, "direction", 1),
                                 request.query_params.get("kind") or None)
        return JSONResponse({"bead": found})

    async def action(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != \
                "application/json":
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body is not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "the body is not a JSON object"}, status_code=400)
        async with lock:
            try:
                if body.get("op") == "recheck":
                    session.recheck()
                    return JSONResponse({"state": session.state()})
                change = session.apply(str(body.get("op")), body)
            except (EditError, AlignerError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"start": change.start, "old_end": change.old_end,
                             "new_end": change.new_end, "focus": change.focus,
                             "state": session.state()})

    async def export(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in EXPORTS:
            return PlainTextResponse(f"unknown export {fmt}\n", status_code=404)
        async with lock:
            text = session.export(fmt)
        stem = session.project.path.name.removesuffix(".review.jsonl") \
            if session.project.path else "review"
        # Header values are latin-1: a file name in Chinese is given in ASCII stand-ins.
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem) or "review"
        name = f"{stem}.{'report.html' if fmt == 'html' else _SUFFIX.get(fmt, fmt)}"
        return Response(text, media_type=_MEDIA[fmt] + "; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    app = Starlette(routes=[
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/api/beads", beads),
        Route("/api/navigate", navigate),
        Route("/api/action", action, methods=["POST"]),
        Route("/api/export/{fmt}", export),
    ])
    return TokenGuard(app, token)


def _query_int(request: Request, key: str, default: int) -> int:
    try:
        return int(request.query_params.get(key, default))
    except ValueError:
        return default


def bind(port: int | None = None) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port``, or a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port or 0))
    except OSError as exc:
        sock.close()
        raise AlignerError(None, f"cannot listen on {HOST}:{port} ({exc.strerror})") from None
    sock.listen(64)
    return sock


def url_of(sock: socket.socket, token: str) -> str:
    return f"http://{HOST}:{sock.getsockname()[1]}/?token={token}"


def _server(session: ReviewSession, token: str) -> uvicorn.Server:
    config = uvicorn.Config(create_app(session, token), log_level="warning",
                            access_log=False, lifespan="off")
    return uvicorn.Server(config)


def serve(session: ReviewSession, *, port: int | None = None,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the review until interrupted; ``ready`` gets the page's address."""
    token = secrets.token_urlsafe(24)
    sock = bind(port)
    server = _server(session, token)
    if ready:
        ready(url_of(sock, token))
    server.run(sockets=[sock])


@contextmanager
def running(session: ReviewSession, port: int | None = None) -> Iterator[str]:
    """The review served from a background thread while the block runs; yields the
    address (with its token)."""
    token = secrets.token_urlsafe(24)
    sock = bind(port)
    server = _server(session, token)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.02)
    try:
        yield url_of(sock, token)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
