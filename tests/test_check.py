"""The checks on hand-made beads, and the three report formats."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from aligner.check import CHECKS, Finding, Report, render_report
from aligner.check import check_beads as check_likely
from aligner.check.checks import merge_terms
from aligner.records import Bead, Term

GLOSSARY = [
    Term("对等关税", "reciprocal tariff", ("reciprocal tariffs",)),
    Term("关税", "tariff"),
    Term("何立峰", "He Lifeng", forbidden=("Ho Li-feng",)),
    Term("中美经贸关系", "China-U.S. economic and trade relations",
         ("China-U.S. economic and trade relationship",)),
    Term("吉隆坡", "Kuala Lumpur"),
]


def check_beads(*args, **kwargs) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Every finding, however unlikely: these tests pin what each check sees; how likely a
    finding is (and which are shown by default) is pinned by the tests at the end."""
    return check_likely(*args, threshold=0.0, **kwargs)


def bead(zh: str, en: str, score: float = 0.7, block: int = 0) -> Bead:
    return Bead((0,) if zh else (), (0,) if en else (), zh, en, score, block)


def checks_at(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(f.check, f.bead) for f in findings}


def test_a_term_without_its_rendering_is_reported_with_what_was_expected():
    findings = check_beads([bead("延长对等关税暂停期", "extend the truce on duties")], GLOSSARY)
    assert [(f.check, f.zh_term) for f in findings] == [("term", "对等关税")]
    finding = findings[0]
    assert finding.expected == ("reciprocal tariff", "reciprocal tariffs")
    assert finding.found is None
    assert finding.bead == 1
    assert finding.zh[slice(*finding.zh_spans[0])] == "对等关税"


def test_a_term_inside_a_longer_matched_term_is_not_checked_on_its_own():
    # 关税 inside 对等关税: "reciprocal tariff" covers it, no separate 关税 finding.
    assert check_beads([bead("延长对等关税暂停期", "extend the reciprocal tariff pause")],
                       GLOSSARY) == []


def test_inflected_renderings_and_names_count_as_found():
    beads = [bead("何立峰在吉隆坡表示,对等关税", "He Lifeng said in Kuala Lumpur that reciprocal "
                                          "tariffs")]
    assert check_beads(beads, GLOSSARY) == []


def test_a_term_rendered_in_the_neighbouring_bead_is_not_missing():
    # The clause with 吉隆坡 ends the first Chinese sentence but opens the next English one.
    beads = [bead("双方在吉隆坡会谈。", "The two sides met."),
             bead("双方同意延长。", "In Kuala Lumpur, they agreed to extend it.")]
    assert check_beads(beads, GLOSSARY, checks=["term"]) == []


def test_a_forbidden_rendering_is_reported_once_with_what_to_use():
    findings = check_beads([bead("何立峰表示", "Ho Li-feng said")], GLOSSARY)
    assert [(f.check, f.found) for f in findings] == [("forbidden", "Ho Li-feng")]
    assert findings[0].expected == ("He Lifeng",)
    assert findings[0].en[slice(*findings[0].en_spans[0])] == "Ho Li-feng"


def test_two_renderings_the_glossary_accepts_are_no_inconsistency():
    beads = [bead("中美经贸关系", "China-U.S. economic and trade relations"),
             bead("关于关税", "on tariffs"),
             bead("中美经贸关系", "the China-U.S. economic and trade relationship")]
    assert check_beads(beads, GLOSSARY) == []


def test_the_same_chinese_translated_two_ways_in_one_text_is_reported_at_both_places():
    beads = [bead("双方同意进一步确定具体细节。", "Both sides agreed to work out the details."),
             bead("关于关税", "on tariffs"),
             bead("双方同意进一步确定具体细节。", "The two sides will settle specifics later."),
             bead("双方同意进一步确定具体细节。", "Both sides agreed to work out the details."),
             bead("双方同意进一步确定具体细节。", "Both sides differ.", block=1)]
    findings = check_beads(beads, [], checks=["inconsistency"])
    assert checks_at(findings) == {("inconsistency", 1), ("inconsistency", 3)}
    assert "in bead 3" in findings[0].message
    assert "in bead 1" in findings[1].message


def test_inflections_of_one_rendering_are_not_an_inconsistency():
    beads = [bead("关税", "the tariff"), bead("关税", "new tariffs"), bead("关税", "Tariffs")]
    assert check_beads(beads, GLOSSARY) == []


def test_numbers_that_disagree_are_reported_with_both_sides():
    findings = check_beads([bead("当地时间10月25日至26日", "On October 25–27 local time")], [])
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.check, finding.zh_term, finding.found) == ("number", "26", "27")
    assert finding.expected == ("26",)


