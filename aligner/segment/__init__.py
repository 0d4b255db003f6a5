"""Text → paragraphs → sentences, with each paragraph's language."""

from __future__ import annotations

from dataclasses import dataclass

from aligner.segment.language import EN, ZH, detect_language
from aligner.segment.sentences import split_sentences

__all__ = ["EN", "ZH", "Paragraph", "detect_language", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of the input, its position among the lines, language and sentences."""

    index: int
    text: str
    lang: str | None
    sentences: tuple[str, ...]


def split_paragraphs(text: str, lang: str | None = None) -> list[Paragraph]:
    """One paragraph per non-blank line; ``lang`` forces the language instead of detecting it."""
    paragraphs = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        detected = lang or detect_language(line)
        sentences = tuple(split_sentences(line, detected or EN))
        paragraphs.append(Paragraph(len(paragraphs), line, detected, sentences))
    return paragraphs
