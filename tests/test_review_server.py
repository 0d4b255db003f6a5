"""The review server against hostile requests: a forged ``Host``, bodies past the cap,
malformed parameters and bodies of the wrong types (400, never a server error, checked over
arbitrary input with hypothesis), and ``aligner review --export`` leaving nothing behind."""

from __future__ import annotations

import contextlib
import copy
import http.client
import json
import socket
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from aligner.check import CHECKS
from aligner.cli import main
from aligner.formats import write_beads
from aligner.records import Bead
from aligner.review import ReviewSession, open_session
from aligner.review.project import SIDES
from aligner.review.server import ACTIONS, MAX_BODY, create_app, running

TOKEN = "test-token"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
AUTH = {"X-Review-Token": TOKEN}

# Beads of one and two sentences, two whose English is the other's (low once measured) and
# a changed number (for a finding).
BEADS = [
    Bead((0,), (0,), "第一句。第二句。", "First sentence. Second sentence.", 0.9),
    Bead((1,), (1,), "今天天气很好。", "The weather is fine today.", 0.2),
    Bead((2,), (2,), "他在2024年3月5日到达北京。", "He arrived in Beijing on 5 March 2023.", 0.8),
    Bead((3,), (3,), "我们讨论了贸易问题。双方同意继续合作。", "The meeting ended.", 0.4),
    Bead((4,), (4,), "会议结束了。",
         "We discussed trade. Both sides agreed to keep working together.", 0.95),
]


# The sentences of each bead as opened (the same ids on both sides).
SENTENCES = [(0, 1), (2,), (3,), (4, 5), (6,)]


def small_document(folder: Path) -> Path:
    path = folder / "doc.jsonl"
    write_beads(BEADS, path)
    return path


@pytest.fixture(scope="module")
def session(tmp_path_factory, encoder) -> ReviewSession:
    return open_session([small_document(tmp_path_factory.mktemp("review"))], encoder=encoder)


@pytest.fixture(scope="module")
def client(session) -> Iterator[TestClient]:
    app = create_app(session, TOKEN, port=PORT)
    with TestClient(app, base_url=BASE, headers=AUTH) as test_client:
        yield test_client


# --- Host -------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}",
                                  f"127.0.0.1:{PORT + 1}", "127.0.0.1", f"localhost.:{PORT}",
                                  f"127.0.0.2:{PORT}", f"[::2]:{PORT}", f"user@127.0.0.1:{PORT}",
                                  ""])
def test_a_request_for_another_host_is_misdirected(client, host):
    response = client.get("/api/state", headers={"Host": host})
    assert response.status_code == 421
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}",
                                  f"LocalHost:{PORT}", f"[::1]:{PORT}"])
def test_the_local_names_of_the_server_are_served(client, host):
    assert client.get("/api/state", headers={"Host": host}).status_code == 200


def test_the_host_is_checked_before_the_token(client):
    response = client.get("/api/state", headers={"Host": "evil.example", "X-Review-Token": ""})
    assert response.status_code == 421


