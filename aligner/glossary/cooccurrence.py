"""Stage 2 of the glossary: which candidates share beads, and how consistently.

Each side's candidates seen in at least ``min_count`` parallel beads form its :class:`Vocabulary`;
every (Chinese, English) pair sharing a bead gets the number of beads it shares and its association
(:func:`association`), the co-occurrence evidence the pairing weighs against the embeddings. Where
each English candidate occurs (beads, word ranges) is kept for the resolution stage.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    from aligner.glossary.candidates import Candidates
    from aligner.glossary.candidates_en import EnSpan
    from aligner.glossary.scoring import GlossaryScoring

_K = TypeVar("_K")


@dataclass(frozen=True)
class Vocabulary:
    """The candidates of one side and, per parallel bead, which of them it holds."""

    keys: list[str]
    beads: list[np.ndarray]
    # Per key, in how many beads it occurs.
    count: np.ndarray

    @classmethod
    def build(cls, per_bead: Sequence[set[str]], min_count: int = 1,
              keep: Set[str] = frozenset()) -> Vocabulary:
        """The keys seen in at least ``min_count`` beads, and those of ``keep`` seen at all."""
        counts = Counter(key for keys in per_bead for key in keys)
        vocabulary = sorted(k for k, c in counts.items() if c >= min_count or k in keep)
        index = {k: i for i, k in enumerate(vocabulary)}
        beads = [np.fromiter((index[k] for k in keys if k in index), dtype=np.int64)
                 for keys in per_bead]
        count = np.array([counts[k] for k in vocabulary], dtype=np.float64)
        return cls(vocabulary, beads, count)


@dataclass(frozen=True)
class Cooccurrence:
    """The co-occurrence statistics of the candidates of the parallel beads."""

    zh: Vocabulary
    en: Vocabulary
    # One row per (zh, en) pair of vocabulary indices sharing a bead: the pair, how many
    # beads hold both, and how consistently they do (see :func:`association`).
    pair_zh: np.ndarray
    pair_en: np.ndarray
    together: np.ndarray
    association: np.ndarray
    # The beads holding each Chinese candidate (by key) and English one (by index), and per
    # English candidate, per bead, the word ranges of its occurrences.
    zh_beads: Mapping[str, frozenset[int]]
    en_beads: Mapping[int, frozenset[int]]
    en_places: Mapping[int, Mapping[int, Sequence[tuple[int, int]]]]

    @property
    def beads(self) -> int:
        """How many parallel beads there are."""
        return len(self.zh.beads)


def count_cooccurrence(candidates: Candidates, min_count: int, scoring: GlossaryScoring,
                       keep: Set[str] = frozenset()) -> Cooccurrence:
    """The vocabularies of both sides and every pair of candidates sharing a bead; Chinese
    candidates in ``keep`` (names) are kept however rarely seen."""
    zh = Vocabulary.build([{s.key for s in spans} for spans in candidates.zh], min_count, keep)
    en = Vocabulary.build([{s.key for s in spans} for spans in candidates.en], min_count)
    z, e, together = shared_beads(zh, en)
    strength = association(together, zh.count[z], en.count[e], scoring.coverage)
    # The beads of each candidate gathered in lists (in order, each once), then frozen:
    # not a set per candidate beside its frozen copy.
    zh_beads: dict[str, list[int]] = {}
    for number, spans in enumerate(candidates.zh):
        for key in dict.fromkeys(span.key for span in spans):
            zh_beads.setdefault(key, []).append(number)
    en_beads: dict[int, list[int]] = {}
    for number, ids in enumerate(en.beads):
        for i in ids.tolist():
            en_beads.setdefault(i, []).append(number)
    en_frozen = _frozen(en_beads)
    return Cooccurrence(zh, en, z, e, together, strength, _frozen(zh_beads), en_frozen,
                        _Places(candidates.en, en.keys, en_frozen))


class _Places(Mapping[int, Mapping[int, Sequence[tuple[int, int]]]]):
    """Per English candidate, per bead, its word ranges, found in the beads' spans when first
    asked for: the resolution reads those of its renderings (four bibles: 53 MB for 65k)."""

    def __init__(self, spans: Sequence[Sequence[EnSpan]], keys: Sequence[str],
                 beads: Mapping[int, frozenset[int]]) -> None:
        self._spans, self._keys, self._beads = spans, keys, beads
        self._known: dict[int, dict[int, tuple[tuple[int, int], ...]]] = {}

    def __getitem__(self, e: int) -> Mapping[int, Sequence[tuple[int, int]]]:
        if e not in self._known:
            key = self._keys[e]
            self._known[e] = {bead: tuple((s.start, s.end) for s in self._spans[bead]
                                          if s.key == key) for bead in sorted(self._beads[e])}
        return self._known[e]

    def __iter__(self) -> Iterator[int]:
        return iter(self._beads)

    def __len__(self) -> int:
        return len(self._beads)


def _frozen(lists: dict[_K, list[int]]) -> dict[_K, frozenset[int]]:
    """Each list of ``lists`` as a frozen set, made as the lists go. Through a set filled
    in the list's order, as the sets were before, so each frozen set's order of iteration
    (its table's size) is as it was."""
    return {key: frozenset(set(lists.pop(key))) for key in list(lists)}


def shared_beads(zh: Vocabulary, en: Vocabulary, chunk: int = 1 << 22
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(zh ids, en ids, beads holding both) for every pair that shares a bead.

    The pairs of each bead are coded ``zh * len(en.keys) + en`` and counted ``chunk`` codes
    at a time, each chunk's counts merged into the running ones: memory is that of the
    distinct pairs and one chunk, not of every bead's pairs at once (two bibles: 51 MB of
    codes and as much again to sort them, all beads' at once)."""
    width = len(en.keys)
    unique = np.zeros(0, dtype=np.int64)
    counts = np.zeros(0, dtype=np.float64)
    codes: list[np.ndarray] = []
    held = 0

    def merged(unique: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        new, many = np.unique(np.concatenate(codes), return_counts=True)
        codes.clear()
        total, where = np.unique(np.concatenate([unique, new]), return_inverse=True)
        return total, np.bincount(where.reshape(-1), np.concatenate([counts, many]),
                                  minlength=len(total))

    for z, e in zip(zh.beads, en.beads, strict=True):
        if len(z) and len(e):
            codes.append((z[:, None] * width + e[None, :]).ravel())
            held += len(codes[-1])
            if held >= chunk:
                unique, counts = merged(unique, counts)
                held = 0
    if codes:
        unique, counts = merged(unique, counts)
    if not len(unique):
        return unique, unique, counts
    return unique // width, unique % width, counts


def association(together: np.ndarray, zh_count: np.ndarray | float, en_count: np.ndarray,
                coverage: float) -> np.ndarray:
    """How consistently two candidates share beads, 0–1 (an association score, not Dice).

    Mostly coverage, the share of the term's beads that hold the rendering: a common English
    word may render several Chinese terms (trade: 贸易, 经贸), so how often it appears without
    this one counts less. Add-one smoothing keeps a term seen once from co-occurring
    "perfectly" with every n-gram of its bead; repeated co-occurrence counts more.
    """
    share_of_term = together / (zh_count + 1)
    specificity = together / (en_count + 1)
    return coverage * share_of_term + (1 - coverage) * specificity


def association_weight(beads: int, scoring: GlossaryScoring) -> float:
    """How much the association counts in a pair's score: in full in a book, less than half
    in a short article, where a term's few beads share many English n-grams by chance."""
    share = math.log10(max(beads, 1)) / scoring.association_full_decades
    return scoring.association_weight * min(1.0, max(scoring.association_floor, share))
