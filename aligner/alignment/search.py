"""Where to search: the full grid when it is small, else a band around a coarse path.

The full similarity matrix of two long documents does not fit in memory or time, so
the search narrows in steps that each cost time linear in the document length:
coarse block means → wide band → confident 1-1 anchors → narrow band between them.
A block mean stands for at most COARSE_MAX_FACTOR sentences, so that the wide band is a
bounded number of columns; where the grid of block means is itself too large to search
whole, its path is searched in a band found the same way one level coarser (as FastDTW
does).
"""

from __future__ import annotations

import numpy as np

from aligner.alignment.band import ROW_CHUNK, Band, find_anchors_in_band, narrow_band
from aligner.alignment.dp import BeadScorer, Scoring, best_path

# Below this many sentence pairs the full similarity matrix is cheap (16 MB of float32).
FULL_MATRIX_PAIRS = 4_000_000
# States of the coarse grid valued at a time (its chunks, in rows, a multiple of ROW_CHUNK).
# A grid searched whole has up to FULL_MATRIX_PAIRS cells (one searched in a band, fewer a
# row); chunks of CHUNK_STATES took coarse_path 216 MB above its start on a whole grid of
# 2,211 by 1,756 cells, these (with the backgrounds' rows bounded as well) 38 MB, in less
# time.
COARSE_CHUNK_STATES = 2**18
# Half-width, in sentences, of the band searched for anchors around a coarse path.
COARSE_SLACK = 6
# Most sentences (or blocks of the level below) one block mean of the coarse search stands
# for. The wide band is (the coarse path's cells in a row + 2 * COARSE_SLACK) times the
# factor wide. Uncapped, the factor grows as the square root of the grid (about 2,000
# block means a side) and so does the band: 2,353 columns on 64 bibles' sentences, whose
# find_band takes 85 s, against 224 columns and 6.5 s with this cap (4: 56 columns, 10.6 s,
# its coarse levels four times as long as this one's; 8: 6.8 s; 32: 7.4 s). End to end,
# uncapped: 5.43 s/MB at 50 MB, 7.05 at 200 MB (wall, two threads); CPU time on one BLAS
# thread, uncapped and capped: 16 bibles 6.62 and 6.50 s/MB, 50 MB 6.49 and 6.77 (noise of
# a shared machine), 200 MB capped 5.77. The bible's sentences (6,301 by 5,000, factor 4),
# mac-dev and the seed stay below it, and so does any pair of up to 900 million sentence
# pairs: their grid of block means is searched whole as before.
COARSE_MAX_FACTOR = 16
# A 1-1 anchor is a mutual best match this similar, and this far ahead of the runner-up.
ANCHOR_MIN_SIM = 0.5
ANCHOR_MIN_GAP = 0.1
# The narrow band reaches this far either side of the line through the anchors.
BAND_SLACK = 8
BAND_MAX_HALF_WIDTH = 250


def find_band(x: np.ndarray, y: np.ndarray) -> Band:
    """The narrow band the bead DP searches: wide band → anchors → band between them.

    The wide band is read a chunk of rows at a time for its anchors, never whole
    (:func:`~aligner.alignment.band.find_anchors_in_band`).
    """
    if len(y) <= 2 * BAND_SLACK:
        # narrow_band would give the whole grid whatever the anchors (its band is at least
        # 2 * BAND_SLACK + 2 wide): skip looking for them (most blocks of a document are
        # this small).
        return Band(np.zeros(len(x) + 1, dtype=np.int64), len(y) + 1)
    lo, width = search_band(x, y)
    anchors = find_anchors_in_band(x, y, lo, width, ANCHOR_MIN_SIM, ANCHOR_MIN_GAP)
    return narrow_band(anchors, len(x), len(y), BAND_SLACK, BAND_MAX_HALF_WIDTH)


