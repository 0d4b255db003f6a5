"""Sentences inside a merged bead that the other side does not translate.

An aligner that has to choose between leaving a sentence unaligned and merging it into its
neighbour's bead often merges, so a dropped or added sentence hides in a 2-1 or 1-2 bead
instead of showing as a 1-0 or 0-1 one. Such a sentence gives itself away: the bead's two
sides match better without it. A side is represented by the sum of its sentences' unit
vectors weighted by the square root of their length (a short aside weighs less than the
sentence it follows), so each sentence is embedded once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from aligner.check.findings import Span
from aligner.embed import Encoder, normalise
from aligner.records import Alignment

# How much better the bead must match without the sentence. In the seed's clean readout
# no sentence gains by its removal; benchmarks/check_strays.py measures the trade-off on
# mac-dev: 0.05 flags 7% of the gold merged beads of its literary translations and finds
# 62% of sentences planted from elsewhere in the text (58% when sentences were re-split from
# bead text and rebuilt by syntok; 0.08 then: 2% and 47%).
MIN_GAIN = 0.05
# ... and how little the sentence alone may match the other side.
MAX_SIMILARITY = 0.4


@dataclass(frozen=True)
class Stray:
    """A sentence of one side of a bead, with where it is and what removing it gains."""

    side: str
    span: Span
    text: str
    gain: float
    similarity: float


def find_strays(alignment: Alignment, encoder: Encoder | None = None, *,
                min_gain: float = MIN_GAIN,
                max_similarity: float = MAX_SIMILARITY) -> list[list[Stray]]:
    """For each bead, its sentences that the other side does not account for.

    Uses the sentence vectors the aligner computed; an alignment read from a file has
    none, and its sentences are embedded with ``encoder`` (without one, nothing is found).
    """
    wanted: list[tuple[int, str, list[Span], list[int]]] = []
    for number, bead in enumerate(alignment.beads):
        if not bead.zh.strip() or not bead.en.strip():
            continue
        members = alignment.members[number]
        if len(members[0]) < 2 and len(members[1]) < 2:
            continue
        for side, ids in zip(("zh", "en"), members, strict=True):
            wanted.append((number, side, alignment.spans(number, side), list(ids)))
    strays: list[list[Stray]] = [[] for _ in alignment.beads]
    if not wanted:
        return strays
    vectors = _vectors(alignment, wanted, encoder)
    if vectors is None:
        return strays
    by_bead: dict[int, dict[str, tuple[list[Span], np.ndarray]]] = {}
    for (number, side, spans, _), matrix in zip(wanted, vectors, strict=True):
        by_bead.setdefault(number, {})[side] = (spans, matrix)
    for number, sides in by_bead.items():
        bead = alignment.beads[number]
        totals = {side: matrix.sum(axis=0) for side, (_, matrix) in sides.items()}
        for side, (spans, matrix) in sides.items():
            if len(spans) < 2:
                continue
            text = bead.zh if side == "zh" else bead.en
            other = normalise(totals["en" if side == "zh" else "zh"])
            full = float(normalise(totals[side]) @ other)
            without = normalise(totals[side][None, :] - matrix) @ other
            alone = normalise(matrix) @ other
            for span, rest, own in zip(spans, without, alone, strict=True):
                gain = float(rest) - full
                if gain > min_gain and own < max_similarity:
                    strays[number].append(Stray(side, span, text[span[0]:span[1]], gain,
                                                float(own)))
    return strays


def _vectors(alignment: Alignment, wanted: list[tuple[int, str, list[Span], list[int]]],
             encoder: Encoder | None) -> list[np.ndarray] | None:
    """Per wanted bead side, its sentences' vectors weighted by sqrt(length)."""
    sides = {"zh": alignment.zh, "en": alignment.en}
    if alignment.has_vectors:
        matrices = [alignment.vectors(number, side) for number, side, _, _ in wanted]
    elif encoder is not None:
        texts = [sides[side].sentences[i].text for _, side, _, ids in wanted for i in ids]
        flat = encoder.encode(texts)
        bounds = np.cumsum([0] + [len(ids) for *_, ids in wanted])
        matrices = [flat[a:b] for a, b in itertools.pairwise(bounds)]
    else:
        return None
    return [matrix * np.sqrt([len(sides[side].sentences[i].text) for i in ids])[:, None]
            for (_, side, _, ids), matrix in zip(wanted, matrices, strict=True)]
