"""Numbers normalised on both sides so that the same quantity compares equal."""

from __future__ import annotations

import pytest

from aligner.check.numbers import compare_numbers, en_numbers, zh_numbers


def values(numbers):
    return sorted(n.value for n in numbers if not n.weak)


@pytest.mark.parametrize(("zh", "en"), [
    ("当地时间10月25日至26日", "On October 25–26 local time"),
    ("加征100%关税", "a 100 percent tariff"),
    ("百分之五十的关税", "a 50% tariff"),
    ("回顾这5轮磋商", "Looking back on the five rounds of consultations"),
    ("回顾这五轮磋商", "Looking back on the 5 rounds of consultations"),
    ("1.2亿美元", "$120 million"),
    ("三个国家", "three countries"),
    ("301措施", "Section 301 measures"),
    ("第五次会议", "the fifth meeting"),
    ("三千万吨", "30 million tonnes"),
    ("二十国集团", "the Group of 20"),
    ("二〇二五年", "in 2025"),
    ("周四在韩国会晤", "meet in Korea on Thursday"),
    ("明年2月17日", "on Feb. 17 next year"),
    ("二十五", "twenty-five"),
    ("一百零五", "one hundred and five"),
    ("100多万", "more than 1 million"),
    ("十亿美元", "$1bn"),
])
def test_the_same_quantity_in_both_languages_agrees(zh, en):
    assert values(zh_numbers(zh)), zh
    assert values(zh_numbers(zh)) == values(en_numbers(en))
    assert compare_numbers(zh_numbers(zh), en_numbers(en)) is None


@pytest.mark.parametrize(("zh", "en", "zh_only", "en_only"), [
    ("当地时间10月25日至26日", "On October 25–27 local time", ["26"], ["27"]),
    ("回顾这5轮磋商", "Looking back on the six rounds", ["5"], ["6"]),
    ("1.2亿美元", "$12 million", ["120000000"], ["12000000"]),
    ("三个国家", "the countries", ["3"], []),
    ("双方", "the two sides met on 3 March", [], ["3", "3"]),
])
def test_disagreeing_numbers_are_reported_on_the_side_that_has_them(zh, en, zh_only, en_only):
    mismatch = compare_numbers(zh_numbers(zh), en_numbers(en))
    assert mismatch is not None
    assert sorted(n.value for n in mismatch.zh_only) == zh_only
    assert sorted(n.value for n in mismatch.en_only) == en_only


@pytest.mark.parametrize(("zh", "en"), [
    ("两国元首", "the two heads of state"),
    ("两国元首", "the presidents of both countries"),
    ("双方", "the two sides"),
    ("一直主张", "has always advocated"),
    ("进一步加强沟通", "further strengthen communication"),
    ("这是十分重要的", "this is very important"),
    ("过去数十年", "over the past decades"),
    ("十几个国家", "a dozen or so countries"),
    ("千万不要", "by no means"),
    ("今年", "this year"),
    ("经过一天多的讨论", "after more than a day of talks"),
    ("两个百分点", "two percentage points"),
    ("他可能会来", "He may come"),
])
def test_idioms_and_small_words_raise_no_mismatch(zh, en):
    assert compare_numbers(zh_numbers(zh), en_numbers(en)) is None


def test_weak_small_numbers_still_account_for_a_strong_one():
    assert compare_numbers(zh_numbers("会谈了2次"), en_numbers("they met twice")) is None
    assert compare_numbers(zh_numbers("两次会谈"), en_numbers("2 rounds")) is None


def test_may_and_march_are_months_only_in_a_date():
    assert values(en_numbers("We may march on")) == []
    assert values(en_numbers("in May")) == ["5"]
    assert values(en_numbers("March 3")) == ["3", "3"]


def test_spans_point_at_the_numbers():
    text = "On October 25–27 local time"
    spans = [text[s:e] for s, e in (n.span for n in en_numbers(text))]
    assert spans == ["October", "25", "27"]
    zh = "当地时间10月25日至26日"
    assert [zh[s:e] for s, e in (n.span for n in zh_numbers(zh))] == ["10", "25", "26"]
