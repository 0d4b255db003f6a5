"""Learning the bead weights: a linear-chain CRF over the same band the aligner searches.

A path's probability is exp(w · Σ features of its beads) / Z, Z the sum over every monotone
path through the band (the forward pass of :mod:`aligner.alignment.posterior`). Training
maximises the L2-regularised log-likelihood of gold paths; its gradient is the gold
features minus their expectation under the model, which the forward and backward sums
give cell by cell. The same weights then drive the best path and, at temperature 1, the
posteriors that are each bead's confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.band import Band, narrow_band
from aligner.alignment.dp import (
    NEG,
    SCORE_CHUNK,
    BeadScorer,
    Clauses,
    Scoring,
    bead_types,
    feature_names,
)
from aligner.alignment.posterior import PAD, forward_backward
from aligner.alignment.search import BAND_MAX_HALF_WIDTH, BAND_SLACK, find_band

Gold = Sequence[tuple[Sequence[int], Sequence[int]]]


@dataclass(frozen=True)
class TrainingDocument:
    """Sentence vectors and lengths of both sides with the gold beads that align them."""

    x: np.ndarray
    y: np.ndarray
    x_len: np.ndarray
    y_len: np.ndarray
    gold: Gold
    name: str = ""
    clauses: tuple[Clauses, Clauses] | None = None


@dataclass
class _Prepared:
    """One document's features over its band, with the features of its gold path."""

    features: np.ndarray  # (types, n + 1, width, features) float32
    possible: np.ndarray  # (types, n + 1, width) bool
    gold: np.ndarray  # (features,) the gold path's feature sum
    wrong: np.ndarray  # (types, n + 1, width) 1 where a bead is not a gold bead, else 0
    band: Band
    n: int
    m: int
    types: list[tuple[int, int]]
    beads: int


class _FixedValues:
    """Bead values of a whole document at once, in the shape the passes read."""

    def __init__(self, values: np.ndarray, prepared: _Prepared, scoring: Scoring) -> None:
        self.values, self.scoring = values, scoring
        self.n, self.m, self.band, self.types = prepared.n, prepared.m, prepared.band, \
            prepared.types
        self.chunk_rows = SCORE_CHUNK

    def chunk(self, start: int, stop: int) -> np.ndarray:
        return self.values[:, start:stop]


def _band(doc: TrainingDocument, gold: Gold) -> Band:
    """The band the aligner would search, widened to hold the gold path if it does not."""
    band = find_band(doc.x, doc.y)
    if all(_inside(band, i, j) for i, j in _states(gold)):
        return band
    ones = [(zh[0], en[0]) for zh, en in gold if len(zh) == 1 and len(en) == 1]
    return narrow_band(ones, len(doc.x), len(doc.y), BAND_SLACK, BAND_MAX_HALF_WIDTH)


def _states(gold: Gold) -> Iterable[tuple[int, int]]:
    i = j = 0
    for zh, en in gold:
        i, j = i + len(zh), j + len(en)
        yield i, j


def _inside(band: Band, i: int, j: int) -> bool:
    return 0 <= j - band.lo[i] < band.width


def _segments(doc: TrainingDocument, types: list[tuple[int, int]]) -> list[TrainingDocument]:
    """The document cut around gold beads the aligner cannot make (a 1-6, a 3-4): the
    stretches between them, each with its own gold."""
    out: list[TrainingDocument] = []
    part: list[tuple[Sequence[int], Sequence[int]]] = []
    si = sj = i = j = 0

    def flush() -> None:
        if part and i > si and j > sj:
            clauses = None
            if doc.clauses is not None:
                clauses = (_slice(doc.clauses[0], si, i), _slice(doc.clauses[1], sj, j))
            out.append(TrainingDocument(
                doc.x[si:i], doc.y[sj:j], doc.x_len[si:i], doc.y_len[sj:j],
                [(tuple(q - si for q in zh), tuple(q - sj for q in en)) for zh, en in part],
                doc.name, clauses))

    for zh, en in doc.gold:
        if (len(zh), len(en)) in types:
            part.append((zh, en))
            i, j = i + len(zh), j + len(en)
        else:
            flush()
            i, j = i + len(zh), j + len(en)
            si, sj, part = i, j, []
    flush()
    return out


def _slice(clauses: Clauses, start: int, stop: int) -> Clauses:
    """The clauses of sentences ``start`` .. ``stop - 1``."""
    starts = clauses.starts[start:stop + 1]
    return Clauses(clauses.vectors[starts[0]:starts[-1]], starts - starts[0])


