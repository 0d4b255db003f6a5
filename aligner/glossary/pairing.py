"""Stage 3 of the glossary: scoring (Chinese, English) candidate pairs that share beads.

Kinds of evidence, each strong where the others are weak:

- co-occurrence over aligned beads (an association score, :mod:`.cooccurrence`): decisive
  in long texts, uninformative for a term seen once, where every English n-gram of its
  bead co-occurs with it perfectly, so it weighs less in short texts;
- the cosine of the two phrases' multilingual embeddings: ranks the English n-grams of one
  bead against each other (出口管制 is nearer "export controls" than "rare earths");
- word by word, the cosines of the term's parts (对等, 关税) and the English words
  (reciprocal, tariff): a rendering must account for every part and add no stray word,
  and should not leave out a neighbour that translates a part (the "law" of 执法合作);
- a bilingual dictionary (:mod:`.glosses`): an English word a gloss of a part explains
  translates it, whatever the cosine, and a rendering should render the parts the dictionary glosses
  (磋商 may be "consultations", never "industries"): evidence one occurrence carries;
- shared numbers (301措施 needs the 301 of "Section 301 measures") and, for names, the
  likeness of the pinyin to the English spelling (何立峰 helifeng, He Lifeng);
- the English candidate's own shape (fragments, clauses, cut-off phrases), scored in
  :func:`aligner.glossary.candidates_en.profile`, and its length against the term's.

The weights are :class:`aligner.glossary.scoring.GlossaryScoring`'s.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from aligner.dictionary import pinyin_syllables
from aligner.glossary import candidates_en, glosses
from aligner.glossary.candidates_en import EnProfile
from aligner.glossary.candidates_zh import NOUNISH
from aligner.glossary.cooccurrence import Cooccurrence, association_weight
from aligner.lexicon import STOP_WORDS

if TYPE_CHECKING:
    from aligner.dictionary import Dictionary
    from aligner.embed import Encoder
    from aligner.glossary.candidates import Candidates
    from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan
    from aligner.glossary.scoring import GlossaryScoring
    from aligner.progress import Progress

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class ZhInfo:
    """What the pairing needs to know of a Chinese candidate beyond its text."""

    place: bool
    numbers: frozenset[str]
    spelling: str
    parts: tuple[str, ...] = ()
    noun: bool = False  # jieba's tags: a noun last (candidates_zh.NOUNISH), no verb first


def zh_info(key: str, kind: str, parts: tuple[str, ...] = (), noun: bool = False) -> ZhInfo:
    """``kind`` is what the word splitter took the term for: "person", "place" or "";
    ``parts`` its dictionary words."""
    return ZhInfo(kind == "place", frozenset(_DIGITS.findall(key)),
                  "".join(pinyin_syllables(key)) if kind == "person" else "", parts, noun)


def zh_infos(zh_spans: Sequence[Sequence[ZhSpan]], keys: Sequence[str],
             finder: ZhCandidates) -> dict[str, ZhInfo]:
    """The :class:`ZhInfo` of each of ``keys``: its most frequent kind, the parts of its first
    occurrence. Only the terms frequent enough to pair need their parts and pinyin."""
    kinds: dict[str, Counter[str]] = {}
    first: dict[str, ZhSpan] = {}
    for spans in zh_spans:
        for span in spans:
            kinds.setdefault(span.key, Counter())[span.kind] += 1
            first.setdefault(span.key, span)
    noun = {k: bool(s.flags) and s.flags[-1] in NOUNISH and s.flags[0] != "v"
            for k, s in first.items()}
    return {key: zh_info(key, kinds[key].most_common(1)[0][0], finder.parts(first[key]),
                         noun[key]) for key in keys}


def term_pieces(parts: Sequence[str], dictionary: Dictionary | None = None) -> tuple[str, ...]:
    """The pieces a term is read by where each is to be translated: its parts, or the two
    characters of a term that is one two-character word (边民: 边 border, 民 residents;
    "residents" leaves 边 untranslated, which the "border" of "border residents"
    translates), or the ``dictionary``'s pieces of one three-character word it lacks
    (金钱观: 金钱, 观; dev: 金钱观 "concept of money" and 校领导 "leaders of the university",
    not "money" and "leaders"; 1 train entry changed, 人民报 People's Daily)."""
    if len(parts) == 1 and len(parts[0]) == 2:
        return tuple(parts[0])
    if len(parts) == 1 and len(parts[0]) == 3 and dictionary is not None:
        return dictionary.pieces(parts[0])
    return tuple(parts)


@dataclass(frozen=True)
class Pairs:
    """Scored (zh, en) pairs, as parallel arrays of vocabulary indices."""

    zh: np.ndarray
    en: np.ndarray
    together: np.ndarray
    association: np.ndarray
    sim: np.ndarray
    score: np.ndarray
    # How many English content words translate no part of the Chinese term.
    unlinked: np.ndarray
    # The dictionary's evidence (see :func:`_glossed`), 0 where it has none.
    glossed: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Embeddings of the Chinese parts and English words, to say which words a pair links.
    part_vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    word_vectors: Mapping[str, np.ndarray] = field(default_factory=dict)

    # The (part, word) pairs the dictionary links (:func:`.glosses.links`), and the cosine
    # such a link counts as at least (0: the dictionary is not consulted).
    dictionary_links: frozenset[tuple[str, str]] = frozenset()
    link_cosine: float = 0.0

    def cosines(self, parts: Sequence[str], words: Sequence[str]) -> np.ndarray:
        """The cosines of ``parts`` (rows) and ``words`` (English word keys, columns; 0 for
        one not embedded), a pair the dictionary links counting as ``link_cosine`` at least."""
        a = np.stack([self.part_vectors[p] for p in parts])
        b = np.stack([self.word_vectors[w] if w in self.word_vectors else np.zeros(a.shape[1])
                      for w in words])
        out = a @ b.T
        if self.link_cosine and self.dictionary_links:
            for i, p in enumerate(parts):
                for j, w in enumerate(words):
                    if (p, w) in self.dictionary_links:
                        out[i, j] = max(out[i, j], self.link_cosine)
        return out

    def linked_words(self, parts: Sequence[str], words: Sequence[str], linked: float) -> list[bool]:
        """Which of ``words`` (English word keys) translate one of ``parts``: those with a
        cosine of at least ``linked`` to one."""
        if not parts or not words:
            return [True] * len(words)
        return (self.cosines(parts, words).max(axis=0) >= linked).tolist()


@dataclass(frozen=True)
class Pairing:
    """The pairing stage's result: the statistics it started from, the scored pairs, and
    what it learnt of the candidates of each side."""

    stats: Cooccurrence
    pairs: Pairs
    info: Mapping[str, ZhInfo]
    profile: EnProfile
    dictionary: Dictionary | None = None  # for the glosses of whole terms (resolution)

    def surface(self, e: int) -> str:
        """The printed form of English candidate ``e``."""
        return self.profile.surfaces[self.stats.en.keys[e]]

    def zh_id(self, zh: str) -> int:
        """The vocabulary index of Chinese candidate ``zh``."""
        return self._zh_index[zh]

    def rows_of(self, zh: str) -> np.ndarray:
        """The rows of ``pairs`` that pair Chinese candidate ``zh``, in order."""
        start, stop = self._groups.get(self._zh_index[zh], (0, 0))
        return self._by_zh[start:stop]

    def sim_of(self, zh: str, e: int) -> float:
        """The embedding cosine of a Chinese term and an English candidate it was paired with."""
        row = self._rows.get((self._zh_index[zh], e))
        return -1.0 if row is None else float(self.pairs.sim[row])

    def unlinked_of(self, zh: str, e: int) -> float:
        """How many words of English candidate ``e`` translate no part of ``zh``."""
        row = self._rows.get((self._zh_index[zh], e))
        return 0.0 if row is None else float(self.pairs.unlinked[row])

    def en_id(self, key: str) -> int | None:
        """The vocabulary index of English candidate ``key``, if it is one."""
        return self._en_index.get(key)

    @cached_property
    def _en_index(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.stats.en.keys)}

    def score_of(self, zh: str, e: int) -> float:
        """The score of the pair of a Chinese term and an English candidate (-inf if not
        paired)."""
        row = self._rows.get((self._zh_index[zh], e))
        return -math.inf if row is None else float(self.pairs.score[row])

    @cached_property
    def _zh_index(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.stats.zh.keys)}

    @cached_property
    def _rows(self) -> dict[tuple[int, int], int]:
        return {(z, e): i for i, (z, e) in
                enumerate(zip(self.pairs.zh.tolist(), self.pairs.en.tolist(), strict=True))}

    @cached_property
    def _by_zh(self) -> np.ndarray:
        return np.argsort(self.pairs.zh, kind="stable")

    @cached_property
    def _groups(self) -> dict[int, tuple[int, int]]:
        ids = self.pairs.zh[self._by_zh]
        starts = np.r_[0, np.flatnonzero(np.diff(ids)) + 1] if len(ids) else np.zeros(0, int)
        stops = np.r_[starts[1:], len(ids)] if len(ids) else starts
        return {int(ids[a]): (int(a), int(b)) for a, b in zip(starts, stops, strict=True)}


