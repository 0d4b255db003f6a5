"""How sure the alignment model is of each bead: its posterior probability.

The bead values of :class:`~aligner.alignment.dp.BeadScorer` define a distribution over
all monotone paths through the band, P(path) ∝ exp(value(path) / temperature), the
temperature coming with the weights (:class:`~aligner.alignment.dp.Scoring`). A forward
and a backward pass over the same band and the same values (log-sum-exp where
:func:`~aligner.alignment.dp.best_path` takes the max) give each bead the probability
that the path goes through it: a bead that competes with close alternatives (a 1-2
against a 1-1 + 0-1, a shifted boundary) gets a low marginal, one without rivals a high one.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

import numpy as np

from aligner.alignment.band import ROW_CHUNK
from aligner.alignment.dp import (
    MAX_SPAN,
    NEG,
    BeadScorer,
    RingReach,
    Step,
    arrivals,
    shifted,
    skip_prefix,
    steps,
)

PAD = MAX_SPAN + 1
# A 0-1 bead that cannot be made, in the scaled values: exp(-1e4) is 0, and running sums
# of it stay exact in float64, which -inf would turn into nan.
IMPOSSIBLE = -1e4


# Rows of bead values scaled (and of their 0-1 prefix sums) at a time: a divisor of the
# scorer's chunks (multiples of ROW_CHUNK). One row at a time, the scaling and the prefix
# sums were three numpy calls a row and pass, a fifth of the passes' time on the bible's
# 1,235 blocks; 64 rows of the widest band (502 columns, 21 bead types) are 5 MB.
SCALED_ROWS = ROW_CHUNK


class _Scaled:
    """The bead values of rows (float64 over the temperature, -inf where a bead is
    impossible) and the prefix sums of their 0-1 values (:func:`skip_prefix`, impossible
    0-1 beads at IMPOSSIBLE), :data:`SCALED_ROWS` rows at a time, from the chunks the
    scorer keeps for the best path. The same numbers as row by row: elementwise, and
    each row's running sum in the same order."""

    def __init__(self, scorer: BeadScorer, temperature: float) -> None:
        self.scorer, self.temperature = scorer, temperature
        self.t_skip = scorer.types.index((0, 1))
        self.start = self.stop = -1
        self.values = self.prefix = np.zeros((0, 0))

    def _load(self, i: int) -> None:
        scorer, size = self.scorer, self.scorer.chunk_rows
        start = (i // SCALED_ROWS) * SCALED_ROWS
        stop = min(scorer.n + 1, start + SCALED_ROWS)
        first = (start // size) * size
        chunk = scorer.chunk(first, min(scorer.n + 1, first + size))
        values = chunk[:, start - first:stop - first]
        self.values = np.where(values > NEG / 2, values.astype(np.float64),
                               -np.inf) / self.temperature
        self.prefix = skip_prefix(self.values[self.t_skip], IMPOSSIBLE)
        self.start, self.stop = start, stop

    def row(self, i: int) -> np.ndarray:
        """Row ``i``'s scaled values, shape (types, width)."""
        if not self.start <= i < self.stop:
            self._load(i)
        return self.values[:, i - self.start]

    def skips(self, i: int) -> np.ndarray:
        """The prefix sums of row ``i``'s 0-1 values."""
        if not self.start <= i < self.stop:
            self._load(i)
        return self.prefix[i - self.start]


def _logsumexp(stacked: np.ndarray) -> np.ndarray:
    """log(sum(exp(x))) over axis 0, -inf where every term is -inf (the log of 0: called
    where numpy's divide warning is off)."""
    top = stacked.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    return safe + np.log(np.exp(stacked - safe).sum(axis=0))


RowSink = Callable[[int, np.ndarray], None]


def passes(scorer: BeadScorer, temperature: float, forward: RowSink, backward: RowSink,
           rows: _Scaled | None = None) -> float:
    """The forward and the backward pass; each row of log forward (backward) sums, shape
    (width,), goes to ``forward(i, row)`` (``backward(i, row)``) as it is found, and only
    the last MAX_SPAN + 1 rows are held. Returns the log sum over all paths. ``rows``: the
    scaled values to read (the caller's, to read again after), else made here.

    Each row gathers the arrivals (forward) or departures (backward) of every bead type at
    once from a padded ring of rows, as :func:`~aligner.alignment.dp.best_path` does.
    """
    n, m, types = scorer.n, scorer.m, scorer.types
    lo, w = scorer.band.lo, scorer.band.width
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    v_type = np.array([t for t, _, _ in vertical])
    v_a = np.array([a for _, a, _ in vertical])
    v_b = np.array([b for _, _, b in vertical])
    pad, ring = PAD, MAX_SPAN + 1

    rows = rows if rows is not None else _Scaled(scorer, temperature)
    alpha = np.full((ring, w + 2 * pad), -np.inf)
    total = -np.inf
    reach = arrivals(scorer)  # the best path's, as its rows were read
    # One errstate for the passes, not two a row (the sums of -inf - -inf are nan where a
    # cell is unreachable, and a log of 0 is -inf: both wanted).
    with np.errstate(invalid="ignore", divide="ignore"):
        for i in range(n + 1):
            v = rows.row(i)
            if i == 0:
                arrive = np.full(w, -np.inf)
                arrive[0 - lo[0]] = 0.0
            else:
                ok, found = reach.gather(alpha, i, -np.inf)
                arrive = _logsumexp(found + v[v_type if ok is None else v_type[ok]])
            prefix = rows.skips(i)
            arrive = np.logaddexp.accumulate(arrive - prefix) + prefix
            alpha[i % ring, pad:pad + w] = arrive
            forward(i, arrive)
            if i == n and 0 <= m - lo[n] < w:
                total = float(arrive[m - lo[n]])

        # The backward sums of a row + the values of the beads that end in it, per type:
        # what a bead from an earlier row gains by ending there; the last MAX_SPAN + 1
        # rows, by (slot, bead type) flattened.
        ahead = np.full((ring, len(types), w + 2 * pad), -np.inf)
        departures = RingReach(lo, n, w, v_a, v_b, backward=True, v_type=v_type,
                               types=len(types))
        flat = ahead.reshape(ring * len(types), -1)
        for i in range(n, -1, -1):
            if i == n:
                leave = np.full(w, -np.inf)
                leave[m - lo[n]] = 0.0
            else:
                leave = _logsumexp(departures.gather(flat, i, -np.inf)[1])
            v = rows.row(i)
            prefix = rows.skips(i)
            leave = np.logaddexp.accumulate((leave + prefix)[::-1])[::-1] - prefix
            backward(i, leave)
            ahead[i % ring, :, pad:pad + w] = v + leave[None, :]
    return total


def forward_backward(scorer: BeadScorer, temperature: float
                     ) -> tuple[np.ndarray, np.ndarray, float]:
    """Log forward and backward sums at every state of the band, shape (n + 1, width +
    2 * pad) with the band's columns at ``pad:pad + width``, and the log sum over all paths.

    Whole arrays, for training on documents of hundreds of sentences; the confidences of
    long documents keep only the cells they read (:func:`bead_posteriors`).
    """
    n, w, pad = scorer.n, scorer.band.width, PAD
    alpha = np.full((n + 1, w + 2 * pad), -np.inf)
    beta = np.full((n + 1, w + 2 * pad), -np.inf)

    def into(table: np.ndarray) -> RowSink:
        def keep(i: int, row: np.ndarray) -> None:
            table[i, pad:pad + w] = row
        return keep

    total = passes(scorer, temperature, into(alpha), into(beta))
    return alpha, beta, total


class _Cells:
    """The cells of forward (or backward) rows that the posteriors read: single cells,
    asked for by (row, column in the band) and kept in one array in the order asked
    (:attr:`values`), and whole rows.

    One float a cell: kept in a dict by (row, column), with the list of the columns each
    row wanted, they took about 140 bytes a cell (7 MB for the 100,000 cells of five
    bibles' paragraph step, 90 MB for 64 bibles).
    """

    def __init__(self) -> None:
        self._rows = array("q")
        self._cols = array("q")
        self.rows: set[int] = set()
        self.whole: dict[int, np.ndarray] = {}
        self.values = np.zeros(0)
        self._order = self._sorted_cols = np.zeros(0, dtype=np.int64)
        self._bounds = array("q")

    @property
    def count(self) -> int:
        """Cells asked for so far."""
        return len(self._rows)

    def want(self, i: int, k: int) -> int:
        """Ask for cell (row ``i``, column ``k``); its place in :attr:`values`."""
        self._rows.append(i)
        self._cols.append(k)
        return len(self._rows) - 1

    def ready(self, n: int) -> None:
        """Every cell asked for, of rows 0 .. ``n``: the passes may begin."""
        rows = np.array(self._rows, dtype=np.int64)
        self._order = np.argsort(rows, kind="stable")
        self._sorted_cols = np.array(self._cols, dtype=np.int64)[self._order]
        # An array of Python ints: the passes look a row up twice, and most rows want no
        # cell (a list took 36 bytes a row, 8 here: the paragraph step of a 200 MB pair
        # has a million rows).
        self._bounds = array("q", np.searchsorted(rows[self._order],
                                                  np.arange(n + 2)).tobytes())
        self.values = np.full(len(rows), -np.inf)

    def keep(self, i: int, row: np.ndarray) -> None:
        start, stop = self._bounds[i], self._bounds[i + 1]
        if stop > start:
            k = self._sorted_cols[start:stop]
            inside = (k >= 0) & (k < len(row))
            self.values[self._order[start:stop]] = np.where(
                inside, row[np.minimum(np.maximum(k, 0), len(row) - 1)], -np.inf)
        if i in self.rows:
            self.whole[i] = row.copy()


def bead_posteriors(scorer: BeadScorer, path: Sequence[Step] | np.ndarray,
                    temperature: float | None = None) -> np.ndarray:
    """The posterior probability of each bead ``(i0, j0, a, b)`` of ``path`` (a list of
    them, or :func:`~aligner.alignment.dp.best_steps`'s array).

    The forward and backward passes together cost two to three times the best path; of
    their sums only the cells the path's beads read are kept, not the band. A 0-1 or 1-0
    bead's confidence is the probability that its sentence is left out at all.
    """
    temperature = temperature or scorer.scoring.temperature
    lo, w, types = scorer.band.lo, scorer.band.width, scorer.types
    t_skip = types.index((0, 1))
    t_omit = types.index((1, 0))
    alpha, beta = _Cells(), _Cells()
    skips: dict[int, list[int]] = {}
    # Each bead's first cell (the same place in alpha's and in beta's values): a pair
    # bead reads one of each, a 0-1 bead one of each for each row of its skips.
    first = np.full(len(path), -1, dtype=np.int64)
    for index, (i0, j0, a, b) in enumerate(steps(path)):
        i, j = i0 + a, j0 + b
        if (a, b) == (1, 0):
            alpha.rows.add(i0)
            beta.rows.add(i)
        elif (a, b) == (0, 1):
            start = int(np.searchsorted(lo, j0 + 2 - w, side="left"))
            last = int(np.searchsorted(lo, j0, side="right"))
            skips[index] = [r for r in range(start, last)
                            if j0 - lo[r] >= 0 and j0 + 1 - lo[r] < w]
            first[index] = alpha.count
            for r in skips[index]:
                alpha.want(r, int(j0 - lo[r]))
                beta.want(r, int(j0 + 1 - lo[r]))
        else:
            first[index] = alpha.want(i0, int(j0 - lo[i0]))
            beta.want(i, int(j - lo[i]))
    alpha.ready(scorer.n)
    beta.ready(scorer.n)
    # The scaled values the passes read, read again for the beads: in a block of fewer
    # than SCALED_ROWS rows (most blocks of a document), made once instead of twice.
    rows = _Scaled(scorer, temperature)
    total = passes(scorer, temperature, alpha.keep, beta.keep, rows)
    if not np.isfinite(total):
        return np.zeros(len(path))  # no path through the band (best_path raised already)

    scaled = rows.row
    out = np.empty(len(path))
    for index, (i0, j0, a, b) in enumerate(steps(path)):
        i, j = i0 + a, j0 + b
        if (a, b) == (1, 0):
            # An omission is the same whether it comes before or after a neighbouring
            # addition (1-0 then 0-1, or 0-1 then 1-0): its confidence is the probability
            # that the sentence is left out at all, wherever in its row.
            before = shifted(alpha.whole[i0], int(lo[i] - lo[i0]), -np.inf)
            log_p = np.logaddexp.reduce(before + scaled(i)[t_omit] + beta.whole[i])
        elif (a, b) == (0, 1):
            # Likewise an addition: the English sentence left out, in whichever row.
            at = int(first[index])
            terms = [alpha.values[at + q] + scaled(r)[t_skip][j0 + 1 - lo[r]]
                     + beta.values[at + q] for q, r in enumerate(skips[index])]
            log_p = np.logaddexp.reduce(np.array(terms)) if terms else -np.inf
        else:
            k = int(j - lo[i])
            at = int(first[index])
            log_p = alpha.values[at] + scaled(i)[types.index((a, b)), k] + beta.values[at]
        out[index] = np.exp(log_p - total)
    return np.clip(out, 0.0, 1.0)
