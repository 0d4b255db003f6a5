"""Scoring (Chinese, English) candidate pairs: co-occurrence in beads, embeddings, numbers, names.

Kinds of evidence, each strong where the others are weak:

- co-occurrence over aligned beads (a Dice-like association): decisive in long texts,
  uninformative for a term seen once, where every English n-gram of its bead co-occurs
  with it perfectly, so it weighs less in short texts;
- the cosine of the two phrases' multilingual embeddings: ranks the English n-grams of one
  bead against each other (出口管制 is nearer "export controls" than "rare earths");
- word by word, the cosines of the term's parts (对等, 关税) and the English words
  (reciprocal, tariff): a rendering must account for every part and add no stray word,
  and should not leave out a neighbour that translates a part (the "law" of 执法合作);
- shared numbers (301措施 needs the 301 of "Section 301 measures") and, for names, the
  likeness of the pinyin to the English spelling (何立峰 helifeng, He Lifeng);
- the English candidate's own shape (fragments, clauses, cut-off phrases), scored in
  :func:`aligner.glossary.candidates_en.penalties`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from aligner.embed import Encoder
from aligner.glossary.candidates_en import STOP_WORDS
from aligner.progress import Progress

# Weights of the evidence in a pair's score; the embedding cosine of right pairs is mostly
# 0.5–0.8 and of wrong ones 0.2–0.5, the association spans 0–1.
W_SIM = 0.6
W_WORDS = 0.6
# A neighbour of the rendering translating a part at INCOMPLETE_FROM or above costs up to
# W_INCOMPLETE.
W_INCOMPLETE = 0.3
# The cosine from which an English word counts as translating a Chinese part, and below
# which it translates none (tariffs in "fentanyl tariffs and counter-narcotics cooperation"
# for 芬太尼禁毒合作), at a cost per word.
LINKED = 0.45
UNLINKED = 0.35
W_UNLINKED = 0.1
INCOMPLETE_FROM = 0.5
W_DICE = 0.8
COVERAGE = 0.7
W_NUMBER = 0.35
W_SPELLING = 0.6
# A name left as a common noun, or an English name for a Chinese common noun.
NAME_MISMATCH = 0.25
# How many English candidates per Chinese term are embedded once the text is long enough
# that embedding every co-occurring n-gram would cost more than it tells.
TOP_PER_TERM = 8
EMBED_ALL_BELOW = 5_000

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_LETTERS = re.compile(r"[^a-z]")


@dataclass
class Vocabulary:
    """The candidates of one side and, per parallel bead, which of them it holds."""

    keys: list[str]
    beads: list[np.ndarray]
    count: np.ndarray

    @classmethod
    def build(cls, per_bead: Sequence[set[str]], min_count: int = 1) -> Vocabulary:
        counts: dict[str, int] = {}
        for keys in per_bead:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        vocabulary = sorted(k for k, c in counts.items() if c >= min_count)
        index = {k: i for i, k in enumerate(vocabulary)}
        beads = [np.fromiter((index[k] for k in keys if k in index), dtype=np.int64)
                 for keys in per_bead]
        count = np.array([counts[k] for k in vocabulary], dtype=np.float64)
        return cls(vocabulary, beads, count)


@dataclass
class Pairs:
    """Scored (zh, en) pairs, as parallel arrays of vocabulary indices."""

    zh: np.ndarray
    en: np.ndarray
    together: np.ndarray
    dice: np.ndarray
    sim: np.ndarray
    score: np.ndarray
    # How many English content words translate no part of the Chinese term.
    unlinked: np.ndarray
    # Embeddings of the Chinese parts and English words, to say which words a pair links.
    part_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    word_vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def linked_words(self, parts: Sequence[str], words: Sequence[str]) -> list[bool]:
        """Which of ``words`` (English word keys) translate one of ``parts``."""
        if not parts or not words:
            return [True] * len(words)
        a = np.stack([self.part_vectors[p] for p in parts])
        b = np.stack([self.word_vectors[w] if w in self.word_vectors else np.zeros(a.shape[1])
                      for w in words])
        return ((a @ b.T).max(axis=0) >= LINKED).tolist()


def cooccurrence(zh: Vocabulary, en: Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(zh ids, en ids, beads holding both) for every pair that shares a bead."""
    width = len(en.keys)
    codes = [(z[:, None] * width + e[None, :]).ravel()
             for z, e in zip(zh.beads, en.beads, strict=True) if len(z) and len(e)]
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty.astype(np.float64)
    unique, counts = np.unique(np.concatenate(codes), return_counts=True)
    return unique // width, unique % width, counts.astype(np.float64)


