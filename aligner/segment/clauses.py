"""Clauses: a sentence cut where its own punctuation marks a clause boundary.

Chinese at ，；： (and their ASCII forms), Western scripts at , ; : followed by a space and
at dashes. Spans of the sentence, never rewritten; a sentence of one clause is one span.
Used as finer evidence for 1-n beads: which clauses of one Chinese sentence go with which
of the English sentences that translate it.
"""

from __future__ import annotations

import re

from aligner.segment.language import ZH

Span = tuple[int, int]

# The most clauses a sentence is cut into: the rest stays in the last one (a 1-5 bead needs
# five; more only multiplies the splits to try).
MAX_CLAUSES = 6
# Shorter pieces join the clause before them ("However," is no clause of its own).
MIN_CLAUSE_CHARS = {ZH: 4, "default": 12}

_ZH_BREAK = re.compile(r"[，；：,;:]+[”’」』\"')）]*")
_LATIN_BREAK = re.compile(r"[,;:][\"'”’)]*(?=\s)|\s[—–]\s|—")


def clause_spans(sentence: str, lang: str) -> list[Span]:
    """The clauses of ``sentence`` as (start, end) spans covering it, at most MAX_CLAUSES."""
    pattern = _ZH_BREAK if lang == ZH else _LATIN_BREAK
    least = MIN_CLAUSE_CHARS.get(lang, MIN_CLAUSE_CHARS["default"])
    spans: list[Span] = []
    start = 0
    for match in pattern.finditer(sentence):
        end = match.end()
        if end - start >= least and len(sentence) - end >= least:
            spans.append((start, end))
            start = end
    spans.append((start, len(sentence)))
    if len(spans) > MAX_CLAUSES:
        spans = [*spans[:MAX_CLAUSES - 1], (spans[MAX_CLAUSES - 1][0], len(sentence))]
    return spans
