"""Pairing terms with renderings on beads where the answer is known, and on the seed."""

from __future__ import annotations

import pytest

from aligner.embed import Encoder
from aligner.errors import InputError
from aligner.glossary import build_glossary, load_curated, shipped_glossaries, user_words
from aligner.glossary.scoring import GlossaryScoring
from aligner.records import Bead, Term

PAIRS = [
    ("美方宣布延长对等关税暂停期。", "The U.S. announced an extension of the reciprocal tariff "
                                    "suspension period."),
    ("对等关税将于下月生效。", "The reciprocal tariffs will take effect next month."),
    ("中方坚决反对对等关税。", "China firmly opposes the reciprocal tariffs."),
    ("双方讨论了对等关税问题。", "The two sides discussed the reciprocal tariff issue."),
    ("对等关税影响了农产品出口。", "The reciprocal tariffs hit exports of farm products."),
    ("美国再次提高了关税。", "The United States raised tariffs again."),
    ("中方认为关税不利于双方。", "China holds that tariffs hurt both sides."),
    ("出口管制影响了芯片贸易。", "Export controls affected the chip trade."),
    ("双方讨论了出口管制问题。", "The two sides discussed export controls."),
    ("何立峰会见了贝森特。", "He Lifeng met with Bessent."),
    ("国务院副总理何立峰表示欢迎。", "Vice Premier He Lifeng expressed his welcome."),
]


def beads(pairs: list[tuple[str, str]] = PAIRS) -> list[Bead]:
    return [Bead((i,), (i,), zh, en, 1.0) for i, (zh, en) in enumerate(pairs)]


def glossary_of(pairs: list[tuple[str, str]], encoder: Encoder) -> dict[str, Term]:
    """The glossary of ``pairs`` by Chinese term, without a user dictionary."""
    return {t.zh: t for t in build_glossary(beads(pairs), encoder=encoder, user_words=[])}


@pytest.fixture(scope="module")
def glossary(encoder: Encoder) -> dict[str, Term]:
    terms = build_glossary(beads(), encoder=encoder, user_words=["对等关税"])
    return {t.zh: t for t in terms}


def test_consistent_pairs_are_found(glossary: dict[str, Term]) -> None:
    assert glossary["对等关税"].en.lower().startswith("reciprocal tariff")
    assert glossary["出口管制"].en.lower().startswith("export control")
    assert glossary["何立峰"].en == "He Lifeng"
    # Its five occurrences: where it stands for itself, or inside a longer entry.
    assert sum(t.count for zh, t in glossary.items() if "对等关税" in zh) == 5
    assert glossary["对等关税"].count >= 4


def test_printed_form_is_the_one_seen_most(glossary: dict[str, Term]) -> None:
    assert glossary["对等关税"].en == "reciprocal tariffs"


def test_longer_term_beats_its_fragments(glossary: dict[str, Term]) -> None:
    # 关税 is an entry of its own only for the two beads where it stands alone.
    assert glossary["关税"].count == 2
    assert glossary["关税"].en.lower().startswith("tariff")
    assert not any(t.startswith("等") or t.endswith("的") for t in glossary)


def test_entries_are_sorted_by_score_and_have_examples(glossary: dict[str, Term],
                                                       encoder: Encoder) -> None:
    terms = build_glossary(beads(), encoder=encoder, user_words=["对等关税"])
    assert [t.score for t in terms] == sorted((t.score for t in terms), reverse=True)
    assert all(0.0 <= t.score <= 1.0 for t in terms)
    assert glossary["关税"].example in ("美国再次提高了关税。", "中方认为关税不利于双方。")


def test_top_min_count_and_curated(encoder: Encoder) -> None:
    curated = [Term("对等关税", "reciprocal tariff", ("reciprocal tariffs",)),
               Term("稀土", "rare earths")]
    terms = build_glossary(beads(), encoder=encoder, curated=curated, min_count=2, top=5,
                           keep_unused=True)
    assert len(terms) == 5 and all(t.count >= 2 for t in terms if not t.curated)
    by_zh = {t.zh: t for t in terms}
    # Curated entries win over extracted ones and are marked, with the text's count.
    assert by_zh["对等关税"].curated and by_zh["对等关税"].en == "reciprocal tariff"
    assert by_zh["对等关税"].count == 5
    assert by_zh["稀土"].curated and by_zh["稀土"].count == 0
    # Curated entries the text never uses are left out unless kept.
    used = build_glossary(beads(), encoder=encoder, curated=curated, min_count=2)
    assert "稀土" not in {t.zh for t in used} and "对等关税" in {t.zh for t in used}


def test_curated_and_extracted_counts_mean_the_same(glossary: dict[str, Term],
                                                    encoder: Encoder) -> None:
    # Occurrences where the term stands for itself: 关税 inside 对等关税 counts for 对等关税.
    curated = [Term("对等关税", "reciprocal tariff"), Term("关税", "tariff")]
    terms = {t.zh: t for t in build_glossary(beads(), encoder=encoder, curated=curated)}
    assert terms["关税"].curated and terms["关税"].count == glossary["关税"].count == 2
    assert terms["对等关税"].count == glossary["对等关税"].count >= 4
    assert terms["关税"].example == glossary["关税"].example


