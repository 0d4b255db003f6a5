"""Sentences inside a merged bead that the other side does not translate.

An aligner that has to choose between leaving a sentence unaligned and merging it into its
neighbour's bead often merges, so a dropped or added sentence hides in a 2-1 or 1-2 bead
instead of showing as a 1-0 or 0-1 one. Such a sentence gives itself away: the bead's two
sides match better without it. A side is represented by the sum of its sentences' unit
vectors weighted by the square root of their length (a short aside weighs less than the
sentence it follows), so each sentence is embedded once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aligner.check.findings import Span
from aligner.embed import Encoder, normalise
from aligner.segment import EN, detect_language, split_sentences
from aligner.records import Bead

# How much better the bead must match without the sentence. In the seed's clean readout
# no sentence gains by its removal; benchmarks/check_strays.py measures the trade-off on
# mac-dev: 0.05 flags 7% of the gold merged beads of its literary translations and finds
# 58% of sentences planted from elsewhere in the text (0.08: 2% and 47%).
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


def find_strays(beads: Sequence[Bead], encoder: Encoder, *, min_gain: float = MIN_GAIN,
                max_similarity: float = MAX_SIMILARITY) -> list[list[Stray]]:
    """For each bead, its sentences that the other side does not account for."""
    pieces: list[tuple[int, str, list[tuple[Span, str]]]] = []
    texts: list[str] = []
    for number, bead in enumerate(beads):
        if not bead.zh.strip() or not bead.en.strip():
            continue
        sides = {"zh": _sentences(bead.zh), "en": _sentences(bead.en)}
        if len(sides["zh"]) < 2 and len(sides["en"]) < 2:
            continue
        for side, sentences in sides.items():
            pieces.append((number, side, sentences))
            texts.extend(text for _, text in sentences)
    strays: list[list[Stray]] = [[] for _ in beads]
    if not texts:
        return strays
    vectors = encoder.encode(texts) * np.sqrt([len(t) for t in texts])[:, None]
    at = 0
    by_bead: dict[int, dict[str, tuple[list[tuple[Span, str]], Any]]] = {}
    for number, side, sentences in pieces:
        by_bead.setdefault(number, {})[side] = (sentences, vectors[at:at + len(sentences)])
        at += len(sentences)
    for number, sides in by_bead.items():
        totals = {side: matrix.sum(axis=0) for side, (_, matrix) in sides.items()}
        for side, (sentences, matrix) in sides.items():
            if len(sentences) < 2:
                continue
            other = normalise(totals["en" if side == "zh" else "zh"])
            full = float(normalise(totals[side]) @ other)
            without = normalise(totals[side][None, :] - matrix) @ other
            alone = normalise(matrix) @ other
            for (span, text), rest, own in zip(sentences, without, alone, strict=True):
                gain = float(rest) - full
                if gain > min_gain and own < max_similarity:
                    strays[number].append(Stray(side, span, text, gain, float(own)))
    return strays


def _sentences(text: str) -> list[tuple[Span, str]]:
    """The sentences of a bead's side, each with its place in the bead's text."""
    out = []
    at = 0
    for sentence in split_sentences(text, detect_language(text) or EN):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, at)
        if start < 0:
            start = at
        out.append(((start, start + len(sentence)), sentence))
        at = start + len(sentence)
    return out