def prepare(documents: Iterable[TrainingDocument], scoring: Scoring | None = None,
            types: list[tuple[int, int]] | None = None) -> list[_Prepared]:
    """Features of every bead in each document's band, once, for the optimiser."""
    scoring = scoring or Scoring()
    types = types or bead_types()
    out = []
    for whole in documents:
        for doc in _segments(whole, types):
            band = _band(doc, doc.gold)
            scorer = BeadScorer(doc.x, doc.y, doc.x_len, doc.y_len, band, types, scoring,
                                doc.clauses)
            n, m = scorer.n, scorer.m
            features, possible = scorer.features(0, n + 1)
            gold = np.zeros(len(scorer.names))
            wrong = np.ones(possible.shape, dtype=np.float32)
            i = j = 0
            ok = True
            for zh, en in doc.gold:
                a, b = len(zh), len(en)
                i, j = i + a, j + b
                k = j - band.lo[i]
                t = types.index((a, b))
                if not (0 <= k < band.width and possible[t, i, k]):
                    ok = False
                    break
                gold += features[t, i, k]
                wrong[t, i, k] = 0.0
            if ok:
                out.append(_Prepared(features, possible, gold, wrong, band, n, m, types,
                                     len(doc.gold)))
    return out


def cell_marginals(values: np.ndarray, prepared: _Prepared, scoring: Scoring
                   ) -> tuple[np.ndarray, float]:
    """P(the path holds bead type t ending at state (i, lo[i] + k)) for every t, i, k, and
    the log sum over all paths."""
    source = _FixedValues(values, prepared, scoring)
    alpha, beta, log_z = forward_backward(source, 1.0)  # type: ignore[arg-type]
    n, lo, w = prepared.n, prepared.band.lo, prepared.band.width
    columns = np.arange(w)
    out = np.zeros(values.shape)
    for t, (a, b) in enumerate(prepared.types):
        rows = np.arange(a, n + 1)
        offsets = PAD + (lo[rows] - lo[rows - a] - b)[:, None] + columns[None, :]
        inside = (offsets >= 0) & (offsets < alpha.shape[1])
        before = np.where(inside, alpha[(rows - a)[:, None], np.clip(offsets, 0,
                                                                      alpha.shape[1] - 1)],
                          -np.inf)
        value = np.where(prepared.possible[t, rows], values[t, rows].astype(np.float64),
                         -np.inf)
        log_p = before + value + beta[rows, PAD:PAD + w] - log_z
        out[t, rows] = np.exp(np.where(np.isfinite(log_p), log_p, -np.inf))
    return out, log_z


def objective(weights: np.ndarray, prepared: Sequence[_Prepared], l2: float,
              scoring: Scoring, margin: float = 0.0) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood per gold bead plus the L2 term, and its gradient.

    With ``margin``, every bead that is not in the gold gains ``margin`` inside Z (the
    softmax-margin of Gimpel and Smith 2010): the gold must beat each rival path by its
    number of wrong beads, which aims the weights at the best path rather than the
    likelihood alone.
    """
    loss, grad = 0.0, np.zeros_like(weights)
    total = sum(p.beads for p in prepared)
    for p in prepared:
        values = np.einsum("tikf,f->tik", p.features, weights)
        values = np.where(p.possible, values + margin * p.wrong, NEG)
        marginals, log_z = cell_marginals(values, p, scoring)
        loss += log_z - float(p.gold @ weights)
        grad += np.einsum("tik,tikf->f", marginals, p.features, optimize=True) - p.gold
    loss = loss / total + 0.5 * l2 * float(weights @ weights)
    return loss, grad / total + l2 * weights


def train(documents: Iterable[TrainingDocument], l2: float = 1e-3, margin: float = 0.0,
          start: Scoring | None = None, log: Callable[[str], None] | None = None
          ) -> Scoring:
    """Weights that maximise the likelihood of the gold paths (L-BFGS), as a Scoring."""
    from scipy.optimize import minimize

    start = start or Scoring()
    base = Scoring(**{**start.__dict__, "weights": None, "temperature": 1.0})
    prepared = prepare(documents, base)
    names = feature_names(prepared[0].types)
    # Start from the hand-set weights at temperature 1 (values scaled by 1 / 0.1).
    w0 = start.weight_vector(names) / start.temperature
    result = minimize(objective, w0, args=(prepared, l2, base, margin), jac=True, method="L-BFGS-B",
                      options={"maxiter": 200})
    if log:
        log(f"CRF: {len(prepared)} documents, loss {result.fun:.4f}, "
            f"{result.nit} iterations, {result.message}")
    weights = tuple((name, round(float(v), 5)) for name, v in zip(names, result.x,
                                                                   strict=True))
    return Scoring(**{**base.__dict__, "weights": weights})


__all__ = ["TrainingDocument", "cell_marginals", "objective", "prepare", "train"]
