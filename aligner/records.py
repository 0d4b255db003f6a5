"""The small typed records that flow between the pipeline stages."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, overload

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


T = TypeVar("T")


class Packed(Sequence[T]):
    """A sequence kept as arrays, each item made when it is asked for (:meth:`_item`): the
    indexing that every such table shares (negative indices, bounds, slices as lists)."""

    def _item(self, k: int) -> T:
        raise NotImplementedError

    def _run(self, start: int, stop: int) -> list[T]:
        """Items ``start .. stop - 1`` (a table that makes a run of them at once says so)."""
        return [self._item(k) for k in range(start, stop)]

    @overload
    def __getitem__(self, k: int) -> T: ...

    @overload
    def __getitem__(self, k: slice) -> list[T]: ...

    def __getitem__(self, k: int | slice) -> T | list[T]:
        if isinstance(k, slice):
            start, stop, step = k.indices(len(self))
            if step != 1:
                return [self._item(i) for i in range(start, stop, step)]
            return self._run(start, max(start, stop))
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(k)


class SentenceTable(Packed[Sentence]):
    """The sentences of one source text as offsets into it, with their paragraph and cut
    flag: a :class:`Sentence` is made each time one is asked for (``table[k]``, equal to
    the one :func:`aligner.segment.split_paragraphs` makes).

    25 bytes a sentence, against about 300 for a Sentence with its text and the
    Paragraph that holds it (a 64-bible pair has 800,000 sentences); the text stays one
    string, the source.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._start = array("q")
        self._end = array("q")
        self._paragraph = array("q")
        self._cut = bytearray()

    def append(self, start: int, end: int, paragraph: int, cut: bool) -> None:
        """The sentence ``source[start:end]``."""
        self._start.append(start)
        self._end.append(end)
        self._paragraph.append(paragraph)
        self._cut.append(cut)

    def __len__(self) -> int:
        return len(self._start)

    def _item(self, k: int) -> Sentence:
        start, end = self._start[k], self._end[k]
        return Sentence(self.source[start:end], start, end, self._paragraph[k],
                        bool(self._cut[k]))

    def length(self, k: int) -> int:
        """Characters of sentence ``k``."""
        return self._end[k] - self._start[k]

    def total_length(self) -> int:
        """Characters of all the sentences."""
        return sum(self._end) - sum(self._start)

    def cut(self, k: int) -> bool:
        return bool(self._cut[k])


def sentence_lengths(sentences: Sequence[Sentence], ids: Iterable[int]) -> list[int]:
    """Characters of the sentences ``ids`` (a :class:`SentenceTable`'s without making their
    records)."""
    if isinstance(sentences, SentenceTable):
        return [sentences.length(k) for k in ids]
    return [len(sentences[k].text) for k in ids]


@dataclass(frozen=True)
class Bead:
    """A minimal group of sentences that translate each other.

    ``zh`` is the source side (Chinese for the product's main use, any language for
    other pairs) and ``en`` the target side. Ids index sentences within ``block``;
    a side with no ids is an omission (1-0) or addition (0-1). ``score`` is the bead's
    confidence: the probability that it is right (for beads from another tool, 1.0: taken as
    asserted); ``similarity`` the cosine of its two sides, when known. ``cut``: a sentence
    of the bead ends at a soft break because it ran on too long, not at its own end.
    """

    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh: str
    en: str
    score: float
    block: int = 0
    cut: bool = False
    similarity: float | None = None

    @property
    def type(self) -> str:
        return f"{len(self.zh_ids)}-{len(self.en_ids)}"


@dataclass(frozen=True)
class Evidence:
    """What an extracted glossary entry rests on, in the text it was taken from.

    ``en_count``: the term's beads whose English holds the rendering; ``consistency``: their
    share of the term's beads; ``alternate_counts``: the same count per alternate;
    ``example_en``: the English of the example bead; ``in_text``: for a curated entry, the
    rendering the text itself uses when it is none of the curated ones.
    """

    en_count: int = 0
    consistency: float = 0.0
    alternate_counts: tuple[int, ...] = ()
    example_en: str = ""
    in_text: str = ""


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
    evidence: Evidence | None = None

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.alternates)


def join_sentences(source: str, sentences: Sequence[Sentence]) -> tuple[str, list[Span]]:
    """The text of consecutive ``sentences`` and where each lies in it.

    The text is the source from the first sentence to the last, exactly as written, blank
    lines and all. Only where other text stands between two of the sentences (in a mixed
    document, a paragraph of the other language) is that text left out, and the pieces
    either side of it are joined by one newline, standing for the paragraph break.
    """
    pieces: list[str] = []
    spans: list[Span] = []
    at = 0
    origin = previous_end = None
    for sentence in sentences:
        if origin is None:
            origin = sentence.start
        elif source[previous_end:sentence.start].strip():
            pieces.append(source[origin:previous_end])
            at += previous_end - origin + 1
            origin = sentence.start
        spans.append((at + sentence.start - origin, at + sentence.end - origin))
        previous_end = sentence.end
    if origin is not None:
        pieces.append(source[origin:previous_end])
    return "\n".join(pieces), spans