def pair(candidates: Candidates, stats: Cooccurrence, finder: ZhCandidates, encoder: Encoder,
         scoring: GlossaryScoring, progress: Progress | None = None,
         dictionary: Dictionary | None = None) -> Pairing:
    """Every co-occurring pair worth embedding, scored."""
    info = zh_infos(candidates.zh, stats.zh.keys, finder)
    profile = candidates_en.profile(candidates.en_all, stats.en.keys, scoring)
    pairs = score_pairs(stats, info, profile, encoder, scoring, progress,
                        candidates.quoted_pairs(), dictionary)
    return Pairing(stats, pairs, info, profile, dictionary)


def score_pairs(stats: Cooccurrence, zh_info: Mapping[str, ZhInfo], profile: EnProfile,
                encoder: Encoder, scoring: GlossaryScoring, progress: Progress | None = None,
                quoted: Set[tuple[str, str]] = frozenset(), dictionary: Dictionary | None = None
                ) -> Pairs:
    """The shortlisted co-occurring pairs with their scores. ``quoted`` are the (Chinese,
    English) keys that one bead quotes both of: they are always shortlisted and gain
    ``scoring.quote_weight``. Without a ``dictionary`` its evidence counts 0."""
    zh, en, en_surface = stats.zh, stats.en, profile.surfaces
    w_association = association_weight(stats.beads, scoring)
    both = _quoted_rows(stats, quoted)
    glossed = _glossed(stats, zh_info, dictionary, scoring)
    # A long text's pairs are shortlisted by the evidence that needs no embedding: the
    # association and the dictionary.
    keep = _shortlist(stats.pair_zh, w_association * stats.association + glossed,
                      en.count[stats.pair_en], len(set(stats.pair_en.tolist())), scoring)
    if both.any():
        keep = np.union1d(keep, np.flatnonzero(both))
    z, e = stats.pair_zh[keep], stats.pair_en[keep]
    together, strength = stats.together[keep], stats.association[keep]

    zh_used, z_row = np.unique(z, return_inverse=True)
    en_used, e_row = np.unique(e, return_inverse=True)
    zh_keys = [zh.keys[i] for i in zh_used]
    en_keys = [en.keys[j] for j in en_used]
    # Chinese parts (对等, 关税) and English content words, embedded with the phrases.
    zh_parts = [zh_info[k].parts or (k,) for k in zh_keys]
    en_words = [[w for w in k.split() if w not in STOP_WORDS] or k.split() for k in en_keys]
    around = [list(profile.neighbours[j]) for j in en_used]
    # The parts with the pieces :func:`.resolution.complete` reads a term by (see
    # :func:`term_pieces`: 边民 → 边, 民).
    part_list = sorted({p for parts in zh_parts for p in (*parts, *term_pieces(parts, dictionary))})
    word_list = sorted({w for words in en_words + around for w in words})
    texts = (zh_keys + [en_surface[k] for k in en_keys] + part_list
             + [profile.word_surfaces.get(w, w) for w in word_list])
    distinct, rows = _encode_once(encoder, texts, progress)
    at = np.cumsum([0, len(zh_keys), len(en_keys), len(part_list), len(word_list)])
    # Each kind's vectors gathered on its own, the distinct ones then let go: the parts'
    # and words' are all that the pairs keep (two bibles: 80 MB of vectors kept through
    # the resolution before, for every text).
    sim = _rowwise(distinct[rows[at[0]:at[1]]], z_row, distinct[rows[at[1]:at[2]]], e_row)
    part_vectors, word_vectors = distinct[rows[at[2]:at[3]]], distinct[rows[at[3]:at[4]]]
    del distinct, rows
    # The dictionary's word-by-word evidence (see GlossaryScoring.dictionary_link).
    links = glosses.links(part_list, word_list, dictionary) \
        if dictionary is not None and scoring.dictionary_link else frozenset()
    linked = _link_codes(links, part_list, word_list)
    words, _, unlinked, first = _word_match(z_row, e_row, zh_parts, en_words, part_list,
                                            word_list, part_vectors, word_vectors, scoring, linked)
    # A neighbour that translates a part of the term belongs in the rendering: "enforcement
    # cooperation" leaves out the "law" of 执法.
    _, missed, _, _ = _word_match(z_row, e_row, zh_parts, around, part_list, word_list,
                                  part_vectors, word_vectors, scoring, linked)
    incomplete = np.clip((missed - scoring.incomplete_from) / (1 - scoring.incomplete_from),
                         0.0, 1.0)
    person = np.array([bool(zh_info[k].spelling) for k in zh_keys], dtype=bool)[z_row] \
        if len(z) else np.zeros(0, dtype=bool)
    # A name's characters say nothing word by word (何立峰 is not 何 + 立 + 峰).
    words = np.where(person, sim, words)

    shape = np.array([zh_info[k].noun for k in zh_keys], dtype=bool)[z_row] & profile.verbal[e]
    extra = _evidence([zh_info[k] for k in zh_keys], [en_surface[k] for k in en_keys],
                      z_row, e_row, scoring)
    incomplete = np.where(person, 0.0, incomplete)
    unlinked = np.where(person, 0.0, unlinked)
    found = Pairs(z, e, together, strength, sim, np.zeros(0), unlinked, np.zeros(0),
                  dict(zip(part_list, part_vectors, strict=True)),
                  dict(zip(word_list, word_vectors, strict=True)), links, scoring.dictionary_link)
    score = (scoring.sim_weight * sim + scoring.words_weight * words
             + scoring.quote_weight * both[keep] + glossed[keep]
             + w_association * strength + (extra if len(extra) else 0)
             - profile.penalty[e] - scoring.incomplete_weight * incomplete
             - scoring.unlinked_weight * unlinked - scoring.shape_weight * shape
             - 2 * scoring.phrase_penalty * (profile.participle[e]
                                             & (first < scoring.participle_linked)))
    fit = _length_fit(zh_keys, [en_surface[k] for k in en_keys], z_row, e_row)
    if len(fit):
        score = score - scoring.length_penalty * np.maximum(0.0, fit - scoring.length_tolerance)
    return replace(found, score=score, glossed=glossed[keep])


