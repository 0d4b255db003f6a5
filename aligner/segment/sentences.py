"""Sentence splitters, one per script, looked up by language code.

A splitter only decides where sentences start and end: it returns ``(start, end)`` spans
of the text it is given, so every sentence is a slice of the input, never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from aligner.segment.language import ZH

Span = tuple[int, int]


class Piece(NamedTuple):
    """A sentence's place in the text it was split from; ``cut``: it ends at a soft break
    because the sentence went on too long, not at the sentence's end."""

    start: int
    end: int
    cut: bool = False


Splitter = Callable[[str], list[Piece]]

# Sentences longer than this are cut further, at a soft break (a comma, a space) where one
# is near, so that a paragraph without any punctuation (a bad OCR dump, a table flattened
# to one line) still aligns in bounded time and memory.
MAX_SENTENCE_CHARS = {ZH: 300, "default": 600}

_ZH_END = re.compile(
    r"""(?:[。！？!?]+|…{2}|\.{6})     # terminal punctuation (…… and ...... count as one)
        [”’」』"')）]*                   # closing quotes stay with the sentence they close
    """,
    re.VERBOSE,
)
_SOFT_BREAK = re.compile(r"[，,；;：:、\s]")
_SPACE = re.compile(r"\s")


def split_chinese(text: str) -> list[Piece]:
    spans: list[Span] = []
    start = 0
    for match in _ZH_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return _tidy(text, spans, MAX_SENTENCE_CHARS[ZH])


# Titles syntok does not know, common before names in official and news English.
_TITLE_AT_END = re.compile(r"(?:^|\s)(?:Sec|Secs|Gen|Sen|Rep|Gov|Amb|Dept|Lt|Col|Adm|Cmdr)\.$",
                           re.IGNORECASE)


def split_latin(text: str) -> list[Piece]:
    """Western-script sentences by syntok, which knows abbreviations, initials and decimals.

    syntok's tokens carry their offsets, so a sentence is the span from its first token to
    the end of its last; contractions are left as written (syntok would make "didn't"
    "did not" by default). syntok splits a 1 MB paragraph without punctuation in 0.8 s,
    so the paragraph goes to it whole: cutting it first could cut inside a sentence.
    """
    from syntok import segmenter
    from syntok.tokenizer import Tokenizer

    tokenizer = Tokenizer(replace_not_contraction=False)
    spans: list[Span] = []
    for sentence in segmenter.split(tokenizer.tokenize(text)):
        if not sentence:
            continue
        start, end = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
        if spans and _TITLE_AT_END.search(text[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return _tidy(text, spans, MAX_SENTENCE_CHARS["default"])


SPLITTERS: dict[str, Splitter] = {ZH: split_chinese}


def get_splitter(lang: str) -> Splitter:
    return SPLITTERS.get(lang, split_latin)


def sentence_spans(text: str, lang: str) -> list[Piece]:
    """Where the sentences of ``text`` are, as ``(start, end)`` slices of it."""
    return get_splitter(lang)(text)


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text``, each a slice of it."""
    return [text[piece.start:piece.end] for piece in sentence_spans(text, lang)]


# Closing marks and the opening marks they close.
_CLOSES = {"”": "“", "’": "‘", "」": "「", "』": "『", "）": "（"}


def _closers_rejoined(text: str, spans: list[Span]) -> list[Span]:
    """Spans where a closing mark that opens a span (after a space: "合作。 ”然后") goes back
    to the sentence before it when that sentence left its opening mark unclosed: the
    splitter stops at the terminator, and the mark would otherwise stand as a sentence of
    its own or open the next one."""
    out: list[Span] = []
    for start, end in spans:
        if out:
            at = start
            while at < end and text[at].isspace():
                at += 1
            previous = text[out[-1][0]:out[-1][1]]
            while at < end and text[at] in _CLOSES \
                    and previous.count(_CLOSES[text[at]]) > previous.count(text[at]):
                at += 1
                out[-1] = (out[-1][0], at)
                previous = text[out[-1][0]:at]
                start = at
        out.append((start, end))
    return out


def _tidy(text: str, spans: list[Span], limit: int) -> list[Piece]:
    """Spans without surrounding whitespace, empty ones dropped, long ones cut."""
    out: list[Piece] = []
    for start, end in _closers_rejoined(text, spans):
        start, end = _strip(text, start, end)
        if start < end:
            out.extend(_cut(text, start, end, limit))
    return out


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, limit: int) -> Iterator[Piece]:
    """Cut ``text[start:end]`` into pieces of at most ``limit`` characters, at a soft break
    if one is near; every piece but the last is marked ``cut``."""
    while end - start > limit:
        window = text[start + limit // 2:start + limit]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = start + (limit // 2 + breaks[-1] if breaks else limit)
        piece = _strip(text, start, cut)
        if piece[0] < piece[1]:
            yield Piece(*piece, cut=True)
        start, end = _strip(text, cut, end)
    if start < end:
        yield Piece(start, end)