@pytest.mark.slow
def test_scoring_overrides_reach_the_stages(glossary: dict[str, Term],
                                           encoder: Encoder) -> None:
    def build(**weights: float) -> dict[str, Term]:
        terms = build_glossary(beads(), encoder=encoder, user_words=["对等关税"],
                               scoring=GlossaryScoring(**weights))
        return {t.zh: t for t in terms}

    # 11 beads are a long text from 5 on: terms seen once go (出口管制影响 with them, so
    # 出口管制 keeps both its occurrences).
    long = build(short_text=5)
    assert any(t.count == 1 for t in glossary.values())
    assert all(t.count >= 2 for t in long.values()) and long["出口管制"].count == 2
    # Without the bonus for names and compounds, those score less and the rest the same.
    plain = build(term_bonus=0.0)
    assert plain["对等关税"].score < glossary["对等关税"].score
    assert plain["何立峰"].score < glossary["何立峰"].score
    assert plain["问题"].score == glossary["问题"].score
    assert build(min_pair_score=5.0) == {}


def test_no_parallel_text_is_bad_input(encoder: Encoder) -> None:
    only_chinese = [Bead((0,), (), "对等关税将于下月生效。", "", 0.0)]
    with pytest.raises(InputError):
        build_glossary(only_chinese, encoder=encoder, name="x.tsv")


SEED_TERMS = {
    "对等关税": "reciprocal tariff", "301措施": "Section 301 measures",
    "出口管制": "export controls", "芬太尼": "fentanyl", "何立峰": "He Lifeng",
    "国务院副总理": "Vice Premier of the State Council", "吉隆坡": "Kuala Lumpur",
}


def test_seed_renderings(seed_beads: list[Bead], encoder: Encoder) -> None:
    words = user_words(load_curated(shipped_glossaries()))
    terms = {t.zh: t for t in build_glossary(seed_beads, encoder=encoder, user_words=words)}
    found = {zh: terms[zh].en for zh in SEED_TERMS if zh in terms}
    assert found == SEED_TERMS


def test_a_name_and_its_title_are_a_term_and_the_name_keeps_its_count(encoder: Encoder) -> None:
    pairs = [
        ("拜登政府宣布了新的制裁。", "The Biden administration announced new sanctions."),
        ("拜登表示支持民主。", "Biden said he supports democracy."),
        ("拜登政府将召开峰会。", "The Biden administration will hold a summit."),
        ("拜登在会上发言。", "Biden spoke at the meeting."),
        ("会议讨论了人权问题。", "The meeting discussed human rights."),
    ]
    terms = glossary_of(pairs, encoder)
    assert terms["拜登政府"].en == "Biden administration"
    # The name counts where it stands inside the longer term too.
    assert terms["拜登"].en == "Biden" and terms["拜登"].count == 4


def test_a_quoted_term_seen_once_pairs_with_the_quoted_english(encoder: Encoder) -> None:
    pairs = [
        ("总理出席了“越南制造”数字产品展开幕式。",
         "The prime minister attended the opening of the “Made in Vietnam” digital product "
         "exposition."),
        ("论坛讨论了数字产品。", "The forum discussed digital products."),
        ("数字产品出口增长。", "Exports of digital products grew."),
    ]
    terms = glossary_of(pairs, encoder)
    assert terms["越南制造"].en == "Made in Vietnam"


def test_a_title_pairs_with_its_english_in_title_case(encoder: Encoder) -> None:
    pairs = [
        ("据人民银行今年发布的《消费者金融素养调查分析报告》结果显示，全国消费者金融素养指数为66.81。",
         "According to the Report of Survey Analysis on Financial Literacy of Consumers "
         "published by People's Bank of China this year, the financial literacy index of "
         "national consumers is 66.81."),
        ("消费者的金融素养有所提高。", "The financial literacy of consumers has improved."),
        ("会议讨论了人权问题。", "The meeting discussed human rights."),
    ]
    terms = glossary_of(pairs, encoder)
    assert terms["消费者金融素养调查分析报告"].en == \
        "Report of Survey Analysis on Financial Literacy of Consumers"


def test_a_two_character_word_is_completed_by_the_word_for_its_first_character(
        encoder: Encoder) -> None:
    # "residents" leaves the 边 of 边民 untranslated; "border" (边) is always with it.
    pairs = [
        ("对于一些口岸城市来说，跨境边贸是当地主要经济支柱，双方边民往来频繁。",
         "For some port cities, cross-border trade is the main local economic pillar and the "
         "border residents from both sides have frequent exchanges."),
        ("会议讨论了人权问题。", "The meeting discussed human rights."),
        ("口岸城市加强了防控。", "Port cities strengthened prevention and control."),
    ]
    terms = glossary_of(pairs, encoder)
    assert terms["边民"].en == "border residents"