def test_one_sided_beads_are_omissions_and_additions():
    beads = [bead("中美经贸磋商成果来之不易。", ""), bead("", "The weather was fine.")]
    assert checks_at(check_beads(beads, GLOSSARY)) == {("omission", 1), ("addition", 2)}


def test_names_abbreviations_and_addresses_kept_in_latin_script_are_not_untranslated():
    # a source passage in Latin script that a translation keeps as written
    kept = [bead("NBA", "NBA"), bead("iPhone 13 Pro", "iPhone 13 Pro"),
            bead("(Xinhua)", "(Xinhua)"), bead("COVID-19", "COVID-19"),
            bead("www.xinhuanet.com", "www.xinhuanet.com")]
    assert not [f for f in check_beads(kept, []) if f.check == "untranslated"]
    # ... while a copied passage with words to translate, or Chinese, still is
    copied = [bead("TikTok deal", "TikTok deal"), bead("“deal”", "“deal”"),
              bead("NBA总决赛", "NBA总决赛")]
    assert checks_at(check_beads(copied, [])) >= {("untranslated", 1), ("untranslated", 2),
                                                  ("untranslated", 3)}


def test_low_scores_are_reported_below_the_threshold_only():
    beads = [bead("双方同意。", "The weather was fine.", score=0.2),
             bead("双方同意。", "The two sides agreed.", score=0.5)]
    assert checks_at(check_beads(beads, [], low_score=0.3)) == {("low-score", 1)}
    assert checks_at(check_beads(beads, [], low_score=0.6)) == {("low-score", 1),
                                                                ("low-score", 2)}


def test_chinese_left_in_the_english_and_copied_source_are_untranslated():
    beads = [bead("履行国内批准程序。", "complete their 国内批准程序."),
             bead("TikTok deal", "TikTok  deal"),
             bead("2025", "2025")]
    findings = check_beads(beads, [])
    assert checks_at(findings) == {("untranslated", 1), ("untranslated", 2)}
    assert findings[0].found == "国内批准程序"


def test_chinese_kept_beside_its_translation_is_no_untranslated_segment():
    kept = [bead("据北京日报报道", "According to Beijing Daily (北京日报), the plan passed."),
            bead("年轻人选择躺平", "Young people choose “躺平” (lying flat)."),
            bead("华为发布鸿蒙系统", "Huawei released its Hongmeng 鸿蒙 system."),
            bead("参与双十一话题", "Join the topic #双十一 now."),
            bead("国务院新闻办公室发布",
                 "The State Council Information Office (国务院新闻办公室) said so.")]
    assert not [f for f in check_beads(kept, []) if f.check == "untranslated"]
    # ... while Chinese standing for the English, quoted or bracketed whole clauses, or a
    # segment left as it is, are still untranslated, at the shown threshold
    left = [bead("履行国内批准程序。", "They will complete their 国内批准程序 soon."),
            bead("他说我们会继续努力", "He said (我们会继续努力) yesterday."),
            bead("双方同意进一步确定具体细节", "双方同意进一步确定具体细节"),
            bead("经济观察网", "China's first apparel stock - 经济观察网 - 专业财经新闻网站")]
    shown = [f for f in check_likely(left, []) if f.check == "untranslated"]
    assert checks_at(shown) == {("untranslated", k) for k in (1, 2, 3, 4)}
    # a kept gloss beside Chinese left untranslated: only the latter is named
    mixed = check_beads([bead("北京日报称履行国内批准程序",
                              "Beijing Daily (北京日报) said they will 国内批准程序.")], [])
    assert [f.found for f in mixed if f.check == "untranslated"] == ["国内批准程序"]


def test_only_the_named_checks_run():
    beads = [bead("延长对等关税暂停期", "the pause on duties", score=0.1)]
    assert {f.check for f in check_beads(beads, GLOSSARY)} == {"term", "low-score"}
    assert {f.check for f in check_beads(beads, GLOSSARY, checks=["term"])} == {"term"}
    with pytest.raises(ValueError, match="unknown check"):
        check_beads(beads, GLOSSARY, checks=["spelling"])


def test_findings_come_in_bead_order():
    beads = [bead("", "Extra."), bead("对等关税", "duties"), bead("十", "eleven")]
    findings = check_beads(beads, GLOSSARY)
    assert [f.bead for f in findings] == sorted(f.bead for f in findings)
    assert set(CHECKS) >= {f.check for f in findings}


def test_glossaries_merge_renderings_and_forbidden_ones_per_term():
    merged = merge_terms([Term("关税", "tariff"), Term("关税", "duty", ("tariff",),
                                                     forbidden=("customs",)),
                          Term("", "nothing")])
    assert len(merged) == 1
    assert merged[0].renderings == ("tariff", "duty")
    assert merged[0].forbidden == ("customs",)


