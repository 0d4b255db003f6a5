"""Stage 1 of the glossary: the term candidates of both sides, bead by bead.

Chinese candidates are jieba words and runs of them (:mod:`aligner.glossary.candidates_zh`),
English ones word n-grams (:mod:`aligner.glossary.candidates_en`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.glossary import candidates_en
from aligner.glossary.candidates_en import EnSpan
from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan, spans_from_words
from aligner.glossary.repeats import repeated_spans
from aligner.records import Bead


@dataclass(frozen=True)
class Candidates:
    """The candidates of the parallel beads (those with Chinese and English), side by side.

    English without Chinese still shows how English terms are used (whether Kuala ever
    comes without Lumpur), so ``en_all`` holds the candidates of every bead with English: it
    informs the English candidates' quality, not the pairing.
    """

    beads: tuple[Bead, ...]
    zh: tuple[tuple[ZhSpan, ...], ...]
    en: tuple[tuple[EnSpan, ...], ...]
    en_all: tuple[tuple[EnSpan, ...], ...]


def find_candidates(beads: Sequence[Bead], finder: ZhCandidates) -> Candidates:
    """The candidates of ``beads``, Chinese ones found by ``finder``."""
    parallel = tuple(b for b in beads if b.zh.strip() and b.en.strip())
    tagged = [finder.words(b.zh) for b in parallel]
    repeats = repeated_spans(tagged, finder)
    zh = tuple(_merged(spans_from_words(words), more)
               for words, more in zip(tagged, repeats, strict=True))
    english = [b for b in beads if b.en.strip()]
    en_all = tuple(tuple(spans) for spans in candidates_en.spans_in([b.en for b in english]))
    en = tuple(spans for b, spans in zip(english, en_all, strict=True) if b.zh.strip())
    return Candidates(parallel, zh, en, en_all)


def _merged(spans: Sequence[ZhSpan], more: Sequence[ZhSpan]) -> tuple[ZhSpan, ...]:
    """The spans of a text and the repeats found in it, each place and key once, in order."""
    seen = {(s.key, s.start) for s in spans}
    extra = [s for s in more if (s.key, s.start) not in seen]
    if not extra:
        return tuple(spans)
    return tuple(sorted([*spans, *extra], key=lambda s: (s.start, s.end)))