def raw(url: str, request: bytes) -> bytes:
    """``request`` sent to the server at ``url`` as it is (as much as it takes); its
    answer's first line."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        with contextlib.suppress(OSError):
            conn.sendall(request)
        return conn.makefile("rb").readline()


def test_the_running_server_refuses_a_forged_host_and_a_body_over_the_cap(session):
    with running(session) as url:
        netloc = url.split("//")[1].split("/")[0]
        token = url.split("token=")[1]

        def status(host: str, method: str = "GET", body: bytes | None = None,
                   headers: dict[str, str] | None = None) -> int:
            conn = http.client.HTTPConnection(netloc, timeout=30)
            conn.putrequest(method, f"/api/state?token={token}", skip_host=True)
            conn.putheader("Host", host)
            for key, value in (headers or {}).items():
                conn.putheader(key, value)
            conn.endheaders(body)
            code = conn.getresponse().status
            conn.close()
            return code

        port = netloc.split(":")[1]
        assert status(netloc) == 200
        assert status(f"localhost:{port}") == 200
        assert status("evil.example") == 421
        assert status(f"evil.example:{port}") == 421
        # 50 MB said: refused before a byte of it is read.
        head = (f"POST /api/action?token={token} HTTP/1.1\r\nHost: {netloc}\r\n"
                "Content-Type: application/json\r\n").encode()
        line = raw(url, head + b"Content-Length: 50000000\r\n\r\n{")
        assert line.startswith(b"HTTP/1.1 413")
        # Chunked, no length said: refused once more than the cap has come.
        chunk = b"%x\r\n" % 65536 + b" " * 65536 + b"\r\n"
        count = MAX_BODY // 65536 + 2
        line = raw(url, head + b"Transfer-Encoding: chunked\r\n\r\n" + chunk * count)
        assert line.startswith(b"HTTP/1.1 413")
        assert status(netloc) == 200, "the server is still up"


# --- bodies -----------------------------------------------------------------------------

def run_guarded(session, headers: dict[str, str], chunks: list[bytes]
                ) -> tuple[int, int]:
    """A POST to the app straight over ASGI, its body in ``chunks``: the status, and how
    many chunks the app took."""
    import anyio

    app = create_app(session, TOKEN, port=PORT)
    taken = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        taken += 1
        if taken > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[taken - 1],
                "more_body": taken < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/action",
             "raw_path": b"/api/action", "query_string": f"token={TOKEN}".encode(),
             "root_path": "", "server": ("127.0.0.1", PORT), "client": ("127.0.0.1", 1),
             "headers": [(b"host", f"127.0.0.1:{PORT}".encode()),
                         (b"content-type", b"application/json"),
                         *((k.lower().encode(), v.encode()) for k, v in headers.items())]}
    anyio.run(app, scope, receive, send)
    return sent[0]["status"], taken


def test_a_body_over_the_cap_is_refused_before_it_is_read(session):
    chunks = [b"[" * 65536] * 800  # 50 MiB of JSON, nested too deep besides
    # Its length said: refused with nothing read.
    assert run_guarded(session, {"Content-Length": str(50 * 2**20)}, chunks) == (413, 0)
    # Not said (chunked): refused as soon as the cap is passed.
    status, taken = run_guarded(session, {}, chunks)
    assert status == 413 and taken == MAX_BODY // 65536 + 1
    # A length that lies is caught as well.
    status, taken = run_guarded(session, {"Content-Length": "10"}, chunks)
    assert status == 413 and taken == MAX_BODY // 65536 + 1
    assert run_guarded(session, {"Content-Length": "ten"}, chunks)[0] == 400
    assert run_guarded(session, {}, [b'{"op": "recheck"}'])[0] == 200


def test_a_body_at_the_cap_is_read(client):
    body = json.dumps({"op": "merge", "bead": 999, "pad": "x" * (MAX_BODY - 100)})
    assert len(body) <= MAX_BODY
    assert post(client, body).status_code == 400  # read: there is no bead 1000
    assert post(client, body + " " * 100).status_code == 413
    assert post(client, "[" * (MAX_BODY - 1) + "]").status_code == 400  # too deep for JSON


# --- parameters and bodies of the wrong form --------------------------------------------

@pytest.mark.parametrize("query", [
    "/api/beads?count=0", "/api/beads?count=-5", "/api/beads?count=x", "/api/beads?count=",
    "/api/beads?count=1.5", "/api/beads?count=10000000", "/api/beads?count=%EF%BC%95",
    "/api/beads?start=-1", "/api/beads?start=abc", "/api/beads?bead=1e3",
    "/api/beads?bead=" + "9" * 5000, "/api/beads?kind=bogus", "/api/navigate?what=bogus",
    "/api/navigate?what=", "/api/navigate?direction=0", "/api/navigate?direction=2",
    "/api/navigate?from=x", "/api/navigate?kind=%00",
])
def test_a_malformed_parameter_is_400_with_a_json_error(client, query):
    response = client.get(query)
    assert response.status_code == 400, response.text
    assert isinstance(response.json()["error"], str)


def test_good_parameters_still_serve(client, session):
    assert client.get("/api/beads?count=2&start=0").json()["beads"][0]["index"] == 0
    assert client.get("/api/beads?count=2&bead=3").json()["start"] == 2
    assert client.get("/api/beads?kind=").status_code == 200
    kind = next(iter(CHECKS))
    assert client.get(f"/api/beads?kind={kind}").status_code == 200
    for what in ("low", "lowest", "finding"):
        assert client.get(f"/api/navigate?what={what}&from=-1&direction=1").status_code == 200
    found = client.get(f"/api/navigate?what=low&from={len(session.beads)}&direction=-1")
    assert found.json()["bead"] is not None


def post(client: TestClient, body: Any, content_type: str = "application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/action", content=data, headers={"Content-Type": content_type})


@pytest.mark.parametrize("body", [
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0, "text": None},
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0, "text": ["x"]},
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0, "text": {"a": 1}},
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0, "text": 5},
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0},
    {"op": "edit", "bead": 0, "side": ["en"], "sentence": 0, "text": "x"},
    {"op": "edit", "bead": 0, "side": "en", "sentence": "0", "text": "x"},
    {"op": "edit", "bead": 0, "side": "en", "sentence": 0.0, "text": "x"},
    {"op": "edit", "bead": True, "side": "en", "sentence": 0, "text": "x"},
    {"op": "split", "bead": 0, "side": "fr", "at": 1},
    {"op": "split", "bead": 0, "side": "en", "at": 10 ** 400},
    {"op": "split", "bead": 0, "side": "zh", "at": -(10 ** 30)},
    {"op": "move", "bead": 0, "side": None, "direction": 1},
    {"op": "null", "bead": 0, "keep": 1},
    {"op": "confirm", "bead": 0, "value": "false"},
    {"op": "confirm", "bead": 0, "value": 0},
    {"op": "merge"},
    {"op": "merge", "bead": None},
    {"op": ["merge"], "bead": 0},
    {"op": "bogus", "bead": 0},
    {"bead": 0},
    ["merge", 0], "merge", 0, None,
])
def test_a_body_of_the_wrong_types_is_400_and_changes_nothing(client, session, body):
    before = (list(session.beads), {side: dict(e) for side, e in session.project.edits.items()})
    response = post(client, body)
    assert response.status_code == 400, response.text
    assert isinstance(response.json()["error"], str)
    assert (session.beads, session.project.edits) == before


@pytest.mark.parametrize("data", [
    b'{"op": "edit", "bead": 0, "side": "en", "sentence": 0, "text": "\\ud800"}',
    b'{"op": "merge", "bead": 0', b"\xff\xfe\x00", b"", b"NaN",
    b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
])
def test_a_body_that_is_not_json_or_not_text_is_400(client, session, data):
    before = dict(session.project.edits["en"])
    response = post(client, data)
    assert response.status_code == 400 and "error" in response.json()
    assert session.project.edits["en"] == before


def test_an_edit_saves_text_only(client, session):
    sid = session.beads[1].en[0]
    body = {"op": "edit", "bead": 1, "side": "en", "sentence": sid, "text": "Now fine."}
    assert post(client, body).status_code == 200
    assert session.project.edits["en"][sid] == "Now fine."
    assert post(client, {**body, "text": None}).status_code == 400
    assert session.project.edits["en"][sid] == "Now fine."


def test_confirm_takes_a_boolean(client, session):
    assert post(client, {"op": "confirm", "bead": 4, "value": True}).status_code == 200
    assert session.beads[4].confirmed
    assert post(client, {"op": "confirm", "bead": 4, "value": False}).status_code == 200
    assert not session.beads[4].confirmed


# --- no input makes a server error ------------------------------------------------------

KEYS = ["op", "bead", "side", "at", "direction", "keep", "value", "sentence", "text"]
OPS = ["merge", "split", "move", "null", "confirm", "edit", "realign", "recheck"]
PARAMS = ["count", "start", "bead", "kind", "what", "direction", "from", "token", "fmt"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=10)
# Arguments of the right type (most of the time) and near the document's numbers, for
# actions that apply as well as ones that do not.
GOOD = {"bead": st.integers(-1, 5), "side": st.sampled_from(SIDES), "at": st.integers(0, 2),
        "direction": st.sampled_from([-1, 1]), "keep": st.sampled_from(SIDES),
        "value": st.booleans(), "sentence": st.integers(0, 7), "text": st.text(max_size=40)}
plausible = (st.integers(-3, 8) | st.sampled_from(["zh", "en", "fr", "", *OPS])
             | st.booleans() | json_values)


def action(op: str) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies of ``op`` with each argument it needs, of the right type."""
    return st.fixed_dictionaries({"op": st.just(op), **{k: GOOD[k] for k in ACTIONS[op]}})


