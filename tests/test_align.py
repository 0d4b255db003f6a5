"""The aligner end to end: the seed document, two files, presplit input and the API."""

from __future__ import annotations

import numpy as np
import pytest

from aligner import align, align_texts
from aligner.alignment import align_sentences
from aligner.errors import InputError
from tests.conftest import SEED

READOUT_EN_START = "On October 25–26 local time, He Lifeng"
INTERVIEW_MARKERS = ("Bessent:", "SEC. BESSENT", "MARGARET BRENNAN", "Martha Raddatz", "Reporter:",
                     "Greer:", "personal impression")


def test_seed_pairs_the_four_translated_passages(seed_beads):
    blocks = {}
    for bead in seed_beads:
        blocks.setdefault(bead.block, []).append(bead)
    assert len(blocks) == 4
    first_zh = [beads[0].zh for beads in blocks.values()]
    assert first_zh[0].startswith("当地时间10月25日至26日")
    assert first_zh[1].startswith("中国商务部国际贸易谈判代表")
    assert first_zh[2].startswith("中美作为全球前两大经济体")
    assert first_zh[3].startswith("中美经贸关系的本质是互利共赢")
    assert blocks[0][0].en.startswith(READOUT_EN_START)
    assert blocks[1][0].en.startswith("Briefing by Li Chenggang"), "the heading belongs to it"
    assert "Chinese readout" not in " ".join(b.en for b in seed_beads)


def test_seed_never_pairs_interviews_or_commentary(seed_beads):
    english = " ".join(b.en for b in seed_beads)
    for marker in INTERVIEW_MARKERS:
        assert marker not in english
    assert "My thoughts on Bissent" not in english
    assert all(b.zh for b in seed_beads if b.en), "English with no Chinese was paired"


def test_seed_beads_are_mostly_matched_with_sane_scores(seed_beads):
    matched = [b for b in seed_beads if b.zh and b.en]
    assert len(matched) >= 0.9 * len(seed_beads)
    assert all(0.0 <= b.score <= 1.0 for b in seed_beads)
    assert all(b.type == f"{len(b.zh_ids)}-{len(b.en_ids)}" for b in seed_beads)
    assert any(len(b.en_ids) > 1 for b in matched), "one zh to several en is the common case"


def test_without_confidence_the_beads_are_the_same_and_scored_by_their_paragraphs(
        seed_beads, encoder):
    """The glossary's alignment (confidence off): every bead the same, but the sentence
    posteriors are not computed, so the beads of a block share its paragraph confidence."""
    plain = align(SEED, encoder=encoder, confidence=False)
    assert [(b.zh_ids, b.en_ids, b.zh, b.en, b.block, b.similarity) for b in plain] == \
        [(b.zh_ids, b.en_ids, b.zh, b.en, b.block, b.similarity) for b in seed_beads]

    def scores(beads):
        by_block: dict[int, set[float]] = {}
        for bead in beads:
            by_block.setdefault(bead.block, set()).add(bead.score)
        return by_block

    assert all(len(s) == 1 for s in scores(plain).values())
    assert any(len(s) > 1 for s in scores(seed_beads).values())


def test_seed_covers_every_sentence_of_a_block_once(seed_beads):
    # ids are the sentences' indices in the document: each block's a run of its own, in order
    by_block: dict[int, tuple[list[int], list[int]]] = {}
    for bead in seed_beads:
        zh, en = by_block.setdefault(bead.block, ([], []))
        zh.extend(bead.zh_ids)
        en.extend(bead.en_ids)
    for zh, en in by_block.values():
        assert zh == list(range(zh[0], zh[0] + len(zh)))
        assert en == list(range(en[0], en[0] + len(en)))
    for side in (0, 1):
        ids = [i for block in by_block.values() for i in block[side]]
        assert len(ids) == len(set(ids)), "no id is used in two blocks"
    assert max(i for zh, _ in by_block.values() for i in zh) >= len(by_block), \
        "ids count through the document, not from 0 in each block"


def test_two_files_in_either_order_give_the_same_beads(tmp_path, encoder):
    text = SEED.read_text(encoding="utf-8").splitlines()
    zh = "\n".join(line for line in text[78:82])
    en = "\n".join(line for line in text[74:78])
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="gb18030")
    forward = align(tmp_path / "zh.txt", tmp_path / "en.txt", encoder=encoder)
    backward = align(tmp_path / "en.txt", tmp_path / "zh.txt", encoder=encoder)
    assert forward == backward
    assert sum(len(b.zh_ids) for b in forward) == 9
    assert all(b.zh and b.en for b in forward)


