"""Re-align the rest: after bead ``k``, the beads the reviewer has not confirmed or made are
aligned again, with the kept beads as anchors.

The stretch starts at the first free bead after ``k`` (anchored beads right after it, such
as the second half of a split, are stepped over: "re-align from here" works from any bead)
and runs to the next anchor or the end of its block. Its sentences are aligned by the
engine as one block (:meth:`aligner.engine.AlignmentEngine.align_block`, given here as a
:data:`StretchAligner`), which is the alignment DP constrained to pass through the anchors.
A long stretch (a whole book after a fix near its start) is aligned in growing windows
that end on a bead boundary of the old alignment: once the new beads at a window's end
agree with the old ones, the two paths have met again and everything after is left as it
was.

A window whose new beads are the old ones changes nothing, scores included: a bead's
posterior depends on the stretch it was aligned in (the seed's bead 11 is 0.913 aligned
with its whole block, 0.999 re-aligned from the bead before it), so re-scoring an
unchanged stretch moved scores with nothing else moving, and a second re-align from the
same bead, whose windows end elsewhere, scored the same beads anew (20 beads of the
shifted run in tests/test_review_edits.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aligner.alignment import AlignedBead
from aligner.review.project import ReviewBead

# Beads in the first window; each try takes four times as many.
FIRST_WINDOW = 48
GROWTH = 4
# New beads at a window's end that must equal the old ones for the paths to have met.
AGREEING = 3

# Aligns the sentences of a stretch (Chinese ids, English ids, each in order) of block
# ``block`` as the engine aligns a block: beads of sentence ids, similarity, confidence.
StretchAligner = Callable[[Sequence[int], Sequence[int], int], list[AlignedBead]]


@dataclass(frozen=True)
class Realigned:
    """The new bead list, and which beads were replaced: old ``[start, old_end)`` by new
    ``[start, new_end)`` (an empty range: nothing changed)."""

    beads: list[ReviewBead]
    start: int
    old_end: int
    new_end: int


def first_free(beads: Sequence[ReviewBead], k: int) -> int | None:
    """The first bead after bead ``k`` that is neither confirmed nor made by hand."""
    return next((i for i in range(k + 1, len(beads)) if not beads[i].anchored), None)


def free_stretch(beads: Sequence[ReviewBead], start: int) -> int:
    """The end of the run of free beads from ``start``: the next anchored bead, a change of
    block, or the end."""
    end = start
    while end < len(beads) and not beads[end].anchored and \
            beads[end].block == beads[start].block:
        end += 1
    return end


def align_stretch(beads: Sequence[ReviewBead], align: StretchAligner) -> list[ReviewBead]:
    """The sentences of ``beads`` aligned afresh, in the block of the first."""
    zh = sorted(i for bead in beads for i in bead.zh)
    en = sorted(j for bead in beads for j in bead.en)
    block = beads[0].block if beads else 0
    return [ReviewBead(bead.source, bead.target, bead.confidence, bead.similarity, block)
            for bead in align(zh, en, block)]


def realign_after(beads: Sequence[ReviewBead], k: int, align: StretchAligner, *,
                  first_window: int = FIRST_WINDOW) -> Realigned:
    """Re-align the free stretch after bead ``k`` (``k`` = -1: from the start)."""
    start = first_free(beads, k)
    if start is None:
        return Realigned(list(beads), k + 1, k + 1, k + 1)
    end = free_stretch(beads, start)
    window = first_window
    while True:
        stop = min(end, start + window)
        new = align_stretch(beads[start:stop], align)
        if _agree(new, beads[start:stop]):
            return Realigned(list(beads), start, start, start)
        if stop == end or _agree(new[-AGREEING:], beads[stop - AGREEING:stop]):
            return Realigned([*beads[:start], *new, *beads[stop:]], start, stop,
                             start + len(new))
        window *= GROWTH


def _agree(new: Sequence[ReviewBead], old: Sequence[ReviewBead]) -> bool:
    return len(new) == len(old) and all(a.zh == b.zh and a.en == b.en
                                        for a, b in zip(new, old, strict=True))