@st.composite
def bodies(draw: st.DrawFn) -> Any:
    """Action bodies: of the right form, with one argument left out or of another type or
    value, edits of any text, objects of any keys, or any JSON at all."""
    shape = draw(st.integers(0, 10))
    if shape == 8:  # an edit of a sentence of the bead, any text
        bead = draw(st.integers(0, len(BEADS) - 1))
        return {"op": "edit", "bead": bead, "side": draw(st.sampled_from(SIDES)),
                "sentence": draw(st.sampled_from(SENTENCES[bead])), "text": draw(st.text())}
    if shape < 8:
        body = draw(st.sampled_from(OPS).flatmap(action))
        if shape >= 5:
            key = draw(st.sampled_from(KEYS) | st.text(max_size=8))
            if draw(st.booleans()):
                body.pop(key, None)
            else:
                body[key] = draw(plausible)
        return body
    if shape == 9:
        return draw(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), plausible))
    return draw(json_values)


param_values = (st.integers().map(str) | st.integers(-3, 8).map(str) | st.text(max_size=12)
                | st.sampled_from(["low", "lowest", "finding", "", "1e3", " 1", "-0",
                                   *CHECKS]))
paths = st.sampled_from(["/", "/api/state", "/api/beads", "/api/navigate", "/api/action",
                         "/api/export/tsv", "/api/export/html", "/static/app.js",
                         "/static/nothing"]) | st.text(max_size=12).map(
                             lambda text: "/api/" + urllib.parse.quote(text))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(path=paths, params=st.dictionaries(st.sampled_from(PARAMS) | st.text(max_size=6),
                                          param_values, max_size=4))
