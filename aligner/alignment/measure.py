"""A segmentation someone else made, measured under the alignment model.

A bilingual file from a CAT tool, or an alignment read back, is a hypothesis: its units
(segments, beads) pair a stretch of the source with a stretch of the target. Here each unit
side is one item (the normalised sum of its sentence vectors, as a span is in the DP), the
file's own pairing is a path through the grid of items, and the same bead values and
forward-backward pass that give the aligner's confidences give each of the file's beads its
posterior probability. The model's best path over the same items is the re-alignment to
suggest where the two differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.alignment.band import Band
from aligner.alignment.dp import LEARNED, BeadScorer, Scoring, bead_types, best_path
from aligner.alignment.posterior import bead_posteriors
from aligner.alignment.search import find_band
from aligner.embed.base import normalise
from aligner.records import Alignment

Step = tuple[int, int, int, int]  # (i0, j0, a, b): a bead from state (i0, j0)

# The band around the given path is widened by this many items either side, so that the
# alternatives the posterior weighs against each given bead (its neighbours' units) are in it.
PATH_SLACK = 3


@dataclass(frozen=True)
class Measured:
    """The given beads and the model's best path over the same items, each bead as
    ``(i0, j0, a, b)`` with its similarity (cosine, 0 for a null bead) and posterior."""

    given: list[Step]
    given_similarity: list[float]
    given_posterior: list[float]
    best: list[Step]
    best_similarity: list[float]
    best_posterior: list[float]


def steps(sizes: Sequence[tuple[int, int]]) -> list[Step]:
    """The path of beads with ``sizes`` (source items, target items), in order."""
    out, i, j = [], 0, 0
    for a, b in sizes:
        out.append((i, j, a, b))
        i, j = i + a, j + b
    return out


def measure_path(x: np.ndarray, y: np.ndarray, x_lengths: Sequence[int],
                 y_lengths: Sequence[int], sizes: Sequence[tuple[int, int]], *,
                 scoring: Scoring | None = None,
                 length_ratio: float | None = None) -> Measured:
    """The beads of ``sizes`` (items of ``x`` and ``y`` each, consecutive, covering both)
    scored by the model, and its own best path. Every size must be 1-0, 0-1 or an n-m
    bead type of the model (n + m <= 6)."""
    scoring = scoring or LEARNED
    n, m = len(x), len(y)
    given = steps(sizes)
    if sum(a for a, _ in sizes) != n or sum(b for _, b in sizes) != m:
        raise ValueError("the beads do not cover both sides")
    if n == 0 or m == 0:
        return Measured(given, [0.0] * len(given), [1.0] * len(given), given,
                        [0.0] * len(given), [1.0] * len(given))
    types = [(a, b) for a, b in bead_types() if a <= n and b <= m]
    band = _band_with(find_band(x, y), given, n, m)
    scorer = BeadScorer(x, y, np.asarray(x_lengths), np.asarray(y_lengths), band, types,
                        scoring, None, length_ratio)
    best = best_path(scorer)
    return Measured(given, [_similarity(scorer, s) for s in given],
                    [float(p) for p in bead_posteriors(scorer, given)], best,
                    [_similarity(scorer, s) for s in best],
                    [float(p) for p in bead_posteriors(scorer, best)])


def _similarity(scorer: BeadScorer, step: Step) -> float:
    i0, j0, a, b = step
    return float(np.clip(scorer.bead_similarity(i0 + a, j0 + b, a, b), 0.0, 1.0))


def _band_with(band: Band, path: list[Step], n: int, m: int) -> Band:
    """``band`` widened to hold every state of ``path`` and PATH_SLACK items around it."""
    lo = band.lo.astype(np.int64).copy()
    hi = lo + band.width
    for i0, j0, a, b in path:
        for i in range(i0, i0 + a + 1):
            lo[i] = min(lo[i], j0 - PATH_SLACK)
            hi[i] = max(hi[i], j0 + b + PATH_SLACK + 1)
    lo = np.clip(lo, 0, m)
    # Rows must not move left (the DP reads earlier rows by offset).
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    width = int(min(m + 1, (np.minimum(hi, m + 1) - lo).max()))
    return Band(lo, max(width, 1))


def measure_alignment(alignment: Alignment) -> tuple[Alignment, Measured, list[int]]:
    """An alignment someone else made (a bilingual file, a reviewed alignment) whose
    sentences have vectors, measured under the alignment model as a hypothesis.

    Each bead side is one item (its sentences' vectors summed) and the alignment's pairing
    of items is scored (:func:`aligner.alignment.measure.measure_path`). Returns the
    alignment with each bead's ``score`` its posterior and ``similarity`` the cosine of its
    sides; the measure, whose best path is the model's own pairing; and the index of the
    bead of each of its steps (beads with text).
    """
    zh_vectors, en_vectors = alignment.zh.vectors, alignment.en.vectors
    if zh_vectors is None or en_vectors is None:
        raise ValueError("measure_alignment needs the sentences' vectors")
    steps = [k for k, (zh, en) in enumerate(alignment.members) if zh or en]
    items: dict[str, list[np.ndarray]] = {"zh": [], "en": []}
    lengths: dict[str, list[int]] = {"zh": [], "en": []}
    sizes = []
    for k in steps:
        size = []
        for side, ids, vectors in (("zh", alignment.members[k][0], zh_vectors),
                                   ("en", alignment.members[k][1], en_vectors)):
            size.append(1 if ids else 0)
            if ids:
                items[side].append(vectors[list(ids)].sum(axis=0))
                text = alignment.beads[k].zh if side == "zh" else alignment.beads[k].en
                lengths[side].append(len(text))
        sizes.append((size[0], size[1]))
    dim = zh_vectors.shape[1] if len(zh_vectors) else en_vectors.shape[1]
    x, y = (normalise(np.array(items[s], dtype=np.float32).reshape(-1, dim))
            for s in ("zh", "en"))
    measured = measure_path(x, y, lengths["zh"], lengths["en"], sizes)
    beads = list(alignment.beads)
    for s, k in enumerate(steps):
        both = bool(sizes[s][0] and sizes[s][1])
        beads[k] = replace(beads[k], score=measured.given_posterior[s],
                           similarity=measured.given_similarity[s] if both else 0.0)
    return replace(alignment, beads=tuple(beads)), measured, steps
