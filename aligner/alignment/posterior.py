"""How sure the alignment model is of each bead: its posterior probability.

The bead values of :class:`~aligner.alignment.dp.BeadScorer` define a distribution over
all monotone paths through the band, P(path) ∝ exp(value(path) / temperature). A forward
and a backward pass over the same band and the same values (log-sum-exp where
:func:`~aligner.alignment.dp.best_path` takes the max) give each bead the probability
that the path goes through it: a bead that competes with close alternatives (a 1-2
against a 1-1 + 0-1, a shifted boundary) gets a low marginal, one without rivals a high one.
"""

from __future__ import annotations

import numpy as np

from aligner.alignment.dp import NEG, SCORE_CHUNK, BeadScorer

# Bead values are scaled by 1 / TEMPERATURE before exponentiating: the one calibration
# parameter. benchmarks/confidence.py fits it by the log-loss of right/wrong beads on one gold
# set and reports the other: 0.1 is the best of 0.02, 0.05, 0.1, 0.2, 0.5 on mac-dev
# (log-loss 0.298; 0.05: 0.301, 0.2: 0.641) and on text-berg (0.203; 0.05: 0.250, 0.2: 0.375).
TEMPERATURE = 0.1


class _Rows:
    """Bead values of one row at a time, computed a chunk of rows at a time (two kept)."""

    def __init__(self, scorer: BeadScorer) -> None:
        self.scorer = scorer
        self.chunks: dict[int, np.ndarray] = {}

    def __call__(self, i: int) -> np.ndarray:
        start = (i // SCORE_CHUNK) * SCORE_CHUNK
        if start not in self.chunks:
            if len(self.chunks) >= 2:
                self.chunks.pop(next(iter(self.chunks)))
            stop = min(self.scorer.n + 1, start + SCORE_CHUNK)
            chunk = self.scorer.chunk(start, stop).astype(np.float64)
            self.chunks[start] = np.where(chunk > NEG / 2, chunk, -np.inf)
        return self.chunks[start][:, i - start]


def _shift(row: np.ndarray, offset: int) -> np.ndarray:
    """``out[k] = row[k + offset]`` where that exists, -inf elsewhere."""
    out = np.full(len(row), -np.inf)
    if abs(offset) < len(row):
        if offset >= 0:
            out[:len(row) - offset] = row[offset:]
        else:
            out[-offset:] = row[:len(row) + offset]
    return out


def bead_posteriors(scorer: BeadScorer, path: list[tuple[int, int, int, int]],
                    temperature: float | None = None) -> np.ndarray:
    """The posterior probability of each bead ``(i0, j0, a, b)`` of ``path``."""
    temperature = temperature or TEMPERATURE
    n, m, types = scorer.n, scorer.m, scorer.types
    lo, w = scorer.band.lo, scorer.band.width
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    t_skip = next(t for t, (a, _) in enumerate(types) if a == 0)
    steps = np.arange(w, dtype=np.float64)
    rows = _Rows(scorer)

    def skip_step(v: np.ndarray) -> float:
        """The (scaled) value of one 0-1 bead along row values ``v``."""
        return float(v[t_skip][1]) if w > 1 and np.isfinite(v[t_skip][1]) else -np.inf

    alpha = np.full((n + 1, w), -np.inf)
    for i in range(n + 1):
        v = rows(i) / temperature
        arrive = np.full(w, -np.inf)
        if i == 0:
            arrive[0 - lo[0]] = 0.0
        else:
            for t, a, b in vertical:
                if i - a >= 0:
                    arrive = np.logaddexp(
                        arrive, _shift(alpha[i - a], int(lo[i] - lo[i - a]) - b) + v[t])
        s = skip_step(v)
        if np.isfinite(s):
            arrive = np.logaddexp.accumulate(arrive - steps * s) + steps * s
        alpha[i] = arrive

    beta = np.full((n + 1, w), -np.inf)
    for i in range(n, -1, -1):
        leave = np.full(w, -np.inf)
        if i == n:
            leave[m - lo[n]] = 0.0
        for t, a, b in vertical:
            if i + a <= n:
                ahead = rows(i + a)[t] / temperature + beta[i + a]
                leave = np.logaddexp(leave, _shift(ahead, int(lo[i] - lo[i + a]) + b))
        s = skip_step(rows(i) / temperature)
        if np.isfinite(s):
            leave = (np.logaddexp.accumulate((leave + steps * s)[::-1])[::-1]) - steps * s
        beta[i] = leave

    total = alpha[n, m - lo[n]]
    out = np.empty(len(path))
    for index, (i0, j0, a, b) in enumerate(path):
        i, j = i0 + a, j0 + b
        value = rows(i)[types.index((a, b)), j - lo[i]] / temperature
        out[index] = np.exp(alpha[i0, j0 - lo[i0]] + value + beta[i, j - lo[i]] - total)
    return np.clip(out, 0.0, 1.0)