@dataclass
class EnInfo:
    """What the pairing needs to know of the English candidates beyond their keys."""

    surfaces: dict[str, str]
    word_surfaces: dict[str, str]
    # Per vocabulary index: how little the candidate looks like a term (0 = fine), and the
    # content words that usually stand next to it.
    penalty: np.ndarray
    neighbours: list[tuple[str, ...]]


def score_pairs(zh: Vocabulary, en: Vocabulary, zh_info: dict[str, ZhInfo], en_info: EnInfo,
                encoder: Encoder, progress: Progress | None = None) -> Pairs:
    """Every co-occurring pair with its score."""
    en_surface = en_info.surfaces
    z, e, together = cooccurrence(zh, en)
    dice = association(together, zh.count[z], en.count[e])
    w_dice = dice_weight(len(zh.beads))
    keep = _shortlist(z, dice, en.count[e], len(set(e.tolist())))
    z, e, together, dice = z[keep], e[keep], together[keep], dice[keep]

    zh_used, z_row = np.unique(z, return_inverse=True)
    en_used, e_row = np.unique(e, return_inverse=True)
    zh_keys = [zh.keys[i] for i in zh_used]
    en_keys = [en.keys[j] for j in en_used]
    # Chinese parts (对等, 关税) and English content words, embedded with the phrases.
    zh_parts = [zh_info[k].parts or (k,) for k in zh_keys]
    en_words = [[w for w in k.split() if w not in STOP_WORDS] or k.split() for k in en_keys]
    around = [list(en_info.neighbours[j]) for j in en_used]
    part_list = sorted({p for parts in zh_parts for p in parts})
    word_list = sorted({w for words in en_words + around for w in words})
    texts = (zh_keys + [en_surface[k] for k in en_keys] + part_list
             + [en_info.word_surfaces.get(w, w) for w in word_list])
    vectors = encoder.encode(texts, progress=progress) if texts else np.zeros((0, 1))
    at = np.cumsum([0, len(zh_keys), len(en_keys), len(part_list)])
    sim = _rowwise(vectors[:at[1]], z_row, vectors[at[1]:at[2]], e_row)
    part_vectors, word_vectors = vectors[at[2]:at[3]], vectors[at[3]:]
    words, _, unlinked = _word_match(z_row, e_row, zh_parts, en_words, part_list, word_list,
                                     part_vectors, word_vectors)
    # A neighbour that translates a part of the term belongs in the rendering: "enforcement
    # cooperation" leaves out the "law" of 执法.
    _, missed, _ = _word_match(z_row, e_row, zh_parts, around, part_list, word_list,
                               part_vectors, word_vectors)
    incomplete = np.clip((missed - INCOMPLETE_FROM) / (1 - INCOMPLETE_FROM), 0.0, 1.0)
    person = np.array([bool(zh_info[k].spelling) for k in zh_keys], dtype=bool)[z_row] \
        if len(z) else np.zeros(0, dtype=bool)
    # A name's characters say nothing word by word (何立峰 is not 何 + 立 + 峰).
    words = np.where(person, sim, words)

    extra = np.array([_evidence(zh_info[zh.keys[a]], en_surface[en.keys[b]])
                      for a, b in zip(z.tolist(), e.tolist(), strict=True)], dtype=np.float64)
    incomplete = np.where(person, 0.0, incomplete)
    unlinked = np.where(person, 0.0, unlinked)
    score = (W_SIM * sim + W_WORDS * words + w_dice * dice + (extra if len(extra) else 0)
             - en_info.penalty[e] - W_INCOMPLETE * incomplete - W_UNLINKED * unlinked)
    return Pairs(z, e, together, dice, sim, score, unlinked, dict(zip(part_list, part_vectors,
                                                             strict=True)),
                 dict(zip(word_list, word_vectors, strict=True)))


