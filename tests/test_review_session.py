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
    their strongest evidence): clause vectors as the pipeline embeds them, fresh after an
    edit."""
    import numpy as np

    from aligner.pipeline import embed_sentences
    from aligner.records import Sentence

    session = open_session([shifted_file(tmp_path, gold)], encoder=encoder)
    asked = []
    given = session.clauses
    session.clauses = lambda zh, en: asked.append((list(zh), list(en))) or given(zh, en)
    session.apply("null", {"bead": AT, "keep": "en"})
    session.apply("realign", {"bead": AT})
    later = session.beads[AT + 1]
    assert asked and later.zh[0] in asked[0][0] and later.en[0] in asked[0][1]

    zh_ids, en_ids = asked[0]
    texts = {side: [Sentence(t, 0, len(t)) for sid in ids
                    for t in [session.project.sentence_text(side, sid)]]
             for side, ids in (("zh", zh_ids), ("en", en_ids))}
    _, _, (want_zh, want_en) = embed_sentences(texts["zh"], texts["en"], encoder, None)
    got_zh, got_en = given(zh_ids, en_ids)
    for got, want in ((got_zh, want_zh), (got_en, want_en)):
        assert np.array_equal(np.diff(got.starts), np.diff(want.starts))
        assert np.allclose(got.vectors.astype(np.float32),
                           want.vectors[want.starts[0]:want.starts[-1]].astype(np.float32),
                           atol=1e-3)
    assert (np.diff(got_zh.starts) > 1).any(), "some Chinese sentence has several clauses"

    sid = later.en[0]
    before = given([], [sid])[1].vectors.copy()
    session.apply("edit", {"bead": AT + 1, "side": "en", "sentence": sid,
                           "text": "A different sentence, with a clause of its own."})
    after = given([], [sid])[1].vectors
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
    session = open_session(files, encoder=encoder)
    counts = {side: len(session.project.side(side).sentences) for side in ("zh", "en")}
    assert {side: len(session._clauses[side]) for side in counts} == counts
    assert session.project.clauses_path.exists()

    resumed = open_session(files, encoder=encoder)
    zh, en = list(range(counts["zh"])), list(range(counts["en"]))
    kept = resumed.clauses(zh, en)
    resumed._clauses = {"zh": {}, "en": {}}
    embedded = resumed.clauses(zh, en)
    for got, want in zip(kept, embedded, strict=True):
        assert np.array_equal(got.starts, want.starts)
        assert np.allclose(got.vectors.astype(np.float32), want.vectors.astype(np.float32),
                           atol=1e-3)
