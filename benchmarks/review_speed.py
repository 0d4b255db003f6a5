"""Speed of `aligner review` on the bible (../shared/eval/bible, 6301 zh + 5000 en sentences,
one a line): page load in headless Chromium, and a fix plus "re-align the rest" from the page.

    python benchmarks/review_speed.py [--runs 3]

Bars: the page loads in under 3 s; a fix and the re-align after it each take under 1 s,
from the click to the page drawn again (server work, saving the project and redrawing).
Opening the review (embedding and aligning 11k sentences, checking them) is reported too,
as is the resume from the saved project. The bible is copied to a temporary folder, since
the project is saved beside its input.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from paths import EVAL, ROOT

sys.path.insert(0, str(ROOT))

BIBLE = EVAL / "bible"
LOAD_BAR = 3.0
FIX_BAR = 1.0


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def settle(page) -> None:
    page.wait_for_selector("body[data-ready]:not([data-busy])")


def press(page, key: str) -> float:
    """Seconds from a key press to the page drawn again."""
    return timed(lambda: (page.keyboard.press(key), settle(page)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from aligner.embed import get_encoder
    from aligner.review import open_session
    from aligner.review.server import running

    encoder = get_encoder()
    encoder.encode(["warm up"])
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for lang in ("zh", "en"):
            files.append(Path(tmp) / f"{lang}.txt")
            shutil.copyfile(BIBLE / lang / "001", files[-1])
        started = time.perf_counter()
        session = open_session(files, presplit=True, encoder=encoder)
        results["open_s"] = round(time.perf_counter() - started, 2)
        results["resume_s"] = round(timed(lambda: open_session(files, encoder=encoder)), 2)
        results["beads"] = len(session.beads)
        results["sentences"] = len(session.project.zh.sentences) + \
            len(session.project.en.sentences)
        results["project_mb"] = round(session.project.path.stat().st_size / 1e6, 1)
        results["save_s"] = round(timed(session.project.save), 3)
        with running(session) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                        args=["--no-sandbox", "--disable-gpu"])
            loads, fixes, realigns, server_fix, server_realign = [], [], [], [], []
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                loads.append(timed(lambda page=page: (page.goto(url), settle(page))))
                page.click("#lowest")
                settle(page)
                k = int(page.get_attribute("tr.bead.selected", "data-index"))
                fixes.append(press(page, "m"))
                realigns.append(press(page, "r"))
                page.close()
                server_fix.append(timed(lambda k=k: session.apply("split", {
                    "bead": k, "side": "zh", "at": 1})))
                server_realign.append(timed(lambda k=k: session.apply("realign",
                                                                      {"bead": k})))
            browser.close()
        results.update({
            "page_load_s": [round(t, 3) for t in loads],
            "fix_merge_s": [round(t, 3) for t in fixes],
            "realign_rest_s": [round(t, 3) for t in realigns],
            "server_split_s": [round(t, 3) for t in server_fix],
            "server_realign_s": [round(t, 3) for t in server_realign],
        })
        worst_load, worst_fix = max(loads), max(max(fixes), max(realigns))
        results["bars"] = {
            f"page load < {LOAD_BAR:g} s": worst_load < LOAD_BAR,
            f"fix and re-align each < {FIX_BAR:g} s": worst_fix < FIX_BAR,
        }
        results["median_page_load_s"] = round(statistics.median(loads), 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