def _rowwise(a: np.ndarray, rows_a: np.ndarray, b: np.ndarray, rows_b: np.ndarray,
             chunk: int = 65536) -> np.ndarray:
    """Cosines of a[rows_a[i]] and b[rows_b[i]], in chunks to bound memory."""
    out = np.empty(len(rows_a), dtype=np.float64)
    for start in range(0, len(rows_a), chunk):
        stop = start + chunk
        out[start:stop] = np.einsum("ij,ij->i", a[rows_a[start:stop]], b[rows_b[start:stop]])
    return out


def _word_match(z_row: np.ndarray, e_row: np.ndarray, zh_parts: list[tuple[str, ...]],
                en_words: list[list[str]], part_list: list[str], word_list: list[str],
                part_vectors: np.ndarray, word_vectors: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How well the words of each pair translate each other, 0–1-ish; the best match of any
    one English word; and how many English words match no part at all.

    Each English content word is matched to its most similar Chinese part and each part to
    its most similar English word; the pair scores the two averages, mostly the lower. An English
    candidate that reaches past the term (tariff suspension for 对等关税) has a word that no
    part accounts for. Pairs without English words score -1.
    """
    if not len(z_row):
        return np.zeros(0), np.zeros(0), np.zeros(0)
    part_at = {p: i for i, p in enumerate(part_list)}
    word_at = {w: i for i, w in enumerate(word_list)}
    z_flat, z_off = _ragged([[part_at[p] for p in parts] for parts in zh_parts])
    e_flat, e_off = _ragged([[word_at[w] for w in words] for words in en_words])
    n_parts = np.diff(z_off)[z_row]
    n_words = np.diff(e_off)[e_row]
    empty = n_words == 0
    if empty.all():
        return np.full(len(z_row), -1.0), np.full(len(z_row), -1.0), np.zeros(len(z_row))
    sizes = n_parts * n_words
    pair = np.repeat(np.arange(len(z_row)), sizes)
    local = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    part_local = local // n_words[pair]
    word_local = local % n_words[pair]
    parts = z_flat[z_off[z_row[pair]] + part_local]
    words = e_flat[e_off[e_row[pair]] + word_local]
    cos = _rowwise(part_vectors, parts, word_vectors, words)
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
    unlinked[full] = np.add.reduceat((best_for_word < UNLINKED).astype(np.float64), word_starts)
    best_for_part_full = best_for_part[np.repeat(full, n_parts)]
    chinese = np.full(len(z_row), -1.0)
    chinese[full] = np.add.reduceat(best_for_part_full,
                                    np.cumsum(n_parts[full]) - n_parts[full]) / n_parts[full]
    # Mostly the weaker side: a one-word rendering of a four-part term (chain for 脱钩断链)
    # matches its one word well and leaves the other parts unaccounted for.
    both = 0.75 * np.minimum(english, chinese) + 0.25 * np.maximum(english, chinese)
    return np.where(full, both, -1.0), best_any, unlinked


def _ragged(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    flat = np.fromiter((x for items in lists for x in items), dtype=np.int64)
    offsets = np.cumsum([0] + [len(items) for items in lists])
    return flat, offsets


def dice_weight(beads: int) -> float:
    """How much co-occurrence counts: in full in a book, less than half in a short article,
    where a term's few beads share many English n-grams by chance."""
    return W_DICE * min(1.0, max(0.4, math.log10(max(beads, 1)) / 3))


def association(together: np.ndarray, zh_count: np.ndarray, en_count: np.ndarray) -> np.ndarray:
    """How consistently two candidates share beads, 0–1.

    Mostly coverage, the share of the term's beads that hold the rendering: a common English
    word may render several Chinese terms (trade: 贸易, 经贸), so how often it appears without
    this one counts less. Add-one smoothing keeps a term seen once from co-occurring
    "perfectly" with every n-gram of its bead; repeated co-occurrence counts more.
    """
    coverage = together / (zh_count + 1)
    specificity = together / (en_count + 1)
    return COVERAGE * coverage + (1 - COVERAGE) * specificity


def _shortlist(z: np.ndarray, dice: np.ndarray, en_count: np.ndarray,
               distinct_en: int) -> np.ndarray:
    """Which pairs to embed: all in short texts, the best by Dice per term in long ones."""
    if distinct_en <= EMBED_ALL_BELOW:
        return np.arange(len(z))
    # Ties in Dice go to the more frequent English candidate: better attested.
    order = np.lexsort((-en_count, -dice, z))
    z_sorted = z[order]
    starts = np.r_[0, np.flatnonzero(np.diff(z_sorted)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(z_sorted)]))
    rank = np.arange(len(z_sorted)) - group_start
    return np.sort(order[rank < TOP_PER_TERM])


