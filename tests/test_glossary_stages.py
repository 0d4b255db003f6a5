"""Each glossary stage on its own, on three hand-made beads and an encoder whose answers are
known: every Chinese term has one English candidate that embeds exactly like it."""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from aligner.dictionary import Dictionary
from aligner.glossary import candidates_en
from aligner.glossary.candidates import Candidates, find_candidates
from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan
from aligner.glossary.cooccurrence import (
    Cooccurrence,
    association,
    association_weight,
    count_cooccurrence,
    shared_beads,
)
from aligner.glossary.glosses import links, matches, rendered
from aligner.glossary.pairing import (
    Pairing,
    ZhInfo,
    _evidence,
    pair,
    term_pieces,
)
from aligner.glossary.ranking import echoing, score_entries
from aligner.glossary.resolution import (
    Entry,
    _explained,
    _free,
    _nested,
    _own_places,
    claim_occurrences,
    complete,
    compositional,
    drop_compounds,
    drop_crossing,
    drop_duplicates,
    link,
    refine,
    resolve,
)
from aligner.glossary.scoring import GlossaryScoring
from aligner.glossary.termhood import Termhood, nest
from aligner.progress import Progress
from aligner.records import Bead

DEFAULT = GlossaryScoring()

BEADS = (
    Bead((0,), (0,), "对等关税影响出口。", "Reciprocal tariffs hit exports.", 1.0),
    Bead((1,), (1,), "对等关税将生效。", "The reciprocal tariffs take effect.", 1.0),
    Bead((2,), (2,), "美国提高关税。", "The U.S. raised tariffs.", 1.0),
)
# The Chinese candidates, by hand: 关税 inside 对等关税 twice, on its own once.
ZH = (
    (ZhSpan("对等关税", 0, 4, "", ("对等", "关税")), ZhSpan("关税", 2, 4, "", ("关税",)),
     ZhSpan("出口", 6, 8, "", ("出口",))),
    (ZhSpan("对等关税", 0, 4, "", ("对等", "关税")), ZhSpan("关税", 2, 4, "", ("关税",))),
    (ZhSpan("美国", 0, 2, "place", ("美国",)), ZhSpan("关税", 4, 6, "", ("关税",))),
)
# What embeds alike: a term, its translation, and their parts and words.
CONCEPTS = {"对等关税": 0, "reciprocal tariffs": 0, "对等": 1, "reciprocal": 1, "关税": 2,
            "tariffs": 2, "出口": 3, "exports": 3, "export": 3, "美国": 4, "u.s.": 4,
            "教学": 5, "teaching": 5, "评估": 6, "evaluation": 6, "管制": 7, "controls": 7}


class ConceptEncoder:
    """Texts of one concept embed identically; any other text embeds far from all of them."""

    name = "concepts"
    dim = 256

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            concept = CONCEPTS.get(text.lower())
            if concept is not None:
                out[row, concept] = 1.0
            else:
                rng = np.random.default_rng(zlib.crc32(text.encode()))
                out[row, 8:] = rng.normal(size=self.dim - 8)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def candidates(beads: tuple[Bead, ...] = BEADS,
               zh: tuple[tuple[ZhSpan, ...], ...] = ZH) -> Candidates:
    """The candidates of ``beads``: the Chinese ones given, the English ones found."""
    en = tuple(tuple(spans) for spans in candidates_en.spans_in([b.en for b in beads]))
    return Candidates(beads, zh, en, en)


@pytest.fixture(scope="module")
def finder() -> ZhCandidates:
    return ZhCandidates()


def paired(found: Candidates, finder: ZhCandidates, encoder: ConceptEncoder,
           scoring: GlossaryScoring = DEFAULT, min_count: int = 1) -> Pairing:
    """The pairing of ``found``, co-occurrence counted and embedded by ``encoder``."""
    return pair(found, count_cooccurrence(found, min_count, scoring), finder, encoder, scoring)


def pairing_with(finder: ZhCandidates, scoring: GlossaryScoring = DEFAULT,
                 min_count: int = 1) -> Pairing:
    return paired(candidates(), finder, ConceptEncoder(), scoring, min_count)


def numbered(pairs: Sequence[tuple[str, str]]) -> list[Bead]:
    """One bead a (Chinese, English) pair, numbered in order."""
    return [Bead((i,), (i,), zh, en, 1.0) for i, (zh, en) in enumerate(pairs)]


def en_id(stats: Cooccurrence, key: str) -> int:
    return stats.en.keys.index(key)


# --- 1. candidates


def test_candidates_pair_only_beads_with_both_languages(finder: ZhCandidates) -> None:
    beads = [Bead((0,), (0,), "对等关税将生效。", "The reciprocal tariffs take effect.", 1.0),
             Bead((1,), (), "美方表示欢迎。", "", 0.0),
             Bead((), (1,), "", "Kuala Lumpur hosted the talks.", 0.0)]
    found = find_candidates(beads, finder)
    assert found.beads == (beads[0],)
    assert len(found.zh) == len(found.en) == 1 and len(found.en_all) == 2
    # English without Chinese still counts for the English candidates' profile.
    assert "kuala lumpur" in {s.key for s in found.en_all[1]}
    assert "关税" in {s.key for s in found.zh[0]}


# --- 2. co-occurrence


def test_cooccurrence_counts_beads_shared_on_three_beads() -> None:
    stats = count_cooccurrence(candidates(), 1, DEFAULT)
    assert stats.beads == 3
    assert stats.zh.keys == ["关税", "出口", "对等关税", "美国"]
    assert stats.zh.count.tolist() == [3, 1, 2, 1]
    together = {(stats.zh.keys[z], stats.en.keys[e]): t for z, e, t in
                zip(stats.pair_zh.tolist(), stats.pair_en.tolist(), stats.together.tolist(),
                    strict=True)}
    assert together["对等关税", "reciprocal tariff"] == 2
    assert together["关税", "tariff"] == 3
    assert together["美国", "U.S."] == 1
    assert ("美国", "reciprocal tariff") not in together
    assert stats.zh_beads["关税"] == {0, 1, 2}
    tariff = en_id(stats, "tariff")
    assert stats.en_beads[tariff] == {0, 1, 2}
    assert {bead: list(spans) for bead, spans in stats.en_places[tariff].items()} == {
        0: [(1, 2)], 1: [(2, 3)], 2: [(3, 4)]}


def test_shared_beads_counted_in_chunks_as_in_one_pass() -> None:
    # The pairs of each bead are counted a chunk at a time (memory flat in the text's
    # length): any chunk size gives the counts of the whole at once, in the same order.
    stats = count_cooccurrence(candidates(), 1, DEFAULT)
    whole = shared_beads(stats.zh, stats.en)
    assert [a.tolist() for a in whole] == [stats.pair_zh.tolist(), stats.pair_en.tolist(),
                                           stats.together.tolist()]
    for chunk in (1, 2, 5):
        assert [a.tolist() for a in shared_beads(stats.zh, stats.en, chunk)] == \
            [a.tolist() for a in whole]
    assert max(whole[2].tolist()) == 3  # 关税 and tariff share all three beads


