"""Long runs of paragraphs (issue 24, item 1): one Chinese paragraph whose English a wire
service cuts into eight or more paragraphs, one English paragraph for eight Chinese ones,
three paragraphs of one side rendered as one of the other. Every bead must be the bead of
the readout laid out one paragraph a side, with no 0-1 or 1-0 bead.

The layouts are built here from the seed readout's two sides
(tests/fixtures/check/readout.zh.txt and readout.en.txt); benchmarks/long_runs.py measures
the same layouts on wmt22 documents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner import align, align_document, align_texts
from aligner.alignment import AlignedBead
from aligner.paragraphs import (
    ParagraphList,
    _realigned,
    _stretches,
    _unpairable,
)
from aligner.records import Sentence
from aligner.segment import Paragraph
from aligner.segment.sentences import split_sentences
from tests.conftest import SEED, readout_paragraphs

ZH, EN = readout_paragraphs()

# The beads of the readout as it stands (four paragraphs a side), checked by hand: (Chinese
# sentences, English sentences), counted through each side. Paragraph 1 is 3 Chinese and 4
# English sentences, paragraph 2 is 4 and 6, paragraph 3 is 1 and 2, paragraph 4 is 1 and 1.
GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4, 5, 6)), ((4,), (7,)),
        ((5,), (8,)), ((6,), (9,)), ((7,), (10, 11)), ((8,), (12,))]


def sentences(paragraph: str, lang: str) -> list[str]:
    return split_sentences(paragraph, lang)


def cut(paragraphs: list[str], lang: str, first: int, stop: int) -> list[str]:
    """Paragraphs ``first`` .. ``stop - 1`` cut into one paragraph a sentence."""
    return [*paragraphs[:first],
            *(s for p in paragraphs[first:stop] for s in sentences(p, lang)),
            *paragraphs[stop:]]


def joined(paragraphs: list[str], lang: str, first: int, stop: int) -> list[str]:
    """Paragraphs ``first`` .. ``stop - 1`` joined into one."""
    glue = "" if lang == "zh" else " "
    return [*paragraphs[:first], glue.join(paragraphs[first:stop]), *paragraphs[stop:]]


LAYOUTS = {
    # The readout: one Chinese paragraph, its English eight paragraphs (the
    # readout's paragraphs 2 and 3: 5 Chinese sentences, 8 English ones).
    "zh 1 - en 8": (joined(ZH, "zh", 1, 3), cut(EN, "en", 1, 3)),
    # Twelve: paragraphs 1-3 (8 Chinese sentences, 12 English ones).
    "zh 1 - en 12": (joined(ZH, "zh", 0, 3), cut(EN, "en", 0, 3)),
    # The other way: one English paragraph, its Chinese eight paragraphs.
    "en 1 - zh 8": (cut(ZH, "zh", 0, 3), joined(EN, "en", 0, 3)),
    # Three Chinese paragraphs rendered as one English paragraph, and the other way.
    "zh 3 - en 1": (ZH, joined(EN, "en", 0, 3)),
    "en 3 - zh 1": (joined(ZH, "zh", 0, 3), EN),
}


def test_the_layouts_are_what_they_say():
    counts = {name: (len(zh), len(en)) for name, (zh, en) in LAYOUTS.items()}
    assert counts == {"zh 1 - en 8": (3, 10), "zh 1 - en 12": (2, 13),
                      "en 1 - zh 8": (9, 2), "zh 3 - en 1": (4, 2), "en 3 - zh 1": (2, 4)}
    # the same sentences in every layout, so the same ids
    for zh, en in LAYOUTS.values():
        assert [s for p in zh for s in sentences(p, "zh")] == \
            [s for p in ZH for s in sentences(p, "zh")]
        assert [s for p in en for s in sentences(p, "en")] == \
            [s for p in EN for s in sentences(p, "en")]


def test_the_readout_as_it_stands_gives_the_gold(encoder):
    alignment = align_texts("\n".join(ZH), "\n".join(EN), encoder=encoder)
    assert [(b.zh_ids, b.en_ids) for b in alignment.beads] == GOLD


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_bead_of_a_long_run_is_right(name, encoder):
    zh, en = LAYOUTS[name]
    alignment = align_texts("\n".join(zh), "\n".join(en), encoder=encoder)
    assert [(b.zh_ids, b.en_ids) for b in alignment.beads] == GOLD
    assert all(b.zh and b.en for b in alignment.beads)  # no 0-1 or 1-0 bead
    # a translated sentence is no low-confidence guess either
    assert min(b.score for b in alignment.beads) > 0.5


def test_files_in_either_order(tmp_path: Path, encoder):
    zh, en = LAYOUTS["zh 1 - en 8"]
    zh_file, en_file = tmp_path / "readout.zh.txt", tmp_path / "readout.en.txt"
    zh_file.write_text("\n".join(zh) + "\n", encoding="utf-8")
    en_file.write_text("\n".join(en) + "\n", encoding="utf-8")
    for inputs in ((zh_file, en_file), (en_file, zh_file)):
        beads = align(*inputs, encoder=encoder).beads
        assert [(b.zh_ids, b.en_ids) for b in beads] == GOLD


# A wire story's headline, and its dateline as a paragraph of its own in English ("KUALA
# LUMPUR, Oct. 26 (Xinhua) --") where the Chinese runs it into the first sentence.
HEADLINE = ("中美在吉隆坡举行经贸磋商",
            "China, U.S. hold economic and trade consultations in Kuala Lumpur")
DATELINE = ("新华社吉隆坡10月26日电 ", "KUALA LUMPUR, Oct. 26 (Xinhua) --")


def shifted(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], zh: int, en: int
            ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(i + zh for i in z), tuple(j + en for j in e)) for z, e in beads]


def test_a_dateline_paragraph_goes_with_the_sentence_it_opens(encoder):
    zh = [DATELINE[0] + "".join(ZH[:2]), *ZH[2:]]
    en = [DATELINE[1], *cut(EN, "en", 0, 2)]
    beads = align_texts("\n".join(zh), "\n".join(en), encoder=encoder).beads
    assert [(b.zh_ids, b.en_ids) for b in beads] == \
        [((0,), (0, 1)), *shifted(GOLD[1:], 0, 1)]


def test_a_headline_and_a_dateline_before_a_long_run(encoder):
    zh = [HEADLINE[0], DATELINE[0] + ZH[0], *ZH[1:]]
    en = [HEADLINE[1], DATELINE[1], *cut(EN, "en", 0, 2)]
    beads = align_texts("\n".join(zh), "\n".join(en), encoder=encoder).beads
    assert [(b.zh_ids, b.en_ids) for b in beads] == \
        [((0,), (0,)), ((1,), (1, 2)), *shifted(GOLD[1:], 1, 2)]


# --- the same in a mixed document (the seed: English readout, then its Chinese) ----------

def seed_with(english: list[str], chinese: list[str]) -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(k for k, line in enumerate(lines) if line.startswith("On October 25"))
    assert lines[start:start + 4] == EN and lines[start + 4:start + 8] == ZH
    return "\n".join([*lines[:start], *english, *chinese, *lines[start + 8:]])


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_a_long_run_in_a_mixed_document_gives_the_beads_of_the_seed(name, encoder,
                                                                     seed_beads):
    zh, en = LAYOUTS[name]
    alignment = align_document(seed_with(en, zh), encoder=encoder)
    # English sentence ids count the seed's interviews before the readout.
    assert [(b.zh_ids, b.en_ids) for b in alignment.beads] == \
        [(b.zh_ids, b.en_ids) for b in seed_beads.beads]


# --- the parts --------------------------------------------------------------------------

def bead(zh: tuple[int, ...], en: tuple[int, ...], confidence: float = 0.9) -> AlignedBead:
    return AlignedBead(zh, en, 0.5, confidence)


def test_stretches_around_left_out_and_widest_paragraph_beads():
    beads = [bead((0,), (0,)), bead((), (1,)), bead((), (2,)), bead((1,), (3,)),
             bead((2,), (4,)), bead((3, 4, 5, 6, 7), (5,)), bead((8,), (6,)),
             bead((9,), (7,))]
    # the left-out run with the pair beads on either side; the 5-1 bead (as wide as the
    # lattice goes) with its neighbours; the others alone
    assert list(_stretches(beads)) == [(0, 3, True), (4, 6, True), (7, 7, False)]
    assert list(_stretches([bead((), (0,)), bead((0,), (1,))])) == [(0, 1, True)]
    assert list(_stretches([bead((0,), (0,))])) == [(0, 0, False)]


def synthetic(vectors: list[np.ndarray], layout: list[int], length: int) -> ParagraphList:
    """Paragraphs of ``layout[k]`` sentences each, of ``length`` characters."""
    paragraphs, at = [], 0
    for k, count in enumerate(layout):
        sents = tuple(Sentence("x" * length, at + n * length, at + (n + 1) * length, k)
                      for n in range(count))
        paragraphs.append(Paragraph(k, "x" * (length * count), at, None, sents))
        at += length * count + 1
    assert sum(layout) == len(vectors)
    return ParagraphList.of(paragraphs)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_a_stretch_is_cut_where_its_sentence_beads_meet_paragraph_breaks():
    rng = np.random.default_rng(0)
    meanings = [unit(rng.normal(size=64)) for _ in range(5)]
    zh_vectors = np.stack(meanings[:4])
    # English: one paragraph a Chinese sentence, then one that translates nothing
    en_vectors = np.stack([unit(m + 0.3 * unit(rng.normal(size=64))) for m in meanings[:4]]
                          + [meanings[4]])
    zh = synthetic(list(zh_vectors), [3, 1], 20)  # 3 Chinese sentences, then 1
    en = synthetic(list(en_vectors), [1, 1, 1, 1, 1], 60)
    groups = _realigned(zh, en, [0, 1], [0, 1, 2, 3, 4], zh_vectors, en_vectors, 3.0,
                        {"zh": np.array([0.2, 0.1]), "en": np.full(5, 0.9)})
    assert [(g.zh, g.en) for g in groups] == [([0], [0, 1, 2]), ([1], [3]), ([], [4])]
    # the last paragraph is left out, no surer than the paragraph alignment was
    assert [(side, s) for side, s, _ in groups[-1].left_out] == [("en", 4)]
    assert groups[-1].left_out[0][2] <= 0.9


def test_a_sentence_that_would_pair_well_is_never_a_confident_null():
    assert _unpairable(0.70) < 0.01  # a translation's median cosine
    assert _unpairable(0.53) < 0.4  # a translation's 5th percentile
    assert _unpairable(0.45) > 0.8  # same-topic text that translates nothing: 99th
    assert _unpairable(0.32) > 0.99  # and 95th percentile
    rng = np.random.default_rng(1)
    meanings = [unit(rng.normal(size=64)) for _ in range(4)]
    # An English paragraph between the translations of the second and third Chinese
    # paragraphs, at a cosine of 0.67 with the second (a translation's median is 0.70):
    # the sentence alignment of the stretch leaves it out, the paragraph alignment was
    # sure of that (0.95), but it is no confident 0-1.
    near = unit(0.7 * meanings[1] + np.sqrt(1 - 0.7**2) * meanings[3])
    zh_vectors = np.stack(meanings[:3])
    en_vectors = np.stack([meanings[0], meanings[1], near, meanings[2]])
    zh = synthetic(list(zh_vectors), [1, 1, 1], 20)
    en = synthetic(list(en_vectors), [1, 1, 1, 1], 60)
    unpaired = {"zh": np.full(3, 0.05), "en": np.full(4, 0.95)}
    groups = _realigned(zh, en, [0, 1, 2], [0, 1, 2, 3], zh_vectors, en_vectors, 3.0,
                        unpaired)
    assert [(g.zh, g.en) for g in groups] == [([0], [0]), ([1], [1]), ([], [2]), ([2], [3])]
    assert float(near @ meanings[1]) == pytest.approx(0.67, abs=0.01)
    [(side, sentence, confidence)] = groups[2].left_out
    assert (side, sentence) == ("en", 2) and confidence < 0.02
