"""Bands of the (source, target) grid: similarities in a diagonal band, 1-1 anchors, and the
narrow band they give (:mod:`aligner.alignment.search` finds the wide band to start from).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ROW_CHUNK = 64
# Rows of the wide band find_anchors reads at a time (a multiple of ROW_CHUNK), at most.
ANCHOR_CHUNK = 4096
# Cells of the wide band find_anchors reads at a time, at most: fewer rows where the band is
# wide. Each cell of a chunk takes about 30 bytes of temporaries (its similarity, their
# partition, its column index and mask), and a band is as wide as the coarse path's cells
# in a row times their block size: ANCHOR_CHUNK rows of a band 1,482 columns wide rose
# 191 MB above the start, these 68 MB.
ANCHOR_CELLS = 2**21


@dataclass(frozen=True)
class Band:
    """Row ``i`` (source sentences consumed) holds the columns ``lo[i] .. lo[i] + width - 1``."""

    lo: np.ndarray
    width: int


def clamp(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """``np.clip`` for the integer indices of the hot loops, without its per-call checks
    (which took a sixth of the time of aligning a block of two sentences a side)."""
    return np.minimum(np.maximum(values, low), high)


def banded_similarity(x: np.ndarray, y: np.ndarray, lo: np.ndarray, width: int,
                      first_chunk: dict[tuple[int, int, int], np.ndarray] | None = None
                      ) -> np.ndarray:
    """``S[p, k] = x[p] · y[lo[p] + k]`` in float32; columns outside ``y`` hold -1.

    Rows go in small chunks so that the dense product of a chunk with the union of its
    bands stays close to the band's own size.

    ``first_chunk`` keeps the dense product of the first chunk of rows by ``(rows, first
    column, stop column)``, for calls on the same ``x`` and ``y``: a call whose first chunk
    multiplies the same rows by the same columns reads the product kept (the same operands:
    the same bits) instead of making it again.
    """
    n, m = len(x), len(y)
    out = np.full((n, width), -1.0, dtype=np.float32)
    offsets = np.arange(width)[None, :]
    for start in range(0, n, ROW_CHUNK):
        stop = min(n, start + ROW_CHUNK)
        first = int(max(0, lo[start:stop].min()))
        last = int(min(m, lo[start:stop].max() + width))
        if last <= first:
            continue
        key = (stop, first, last)
        block = first_chunk.get(key) if first_chunk is not None and start == 0 else None
        if block is None:
            # float16 vectors (as the pipeline stores them) are multiplied in float32, a
            # chunk at a time: numpy has no fast float16 product.
            block = x[start:stop].astype(np.float32, copy=False) \
                @ y[first:last].astype(np.float32, copy=False).T
            if first_chunk is not None and start == 0:
                first_chunk[key] = block
        cols = lo[start:stop, None] + offsets - first
        valid = (cols >= 0) & (cols < last - first)
        values = block[np.arange(stop - start)[:, None], clamp(cols, 0, last - first - 1)]
        out[start:stop] = np.where(valid, values, np.float32(-1.0))
    return out


def find_anchors(sim: np.ndarray, lo: np.ndarray, m: int, min_sim: float,
                 min_gap: float) -> list[tuple[int, int]]:
    """Monotone 1-1 pairs that are each other's clear best match, in the band ``sim``."""
    return _anchors(len(sim), sim.shape[1], lambda start, stop: sim[start:stop], lo, m,
                    min_sim, min_gap)


def find_anchors_in_band(x: np.ndarray, y: np.ndarray, lo: np.ndarray, width: int,
                         min_sim: float, min_gap: float) -> list[tuple[int, int]]:
    """:func:`find_anchors` of ``banded_similarity(x, y, lo, width)``, each chunk of rows of
    the band computed when it is read and dropped after.

    The wide band of a long text's paragraph step is as wide as the coarse path's cells
    in a row (13 cells) times their block size: with blocks as long as a grid of about 2,000
    block means a side needs, 1,650 columns for a 50 MB pair's 280,000 paragraphs, 1.8 GB
    whole; with blocks of at most COARSE_MAX_FACTOR (:mod:`aligner.alignment.search`),
    still about 13 * 16 columns, 230 MB. The chunks start at multiples of ROW_CHUNK, so
    their products are the whole band's, and the anchors the same.
    """
    return _anchors(len(x), width,
                    lambda start, stop: banded_similarity(x[start:stop], y, lo[start:stop],
                                                          width),
                    lo, len(y), min_sim, min_gap)


