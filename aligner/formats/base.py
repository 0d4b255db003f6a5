"""What every file format shares (the interface), and what bead formats share: score and id
handling, text cleaning."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from os import PathLike
from typing import Protocol, TypeVar

from aligner.errors import InputError
from aligner.records import Bead, Term
from aligner.signature import Signature

T = TypeVar("T")

SCORE_DECIMALS = 4

# A file that gives no score is hand-made or comes from another tool: its pairs are
# taken as asserted, so nothing downstream treats them as doubtful alignments.
DEFAULT_SCORE = 1.0

_TYPE = re.compile(r"\s*(\d+)\s*-\s*(\d+)\s*")
_IDS = re.compile(r"\s*\d+\s*(,\s*\d+\s*)*")


class FileFormat(Protocol[T]):
    """One file format for a list of records (beads, glossary terms), registered by name.

    Every format renders a whole file in memory (so outputs are written atomically) and
    parses one back, raising :class:`~aligner.errors.InputError` for malformed content.

    A format that ``holds_signature`` writes a :class:`~aligner.signature.Signature` given
    to ``render`` into the file where its readers skip it (a header, a first record), so a
    signed file reads back the same records; the others (tables that CAT tools and
    spreadsheets read) ignore it, and :func:`aligner.formats.write_beads` puts it in a
    sidecar file.
    """

    name: str
    suffixes: tuple[str, ...]
    holds_signature: bool

    def render(self, items: Sequence[T], *, signature: Signature | None = None) -> str:
        """The whole file for ``items``, as one string, signed with ``signature``."""
        ...

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[T]:
        """The records in ``text``; malformed content raises InputError naming ``path``."""
        ...


GlossaryFormat = FileFormat[Term]


class BeadFormat(FileFormat[Bead], Protocol):
    """One file format for aligned beads, registered in :data:`aligner.formats.FORMATS`."""

    #: Whether ``zh_ids``, ``en_ids`` and ``block`` survive a write and a read unchanged;
    #: formats that do not carry them renumber ids sequentially in block 0.
    keeps_ids: bool

    def clean(self, text: str) -> str:
        """``text`` as this format stores it (the characters it cannot hold replaced or dropped)."""
        ...


class BeadProblem(ValueError):
    """One thing wrong with one record; the format adds where it is and the file name."""


def format_score(score: float) -> str:
    if not math.isfinite(score):
        raise ValueError(f"bead score {score!r} is not a finite number")
    return f"{score:.{SCORE_DECIMALS}f}"


def parse_score(value: str | float | None, what: str = "score") -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_SCORE
    if isinstance(value, bool):
        raise BeadProblem(f"{what} {value!r} is not a number")
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise BeadProblem(f"{what} {value!r} is not a number") from None
    if not math.isfinite(score):
        raise BeadProblem(f"{what} {value!r} is not a finite number")
    return score


def parse_type(value: str) -> tuple[int, int]:
    match = _TYPE.fullmatch(value)
    if not match:
        raise BeadProblem(f"type {value!r} is not of the form n-m (e.g. 1-1, 2-1, 0-1)")
    return int(match[1]), int(match[2])


def parse_id_list(value: str, what: str) -> tuple[int, ...]:
    """``"0,1"`` → ``(0, 1)``; the empty string is a side with no sentences."""
    if not value.strip():
        return ()
    if not _IDS.fullmatch(value):
        raise BeadProblem(f"{what} {value!r} is not a comma-separated list of sentence numbers")
    return tuple(int(part) for part in value.split(","))


def render_id_list(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids)


def drop_controls(text: str, keep: str = "") -> str:
    """``text`` without C0 control characters other than those in ``keep``."""
    if not any(ord(ch) < 32 for ch in text):
        return text
    return "".join(ch for ch in text if ord(ch) >= 32 or ch in keep)


def parse_block(value: str | None, what: str = "block") -> int:
    """A block number from a file; empty is block 0."""
    if value is None or not value.strip():
        return 0
    if not value.strip().isdecimal():
        raise BeadProblem(f"{what} {value!r} is not a whole number")
    return int(value)


def optional_ids(facts: dict[str, str], key: str) -> tuple[int, ...] | None:
    """The ids under ``key``, or None (to be numbered) when the file gives none."""
    return parse_id_list(facts[key], key) if key in facts else None


def build_units(units: Sequence[T], build: Callable[[T, BeadBuilder], Bead], unit: str,
                path: str | PathLike[str] | None) -> list[Bead]:
    """Beads from the units of an XML file (TMX ``<tu>``, XLIFF ``<trans-unit>``), one
    builder numbering the ids they lack; a bad unit is an InputError naming it."""
    if not units:
        raise InputError(path, f"has no <{unit}> elements")
    builder = BeadBuilder()
    beads: list[Bead] = []
    for number, element in enumerate(units, 1):
        try:
            beads.append(build(element, builder))
        except BeadProblem as problem:
            raise InputError(path, f"<{unit}> number {number}: {problem}") from None
    return beads


class BeadBuilder:
    """Makes Beads from what a file gives, numbering the ids that it does not give.

    Ids missing from a record continue per-block counters (zh and en separately) that
    start at 0, so a file written from one block of sequentially numbered beads reads
    back with the same ids even if it only kept each bead's type.
    """

    def __init__(self) -> None:
        self._next: dict[int, tuple[int, int]] = {}

    def build(self, *, zh: str, en: str, score: float = DEFAULT_SCORE, type_: str | None = None,
              zh_ids: Sequence[int] | None = None, en_ids: Sequence[int] | None = None,
              block: int = 0, cut: bool = False, similarity: float | None = None) -> Bead:
        if block < 0:
            raise BeadProblem(f"block {block} is negative")
        counts = parse_type(type_) if type_ is not None and type_.strip() else None
        n = _count(zh_ids, counts[0] if counts else None, zh)
        m = _count(en_ids, counts[1] if counts else None, en)
        if counts and (n, m) != counts:
            raise BeadProblem(f"type {type_.strip()} does not match its {n} zh and {m} en ids")
        if n == m == 0:
            raise BeadProblem("zh and en are both empty" if counts is None
                              else "type 0-0: a bead needs a sentence on at least one side")
        if n == 0 and zh:
            raise BeadProblem(f"has zh text but type {n}-{m} gives it no zh sentence")
        if m == 0 and en:
            raise BeadProblem(f"has en text but type {n}-{m} gives it no en sentence")
        zh_next, en_next = self._next.get(block, (0, 0))
        zh_tuple = _ids(zh_ids, zh_next, n, "zh")
        en_tuple = _ids(en_ids, en_next, m, "en")
        self._next[block] = (max((zh_next, *(i + 1 for i in zh_tuple))),
                             max((en_next, *(i + 1 for i in en_tuple))))
        return Bead(zh_ids=zh_tuple, en_ids=en_tuple, zh=zh, en=en, score=score, block=block,
                    cut=cut, similarity=similarity)


def _count(ids: Sequence[int] | None, from_type: int | None, text: str) -> int:
    if ids is not None:
        return len(ids)
    if from_type is not None:
        return from_type
    return 1 if text else 0


def _ids(given: Sequence[int] | None, start: int, count: int, side: str) -> tuple[int, ...]:
    if given is None:
        return tuple(range(start, start + count))
    if any(i < 0 for i in given):
        raise BeadProblem(f"{side} ids {list(given)} include a negative number")
    return tuple(given)
