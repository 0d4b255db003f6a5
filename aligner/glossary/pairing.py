"""Scoring (Chinese, English) candidate pairs: co-occurrence in beads, embeddings, numbers, names.

Three kinds of evidence, each strong where the others are weak:

- co-occurrence over aligned beads (Dice): decisive in long texts, uninformative for a term
  seen once, where every English n-gram of its bead co-occurs with it perfectly;
- the cosine of the two phrases' multilingual embeddings: ranks the English n-grams of one
  bead against each other (出口管制 is nearer "export controls" than "rare earths");
- shared numbers (301措施 needs the 301 of "Section 301 measures") and, for names, the
  likeness of the pinyin to the English spelling (何立峰 helifeng, He Lifeng).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from aligner.embed import Encoder
from aligner.progress import Progress

# Weights of the evidence in a pair's score; the embedding cosine of right pairs is mostly
# 0.5–0.8 and of wrong ones 0.2–0.5, Dice spans 0–1.
W_SIM = 1.0
W_DICE = 0.8
COVERAGE = 0.7
W_NUMBER = 0.35
W_SPELLING = 0.6
# A name left as a common noun, or an English name for a Chinese common noun.
NAME_MISMATCH = 0.25
# How many English candidates per Chinese term are embedded once the text is long enough
# that embedding every co-occurring n-gram would cost more than it tells.
TOP_PER_TERM = 12
EMBED_ALL_BELOW = 20_000

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


def score_pairs(zh: Vocabulary, en: Vocabulary, zh_info: dict[str, ZhInfo],
                en_surface: dict[str, str], en_penalty: np.ndarray, encoder: Encoder,
                progress: Progress | None = None) -> Pairs:
    """Every co-occurring pair with its score; ``en_penalty`` marks poor English candidates."""
    z, e, together = cooccurrence(zh, en)
    dice = association(together, zh.count[z], en.count[e])
    keep = _shortlist(z, dice, en.count[e], len(set(e.tolist())))
    z, e, together, dice = z[keep], e[keep], together[keep], dice[keep]

    zh_used, z_row = np.unique(z, return_inverse=True)
    en_used, e_row = np.unique(e, return_inverse=True)
    texts = [zh.keys[i] for i in zh_used] + [en_surface[en.keys[j]] for j in en_used]
    vectors = encoder.encode(texts, progress=progress) if texts else np.zeros((0, 1))
    zh_vectors, en_vectors = vectors[:len(zh_used)], vectors[len(zh_used):]
    sim = np.einsum("ij,ij->i", zh_vectors[z_row], en_vectors[e_row]) if len(z) else dice * 0

    extra = np.array([_evidence(zh_info[zh.keys[a]], en_surface[en.keys[b]])
                      for a, b in zip(z.tolist(), e.tolist(), strict=True)], dtype=np.float64)
    score = W_SIM * sim + W_DICE * dice + (extra if len(extra) else 0) - en_penalty[e]
    return Pairs(z, e, together, dice, sim.astype(np.float64), score)


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


def zh_info(key: str, kind: str) -> ZhInfo:
    """``kind`` is what the word splitter took the term for: "person", "place" or ""."""
    return ZhInfo(kind == "place", frozenset(_DIGITS.findall(key)),
                  _pinyin(key) if kind == "person" else "")


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
