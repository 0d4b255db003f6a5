"""The bead DP finds the best path: checked against a plain float64 reference DP over the
same bead values, on random inputs, with bands that jump."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.alignment.band import Band
from aligner.alignment.dp import BeadScorer, Scoring, bead_types, best_path


def _values(scorer: BeadScorer) -> np.ndarray:
    return scorer.chunk(0, scorer.n + 1).astype(np.float64)


def _reference(scorer: BeadScorer, values: np.ndarray) -> float:
    """The best path's value by the textbook recurrence, cell by cell, in float64."""
    n, m, lo, w = scorer.n, scorer.m, scorer.band.lo, scorer.band.width
    best = np.full((n + 1, w), -np.inf)
    best[0, 0 - lo[0]] = 0.0
    for i in range(n + 1):
        for k in range(w):
            j = lo[i] + k
            if j > m or (i == 0 and j == 0):
                continue
            for t, (a, b) in enumerate(scorer.types):
                if values[t, i, k] < -1e8 or i - a < 0 or j - b < 0:
                    continue
                kk = j - b - lo[i - a]
                if 0 <= kk < w and best[i - a, kk] > -np.inf:
                    best[i, k] = max(best[i, k], best[i - a, kk] + values[t, i, k])
    return float(best[n, m - lo[n]])


def _path_value(scorer: BeadScorer, values: np.ndarray,
                path: list[tuple[int, int, int, int]]) -> float:
    total = 0.0
    for i0, j0, a, b in path:
        i, j = i0 + a, j0 + b
        total += values[scorer.types.index((a, b)), i, j - scorer.band.lo[i]]
    return total


def _scorer(rng: np.random.Generator, n: int, m: int, band: Band | None = None,
            scoring: Scoring | None = None) -> BeadScorer:
    x = rng.normal(size=(n, 12)).astype(np.float32)
    y = rng.normal(size=(m, 12)).astype(np.float32)
    # Related texts: y's sentences are noisy copies of x's, here and there merged or dropped.
    for j in range(m):
        y[j] += 2.0 * x[min(n - 1, j * n // m)]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    band = band or Band(np.zeros(n + 1, dtype=np.int64), m + 1)
    return BeadScorer(x, y, rng.integers(5, 80, n), rng.integers(5, 120, m), band,
                      bead_types(), scoring or Scoring())


@pytest.mark.parametrize("seed", range(12))
def test_best_path_is_the_optimum(seed: int):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 120)), int(rng.integers(2, 120))
    scorer = _scorer(rng, n, m)
    values = _values(scorer)
    path = best_path(scorer)
    assert [(i0, j0) for i0, j0, _, _ in path[:1]] == [(0, 0)]
    assert sum(a for *_, a, _ in path) == n and sum(b for *_, b in path) == m
    assert _path_value(scorer, values, path) == pytest.approx(_reference(scorer, values),
                                                              abs=1e-4)


@pytest.mark.parametrize("seed", range(6))
def test_best_path_does_not_change_when_every_value_is_scaled(seed: int):
    """Scaling every bead value by a constant keeps the best path (learned and ensemble
    scores depend on it); the float32 tolerance of the 0-1 step broke this."""
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(10, 40)), int(rng.integers(10, 40))
    scorer = _scorer(rng, n, m)
    original = scorer.chunk

    def scaled(start: int, stop: int) -> np.ndarray:
        out = original(start, stop)
        return np.where(out > -1e8, out * np.float32(37.0), out)

    path = best_path(scorer)
    scorer.chunk = scaled  # type: ignore[method-assign]
    assert best_path(scorer) == path


def test_a_band_that_jumps_keeps_every_bead_type():
    """Rows whose band starts far to the right of the row before: the bead types that
    reach across the jump were dropped, so the path lost beads or was lost."""
    rng = np.random.default_rng(5)
    n, m = 6, 60
    lo = np.array([0, 0, 20, 20, 40, 40, 45], dtype=np.int64)
    scorer = _scorer(rng, n, m, Band(lo, 20))
    values = _values(scorer)
    path = best_path(scorer)
    assert _path_value(scorer, values, path) == pytest.approx(_reference(scorer, values),
                                                              abs=1e-4)


