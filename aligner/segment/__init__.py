"""Text → paragraphs → sentences, with each paragraph's language.

Segmentation only decides where things start and end: every paragraph and sentence is a
slice of the text, with its offsets, so output text is always source text.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from aligner.records import AlignedSide, Alignment, Bead, Sentence, SentenceTable
from aligner.segment.language import EN, ZH, detect_language
from aligner.segment.sentences import sentence_spans, split_sentences

__all__ = ["EN", "ZH", "Paragraph", "alignment_from_beads", "detect_language", "iter_lines",
           "sentence_table", "split_lines", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of the input: its position among the paragraphs, its offset in the
    text, its language and its sentences."""

    index: int
    text: str
    start: int
    lang: str | None
    sentences: tuple[Sentence, ...]


def split_lines(text: str) -> list[tuple[int, int, int]]:
    """``(line number, start, end)`` of every non-blank line of ``text``, from 0, without
    the line's surrounding whitespace."""
    return list(iter_lines(text))


def iter_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """:func:`split_lines`, a line at a time (no list of the lines of a long text)."""
    at = number = 0
    while True:
        stop = text.find("\n", at)
        line = text[at:] if stop < 0 else text[at:stop]
        stripped = line.strip()
        if stripped:
            start = at + line.index(stripped[0])
            yield number, start, start + len(stripped)
        if stop < 0:
            return
        at, number = stop + 1, number + 1


def sentence_table(text: str, lang: str | None = None
                   ) -> tuple[SentenceTable, array[int], array[int]]:
    """The sentences of :func:`split_paragraphs` kept compact (:class:`SentenceTable`),
    with the first sentence of each paragraph (and one past the last sentence) and each
    paragraph's length in characters: what aligning a pair needs of its paragraphs."""
    table = SentenceTable(text)
    starts, lengths = array("q"), array("q")
    for _, start, end in iter_lines(text):
        line = text[start:end]
        detected = lang or detect_language(line)
        starts.append(len(table))
        lengths.append(end - start)
        for piece in sentence_spans(line, detected or EN):
            table.append(start + piece.start, start + piece.end, len(lengths) - 1, piece.cut)
    starts.append(len(table))
    return table, starts, lengths


def split_paragraphs(text: str, lang: str | None = None) -> list[Paragraph]:
    """One paragraph per non-blank line; ``lang`` forces the language instead of detecting it."""
    paragraphs = []
    for _, start, end in split_lines(text):
        line = text[start:end]
        detected = lang or detect_language(line)
        sentences = tuple(
            Sentence(line[p.start:p.end], start + p.start, start + p.end, len(paragraphs), p.cut)
            for p in sentence_spans(line, detected or EN))
        paragraphs.append(Paragraph(len(paragraphs), line, start, detected, sentences))
    return paragraphs


def alignment_from_beads(beads: Sequence[Bead]) -> Alignment:
    """The alignment record of beads that come without their sentences (read from a file,
    made by hand): each side of each bead is split into sentences, once.

    A side's source text is its beads' texts, one per line, so every bead's text is a
    slice of it and its sentences are slices of that.
    """
    zh_source, zh_sentences, zh_members = _bead_sentences([b.zh for b in beads])
    en_source, en_sentences, en_members = _bead_sentences([b.en for b in beads])
    return Alignment(tuple(beads), AlignedSide(zh_source, tuple(zh_sentences)),
                     AlignedSide(en_source, tuple(en_sentences)),
                     tuple(zip(zh_members, en_members, strict=True)))


def _bead_sentences(texts: Sequence[str]) -> tuple[str, list[Sentence], list[tuple[int, ...]]]:
    sentences: list[Sentence] = []
    members: list[tuple[int, ...]] = []
    at = 0
    for number, text in enumerate(texts):
        lang = detect_language(text) or EN
        first = len(sentences)
        for _, start, end in split_lines(text):
            for piece in sentence_spans(text[start:end], lang):
                sentences.append(Sentence(text[start + piece.start:start + piece.end],
                                          at + start + piece.start, at + start + piece.end,
                                          paragraph=number, cut=piece.cut))
        members.append(tuple(range(first, len(sentences))))
        at += len(text) + 1
    return "\n".join(texts), sentences, members