class FakeEncoder:
    """Sentences about the same topic get the same direction; others are orthogonal."""

    name = "fake"

    def encode(self, texts, progress=None):
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            if "天气" in text or "weather" in text:
                out[row, 1] = 1.0
            elif "美食" in text or "cuisine" in text:
                out[row, 2] = 1.0
            else:
                out[row, 0] = 1.0
        return out


def test_a_sentence_hidden_in_a_merged_bead_is_found_with_an_encoder():
    beads = [Bead((0, 1), (0,), "双方进行了磋商。今天天气很好。",
                  "The two sides held consultations.", 0.6),
             Bead((2,), (1, 2), "双方同意继续磋商。",
                  "They agreed to consult again. They also praised the local cuisine.", 0.6)]
    assert checks_at(check_beads(beads, [])) == set()
    findings = check_beads(beads, [], encoder=FakeEncoder())
    assert checks_at(findings) == {("omission", 1), ("addition", 2)}
    omission, addition = findings
    assert omission.zh[slice(*omission.zh_spans[0])] == "今天天气很好。"
    assert addition.found == "They also praised the local cuisine."


def test_a_passage_whose_words_the_rest_of_its_bead_already_took_is_not_covered():
    # "sides" and "consultations" render the first sentence's 双方 and 磋商; the repeat of
    # both words in the second sentence is left with nothing to render it.
    beads = [Bead((0, 1), (0,), "双方进行了磋商。天气好，双方进行了磋商。",
                  "The two sides held consultations.", 0.6),
             Bead((2,), (1,), "双方同意继续磋商。", "They agreed to consult again.", 0.6)]
    [omission] = check_beads(beads, [], encoder=FakeEncoder())
    evidence = dict(omission.evidence)
    assert evidence["covered"] > 0.3 and evidence["covered own"] == 0.0


LIST_ZH = ("这暴露出一些地方疫情监测预警不及时、高风险岗位人员闭环管理不落实、"
           "定期核酸检测流于形式、冷链物品各环节消杀不到位等问题。")
LIST_EN = ("This exposed problems in some places such as untimely epidemic monitoring and early "
           "warning, {}regular nucleic acid testing being a mere formality, and inadequate "
           "disinfection of cold-chain items.")


def test_an_item_left_out_of_a_list_of_clauses_is_an_omission_that_names_it(encoder):
    # Items between 、 that are clauses of their own are weighed one by one.
    [cut] = [f for f in check_beads([bead(LIST_ZH, LIST_EN.format(""))], [], encoder=encoder)
             if f.check == "omission"]
    assert cut.zh_term == "高风险岗位人员闭环管理不落实、"
    whole = LIST_EN.format("failure to implement closed-loop management of personnel in "
                           "high-risk posts, ")
    kept = [f for f in check_beads([bead(LIST_ZH, whole)], [], encoder=encoder)
            if f.check == "omission"]
    assert all(f.probability < cut.probability and f.zh_term != cut.zh_term for f in kept)


SEMICOLON_ZH = ("双方签署了多项合作协议，涉及能源、交通和农业等领域；"
                "会后，两国领导人共同会见了记者，并回答了记者的提问。")


def test_a_semicolon_part_of_a_sentence_left_untranslated_is_an_omission_that_names_it(
        encoder):
    # The Chinese counterpart of an English sentence cut at its semicolon is a ；-part: one
    # Chinese sentence whose second part has no English is weighed part by part (a bead of
    # one sentence embedded whole had no passage to weigh).
    first = "The two sides signed several cooperation agreements in energy, transport and farming."
    [cut] = [f for f in check_beads([bead(SEMICOLON_ZH, first)], [], encoder=encoder)
             if f.check == "omission"]
    assert cut.zh_term == "会后，两国领导人共同会见了记者，并回答了记者的提问。"
    whole = first[:-1] + "; after the talks, the two leaders met the press and took questions."
    kept = [f for f in check_beads([bead(SEMICOLON_ZH, whole)], [], encoder=encoder)
            if f.check == "omission"]
    assert all(f.probability < cut.probability for f in kept)


def test_a_semicolon_part_of_several_clauses_is_reported_whole(encoder):
    # With the aligner's clause vectors the part's two clauses were two findings.
    from aligner.check import check_alignment
    from aligner.pipeline import align_texts

    alignment = align_texts(SEMICOLON_ZH + "\n中方表示愿同各方加强合作。",
                            "The two sides signed several cooperation agreements in energy, "
                            "transport and farming.\nChina said it was ready to strengthen "
                            "cooperation with all parties.", encoder=encoder, keep_vectors=True)
    omissions = [f.zh_term for f in check_alignment(alignment, [], encoder=encoder,
                                                    threshold=0.0) if f.check == "omission"]
    assert omissions == ["会后，两国领导人共同会见了记者，并回答了记者的提问。"]