@pytest.mark.parametrize(("seed", "temperature", "skip"),
                         [(0, 0.1, -0.2), (1, 0.3, -0.2), (2, 1.0, -0.2), (3, 0.05, -0.2),
                          (8, 0.3, 0.1), (20, 0.3, 0.1), (29, 0.5, 0.1), (0, 0.3, 0.1)])
def test_posteriors_equal_brute_force_marginals(seed: int, temperature: float, skip: float):
    """Forward–backward marginals against an enumeration of every path (a cheap skip
    makes the best path hold 0-1 and 1-0 beads)."""
    from aligner.alignment.posterior import bead_posteriors

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    scorer = _scorer(rng, n, m, scoring=Scoring(skip=skip))
    values = _values(scorer)

    def paths(i: int, j: int):
        if (i, j) == (n, m):
            yield []
            return
        for t, (a, b) in enumerate(scorer.types):
            if i + a <= n and j + b <= m and values[t, i + a, j + b - scorer.band.lo[i + a]] > -1e8:
                for rest in paths(i + a, j + b):
                    yield [(i, j, a, b, values[t, i + a, j + b - scorer.band.lo[i + a]]), *rest]

    every = list(paths(0, 0))
    weights = np.array([sum(step[4] for step in path) / temperature for path in every])
    log_z = np.logaddexp.reduce(weights)
    best = best_path(scorer)
    found = bead_posteriors(scorer, best, temperature)
    def holds(path: list, bead: tuple[int, int, int, int]) -> bool:
        i0, j0, a, b = bead
        if (a, b) == (1, 0):  # the Chinese sentence left out, wherever in its row
            return any(step[0] == i0 and step[2:4] == (1, 0) for step in path)
        if (a, b) == (0, 1):  # the English sentence left out, in whichever row
            return any(step[1] == j0 and step[2:4] == (0, 1) for step in path)
        return any(step[:4] == bead for step in path)

    if skip > 0:
        assert any(0 in bead[2:] for bead in best), "the case should hold a 0-1 or 1-0 bead"
    for bead, posterior in zip(best, found, strict=True):
        brute = sum(np.exp(w - log_z) for w, path in zip(weights, every, strict=True)
                    if holds(path, bead))
        assert posterior == pytest.approx(brute, abs=1e-6)
    assert found.min() > 0.0 and found.max() <= 1.0


