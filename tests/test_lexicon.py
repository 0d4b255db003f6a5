"""The shared lexicon: one English word key, one stop-word list, sentences, term counts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from aligner import lexicon
from aligner.lexicon import (
    FUNCTION_WORDS,
    STOP_WORDS,
    TermIndex,
    claim,
    claimed_counts,
    rendering_key,
    sentences,
    singular,
    stem,
    word_key,
)


def test_the_lexicon_is_a_low_layer() -> None:
    tree = ast.parse(Path(lexicon.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    allowed = ("aligner.segment", "aligner.records")
    assert imported
    assert all(name == "__future__" or name.split(".")[0] in sys.stdlib_module_names
               or name.startswith(allowed) for name in imported), imported


@pytest.mark.parametrize(("a", "b"), [
    ("tariffs", "tariff"), ("policies", "policy"), ("managing", "manage"),
    ("managed", "manage"), ("taxes", "tax"),
])
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize("word", ["news", "status", "economics", "crisis", "famous", "gas"])
def test_words_ending_in_s_that_are_not_plurals_keep_it(word: str) -> None:
    assert stem(word) == word
    assert singular(word) == word


def test_word_keys_keep_the_case_of_acronyms_and_names_only() -> None:
    assert word_key("Tariffs") == word_key("tariff") == "tariff"
    assert word_key("US") == "US" and word_key("us") == "us"
    assert word_key("TikTok") == "TikTok"
    assert word_key("China’s") == "china"
    assert word_key("law-enforcement") == "law-enforcement"


@pytest.mark.parametrize(("plural", "one"), [
    ("tariffs", "tariff"), ("policies", "policy"), ("taxes", "tax"), ("measures", "measure"),
    ("ideas", "idea"), ("quotas", "quota"), ("news", "news"), ("economics", "economics"),
])
def test_singular_is_a_real_word_to_build_forms_on(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_rendering_keys_are_word_keys_of_the_lowered_words() -> None:
    assert rendering_key("reciprocal tariffs") == rendering_key("Reciprocal tariff")
    assert rendering_key("China–U.S.") == rendering_key("China-US") == "china us"
    assert rendering_key("manage differences") == rendering_key("managing differences")
    assert rendering_key("TikTok") == rendering_key("Tiktok")
    assert rendering_key("the States' interests") == rendering_key("the State interest")
    assert rendering_key("economic and trade relations") != rendering_key(
        "economic and trade relationship")
    assert rendering_key("economics") != rendering_key("economic")


def test_one_stop_word_list_with_the_function_words_inside_it() -> None:
    assert FUNCTION_WORDS < STOP_WORDS
    # Stop words that carry a rendering's meaning are no function words.
    assert {"one", "first", "last"} <= STOP_WORDS - FUNCTION_WORDS
    assert "tariff" not in STOP_WORDS


def test_sentences_are_stripped_with_their_offsets() -> None:
    text = "双方同意。 美方表示欢迎！未完"
    found = sentences(text)
    assert [s for _, _, s in found] == ["双方同意。", "美方表示欢迎！", "未完"]
    assert all(text[a:b].strip() == s for a, b, s in found)


def test_term_index_finds_every_occurrence_overlaps_included() -> None:
    found = TermIndex(["对等关税", "关税", "等关"]).occurrences("对等关税和关税")
    assert found == [("对等关税", 0, 4), ("等关", 1, 3), ("关税", 2, 4), ("关税", 5, 7)]


def test_a_longer_term_claims_its_place_first() -> None:
    found = TermIndex(["对等关税", "关税"]).occurrences("对等关税和关税")
    rank = {"对等关税": 0, "关税": 1}
    assert claim(found, rank) == [("对等关税", 0, 4), ("关税", 5, 7)]
    # The rank decides, not the length; terms without a rank are left out.
    assert claim(found, {"关税": 0, "对等关税": 1}) == [("关税", 2, 4), ("关税", 5, 7)]
    assert claim(found, {"关税": 0}) == [("关税", 2, 4), ("关税", 5, 7)]


def test_claimed_counts_give_how_often_and_where() -> None:
    index = TermIndex(["对等关税", "关税"])
    texts = [index.occurrences(t) for t in ("对等关税和关税", "对等关税", "关税上调")]
    places = claimed_counts(texts, {"对等关税": 0, "关税": 1})
    assert places == {"对等关税": [0, 1], "关税": [0, 2]}