RUN_ZH = ("市政府昨天公布了三条新的公交线路，将于下月正式开通，"
          "由于建设资金不足，部分站点将推迟到明年完工。\n市民对此反应不一。")
RUN_EN = ("The city government announced three new bus routes yesterday, which will officially "
          "open next month{}.\nResidents reacted in different ways.")


def test_two_clauses_left_untranslated_together_are_one_omission_that_names_them(encoder):
    # An English clause often renders two Chinese clauses: left out, each alone takes too
    # little from its side to show (two findings below the threshold); the pair is one.
    from aligner.check import check_alignment
    from aligner.pipeline import align_texts

    def omissions(rest: str, threshold: float = 0.0) -> list[str]:
        alignment = align_texts(RUN_ZH, RUN_EN.format(rest), encoder=encoder,
                                keep_vectors=True)
        return [f.zh_term or "" for f in check_alignment(alignment, [], encoder=encoder,
                                                          threshold=threshold)
                if f.check == "omission"]

    assert omissions("", threshold=0.5) == ["由于建设资金不足，部分站点将推迟到明年完工。"]
    # one clause of the two left out: that clause alone
    assert omissions("; some stations will not be completed until next year") == \
        ["由于建设资金不足，"]
    # the whole translated: nothing, however unlikely
    assert omissions("; because of insufficient construction funds, some stations will not "
                     "be completed until next year") == []


@pytest.mark.parametrize("opening", ["（德国之声中文网）", "新华社北京2月11日电"])
def test_an_opening_byline_left_untranslated_is_an_omission_that_names_it(encoder, opening):
    # A byline or dispatch dateline opening a sentence of one clause is a piece of its
    # own: a machine translation drops it whole while rendering the rest.
    from aligner.check import check_alignment
    from aligner.pipeline import align_texts

    alignment = align_texts(opening + "拜登政府本周五将六个中国实体列入了出口管制黑名单。\n"
                            "中方表示坚决反对。",
                            "The Biden administration on Friday added six Chinese entities to "
                            "its export blacklist.\nChina said it firmly opposed the move.",
                            encoder=encoder, keep_vectors=True)
    found = [f for f in check_alignment(alignment, [], encoder=encoder, threshold=0.0)
             if f.check == "omission"]
    assert [f.zh_term for f in found] == [opening]
    assert dict(found[0].evidence)["aside"] == 1.0


def test_a_passage_whose_figures_the_other_side_lacks_is_a_likelier_omission(encoder,
                                                                              monkeypatch):
    from aligner.check import weights

    def omission(zh: str) -> Finding:
        merged = Bead((0, 1), (0,), zh, "The two sides signed cooperation agreements.", 0.99)
        [found] = [f for f in check_beads([merged], [], encoder=encoder)
                   if f.check == "omission"]
        return found

    figures = omission("双方签署了合作协议。协议涉及金额达30亿美元。")
    assert figures.zh_term == "协议涉及金额达30亿美元。"
    assert dict(figures.evidence)["numbers missing"] == 1.0
    words = omission("双方签署了合作协议。协议涉及金额巨大。")
    assert dict(words.evidence)["numbers missing"] == 0.0
    # The figure makes the omission likelier (the fitted weights set by how much): without
    # its weight the same finding is as unlikely as the one without a figure.
    assert figures.probability > words.probability
    monkeypatch.setitem(weights.WEIGHTS["omission"], "numbers missing", 0.0)
    assert omission("双方签署了合作协议。协议涉及金额达30亿美元。").probability \
        < figures.probability


def test_an_english_passage_spelling_a_name_of_the_chinese_is_a_less_likely_addition(
        encoder, monkeypatch):
    from aligner.check import weights

    # 王成 is no CC-CEDICT word: its pinyin, as a name is spelled, is the evidence
    merged = Bead((0,), (0, 1), "王成出席了会议。",
                  "Wang Cheng attended the meeting. Wang Cheng also visited a local school.", 0.7)
    [named] = [f for f in check_beads([merged], [], encoder=encoder)
               if f.check == "addition"]
    assert named.found == "Wang Cheng also visited a local school."
    assert dict(named.evidence)["names spelled"] == 2.0
    monkeypatch.setitem(weights.WEIGHTS["addition"], "names spelled", 0.0)
    [unweighed] = [f for f in check_beads([merged], [], encoder=encoder)
                   if f.check == "addition" and f.found == named.found]
    assert named.probability < unweighed.probability


