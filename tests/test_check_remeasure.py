"""`aligner check` of bilingual files: each segment re-measured, shifted segments found with
the re-alignment, passages left out inside a segment named, findings ranked by probability."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from aligner.alignment.measure import measure_path
from aligner.cli import main
from aligner.formats import write_beads
from aligner.records import Bead
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "check"


@pytest.fixture(autouse=True)
def shared_encoder(monkeypatch, encoder):
    monkeypatch.setattr("aligner.pipeline.get_encoder", lambda name=None: encoder)


@pytest.fixture(scope="module")
def readout() -> tuple[list[str], list[str]]:
    """The readout's segments as a CAT tool would hold them: its sentence beads."""
    from aligner.pipeline import align

    alignment = align(FIXTURES / "readout.zh.txt", FIXTURES / "readout.en.txt")
    beads = [b for b in alignment.beads if b.zh.strip() and b.en.strip()]
    return [b.zh for b in beads], [b.en for b in beads]


def tsv(path: Path, zh: list[str], en: list[str]) -> Path:
    write_beads([Bead((k,), (k,), z, e, 1.0) for k, (z, e) in enumerate(zip(zh, en,
                                                                            strict=True))],
                path)
    return path


def check(*args: str | Path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "-q", "--format", "json", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # Each record carries the run's signature (its --threshold too): the findings without it.
    return [{k: v for k, v in f.items() if k != "signature"} for f in json.loads(result.stdout)]


def test_the_clean_bilingual_file_has_no_shifted_segment(tmp_path, readout):
    found = check(tsv(tmp_path / "clean.tsv", *readout))
    assert not [f for f in found if f["check"] in ("shifted", "number", "low-score")]
    # one clause of the readout is a false omission at the default threshold (the same as
    # when the readout is checked as two files)
    assert len(found) <= 1


def test_each_segment_gets_its_own_confidence_not_the_files(tmp_path, readout, encoder):
    from aligner.pipeline import read_alignment, remeasure

    zh, en = readout
    en = [en[1], en[0], *en[2:]]  # two segments swapped
    alignment, measured, _ = remeasure(read_alignment(tsv(tmp_path / "s.tsv", zh, en)),
                                       encoder)
    scores = [b.score for b in alignment.beads]
    assert max(scores[:2]) < 0.5 < min(scores[3:])
    assert all(b.similarity is not None for b in alignment.beads)
    assert measured.best[:2] != measured.given[:2]


def test_three_shifted_segments_are_each_flagged_with_the_realignment(tmp_path, readout):
    zh, en = readout
    k = 2
    words = en[k].split(" ")
    head, tail = " ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])
    shifted = [*en[:k], head, tail, en[k + 1], en[k + 2], en[k + 3] + " " + en[k + 4],
               *en[k + 5:]]
    found = check(tsv(tmp_path / "shifted.tsv", zh, shifted))
    flagged = {f["bead"] for f in found if f["check"] == "shifted"}
    assert {k + 2, k + 3, k + 4} <= flagged
    for f in found:
        if f["check"] == "shifted":
            assert f["suggestion"] and "Chinese of" in f["suggestion"]
    # likeliest first
    assert found[0]["probability"] == max(f["probability"] for f in found)


def test_a_sentence_cut_from_a_merged_segment_is_named(tmp_path, readout):
    zh, en = readout
    k = next(i for i, e in enumerate(en) if "stand to gain from cooperation" in e)
    cut = en[k].replace("Both sides stand to gain from cooperation and to lose from "
                        "confrontation. ", "")
    assert cut != en[k]
    found = check(tsv(tmp_path / "cut.tsv", zh, [*en[:k], cut, *en[k + 1:]]), "--all")
    named = [f for f in found if f["check"] == "omission" and f["bead"] == k + 1]
    assert any("合则两利" in (f["zh_term"] or "") for f in named), found
    best = max(named, key=lambda f: f["probability"])
    assert "合则两利" in best["zh_term"]


def test_all_shows_the_unlikely_findings_the_default_hides(tmp_path, readout):
    zh, en = readout
    path = tsv(tmp_path / "clean.tsv", zh, en)
    every = check(path, "--all")
    shown = check(path)
    assert len(every) > len(shown)
    assert all(f in every for f in shown)
    assert all(f["probability"] < 0.5 for f in every if f not in shown)
    assert check(path, "--threshold", "0") == every


def test_the_given_path_is_measured_and_the_best_one_found():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = x + 0.1 * rng.normal(size=x.shape).astype(np.float32)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    lengths = [30] * 8
    right = measure_path(x, y, lengths, lengths, [(1, 1)] * 8)
    assert min(right.given_posterior) > 0.9 and right.best == right.given
    # the target one item late: x[i] is translated by the target's item i + 1
    wrong = measure_path(x, np.roll(y, 1, axis=0), lengths, lengths, [(1, 1)] * 8)
    assert max(wrong.given_posterior) < 0.5
    assert wrong.best != wrong.given
