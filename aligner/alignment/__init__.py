"""Sentence alignment: monotone beads (0-1, 1-0 and n-m with n+m <= 6) found in a narrow band."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np

from aligner.alignment.dp import (
    LEARNED,
    STEPS_AT_ONCE,
    BeadScorer,
    Clauses,
    Scoring,
    Step,
    bead_types,
    best_steps,
    length_ratio,
    steps,
)
from aligner.alignment.posterior import bead_posteriors
from aligner.alignment.search import (
    ANCHOR_MIN_GAP,
    ANCHOR_MIN_SIM,
    BAND_MAX_HALF_WIDTH,
    BAND_SLACK,
    find_band,
)
from aligner.records import Packed

__all__ = ["ANCHOR_MIN_GAP", "ANCHOR_MIN_SIM", "BAND_MAX_HALF_WIDTH", "BAND_SLACK", "LEARNED",
           "AlignedBead", "AlignedBeads", "Clauses", "Scoring", "align_sentences",
           "aligned_beads", "bead_types", "length_ratio"]


class AlignedBead(NamedTuple):
    """Sentence ids of a bead on each side, the cosine of its two sides (clipped to [0, 1];
    0 for 0-1 and 1-0), and its posterior probability under the alignment model."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    similarity: float
    confidence: float


def align_sentences(x: np.ndarray, y: np.ndarray, x_lengths: Sequence[int],
                    y_lengths: Sequence[int], scoring: Scoring | None = None,
                    max_total: int = 6, confidence: bool = True,
                    clauses: tuple[Clauses, Clauses] | None = None,
                    length_ratio: float | None = None) -> list[AlignedBead]:
    """Align source sentence vectors ``x`` with target sentence vectors ``y``.

    Returns beads covering every sentence once, in order; with ``confidence`` off, their
    posteriors are not computed (left at 1.0), which halves the work. ``clauses``, the
    clause vectors of both sides, give the clause score of 1-n and n-1 beads.
    ``length_ratio`` is the target characters a source character takes in translation,
    against which each bead's length ratio is measured; without it, that of ``x`` and
    ``y`` as a whole. Give the whole document's when ``x`` and ``y`` are a part of it: a
    part's own ratio fits whatever it holds, an untranslated sentence included.
    """
    return list(aligned_beads(x, y, x_lengths, y_lengths, scoring, max_total, confidence,
                              clauses, length_ratio))


class AlignedBeads(Packed[AlignedBead]):
    """Beads kept as arrays (each bead's first sentence and size on each side, its
    similarity and confidence), an :class:`AlignedBead` made each time one is asked for:
    48 bytes a bead, against 304 for the AlignedBead with its tuples of ids above 256
    (tracemalloc; the paragraph step of a 200 MB pair has 800,000 beads)."""

    def __init__(self, path: Sequence[Step] | np.ndarray, similarities: Sequence[float],
                 confidences: Sequence[float]) -> None:
        self._path = np.asarray(path, dtype=np.int64).reshape(-1, 4)
        self._similarity = np.asarray(similarities, dtype=np.float64)
        self._confidence = np.asarray(confidences, dtype=np.float64)

    def __len__(self) -> int:
        return len(self._path)

    def _item(self, k: int) -> AlignedBead:
        return next(self._beads(k, k + 1))

    def _run(self, start: int, stop: int) -> list[AlignedBead]:
        return list(self._beads(start, stop))

    def __iter__(self) -> Iterator[AlignedBead]:
        for start in range(0, len(self), STEPS_AT_ONCE):
            yield from self._beads(start, min(len(self), start + STEPS_AT_ONCE))

    def _beads(self, start: int, stop: int) -> Iterator[AlignedBead]:
        for (i0, j0, a, b), similarity, confidence in zip(
                self._path[start:stop].tolist(), self._similarity[start:stop].tolist(),
                self._confidence[start:stop].tolist(), strict=True):
            yield AlignedBead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)),
                              similarity, confidence)


def aligned_beads(x: np.ndarray, y: np.ndarray, x_lengths: Sequence[int],
                  y_lengths: Sequence[int], scoring: Scoring | None = None,
                  max_total: int = 6, confidence: bool = True,
                  clauses: tuple[Clauses, Clauses] | None = None,
                  length_ratio: float | None = None) -> AlignedBeads:
    """The beads of :func:`align_sentences`, kept as arrays (:class:`AlignedBeads`)."""
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return AlignedBeads([(i, 0, 1, 0) for i in range(n)] + [(n, j, 0, 1) for j in range(m)],
                            [0.0] * (n + m), [1.0] * (n + m))
    scoring = scoring or LEARNED
    band = find_band(x, y)
    # Bead types longer than a side never fit: without them the 1,043 blocks of at most two
    # sentences a side of the bible (paragraph pairs) took 1.2 s instead of 3.5 s.
    types = [(a, b) for a, b in bead_types(max_total) if a <= n and b <= m]
    scorer = BeadScorer(x, y, np.asarray(x_lengths), np.asarray(y_lengths), band,
                        types, scoring, clauses, length_ratio)
    path = best_steps(scorer)
    posteriors = bead_posteriors(scorer, path) if confidence else np.ones(len(path))
    similarities = np.fromiter((scorer.bead_similarity(i0 + a, j0 + b, a, b)
                                for i0, j0, a, b in steps(path)), dtype=np.float64,
                               count=len(path))
    return AlignedBeads(path, np.clip(similarities, 0.0, 1.0), posteriors)
