"""Sentence alignment: monotone beads (0-1, 1-0 and n-m with n+m <= 6) found in a narrow band."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.alignment.band import banded_similarity, find_anchors, narrow_band
from aligner.alignment.dp import BeadScorer, Scoring, bead_types, best_path
from aligner.alignment.search import search_band

__all__ = ["Scoring", "align_sentences", "bead_types"]

ANCHOR_MIN_SIM = 0.5
ANCHOR_MIN_GAP = 0.1
BAND_SLACK = 8
BAND_MAX_HALF_WIDTH = 250

AlignedBead = tuple[tuple[int, ...], tuple[int, ...], float]


def align_sentences(x: np.ndarray, y: np.ndarray, x_lengths: Sequence[int],
                    y_lengths: Sequence[int], scoring: Scoring | None = None,
                    max_total: int = 6) -> list[AlignedBead]:
    """Align source sentence vectors ``x`` with target sentence vectors ``y``.

    Returns beads as (source ids, target ids, score in [0, 1]) covering every sentence
    once, in order.
    """
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return [((i,), (), 0.0) for i in range(n)] + [((), (j,), 0.0) for j in range(m)]
    scoring = scoring or Scoring()
    lo, width = search_band(x, y)
    wide = banded_similarity(x, y, lo, width)
    anchors = find_anchors(wide, lo, m, ANCHOR_MIN_SIM, ANCHOR_MIN_GAP)
    band = narrow_band(anchors, n, m, BAND_SLACK, BAND_MAX_HALF_WIDTH)
    scorer = BeadScorer(x, y, np.asarray(x_lengths), np.asarray(y_lengths), band,
                        bead_types(max_total), scoring)
    beads = []
    for i0, j0, a, b in best_path(scorer):
        sim = scorer.bead_similarity(i0 + a, j0 + b, a, b)
        beads.append((tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)),
                      float(np.clip(sim, 0.0, 1.0))))
    return beads
