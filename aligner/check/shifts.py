"""Segments of a bilingual file whose English belongs to a neighbour.

A CAT tool's bilingual file pairs each source segment with a target segment; when a
sentence was merged or split on one side, the pairing runs one segment off until it meets
again. :func:`aligner.alignment.measure.measure_path` scores the file's own pairing under
the alignment model and finds the model's best one over the same segments; a best bead
that is no union of whole file segments pairs the Chinese of one segment with the English
of another, and every file segment it touches is shifted. The best beads over such a
stretch are the re-alignment to suggest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.alignment.measure import Measured, Step


@dataclass(frozen=True)
class Shift:
    """A file segment (bead) whose pairing the model does not take, with the evidence."""

    message: str
    suggestion: str
    posterior: float  # of the file's pairing of this segment
    similarity: float  # of its own two sides
    better: float  # the best similarity of the re-aligned beads over it


def find_shifts(measured: Measured, beads: Sequence[int]) -> dict[int, Shift]:
    """The shifted beads, by index; ``beads[s]`` is the bead of the ``s``-th given step."""
    given, best = measured.given, measured.best
    zh_owner = _owners(given, 0, beads)
    en_owner = _owners(given, 1, beads)
    odd = [b for b in best if not _whole(b, given)]
    if not odd:
        return {}
    step_of = {bead: s for s, bead in enumerate(beads)}
    touched: dict[int, list[Step]] = {}
    for b in odd:
        i0, j0, a, bb = b
        for bead in sorted({*(zh_owner[i] for i in range(i0, i0 + a)),
                            *(en_owner[j] for j in range(j0, j0 + bb))}):
            touched.setdefault(bead, []).append(b)
    best_similarity = dict(zip(best, measured.best_similarity, strict=True))
    out = {}
    for bead, steps in touched.items():
        s = step_of[bead]
        partners_en = sorted({zh_owner[i] for b in steps for i in range(b[0], b[0] + b[2])}
                             - {bead})
        partners_zh = sorted({en_owner[j] for b in steps for j in range(b[1], b[1] + b[3])}
                             - {bead})
        parts = []
        if partners_zh:
            parts.append(f"its Chinese is translated by the English of {_numbers(partners_zh)}")
        if partners_en:
            parts.append(f"its English translates the Chinese of {_numbers(partners_en)}")
        suggestion = "; ".join(_describe(b, zh_owner, en_owner) for b in steps)
        out[bead] = Shift(", and ".join(parts) or "its segments pair differently",
                          suggestion, measured.given_posterior[s],
                          measured.given_similarity[s],
                          max(best_similarity[b] for b in steps))
    return out


def _owners(steps: Sequence[Step], side: int, beads: Sequence[int]) -> list[int]:
    """For each item of a side, the bead that holds it."""
    out = []
    for step, bead in zip(steps, beads, strict=True):
        out.extend([bead] * step[2 + side])
    return out


def _whole(step: Step, given: Sequence[Step]) -> bool:
    """Whether ``step`` covers exactly some consecutive given steps, both sides."""
    i0, j0, a, b = step
    inside = [g for g in given if (g[2] and i0 <= g[0] and g[0] + g[2] <= i0 + a
                                   and (not g[3] or (j0 <= g[1] and g[1] + g[3] <= j0 + b)))
              or (not g[2] and g[3] and j0 <= g[1] and g[1] + g[3] <= j0 + b)]
    return sum(g[2] for g in inside) == a and sum(g[3] for g in inside) == b


def _numbers(beads: Sequence[int]) -> str:
    shown = [str(b + 1) for b in beads]
    return ("segment " if len(shown) == 1 else "segments ") + ", ".join(shown)


def _describe(step: Step, zh_owner: Sequence[int], en_owner: Sequence[int]) -> str:
    i0, j0, a, b = step
    zh = sorted({zh_owner[i] + 1 for i in range(i0, i0 + a)})
    en = sorted({en_owner[j] + 1 for j in range(j0, j0 + b)})
    return (f"Chinese of {'+'.join(map(str, zh)) or 'none'} with English of "
            f"{'+'.join(map(str, en)) or 'none'}")