def test_cooccurrence_min_count_and_association() -> None:
    stats = count_cooccurrence(candidates(), 2, DEFAULT)
    assert stats.zh.keys == ["关税", "对等关税"]
    assert set(stats.en.keys) == {"reciprocal", "reciprocal tariff", "tariff"}
    row = next(i for i, (z, e) in enumerate(zip(stats.pair_zh, stats.pair_en, strict=True))
               if stats.zh.keys[z] == "对等关税" and stats.en.keys[e] == "reciprocal tariff")
    # Two beads shared of two each, smoothed: 2 / (2 + 1) on both sides.
    assert stats.association[row] == pytest.approx(2 / 3)


def test_association_weights_coverage_and_the_text_length() -> None:
    together, zh_count, en_count = np.array([2.0]), np.array([3.0]), np.array([9.0])
    assert association(together, zh_count, en_count, 1.0)[0] == pytest.approx(0.5)
    assert association(together, zh_count, en_count, 0.0)[0] == pytest.approx(0.2)
    assert association(together, zh_count, en_count, 0.7)[0] == pytest.approx(0.41)
    # Short texts weigh co-occurrence at the floor, books in full.
    assert association_weight(10, DEFAULT) == pytest.approx(0.8 * 0.4)
    assert association_weight(5000, DEFAULT) == pytest.approx(0.8)
    assert association_weight(10, replace(DEFAULT, association_floor=0.5)) == \
        pytest.approx(0.4)


# --- 3. pairing


def test_pairing_scores_each_terms_translation_best(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    pairs, keys = pairing.pairs, pairing.stats.en.keys
    best = {}
    for zh in pairing.stats.zh.keys:
        rows = pairing.rows_of(zh)
        best[zh] = keys[int(pairs.en[rows[np.argmax(pairs.score[rows])]])]
    assert best == {"对等关税": "reciprocal tariff", "关税": "tariff", "出口": "export",
                    "美国": "U.S."}
    assert pairing.surface(en_id(pairing.stats, "reciprocal tariff")) == "Reciprocal tariffs"
    assert pairing.sim_of("对等关税", en_id(pairing.stats, "reciprocal tariff")) == \
        pytest.approx(1.0)


def test_pairing_weights_are_threaded_through(finder: ZhCandidates) -> None:
    base = pairing_with(finder)
    more_sim = pairing_with(finder, replace(DEFAULT, sim_weight=0.7))
    assert np.allclose(more_sim.pairs.score - base.pairs.score, 0.1 * base.pairs.sim)
    # The length penalty, per pair: 关税 (one word expected) against a four-word candidate
    # is off by log 4, 0.69 beyond the tolerance.
    free = pairing_with(finder, replace(DEFAULT, length_penalty=0.0))
    gain = dict(zip(zip(base.pairs.zh.tolist(), base.pairs.en.tolist(), strict=True),
                    (free.pairs.score - base.pairs.score).tolist(), strict=True))
    z = base.zh_id("关税")
    assert gain[z, en_id(base.stats, "reciprocal tariff hit export")] == pytest.approx(
        DEFAULT.length_penalty * (math.log(4) - DEFAULT.length_tolerance))
    assert gain[z, en_id(base.stats, "tariff")] == 0.0


def test_an_opening_participle_is_a_phrase_unless_it_translates_a_part(
        finder: ZhCandidates) -> None:
    beads = (Bead((0,), (0,), "教学评估和出口管制。",
                  "They covered teaching evaluation, including export controls.", 1.0),)
    zh = ((ZhSpan("教学评估", 0, 4, "", ("教学", "评估"), ("vn", "vn")),
           ZhSpan("出口管制", 5, 9, "", ("出口", "管制"), ("vn", "vn"))),)
    found = candidates(beads, zh)
    judged = paired(found, finder, ConceptEncoder())
    always = paired(found, finder, ConceptEncoder(), replace(DEFAULT, participle_linked=2.0))
    loss = {(judged.stats.zh.keys[z], judged.surface(e)): round(d, 6) for z, e, d in zip(
        judged.pairs.zh.tolist(), judged.pairs.en.tolist(),
        (judged.pairs.score - always.pairs.score).tolist(), strict=True)}
    # "teaching" renders 教学: a gerund, no phrase; "including" renders nothing of 出口管制.
    assert loss["教学评估", "teaching evaluation"] == pytest.approx(2 * DEFAULT.phrase_penalty)
    assert loss["出口管制", "including export controls"] == 0.0
    assert loss["出口管制", "export controls"] == 0.0


def test_a_noun_term_rendered_by_a_verb_and_its_object_loses_the_shape_weight(
        finder: ZhCandidates) -> None:
    beads = (Bead((0,), (0,), "双方确定具体细节。", "Both sides specify the details.", 1.0),
             Bead((1,), (1,), "财政部长讲话。", "The Secretary of the Treasury spoke.", 1.0))
    zh = ((ZhSpan("具体细节", 4, 8, "", ("具体", "细节"), ("a", "n")),
           ZhSpan("确定具体细节", 2, 8, "", ("确定", "具体", "细节"), ("v", "a", "n"))),
          (ZhSpan("财政部长", 0, 4, "", ("财政部长",), ("n",)),))
    found = candidates(beads, zh)
    shaped = paired(found, finder, ConceptEncoder())
    plain = paired(found, finder, ConceptEncoder(), replace(DEFAULT, shape_weight=0.0))
    assert DEFAULT.shape_weight > 0
    loss = {(shaped.stats.zh.keys[z], shaped.stats.en.keys[e]): round(d, 6) for z, e, d in zip(
        shaped.pairs.zh.tolist(), shaped.pairs.en.tolist(),
        (plain.pairs.score - shaped.pairs.score).tolist(), strict=True)}
    assert loss["具体细节", "specify the detail"] == pytest.approx(DEFAULT.shape_weight)
    # A noun phrase, a noun phrase joined by "of the", or a verb term: no loss.
    assert loss["具体细节", "detail"] == loss["具体细节", "specify"] == 0.0
    assert loss["财政部长", "secretary of the treasury"] == 0.0
    assert loss["确定具体细节", "specify the detail"] == 0.0


def test_evidence_of_numbers_names_and_spelling() -> None:
    zh = [ZhInfo(False, frozenset({"301"}), ""), ZhInfo(True, frozenset(), ""),
          ZhInfo(False, frozenset(), "helifeng")]
    en = ["Section 301 measures", "measures", "Kuala Lumpur", "kuala lumpur", "He Lifeng"]
    pairs = [(0, 0), (0, 1), (1, 0), (1, 2), (1, 3), (2, 4), (2, 3)]
    z_row, e_row = (np.array(side) for side in zip(*pairs, strict=True))
    got = _evidence(zh, en, z_row, e_row, DEFAULT)
    # Same numbers; a number of the term missing; a number only in the English and a place
    # without capitals; a place as a name; a place in lower case; a name spelled like its
    # pinyin; a name against lower case.
    assert got.tolist() == pytest.approx([0.35, -0.7, -0.6, 0.0, -0.25, 0.6, 0.0])
    doubled = _evidence(zh, en, z_row, e_row, replace(DEFAULT, number_weight=0.7))
    assert doubled[:2].tolist() == pytest.approx([0.7, -1.4])



# A few CC-CEDICT entries, as the dictionary reads them.
CEDICT = Dictionary.from_lines([
    "磋商 磋商 [cuo1 shang1] /to consult/to negotiate/consultation/",
    "中 中 [Zhong1] /China/Chinese/center/",
    "国家 国家 [guo2 jia1] /country/nation/state/",
    "经济 经济 [jing1 ji4] /economy/economic/",
])


def test_dictionary_glosses_explain_english_words_and_their_derivations() -> None:
    assert matches("negotiation", "negotiat") and matches("economic", "economy")
    assert matches("national", "nation") and not matches("stat", "statement")
    assert links(["磋商", "中", "国家"], ["negotiat", "U.S.-China", "industry", "national"],
                 CEDICT) == {("磋商", "negotiat"), ("中", "U.S.-China"), ("国家", "national")}
    parts = [("磋商",), ("国家", "经济"), ("张迪鸣",)]
    en = ["industry", "consultation", "national economy", "economic growth", "Zhang Diming"]
    z_row, e_row = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 2, 3, 4])
    share, known = rendered(parts, en, z_row, e_row, CEDICT, np.array([False, False, True]))
    # The share of the term's glossed parts the English renders; a name has none.
    assert share.tolist() == [0.0, 1.0, 1.0, 0.5, 0.0]
    assert known.tolist() == [True, True, True, True, False]


