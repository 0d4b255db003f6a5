"""The review page's web server: Starlette over a :class:`ReviewSession`, on 127.0.0.1 only.

Every request needs the session's random token (the ``token`` query parameter or the
``X-Review-Token`` header), as Jupyter does, or gets 403: other local users and other web
pages can neither read nor change the project. It must also name this server in its
``Host`` (127.0.0.1, localhost or [::1], and the port listened on), or gets 421, so that a
page whose DNS name is rebound to 127.0.0.1 cannot talk to it. Requests that change
anything are POSTs with a JSON body of at most 1 MiB (413 beyond, before it is read
whole); a parameter or a body of the wrong form or type gets 400 and a JSON error, never
a server error. Pages get a strict Content-Security-Policy (scripts and styles from this
server only, nothing inline), and the page builds its DOM with ``textContent``, so document
text never becomes markup.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aligner.check import CHECKS
from aligner.errors import AlignerError
from aligner.review.edits import EditError
from aligner.review.project import SIDES
from aligner.review.session import EXPORTS, ReviewSession

HOST = "127.0.0.1"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
PAGE_SIZE = 50
MAX_PAGE = 1000
MAX_BODY = 1 << 20  # bytes of a request body
MAX_INT = 10 ** 9  # the largest whole number a parameter may be
NAVIGATIONS = ("low", "lowest", "finding")
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


class Guard:
    """What every request passes before the app sees it, on every response the security
    headers: a ``Host`` of this server (421 otherwise: no DNS rebinding), the token (403),
    and a body of at most ``max_body`` bytes (413, before the app reads it).

    ``port``: the port the server listens on (by default the one the request came to).
    """

    def __init__(self, app: ASGIApp, token: str, *, port: int | None = None,
                 hosts: Iterable[str] = (), max_body: int = MAX_BODY) -> None:
        self.app, self.token, self.port, self.max_body = app, token, port, max_body
        self.hosts = frozenset({*LOCAL_HOSTS, *(_host_name(h) for h in hosts)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        async def refuse(status: int, text: str) -> None:
            await PlainTextResponse(f"{status} {text}\n", status_code=status)(
                scope, receive, secured)

        request = Request(scope)
        if not self._is_ours(request.headers.getlist("host"), scope):
            await refuse(421, "misdirected request: this review answers only at its own "
                              "address on localhost")
            return
        given = request.query_params.get("token") or request.headers.get("x-review-token", "")
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            await refuse(403, "forbidden: this review needs its token")
            return
        lengths = request.headers.getlist("content-length")
        if lengths:
            if len(lengths) > 1 or not re.fullmatch(r"[0-9]{1,20}", lengths[0]):
                await refuse(400, "bad request: a bad Content-Length")
                return
            if int(lengths[0]) > self.max_body:
                await refuse(413, f"content too large: at most {self.max_body} bytes")
                return
        await self.app(scope, self._limited(receive), secured)

    def _is_ours(self, given: list[str], scope: Scope) -> bool:
        """Whether the request's ``Host`` names this server: a local name and its port."""
        if len(given) != 1:
            return False
        found = re.fullmatch(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?",
                             given[0].strip().lower())
        if found is None or found[1] not in self.hosts:
            return False
        server = scope.get("server")
        port = self.port if self.port is not None else server[1] if server else None
        return port is None or int(found[2] or 80) == port

    def _limited(self, receive: Receive) -> Receive:
        """``receive`` that stops a body (chunked, or longer than it said) past the cap."""
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, f"the body is over {self.max_body} bytes")
            return message

        return limited


def _host_name(host: str) -> str:
    host = host.lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _static(name: str) -> str:
    return resources.files("aligner.review").joinpath("static", name).read_text("utf-8")