def test_a_piece_of_a_sentence_is_marked_a_fragment_not_a_sentence_of_its_own(encoder):
    # A null English bead that opens in lower case continues a sentence the splitter cut
    fragment, whole = (dict(f.evidence)["fragment"] for f in check_beads(
        [bead("", "and superior packaging."), bead("", "The weather was fine.")], [])
        if f.check == "addition")
    assert (fragment, whole) == (1.0, 0.0)

    # a sentence after a ";" of its paragraph is a piece of it; after a "." it is a sentence
    def stray(en: str) -> Finding:
        merged = Bead((0,), (0, 1), "王成出席了会议。", en, 0.7)
        [found] = [f for f in check_beads([merged], [], encoder=encoder)
                   if f.check == "addition" and f.found == "Wang Cheng also visited a local "
                                                           "school."]
        return found

    assert dict(stray("Wang Cheng attended the meeting; Wang Cheng also visited a local "
                      "school.").evidence)["fragment"] == 1.0
    assert dict(stray("Wang Cheng attended the meeting. Wang Cheng also visited a local "
                      "school.").evidence)["fragment"] == 0.0


class TableEncoder:
    """Each text its own vector, from a table."""

    name = "table"

    def __init__(self, table: dict[str, tuple[float, ...]]) -> None:
        self.table = table

    def encode(self, texts, progress=None):
        return np.array([self.table[text] for text in texts], dtype=np.float32)


def test_a_passage_that_an_english_sentence_matches_best_is_a_less_likely_omission(
        monkeypatch):
    from aligner.check import weights

    # The bead matches better without its second Chinese sentence either way; only which
    # Chinese sentence the loose second English sentence matches best differs.
    zh = ("双方签署了合作协议。", "协议涉及金额三十亿。")
    signed = "The two sides signed cooperation agreements."

    def omission(loose: tuple[float, float, float]) -> Finding:
        table = {zh[0]: (1.0, 0.0, 0.0), zh[1]: (0.0, 1.0, 0.0), signed: (1.0, 0.0, 0.0),
                 "It is a large sum.": loose}
        merged = Bead((0, 1), (0, 1), "".join(zh), signed + " It is a large sum.", 0.99)
        [found] = [f for f in check_beads([merged], [], encoder=TableEncoder(table))
                   if f.check == "omission"]
        assert found.zh_term == zh[1]
        return found

    claimed = omission((0.1, 0.3, 0.95))
    # the loose sentence's share of the English's characters
    assert dict(claimed.evidence)["claimed"] == pytest.approx(18 / (44 + 18), abs=1e-4)
    assert dict(omission((0.3, 0.1, 0.95)).evidence)["claimed"] == 0.0
    # the evidence lowers the probability: without its weight the same finding is likelier
    monkeypatch.setitem(weights.WEIGHTS["omission"], "claimed", 0.0)
    assert claimed.probability < omission((0.1, 0.3, 0.95)).probability


def test_a_passage_whose_figures_the_english_gives_is_a_less_likely_omission(monkeypatch):
    from aligner.check import weights

    zh = ("双方签署了合作协议。", "协议涉及金额达30亿美元。")
    signed = "The two sides signed cooperation agreements."

    def omission(second: str) -> Finding:
        table = {zh[0]: (1.0, 0.0, 0.0), zh[1]: (0.0, 1.0, 0.0), signed: (1.0, 0.0, 0.0),
                 second: (0.3, 0.1, 0.95)}
        merged = Bead((0, 1), (0, 1), "".join(zh), f"{signed} {second}", 0.99)
        [found] = [f for f in check_beads([merged], [], encoder=TableEncoder(table))
                   if f.check == "omission"]
        return found

    kept = omission("It is worth 3 billion US dollars.")
    assert dict(kept.evidence)["numbers kept"] == 1.0
    assert dict(omission("It is worth a great deal.").evidence)["numbers kept"] == 0.0
    monkeypatch.setitem(weights.WEIGHTS["omission"], "numbers kept", 0.0)
    assert kept.probability < omission("It is worth 3 billion US dollars.").probability


def test_json_report_has_exactly_the_documented_keys():
    findings = check_beads([bead("延长对等关税", "extend duties")], GLOSSARY)
    records = json.loads(render_report(Report(findings, []), "json"))
    assert records == [{"check": "term", "bead": 1, "zh": "延长对等关税", "en": "extend duties",
                        "zh_term": "对等关税",
                        "expected": ["reciprocal tariff", "reciprocal tariffs"],
                        "found": None, "message": findings[0].message,
                        "probability": round(findings[0].probability, 3),
                        "suggestion": None}]


