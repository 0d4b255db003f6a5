"""Where the bead DP searches: the band of a long pair stays a bounded number of columns wide
(its cost linear in the length) and still holds the true path; a pair whose block means fit
one coarse grid is searched as it always was."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.alignment import search
from aligner.alignment.band import Band, narrow_band
from aligner.embed.base import normalise

# Small enough that a pair of a few thousand sentences takes two coarse levels, as a pair of
# hundreds of thousands does with the real FULL_MATRIX_PAIRS.
SMALL_GRID = 10_000


def _pair(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source sentences that each translate target sentence ``truth[i]`` (``i * m // n``),
    with noise: the true path runs along the diagonal, several sources to a target."""
    rng = np.random.default_rng(seed)
    y = normalise(rng.normal(size=(m, 32)).astype(np.float32))
    truth = np.arange(n) * m // n
    x = normalise(y[truth] + 0.3 * rng.normal(size=(n, 32)).astype(np.float32))
    return x, y, truth


def test_the_band_of_a_long_pair_is_bounded_and_holds_the_true_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "FULL_MATRIX_PAIRS", SMALL_GRID)
    # Blocks of COARSE_MAX_FACTOR sentences leave 375 by 300 block means, more than
    # SMALL_GRID; uncapped, one level of blocks over three times as long, and a band over
    # three times as wide as the bound below.
    n, m = 375 * search.COARSE_MAX_FACTOR, 300 * search.COARSE_MAX_FACTOR
    assert np.ceil(np.sqrt(n * m / SMALL_GRID)) + 1 > 3 * search.COARSE_MAX_FACTOR
    levels = []
    coarse_band = search.coarse_band

    def recorded(x: np.ndarray, y: np.ndarray) -> Band:
        band = coarse_band(x, y)
        levels.append((len(x), len(y), band.width))
        return band

    monkeypatch.setattr(search, "coarse_band", recorded)
    x, y, truth = _pair(n, m, seed=5)
    lo, width = search.search_band(x, y)
    # Two levels of block means: the upper one (its band found first) searched whole, the
    # lower in a band.
    [(_, upper_m, upper_width), (_, lower_m, lower_width)] = levels
    assert upper_width == upper_m + 1 and lower_width < lower_m + 1
    assert width <= (2 * search.COARSE_SLACK + 3) * search.COARSE_MAX_FACTOR
    rows = np.arange(n)
    assert np.all((lo <= truth) & (truth < lo + width))
    band = search.find_band(x, y)
    # Every state of the true path (after source i, target truth[i] + 1) is in the band.
    assert np.all((band.lo[rows + 1] <= truth + 1) & (truth + 1 < band.lo[rows + 1] + band.width))


def test_a_pair_whose_block_means_fit_one_grid_searches_it_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "FULL_MATRIX_PAIRS", SMALL_GRID)
    bands = []
    coarse_band = search.coarse_band

    def recorded(x: np.ndarray, y: np.ndarray) -> Band:
        band = coarse_band(x, y)
        bands.append((len(x), len(y), band))
        return band

    monkeypatch.setattr(search, "coarse_band", recorded)
    # Block means of 4 sentences (as the bible's 6,301 by 5,000 with the real grid size).
    x, y, truth = _pair(300, 240, seed=6)
    lo, width = search.search_band(x, y)
    [(n, m, band)] = bands
    assert (n, m) == (75, 60)
    assert band.width == m + 1 and not band.lo.any()
    assert np.all((lo <= truth) & (truth < lo + width))


@pytest.mark.parametrize("seed", range(20))
def test_the_states_around_a_band_of_cells_hold_every_path_through_it(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, width = int(rng.integers(1, 30)), int(rng.integers(1, 6))
    lo = np.sort(rng.integers(0, 40, size=n))
    lo[0] = 0
    m = int(lo[-1] + rng.integers(1, width + 1))
    band = search.state_band(lo, width, m)
    assert band.lo[0] == 0 and band.lo[n] <= m < band.lo[n] + band.width
    # A path through cells of the band: each cell (p, q) passes states (p, q), (p+1, q+1).
    for p in range(n):
        for q in range(lo[p], min(m, lo[p] + width)):
            for i, j in ((p, q), (p + 1, q + 1)):
                assert band.lo[i] <= j < band.lo[i] + band.width or j > m


@st.composite
def _anchored(draw: st.DrawFn) -> tuple[list[tuple[int, int]], int, int]:
    """A grid of n by m sentences and mutual-best 1-1 anchors in it, in order (rows and
    columns increasing), the last row's among them as often as not."""
    n = draw(st.integers(0, 60))
    m = draw(st.integers(1, 120))
    rows = sorted(draw(st.sets(st.integers(0, n - 1), max_size=min(n, 12)))) if n else []
    if n and draw(st.booleans()):
        rows = sorted({*rows, n - 1})
    cols = sorted(draw(st.lists(st.integers(0, m - 1), min_size=len(rows),
                                max_size=len(rows), unique=True))) \
        if len(rows) <= m else []
    return list(zip(rows, cols, strict=False)), n, m


@given(_anchored())
def test_every_band_holds_the_start_and_the_end_and_joins_its_rows(
        case: tuple[list[tuple[int, int]], int, int]) -> None:
    """Whatever the anchors, every path's ends (0, 0) and (n, m) are states of the band and
    consecutive rows overlap: the best path is always traced back (50 lines of a text
    against 50 of a longer translation, an anchor on the last row, lost (n, m) once)."""
    anchors, n, m = case
    band = narrow_band(anchors, n, m, search.BAND_SLACK, search.BAND_MAX_HALF_WIDTH)
    lo, width = band.lo, band.width
    assert len(lo) == n + 1
    assert lo[0] == 0 and lo[n] <= m < lo[n] + width
    assert (np.diff(lo) >= 0).all() and (np.diff(lo) < width).all()
