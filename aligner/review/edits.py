"""The reviewer's fixes, each a pure function from beads (and edits) to new ones.

Beads are a list of :class:`ReviewBead`; a fix returns a new list and leaves its argument
alone. A bead the reviewer reshapes becomes ``fixed`` (re-aligning keeps it) and loses its
confirmation, if it had one (the session says so: :attr:`aligner.review.session.Change.
note`); sentences a fix pushes out of a bead go to a new bead that is not fixed, so that
"re-align the rest" places them. A fix that cannot be made raises :class:`EditError`.
"""

from __future__ import annotations

from dataclasses import replace

from aligner.review.project import SIDES, Edits, ReviewBead


class EditError(ValueError):
    """A fix that does not apply (no next bead to merge with, a split at an edge...)."""


Beads = list[ReviewBead]


def _check(beads: Beads, k: int) -> ReviewBead:
    if not 0 <= k < len(beads):
        raise EditError(f"there is no bead {k + 1}")
    return beads[k]


def _side(side: str) -> str:
    if side not in SIDES:
        raise EditError(f"unknown side {side!r} (zh or en)")
    return side


def _made(zh: tuple[int, ...], en: tuple[int, ...], block: int) -> ReviewBead:
    return ReviewBead(zh, en, block=block, fixed=True)


def merge(beads: Beads, k: int) -> Beads:
    """Bead ``k`` and the next become one."""
    first = _check(beads, k)
    if k + 1 >= len(beads):
        raise EditError(f"bead {k + 1} is the last: there is no next bead to merge with")
    second = beads[k + 1]
    merged = _made(first.zh + second.zh, first.en + second.en, first.block)
    return [*beads[:k], merged, *beads[k + 2:]]


def split(beads: Beads, k: int, zh_at: int, en_at: int) -> Beads:
    """Bead ``k`` becomes two: its first ``zh_at`` Chinese and ``en_at`` English sentences,
    and the rest."""
    bead = _check(beads, k)
    if not (0 <= zh_at <= len(bead.zh) and 0 <= en_at <= len(bead.en)):
        raise EditError(f"bead {k + 1} ({bead.type}) cannot be split at {zh_at}, {en_at}")
    first = (bead.zh[:zh_at], bead.en[:en_at])
    second = (bead.zh[zh_at:], bead.en[en_at:])
    if not any(first) or not any(second):
        raise EditError(f"splitting bead {k + 1} there leaves one part with no sentence")
    return [*beads[:k], _made(*first, bead.block), _made(*second, bead.block), *beads[k + 1:]]


def move(beads: Beads, k: int, side: str, direction: int) -> Beads:
    """Move a sentence of bead ``k`` on ``side`` into the previous bead (``direction`` -1:
    its first sentence) or the next one (+1: its last sentence). A bead left with no
    sentence disappears."""
    bead = _check(beads, k)
    ids = bead.side(_side(side))
    if direction not in (-1, 1):
        raise EditError("direction is -1 (previous bead) or 1 (next bead)")
    other = k + direction
    if not 0 <= other < len(beads):
        raise EditError(f"bead {k + 1} has no {'previous' if direction < 0 else 'next'} bead")
    if not ids:
        raise EditError(f"bead {k + 1} has no {side} sentence to move")
    moved, kept = (ids[0], ids[1:]) if direction < 0 else (ids[-1], ids[:-1])
    target = beads[other]
    target_ids = target.side(side)
    target_ids = (*target_ids, moved) if direction < 0 else (moved, *target_ids)
    new_target = _made(*_sides(target, side, target_ids), target.block)
    source = _made(*_sides(bead, side, kept), bead.block)
    out = list(beads)
    out[other] = new_target
    out[k] = source
    if not source.zh and not source.en:
        del out[k]
    return out


def _sides(bead: ReviewBead, side: str, ids: tuple[int, ...]) -> tuple[tuple[int, ...],
                                                                        tuple[int, ...]]:
    return (ids, bead.en) if side == "zh" else (bead.zh, ids)


def mark_null(beads: Beads, k: int, keep: str) -> Beads:
    """Bead ``k`` becomes 1-0 (``keep`` "zh": its Chinese has no translation) or 0-1
    ("en"); the other side's sentences go to a new bead right after it, to be re-aligned.
    A bead that has only ``keep``'s side already is left as it is (confirmed, if it was)."""
    bead = _check(beads, k)
    keep = _side(keep)
    dropped = bead.en if keep == "zh" else bead.zh
    kept = bead.side(keep)
    if not kept:
        raise EditError(f"bead {k + 1} has no {keep} sentence to keep")
    if not dropped:
        return list(beads)
    marked = _made(*_sides(ReviewBead((), ()), keep, kept), bead.block)
    rest = [ReviewBead(*_sides(ReviewBead((), ()), "en" if keep == "zh" else "zh", dropped),
                       block=bead.block)] if dropped else []
    return [*beads[:k], marked, *rest, *beads[k + 1:]]


def confirm(beads: Beads, k: int, confirmed: bool = True) -> Beads:
    """Mark bead ``k`` as checked and right (or take that back)."""
    bead = _check(beads, k)
    out = list(beads)
    out[k] = replace(bead, confirmed=confirmed)
    return out


def edit_text(edits: Edits, side: str, sid: int, text: str, source: str) -> Edits:
    """The edits with sentence ``sid`` of ``side`` reading ``text``; text equal to the
    ``source`` sentence removes the edit. A sentence cannot be emptied (leave it out with
    a 1-0 or 0-1 bead instead)."""
    side = _side(side)
    if not text.strip():
        raise EditError("a sentence cannot be empty: mark its bead 1-0 or 0-1 instead")
    changed = dict(edits[side])
    if text == source:
        changed.pop(sid, None)
    else:
        changed[sid] = text
    return {**edits, side: changed}