def _encode_once(encoder: Encoder, texts: Sequence[str], progress: Progress | None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The vectors of the distinct ``texts``, each embedded once (a term's part is often a
    term too, and an English word a candidate: 16,766 texts on the bible, 12,677 distinct),
    and the row of each text's."""
    if not texts:
        return np.zeros((0, 1)), np.zeros(0, dtype=np.int64)
    index: dict[str, int] = {}
    rows = np.array([index.setdefault(t, len(index)) for t in texts])
    return encoder.encode(list(index), progress=progress), rows


def _link_codes(links: Set[tuple[str, str]], part_list: Sequence[str],
                word_list: Sequence[str]) -> np.ndarray:
    """The dictionary's (part, word) links as sorted codes ``part * len(word_list) + word``
    of the indices of ``part_list`` and ``word_list``."""
    if not links:
        return np.zeros(0, dtype=np.int64)
    part_at = {p: i for i, p in enumerate(part_list)}
    word_at = {w: i for i, w in enumerate(word_list)}
    return np.sort(np.fromiter((part_at[p] * len(word_list) + word_at[w] for p, w in links),
                               dtype=np.int64, count=len(links)))


def _glossed(stats: Cooccurrence, zh_info: Mapping[str, ZhInfo], dictionary: Dictionary | None,
             scoring: GlossaryScoring) -> np.ndarray:
    """Per co-occurring pair of ``stats``, the dictionary's evidence for it: the share of
    the term's glossed parts that the English renders by a gloss (:func:`.glosses.rendered`)
    times ``scoring.dictionary_chinese``; zero for a term the dictionary does not know and
    without a dictionary."""
    if dictionary is None or not scoring.dictionary_chinese or not len(stats.pair_zh):
        return np.zeros(len(stats.pair_zh))
    infos = [zh_info[k] for k in stats.zh.keys]
    share, _ = glosses.rendered(
        [info.parts or (k,) for k, info in zip(stats.zh.keys, infos, strict=True)],
        stats.en.keys, stats.pair_zh, stats.pair_en, dictionary,
        np.array([bool(info.spelling) for info in infos], dtype=bool))
    return scoring.dictionary_chinese * share


def _quoted_rows(stats: Cooccurrence, quoted: Set[tuple[str, str]]) -> np.ndarray:
    """Per co-occurring pair of ``stats``, whether it is one of the ``quoted`` pairs."""
    out = np.zeros(len(stats.pair_zh), dtype=bool)
    if not quoted:
        return out
    zh_index = {k: i for i, k in enumerate(stats.zh.keys)}
    en_index = {k: i for i, k in enumerate(stats.en.keys)}
    codes = {zh_index[z] * len(en_index) + en_index[e] for z, e in quoted
             if z in zh_index and e in en_index}
    if codes:
        out = np.isin(stats.pair_zh * len(en_index) + stats.pair_en,
                      np.fromiter(codes, dtype=np.int64))
    return out


def _rowwise(a: np.ndarray, rows_a: np.ndarray, b: np.ndarray, rows_b: np.ndarray,
             cells: int = 4_000_000) -> np.ndarray:
    """Cosines of a[rows_a[i]] and b[rows_b[i]]: blocks of ``a`` against all of ``b`` in
    one product each (at most ``cells`` cosines at a time), read where a pair needs them;
    half the time of gathering both rows per pair (the bible's 176,970 pairs)."""
    out = np.empty(len(rows_a), dtype=np.float64)
    order = np.argsort(rows_a, kind="stable")
    sorted_a = rows_a[order]
    step = max(1, cells // max(len(b), 1))
    for start in range(0, len(a), step):
        lo, hi = np.searchsorted(sorted_a, [start, start + step])
        if lo < hi:
            at = order[lo:hi]
            out[at] = (a[start:start + step] @ b.T)[sorted_a[lo:hi] - start, rows_b[at]]
    return out


def _word_match(z_row: np.ndarray, e_row: np.ndarray, zh_parts: list[tuple[str, ...]],
                en_words: list[list[str]], part_list: list[str], word_list: list[str],
                part_vectors: np.ndarray, word_vectors: np.ndarray, scoring: GlossaryScoring,
                linked: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How well the words of each pair translate each other, 0–1-ish; the best match of any
    one English word; how many English words match no part at all; and the best match of
    the first English word.

    Each English content word is matched to its most similar Chinese part and each part to its most
    similar English word (``linked``: the dictionary's links, as :func:`_link_codes` codes, count as
    ``scoring.dictionary_link`` at least); the pair scores the two averages, mostly the lower. An
    English candidate that reaches past the term (tariff suspension for 对等关税) has a word that no
    part accounts for. Pairs without English words score -1.
    """
    part_at = {p: i for i, p in enumerate(part_list)}
    word_at = {w: i for i, w in enumerate(word_list)}
    z_flat, z_off = glosses.ragged([[part_at[p] for p in parts] for parts in zh_parts])
    e_flat, e_off = glosses.ragged([[word_at[w] for w in words] for words in en_words])
    n_parts = np.diff(z_off)[z_row]
    n_words = np.diff(e_off)[e_row]
    empty = n_words == 0
    if empty.all():  # no pair, or none with English words
        return *[np.full(len(z_row), -1.0)] * 2, np.zeros(len(z_row)), np.full(len(z_row), -1.0)
    sizes = n_parts * n_words
    pair = np.repeat(np.arange(len(z_row)), sizes)
    local = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    part_local = local // n_words[pair]
    word_local = local % n_words[pair]
    parts = z_flat[z_off[z_row[pair]] + part_local]
    words = e_flat[e_off[e_row[pair]] + word_local]
    # Blocks of parts against every word, one product each, read where a pair needs it:
    # the pairs repeat the same (part, word) many times over. In blocks rather than all
    # parts at once: the whole product of two bibles' parts and words is hundreds of MB.
    cos = _rowwise(part_vectors, parts, word_vectors, words)
    if linked is not None and len(linked):
        # A part and a word the dictionary links count as scoring.dictionary_link at least.
        known = np.isin(parts * len(word_list) + words, linked)
        cos = np.where(known, np.maximum(cos, scoring.dictionary_link), cos)
    # Best part per (pair, word) and best word per (pair, part).
    word_slot = np.repeat(np.cumsum(n_words) - n_words, sizes) + word_local
    part_slot = np.repeat(np.cumsum(n_parts) - n_parts, sizes) + part_local
    best_for_word = np.full(int(n_words.sum()), -1.0)
    best_for_part = np.full(int(n_parts.sum()), -1.0)
    np.maximum.at(best_for_word, word_slot, cos)
    np.maximum.at(best_for_part, part_slot, cos)
    best_any = np.full(len(z_row), -1.0)
    np.maximum.at(best_any, pair, cos)
    full = ~empty
    word_starts = (np.cumsum(n_words) - n_words)[full]
    english = np.full(len(z_row), -1.0)
    english[full] = np.add.reduceat(best_for_word, word_starts) / n_words[full]
    unlinked = np.zeros(len(z_row))
    stray = (best_for_word < scoring.unlinked).astype(np.float64)
    unlinked[full] = np.add.reduceat(stray, word_starts)
    best_for_part_full = best_for_part[np.repeat(full, n_parts)]
    chinese = np.full(len(z_row), -1.0)
    chinese[full] = np.add.reduceat(best_for_part_full,
                                    np.cumsum(n_parts[full]) - n_parts[full]) / n_parts[full]
    # Mostly the weaker side (see GlossaryScoring.weaker_side).
    weaker = scoring.weaker_side
    both = weaker * np.minimum(english, chinese) + (1 - weaker) * np.maximum(english, chinese)
    first = np.full(len(z_row), -1.0)
    first[full] = best_for_word[word_starts]
    return np.where(full, both, -1.0), best_any, unlinked, first


def _shortlist(z: np.ndarray, strength: np.ndarray, en_count: np.ndarray, distinct_en: int,
               scoring: GlossaryScoring) -> np.ndarray:
    """Which pairs to embed: all in short texts, the most associated per term in long ones."""
    if distinct_en <= scoring.embed_all_below:
        return np.arange(len(z))
    # Ties in association go to the more frequent English candidate: better attested.
    order = np.lexsort((-en_count, -strength, z))
    z_sorted = z[order]
    starts = np.r_[0, np.flatnonzero(np.diff(z_sorted)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(z_sorted)]))
    rank = np.arange(len(z_sorted)) - group_start
    return np.sort(order[rank < scoring.top_per_term])


def _evidence(zh: Sequence[ZhInfo], en: Sequence[str], z_row: np.ndarray, e_row: np.ndarray,
              scoring: GlossaryScoring) -> np.ndarray:
    """Numbers, names and spelling, per pair: the evidence beyond co-occurrence and embeddings.

    ``zh`` and ``en`` describe the candidates once each; ``z_row`` and ``e_row`` index them
    per pair. Only the pairs with numbers or a name on a side are looked at one by one.
    """
    if not len(z_row):
        return np.zeros(0)
    en_numbers = [frozenset(_DIGITS.findall(text)) for text in en]
    capitalised = np.array([_capitalised(text) for text in en], dtype=bool)[e_row]
    zh_numbers = np.array([bool(info.numbers) for info in zh], dtype=bool)[z_row]
    has_numbers = zh_numbers | np.array([bool(n) for n in en_numbers], dtype=bool)[e_row]
    number = np.zeros(len(z_row))
    for i in np.flatnonzero(has_numbers).tolist():
        mine, theirs = zh[z_row[i]].numbers, en_numbers[e_row[i]]
        if mine == theirs:
            number[i] = scoring.number_weight
        elif mine and not mine <= theirs:
            number[i] = -2 * scoring.number_weight
        else:
            number[i] = -scoring.number_weight
    # jieba's person tags are too loose (芬太尼 fentanyl is one) to demand capitals of them.
    place = np.array([info.place for info in zh], dtype=bool)[z_row]
    mismatch = np.where(place & ~capitalised, scoring.name_mismatch, 0.0)
    person = np.array([bool(info.spelling) for info in zh], dtype=bool)[z_row]
    spelling = np.zeros(len(z_row))
    for i in np.flatnonzero(person & capitalised).tolist():
        likeness = SequenceMatcher(None, zh[z_row[i]].spelling,
                                   _LETTERS.sub("", en[e_row[i]].lower()), autojunk=False).ratio()
        # Only a close likeness is evidence (see GlossaryScoring.spelling_from).
        spelling[i] = scoring.spelling_weight * max(0.0, likeness - scoring.spelling_from) \
            / (1 - scoring.spelling_from)
    return number - mismatch + spelling


def _capitalised(english: str) -> bool:
    """Whether every content word is capitalised, as in a name (Kuala Lumpur, He Lifeng)."""
    words = [w for w in english.split() if (w[:1].isalpha() and len(w) > 3) or w[:1].isupper()]
    return bool(words) and all(w[:1].isupper() for w in words)


def _length_fit(zh: Sequence[str], en: Sequence[str], z_row: np.ndarray,
                e_row: np.ndarray) -> np.ndarray:
    """Per pair, how far the English is from the length a translation of the Chinese usually
    has (0 = fits).

    Chinese terms take about one English word per two characters; the fit only punishes
    renderings far off that ratio (a four-character term against a six-word phrase).
    """
    if not len(z_row):
        return np.zeros(0)
    expected = np.array([max(1.0, len(text) / 2) for text in zh])[z_row]
    ratio = np.array([len(text.split()) for text in en], dtype=np.float64)[e_row] / expected
    # The ratios take few values: their logarithms are taken once each, with math.log.
    values, where = np.unique(ratio, return_inverse=True)
    return np.array([abs(math.log(v)) for v in values.tolist()])[where.reshape(-1)]