def test_a_term_is_read_by_the_pieces_each_to_be_translated() -> None:
    # Its parts; a two-character word by its characters (边民: border, residents); a
    # three-character word the dictionary lacks by the dictionary's pieces (金钱观: money,
    # concept), one it lists stays whole.
    money = Dictionary.from_lines(["金钱 金钱 [jin1 qian2] /money/currency/",
                                   "观 观 [guan1] /to look at/concept/",
                                   "人贩子 人贩子 [ren2 fan4 zi5] /human trafficker/"])
    assert term_pieces(("国家", "经济"), money) == ("国家", "经济")
    assert term_pieces(("边民",)) == ("边", "民")
    assert term_pieces(("金钱观",), money) == ("金钱", "观")
    assert term_pieces(("人贩子",), money) == ("人贩子",)
    assert term_pieces(("金钱观",)) == ("金钱观",)


def test_the_dictionary_tells_renderings_apart_where_the_embeddings_do_not(
        finder: ZhCandidates) -> None:
    beads = (Bead((0,), (0,), "双方举行磋商。", "The industries held consultations.", 1.0),
             Bead((1,), (1,), "磋商结束。", "Consultations in the industries ended.", 1.0))
    spans = ((ZhSpan("磋商", 4, 6, "", ("磋商",)),), (ZhSpan("磋商", 0, 2, "", ("磋商",)),))
    found = candidates(beads, spans)
    stats = count_cooccurrence(found, 1, DEFAULT)
    consultation, industry = en_id(stats, "consultation"), en_id(stats, "industry")
    plain = pair(found, stats, finder, ConceptEncoder(), DEFAULT)
    glossed = pair(found, stats, finder, ConceptEncoder(), DEFAULT, dictionary=CEDICT)
    # Both embed far from 磋商 and share its beads alike; the dictionary explains one, and
    # says nothing against the other (it lacks senses too often).
    def gain(e: int) -> float:
        return glossed.score_of("磋商", e) - plain.score_of("磋商", e)

    assert gain(consultation) > 0 == gain(industry)
    assert glossed.score_of("磋商", consultation) > glossed.score_of("磋商", industry)
    # Without its weights the dictionary changes nothing.
    off = replace(DEFAULT, dictionary_link=0.0, dictionary_chinese=0.0)
    unweighted = pair(found, stats, finder, ConceptEncoder(), off, dictionary=CEDICT)
    assert np.allclose(unweighted.pairs.score, plain.pairs.score)


# --- 4. resolution


def test_a_longer_term_claims_its_occurrences_first() -> None:
    entries = [Entry("关税", 1, 1.0), Entry("对等关税", 0, 0.9), Entry("出口", 2, 1.0)]
    claimed = {e.zh: e for e in claim_occurrences(entries, ZH)}
    assert (claimed["对等关税"].count, claimed["对等关税"].beads) == (2, {0, 1})
    # 关税 keeps only the bead where it stands on its own.
    assert (claimed["关税"].count, claimed["关税"].beads) == (1, {2})
    assert claimed["出口"].count == 1
    assert entries[0].count == 0  # new records, the old ones untouched


def test_terms_overlapping_by_a_word_may_share_its_rendering() -> None:
    assert _nested("对话", "平等对话") and _nested("平等对话", "对话协商")
    assert _nested("对话协商", "平等对话")
    # Not terms that share a character only (中国 and 国际 in 中国际).
    assert not _nested("中国", "国际")


def test_a_longer_term_whose_rendering_leaves_out_the_term_it_begins_with_goes() -> None:
    from types import SimpleNamespace

    keys = ["supply chain", "safeguard the security", "supply chain security", "work",
            "general tone of seeking progress in stability"]
    # Every word of each rendering translates a part of its term.
    stats = SimpleNamespace(en=SimpleNamespace(keys=keys), en_places={}, zh_beads={})
    pairing = SimpleNamespace(stats=stats, unlinked_of=lambda zh, e: 0.0)

    def kept(long: str, en: int, units: frozenset[str] = frozenset()) -> list[str]:
        short = long[:3] if long.startswith("产供链") else "工作总基调"
        entries = [Entry(short, 0 if short == "产供链" else 3, 1.0), Entry(long, en, 0.9)]
        return [e.zh for e in drop_compounds(entries, pairing, units)]  # type: ignore[arg-type]

    # "safeguard the security" says nothing of the 产供链 that 产供链安全 begins with.
    assert kept("产供链安全", 1) == ["产供链"]
    assert kept("产供链安全", 2) == ["产供链", "产供链安全"]
    # Not when the term inside is a unit (美国 of 美国财政部长, Treasury Secretary), nor
    # when it ends the longer term.
    assert kept("产供链安全", 1, frozenset({"产供链"})) == ["产供链", "产供链安全"]
    assert kept("稳中求进工作总基调", 4) == ["工作总基调", "稳中求进工作总基调"]


def test_nested_terms_with_one_rendering_keep_the_better_paired() -> None:
    entries = [Entry("李成", 7, 0.9), Entry("李成钢", 7, 1.1), Entry("何立峰", 8, 0.8),
               Entry("何立", 9, 0.95)]
    assert [e.zh for e in drop_duplicates(entries)] == ["李成钢", "何立峰", "何立"]
    # The same words in another order are the same rendering, given the keys.
    keys = ["modern socialist country", "socialist modern country", "modern country"]
    nested = [Entry("社会主义现代化国家", 0, 1.15), Entry("全面建设社会主义现代化国家", 1, 1.03),
              Entry("现代化国家", 2, 0.9)]
    assert [e.zh for e in drop_duplicates(nested)] == [e.zh for e in nested]
    assert [e.zh for e in drop_duplicates(nested, keys=keys)] == ["社会主义现代化国家",
                                                                  "现代化国家"]


