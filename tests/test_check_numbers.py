"""Numbers normalised on both sides so that the same quantity compares equal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.check import check_beads
from aligner.check.numbers import compare_numbers, en_numbers, zh_numbers
from aligner.records import Bead


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
    # the day is reported; the month alone is not, while the Chinese names none
    ("双方", "the two sides met on 3 March", [], ["3"]),
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


def mismatch_values(zh, en):
    mismatch = compare_numbers(zh_numbers(zh), en_numbers(en))
    if mismatch is None:
        return None
    return (sorted(n.value for n in mismatch.zh_only), sorted(n.value for n in mismatch.en_only))


@pytest.mark.parametrize(("zh", "en"), [
    ("千磨万击还坚劲", "stand firm in the face of all blows"),
    ("一心一意为人民服务", "serve the people wholeheartedly"),
    ("三令五申", "has repeatedly ordered"),
    ("形势千变万化", "the situation is ever-changing"),
    ("确保万无一失", "make sure nothing goes wrong"),
    ("七嘴八舌地议论", "all talked at once"),
    ("国家四分五裂", "the country fell apart"),
    ("九死一生", "a narrow escape from death"),
    ("一举两得", "kill two birds with one stone"),
    ("万紫千红", "a riot of colour"),
    ("两面三刀", "double-dealing"),
    ("世界百年未有之大变局", "profound changes unseen in a century"),
    ("解决好三农问题", "address the issues of agriculture, rural areas and rural people"),
    ("来自五湖四海", "from all corners of the country"),
])
def test_numerals_inside_idioms_and_set_phrases_are_not_numbers(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("一心一意干了三年", "worked wholeheartedly for four years", (["3"], ["4"])),
    ("千磨万击，历时五年", "in the face of all blows, over six years", (["5"], ["6"])),
    # A number word inside a name stays weak, yet a different number is still reported.
    ("党的二十大", "the 19th National Congress", ([], ["19"])),
])
def test_a_changed_number_beside_an_idiom_is_still_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


def test_a_number_inside_a_name_still_accounts_for_the_same_number():
    assert mismatch_values("党的二十大", "the 20th National Congress") is None
    assert mismatch_values("党的十九届四中全会",
                           "the Fourth Plenary Session of the 19th CPC Central Committee") is None


@pytest.mark.parametrize(("zh", "en"), [
    ("第三", "third"),
    ("第三次会议", "the 3rd meeting"),
    ("第十四个五年规划", "the 14th Five-Year Plan"),
    ("党的二十大", "the 20th National Congress"),
    ("第二十一届会议", "the twenty-first session"),
    ("二十一世纪", "the 21st century"),
    ("首次会晤", "their 1st meeting"),
])
def test_ordinals_equal_their_cardinal(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("第三次会议", "the fourth meeting", (["3"], ["4"])),
    ("第十四个五年规划", "the 13th Five-Year Plan", (["14"], ["13"])),
    ("第二十一届会议", "the 22nd session", (["21"], ["22"])),
])
def test_a_changed_ordinal_is_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


@pytest.mark.parametrize(("zh", "en"), [
    ("今年经济增长7.7%", "In 2013 the economy grew by 7.7%"),
    ("去年以来", "since 2012"),
    ("明年2月17日", "on February 17, 2014"),
    ("本世纪中叶", "by the middle of the century, around 2050"),
    ("近年来", "in recent years, since 2015"),
    # No year in the Chinese at all: the translator named the one the reader knows.
    ("10月25日", "Oct. 25, 2019"),
])
def test_a_year_the_chinese_implies_is_no_finding(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("2012年经济增长7.7%", "In 2013 the economy grew by 7.7%", (["2012"], ["2013"])),
    ("二〇一三年", "in 2014", (["2013"], ["2014"])),
    ("今年经济增长7.7%", "In 2013 the economy grew by 7.5%", (["7.7"], ["7.5"])),
])
def test_a_year_other_than_the_chinese_one_is_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


@pytest.mark.parametrize(("zh", "en"), [
    ("两国", "both countries"),
    ("双边", "the two sides"),
    ("两个国家", "2 countries"),
])
def test_two_and_both_are_weak(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en"), [
    ("10至20个", "10 to 20"),
    ("10-20人", "between 10 and 20 people"),
    ("10到20", "10–20"),
    ("1000万至2000万人", "10 to 20 million people"),
    ("1000至2000万人", "10-20 million people"),
    ("3至5万亿元", "between 3 and 5 trillion yuan"),
    ("三四个国家", "three or four countries"),
    ("十几个国家", "more than ten countries"),
    ("十几个国家", "a dozen or so countries"),
    ("十多个国家", "a dozen countries"),
    ("数十个国家", "dozens of countries"),
])
def test_ranges_and_vague_counts_agree(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("10至20个", "10 to 30", (["20"], ["30"])),
    ("1000万至2000万人", "10 to 30 million people", (["20000000"], ["30000000"])),
    ("三四个国家", "five or six countries", (["3", "4"], ["5", "6"])),
    ("十多个国家", "thirty countries", (["10"], ["30"])),
])
def test_a_changed_range_is_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


@pytest.mark.parametrize(("zh", "en"), [
    ("1.2亿人", "120 million people"),
    ("3000万元", "30 million yuan"),
    ("5万亿元", "5 trillion yuan"),
    ("12亿人", "1.2 billion people"),
    ("五万亿", "five trillion"),
    ("1.23亿人", "about 123 million people"),
    ("1.23亿人", "over 120 million people"),
    ("约1.23亿人", "120 million people"),
    ("超过1480人", "more than 1,000 people"),
    ("逾百万人", "over a million people"),
    ("3000余家企业", "some 3,000 companies"),
])
def test_wan_and_yi_meet_million_and_billion_and_their_roundings(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("1.2亿人", "12 million people", (["120000000"], ["12000000"])),
    ("3000万元", "3 million yuan", (["30000000"], ["3000000"])),
    ("5万亿元", "5 billion yuan", (["5000000000000"], ["5000000000"])),
    # Rounding needs a mark of approximation, and stays near the value.
    ("1.23亿人", "120 million people", (["123000000"], ["120000000"])),
    ("1.23亿人", "over 150 million people", (["123000000"], ["150000000"])),
    ("约3000人", "about 2,000 people", (["3000"], ["2000"])),
])
def test_a_changed_large_number_is_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


@pytest.mark.parametrize(("zh", "en"), [
    ("百分之五十", "50 percent"),
    ("增长6.1%", "grew by 6.1 per cent"),
    ("10月25日", "October 25"),
    ("十月二十五日", "on 25 October"),
    ("三分之二", "two-thirds"),
    ("三分之一的人口", "a third of the population"),
    ("一半", "half"),
    ("上半年", "in the first half of the year"),
])
def test_percentages_dates_and_fractions_agree(zh, en):
    assert mismatch_values(zh, en) is None


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("百分之五十", "60 percent", (["50"], ["60"])),
    ("10月25日", "October 26", (["25"], ["26"])),
    ("三分之二", "three quarters of them", (["2/3"], ["3/4"])),
])
def test_changed_percentages_dates_and_fractions_are_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected


def test_a_third_round_is_an_ordinal_not_a_fraction():
    assert mismatch_values("第三轮磋商", "a third round of talks") is None


def test_a_month_the_chinese_leaves_unsaid_is_no_finding_but_a_different_one_is():
    assert compare_numbers(zh_numbers("毛里求斯10日首次报告两例病例。"),
                           en_numbers("Mauritius reported two cases on December 10.")) is None
    mismatch = compare_numbers(zh_numbers("11月10日报告病例。"),
                               en_numbers("Cases were reported on December 10."))
    assert mismatch is not None and [n.value for n in mismatch.en_only] == ["12"]


def test_a_number_in_a_name_is_no_finding():
    assert compare_numbers(zh_numbers("新冠肺炎疫情"), en_numbers("the COVID-19 epidemic")) is None


def test_a_number_the_english_states_fewer_times_is_counted_as_evidence():
    zh = "新华社德黑兰12月11日电，伊朗总统莱希11日在德黑兰说。"
    changed = "Tehran, December 14 (Xinhua): Iranian President Raisi said on December 11."
    same = "Tehran, December 11 (Xinhua): Iranian President Raisi said on December 11."
    found = check_beads([Bead((0,), (0,), zh, changed, 0.8)], threshold=0.0)
    evidence = dict(next(f for f in found if f.check == "number").evidence)
    assert evidence["surplus"] == 1.0 and evidence["both counted"] == 1.0
    assert not [f for f in check_beads([Bead((0,), (0,), zh, same, 0.8)], threshold=0.0)
                if f.check == "number"]


def test_a_month_accounts_for_a_month_only():
    # 12月11日 against "December 12 ... December 11": the 12 of the English is a day, and the
    # Chinese has no day 12.
    zh = "新华社德黑兰12月11日电，伊朗总统莱希11日在德黑兰说。"
    en = "Tehran, December 12 (Xinhua): Iranian President Raisi said on December 11."
    assert mismatch_values(zh, en) == ([], ["12"])
    assert mismatch_values("12月11日", "December 11") is None


def test_a_count_for_each_thing_may_be_stated_once_for_each():
    zh = "为每所小学培训合格的音乐、美术、体育教师各１名。"
    en = "to train 1 music teacher, 1 art teacher and 1 PE teacher for each primary school."
    bead = Bead((0,), (0,), zh, en, 0.8)
    assert not [f for f in check_beads([bead], threshold=0.0) if f.check == "number"]
    # ... but not more often than the Chinese where it gives no count for each
    zh = "为每所小学培训合格的音乐教师１名。"
    found = [f for f in check_beads([Bead((0,), (0,), zh, en, 0.8)], threshold=0.0)
             if f.check == "number"]
    assert "stated more often in the English than in the Chinese: 1" in found[0].message


def test_a_value_stated_fewer_times_alone_is_a_finding_that_names_it():
    zh = "每所小学培训音乐教师１名、美术教师１名。"
    en = "Each primary school trains 1 music teacher and an art teacher."
    found = [f for f in check_beads([Bead((0,), (0,), zh, en, 0.8)], threshold=0.0)
             if f.check == "number"]
    assert len(found) == 1
    assert "stated more often in the Chinese than in the English: 1" in found[0].message
    assert dict(found[0].evidence)["surplus"] == 1.0


@pytest.mark.parametrize(("zh", "en"), [
    ("庆“六一”的重点活动", "a key activity for Children's Day"),
    ("“双十一”购物节期间", "during the Singles' Day shopping festival"),
    ("“十四五”规划", "the 14th Five-Year Plan"),
])
def test_numerals_quoted_alone_are_names_not_quantities(zh, en):
    assert compare_numbers(zh_numbers(zh), en_numbers(en)) is None


# Chinese numerals, the fraction and percentage words, digits and approximation marks.
_ZH_NUMBER_PIECES = st.sampled_from(["零", "〇", "一", "二", "三", "十", "百", "千", "万", "亿",
                                     "分之", "百分之", "点", "约", "多", "余", "0", "7", "12",
                                     "3.5", "%", "，", "。", "人", "年"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ZH_NUMBER_PIECES, max_size=12).map("".join))
def test_any_run_of_chinese_numerals_reads_without_error(zh):
    # 零分之一 (a denominator of zero) once raised ZeroDivisionError.
    for number in zh_numbers(zh):
        assert zh[number.span[0]:number.span[1]]


def test_a_zero_denominator_is_no_fraction():
    assert [n.value for n in zh_numbers("概率是零分之一，不是三分之二。")
            if "/" in n.value] == ["2/3"]
    bead = Bead((0,), (0,), "这个概率是零分之一。", "The chance is one in zero.", 0.9)
    check_beads([bead], threshold=0.0)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**60), st.integers(min_value=1, max_value=10**60),
       st.sampled_from(["约", "", "超过"]))
def test_figures_of_any_length_compare_without_error(first, second, approx):
    # A figure of more than 28 digits (an account number) beside an approximate one once
    # raised decimal.InvalidOperation when rounded to the other's last place.
    zh = f"{approx}{first}人，账号{second}。"
    en = f"About {first + 3} people, account {second}."
    compare_numbers(zh_numbers(zh), en_numbers(en))
    compare_numbers(zh_numbers(f"约{first}万"), en_numbers(f"{second} people"))


def test_a_long_account_number_beside_a_changed_count_is_still_reported():
    zh = "约12人参加了会议，账号为1234567890123456789012345678901。"
    en = "About 15 people attended the meeting, account number 1234567890123456789012345678901."
    assert mismatch_values(zh, en) == (["12"], ["15"])


@pytest.mark.parametrize(("zh", "en"), [
    # a bare 万 is ten thousand (it read 0)
    ("江西３年内将培训万名乡村小学音体美教师", "Jiangxi will train 10,000 teachers in three years"),
    ("逾亿人", "over 100 million people"),
    # decades, with their century or without
    ("20世纪六七十年代，2002年仅为2592吨", "In the 1960s and 1970s; only 2,592 tons in 2002"),
    ("上世纪八十年代以来，2002年", "since the 1980s, in 2002"),
    # a clock time on the hour
    ("23日上午10点左右", "at about 10:00 am on the 23rd"),
    # a unit's power and a name written against letters
    ("面积达到３０００平方米以上", "at least 3000 m2"),
    ("二十国集团峰会", "the G20 summit"),
    # "the first one": an ordinal and a pronoun
    ("一是后发优势，二是文化优势", "the first one is the late-mover advantage, the second one is "
                          "the cultural advantage"),
    # years counted by a word
    ("庆祝中国共产党成立一百周年", "celebrated the centenary of the founding of the CPC"),
    ("过去二十年", "over the past two decades"),
    # tenths as a percentage, afternoon hours on either clock
    ("近三成的企业", "nearly 30% of the companies"),
    ("12日15时举行", "held at 3 pm on the 12th"),
    ("下午3点30分", "at 15:30"),
    # a generation by its decade, half a year, adverbs of number
    ("90后成为消费主力", "those born in the 1990s have become the main consumers"),
    ("今年上半年", "in the first six months of this year"),
    ("一是..., 二是..., 三是制度优势", "firstly ..., secondly ..., thirdly, the institutional "
                                 "advantage"),
    # a day named by its date
    ("在七一重要讲话中", "in the important speech on July 1"),
    ("十一黄金周期间", "during the National Day Golden Week"),
    ("九一八事变", "the September 18th Incident"),
    ("双十一购物节", "the Double 11 shopping festival"),
    # an English ordinal naming what the Chinese leaves unnumbered (全会: the plenary session)
    ("阐释了全会精神的核心要义", "interpreted the core essence of the spirit of the sixth plenary "
                       "session of the 19th central committee"),
    # digits rising one after another are a list; a fullwidth comma is no thousands separator
    ("小学二四五年级课外书", "extracurricular books for Grade 2, 4, 5 students"),
    ("适合小学生三四五六年级阅读", "suitable for Grade 3, 4, 5, 6 students"),
    ("保单尾号比如6666，8888这种", "policies ending with numbers such as 6666 and 8888"),
    # two digits that name a day (六四, 六一), not a count of six
    ("救助款常常不能顺利送达六四难属手中", "the funds fail to reach the June 4th victims"),
    ("“探索全家爱 童萌过六一”活动", "the “celebrate Children's Day” event"),
    # a bare magnitude (百万, 千万) is "a million", "tens of millions", or no figure at all
    ("牵扯到价值千万的车祸", "a car accident worth ten million yuan"),
    ("撞掉了百万跑车", "destroyed the million yuan sports car"),
    # a vague magnitude (上千) accounts for the round figure the English gives
    ("从一百多元到上千元", "from over 100 yuan up to a thousand yuan"),
    # a range of months: 3至6月 is "March to June"
    ("每年的3至6月", "March to June each year"),
    # a generation by its year of birth
    ("摄影师是95后", "the photographer was born after 1995"),
    # figures in Latin-script names and units read as English reads them
    ("搭载F-35C战斗机和CMV-22B运输机", "carrying F-35C fighters and CMV-22B transports"),
    ("真4K超高清画质", "true 4K ultra HD images"),
])
def test_the_same_quantity_said_another_way_raises_no_finding(zh, en):
    assert mismatch_values(zh, en) is None
    bead = Bead((0,), (0,), zh, en, 0.8)
    assert not [f for f in check_beads([bead], threshold=0.0) if f.check == "number"]


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("江西３年内将培训万名教师", "Jiangxi will train 20,000 teachers in three years",
     ([], ["20000"])),
    # (an English year the Chinese lacks is no finding while the Chinese names no year)
    ("20世纪六七十年代", "In the 1960s and 1980s", (["1970"], [])),
    ("23日上午10点", "at 11:00 am on the 23rd", (["10"], ["11"])),
    ("面积达到３０００平方米", "an area of 5000 m2", (["3000"], ["5000"])),
    ("计划用RMB100万元", "plans to spend RMB200 million", (["1000000"], ["200000000"])),
    ("一是后发优势，二是文化优势，三是制度优势", "the first one, the second one, the fourth one",
     (["3"], ["4"])),
    ("过去三十年", "over the past two decades", (["30"], [])),
    ("七成企业", "40% of the companies", (["70"], ["40"])),
    ("12日15时举行", "held at 4 pm on the 12th", (["15"], ["16"])),
    ("凌晨3点", "at 3 pm", (["3"], ["15"])),
    ("今年上半年", "in the first seven months of this year", ([], ["7"])),
    ("四是制度优势", "thirdly, the institutional advantage", (["4"], [])),
    ("在七一重要讲话中", "in the important speech on June 1", ([], ["6"])),
    ("三十一节课", "thirty classes", (["31"], ["30"])),
    ("十九届六中全会精神", "the spirit of the fifth plenary session of the 19th central committee",
     ([], ["5"])),
    ("第五次会议", "the sixth meeting", (["5"], ["6"])),
    ("适合小学生三四五六年级阅读", "suitable for Grade 3, 4, 5, 7 students", (["6"], ["7"])),
    ("保单尾号比如6666，8888这种", "policies ending with numbers such as 6666 and 8889",
     (["8888"], ["8889"])),
    ("一九九八年", "in 1989", (["1998"], ["1989"])),
    ("价值3千万", "worth 20 million", (["30000000"], ["20000000"])),
    ("每年的3至6月", "March to July each year", (["6"], ["7"])),
    ("从一百多元到上千元", "from over 100 yuan up to a million yuan", ([], ["1000000"])),
    ("摄影师是95后", "the photographer was born in the 80s", ([], ["80"])),
])
def test_a_changed_number_said_that_way_is_still_reported(zh, en, expected):
    assert mismatch_values(zh, en) == expected