def _anchors(n: int, width: int, rows: Callable[[int, int], np.ndarray], lo: np.ndarray,
             m: int, min_sim: float, min_gap: float) -> list[tuple[int, int]]:
    """The anchors of a band of ``n`` rows, ``rows(start, stop)`` giving its rows."""
    if n == 0 or m == 0:
        return []
    best_k = np.zeros(n, dtype=np.int64)
    best = np.zeros(n, dtype=np.float32)
    second = np.full(n, -1.0, dtype=np.float32)
    # Best row for each column, over the band; rows go in chunks, so that the temporaries
    # stay a chunk's size (on 16 bibles, whole-band ones took 1.5 GB).
    col_best = np.full(m, -2.0, dtype=np.float32)
    offsets = np.arange(width)[None, :]
    chunk = max(ROW_CHUNK, min(ANCHOR_CHUNK, ANCHOR_CELLS // max(width, 1) // ROW_CHUNK
                                * ROW_CHUNK))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        sim = rows(start, stop)
        best_k[start:stop] = sim.argmax(axis=1)
        best[start:stop] = sim[np.arange(stop - start), best_k[start:stop]]
        if width > 1:
            second[start:stop] = np.partition(sim, -2, axis=1)[:, -2]
        cols = lo[start:stop, None] + offsets
        valid = cols < m
        np.maximum.at(col_best, cols[valid], sim[valid])
    best_col = lo + best_k
    mutual = best >= col_best[np.clip(best_col, 0, m - 1)] - 1e-6
    keep = mutual & (best >= min_sim) & (best - second >= min_gap) & (best_col < m)
    anchor_rows = np.flatnonzero(keep)
    return _longest_increasing(anchor_rows, best_col[anchor_rows])


def _longest_increasing(rows: np.ndarray, cols: np.ndarray) -> list[tuple[int, int]]:
    """Longest chain of anchors increasing in both row and column (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    parent = [-1] * len(rows)
    for k, c in enumerate(cols.tolist()):
        pos = bisect.bisect_left(tails, c)
        if pos == len(tails):
            tails.append(c)
            tail_idx.append(k)
        else:
            tails[pos] = c
            tail_idx[pos] = k
        parent[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append((int(rows[k]), int(cols[k])))
        k = parent[k]
    return chain[::-1]


def narrow_band(anchors: list[tuple[int, int]], n: int, m: int, slack: int,
                max_width: int) -> Band:
    """States (i, j) near the line through the anchors; wide enough for every gap between them."""
    if n == 0:  # one row: the start and the end on it
        return Band(np.zeros(1, dtype=np.int64), m + 1)
    points = [(0, 0), *((i + 1, j + 1) for i, j in anchors), (n, m)]
    rows = np.array([p for p, _ in points], dtype=np.float64)
    cols = np.array([q for _, q in points], dtype=np.float64)
    # Of points on one row the last is kept: an anchor on the last row (its point on row n)
    # gives way to the end (n, m), which every path reaches. Kept instead, it drew the line
    # to (n, j + 1) and left (n, m) outside the band (50 lines of a text against 50 of a
    # longer translation's: the traceback left the band).
    keep = np.concatenate([np.diff(rows) > 0, [True]])
    rows, cols = rows[keep], cols[keep]
    centre = np.interp(np.arange(n + 1), rows, cols)
    # A gap where one side has many more sentences than the other needs a wider band.
    excess = np.abs(np.diff(cols) - np.diff(rows) * (m / max(n, 1))) if len(rows) > 1 else [0]
    half = int(min(max_width, slack + np.ceil(max(excess, default=0) / 2)))
    lo = np.clip(np.floor(centre).astype(np.int64) - half, 0, max(0, m - 2 * half))
    lo = np.maximum.accumulate(lo)
    # Where one side has many more sentences than the other (one Chinese sentence against
    # a whole English page), the band moves further from one row to the next than it is
    # wide; consecutive rows must overlap, or no path joins them.
    jump = int(np.diff(lo).max(initial=0))
    return Band(lo, min(m + 1, max(2 * half + 2, jump + 2)))
