"""Sentence alignment: monotone beads (0-1, 1-0 and n-m with n+m <= 6) found in a narrow band."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from aligner.alignment.dp import (
    LEARNED,
    BeadScorer,
    Clauses,
    Scoring,
    bead_types,
    best_path,
    length_ratio,
)
from aligner.alignment.posterior import bead_posteriors
from aligner.alignment.search import (
    ANCHOR_MIN_GAP,
    ANCHOR_MIN_SIM,
    BAND_MAX_HALF_WIDTH,
    BAND_SLACK,
    find_band,
)

__all__ = ["ANCHOR_MIN_GAP", "ANCHOR_MIN_SIM", "BAND_MAX_HALF_WIDTH", "BAND_SLACK", "LEARNED",
           "AlignedBead", "Clauses", "Scoring", "align_sentences", "bead_types", "length_ratio"]


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
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return [AlignedBead((i,), (), 0.0, 1.0) for i in range(n)] + \
            [AlignedBead((), (j,), 0.0, 1.0) for j in range(m)]
    scoring = scoring or LEARNED
    band = find_band(x, y)
    # Bead types longer than a side never fit: without them the 1,043 blocks of at most two
    # sentences a side of the bible (paragraph pairs) took 1.2 s instead of 3.5 s.
    types = [(a, b) for a, b in bead_types(max_total) if a <= n and b <= m]
    scorer = BeadScorer(x, y, np.asarray(x_lengths), np.asarray(y_lengths), band,
                        types, scoring, clauses, length_ratio)
    path = best_path(scorer)
    posteriors = bead_posteriors(scorer, path) if confidence else np.ones(len(path))
    beads = []
    for (i0, j0, a, b), posterior in zip(path, posteriors, strict=True):
        sim = scorer.bead_similarity(i0 + a, j0 + b, a, b)
        beads.append(AlignedBead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)),
                                 float(np.clip(sim, 0.0, 1.0)), float(posterior)))
    return beads