@dataclass(frozen=True)
class ZhInfo:
    """What the pairing needs to know of a Chinese candidate beyond its text."""

    place: bool
    numbers: frozenset[str]
    spelling: str
    parts: tuple[str, ...] = ()


def zh_info(key: str, kind: str, parts: tuple[str, ...] = ()) -> ZhInfo:
    """``kind`` is what the word splitter took the term for: "person", "place" or "";
    ``parts`` its dictionary words."""
    return ZhInfo(kind == "place", frozenset(_DIGITS.findall(key)),
                  _pinyin(key) if kind == "person" else "", parts)


@lru_cache(maxsize=65536)
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def _evidence(info: ZhInfo, english: str) -> float:
    """Numbers, names and spelling: the evidence beyond co-occurrence and embeddings."""
    bonus = 0.0
    numbers = frozenset(_DIGITS.findall(english))
    if info.numbers or numbers:
        if info.numbers == numbers:
            bonus += W_NUMBER
        elif info.numbers and not info.numbers <= numbers:
            bonus -= 2 * W_NUMBER
        else:
            bonus -= W_NUMBER
    capitalised = _capitalised(english)
    # jieba's person tags are too loose (芬太尼 fentanyl is one) to demand capitals of them.
    if info.place and not capitalised:
        bonus -= NAME_MISMATCH
    if info.spelling and capitalised:
        likeness = SequenceMatcher(None, info.spelling, _LETTERS.sub("", english.lower()),
                                   autojunk=False).ratio()
        # Only a close likeness is evidence: pinyin of a transliterated name (贝森特, beisente)
        # still resembles the English spelling (Bessent); unrelated words reach about 0.5.
        bonus += W_SPELLING * max(0.0, likeness - 0.6) / 0.4
    return bonus


def _capitalised(english: str) -> bool:
    """Whether every content word is capitalised, as in a name (Kuala Lumpur, He Lifeng)."""
    words = [w for w in english.split() if (w[:1].isalpha() and len(w) > 3) or w[:1].isupper()]
    return bool(words) and all(w[:1].isupper() for w in words)


def length_fit(zh: str, english: str) -> float:
    """How far the English is from the length a translation of ``zh`` usually has (0 = fits).

    Chinese terms take about one English word per two characters; the fit only punishes
    renderings far off that ratio (a four-character term against a six-word phrase).
    """
    expected = max(1.0, len(zh) / 2)
    return abs(math.log(len(english.split()) / expected))