def create_app(session: ReviewSession, token: str, *, port: int | None = None,
               max_body: int = MAX_BODY) -> ASGIApp:
    """The ASGI app of the review page for ``session``, guarded by ``token``, answering
    only at ``port`` of 127.0.0.1, localhost or [::1] (by default the request's port)."""
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
        kind = _query_kind(request)
        count = _query_int(request, "count", PAGE_SIZE, 1, MAX_PAGE)
        if "bead" in request.query_params:
            start = session.position(_query_int(request, "bead", 0), kind)
            start -= start % count
        else:
            start = _query_int(request, "start", 0, 0)
        return JSONResponse({**session.page(start, count, kind), "state": session.state()})

    async def navigate(request: Request) -> Response:
        what = request.query_params.get("what", "low")
        if what not in NAVIGATIONS:
            raise _bad(f"what is one of {', '.join(NAVIGATIONS)}")
        direction = _query_int(request, "direction", 1)
        if direction not in (-1, 1):
            raise _bad("direction is 1 (next) or -1 (previous)")
        # From before the first bead (-1) to after the last: further out is the same.
        start = max(-1, min(_query_int(request, "from", -1), len(session.beads)))
        found = session.navigate(start, what, direction, _query_kind(request))
        return JSONResponse({"bead": found})

    async def action(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != \
                "application/json":
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):
            return JSONResponse({"error": "the body is not JSON"}, status_code=400)
        op, args = _action(body)
        async with lock:
            try:
                if op == "recheck":
                    session.recheck()
                    return JSONResponse({"state": session.state()})
                change = session.apply(op, args)
            except (EditError, AlignerError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"start": change.start, "old_end": change.old_end,
                             "new_end": change.new_end, "focus": change.focus,
                             "note": change.note, "state": session.state()})

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

    async def error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):  # pragma: no cover - registered for these
            raise exc
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)

    app = Starlette(routes=[
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/api/beads", beads),
        Route("/api/navigate", navigate),
        Route("/api/action", action, methods=["POST"]),
        Route("/api/export/{fmt}", export),
    ], exception_handlers={HTTPException: error})
    return Guard(app, token, port=port, hosts=[HOST], max_body=max_body)


# What an action's JSON body holds besides ``op`` (all need ``bead``), and of what type;
# a name in OPTIONAL may be left out.
_INT, _BOOL, _SIDE, _TEXT = "a whole number", "true or false", '"zh" or "en"', "a string"
ACTIONS: dict[str, dict[str, str]] = {
    "merge": {"bead": _INT},
    "split": {"bead": _INT, "side": _SIDE, "at": _INT},
    "move": {"bead": _INT, "side": _SIDE, "direction": _INT},
    "null": {"bead": _INT, "keep": _SIDE},
    "confirm": {"bead": _INT, "value": _BOOL},
    "edit": {"bead": _INT, "side": _SIDE, "sentence": _INT, "text": _TEXT},
    "realign": {"bead": _INT},
    "recheck": {},
}
OPTIONAL = {("split", "side"), ("confirm", "value")}


def _action(body: object) -> tuple[str, dict[str, Any]]:
    """The action a JSON body asks for and its arguments, each of the right type, or an
    HTTPException (400) saying what is wrong."""
    if not isinstance(body, dict):
        raise _bad("the body is not a JSON object")
    op = body.get("op")
    if not isinstance(op, str) or op not in ACTIONS:
        raise _bad(f"op is one of {', '.join(ACTIONS)}")
    args: dict[str, Any] = {}
    for name, kind in ACTIONS[op].items():
        if name not in body:
            if (op, name) in OPTIONAL:
                continue
            raise _bad(f"{op} needs {name}")
        value = body[name]
        if kind == _INT:
            fits = isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) <= MAX_INT
        elif kind == _BOOL:
            fits = isinstance(value, bool)
        elif kind == _SIDE:
            fits = value in SIDES
        else:
            fits = isinstance(value, str) and _is_unicode(value)
        if not fits:
            raise _bad(f"{name} is {kind}")
        args[name] = value
    return op, args


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be saved (no lone surrogate from a JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _query_int(request: Request, key: str, default: int, lo: int = -MAX_INT,
               hi: int = MAX_INT) -> int:
    """The query parameter ``key``, a whole number from ``lo`` to ``hi`` (400 otherwise)."""
    given = request.query_params.get(key)
    if given is None:
        return default
    if not re.fullmatch(r"-?[0-9]{1,10}", given) or not lo <= int(given) <= hi:
        raise _bad(f"{key} is a whole number from {lo} to {hi}")
    return int(given)


def _query_kind(request: Request) -> str | None:
    """The ``kind`` filter: a check's name, or none (left out or empty)."""
    kind = request.query_params.get("kind") or None
    if kind is not None and kind not in CHECKS:
        raise _bad(f"kind is one of {', '.join(CHECKS)}")
    return kind


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


def _server(session: ReviewSession, token: str, sock: socket.socket) -> uvicorn.Server:
    app = create_app(session, token, port=sock.getsockname()[1])
    config = uvicorn.Config(app, log_level="warning",
                            access_log=False, lifespan="off")
    return uvicorn.Server(config)


def serve(session: ReviewSession, *, port: int | None = None,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the review until interrupted; ``ready`` gets the page's address."""
    token = secrets.token_urlsafe(24)
    sock = bind(port)
    server = _server(session, token, sock)
    if ready:
        ready(url_of(sock, token))
    server.run(sockets=[sock])


@contextmanager
def running(session: ReviewSession, port: int | None = None) -> Iterator[str]:
    """The review served from a background thread while the block runs; yields the
    address (with its token)."""
    token = secrets.token_urlsafe(24)
    sock = bind(port)
    server = _server(session, token, sock)
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