def test_crossing_terms_whose_renderings_nest_keep_the_better_paired() -> None:
    keys = ["commerce and deputy international trade representative",
            "international trade representative", "dialogue and consultation", "equal dialogue"]
    entries = [Entry("商务部国际贸易谈判", 1, 0.91), Entry("国际贸易谈判代表", 0, 1.05),
               Entry("平等对话", 3, 1.0), Entry("对话协商", 2, 1.02)]
    crossing = ((ZhSpan("商务部国际贸易谈判", 0, 9, ""), ZhSpan("国际贸易谈判代表", 3, 11, ""),
                 ZhSpan("平等对话", 12, 16, ""), ZhSpan("对话协商", 14, 18, "")),)
    # One rendering holds the other: the worse-paired term goes. Renderings that only share
    # a word (equal dialogue, dialogue and consultation) are two terms.
    assert [e.zh for e in drop_crossing(entries, crossing, keys)] == [
        "国际贸易谈判代表", "平等对话", "对话协商"]
    # Nor where the two never cross in the text.
    apart = ((ZhSpan("商务部国际贸易谈判", 0, 9, ""), ZhSpan("国际贸易谈判代表", 10, 18, "")),)
    assert len(drop_crossing(entries, apart, keys)) == 4


def test_crossing_terms_keep_the_one_seen_more_often_first() -> None:
    keys = ["financial literacy of consumers", "financial literacy"]
    entries = [Entry("消费者金融", 0, 1.2), Entry("金融素养", 1, 1.1)]
    crossing = ((ZhSpan("消费者金融", 0, 5, ""), ZhSpan("金融素养", 3, 7, "")),)

    class Seen:
        def __init__(self, beads: dict[str, frozenset[int]]) -> None:
            self.stats = type("Stats", (), {"zh_beads": beads})()

    often = Seen({"消费者金融": frozenset({0}), "金融素养": frozenset({0, 1, 2})})
    assert [e.zh for e in drop_crossing(entries, crossing, keys, often)] == ["金融素养"]
    # Seen as often, the better-paired one stays.
    even = Seen({"消费者金融": frozenset({0}), "金融素养": frozenset({0})})
    assert [e.zh for e in drop_crossing(entries, crossing, keys, even)] == ["消费者金融"]


def test_a_term_takes_no_occurrence_inside_another_terms_rendering_if_it_has_its_own() -> None:
    # "consumers ... consumer groups": words 0 and 3 render 消费者, 3–5 are another
    # term's rendering (consumer groups, 消费群体).
    others = [(3, 5, "消费群体")]
    assert _own_places([(0, 1), (3, 4)], others, "消费者") == [(0, 1)]
    # Its only occurrence stays its own; so does one inside a term nested with it.
    assert _own_places([(3, 4)], others, "消费者") == [(3, 4)]
    assert _own_places([(0, 1), (3, 4)], [(3, 5, "消费者群体")], "消费者") == [(0, 1), (3, 4)]