@dataclass(frozen=True)
class AlignedSide:
    """One language of an alignment: its source text, sentences and (optionally) vectors,
    with the clause vectors of its sentences: sentence s has rows ``starts[s]`` to
    ``starts[s + 1] - 1`` of ``(vectors, starts)``."""

    source: str
    sentences: Sequence[Sentence]  # a tuple, or a long text's SentenceTable
    vectors: np.ndarray | None = None
    clauses: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class Alignment:
    """What ``align`` finds, and what a reader of tsv/jsonl/tmx gives back (without vectors).

    ``members[k]`` lists, for bead ``k``, the indices of its sentences in ``zh.sentences``
    and ``en.sentences``, so that later stages use the sentences (and vectors) the aligner
    had, and never split or embed a bead's text again.
    """

    beads: Sequence[Bead]  # a tuple, or a long text's BeadTable
    zh: AlignedSide
    en: AlignedSide
    members: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]

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
        sentences = self.sentences(k, side)
        joined, spans = join_sentences(aligned.source, sentences)
        text = self.beads[k].zh if side == "zh" else self.beads[k].en
        if joined == text:
            return spans
        # A bead read from a file may hold white space around its sentences; each sentence
        # is a slice of the bead's text, and only white space lies between two of them, so
        # the first match after the previous sentence is the sentence itself.
        found, at = [], 0
        for sentence in sentences:
            start = text.index(sentence.text, at)
            found.append((start, start + len(sentence.text)))
            at = start + len(sentence.text)
        return found

    def vectors(self, k: int, side: str) -> np.ndarray | None:
        """The vectors of bead ``k``'s sentences on ``side``, when the alignment kept them."""
        aligned = self.zh if side == "zh" else self.en
        if aligned.vectors is None:
            return None
        return aligned.vectors[list(self.members[k][0 if side == "zh" else 1])]

    @property
    def has_vectors(self) -> bool:
        return self.zh.vectors is not None and self.en.vectors is not None


class BeadTable(Packed[Bead]):
    """Beads kept as their sentences' ids in each side's sentences (a
    :class:`SentenceTable`), with their scores, block and cut flag: a :class:`Bead` is made
    each time one is asked for, equal to the one appended, its text joined from its
    sentences (:func:`join_sentences`), as the aligner makes a bead of a pair of texts.

    About 40 bytes a bead, against some 600 for a Bead with its texts (a 200 MB pair has
    millions); the last :data:`RECENT_BEADS` made are kept, for the checks that read a
    bead and its neighbours several times.
    """

    RECENT_BEADS = 2048

    def __init__(self, zh: tuple[str, Sequence[Sentence]],
                 en: tuple[str, Sequence[Sentence]]) -> None:
        self.sides = (zh, en)
        self._ids = (array("i"), array("i"))
        self._stops = (array("q", [0]), array("q", [0]))
        self._score = array("d")
        self._similarity = array("d")
        self._block = array("q")
        self._flags = bytearray()  # 1: cut, 2: no similarity
        self._recent: dict[int, Bead] = {}

    def append(self, bead: Bead) -> None:
        """A bead whose texts are its sentences joined (:func:`join_sentences`)."""
        for ids, stops, members in zip(self._ids, self._stops, (bead.zh_ids, bead.en_ids),
                                       strict=True):
            ids.extend(members)
            stops.append(len(ids))
        self._score.append(bead.score)
        self._similarity.append(0.0 if bead.similarity is None else bead.similarity)
        self._block.append(bead.block)
        self._flags.append(bead.cut | (bead.similarity is None) << 1)

    def __len__(self) -> int:
        return len(self._score)

    def members(self, k: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Bead ``k``'s sentence ids, each side's."""
        zh_ids, en_ids = (tuple(ids[stops[k]:stops[k + 1]])
                          for ids, stops in zip(self._ids, self._stops, strict=True))
        return zh_ids, en_ids

    def _item(self, k: int) -> Bead:
        bead = self._recent.get(k)
        if bead is not None:
            return bead
        ids = self.members(k)
        zh, en = (join_sentences(source, [sentences[i] for i in members])[0]
                  for (source, sentences), members in zip(self.sides, ids, strict=True))
        flags = self._flags[k]
        bead = Bead(ids[0], ids[1], zh, en, self._score[k], self._block[k], bool(flags & 1),
                    None if flags & 2 else self._similarity[k])
        if len(self._recent) >= self.RECENT_BEADS:
            del self._recent[next(iter(self._recent))]
        self._recent[k] = bead
        return bead


class BeadMembers(Packed[tuple[tuple[int, ...], tuple[int, ...]]]):
    """A :class:`BeadTable`'s beads' sentence ids, as :attr:`Alignment.members` lists them."""

    def __init__(self, beads: BeadTable) -> None:
        self.beads = beads

    def __len__(self) -> int:
        return len(self.beads)

    def _item(self, k: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.beads.members(k)