def search_band(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, int]:
    """A band of sentence columns per source sentence, wide enough to hold the true path.

    The whole matrix when it is small; otherwise a band around the path that aligning
    block means of at most COARSE_MAX_FACTOR rows finds (:func:`coarse_path`, which
    searches a large grid of block means in a band this function finds for it: each level
    costs time linear in its length, and each is COARSE_MAX_FACTOR times shorter than the
    one below).
    """
    n, m = len(x), len(y)
    if n * m <= FULL_MATRIX_PAIRS:
        return np.zeros(n, dtype=np.int64), m
    factor = min(COARSE_MAX_FACTOR, int(np.ceil(np.sqrt(n * m / FULL_MATRIX_PAIRS))) + 1)
    xc, yc = _block_means(x, factor), _block_means(y, factor)
    path = coarse_path(xc, yc)
    # Each coarse cell (p, q) covers fine rows p*f .. (p+1)*f and columns q*f .. (q+1)*f.
    lo_c = np.full(len(xc) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    hi_c = np.zeros(len(xc) + 1, dtype=np.int64)
    for p, q in path:
        lo_c[p] = min(lo_c[p], q)
        hi_c[p] = max(hi_c[p], q)
    rows = np.arange(n) // factor
    lo = lo_c[rows] * factor - COARSE_SLACK * factor
    hi = (hi_c[rows] + 1) * factor + COARSE_SLACK * factor
    width = int((hi - lo).max())
    return np.clip(lo, 0, max(0, m - 1)), width


def _block_means(v: np.ndarray, factor: int) -> np.ndarray:
    """Normalised sums of each ``factor`` consecutive rows, in float32, a block at a time."""
    blocks = (len(v) + factor - 1) // factor
    means = np.zeros((blocks, v.shape[1]), dtype=np.float32)
    for block in range(blocks):
        means[block] = v[block * factor:(block + 1) * factor].sum(axis=0, dtype=np.float32)
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)


def coarse_path(x: np.ndarray, y: np.ndarray) -> list[tuple[int, int]]:
    """Cells (p, q) on the best path through block means, for narrowing the fine search."""
    n, m = len(x), len(y)
    band = coarse_band(x, y)
    types = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    scorer = BeadScorer(x, y, np.ones(n), np.ones(m), band, types,
                        Scoring(base=0.2, merge_penalty=0.0, length_weight=0.0, margin=0.0))
    # Only the best path reads the chunks, once each: none is kept for a second reading
    # (the coarse grid of a long text is about 2,000 by 2,000 cells: 80 MB of chunks).
    scorer.chunk_budget = 0
    scorer.chunk_rows = max(ROW_CHUNK,
                            COARSE_CHUNK_STATES // band.width // ROW_CHUNK * ROW_CHUNK)
    cells = []
    for i0, j0, a, b in best_path(scorer):
        for p in range(i0, i0 + max(a, 1)):
            for q in range(j0, j0 + max(b, 1)):
                cells.append((min(p, n - 1), min(q, m - 1)))
    return cells


def coarse_band(x: np.ndarray, y: np.ndarray) -> Band:
    """The states :func:`coarse_path` searches: the whole grid of block means when it has
    at most FULL_MATRIX_PAIRS cells, else the states around the band of cells that
    :func:`search_band` finds for it (one level coarser)."""
    n, m = len(x), len(y)
    if n * m <= FULL_MATRIX_PAIRS:
        return Band(np.zeros(n + 1, dtype=np.int64), m + 1)
    lo, width = search_band(x, y)
    return state_band(lo, width, m)


def state_band(lo: np.ndarray, width: int, m: int) -> Band:
    """The DP states around a band of cells (row ``p`` holding the cells ``lo[p] ..
    lo[p] + width - 1``): a path through the cells passes the states (p, q) and
    (p + 1, q + 1) of each cell it takes, so state row ``i`` holds the columns of cell rows
    ``i - 1`` and ``i``, one more, and the last row reaches (n, m)."""
    before = np.concatenate([[0], lo]).astype(np.int64)
    after = np.concatenate([lo, lo[-1:]]).astype(np.int64)
    start = np.minimum(before, after)
    span = int((np.maximum(before, after) - start).max()) + width + 1
    return Band(start, min(m + 1, max(span, m + 1 - int(start[-1]))))
