"""Reading text in its encodings, language detection and sentence splitting."""

from __future__ import annotations

import codecs

import pytest

from aligner.errors import InputError
from aligner.evaluation import parse_alignment, per_type_f1, score
from aligner.segment import detect_language, split_paragraphs, split_sentences
from aligner.text import read_text

TEXT = "中美经贸磋商在吉隆坡举行。\nTalks were held in Kuala Lumpur.\n"


@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("gb18030"),
])
def test_encodings_are_detected(tmp_path, encoded):
    path = tmp_path / "in.txt"
    path.write_bytes(encoded)
    assert read_text(path) == TEXT


def test_big5_is_read_when_named_or_detected(tmp_path):
    text = "中華民國外交部發表聲明，雙方同意繼續磋商。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_text(path, encoding="big5") == text
    assert detect_language(read_text(path)) == "zh"


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "is empty"), (b"  \n\n ", "is empty"), (b"\x00\x01\x02abc" * 50, "binary"),
])
def test_unusable_files_name_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem) as info:
        read_text(path)
    assert "bad.txt" in str(info.value)


def test_language_of_paragraphs():
    assert detect_language("商务部国际贸易谈判代表对CGTN有一个briefing:双方讨论了议题。") == "zh"
    assert detect_language("Briefing by Li Chenggang, China’s Vice Minister of Commerce") == "en"
    assert detect_language("2025 — 100%") is None


def test_chinese_sentences_keep_closing_quotes():
    text = "他说：“我们同意。”双方随后签署了协议！这是好消息吗？当然……真的。"
    assert split_sentences(text, "zh") == [
        "他说：“我们同意。”", "双方随后签署了协议！", "这是好消息吗？", "当然……", "真的。"]


@pytest.mark.parametrize("text, lang, expected", [
    ("他说：“我们要合作。 ”然后离开了。", "zh", ["他说：“我们要合作。 ”", "然后离开了。"]),
    ("He said: “We will cooperate. ” Then he left.", "en",
     ["He said: “We will cooperate. ”", "Then he left."]),
    # a closing mark with nothing left open before it stays where it stands
    ("我们同意。 ”然后离开了。", "zh", ["我们同意。", "”然后离开了。"]),
])
def test_a_closing_quote_after_a_space_closes_the_sentence_it_ends(text, lang, expected):
    assert split_sentences(text, lang) == expected


def test_english_does_not_break_at_abbreviations_initials_or_decimals():
    text = ("The U.S. side met Mr. He on Feb. 17 in Washington. It was item No. 2 on the list, "
            "worth 3.5 percent. J. R. Smith agreed. SEC. BESSENT: We reached a deal.")
    assert split_sentences(text, "en") == [
        "The U.S. side met Mr. He on Feb. 17 in Washington.",
        "It was item No. 2 on the list, worth 3.5 percent.",
        "J. R. Smith agreed.",
        "SEC. BESSENT: We reached a deal.",
    ]


def test_paragraphs_are_lines_with_their_language():
    paragraphs = split_paragraphs("First line. Second sentence.\n\n中文段落。第二句。\n")
    assert [(p.lang, len(p.sentences)) for p in paragraphs] == [("en", 2), ("zh", 2)]


def test_f1_counts_null_beads_in_precision_only():
    gold = parse_alignment("[0]:[0]\n[1]:[1,2]\n[]:[3]\n")
    test = parse_alignment("[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n")
    result = score(test, gold)
    assert result["strict_precision"] == pytest.approx(2 / 4)
    assert result["strict_recall"] == pytest.approx(1 / 2)
    assert result["lax_precision"] == pytest.approx(3 / 4)
    assert result["lax_recall"] == pytest.approx(2 / 2)
    assert per_type_f1([(test, gold)])["1-2"]["recall"] == 0.0