def test_text_report_groups_by_bead_and_colours_only_when_asked():
    beads = [bead("延长对等关税", "extend duties"), bead("十", "eleven")]
    report = Report(check_beads(beads, GLOSSARY), beads)
    plain = render_report(report, "text")
    assert "\x1b[" not in plain
    # the likeliest first: the changed number before the weak term finding
    assert plain.index("bead 2") < plain.index("number") < plain.index("bead 1") \
        < plain.index("term")
    assert plain.rstrip().endswith("2 findings in 2 beads: term 1, number 1")
    coloured = render_report(report, "text", color=True)
    assert "\x1b[" in coloured
    assert "对等关税\x1b[0m" in coloured  # the term itself is highlighted


def test_text_report_says_so_when_nothing_was_found():
    assert render_report(Report([], [bead("双方", "both sides")]), "text") == "no findings\n"


def test_html_report_is_self_contained_and_escapes_text():
    beads = [bead("<b>对等关税</b>", "<script>alert('x')</script> duties"),
             bead("双方", "both sides")]
    page = render_report(Report(check_beads(beads, GLOSSARY), beads, title="a & b"), "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<title>a &amp; b</title>" in page
    assert 'data-check="term"' in page and 'id="bead-2"' in page
    for external in ("http://", "https://", "<link", "src="):
        assert external not in page


def test_low_score_flags_low_confidence_and_low_similarity_apart():
    check = check_beads
    beads = [Bead((0,), (0,), "双方同意。", "Both sides agreed.", 0.3, similarity=0.7),
             Bead((1,), (1,), "他来了。", "It rained.", 0.99, similarity=0.2),
             Bead((2,), (2,), "好。", "Fine.", 0.99, similarity=0.8),
             Bead((3,), (3,), "坏。", "Bad.", 0.2)]  # from another tool: score only
    found = {f.bead: f.message for f in check(beads, checks=["low-score"])}
    assert set(found) == {1, 2, 4}
    assert "confidence 0.30" in found[1] and "similarity" not in found[1]
    assert "similarity 0.20" in found[2] and "confidence" not in found[2]
    assert "similarity 0.20" in found[4]
    relaxed = check(beads, checks=["low-score"], min_confidence=0.1)
    assert {f.bead for f in relaxed} == {2, 4}


def test_findings_carry_their_evidence_and_a_probability_the_threshold_reads():
    beads = [bead("延长对等关税", "extend duties"), bead("十", "eleven"),
             bead("何立峰表示", "Ho Li-feng said")]
    every = check_beads(beads, GLOSSARY)
    assert all(0.0 <= f.probability <= 1.0 and f.evidence for f in every
               if f.check in ("term", "number"))
    shown = check_likely(beads, GLOSSARY)
    assert {f.check for f in shown} == {f.check for f in every if f.probability >= 0.5}
    assert {"forbidden", "number"} <= {f.check for f in shown}
    assert check_likely(beads, GLOSSARY, threshold=1.0) == []


def test_another_terms_rendering_in_place_of_the_expected_one_weighs_more():
    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    wrong = check_beads([bead("延长对等关税", "extend the export controls")], glossary)
    absent = check_beads([bead("延长对等关税", "extend them")], glossary)
    assert wrong[0].probability > absent[0].probability


def test_another_terms_rendering_counts_only_as_whole_words_outside_the_present_terms():
    glossary = [*GLOSSARY, Term("国家", "nation"), Term("大学", "university"),
                Term("澳门大学", "University of Macau")]
    # "nation" inside "international" is no rendering of 国家; "university" inside the
    # rendering of 澳门大学, a term the Chinese has, is accounted for.
    inside = check_beads([bead("澳门大学延长对等关税", "The University of Macau extends "
                                                   "international duties")], glossary)
    term = next(f for f in inside if f.check == "term")
    assert dict(term.evidence)["other known"] == 0.0
    wrong = check_beads([bead("延长对等关税", "extend the nation duties")], glossary)
    assert dict(next(f for f in wrong if f.check == "term").evidence)["other known"] == 1.0


def test_a_wrong_term_is_weighed_by_what_putting_the_right_one_back_gains(encoder):
    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    wrong = check_beads([bead("延长对等关税", "extend the export controls")], glossary,
                        encoder=encoder)
    assert dict(next(f for f in wrong if f.check == "term").evidence)["repair gain"] > 0.05
    without = check_beads([bead("延长对等关税", "extend the export controls")], glossary)
    assert dict(next(f for f in without if f.check == "term").evidence)["repair gain"] == 0.0


def test_a_wrong_term_is_weighed_in_its_clause_where_a_long_sentence_hardly_moves(encoder):
    glossary = [Term("关税", "tariffs"), Term("出口管制", "export controls")]
    zh = "会议指出，要加强基础设施建设，美方将延长关税，双方还讨论了气候变化和公共卫生等议题。"
    en = ("The meeting pointed out that infrastructure construction should be strengthened, "
          "the US will extend the export controls, and the two sides also discussed issues "
          "such as climate change and public health.")
    [term] = [f for f in check_beads([bead(zh, en)], glossary, encoder=encoder)
              if f.check == "term"]
    evidence = dict(term.evidence)
    assert evidence["clause repair gain"] > evidence["repair gain"] > 0.0
    [alone] = [f for f in check_beads([bead(zh, en)], glossary) if f.check == "term"]
    assert dict(alone.evidence)["clause repair gain"] == 0.0  # no encoder


def test_a_term_finding_counts_the_terms_its_bead_misses():
    glossary = [*GLOSSARY, Term("合作", "cooperate")]
    found = [f for f in check_beads([bead("吉隆坡延长对等关税合作", "They extend it and work.")],
                                    glossary) if f.check == "term"]
    assert {dict(f.evidence)["missing terms"] for f in found} == {3.0}


def test_a_wrong_term_inside_the_rest_of_the_rendering_is_shown_a_near_word_is_not(encoder):
    from aligner.check.classifier import DEFAULT_THRESHOLD, probability

    glossary = [Term("核酸检测结果", "nucleic acid test results"), Term("开始", "start"),
                Term("成果", "outcomes")]
    zh = "两人核酸检测结果转阴。"
    wrong, near = (next(f for f in check_beads([bead(zh, en)], glossary, encoder=encoder)
                        if f.check == "term")
                   for en in ("The nucleic acid test start of the two people turned negative.",
                              "The nucleic acid test outcomes of the two people turned "
                              "negative."))
    # "start" displaces "results", a word unlike it; "outcomes" one near it
    assert dict(wrong.evidence)["in place"] > 0.4 > 0.1 > dict(near.evidence)["in place"]
    assert wrong.probability >= DEFAULT_THRESHOLD > near.probability
    # the rest of its evidence alone would not show it
    assert probability("term", {**dict(wrong.evidence), "in place": 0.0}) < DEFAULT_THRESHOLD
    assert dict(check_beads([bead(zh, "The nucleic acid test start of the two.")],
                            glossary)[0].evidence)["in place"] == 0.0  # no encoder


def test_another_terms_rendering_is_lone_only_where_the_text_never_uses_it_freely():
    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    planted = [bead("延长对等关税", "extend the export controls"),
               bead("实施出口管制", "impose export controls")]
    term = next(f for f in check_beads(planted, glossary) if f.check == "term")
    assert dict(term.evidence)["other known lone"] == 1.0
    # the same words standing in a second bead whose Chinese lacks 出口管制: a common phrase
    free = [*planted, bead("我们讨论了问题", "we discussed export controls")]
    term = next(f for f in check_beads(free, glossary) if f.check == "term")
    assert dict(term.evidence)["other known lone"] == 0.0


def test_a_term_missing_among_others_rendered_differs_from_a_bead_missing_them_all():
    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    one = check_beads([bead("吉隆坡延长对等关税", "Kuala Lumpur extends the export controls")],
                      glossary)
    assert dict(next(f for f in one if f.check == "term").evidence)["others missing"] == 0.0
    both = check_beads([bead("吉隆坡延长对等关税", "The city extends the export controls")],
                       glossary)
    assert {dict(f.evidence)["others missing"] for f in both if f.check == "term"} == {1.0}


def test_a_wrong_term_where_the_term_stands_weighs_more_than_one_far_from_it():
    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    zh = "延长对等关税，双方还讨论了农业、能源和旅游等其他问题。"
    near = check_beads([bead(zh, "Extend export controls; the two sides also discussed "
                                 "agriculture, energy, tourism and other issues.")], glossary)
    far = check_beads([bead(zh, "Extend them; the two sides also discussed agriculture, "
                                "energy, tourism and other issues such as export controls.")],
                      glossary)
    [near_term] = [f for f in near if f.check == "term"]
    [far_term] = [f for f in far if f.check == "term"]
    assert near_term.probability > far_term.probability


def _varied_text() -> list[Bead]:
    """Beads that every check has something to say of, across a text: a term whose
    rendering another term's took (that rendering standing freely further on), a forbidden
    rendering, a term rendered in the next bead, numbers, one-sided beads beside figures,
    Chinese left in the English, and a sentence translated two ways far apart in its block
    (and a third way in the next block)."""
    repeated = "双方同意进一步确定具体细节。"
    return [bead("延长对等关税", "extend the export controls"),
            bead("实施出口管制", "impose export controls"),
            bead(repeated, "Both sides agreed to work out the details."),
            bead("何立峰表示", "Ho Li-feng said"),
            bead("双方在吉隆坡会谈。", "The two sides met."),
            bead("双方同意延长。", "In Kuala Lumpur, they agreed to extend it."),
            bead("当地时间10月25日至26日", "On October 25–27 local time"),
            bead("会谈于10月25日举行。", ""),
            bead("", "Talks were held on October 26."),
            bead(repeated, "The two sides will settle specifics later.", score=0.2),
            bead("关于关税", "on 关税"),
            bead("我们讨论了问题", "we discussed export controls"),
            bead(repeated, "Both sides agreed to work out the details."),
            bead(repeated, "They differ.", block=1)]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
def test_a_text_checked_a_few_beads_at_a_time_gives_the_findings_of_the_whole(
        encoder, monkeypatch, chunk):
    """The checks run a chunk of beads at a time (what they keep of the beads is a
    chunk's): every finding, its evidence and probability, is the one found with the whole
    text at once, whatever the chunk."""
    import aligner.check.strays as strays_module

    glossary = [*GLOSSARY, Term("出口管制", "export controls")]
    beads = _varied_text()
    whole = check_beads(beads, glossary, encoder=encoder)
    assert {f.check for f in whole} >= {"term", "forbidden", "inconsistency", "number",
                                        "omission", "addition", "untranslated", "low-score"}
    term = next(f for f in whole if f.check == "term" and f.bead == 1)
    assert dict(term.evidence)["other known lone"] == 0.0  # bead 12 uses it freely
    monkeypatch.setattr(strays_module, "BEAD_CHUNK", chunk)
    assert check_beads(beads, glossary, encoder=encoder) == whole


def test_a_sentence_translated_two_ways_in_a_block_that_comes_back_is_reported():
    """Repeats are grouped by block whatever the order of the blocks (beads read from a
    file may come back to an earlier block)."""
    repeated = "双方同意进一步确定具体细节。"
    beads = [bead(repeated, "Both sides agreed."), bead(repeated, "They differ.", block=1),
             bead(repeated, "The two sides will settle specifics later.")]
    findings = check_beads(beads, [], checks=["inconsistency"])
    assert [(f.bead, f.message) for f in findings] == [
        (1, "the same Chinese is translated differently in bead 3"),
        (3, "the same Chinese is translated differently in bead 1")]


def test_what_the_check_keeps_of_the_beads_does_not_grow_with_the_text():
    """The memory the checks take over a text held in memory (numbers, terms, repeats of
    every bead) is a chunk's: four times the text, about the same peak (kept whole, it
    was four times as much)."""
    import tracemalloc

    from aligner.check import check_alignment
    from aligner.segment import alignment_from_beads

    # a text of paragraphs (blocks) of ten beads, each with its numbers and terms
    text = [bead(f"第{k}段：当地时间10月{k % 28 + 1}日，何立峰在吉隆坡表示延长对等关税。",
                 f"Paragraph {k}: on October {k % 28 + 1}, He Lifeng said in Kuala Lumpur "
                 "that the reciprocal tariffs would be extended.", block=k // 10)
            for k in range(500)]
    check_alignment(alignment_from_beads(text[:20]), GLOSSARY)  # the dictionaries loaded
    peaks = []
    for copies in (1, 4):
        alignment = alignment_from_beads(
            [replace(b, block=b.block + copy * 50) for copy in range(copies) for b in text])
        tracemalloc.start()
        check_alignment(alignment, GLOSSARY, threshold=1.01)  # no finding kept
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0]



LOOSE_ZH = ("市政府昨天公布了三条新的公交线路，这些线路将连接城东和机场，下月正式开通。\n"
            "市民对此反应不一。")
LOOSE_EN = ("The city government announced three new bus routes yesterday{}, which will open next "
            "month.\nResidents reacted in different ways.")


def test_a_clause_left_out_is_an_omission_and_one_rendered_loosely_is_not(encoder):
    # A clause that the English leaves out is a finding that names it; rendered in other
    # words than the dictionary's glosses (a paraphrase), the bead matches as well with it
    # as without, and nothing is found, however unlikely.
    from aligner.check import check_alignment
    from aligner.pipeline import align_texts

    def omissions(middle: str) -> list[Finding]:
        alignment = align_texts(LOOSE_ZH, LOOSE_EN.format(middle), encoder=encoder,
                                keep_vectors=True)
        return [f for f in check_alignment(alignment, [], encoder=encoder, threshold=0.0)
                if f.check == "omission"]

    assert [f.zh_term for f in omissions("")] == ["这些线路将连接城东和机场，"]
    assert omissions(" linking the east of the city with the airport") == []
    assert omissions(" that will take people from the eastern districts out to the airport") == []
