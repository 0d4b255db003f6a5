"""Chinese that an English translation keeps on purpose beside its translation.

Human translators keep some of the source's Chinese in the English: a gloss in brackets
after the translation or romanisation of a name (Beijing Daily (北京日报), Hongmeng 鸿蒙), a
word quoted in both scripts (“躺平” (lying flat)), a hashtag (#双十一), a title in 《》 or 「」.
What marks such a run of Han characters is that it stands *beside* English that says what it
says: its translation or its romanisation close by, or brackets or quotes that set a name or
a term apart from a translated sentence. A run left untranslated stands instead of the
English (“complete their 国内批准程序.”), is a whole clause in brackets, or is all the English
there is.

:func:`kept_reason` tells the two apart for one run; :func:`han_share` measures how much of
the English the runs left untranslated take. The decision is principled, not fitted: no
planted untranslated segment exists to fit on (benchmarks/check_cases.py plants none), and
no Han character stands in any English segment of the wmt22 train and dev references (both
translators, four domains); of the MQM train and dev segments, one machine translation
leaves a site name in Chinese (labelled an error; still reported) and three quote only a
closing mark (”, copied: no letters, no finding).
"""

from __future__ import annotations

import re

from aligner.check.findings import Span
from aligner.dictionary import cedict, cut, english_stems, pinyin_syllables
from aligner.segment.language import HAN_RUN

# Brackets and quotes that set a kept original apart: opening → closing.
_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "〔": "〕", "《": "》", "〈": "〉",
          "「": "」", "『": "』", "“": "”", "‘": "’", '"': '"'}
_BRACKETS = frozenset("(（[【〔")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Brackets or quotes alone mark a kept original of at most this many words (jieba's): a
# name or a term (北京日报, “躺平”) is glossed so, while an aside or a quotation left in
# Chinese, “(其实有点爽)”, is not kept unless its translation or romanisation stands beside it.
_ENCLOSED_WORDS = 2
# Latin words on either side of a run that may hold its translation ("The Car Guide /
# 人民汽车志", "the People's Daily 人民日报 reported").
_WINDOW = 6
# A translation or romanisation beside the run needs no brackets, but a translated sentence
# around the brackets must hold this many Latin words: "(双方同意)" alone is untranslated.
_MIN_WORDS = 2


def kept_reason(en: str, span: Span) -> str:
    """Why the Han run at ``span`` of ``en`` is a kept original ("hashtag", "bracketed",
    "quoted", "romanised", "translated"), or "" when it stands for an untranslated
    passage."""
    start, end = span
    outside = _latin_words(en[:start] + " " + en[end:])
    if not outside:
        return ""
    if start and en[start - 1] == "#":
        return "hashtag"
    enclosure = _enclosure(en, start, end)
    if enclosure is not None:
        opening, inner = enclosure
        beside = _latin_words(en[:inner[0]] + " " + en[inner[1]:])
        if len(beside) >= _MIN_WORDS and len(cut(en[start:end])) <= _ENCLOSED_WORDS:
            return "bracketed" if opening in _BRACKETS else "quoted"
    run = en[start:end]
    if _romanised(run, en[:start] + " " + en[end:]):
        return "romanised"
    if _translated_beside(run, en, start, end):
        return "translated"
    return ""


def han_share(en: str, spans: list[Span]) -> float:
    """The share of the letters of ``en`` that the Han runs at ``spans`` are."""
    han = sum(e - s for s, e in spans)
    latin = sum(len(w) for w in _latin_words(en))
    return han / max(han + latin, 1)


def _latin_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text)


def _enclosure(en: str, start: int, end: int) -> tuple[str, Span] | None:
    """The innermost brackets or quotes around ``en[start:end]``: the opening mark and the
    span inside them."""
    for left in range(start - 1, -1, -1):
        char = en[left]
        if char in _PAIRS:
            closing = _PAIRS[char]
            right = en.find(closing, end)
            if right < 0:
                return None
            # A closing mark of another pair between them: not one enclosure.
            if any(c in _PAIRS.values() and c != closing for c in en[end:right]):
                return None
            return char, (left + 1, right)
        if char in _PAIRS.values() and not _apostrophe(en, left):
            return None
    return None


def _apostrophe(en: str, at: int) -> bool:
    """Whether the mark at ``at`` is an apostrophe between letters (People’s), no quote."""
    return en[at] in "’'" and 0 < at < len(en) - 1 and en[at - 1].isalpha() \
        and en[at + 1].isalpha()


def _romanised(run: str, rest: str) -> bool:
    """Whether the English beside ``run`` spells in pinyin at least half its characters
    (Hongmeng 鸿蒙, Wang Cheng 王成): the words of two characters or more whose syllables,
    joined, are among the English's letters."""
    letters = "".join(w.casefold() for w in _latin_words(rest))
    if not letters:
        return False
    spelled = 0
    for word in cut(run):
        syllables = [s.casefold() for s in pinyin_syllables(word)]
        if len(word) >= 2 and all(s.isalpha() for s in syllables) \
                and "".join(syllables) in letters:
            spelled += len(word)
    return spelled * 2 >= len(run)


def _translated_beside(run: str, en: str, start: int, end: int) -> bool:
    """Whether the Latin words next to ``run`` (up to :data:`_WINDOW` either side) render
    at least half of its content words that CC-CEDICT glosses."""
    dictionary = cedict()
    words = dictionary.zh_words(run)
    if not words:
        return False
    before = _latin_words(HAN_RUN.sub(" ", en[:start]))[-_WINDOW:]
    after = _latin_words(HAN_RUN.sub(" ", en[end:]))[:_WINDOW]
    stems = set(english_stems(" ".join(before + after)))
    covered = sum(bool(dictionary.glosses(w) & stems) for w in words)
    return covered * 2 >= len(words)
