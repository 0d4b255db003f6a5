"""The review page driven in headless Chromium (Playwright on Debian's chromium): the
token on every route, document text shown as text, and a whole review, fixes to TMX."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.formats import write_beads
from aligner.records import Bead
from aligner.review import open_session
from aligner.review.server import running
from tests.conftest import ROOT, SEED
from tests.test_check_cli import chromium
from tests.test_review_session import AT, INSERTED, confident_pairs, pairs, shifted_file

GLOSSARY = ROOT / "glossaries" / "trade_diplomacy.tsv"
SHARED_DTD = ROOT.parent / "shared" / "schemas" / "tmx14" / "tmx14.dtd"
DTD = SHARED_DTD if SHARED_DTD.exists() else ROOT / "tests" / "data" / "tmx14.dtd"
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(),
                                     args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def settle(page) -> None:
    page.wait_for_selector("body[data-ready]:not([data-busy])")


def selected(page) -> int:
    return int(page.get_attribute("tr.bead.selected", "data-index"))


def status(url: str, method: str = "GET", body: bytes | None = None,
           headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_route_needs_the_token(tmp_path, encoder):
    (tmp_path / "文档.tsv").write_text("zh\ten\n你好。\tHello.\n", encoding="utf-8")
    session = open_session([tmp_path / "文档.tsv"], encoder=encoder)
    with running(session) as url:
        base, token = url.split("/?token=")
        routes = ["/", "/static/app.js", "/static/app.css", "/api/state", "/api/beads",
                  "/api/navigate?what=low", "/api/export/tmx", "/api/export/html",
                  "/api/action", "/no/such/route", "/favicon.ico"]
        for route in routes:
            join = "&" if "?" in route else "?"
            assert status(base + route) == 403, route
            assert status(f"{base}{route}{join}token=wrong") == 403, route
            assert status(f"{base}{route}{join}token={token[:-1]}") == 403, route
        post = {"Content-Type": "application/json"}
        body = b'{"op": "confirm", "bead": 0}'
        assert status(base + "/api/action", "POST", body, post) == 403
        assert status(base + "/api/action?token=nope", "POST", body, post) == 403
        assert not session.beads[0].confirmed
        # With the token: the page, the API; the header works as well as the query.
        assert status(f"{base}/?token={token}") == 200
        assert status(f"{base}/api/state", headers={"X-Review-Token": token}) == 200
        # Changes are POSTs of JSON only: no GET, no form a foreign page could submit.
        assert status(f"{base}/api/action?token={token}") == 405
        assert status(f"{base}/api/action?token={token}", "POST", b"op=confirm&bead=0",
                      {"Content-Type": "application/x-www-form-urlencoded"}) == 415
        assert status(f"{base}/api/action?token={token}", "POST", body, post) == 200
        assert session.beads[0].confirmed
        with urllib.request.urlopen(f"{base}/?token={token}") as response:
            policy = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy
            assert response.headers["Referrer-Policy"] == "no-referrer"
        assert url.startswith("http://127.0.0.1:")
        for fmt in ("tmx", "tsv", "jsonl", "xliff", "html"):
            with urllib.request.urlopen(f"{base}/api/export/{fmt}?token={token}") as response:
                assert response.status == 200
                assert "attachment" in response.headers["Content-Disposition"]
                assert "你好。" in response.read().decode("utf-8")


@pytest.mark.slow
def test_document_text_is_shown_as_text(tmp_path, encoder, page):
    beads = [Bead((0,), (0,), f"第一句。{HOSTILE}", f"First {HOSTILE} sentence.", 0.9),
             Bead((1,), (1,), "第二句。", "<b>Second</b> & sentence.", 0.2)]
    write_beads(beads, tmp_path / "hostile.jsonl")
    session = open_session([tmp_path / "hostile.jsonl"], encoder=encoder)
    with running(session) as url:
        page.goto(url)
        settle(page)
        assert page.evaluate("window.pwned") is None
        assert page.locator("#rows script, #rows img, #rows b").count() == 0
        text = page.inner_text("#rows")
        assert HOSTILE in text and "<b>Second</b> & sentence." in text
        # An edit with markup in it stays text too.
        page.click("#bead-1 td.n")
        page.click("#bead-1 td.en .sent button.edit")
        page.fill("textarea.editor", "<img src=x onerror=\"window.pwned = 3\">Edited.")
        page.click("button.save")
        settle(page)
        assert page.evaluate("window.pwned") is None
        assert '<img src=x onerror="window.pwned = 3">Edited.' in page.inner_text("#bead-1")


@pytest.mark.slow
def test_a_review_in_the_browser_ends_in_a_valid_tmx(tmp_path, encoder, page):
    from lxml import etree

    document = tmp_path / "readout.txt"
    # one error planted, for a finding to show: a date changed
    document.write_text(SEED.read_text(encoding="utf-8").replace("October 25–26",
                                                                 "October 25–27"),
                        encoding="utf-8")
    session = open_session([document], [GLOSSARY], encoder=encoder)
    with running(session) as url:
        page.goto(url)
        settle(page)
        assert page.inner_text("#n-beads") == str(len(session.beads))
        page.screenshot(path=str(tmp_path / "review.png"), full_page=False)
        assert (tmp_path / "review.png").read_bytes().startswith(b"\x89PNG")
        # A finding shows inline, with its terms marked.
        assert page.locator("li.finding").count() > 0
        # Step to the lowest-confidence bead.
        page.click("#lowest")
        settle(page)
        lowest = min(range(len(session.beads)), key=lambda k: session.beads[k].score)
        assert selected(page) == lowest
        before = session.beads[lowest]
        # Merge it with the next (keyboard), then split it again where it was (✂).
        page.keyboard.press("m")
        settle(page)
        merged = session.beads[lowest]
        assert merged.zh[:len(before.zh)] == before.zh and len(merged.zh) > len(before.zh)
        assert page.inner_text(f"#bead-{lowest} td.n").find("fixed") >= 0
        page.click(f"#bead-{lowest} td.zh .sent:nth-of-type({len(before.zh) + 1}) button.split")
        settle(page)
        assert session.beads[lowest].zh == before.zh
        # Move the bead's last English sentence into the next bead, and back.
        count = len(session.beads[lowest].en)
        page.click(f"#bead-{lowest} td.en button.move-next")
        settle(page)
        assert len(session.beads[lowest].en) == count - 1
        page.click(f"#bead-{lowest + 1} td.n")
        page.click(f"#bead-{lowest + 1} td.en button.move-prev")
        settle(page)
        assert len(session.beads[lowest].en) == count
        # Re-align the rest after it, then confirm it.
        page.click(f"#bead-{lowest} td.n")
        page.keyboard.press("r")
        settle(page)
        page.keyboard.press("c")
        settle(page)
        assert session.beads[lowest].confirmed
        assert page.inner_text("#n-confirmed") == "1"
        # Edit a sentence of the next bead; its source stays in the project.
        sid = session.beads[lowest + 1].en[0]
        source = session.project.en.sentences[sid].text
        page.click(f"#bead-{lowest + 1} td.n")
        page.click(f"#bead-{lowest + 1} td.en .sent button.edit")
        page.fill("textarea.editor", "An edited sentence.")
        page.click("button.save")
        settle(page)
        assert page.locator(f"#bead-{lowest + 1} .sent.edited").count() == 1
        # Next finding and the filter by kind.
        page.select_option("#kind", "number")
        settle(page)
        term_beads = [k for k, per in enumerate(session.findings)
                      if any(f.check == "number" for f in per)]
        assert [int(i) for i in page.locator("tr.bead").evaluate_all(
            "rows => rows.map(r => r.dataset.index)")] == term_beads
        page.select_option("#kind", "")
        settle(page)
        # Export TMX from the page.
        with page.expect_download() as download:
            page.click("#export-tmx")
        tmx = Path(download.value.path()).read_bytes()
        page.screenshot(path=str(tmp_path / "review-after.png"))
    tree = etree.fromstring(tmx)
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    units = tree.findall("body/tu")
    assert len(units) == len(session.beads)

    def props(unit) -> dict[str, str]:
        return {p.get("type"): p.text for p in unit.findall("prop")}

    assert props(units[lowest])["x-confirmed"] == "true"
    assert props(units[lowest])["x-fixed"] == "true"
    edited = props(units[lowest + 1])
    assert edited["x-edited"] == "en" and source in edited["x-source-en"]
    assert "An edited sentence." in units[lowest + 1].findall("tuv")[1].findtext("seg")
    # What was done is on disk already: the project resumes as it was left.
    again = open_session([document], encoder=encoder)
    assert again.beads == session.beads and again.project.edits == session.project.edits


@pytest.mark.slow
def test_the_shifted_paragraph_is_repaired_from_the_page(tmp_path, encoder, page, seed_beads):
    gold = confident_pairs(seed_beads)
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    with running(session) as url:
        page.goto(url)
        settle(page)
        page.click(f"#bead-{AT} button.null-en")
        settle(page)
        page.click(f"#bead-{AT} button.realign")
        settle(page)
        shown = page.inner_text(f"#bead-{AT + 1} td.en")
    got = pairs(session)
    assert got[AT] == ("", INSERTED)
    restored = sum(want == have for want, have in zip(gold[AT:], got[AT + 1:], strict=True))
    assert restored == len(gold) - AT
    assert gold[AT][1][:40] in shown


def shown(page) -> list[tuple[int, str, str, bool]]:
    """Each bead row of the page: its number, type and score as shown, and its flag."""
    return page.locator("tr.bead").evaluate_all(
        "rows => rows.map(r => [Number(r.dataset.index), r.querySelector('td.n').innerText,"
        " r.querySelector('td.zh').innerText + ' | ' + r.querySelector('td.en').innerText,"
        " r.classList.contains('flagged')])")


@pytest.mark.slow
def test_fix_confirm_and_realign_twice_from_the_page(tmp_path, encoder, page, seed_beads):
    """The reviewer's round, keys only: 0 on the bead with the inserted paragraph, c, r
    from that bead, and r again. The first re-align repairs what follows; the second finds
    the same beads with the same scores and says so; findings carry their beads' numbers
    now and the page flags the beads that have them."""
    gold = confident_pairs(seed_beads)
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    with running(session) as url:
        page.goto(url)
        settle(page)
        page.click(f"#bead-{AT} td.n")
        page.keyboard.press("0")
        settle(page)
        assert selected(page) == AT and session.beads[AT].fixed
        page.keyboard.press("c")
        settle(page)
        assert session.beads[AT].confirmed
        page.keyboard.press("r")
        settle(page)
        first, first_page = list(session.beads), shown(page)
        assert pairs(session)[AT + 1:] == gold[AT:], "the rest is repaired"
        assert session.beads[AT].confirmed, "the re-align kept the confirmed fix"
        page.keyboard.press("r")
        settle(page)
        assert list(session.beads) == first, "beads or scores moved on the second re-align"
        assert shown(page) == first_page
        assert "found the beads as they are" in page.inner_text("#status")
        # 0 on the confirmed 0-1 bead: it is what it is marked, and stays confirmed.
        page.click(f"#bead-{AT} td.n")
        page.keyboard.press("0")
        settle(page)
        assert list(session.beads) == first and session.beads[AT].confirmed
    assert all(f.bead == k + 1 for k, per in enumerate(session.findings) for f in per)
    flagged = {index for index, _, _, flag in first_page if flag}
    assert flagged == {k for k, per in enumerate(session.findings)
                       if per and k < len(first_page)}
    assert [[(f.check, f.message) for f in per] for per in session.findings] == \
        [[(f.check, f.message) for f in per]
         for per in session._check(0, len(session.beads), full=True)]
