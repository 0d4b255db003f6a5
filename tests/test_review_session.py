"""A review without the server: a shifted paragraph repaired by one fix and a re-align,
resuming, exporting, and the command line's ``--export``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.formats import read_beads, write_beads
from aligner.records import Bead
from aligner.review import open_session
from aligner.review.edits import EditError

# An English paragraph with no Chinese original, as an editor's note slipped into a layout.
INSERTED = ("Editor's note: this paragraph was added by the English desk and has no Chinese "
            "original. Readers can find the full schedule of the talks on the ministry's "
            "website.")
AT = 4


@pytest.fixture(scope="module")
def gold(seed_beads) -> list[tuple[str, str]]:
    """The seed's confident beads: a parallel text whose right alignment is known (as a
    TSV holds it: a line break inside a bead is a space there)."""
    return confident_pairs(seed_beads)


def confident_pairs(alignment) -> list[tuple[str, str]]:
    return [(b.zh.replace("\n", " "), b.en.replace("\n", " ")) for b in alignment.beads
            if b.zh and b.en and b.score > 0.8]


def shifted_file(tmp_path, gold) -> str:
    """What a naive one-paragraph-to-one aligner makes of the text with the inserted
    paragraph: from bead AT on, every Chinese paragraph gets the English one before it."""
    zh = [z for z, _ in gold]
    en = [e for _, e in gold]
    en = [*en[:AT], INSERTED, *en[AT:]]
    beads = [Bead((i,) if i < len(zh) else (), (i,), zh[i] if i < len(zh) else "", en[i], 1.0)
             for i in range(len(en))]
    path = tmp_path / "shifted.tsv"
    write_beads(beads, path)
    return str(path)


def pairs(session) -> list[tuple[str, str]]:
    return [(session.project.text(b.zh, "zh")[0], session.project.text(b.en, "en")[0])
            for b in session.beads]


def test_one_fix_and_realign_the_rest_repairs_a_shifted_paragraph(tmp_path, gold, encoder):
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    later = list(zip(gold[AT:], pairs(session)[AT + 1:], strict=False))
    assert sum(want == got for want, got in later) == 0, "every later bead starts shifted"
    # The one fix: the bead holding the inserted paragraph is 0-1 ...
    session.apply("null", {"bead": AT, "keep": "en"})
    # ... and the rest is re-aligned after it.
    session.apply("realign", {"bead": AT})
    got = pairs(session)
    assert got[AT] == ("", INSERTED)
    restored = sum(want == have for want, have in zip(gold[AT:], got[AT + 1:], strict=True))
    assert restored == len(gold) - AT >= 14
    assert got[:AT] == gold[:AT]
    assert len(got) == len(gold) + 1


def test_a_review_is_saved_at_once_and_resumes(tmp_path, gold, encoder):
    tsv = shifted_file(tmp_path, gold)
    session = open_session([tsv], encoder=encoder)
    session.apply("merge", {"bead": 0})
    session.apply("confirm", {"bead": 0})
    sid = session.beads[1].en[0]
    session.apply("edit", {"bead": 1, "side": "en", "sentence": sid, "text": "Changed."})
    project = session.project.path
    assert project == tmp_path / "shifted.review.jsonl"
    # Nothing to close: a new session (the browser closed, the server stopped) has it all,
    # from the input or from the project, without a model run (vectors are cached).
    for again in (open_session([tsv], encoder=encoder),
                  open_session([str(project)], encoder=encoder)):
        assert again.beads == session.beads
        assert again.project.edits == session.project.edits
        assert again.counts() == session.counts()
    with pytest.raises(EditError):
        session.apply("merge", {"bead": len(session.beads) - 1})
    with pytest.raises(EditError):
        session.apply("split", {"bead": 0, "side": "zh", "at": "x"})


def test_exports_keep_the_source_text_and_mark_the_review(tmp_path, gold, encoder):
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    session.apply("confirm", {"bead": 1})
    sid = session.beads[2].en[0]
    source = session.project.en.sentences[sid].text
    session.apply("edit", {"bead": 2, "side": "en", "sentence": sid, "text": "Edited <b>."})
    records = [json.loads(line) for line in session.export("jsonl").splitlines()]
    assert records[1]["confirmed"] is True and "confirmed" not in records[0]
    assert records[2]["edited"] == "en" and records[2]["source_en"] == source
    assert records[2]["en"].startswith("Edited <b>.")
    # Every other bead is the source, character for character.
    original = read_beads(session.project.inputs[0])
    for k in (0, 1, *range(3, len(original))):
        assert (records[k]["zh"], records[k]["en"]) == (original[k].zh, original[k].en)
    tsv = session.export("tsv")
    assert tsv.count("\n") == len(session.beads) + 1  # a header line
    assert "Edited <b>." in tsv
    report = session.export("html")
    assert "Edited &lt;b&gt;." in report and "<b>." not in report


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["review", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_command_line_export_without_a_server(tmp_path, gold, encoder):
    tsv = shifted_file(tmp_path, gold)
    session = open_session([tsv], encoder=encoder)
    session.apply("confirm", {"bead": 0})
    out = tmp_path / "out.tmx"
    code, stdout, _ = run(session.project.path, "--export", out, "--export",
                          tmp_path / "out.jsonl", "-q")
    assert code == 0, stdout
    assert '<prop type="x-confirmed">true</prop>' in out.read_text(encoding="utf-8")
    assert len(read_beads(tmp_path / "out.jsonl")) == len(session.beads)


@pytest.mark.parametrize("make, problem", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: (d / "bad.review.jsonl").write_text('{"aligner-review": 1}\n') and
     d / "bad.review.jsonl", "damaged review project"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, problem):
    path = make(tmp_path)
    code, stdout, stderr = run(path, "--no-browser", "-q")
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith("aligner: ") and problem in stderr


def test_an_export_never_overwrites_the_project(tmp_path, gold, encoder):
    tsv = shifted_file(tmp_path, gold)
    open_session([tsv], encoder=encoder)
    code, _, stderr = run(tmp_path / "shifted.review.jsonl", "--export", tmp_path / "x.tsv",
                          "--export", tmp_path / "shifted.review.jsonl", "-q")
    assert code == 2 and "is also an input" in stderr
    assert (tmp_path / "x.tsv").exists()


@pytest.mark.slow
def test_the_command_serves_on_localhost_until_interrupted(tmp_path, gold):
    import os
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    tsv = shifted_file(tmp_path, gold)
    process = subprocess.Popen([sys.executable, "-m", "aligner", "review", tsv, "--no-browser",
                                "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("Reviewing at http://127.0.0.1:"), line
        url = line.split()[-1]
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and b"app.js" in response.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0], timeout=30)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err


def test_realign_scores_beads_with_the_clause_vectors_align_gives(tmp_path, gold, encoder):
    """A re-align has the clause score of ``aligner align`` (without it, 1-n beads lose
    their strongest evidence): clause vectors as the engine embeds them, fresh after an
    edit."""
    import numpy as np

    from aligner.engine import embed_sentences
    from aligner.records import Sentence

    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    asked = []
    given = session.align_stretch
    session.align_stretch = lambda zh, en, block: asked.append((list(zh), list(en))) or \
        given(zh, en, block)
    session.apply("null", {"bead": AT, "keep": "en"})
    session.apply("realign", {"bead": AT})
    later = session.beads[AT + 1]
    assert asked and later.zh[0] in asked[0][0] and later.en[0] in asked[0][1]

    zh_ids, en_ids = asked[0]
    texts = {side: [Sentence(t, 0, len(t)) for sid in ids
                    for t in [session.project.sentence_text(side, sid)]]
             for side, ids in (("zh", zh_ids), ("en", en_ids))}
    _, _, (want_zh, want_en) = embed_sentences(texts["zh"], texts["en"], encoder, None)
    got_zh, got_en = session.clauses(zh_ids, en_ids)
    for got, want in ((got_zh, want_zh), (got_en, want_en)):
        assert got.vectors.dtype == np.float16
        assert np.array_equal(np.diff(got.starts), np.diff(want.starts))
        assert np.allclose(got.vectors.astype(np.float32),
                           want.vectors[want.starts[0]:want.starts[-1]].astype(np.float32),
                           atol=1e-3)
    assert (np.diff(got_zh.starts) > 1).any(), "some Chinese sentence has several clauses"

    sid = later.en[0]
    before = session.clauses([], [sid])[1].vectors.copy()
    session.apply("edit", {"bead": AT + 1, "side": "en", "sentence": sid,
                           "text": "A different sentence, with a clause of its own."})
    after = session.clauses([], [sid])[1].vectors
    assert after.shape != before.shape or not np.allclose(after, before)


def test_clause_vectors_of_the_alignment_are_kept_with_the_project(tmp_path, encoder):
    """Opened from source files, the review keeps the clause vectors the aligner computed
    (no model run at the first re-align) and caches them beside the project for resuming;
    they are the ones a re-align would embed."""
    import shutil

    import numpy as np

    from tests.conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "check"
    for name in ("readout.zh.txt", "readout.en.txt"):
        shutil.copy(folder / name, tmp_path / name)
    files = [str(tmp_path / "readout.zh.txt"), str(tmp_path / "readout.en.txt")]
    from aligner.engine import SentenceVectors

    session = open_session(files, encoder=encoder)
    counts = {side: len(session.project.side(side).sentences) for side in ("zh", "en")}
    assert {side: len(session.sides[side].fresh) for side in counts} == counts
    assert session.project.clauses_path.exists()

    resumed = open_session(files, encoder=encoder)
    zh, en = list(range(counts["zh"])), list(range(counts["en"]))
    kept = resumed.clauses(zh, en)
    resumed.sides = {side: SentenceVectors(list(vectors.lengths), vectors.vectors)
                     for side, vectors in resumed.sides.items()}
    embedded = resumed.clauses(zh, en)
    for got, want in zip(kept, embedded, strict=True):
        assert np.array_equal(got.starts, want.starts)
        assert np.allclose(got.vectors.astype(np.float32), want.vectors.astype(np.float32),
                           atol=1e-3)


# --- one engine: re-align as align aligns, the same every time, findings kept current ------

def snapshot(session) -> tuple[list, list]:
    """The beads (ids, scores, flags) and the findings (bead number, check, message)."""
    return (list(session.beads),
            [[(f.bead, f.check, f.message) for f in per] for per in session.findings])


def assert_numbered(session) -> None:
    """Every finding names its bead's place now, and the findings are those every check
    over the whole document finds (what an export reports)."""
    assert all(f.bead == k + 1 for k, per in enumerate(session.findings) for f in per)
    want = session._check(0, len(session.beads), full=True)
    assert [[(f.bead, f.check, f.message) for f in per] for per in session.findings] == \
        [[(f.bead, f.check, f.message) for f in per] for per in want]


def test_fix_confirm_and_realign_twice_gives_the_same_beads_and_scores(tmp_path, gold,
                                                                       encoder):
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    session.apply("null", {"bead": AT, "keep": "en"})
    session.apply("confirm", {"bead": AT})
    first = session.apply("realign", {"bead": AT})
    assert first.new_end > first.start == AT + 1 and first.note is None
    once = snapshot(session)
    assert pairs(session)[AT + 1:] == gold[AT:]
    assert_numbered(session)
    again = session.apply("realign", {"bead": AT})
    assert snapshot(session) == once, "the second re-align changed beads or scores"
    assert "found the beads as they are" in again.note
    # From the next bead (free, not re-aligned by this one): the same beads, the same scores.
    session.apply("realign", {"bead": AT + 1})
    assert snapshot(session) == once
    # After a resume, from the project and its caches.
    resumed = open_session([session.project.path], encoder=encoder)
    resumed.apply("realign", {"bead": AT})
    assert snapshot(resumed) == once


def readout_files(tmp_path) -> list[str]:
    import shutil

    from tests.conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "check"
    for name in ("readout.zh.txt", "readout.en.txt"):
        shutil.copy(folder / name, tmp_path / name)
    return [str(tmp_path / "readout.zh.txt"), str(tmp_path / "readout.en.txt")]


def test_a_block_realigned_in_the_review_is_the_block_align_gave(tmp_path, encoder):
    """The engine aligns a stretch of the review as it aligned the block: the same beads
    with the same scores, to the last bit (the review used to drop the paragraph pair's
    confidence: the readout pair's first bead 0.996 there, 0.997 re-aligned)."""
    from aligner.pipeline import aligned
    from tests.test_left_out import UNRELATED

    text = SEED_TEXT()
    at = text.index("The two sides agreed that")
    document = tmp_path / "planted.txt"
    document.write_text(text[:at] + UNRELATED + "\n" + text[at:], encoding="utf-8")
    seen = []
    for inputs in ([str(document)], readout_files(tmp_path)):
        done = aligned(*inputs, encoder=encoder)
        seen += [bool(block.left_out) for block in done.blocks] + \
            [block.confidence is not None for block in done.blocks]
        session = open_session(inputs, encoder=encoder)
        for number in range(len(done.blocks)):
            beads = [b for b in session.beads if b.block == number]
            zh = sorted(i for b in beads for i in b.zh)
            en = sorted(j for b in beads for j in b.en)
            again = session.align_stretch(zh, en, number)
            assert [(b.source, b.target, b.confidence, b.similarity) for b in again] == \
                [(b.zh, b.en, b.score, b.similarity) for b in beads]
    assert sum(seen) >= 2, "blocks with left-out sentences and paragraph confidences"


def SEED_TEXT() -> str:
    from tests.conftest import SEED

    return SEED.read_text(encoding="utf-8")


def test_findings_follow_their_beads_after_a_fix(tmp_path, gold, encoder, monkeypatch):
    """After a split, every finding is numbered by its bead's new place, an inconsistency
    names the other bead by its new number (it said "in bead 20" after the split moved it
    to 21), and the findings of the beads a fix touched are there at once, not only on
    export; in a document too large to check whole after every fix, the same holds of the
    numbers."""
    from aligner.review import session as session_module

    # The same Chinese twice in one block, translated differently: an inconsistency.
    rows = [*gold, (gold[1][0], "A different rendering of the same Chinese sentence.")]
    beads = [Bead((k,), (k,), zh, en, 1.0) for k, (zh, en) in enumerate(rows)]
    for whole in (True, False):
        if not whole:
            monkeypatch.setattr(session_module, "WHOLE_RECHECK", 0)
        path = tmp_path / f"repeated{int(whole)}.tsv"
        write_beads(beads, path)
        session = open_session([str(path)], encoder=encoder)

        def inconsistent(session=session) -> dict[int, str]:
            return {k + 1: f.message for k, per in enumerate(session.findings) for f in per
                    if f.check == "inconsistency"}

        said = "the same Chinese is translated differently in bead "
        last = len(session.beads)
        before = inconsistent()
        assert before[2] == said + str(last) and before[last] == said + "2"
        # A bead after bead 2, of several English sentences, split in two: the beads after
        # it move one place on.
        k = next(k for k, b in enumerate(session.beads) if k >= 2 and len(b.en) > 1)
        session.apply("split", {"bead": k, "side": "en", "at": 1})
        assert all(f.bead == i + 1 for i, per in enumerate(session.findings) for f in per)
        assert len(session.beads) == last + 1

        def moved(number: int, k: int = k) -> int:
            return number + 1 if number > k + 1 else number

        assert inconsistent() == {moved(n): said + str(moved(int(message.split()[-1])))
                                  for n, message in before.items()}
        if whole:
            assert_numbered(session)
        session.apply("merge", {"bead": k})
        assert all(f.bead == i + 1 for i, per in enumerate(session.findings) for f in per)
        assert inconsistent() == before


def test_a_mark_on_a_confirmed_bead_keeps_or_clears_its_confirmation(tmp_path, gold,
                                                                     encoder):
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    session.apply("null", {"bead": AT, "keep": "en"})
    session.apply("confirm", {"bead": AT})
    before = list(session.beads)
    # 0 on a confirmed 0-1: nothing changes, it stays confirmed.
    change = session.apply("null", {"bead": AT, "keep": "en"})
    assert session.beads == before and session.beads[AT].confirmed
    assert change.note is None
    # 1 on a confirmed 1-1 makes another bead: its confirmation goes, and the change says so.
    session.apply("confirm", {"bead": 0})
    change = session.apply("null", {"bead": 0, "keep": "zh"})
    assert not session.beads[0].confirmed and session.beads[0].type == "1-0"
    assert change.note == "bead 1 was confirmed: the fix cleared that (c confirms again)"
    # Taking a confirmation back is no fix to tell of.
    assert session.apply("confirm", {"bead": AT, "value": False}).note is None
    assert not session.beads[AT].confirmed


def test_a_bilingual_file_is_measured_and_its_shifted_segments_shown(tmp_path, gold, encoder):
    """A CAT tool's file is a hypothesis: each segment gets the model's confidence, and the
    segments whose English belongs to a neighbour are flagged with the re-alignment, until
    the reviewer's fix makes them right."""
    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    scores = [b.score for b in session.beads]
    assert max(scores[AT + 1:]) < 0.5 < min(scores[:AT]), scores
    records = [session.bead_record(k) for k in range(len(session.beads))]
    shifted = [k for k, r in enumerate(records)
               if any(f["check"] == "shifted" for f in r["findings"])]
    assert shifted and min(shifted) >= AT - 1 and len(shifted) >= len(gold) - AT - 2
    assert all(f["suggestion"] for r in records for f in r["findings"]
               if f["check"] == "shifted")
    assert not any(f["check"] == "shifted" for r in records[:AT - 1] for f in r["findings"])
    session.apply("null", {"bead": AT, "keep": "en"})
    session.apply("realign", {"bead": AT})
    session.recheck()
    assert not any(f.check == "shifted" for per in session.findings for f in per)


def test_an_alignment_of_two_files_is_not_second_guessed(tmp_path, encoder):
    import shutil

    from tests.conftest import ROOT

    seed = tmp_path / "seed.txt"
    shutil.copy(ROOT / "seeds" / "000_50897b66f031bdf8.txt", seed)
    session = open_session([str(seed)], encoder=encoder)
    assert not session.bilingual
    assert not any(f.check == "shifted" for per in session.findings for f in per)
