"""Term candidates on each side: what may and may not be a term."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from aligner import lexicon
from aligner.glossary import candidates_en
from aligner.glossary.candidates import find_candidates
from aligner.glossary.candidates_zh import (
    ZhCandidates,
    ZhSpan,
    dictionary_spans,
    spans_from_words,
)
from aligner.glossary.scoring import GlossaryScoring
from aligner.records import Bead

READOUT = ("当地时间10月25日至26日,国务院副总理何立峰与美方牵头人在马来西亚吉隆坡举行中美经贸磋商。"
           "双方围绕美对华造船业301措施、延长对等关税暂停期、芬太尼关税和执法合作、出口管制等问题,"
           "进行了坦诚的交流。")


@pytest.fixture(scope="module")
def plain() -> ZhCandidates:
    return ZhCandidates()


def keys(spans: Iterable[ZhSpan | candidates_en.EnSpan]) -> set[str]:
    return {s.key for s in spans}


def test_zh_noun_compounds_numbers_and_names(plain: ZhCandidates) -> None:
    found = keys(plain.spans(READOUT))
    assert {"出口管制", "301措施", "国务院副总理", "何立峰", "吉隆坡", "芬太尼关税",
            "中美经贸磋商", "执法合作"} <= found


def test_zh_no_function_words_at_the_edges_or_across_punctuation(plain: ZhCandidates) -> None:
    found = keys(plain.spans(READOUT))
    assert not {k for k in found if k[0] in "的了和与在等" or k[-1] in "的了和与在等"}
    assert not {k for k in found if any(c in k for c in "、,。")}
    # A title and a name are two entries, not one; a clause is none.
    assert "国务院副总理何立峰" not in found
    assert "何立峰与美方" not in found


def test_zh_person_names_are_marked(plain: ZhCandidates) -> None:
    kinds = {s.key: s.kind for s in plain.spans(READOUT)}
    assert kinds["何立峰"] == "person"
    assert kinds["吉隆坡"] in ("person", "place")  # jieba tags it nr; either way a name


def test_zh_a_name_jieba_cuts_in_two_is_one_person(plain: ZhCandidates) -> None:
    kinds = {s.key: s.kind for s in plain.spans("德国总理肖尔茨表示。")}  # 肖/nr 尔茨/nrt
    assert kinds["肖尔茨"] == "person"
    assert not {"肖", "尔茨", "德国总理肖尔茨"} & kinds.keys()


def test_zh_latin_names_before_chinese_stand_alone(plain: ZhCandidates) -> None:
    found = keys(plain.spans("李成钢对CGTN有一个briefing,TikTok协议。"))
    assert {"CGTN", "TikTok", "协议"} <= found
    # No term across the two scripts, and lower-case English is no term.
    assert not {k for k in found if "CGTN" in k and k != "CGTN"} | {"TikTok协议", "briefing"} \
        & found


def test_zh_ke_and_a_verb_are_one_modifier(plain: ZhCandidates) -> None:
    found = keys(plain.spans("保持可持续发展。"))  # 可/v 持续/vd 发展/vn
    assert "可持续发展" in found and "持续发展" not in found


def test_zh_user_words_stay_whole() -> None:
    finder = ZhCandidates(["对等关税"])
    spans = [s for s in finder.spans(READOUT) if s.key == "对等关税"]
    assert spans and spans[0].words == ("对等关税",)
    # ...and are split into their dictionary words for word-level matching.
    assert finder.parts(spans[0]) == ("对等", "关税")
    assert "对等关税" not in keys(ZhCandidates().spans(READOUT))



def test_zh_unknown_runs_are_split_once_and_as_jieba_splits_them() -> None:
    import jieba
    import jieba.posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    jieba_alone = jieba.posseg.POSTokenizer(tokenizer)
    finder = ZhCandidates()
    # Names jieba's dictionary lacks, split by its part-of-speech Viterbi pass.
    text = READOUT + ("贝森特与格里尔会见何立峰。何立峰会见贝森特。"
                      "亚伯拉罕生以撒，以撒生雅各，雅各生犹大和他的弟兄；犹大从他玛氏生法勒斯和谢拉。")
    # jieba's words, and its tags as the dictionary corrects them (芬太尼/nrt fentanyl: n).
    expected = [(p.word, finder.retag(p.word, p.flag)) for p in jieba_alone.cut(text)]
    assert ("芬太尼", "n") in expected
    assert finder.words(text) == expected
    remembered = dict(finder._posseg()._runs)  # type: ignore[attr-defined]
    assert remembered  # the names are runs jieba's dictionary lacks
    # A second pass finds every run remembered, and splits the same.
    assert finder.words(text) == expected
    assert finder._posseg()._runs == remembered  # type: ignore[attr-defined]



def test_zh_a_noun_and_its_verb_are_a_term_of_two_words(plain: ZhCandidates) -> None:
    found = {s.key: s for s in plain.spans("经济复苏放缓,投资限制增加。美国希望收费相关。"
                                           "中方认为关税限制双方。双方达成初步共识。")}
    assert found["经济复苏"].flags == ("n", "v")
    assert "投资限制" in found
    # Not a name and its verb (a clause), a light word, three words, or a verb and object.
    assert not {"美国希望", "收费相关", "经济复苏放缓", "关税限制", "双方达成"} & found.keys()


def test_zh_tags_follow_the_dictionary_first_sense(plain: ZhCandidates) -> None:
    # jieba's dictionary tags 知识 (knowledge) and 死刑 (death penalty) verbs, 关怀 (care)
    # a name: the first CC-CEDICT sense is a noun, and they are terms, alone or in a run.
    assert ("知识", "vn") in plain.words("提升基础金融知识水平。")
    assert "金融知识" in keys(plain.spans("提升基础金融知识水平。"))
    assert ("死刑", "vn") in plain.words("应当一律死刑。")
    assert ("关怀", "n") in plain.words("坚守人文关怀和独立自由。")
    assert "人文关怀" in keys(plain.spans("坚守人文关怀和独立自由。"))
    # A verb first glossed "to ..." or by an adjective (相关 related) stays a verb; a name
    # the dictionary spells with capitals (拜登 Biden) or lacks (何立峰) stays a name.
    assert plain.retag("表示", "v") == "v" and plain.retag("相关", "v") == "v"
    assert plain.retag("拜登", "nrt") == "nrt" and plain.retag("何立峰", "nr") == "nr"


def test_zh_a_verb_whose_second_sense_is_a_noun_of_its_own_is_a_verbal_noun(
        plain: ZhCandidates) -> None:
    # CC-CEDICT: 执法 "to enforce a law / law enforcement", 立法 "to enact laws / to
    # legislate": a second sense names the act in other words, or it is one more verb.
    assert plain.retag("执法", "v") == "vn" and plain.retag("立法", "v") == "v"
    assert "执法" in keys(plain.spans("加强执法。"))
    # The same word as a noun (需要 "to need / needs") says nothing of the sentence.
    assert plain.retag("需要", "v") == "v"


def test_zh_an_adverb_of_two_characters_may_modify_a_noun(plain: ZhCandidates) -> None:
    found = keys(plain.spans("双方达成初步共识,不断提高水平,共同发展。"))  # 初步/d 共识/n
    assert {"初步共识", "共同发展"} <= found
    assert not {k for k in found if k.startswith("不断")}



def test_zh_a_verb_before_nouns_that_another_verb_follows_modifies_them(
        plain: ZhCandidates) -> None:
    # 对/p 独立/v 新闻媒体/n 提供/v: independent new media; 利用 监视/v 技术/n 协助/v.
    assert "独立新闻媒体" in keys(plain.spans("对独立新闻媒体提供支持。"))
    assert "监视技术" in keys(plain.spans("一家利用监视技术协助侵犯人权的公司。"))
    # A verb and its object before the copula, before a verbal noun, or before nothing.
    found = keys(plain.spans("存在分歧是正常的。推动经济发展，维护利益。"))
    assert not {"存在分歧", "推动经济", "维护利益"} & found

EN = ("On October 25–26 local time, He Lifeng, Vice Premier of the State Council, held "
      "consultations in Kuala Lumpur. He Lifeng stated that U.S. Section 301 measures and "
      "the reciprocal tariffs were discussed. He said the reciprocal tariff will stay.")


def test_en_ngrams_do_not_start_or_end_with_stop_words() -> None:
    spans = candidates_en.spans(EN)
    assert all(s.key.split()[-1] not in lexicon.STOP_WORDS for s in spans)
    surfaces = {s.surface for s in spans}
    assert {"Vice Premier of the State Council", "Section 301 measures", "Kuala Lumpur",
            "reciprocal tariffs"} <= surfaces
    assert "of the State" not in surfaces and "the reciprocal tariff" not in surfaces


def test_en_names_with_a_stop_word_and_punctuation_bounds() -> None:
    surfaces = [s.surface for s in candidates_en.spans(EN)]
    # Mid-sentence "He Lifeng" makes a name, which is then found sentence-initially too,
    # while the pronoun in "He said" is not taken for one.
    assert surfaces.count("He Lifeng") == 2
    assert "He said" not in surfaces
    assert not any("," in s or "." in s.replace("U.S.", "") for s in surfaces)


def test_en_inflection_is_normalised_for_matching_only() -> None:
    assert lexicon.word_key("tariffs") == lexicon.word_key("tariff")
    assert lexicon.word_key("policies") == lexicon.word_key("policy")
    assert lexicon.word_key("US") != lexicon.word_key("us")
    spans = candidates_en.spans(EN)
    forms = {s.surface for s in spans if s.key == lexicon.word_key("reciprocal") + " "
             + lexicon.word_key("tariffs")}
    assert forms == {"reciprocal tariffs", "reciprocal tariff"}


def test_en_keeps_hyphens_and_inner_capitals() -> None:
    words = [w.text for w in candidates_en.words("China-U.S. trade, TikTok and law-enforcement")]
    assert words == ["China-U.S.", "trade", "TikTok", "and", "law-enforcement"]


def test_en_a_plural_possessive_stays_inside_the_ngram_a_closing_quote_does_not() -> None:
    surfaces = {s.surface for s in candidates_en.spans("The Leaders’ Democracy Summit met.")}
    assert "Leaders’ Democracy Summit" in surfaces
    # The candidate ending on the possessive prints the plain word.
    assert "Leaders" in surfaces and "Leaders’" not in surfaces
    quoted = {s.surface
              for s in candidates_en.spans("So ‘human rights’ matter, 'trade talks' too.")}
    assert {"human rights", "trade talks"} <= quoted
    assert not {s for s in quoted if "rights matter" in s or s.endswith(("’", "'"))}


def test_en_ngrams_reach_eight_words() -> None:
    text = "the State Council joint prevention and control mechanism issued it"
    surfaces = {s.surface for s in candidates_en.spans(text)}
    assert "State Council joint prevention and control mechanism" in surfaces
    assert max(len(s.split()) for s in surfaces) <= candidates_en.MAX_WORDS == 8


KUALA = ["They met in Kuala Lumpur.", "Talks in Kuala Lumpur went on.",
         "Kuala Lumpur hosted them.", "Ministers flew to Kuala Lumpur.",
         "They discussed law enforcement cooperation."]


def test_en_profile_one_pass_printed_forms_penalties_and_neighbours() -> None:
    spans = candidates_en.spans_in(KUALA)
    keys = ["kuala", "kuala lumpur", "enforcement cooperation"]
    profile = candidates_en.profile(spans, keys, GlossaryScoring())
    assert profile.surfaces["kuala lumpur"] == "Kuala Lumpur"
    # Kuala is a fragment of Kuala Lumpur, always followed by it: both penalties in full.
    penalty = dict(zip(keys, profile.penalty.tolist(), strict=True))
    assert penalty["kuala"] == pytest.approx(0.3 + 0.25)
    assert penalty["kuala lumpur"] == 0.0
    # "enforcement cooperation" leaves out the "law" next to it.
    assert profile.neighbours[2] == ("law",)


def test_en_profile_weights_come_from_the_scoring() -> None:
    spans = candidates_en.spans_in(KUALA)
    keys = ["kuala", "enforcement cooperation"]
    heavier = candidates_en.profile(spans, keys, GlossaryScoring(fragment_penalty=0.6))
    assert heavier.penalty[0] == pytest.approx(0.6 + 0.25)
    lighter = candidates_en.profile(spans, keys, GlossaryScoring(fragment_penalty=0.0,
                                                                 open_end_penalty=0.0))
    assert lighter.penalty[0] == 0.0
    stricter = candidates_en.profile(spans, keys, GlossaryScoring(neighbour_share=2.0))
    assert stricter.neighbours[1] == ()


def test_zh_symbols_are_no_word_characters() -> None:
    # Yijing hexagrams (U+4DC0–4DFF) lie inside the CJK range but are symbols, not words,
    # even where a tagger calls them nouns.
    assert spans_from_words([("䷀䷁", "n")]) == []
    assert keys(spans_from_words([("关税", "n")])) == {"关税"}


def test_zh_repeated_set_phrases_are_candidates(plain: ZhCandidates) -> None:
    from aligner.glossary.repeats import repeated_spans

    texts = ["我们要加快构建新发展格局，推动高质量发展。", "构建新发展格局是一项任务。",
             "拜登说，专制政权永远无法扑灭自由之火。", "拜登说，专制政权永远无法得逞。"]
    tagged = [plain.words(t) for t in texts]
    found = [{s.key: (s.start, s.end) for s in spans} for spans in repeated_spans(tagged, plain)]
    # 新/a 发展/vn 格局/n is no noun run, but the text repeats it whole; the verb before it
    # cannot begin a term, so the longer repeat is none.
    assert found[0]["新发展格局"] == (7, 12) and "新发展格局" in found[1]
    assert not any(k.startswith("构建") for spans in found for k in spans)
    # A repeated clause is no term: a verb at its end, an adverb inside.
    assert not {k for spans in found[2:] for k in spans if "说" in k or "永远" in k}
    assert "专制政权" in found[2]
    # Once is not a repeat.
    assert not repeated_spans(tagged[:1], plain)[0]
    # 对/p 等/u 关税/n repeated: 对等, which jieba's dictionary lacks, may begin a term.
    tariffs = [plain.words(t) for t in ("延长对等关税暂停期。", "美方取消对等关税。")]
    assert [(s.key, s.start) for s in repeated_spans(tariffs, plain)[1]] == [("对等关税", 4)]


def test_zh_quoted_phrases_are_candidates_whatever_their_tags(plain: ZhCandidates) -> None:
    from aligner.glossary.candidates_zh import quoted_spans

    text = ("总理出席了2021年“越南制造”颁奖仪式，并表示“ 十四五 ”实现了良好开局，"
            "“美方无意与中方脱钩”。")
    found = {s.key: s for s in quoted_spans(plain.words(text))}
    # 越南/ns 制造/v: no noun run, but the writer quotes it; spaces inside the marks aside.
    assert set(found) == {"越南制造", "十四五"}
    assert found["越南制造"].kind == "quoted"
    assert text[found["十四五"].start:found["十四五"].end] == "十四五"
    # A quoted clause (与, a conjunction) or figure is no term.
    assert not quoted_spans(plain.words("他说“美方无意与中方脱钩”，数字是“2021”。"))


def test_zh_a_title_in_book_marks_is_a_candidate_whatever_its_words(plain: ZhCandidates) -> None:
    from aligner.glossary.candidates_zh import quoted_spans

    # 11 characters, and 统筹/vn 推进/v ... 和/c: past the quoted phrases' length and words.
    text = "发布的《中国年轻人负债状况报告》及《统筹推进世界一流大学和一流学科建设总体方案》。"
    found = {s.key: s.kind for s in quoted_spans(plain.words(text))}
    assert found == {"中国年轻人负债状况报告": "quoted",
                     "统筹推进世界一流大学和一流学科建设总体方案": "quoted"}
    # Not in other quotation marks: a quoted clause stays no term.
    assert not quoted_spans(plain.words("他说“中国年轻人负债状况报告显示”。"))


def test_en_a_title_in_title_case_is_a_quoted_candidate_of_up_to_24_words() -> None:
    text = ("According to the Report on Debt Status of Chinese Young People issued by Nelson "
            "and the Report of Consumption of Chinese Young People from 2019 to 2020, the "
            "General Plan for Coordinating and Promoting the Construction of the Global Top "
            "Universities and the Top Disciplines matters. The Ministry said so.")
    quoted = {s.surface for s in candidates_en.spans(text) if s.quoted}
    assert quoted == {
        "Report on Debt Status of Chinese Young People",
        "Nelson and the Report of Consumption of Chinese Young People from 2019 to 2020",
        "Report of Consumption of Chinese Young People from 2019 to 2020",
        "General Plan for Coordinating and Promoting the Construction of the Global Top "
        "Universities and the Top Disciplines",
        # after two stop words: a title may start there (Nelson and the Report)
        "Global Top Universities and the Top Disciplines"}


def test_en_quoted_phrases_are_candidates_whole() -> None:
    text = "He attended the 2021 “Made in Vietnam” ceremony (of the Communist Party of China)."
    quoted = {s.key for s in candidates_en.spans(text) if s.quoted}
    assert quoted == {"mad in vietnam", "communist party of china"}
    # Made is a stop word: only the quotation makes "Made in Vietnam" a candidate.
    assert "mad in vietnam" in keys(candidates_en.spans(text))
    assert "mad in vietnam" not in keys(candidates_en.spans("Made in Vietnam products."))


def test_zh_institutions_with_verbs_and_adjectives_in_their_names(plain: ZhCandidates) -> None:
    from aligner.glossary.candidates_zh import institution_spans

    # 国家/n 卫生/an 健康/a 委/zg, 疾病/n 预防/v 控制/v 局/n: no noun run, a name all the same.
    found = {s.key: s.kind for s in institution_spans(
        plain.words("据国家卫生健康委疾病预防控制局有关负责人介绍。"))}
    assert found == {"国家卫生健康委": "place", "疾病预防控制局": "place"}
    # A verb before 会 (can) is no institution, nor a clause ending on a verb-tagged 处.
    assert not institution_spans(plain.words("双方会继续加强合作，妥善处理分歧。"))


def test_zh_xing_makes_a_quality_and_common_nouns_tagged_as_names_stay_nouns(
        plain: ZhCandidates) -> None:
    # 聚集/v 性/n 疫情/n: cluster outbreaks, one term.
    assert "聚集性疫情" in keys(plain.spans("近期发生多起本土聚集性疫情。"))
    # 生态/n 文明/nr 建设/vn: jieba's dictionary tags 文明 as a name.
    assert "生态文明建设" in keys(plain.spans("生态文明建设持续推进。"))
    # A name stays a name between two nouns: 拜登 of 总统拜登政府.
    assert ("拜登", "nrt") in plain.words("美国总统拜登政府宣布制裁。")




def test_zh_dictionary_words_across_jieba_words_are_candidates(plain: ZhCandidates) -> None:
    # CC-CEDICT headwords that jieba cuts into words whose tags end any run (碳/n 中/f 和/c),
    # or that make up a longer word of its own as the dictionary splits it.
    found = {"钢铁行业碳中和路线图发布。": "碳中和", "政府出台了新的个人所得税政策。": "所得税",
             "联合国安理会通过了决议。": "安理会", "美国国务院发言人回答提问。": "国务院"}
    for text, word in found.items():
        words = plain.words(text)
        assert word not in keys(spans_from_words(words))
        assert word in keys(dictionary_spans(words, plain))
    # Not where one character changes the word (外交部长, foreign minister; 非处方药,
    # over-the-counter drug), nor pieces that cut through the dictionary's split (文学家
    # of 天文学家), nor verbs.
    for text in ("俄罗斯外交部长访问中国。", "这是一种非处方药。", "他是著名的天文学家。",
                 "双方同意加强合作。"):
        assert not dictionary_spans(plain.words(text), plain)


def test_zh_runs_do_not_cut_through_a_dictionary_word(plain: ZhCandidates) -> None:
    beads = [Bead((0,), (0,), "全球能源转型碳中和进程加快。", "Carbon neutrality speeds up.", 1.0),
             Bead((1,), (1,), "钢铁行业碳中和路线图发布。", "A roadmap is out.", 1.0)]
    found = [keys(spans) for spans in find_candidates(beads, plain).zh]
    assert {"碳中和", "能源转型", "进程"} <= found[0]
    assert not {k for k in found[0] | found[1] if k.endswith("碳")}
    assert {"碳中和", "钢铁行业", "路线图"} <= found[1]
