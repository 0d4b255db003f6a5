"""The small typed records that flow between the pipeline stages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``source[start:end]`` of its side's source text, exactly as written.

    ``paragraph`` numbers the paragraphs (non-blank lines) of that side; ``cut`` marks a
    sentence that ends at a soft break (a comma, a space) because it ran on too long.
    """

    text: str
    start: int
    end: int
    paragraph: int = 0
    cut: bool = False


@dataclass(frozen=True)
class Bead:
    """A minimal group of sentences that translate each other.

    ``zh`` is the source side (Chinese for the product's main use, any language for
    other pairs) and ``en`` the target side. Ids index sentences within ``block``;
    a side with no ids is an omission (1-0) or addition (0-1). ``cut``: a sentence of the
    bead ends at a soft break because it ran on too long, not at its own end.
    """

    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh: str
    en: str
    score: float
    block: int = 0
    cut: bool = False

    @property
    def type(self) -> str:
        return f"{len(self.zh_ids)}-{len(self.en_ids)}"


@dataclass(frozen=True)
class Term:
    """A glossary entry: one Chinese term and its accepted English renderings."""

    zh: str
    en: str
    alternates: tuple[str, ...] = ()
    score: float = 1.0
    count: int = 0
    example: str = ""
    curated: bool = False
    forbidden: tuple[str, ...] = field(default=())

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.alternates)


def join_sentences(source: str, sentences: Sequence[Sentence]) -> tuple[str, list[Span]]:
    """The text of consecutive ``sentences`` and where each lies in it.

    Within a paragraph the text is the source slice from the first sentence to the last,
    spaces and all; sentences in different paragraphs are joined by one newline, which
    stands for the paragraph break between them (what lies between two paragraphs of one
    side may be a paragraph of the other language, in a mixed document).
    """
    pieces: list[str] = []
    spans: list[Span] = []
    at = 0
    for _, group in groupby(sentences, key=lambda s: s.paragraph):
        members = list(group)
        if pieces:
            at += 1
        origin = members[0].start
        pieces.append(source[origin:members[-1].end])
        spans.extend((at + s.start - origin, at + s.end - origin) for s in members)
        at += members[-1].end - origin
    return "\n".join(pieces), spans


@dataclass(frozen=True)
class AlignedSide:
    """One language of an alignment: its source text, sentences and (optionally) vectors."""

    source: str
    sentences: tuple[Sentence, ...]
    vectors: np.ndarray | None = None


@dataclass(frozen=True)
class Alignment:
    """What ``align`` finds, and what a reader of tsv/jsonl/tmx gives back (without vectors).

    ``members[k]`` lists, for bead ``k``, the indices of its sentences in ``zh.sentences``
    and ``en.sentences``, so that later stages use the sentences (and vectors) the aligner
    had, and never split or embed a bead's text again.
    """

    beads: tuple[Bead, ...]
    zh: AlignedSide
    en: AlignedSide
    members: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    def __post_init__(self) -> None:
        if len(self.members) != len(self.beads):
            raise ValueError(f"{len(self.beads)} beads but {len(self.members)} member lists")

    def __len__(self) -> int:
        return len(self.beads)

    def __iter__(self) -> Iterator[Bead]:
        return iter(self.beads)

    def __getitem__(self, k: int) -> Bead:
        return self.beads[k]

    def sentences(self, k: int, side: str) -> list[Sentence]:
        """The sentences of bead ``k`` on ``side`` ("zh" or "en")."""
        ids = self.members[k][0 if side == "zh" else 1]
        all_sentences = (self.zh if side == "zh" else self.en).sentences
        return [all_sentences[i] for i in ids]

    def spans(self, k: int, side: str) -> list[Span]:
        """Where each sentence of bead ``k`` on ``side`` lies in the bead's text."""
        aligned = self.zh if side == "zh" else self.en
        return join_sentences(aligned.source, self.sentences(k, side))[1]

    def vectors(self, k: int, side: str) -> np.ndarray | None:
        """The vectors of bead ``k``'s sentences on ``side``, when the alignment kept them."""
        aligned = self.zh if side == "zh" else self.en
        if aligned.vectors is None:
            return None
        return aligned.vectors[list(self.members[k][0 if side == "zh" else 1])]

    @property
    def has_vectors(self) -> bool:
        return self.zh.vectors is not None and self.en.vectors is not None