def test_resolution_keeps_a_fragment_where_it_stands_alone(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    entries = {e.zh: e for e in resolve(pairing, ZH, 1, DEFAULT)}
    keys = pairing.stats.en.keys
    assert {zh: keys[e.en] for zh, e in entries.items()} == {
        "对等关税": "reciprocal tariff", "关税": "tariff", "出口": "export", "美国": "U.S."}
    assert entries["对等关税"].count == 2
    assert (entries["关税"].count, entries["关税"].beads) == (1, {2})
    # With min_count 2, 关税 (once on its own) goes; with a higher bar for a pair, all go.
    assert "关税" not in {e.zh for e in resolve(pairing, ZH, 2, DEFAULT)}
    assert resolve(pairing, ZH, 1, replace(DEFAULT, min_pair_score=5.0)) == []


def test_linking_gives_each_english_word_to_one_term(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    stats = pairing.stats
    whole, tariff = en_id(stats, "reciprocal tariff"), en_id(stats, "tariff")
    # 关口 (not nested in 对等关税) would render its beads' "tariffs", which 对等关税 took.
    entries = [Entry("对等关税", whole, 2.0, 2, frozenset({0, 1}), (), ((whole, 2.0),)),
               Entry("关口", tariff, 1.5, 2, frozenset({0, 1}), (), ((tariff, 1.5),))]
    assert [e.zh for e in link(entries, pairing, DEFAULT)] == ["对等关税"]
    # 关税 is nested in 对等关税: the words it shares with it stay free for it.
    nested = [entries[0], replace(entries[1], zh="关税")]
    assert [e.zh for e in link(nested, pairing, DEFAULT)] == ["对等关税", "关税"]


def test_a_term_rendered_whole_inside_its_longer_terms_is_a_unit(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    stats = pairing.stats
    short = Entry("对等关税", en_id(stats, "reciprocal tariff"), 1.0)
    longer = Entry("对等关税影响", en_id(stats, "reciprocal tariff hit"), 1.0)
    assert compositional([short, longer], pairing, DEFAULT) == {"对等关税"}
    # Not when a longer term's rendering cuts it (tariffs hit exports), nor for one word.
    cut = replace(longer, en=en_id(stats, "tariff hit export"))
    assert compositional([short, cut], pairing, DEFAULT) == frozenset()
    # A longer term that pairs worse and renders it otherwise says little against it.
    assert compositional([short, longer, replace(cut, zh="对等关税影响出口", pair_score=0.9)],
                         pairing, DEFAULT) == {"对等关税"}
    assert compositional([short, replace(cut, pair_score=1.1)], pairing,
                         DEFAULT) == frozenset()
    assert compositional([replace(short, en=en_id(stats, "tariff")), cut], pairing,
                         DEFAULT) == frozenset()


def test_a_term_that_no_longer_term_translates_is_a_unit(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    stats = pairing.stats
    tariff = Entry("关税", en_id(stats, "tariff"), 1.0)
    # 对等关税影响出口 rendered "exports" leaves the 关税 inside it untranslated.
    exports = Entry("对等关税影响出口", en_id(stats, "export"), 1.2)
    assert compositional([tariff, exports], pairing, DEFAULT) == {"关税"}
    # One longer term sharing a word of its rendering (tariffs hit exports) renders it.
    said = replace(exports, zh="对等关税影响", en=en_id(stats, "tariff hit export"))
    assert compositional([tariff, exports, said], pairing, DEFAULT) == frozenset()
    # A term inside no other is no unit by it.
    assert compositional([tariff], pairing, DEFAULT) == frozenset()


# Renderings that fit their beads: 人权 always shows "human" before "rights"; 摩擦's
# "frictions" also stands alone, so the "arising" after it is no part of the rendering.
REFINE_BEADS = (
    Bead((0,), (0,), "人权受到保护。", "Human rights are protected.", 1.0),
    Bead((1,), (1,), "人权很重要。", "Human rights matter.", 1.0),
    Bead((2,), (2,), "摩擦增加。", "Frictions arising.", 1.0),
    Bead((3,), (3,), "出现摩擦。", "Frictions occur.", 1.0),
    Bead((4,), (4,), "边民返乡。", "Border residents return.", 1.0),
    Bead((5,), (5,), "居民抗议。", "Residents protest.", 1.0),
    Bead((6,), (6,), "深入可持续发展。", "In-depth and sustainable development.", 1.0),
    Bead((7,), (7,), "苍蝇成群。", "Swarms of flies came.", 1.0),
    Bead((8,), (8,), "委员发言。", "Member of the council spoke.", 1.0),
    Bead((9,), (9,), "路径自信和能力自信。", "Path confidence and ability confidence.", 1.0),
)
REFINE_ZH = ((ZhSpan("人权", 0, 2, "", ("人权",)),), (ZhSpan("人权", 0, 2, "", ("人权",)),),
             (ZhSpan("摩擦", 0, 2, "", ("摩擦",)),), (ZhSpan("摩擦", 2, 4, "", ("摩擦",)),),
             (ZhSpan("边民", 0, 2, "", ("边民",)),), (ZhSpan("居民", 0, 2, "", ("居民",)),),
             (ZhSpan("可持续发展", 2, 7, "", ("可持续", "发展")),),
             (ZhSpan("苍蝇", 0, 2, "", ("苍蝇",)),), (ZhSpan("委员", 0, 2, "", ("委员",)),),
             (ZhSpan("能力自信", 5, 9, "", ("能力", "自信")),))
# Cosines with the term: human rights 1, rights 0.8, human 0.6 (it translates 人权 less
# well than rights does); frictions 1, frictions arising 0.9, arising nothing.
REFINE_VECTORS = {"人权": (1.0, 0.0, 0.0), "human rights": (1.0, 0.0, 0.0),
                  "rights": (0.8, 0.6, 0.0), "human": (0.6, 0.0, 0.8),
                  "摩擦": (0.0, 0.0, 0.0, 1.0), "frictions": (0.0, 0.0, 0.0, 1.0),
                  "frictions arising": (0.0, 0.0, 0.0, 0.9, 0.43589),
                  "边民": (1.0,), "residents": (0.8, 0.0, 0.0, 0.0, 0.0, 0.6),
                  "border residents": (0.75, 0.0, 0.0, 0.0, 0.0, 0.0, 0.66144),
                  "border": (0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.91652),
                  "可持续发展": (0.0,) * 9 + (1.0,), "sustainable development": (0.0,) * 9 + (1.0,),
                  "in-depth and sustainable development": (0.0,) * 9 + (0.8, 0.6),
                  "极端主义": (0.0,) * 5 + (1.0,), "extremism": (0.0,) * 5 + (1.0,),
                  "nativism and extremism": (0.0,) * 5 + (0.9, 0.43589),
                  "本土主义": (0.0,) * 7 + (1.0,), "nativism": (0.0,) * 5 + (0.3, 0.0, 0.95394),
                  # Swarms of flies is as near 苍蝇 as flies, but swarms translates none of
                  # it; member translates 委员 better than council does.
                  "苍蝇": (0.0,) * 11 + (1.0,), "flies": (0.0,) * 11 + (1.0,),
                  "swarms of flies": (0.0,) * 11 + (1.0,), "swarms": (0.0,) * 12 + (1.0,),
                  "委员": (0.0,) * 13 + (1.0,), "member": (0.0,) * 13 + (0.95, 0.31225),
                  "council": (0.0,) * 13 + (0.6, 0.0, 0.8),
                  # Confidence translates the 自信 of 能力自信 as well as ability confidence
                  # does, which the coordination holds.
                  "能力自信": (0.0,) * 16 + (1.0,), "ability confidence": (0.0,) * 16 + (1.0,),
                  "confidence and ability confidence": (0.0,) * 16 + (0.8, 0.6),
                  "自信": (0.0,) * 18 + (1.0,), "confidence": (0.0,) * 18 + (1.0,),
                  "能力": (0.0,) * 19 + (1.0,), "ability": (0.0,) * 19 + (1.0,),
                  "member of the council": (0.0,) * 13 + (0.9, 0.0, 0.43589),
                  # Parts: the 主义 of 极端主义 is as near nativism as extremism is.
                  "极端": (0.0,) * 5 + (1.0,), "主义": (0.0,) * 5 + (0.6, 0.0, 0.8)}


class RefineEncoder(ConceptEncoder):
    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = super().encode(texts, progress)
        for row, text in enumerate(texts):
            if text.lower() in REFINE_VECTORS:
                out[row] = 0.0
                known = REFINE_VECTORS[text.lower()]
                out[row, 3:3 + len(known)] = known
        return out


def test_refine_extends_and_trims_renderings_by_their_beads(finder: ZhCandidates) -> None:
    pairing = paired(candidates(REFINE_BEADS, REFINE_ZH), finder, RefineEncoder())
    stats = pairing.stats

    def entry(zh: str, start: str, others: Sequence[str], beads: set[int]) -> Entry:
        ranked = tuple((en_id(stats, k), 1.0) for k in (start, *others))
        return Entry(zh, ranked[0][0], 1.0, len(beads), frozenset(beads), (), ranked)

    def everywhere(e: int) -> frozenset[int]:
        return frozenset(stats.en_beads[e])

    def refined(item: Entry, hidden: tuple[str, int] | None = None) -> str:
        # ``hidden``: an English candidate's occurrences in one bead taken away.
        places = {e: dict(where) for e, where in stats.en_places.items()}
        beads = dict(stats.en_beads)
        if hidden:
            places[en_id(stats, hidden[0])].pop(hidden[1])
            beads[en_id(stats, hidden[0])] -= {hidden[1]}
        seen = replace(pairing, stats=replace(stats, en_places=places, en_beads=beads))
        return stats.en.keys[refine(item, everywhere, seen, DEFAULT).en]

    rights = entry("人权", "right", ["human right", "human"], {0, 1})
    assert refined(rights) == "human right"
    # Not where one of the term's beads shows rights without human.
    assert refined(rights, ("human right", 1)) == "right"
    # Border residents is a little further from 边民 than residents, and border translates
    # it less well, but is related to it, and residents alone is also said without 边民
    # (bead 5).
    assert refined(entry("边民", "resident", ["border resident"], {4})) == "border resident"
    assert refined(entry("边民", "resident", ["border resident"], {4}), ("resident", 5)) \
        == "resident"
    # A conjunct that translates nothing goes (in-depth, of 可持续发展).
    sustainable = entry("可持续发展", "in-depth and sustainabl development",
                        ["sustainabl development"], {6})
    assert refined(sustainable) == "sustainabl development"
    frictions = entry("摩擦", "friction aris", ["friction"], {2})
    assert refined(frictions) == "friction"
    # "frictions" seen only inside "frictions arising": nothing says it stands alone.
    assert refined(frictions, ("friction", 3)) == "friction aris"
    # "of" only on the right: no head noun before an of-phrase (swarms of flies, 苍蝇).
    assert refined(entry("苍蝇", "fly", ["swarm of fly"], {7})) == "fly"
    # A head noun with its "of" that translates nothing goes, though "flies" is never said
    # without it: the of-phrase is the head's complement, not a name cut short.
    assert refined(entry("苍蝇", "swarm of fly", ["fly"], {7})) == "fly"
    # A conjunct the rest repeats goes, though it translates a part: the tail of another
    # coordination (路径自信, path confidence).
    confidence = entry("能力自信", "confidenc and ability confidenc", ["ability confidenc"], {9})
    assert refined(confidence) == "ability confidenc"


# --- 5. scoring


def test_entry_scores_are_new_records_between_0_and_1(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    entries = resolve(pairing, ZH, 1, DEFAULT)
    scored = {e.zh: e for e in score_entries(entries, pairing, lambda _: 0, DEFAULT)}
    assert all(0 < e.score < 1 for e in scored.values())
    assert all(e.score == 0.0 for e in entries)
    # A common dictionary word loses, a place does not.
    common = {e.zh: e.score for e in score_entries(entries, pairing, lambda _: 10 ** 5,
                                                   DEFAULT)}
    assert common["关税"] < scored["关税"].score
    assert common["美国"] == scored["美国"].score
    # The weights are the ones passed: without the term bonus every entry here scores less.
    plain = {e.zh: e.score for e in score_entries(entries, pairing, lambda _: 0,
                                                  replace(DEFAULT, term_bonus=0.0))}
    assert all(plain[zh] < scored[zh].score for zh in scored)


def test_a_term_seen_once_on_its_own_gains_full_termhood(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    entry = Entry("对等关税", en_id(pairing.stats, "reciprocal tariff"), 1.0, 1, frozenset({0}))

    def score(cvalue: float) -> float:
        termhood = Termhood({"对等关税": cvalue}, frozenset())
        return score_entries([entry], pairing, lambda _: 0, DEFAULT, termhood)[0].score

    # A term only ever seen inside longer ones (C-value 0) ranks below one seen on its own;
    # in a news article, where terms occur once, a three-word term seen once on its own
    # (C-value 2) is as much a term as one seen ten times.
    assert score(0.0) < score(1.0) < score(2.0) == score(10.0)


def test_a_piece_of_a_title_seen_nowhere_else_ranks_lower(finder: ZhCandidates) -> None:
    text = [("据《消费者金融素养调查分析报告》显示，金融素养有所提高。", "x"),
            ("《刑法》规定了起刑点。", "y")]
    _, termhood = nest(find_candidates(numbered(text), finder), finder)
    # Pieces seen only inside the title; not the title itself, nor a piece also seen outside.
    assert "调查分析" in termhood.titled
    assert not {"消费者金融素养调查分析报告", "金融素养", "刑法"} & termhood.titled
    pairing = pairing_with(finder)
    entry = Entry("对等关税", en_id(pairing.stats, "reciprocal tariff"), 1.0, 1, frozenset({0}))

    def score(titled: frozenset[str]) -> float:
        return score_entries([entry], pairing, lambda _: 0, DEFAULT,
                             Termhood({}, frozenset(), titled=titled))[0].score

    assert score(frozenset({"对等关税"})) < score(frozenset())


def test_termhood_keeps_cores_and_drops_non_terms() -> None:
    text = [("美国财政部长贝森特表示，双方将履行国内批准程序。48小时内完成。", "x"),
            ("中美经贸磋商机制运行良好。经济复苏。美中经贸关系稳定。", "y")]
    finder = ZhCandidates(["批准程序"])
    found, termhood = nest(find_candidates(numbered(text), finder), finder)
    keys = {s.key for spans in found.zh for s in spans}
    assert {"美国财政部长", "财政部长", "国内批准程序", "批准程序", "中美经贸磋商机制",
            "经贸磋商机制"} <= keys
    assert not any(k.startswith("48") for k in keys)
    # The verb of a noun + verb term is no core, nor what follows half a country pair.
    assert "经济复苏" in keys and "复苏" not in keys
    assert "经贸关系" in keys and "中经贸关系" not in keys
    assert {"财政部长", "批准程序", "经贸磋商机制"} <= termhood.units
    # Seen once and always inside 美国财政部长, 财政部长 has no termhood of its own.
    assert termhood.of("财政部长") <= 0 < termhood.of("美国财政部长")


def test_a_name_the_dictionary_holds_behind_a_place_is_a_core() -> None:
    text = [("中国外交部发言人周六发表谈话。", "x"), ("中国外交部周六的声明称。", "y")]
    finder = ZhCandidates()
    found, termhood = nest(find_candidates(numbered(text), finder), finder)
    kinds = {s.key: s.kind for spans in found.zh for s in spans}
    assert "中国外交部" in kinds  # jieba's dictionary word, 中国外交部/nt
    assert kinds["外交部"] == "place" and "外交部发言人" in kinds
    assert {"外交部", "外交部发言人"} <= termhood.units
    assert "国外交部" not in kinds and "交部" not in kinds


def test_a_coordination_gives_up_the_conjunct_of_another_term(finder: ZhCandidates) -> None:
    beads = (Bead((0,), (0,), "本土主义和极端主义。", "Nativism and extremism.", 1.0),)
    zh = ((ZhSpan("本土主义", 0, 4, "", ("本土", "主义")),
           ZhSpan("极端主义", 5, 9, "", ("极端", "主义"))),)
    pairing = paired(candidates(beads, zh), finder, RefineEncoder())
    stats = pairing.stats
    both, extremism, nativism = (en_id(stats, k) for k in
                                 ("nativism and extremism", "extremism", "nativism"))
    entries = [Entry("极端主义", both, 1.3, 1, frozenset({0}), (),
                     ((both, 1.3), (extremism, 1.0))),
               Entry("本土主义", nativism, 1.2, 1, frozenset({0}), (), ((nativism, 1.2),))]
    # "nativism" is 本土主义's best rendering and closer to it: 极端主义 keeps "extremism".
    assert {e.zh: stats.en.keys[e.en] for e in link(entries, pairing, DEFAULT)} == {
        "极端主义": "extremism", "本土主义": "nativism"}
    # Without another term to take "nativism", which translates the 主义, the coordination
    # stays whole.
    assert [stats.en.keys[e.en] for e in link(entries[:1], pairing, DEFAULT)] == [
        "nativism and extremism"]


def test_a_coordination_gives_up_the_other_conjunct_for_the_rendering_inside_its_own(
        finder: ZhCandidates) -> None:
    beads = (Bead((0,), (0,), "本土主义和极端主义。", "Nativism and violent extremism.", 1.0),)
    zh = ((ZhSpan("本土主义", 0, 4, "", ("本土", "主义")),
           ZhSpan("极端主义", 5, 9, "", ("极端", "主义"))),)
    vectors = {"极端主义": (1.0,), "extremism": (1.0,), "violent extremism": (0.6, 0.0, 0.8),
               "nativism and violent extremism": (0.9, 0.43589),
               "本土主义": (0.0, 0.0, 0.0, 1.0), "nativism": (0.0, 0.0, 0.0, 1.0)}
    pairing = paired(candidates(beads, zh), finder, PatternEncoder(vectors))
    stats = pairing.stats
    both, violent, extremism, nativism = (en_id(stats, k) for k in (
        "nativism and violent extremism", "violent extremism", "extremism", "nativism"))
    entries = [Entry("极端主义", both, 1.3, 1, frozenset({0}), (),
                     ((both, 1.3), (extremism, 1.0), (violent, 0.6))),
               Entry("本土主义", nativism, 1.2, 1, frozenset({0}), (), ((nativism, 1.2),))]
    # Its own conjunct, "violent extremism", pairs too poorly: the rendering inside it does.
    assert {e.zh: stats.en.keys[e.en] for e in link(entries, pairing, DEFAULT)} == {
        "极端主义": "extremism", "本土主义": "nativism"}


def test_a_longer_term_that_only_echoes_its_core_ranks_lower(finder: ZhCandidates) -> None:
    pairing = pairing_with(finder)
    stats = pairing.stats
    tariff, whole = en_id(stats, "tariff"), en_id(stats, "reciprocal tariff")
    # 对等关税 rendered "tariffs" leaves its 对等 untranslated: it only echoes 关税.
    echo = [Entry("关税", tariff, 1.0, 3, frozenset({0, 1, 2})),
            Entry("对等关税", tariff, 1.0, 2, frozenset({0, 1}))]
    assert echoing(echo, pairing, DEFAULT) == {"对等关税"}
    assert echoing(echo, pairing, DEFAULT, placed={"对等关税"}) == set()
    # "reciprocal" translates 对等: two terms, not an echo.
    both = [echo[0], replace(echo[1], en=whole), replace(echo[0], zh="对等", en=whole)]
    assert echoing(both, pairing, DEFAULT) == set()
    scored = {e.zh: e.score for e in score_entries(echo, pairing, lambda _: 0, DEFAULT)}
    plain = {e.zh: e.score for e in score_entries(echo, pairing, lambda _: 0,
                                                  replace(DEFAULT, echo_factor=1.0))}
    assert scored["对等关税"] == pytest.approx(plain["对等关税"] * 0.5)
    assert scored["关税"] == plain["关税"]


def test_a_rendering_is_printed_as_it_heads_its_phrase(finder: ZhCandidates) -> None:
    from aligner.glossary.build import _surface

    beads = (Bead((0,), (0,), "脱钩断链。", "Supply chain severance.", 1.0),
             Bead((1,), (1,), "产供链。", "Industrial and supply chains.", 1.0))
    zh = ((ZhSpan("脱钩断链", 0, 4, "", ("脱钩断链",)),),
          (ZhSpan("产供链", 0, 3, "", ("产供链",)),))
    found = candidates(beads, zh)
    pairing = paired(found, finder, ConceptEncoder())
    chain = en_id(pairing.stats, "supply chain")
    assert pairing.surface(chain) == "Supply chain"  # the text's first of two forms
    # Where it heads its phrase, not as the modifier of "severance".
    assert _surface(chain, frozenset({0, 1}), pairing, found) == "supply chains"
    assert _surface(chain, frozenset({0}), pairing, found) == "Supply chain"


# 新发展格局: "new development" embeds nearer the term than "new development pattern", but
# leaves 格局 untranslated, which "pattern" translates.
PATTERN_BEADS = (
    Bead((0,), (0,), "新发展格局形成。", "A new development pattern forms.", 1.0),
    Bead((1,), (1,), "构建新发展格局。", "Build the new development pattern.", 1.0),
    Bead((2,), (2,), "新发展理念。", "The new development philosophy.", 1.0),
)
PATTERN_ZH = ((ZhSpan("新发展格局", 0, 5, "", ("新", "发展", "格局")),),
              (ZhSpan("新发展格局", 2, 7, "", ("新", "发展", "格局")),), ())
PATTERN_VECTORS = {"新发展格局": (1.0,), "new development": (1.0,),
                   "new development pattern": (0.9, 0.43589),
                   "新": (0.0, 0.0, 1.0), "new": (0.0, 0.0, 1.0),
                   "发展": (0.0, 0.0, 0.0, 1.0), "development": (0.0, 0.0, 0.0, 1.0),
                   "格局": (0.0,) * 4 + (1.0,), "pattern": (0.0,) * 4 + (0.6, 0.8)}


class PatternEncoder(ConceptEncoder):
    def __init__(self, vectors: dict[str, tuple[float, ...]]) -> None:
        self.vectors = vectors

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = super().encode(texts, progress)
        for row, text in enumerate(texts):
            if text.lower() in self.vectors:
                out[row] = 0.0
                known = self.vectors[text.lower()]
                out[row, :len(known)] = known
        return out


def test_a_rendering_grows_by_the_word_that_translates_a_part_it_leaves_out(
        finder: ZhCandidates) -> None:
    def completed(vectors: dict[str, tuple[float, ...]], beads: tuple[Bead, ...]) -> str:
        pairing = paired(candidates(beads, PATTERN_ZH), finder, PatternEncoder(vectors))
        start = en_id(pairing.stats, "new development")
        assert pairing.sim_of("新发展格局", start) > pairing.sim_of(
            "新发展格局", en_id(pairing.stats, "new development pattern"))
        entry = Entry("新发展格局", start, pairing.score_of("新发展格局", start))
        return pairing.stats.en.keys[complete([entry], pairing, DEFAULT)[0].en]

    assert completed(PATTERN_VECTORS, PATTERN_BEADS) == "new development pattern"
    # Not when "pattern" translates no part of the term,
    unrelated = {**PATTERN_VECTORS, "pattern": (0.0,) * 4 + (0.3, 0.95394)}
    assert completed(unrelated, PATTERN_BEADS) == "new development"
    # nor when a bead of the term shows "new development" without it.
    other = (PATTERN_BEADS[0], replace(PATTERN_BEADS[1], en="Build the new development."),
             PATTERN_BEADS[2])
    assert completed(PATTERN_VECTORS, other) == "new development"


# 贫富分化: "poor" embeds nearest the term but leaves 分化 untranslated; the phrase around it,
# "polarization of rich and poor", translates every part.
GAP_BEADS = (
    Bead((0,), (0,), "贫富分化加剧。", "The polarization of rich and poor grows.", 1.0),
    Bead((1,), (1,), "应对贫富分化。", "Tackle the polarization of rich and poor.", 1.0),
    Bead((2,), (2,), "帮助穷人。", "Help the poor.", 1.0),
)
GAP_ZH = ((ZhSpan("贫富分化", 0, 4, "", ("贫富", "分化")),),
          (ZhSpan("贫富分化", 2, 6, "", ("贫富", "分化")),), ())
GAP_VECTORS = {"贫富分化": (1.0,), "poor": (1.0,),
               "polarization of rich and poor": (0.9, 0.43589),
               "贫富": (0.0, 0.0, 1.0), "rich": (0.0, 0.0, 0.8, 0.6),
               "分化": (0.0, 0.0, 0.0, 0.0, 1.0), "polarization": (0.0,) * 4 + (1.0,)}


def test_a_rendering_grows_by_the_phrase_whose_words_translate_the_parts_it_leaves_out(
        finder: ZhCandidates) -> None:
    def completed(vectors: dict[str, tuple[float, ...]]) -> str:
        pairing = paired(candidates(GAP_BEADS, GAP_ZH), finder, PatternEncoder(vectors))
        start = en_id(pairing.stats, "poor")
        entry = Entry("贫富分化", start, pairing.score_of("贫富分化", start))
        return pairing.stats.en.keys[complete([entry], pairing, DEFAULT)[0].en]

    # Several words at once (polarization, rich), joined by "of" and "and".
    assert completed(GAP_VECTORS) == "polarization of rich and poor"
    # Not when one of the words it adds translates no part of the term.
    unrelated = {**GAP_VECTORS, "rich": (0.0,) * 6 + (1.0,)}
    assert completed(unrelated) == "poor"


# Terms seen once, whose bead co-occurs with every span alike: the dictionary tells which
# words around the rendering are the term's.
EXPLAINED_BEADS = numbered([
    ("中国人民银行发布报告。", "The People's Bank of China issued a report."),
    ("维吾尔族和藏族。", "The Uygur ethnic group and the Tibetans."),
    ("政务委员出席。", "A member of the administrative council attended."),
    ("刑事侦查局打拐办。", "The Office of Criminal Investigation Bureau."),
    ("科教融合。", "Combining science with education helps."),
])
EXPLAINED_ZH = ((ZhSpan("人民银行", 2, 6, "", ("人民", "银行")),),
                (ZhSpan("藏族", 4, 6, "", ("藏族",)),),
                (ZhSpan("政务委员", 0, 4, "", ("政务", "委员")),),
                (ZhSpan("刑事侦查局", 0, 5, "", ("刑事", "侦查局")),),
                (ZhSpan("科教融合", 0, 4, "", ("科教", "融合")),))
EXPLAINING = Dictionary.from_lines([
    "人民銀行 人民银行 [Ren2 min2 Yin2 hang2] /People's Bank of China/",
    "人民 人民 [ren2 min2] /the people/", "銀行 银行 [yin2 hang2] /bank/",
    "藏族 藏族 [Zang4 zu2] /Tibetan ethnic group/",
    "政務 政务 [zheng4 wu4] /government affairs/", "委員 委员 [wei3 yuan2] /committee member/",
    "刑事 刑事 [xing2 shi4] /criminal/", "偵查 侦查 [zhen1 cha2] /to investigate/",
    "局 局 [ju2] /office/situation/bureau/",
    "科教 科教 [ke1 jiao4] /science and education/", "融合 融合 [rong2 he2] /to merge/",
])


def test_a_rendering_grows_by_the_words_the_dictionary_explains(finder: ZhCandidates) -> None:
    found = candidates(EXPLAINED_BEADS, EXPLAINED_ZH)
    stats = count_cooccurrence(found, 1, DEFAULT)
    pairing = pair(found, stats, finder, ConceptEncoder(), DEFAULT, dictionary=EXPLAINING)

    def explained(zh: str, bead: int, start: str, *longer: str) -> str:
        ranked = tuple((en_id(stats, k), 1.0) for k in (start, *longer))
        entry = Entry(zh, ranked[0][0], 1.0, 1, frozenset({bead}), (), ranked)
        return stats.en.keys[_explained(entry, ranked[0][0], lambda e: True, pairing)]

    # A sense of the whole term completed in its order; a part no word renders.
    assert explained("人民银行", 0, "peopl bank", "peopl bank of china") == "peopl bank of china"
    assert explained("政务委员", 2, "administrativ council",
                     "member of the administrativ council") \
        == "member of the administrativ council"
    # Not a sense out of order, nor another gloss of a part the rendering renders.
    assert explained("藏族", 1, "tibetan", "ethnic group and the tibetan") == "tibetan"
    assert explained("刑事侦查局", 3, "criminal investigation bureau",
                     "offic of criminal investigation bureau") == "criminal investigation bureau"
    # After the rendering a preposition may join them, which keeps it the head; before it,
    # the rendering would be the preposition's object.
    assert explained("科教融合", 4, "combin scienc", "combin scienc with education") \
        == "combin scienc with education"
    assert explained("科教融合", 4, "education", "scienc with education") == "education"
    # Nor without a dictionary.
    bare = replace(pairing, dictionary=None)
    entry = Entry("人民银行", en_id(stats, "peopl bank"), 1.0, 1, frozenset({0}), (),
                  ((en_id(stats, "peopl bank of china"), 1.0),))
    assert _explained(entry, entry.en, lambda e: True, bare) == entry.en


# 两国人民 and 两国 (whose parts embed as the whole): "countries and peoples" is close to
# the longer term as a whole, "peoples" alone much less so, and translates nothing of 两国.
NESTED_VECTORS = {"两国人民": (1.0,), "countries and peoples": (0.8, 0.6),
                  "two countries": (0.0, 1.0),
                  "peoples": (0.5, 0.0, 0.86603), "两国": (0.0, 1.0), "countries": (0.0, 1.0),
                  "人民": (0.0, 0.0, 1.0)}


def test_a_coordination_keeps_the_conjunct_of_a_term_inside_it(finder: ZhCandidates) -> None:
    # 两国 takes "countries", and 两国人民 still renders the coordination: a term inside
    # the entry is no other term whose conjunct it gives up (nativism of 本土主义 is).
    beads = (Bead((0,), (0,), "两国和两国人民。", "The two countries and peoples.", 1.0),)
    zh = (ZhSpan("两国", 0, 2, "", ("两国",)), ZhSpan("两国人民", 3, 7, "", ("两国", "人民")),
          ZhSpan("两国", 3, 5, "", ("两国",)))
    pairing = paired(candidates(beads, (zh,)), finder, PatternEncoder(NESTED_VECTORS))
    stats = pairing.stats
    both, peoples, countries = (en_id(stats, k) for k in ("country and peopl", "peopl",
                                                          "country"))
    entries = [Entry("两国人民", both, 1.3, 1, frozenset({0}), (),
                     ((both, 1.3), (peoples, 1.0))),
               Entry("两国", countries, 1.5, 1, frozenset({0}), (), ((countries, 1.5),))]
    assert [stats.en.keys[e.en] for e in link(entries, pairing, DEFAULT)
            if e.zh == "两国人民"] == ["country and peopl"]


def test_a_coordination_is_no_rendering_across_a_phrase_that_runs_past_it() -> None:
    # "representative(0) of(1) Taiwan(2) government(3) and(4) member(5)": 台湾政府代表 took
    # 0, 2 and 3; "government and member" (3:6) would join its end to the next phrase.
    taken = {0: "台湾政府代表", 2: "台湾政府代表", 3: "台湾政府代表"}
    assert not _free("政务委员", taken, 3, 6, 1, lambda: frozenset({0, 2}))
    # A taken conjunct that translates nothing of the term (Kong of "Kong and ethnic
    # minorities") is trimmed later: the coordination stays free.
    assert _free("中国少数民族", taken, 3, 6, 1, lambda: frozenset({2}))
    # A term whose rendering is the conjunct shares it: "mutual benefit" of 合则两利.
    shared = {0: "合则两利", 1: "合则两利"}
    assert _free("互利共赢", shared, 0, 6, 2, lambda: frozenset({0, 1, 3, 4, 5}))
    assert not _free("互利共赢", shared, 0, 6, None)