def test_no_query_is_a_server_error(client, path, params):
    params = {k: v for k, v in params.items() if k != "token"}
    response = client.get(path, params=params)
    assert response.status_code < 500, (path, params, response.text)
    if response.status_code == 400:
        assert "error" in response.json()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, encoder) -> Callable[[], tuple[ReviewSession, TestClient]]:
    """A new review of the small document, as opened, and its client, for every call."""
    opened = open_session([small_document(tmp_path_factory.mktemp("fresh"))], encoder=encoder)
    project, vectors = copy.deepcopy(opened.project), (opened.vectors["zh"], opened.vectors["en"])

    def make() -> tuple[ReviewSession, TestClient]:
        session = ReviewSession(copy.deepcopy(project), vectors, encoder,
                                clauses={side: dict(opened.sides[side].fresh)
                                         for side in ("zh", "en")})
        return session, TestClient(create_app(session, TOKEN, port=PORT), base_url=BASE,
                                   headers=AUTH)

    return make


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(st.tuples(bodies(), st.dictionaries(st.sampled_from(PARAMS),
                                                            param_values, max_size=2)),
                        min_size=1, max_size=4))
def test_no_action_is_a_server_error(fresh, actions):
    session, client = fresh()
    for body, params in actions:
        params = {k: v for k, v in params.items() if k != "token"}
        response = client.post("/api/action", params=params, content=json.dumps(body),
                               headers={"Content-Type": "application/json"})
        assert response.status_code in (200, 400), (body, response.text)
        assert response.status_code == 200 or isinstance(response.json()["error"], str)
    assert all(isinstance(text, str) and text.strip() for side in session.project.edits.values()
               for text in side.values())
    assert client.get("/api/beads").status_code == 200


# --- export only ------------------------------------------------------------------------

def test_an_export_writes_nothing_beside_the_input_but_the_export(tmp_path, encoder):
    source = small_document(tmp_path)
    before = sorted(tmp_path.iterdir())
    result = CliRunner().invoke(main, ["review", str(source), "--export",
                                       str(tmp_path / "out.tmx"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(tmp_path.iterdir()) == sorted([*before, tmp_path / "out.tmx"])
    assert "<tu>" in (tmp_path / "out.tmx").read_text(encoding="utf-8")
    # A project there already is read (the review's work exported) and left as it was.
    session = open_session([source], encoder=encoder)
    session.apply("confirm", {"bead": 0})
    project = session.project.path
    session.project.vectors_path.unlink()
    saved = project.read_bytes()
    before = sorted(tmp_path.iterdir())
    result = CliRunner().invoke(main, ["review", str(source), "--export",
                                       str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(tmp_path.iterdir()) == sorted([*before, tmp_path / "out.jsonl"])
    assert project.read_bytes() == saved
    first = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert first["confirmed"] is True
