"""Text with no counterpart: an unrelated paragraph inside a translation comes out as 0-1
beads where it stands, the beads around it stay as they were, and ``check`` reports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner import align_document
from aligner.alignment import AlignedBead
from aligner.check import check_alignment
from aligner.engine import with_left_out
from tests.conftest import SEED

# Commentary from the same page: about the same talks, but a translation of nothing.
UNRELATED = ("Seems like China is, again, trying to get the US to understand that it is "
             "not going to be pushed around. Trump will just shoot his big mouth off and "
             "start the whole thing over again next month.")


@pytest.fixture(scope="module")
def planted(encoder):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = next(k for k, line in enumerate(lines) if line.startswith("The two sides agreed that"))
    text = "\n".join([*lines[:at], UNRELATED, *lines[at:]])
    return align_document(text, encoder=encoder)


def test_an_unrelated_paragraph_in_a_translation_is_left_out_where_it_stands(planted,
                                                                          seed_beads):
    pairs = [(b.zh, b.en) for b in planted.beads]
    nulls = [k for k, (zh, en) in enumerate(pairs) if not zh]
    assert [pairs[k][1] for k in nulls] == [
        "Seems like China is, again, trying to get the US to understand that it is not "
        "going to be pushed around.",
        "Trump will just shoot his big mouth off and start the whole thing over again "
        "next month."]
    # Where it stands: after the bead of the paragraph before it, before the next one.
    assert pairs[nulls[0] - 1][1].startswith("The U.S. side stated")
    assert pairs[nulls[-1] + 1][1].startswith("The two sides agreed that")
    # Every other bead is the bead of the clean document.
    assert [p for k, p in enumerate(pairs) if k not in nulls] == \
        [(b.zh, b.en) for b in seed_beads.beads]
    assert all(planted.beads[k].score > 0.9 for k in nulls)


def test_check_reports_the_unrelated_paragraph(planted):
    findings = check_alignment(planted, checks=["addition"])
    assert [f.en for f in findings if f.check == "addition"][:2] == \
        [b.en for b in planted.beads if not b.zh]


def test_left_out_sentences_take_their_places_on_both_sides():
    # Block sentences zh 10, 12 and en 20, 21, 23; zh 11 and en 22 left out.
    beads = [AlignedBead((0,), (0, 1), 0.7, 0.9), AlignedBead((1,), (2,), 0.6, 0.8)]
    out, zh, en = with_left_out(beads, [10, 12], [20, 21, 23],
                                 [("zh", 11, 0.7), ("en", 22, 0.6)])
    assert zh == [10, 11, 12] and en == [20, 21, 22, 23]
    assert [(b.source, b.target) for b in out] == \
        [((0,), (0, 1)), ((1,), ()), ((), (2,)), ((2,), (3,))]
    assert [b.confidence for b in out] == [0.9, 0.7, 0.6, 0.8]


def test_a_bead_around_a_left_out_sentence_takes_it_in():
    beads = [AlignedBead((0,), (0,), 0.8, 0.9), AlignedBead((1,), (1, 2), 0.6, 0.4)]
    out, zh_ids, en_ids = with_left_out(beads, [10, 11], [20, 21, 25],
                                         [("en", 23, 0.7), ("en", 24, 0.7), ("en", 30, 0.9)])
    assert zh_ids == [10, 11] and en_ids == [20, 21, 23, 24, 25, 30]
    # the second bead spans en 21 .. 25, so 23 and 24 join it; 30 stands after it alone
    assert [(b.source, b.target) for b in out] == [((0,), (0,)), ((1,), (1, 2, 3, 4)),
                                                   ((), (5,))]


# An unrelated sentence run on at the end of a paragraph's English (as in
# benchmarks/planted.py, "add en sentence").
RUN_ON = "The museum will reopen next spring after a two-year renovation of its east wing."


def run_on_files(tmp_path) -> list[str]:
    from tests.conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "check"
    lines = (folder / "readout.en.txt").read_text(encoding="utf-8").split("\n")
    at = next(k for k, line in enumerate(lines) if line.startswith("The U.S. side stated"))
    lines[at] = f"{lines[at]} {RUN_ON}"
    (tmp_path / "readout.en.txt").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "readout.zh.txt").write_text(
        (folder / "readout.zh.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return [str(tmp_path / "readout.zh.txt"), str(tmp_path / "readout.en.txt")]


def test_a_sentence_run_on_to_a_paragraph_is_left_out_not_merged(tmp_path, encoder):
    """Lengths are judged against the whole text's ratio: against its own block's (one
    paragraph a side), the run-on sentence made the paragraph's beads look too short and
    went into a 1-3 bead."""
    from aligner import align_texts

    zh_file, en_file = run_on_files(tmp_path)
    zh = Path(zh_file).read_text(encoding="utf-8")
    en = Path(en_file).read_text(encoding="utf-8")
    planted = align_texts(zh, en, encoder=encoder)
    clean = align_texts(zh, en.replace(f" {RUN_ON}", ""), encoder=encoder)
    assert [(b.zh, b.en) for b in planted.beads if not b.zh] == [("", RUN_ON)]
    assert [(b.zh, b.en) for b in planted.beads if b.zh] == \
        [(b.zh, b.en) for b in clean.beads]


def test_the_review_realigns_with_the_whole_texts_length_ratio(tmp_path, encoder):
    from aligner.review import open_session

    session = open_session(run_on_files(tmp_path), encoder=encoder)
    text = session.project.text
    at = next(k for k, b in enumerate(session.beads) if not b.zh)
    assert text(session.beads[at].en, "en")[0] == RUN_ON
    block = session.beads[at].block
    first = next(k for k, b in enumerate(session.beads) if b.block == block)
    before = [(b.zh, b.en) for b in session.beads]
    session.apply("realign", {"bead": first - 1})
    assert [(b.zh, b.en) for b in session.beads] == before
