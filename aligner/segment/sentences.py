"""Sentence splitters, one per script, looked up by language code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from aligner.segment.language import ZH

Splitter = Callable[[str], list[str]]

# Pieces longer than this are cut further, so that a paragraph without any
# punctuation (a bad OCR dump, a table flattened to one line) still aligns in
# bounded time and memory.
MAX_SENTENCE_CHARS = {ZH: 300, "default": 600}

_ZH_END = re.compile(
    r"""(?:[。！？!?]+|…{2}|\.{6})     # terminal punctuation (…… and ...... count as one)
        [”’」』"')）]*                   # closing quotes stay with the sentence they close
    """,
    re.VERBOSE,
)
_SOFT_BREAK = re.compile(r"[，,；;：:、\s]")


def split_chinese(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _ZH_END.finditer(text):
        sentences.append(text[start:match.end()])
        start = match.end()
    sentences.append(text[start:])
    return _tidy(sentences, MAX_SENTENCE_CHARS[ZH])


# Titles syntok does not know, common before names in official and news English.
_TITLE_AT_END = re.compile(r"(?:^|\s)(?:Sec|Secs|Gen|Sen|Rep|Gov|Amb|Dept|Lt|Col|Adm|Cmdr)\.$",
                           re.IGNORECASE)


def split_latin(text: str) -> list[str]:
    """Western-script sentences by syntok, which knows abbreviations, initials and decimals."""
    from syntok import segmenter

    sentences: list[str] = []
    for piece in _cut(text, MAX_SENTENCE_CHARS["default"] * 8):
        for paragraph in segmenter.process(piece):
            for sentence in paragraph:
                joined = "".join(token.spacing + token.value for token in sentence)
                if sentences and _TITLE_AT_END.search(sentences[-1].rstrip()):
                    sentences[-1] += joined
                else:
                    sentences.append(joined)
    return _tidy(sentences, MAX_SENTENCE_CHARS["default"])


SPLITTERS: dict[str, Splitter] = {ZH: split_chinese}


def get_splitter(lang: str) -> Splitter:
    return SPLITTERS.get(lang, split_latin)


def split_sentences(text: str, lang: str) -> list[str]:
    return get_splitter(lang)(text)


def _tidy(sentences: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for sentence in sentences:
        sentence = sentence.strip()
        if sentence:
            out.extend(_cut(sentence, limit))
    return out


def _cut(text: str, limit: int) -> Iterator[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at a soft break if one is near."""
    while len(text) > limit:
        window = text[limit // 2:limit]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = limit // 2 + breaks[-1] if breaks else limit
        piece, text = text[:cut].strip(), text[cut:].lstrip()
        if piece:
            yield piece
    if text.strip():
        yield text.strip()
