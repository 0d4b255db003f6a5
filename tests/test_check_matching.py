"""Glossary term matching: Chinese on the text, English as whole words with variants."""

from __future__ import annotations

import pytest

from aligner.check.matching import EnMatcher, ZhTermIndex, rendering_key


def test_longest_chinese_term_wins_and_shorter_ones_inside_it_do_not_count() -> None:
    index = ZhTermIndex(["中美", "中美经贸关系", "经贸关系", "国务院", "国务院副总理", "美方"])
    found = index.find("维护中美经贸关系稳定发展,国务院副总理何立峰与美方牵头人")
    assert [term for term, _ in found] == ["中美经贸关系", "国务院副总理", "美方"]
    assert found[0][1] == (2, 8)


def test_chinese_terms_match_inside_words_jieba_would_not_cut_there() -> None:
    # 芬太尼 inside 芬太尼关税 is found when only 芬太尼 is in the glossary.
    assert ZhTermIndex(["芬太尼"]).find("芬太尼关税和执法合作") == [("芬太尼", (0, 3))]


def test_a_longer_term_elsewhere_does_not_hide_a_separate_occurrence() -> None:
    index = ZhTermIndex(["中美", "中美经贸"])
    assert index.find("中美经贸…中美") == [("中美经贸", (0, 4)), ("中美", (5, 7))]


@pytest.mark.parametrize(("rendering", "text"), [
    ("tariff", "new tariffs on steel"),
    ("tariffs", "a tariff on steel"),
    ("export controls", "its export control policy"),
    ("measure", "Section 301 measures"),
    ("Section 301 measures", "U.S. Section 301 measures on China"),
    ("policy", "both policies"),
    ("China-U.S.", "the China–U.S. talks"),
    ("China-U.S.", "the China — U.S. talks"),
    ("China-U.S.", "China US talks"),
    ("law enforcement cooperation", "law-enforcement cooperation"),
    ("anti-narcotics cooperation", "antinarcotics cooperation"),
    ("People's Daily", "the People’s Daily column"),
    ("He Lifeng", "He Lifeng's remarks"),
    ("rare earths", "rare earth magnets"),
    ("East", "in the east of the country"),
    # Plurals in -as have their singular too (the lexicon's plural test).
    ("ideas", "a new idea"),
    ("quotas", "the import quota"),
])
def test_english_renderings_tolerate_inflection_case_and_dashes(rendering: str, text: str) -> None:
    assert EnMatcher().find(rendering, text)


@pytest.mark.parametrize(("rendering", "text"), [
    ("east", "Easter holidays"),
    ("east", "the feast"),
    ("U.S.", "help us"),
    ("tariff", "tariffication"),
    ("Greer", "Greeriness"),
    ("agricultural trade", "farm commerce"),
    # Words ending in -s that are no plurals have no singular to match.
    ("news", "a new conference"),
    ("economics", "economic ties"),
])
def test_english_renderings_match_whole_words_only(rendering: str, text: str) -> None:
    assert EnMatcher().find(rendering, text) == []


def test_reordered_words_are_a_fallback_only_when_asked() -> None:
    matcher = EnMatcher()
    text = "tariffs and law enforcement cooperation related to fentanyl"
    assert matcher.find("fentanyl-related tariffs", text) == []
    assert matcher.find("fentanyl-related tariffs", text, reordered=True) == [(0, len(text))]
    assert matcher.find("build mutual trust", "build greater mutual trust", reordered=True)


def test_reordered_words_must_stand_close_together() -> None:
    text = ("Tariffs were discussed first, and after a long day of talks on soybeans, shipping "
            "and chips, the delegations turned to fentanyl and related matters.")
    assert EnMatcher().find("fentanyl-related tariffs", text, reordered=True) == []


def test_rendering_keys_ignore_inflection_dashes_and_dots() -> None:
    assert rendering_key("reciprocal tariffs") == rendering_key("Reciprocal tariff")
    assert rendering_key("China–U.S.") == rendering_key("China-US")
    assert rendering_key("economic and trade relations") != rendering_key(
        "economic and trade relationship")
    # One key with the glossary's: verb endings are inflections too.
    assert rendering_key("manage differences") == rendering_key("managing differences")