def test_a_bead_with_a_close_rival_is_less_sure_than_one_without():
    from aligner.alignment import align_sentences

    rng = np.random.default_rng(9)
    x = rng.normal(size=(6, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = x.copy()
    # The 4th English sentence is half of the 3rd Chinese one's and half of the 4th one's:
    # whether it goes with the one or the other is a close call.
    y[3] = x[2] + x[3]
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    beads = align_sentences(x, y, [20] * 6, [20] * 6)
    sure = [b.confidence for b in beads if b.source in ((0,), (1,), (5,))]
    unsure = [b.confidence for b in beads if set(b.source) & {2, 3}]
    assert min(sure) > 0.9 and min(unsure) < min(sure)


def _reference_cosines(scorer: BeadScorer, rows: np.ndarray, a: int, b: int):
    """Span cosine and weakest-sentence cosine of each bead from the span vectors
    themselves (a span of several sentences normalised, one sentence as it is)."""
    lo, w = scorer.band.lo, scorer.band.width
    x = scorer.xs.sentences.astype(np.float64)
    y = scorer.ys.sentences.astype(np.float64)
    cos, weakest = np.zeros((len(rows), w)), np.ones((len(rows), w))
    for p, i in enumerate(rows):
        for k in range(w):
            j = lo[i] + k
            if i - a < 0 or j - b < 0 or j > scorer.m:
                continue
            ex, ey = x[i - a:i].sum(axis=0), y[j - b:j].sum(axis=0)
            ex = ex / np.linalg.norm(ex) if a > 1 else ex
            ey = ey / np.linalg.norm(ey) if b > 1 else ey
            cos[p, k] = ex @ ey
            values = [cos[p, k]]
            values += [v @ ey for v in x[i - a:i]] if a > 1 else []
            values += [ex @ v for v in y[j - b:j]] if b > 1 else []
            weakest[p, k] = min(values)
    return cos, weakest


@pytest.mark.parametrize(("n", "m"), [(7, 9), (40, 55), (260, 300)])
def test_span_cosines_from_pair_sums_equal_those_of_span_vectors(n: int, m: int):
    from aligner.alignment.search import find_band
    from aligner.embed.base import normalise

    rng = np.random.default_rng(n)
    x = normalise(rng.normal(size=(n, 32)).astype(np.float32)).astype(np.float16)
    y = normalise(rng.normal(size=(m, 32)).astype(np.float32))
    band = find_band(x.astype(np.float32), y)
    scorer = BeadScorer(x, y, np.full(n, 20), np.full(m, 30), band, bead_types(), Scoring())
    for start in range(0, n + 1, 64):
        rows = np.arange(start, min(n + 1, start + 64))
        for a, b in bead_types():
            if a == 0 or b == 0:
                continue
            cos, valid = scorer.cosine(rows, a, b)
            weakest = np.minimum(cos, scorer._weakest(rows, a, b))
            want_cos, want_weakest = _reference_cosines(scorer, rows, a, b)
            assert np.allclose(cos[valid], want_cos[valid], atol=1e-6)
            assert np.allclose(weakest[valid], want_weakest[valid], atol=1e-6)


def test_a_short_target_side_gets_the_band_the_anchors_would_give():
    from aligner.alignment.band import banded_similarity, find_anchors, narrow_band
    from aligner.alignment.search import (
        ANCHOR_MIN_GAP,
        ANCHOR_MIN_SIM,
        BAND_MAX_HALF_WIDTH,
        BAND_SLACK,
        find_band,
        search_band,
    )
    from aligner.embed.base import normalise

    rng = np.random.default_rng(3)
    for _ in range(200):
        n, m = int(rng.integers(1, 40)), int(rng.integers(1, 2 * BAND_SLACK + 1))
        x = normalise(rng.normal(size=(n, 16)).astype(np.float32))
        y = normalise(rng.normal(size=(m, 16)).astype(np.float32))
        lo, width = search_band(x, y)
        anchors = find_anchors(banded_similarity(x, y, lo, width), lo, m, ANCHOR_MIN_SIM,
                               ANCHOR_MIN_GAP)
        want = narrow_band(anchors, n, m, BAND_SLACK, BAND_MAX_HALF_WIDTH)
        got = find_band(x, y)
        assert got.width == want.width and np.array_equal(got.lo, want.lo)


def test_a_kept_first_product_gives_the_band_it_would_make():
    """banded_similarity with ``first_chunk``: the first chunk's product is kept and read
    back by a call on the same rows and columns (as the backgrounds and the 1-1 sums of a
    block share it), and the band is the one made without it, to the last bit."""
    from aligner.alignment.band import banded_similarity
    from aligner.embed.base import normalise

    rng = np.random.default_rng(5)
    x = normalise(rng.normal(size=(90, 32)).astype(np.float32))
    y = normalise(rng.normal(size=(70, 32)).astype(np.float32))
    lo = np.minimum(np.arange(90) * 70 // 90, 60)
    kept: dict = {}
    want = banded_similarity(x, y, lo, 12)
    assert np.array_equal(banded_similarity(x, y, lo, 12, kept), want)
    assert len(kept) == 1  # the first chunk's alone
    (key, product), = kept.items()
    kept[key] = product + 1.0  # read back, not made again
    again = banded_similarity(x, y, lo, 12, kept)
    inside = again[:64] > -1.0
    assert np.allclose(again[:64][inside], want[:64][inside] + 1.0)
    assert np.array_equal(again[64:], want[64:])


@pytest.mark.parametrize("scoring", [Scoring(base=0.2, merge_penalty=0.0, length_weight=0.0,
                                             margin=0.0), Scoring()])
def test_bead_values_are_the_weighted_features_whatever_weighs_nothing(scoring: Scoring):
    """A feature that weighs nothing is not made (the coarse search weighs the cosine and
    the bead types alone): the values are the weighted sum of every feature, and the same
    bits as where the backgrounds were made first."""
    rng = np.random.default_rng(11)
    scorer = _scorer(rng, 30, 36, scoring=scoring)
    values = scorer.chunk(0, scorer.n + 1)
    features, possible = scorer.features(0, scorer.n + 1)
    want = features.astype(np.float64) @ scorer.weights
    assert np.allclose(values[possible], want[possible], atol=1e-4)
    made_first = _scorer(np.random.default_rng(11), 30, 36, scoring=scoring)
    made_first.features(0, made_first.n + 1)  # every feature made before any value
    assert np.array_equal(made_first.chunk(0, made_first.n + 1), values)
