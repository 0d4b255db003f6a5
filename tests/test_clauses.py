"""Clause evidence: clauses cover their sentence, and the clause score of a 1-n bead is the
best in-order split, checked against enumerating every split."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.alignment.band import Band
from aligner.alignment.dp import (
    MAX_CLAUSES,
    BeadScorer,
    Clauses,
    Scoring,
    bead_types,
)
from aligner.segment.clauses import clause_spans


@given(st.text(alphabet="中文字，；：,;: —abc。", max_size=80), st.sampled_from(["zh", "en"]))
def test_clauses_cover_the_sentence_in_order(sentence: str, lang: str):
    spans = clause_spans(sentence, lang)
    assert spans[0][0] == 0 and spans[-1][1] == len(sentence)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert 1 <= len(spans) <= MAX_CLAUSES


def test_a_chinese_sentence_is_cut_at_its_commas():
    sentence = "何立峰表示，中美经贸关系的本质是互利共赢，双方合则两利、斗则俱伤。"
    assert [sentence[a:b] for a, b in clause_spans(sentence, "zh")] == [
        "何立峰表示，", "中美经贸关系的本质是互利共赢，", "双方合则两利、斗则俱伤。"]


def _unit(rng: np.random.Generator, *shape: int) -> np.ndarray:
    v = rng.normal(size=(*shape, 8)).astype(np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _brute(clauses: np.ndarray, others: np.ndarray) -> float:
    """The best mean cosine over every in-order split of ``clauses`` into len(others)."""
    n, c = len(others), len(clauses)
    best = -np.inf
    for cuts in itertools.combinations(range(1, c), n - 1):
        bounds = [0, *cuts, c]
        total = 0.0
        for t in range(n):
            group = clauses[bounds[t]:bounds[t + 1]].sum(axis=0)
            total += float(group @ others[t]) / float(np.linalg.norm(group))
        best = max(best, total / n)
    return best


@pytest.mark.parametrize("seed", range(4))
def test_the_clause_score_is_the_best_split(seed: int):
    rng = np.random.default_rng(seed)
    n, m = 5, 12
    x, y = _unit(rng, n), _unit(rng, m)
    sizes = rng.integers(1, MAX_CLAUSES + 1, n)
    x_clauses = Clauses(_unit(rng, int(sizes.sum())), np.concatenate([[0], np.cumsum(sizes)]))
    y_clauses = Clauses(y.copy(), np.arange(m + 1))
    band = Band(np.zeros(n + 1, dtype=np.int64), m + 1)
    types = bead_types()
    scorer = BeadScorer(x, y, np.full(n, 20), np.full(m, 10), band, types, Scoring(),
                        (x_clauses, y_clauses))
    for b in (2, 3, 4):
        found = scorer._clause_split(np.arange(n + 1), 1, b)
        for i in range(1, n + 1):
            own = x_clauses.vectors[x_clauses.starts[i - 1]:x_clauses.starts[i]]
            for j in range(b, m + 1):
                if len(own) < b:
                    assert found[i, j] == -np.inf
                else:
                    assert found[i, j] == pytest.approx(_brute(own, y[j - b:j]), abs=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_the_clause_score_of_an_n_1_bead_splits_the_english_sentence(seed: int):
    rng = np.random.default_rng(10 + seed)
    n, m = 12, 5
    x, y = _unit(rng, n), _unit(rng, m)
    sizes = rng.integers(1, MAX_CLAUSES + 1, m)
    y_clauses = Clauses(_unit(rng, int(sizes.sum())), np.concatenate([[0], np.cumsum(sizes)]))
    x_clauses = Clauses(x.copy(), np.arange(n + 1))
    band = Band(np.zeros(n + 1, dtype=np.int64), m + 1)
    scorer = BeadScorer(x, y, np.full(n, 20), np.full(m, 10), band, bead_types(), Scoring(),
                        (x_clauses, y_clauses))
    for a in (2, 3):
        found = scorer._clause_split(np.arange(n + 1), a, 1)
        for j in range(1, m + 1):
            own = y_clauses.vectors[y_clauses.starts[j - 1]:y_clauses.starts[j]]
            for i in range(a, n + 1):
                want = _brute(own, x[i - a:i]) if len(own) >= a else -np.inf
                assert found[i, j] == pytest.approx(want, abs=1e-5)
