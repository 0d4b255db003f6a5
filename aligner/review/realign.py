"""Re-align the rest: after a fix, the beads after it that the reviewer has not confirmed or
made are aligned again, with the kept beads as anchors.

The free beads between two anchors (or an anchor and a block's end) hold a stretch of
sentences on each side; :func:`aligner.alignment.align_sentences` aligns that stretch alone,
which is the alignment DP constrained to pass through the anchors. A long stretch (a whole
book after a fix near its start) is aligned in growing windows that end on a bead boundary
of the old alignment: once the new beads at a window's end agree with the old ones, the
two paths have met again and everything after is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment import Clauses, align_sentences
from aligner.review.project import ReviewBead

# Beads in the first window; each try takes four times as many.
FIRST_WINDOW = 48
GROWTH = 4
# New beads at a window's end that must equal the old ones for the paths to have met.
AGREEING = 3

# The clause vectors of the given Chinese and English sentences (by id), for the clause
# score of 1-n and n-1 beads, as ``aligner align`` has them.
ClauseSource = Callable[[Sequence[int], Sequence[int]], tuple[Clauses, Clauses]]


@dataclass(frozen=True)
class Realigned:
    """The new bead list, and which beads were replaced: old ``[start, old_end)`` by new
    ``[start, new_end)``."""

    beads: list[ReviewBead]
    start: int
    old_end: int
    new_end: int


def free_stretch(beads: Sequence[ReviewBead], start: int) -> int:
    """The end of the run of free beads from ``start``: the next anchored bead, a change of
    block, or the end."""
    end = start
    while end < len(beads) and not beads[end].anchored and \
            beads[end].block == beads[start].block:
        end += 1
    return end


def align_stretch(beads: Sequence[ReviewBead], x: np.ndarray, y: np.ndarray,
                  x_lengths: Sequence[int], y_lengths: Sequence[int],
                  clauses: ClauseSource | None = None,
                  length_ratio: float | None = None) -> list[ReviewBead]:
    """The sentences of ``beads`` aligned afresh (vectors and lengths index sentence ids),
    with the clause score where ``clauses`` gives the clause vectors, and lengths judged
    against ``length_ratio`` (the document's; else the stretch's own)."""
    zh = sorted(i for bead in beads for i in bead.zh)
    en = sorted(j for bead in beads for j in bead.en)
    block = beads[0].block if beads else 0
    found = align_sentences(x[zh], y[en], [x_lengths[i] for i in zh],
                            [y_lengths[j] for j in en],
                            clauses=clauses(zh, en) if clauses and zh and en else None,
                            length_ratio=length_ratio)
    return [ReviewBead(tuple(zh[i] for i in bead.source), tuple(en[j] for j in bead.target),
                       bead.confidence, bead.similarity, block)
            for bead in found]


def realign_after(beads: Sequence[ReviewBead], k: int, x: np.ndarray, y: np.ndarray,
                  x_lengths: Sequence[int], y_lengths: Sequence[int], *,
                  first_window: int = FIRST_WINDOW,
                  clauses: ClauseSource | None = None,
                  length_ratio: float | None = None) -> Realigned:
    """Re-align the free beads after bead ``k`` (``k`` = -1: from the start) up to the next
    anchor. ``x``/``y`` are the sentence vectors of each side, ``*_lengths`` their lengths,
    ``clauses`` what gives their clause vectors (without it, 1-n beads go without the
    clause score: on mac-dev, strict F1 0.859 instead of 0.891), ``length_ratio`` the
    target characters per source character of the whole document, as ``aligner align``
    judges lengths by."""
    start = k + 1
    end = free_stretch(beads, start) if start < len(beads) else start
    if end - start == 0:
        return Realigned(list(beads), start, start, start)
    window = first_window
    while True:
        stop = min(end, start + window)
        new = align_stretch(beads[start:stop], x, y, x_lengths, y_lengths, clauses,
                            length_ratio)
        met = stop == end or _agree(new[-AGREEING:], beads[stop - AGREEING:stop])
        if met:
            return Realigned([*beads[:start], *new, *beads[stop:]], start, stop,
                             start + len(new))
        window *= GROWTH


def _agree(new: Sequence[ReviewBead], old: Sequence[ReviewBead]) -> bool:
    return len(new) == len(old) and all(a.zh == b.zh and a.en == b.en
                                        for a, b in zip(new, old, strict=True))
