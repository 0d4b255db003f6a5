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
    # For each item of a side, the given step that holds it.
    zh_step = [s for s, step in enumerate(given) for _ in range(step[2])]
    en_step = [s for s, step in enumerate(given) for _ in range(step[3])]
    touched: dict[int, list[Step]] = {}
    for b in best:
        i0, j0, a, bb = b
        held = {*(zh_step[i] for i in range(i0, i0 + a)),
                *(en_step[j] for j in range(j0, j0 + bb))}
        # A best bead made of whole given steps (one, or several merged) shifts nothing.
        if sum(given[s][2] for s in held) == a and sum(given[s][3] for s in held) == bb:
            continue
        for s in sorted(held):
            touched.setdefault(s, []).append(b)
    zh_owner = [beads[s] for s in zh_step]
    en_owner = [beads[s] for s in en_step]
    best_similarity = dict(zip(best, measured.best_similarity, strict=True))
    out = {}
    for s, steps in touched.items():
        bead = beads[s]
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


def _numbers(beads: Sequence[int]) -> str:
    shown = [str(b + 1) for b in beads]
    return ("segment " if len(shown) == 1 else "segments ") + ", ".join(shown)


def _describe(step: Step, zh_owner: Sequence[int], en_owner: Sequence[int]) -> str:
    i0, j0, a, b = step
    zh = sorted({zh_owner[i] + 1 for i in range(i0, i0 + a)})
    en = sorted({en_owner[j] + 1 for j in range(j0, j0 + b)})
    return (f"Chinese of {'+'.join(map(str, zh)) or 'none'} with English of "
            f"{'+'.join(map(str, en)) or 'none'}")