def test_presplit_ids_are_line_numbers(encoder):
    zh = "我们今天开会。\n会议很成功。\n明天继续讨论贸易问题。"
    en = "We met today.\nThe meeting was very successful.\nTomorrow we will continue " \
         "discussing trade issues."
    beads = align_texts(zh, en, presplit=True, encoder=encoder)
    assert [(b.zh_ids, b.en_ids) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_one_chinese_sentence_to_several_english(encoder):
    zh = ("美国总统今天抵达北京。\n他与中国领导人举行了会谈，"
          "双方讨论了贸易、气候变化和地区安全问题，并同意明年再次会晤。\n"
          "会谈结束后双方发表了联合声明。")
    en = ("The US president arrived in Beijing today.\nHe held talks with the Chinese leader.\n"
          "The two sides discussed trade, climate change and regional security.\n"
          "They agreed to meet again next year.\nA joint statement was issued after the talks.")
    beads = align_texts(zh, en, presplit=True, encoder=encoder)
    assert beads[0].zh_ids == (0,) and beads[0].en_ids == (0,)
    assert beads[1].zh_ids == (1,) and {1, 2} <= set(beads[1].en_ids)


def test_alignment_is_monotone_and_complete_on_random_vectors():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(300, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    # y: x with every 5th sentence dropped and noise added.
    keep = [i for i in range(300) if i % 5]
    y = x[keep] + rng.normal(scale=0.05, size=(len(keep), 16)).astype(np.float32)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    beads = align_sentences(x, y, [10] * 300, [10] * len(keep))
    assert [i for b in beads for i in b[0]] == list(range(300))
    assert [j for b in beads for j in b[1]] == list(range(len(keep)))
    pairs = {(i, keep[j]) for b in beads for i in b[0] for j in b[1] if len(b[0]) == 1}
    correct = sum(1 for j, i in enumerate(keep) if (i, i) in pairs)
    assert correct >= 0.85 * len(keep)


def test_long_band_path_is_linear_and_correct():
    """Inputs above the full-matrix limit go through the coarse band and anchors."""
    rng = np.random.default_rng(3)
    n = 2600
    x = rng.normal(size=(n, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = x + rng.normal(scale=0.1, size=x.shape).astype(np.float32)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    beads = align_sentences(x, y, [10] * n, [10] * n)
    assert sum(1 for b in beads if b[0] == b[1] and len(b[0]) == 1) >= 0.98 * n


def test_a_megabyte_paragraph_without_punctuation_is_cut_into_bounded_pieces():
    from aligner.segment import split_sentences
    from aligner.segment.sentences import MAX_SENTENCE_CHARS

    en = split_sentences("the two sides held candid talks on trade " * 25_000, "en")
    zh = split_sentences("中美双方就经贸问题进行了坦诚深入的交流" * 55_000, "zh")
    assert sum(map(len, en)) >= 900_000 and sum(map(len, zh)) >= 1_000_000
    assert max(map(len, en)) <= MAX_SENTENCE_CHARS["default"]
    assert max(map(len, zh)) <= MAX_SENTENCE_CHARS["zh"]


def test_a_long_paragraph_without_punctuation_is_aligned(encoder):
    zh = "中美双方就经贸问题进行了坦诚深入的交流" * 1_000 + "\n"
    en = "the two sides held candid talks on trade " * 1_000 + "\n"
    beads = align_texts(zh, en, encoder=encoder)
    assert sum(len(b.zh_ids) for b in beads) >= 19_000 // 300
    assert all(b.zh and b.en for b in beads[:-1])


def test_document_with_one_language_is_refused(encoder):
    with pytest.raises(InputError, match="only one language"):
        align(SEED.parent / "004_408f79ed41135ce5.txt", encoder=encoder)


@pytest.mark.parametrize(("n", "m"), [(1, 90), (90, 1), (3, 200), (2, 40)])
def test_one_side_far_longer_than_the_other_still_has_a_path(n: int, m: int):
    """The narrow band moved further between rows than it was wide (a Chinese sentence
    against a page of English in the two-file seed): 'alignment lost its path'."""
    rng = np.random.default_rng(n * 1000 + m)
    x = rng.normal(size=(n, 16)).astype(np.float32)
    y = rng.normal(size=(m, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    beads = align_sentences(x, y, [10] * n, [10] * m)
    assert [i for b in beads for i in b[0]] == list(range(n))
    assert [j for b in beads for j in b[1]] == list(range(m))
