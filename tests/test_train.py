"""The CRF trainer: its gradient is the derivative of its loss, its cell marginals agree
with the aligner's posteriors, and it learns weights that recover a planted alignment."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.alignment import align_sentences
from aligner.alignment.dp import BeadScorer, Scoring, bead_types, feature_names
from aligner.alignment.posterior import bead_posteriors
from aligner.alignment.train import TrainingDocument, cell_marginals, objective, prepare, train


def _document(seed: int, n: int = 30) -> TrainingDocument:
    """Source sentences, each translated by one or two target sentences, one left out."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 16))
    ys, gold, j = [], [], 0
    for i in range(n):
        if i == n // 2:
            gold.append(((i,), ()))
            continue
        parts = 2 if rng.random() < 0.3 else 1
        pieces = [x[i] * (0.6 if parts == 2 else 1.0) + rng.normal(size=16) * 0.5
                  for _ in range(parts)]
        ys += pieces
        gold.append(((i,), tuple(range(j, j + parts))))
        j += parts
    y = np.array(ys)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    x_len = rng.integers(20, 60, n)
    y_len = np.array([int(x_len[zh[0]] * 1.3 / len(en)) for zh, en in gold for _ in en])
    return TrainingDocument(x.astype(np.float32), y.astype(np.float32), x_len, y_len, gold)


def test_the_gradient_is_the_derivative_of_the_loss():
    base = Scoring(temperature=1.0)
    prepared = prepare([_document(1, 12)], base)
    names = feature_names(prepared[0].types)
    weights = Scoring().weight_vector(names) / 0.1
    _, grad = objective(weights, prepared, 1e-3, base, margin=0.5)
    for f in (names.index("cosine"), names.index("length2"), names.index("type 1-2"),
              names.index("null best")):
        step = np.zeros_like(weights)
        step[f] = 1e-4
        up, _ = objective(weights + step, prepared, 1e-3, base, margin=0.5)
        down, _ = objective(weights - step, prepared, 1e-3, base, margin=0.5)
        assert grad[f] == pytest.approx((up - down) / 2e-4, rel=2e-2, abs=1e-5)


def test_cell_marginals_agree_with_the_bead_posteriors():
    doc = _document(2, 10)
    scoring = Scoring(temperature=1.0, weights=tuple(zip(
        feature_names(bead_types()), Scoring().weight_vector(feature_names(bead_types())) * 10,
        strict=True)))
    prepared = prepare([doc], scoring)[0]
    scorer = BeadScorer(doc.x, doc.y, doc.x_len, doc.y_len, prepared.band, bead_types(),
                        scoring)
    values = scorer.chunk(0, scorer.n + 1).astype(np.float64)
    marginals, _ = cell_marginals(values, prepared, scoring)
    from aligner.alignment.dp import best_path

    path = best_path(scorer)
    posteriors = bead_posteriors(scorer, path)
    for (i0, j0, a, b), posterior in zip(path, posteriors, strict=True):
        if a and b:
            k = j0 + b - prepared.band.lo[i0 + a]
            assert marginals[bead_types().index((a, b)), i0 + a, k] == pytest.approx(posterior)


def test_training_recovers_a_planted_alignment():
    trained = train([_document(seed) for seed in range(3, 9)], l2=1e-3, margin=1.0)
    weights = dict(trained.weights or ())
    assert weights["cosine"] > 0
    held = _document(42)
    beads = align_sentences(held.x, held.y, held.x_len, held.y_len, trained)
    found = {(b.source, b.target) for b in beads}
    gold = {(tuple(z), tuple(e)) for z, e in held.gold}
    assert len(found & gold) >= 0.9 * len(gold)
    # The left-out source sentence comes out as a 1-0 bead.
    assert ((15,), ()) in found
