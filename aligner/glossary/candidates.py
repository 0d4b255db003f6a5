"""Stage 1 of the glossary: the term candidates of both sides, bead by bead.

Chinese candidates are jieba words and runs of them (:mod:`aligner.glossary.candidates_zh`),
English ones word n-grams (:mod:`aligner.glossary.candidates_en`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from aligner.glossary import candidates_en
from aligner.glossary.candidates_en import EnSpan
from aligner.glossary.candidates_zh import (
    ZhCandidates,
    ZhSpan,
    dictionary_spans,
    institution_spans,
    quoted_spans,
    spans_from_words,
)
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

    def quoted_pairs(self) -> set[tuple[str, str]]:
        """The (Chinese, English) keys quoted in one bead: “越南制造” and “Made in Vietnam”."""
        return {(zh.key, en.key) for zh_spans, en_spans in zip(self.zh, self.en, strict=True)
                for en in en_spans if en.quoted for zh in zh_spans if zh.kind == "quoted"}


def find_candidates(beads: Sequence[Bead], finder: ZhCandidates) -> Candidates:
    """The candidates of ``beads``, Chinese ones found by ``finder``."""
    parallel = tuple(b for b in beads if b.zh.strip() and b.en.strip())
    tagged = [finder.words(b.zh) for b in parallel]
    repeats = repeated_spans(tagged, finder)
    zh = []
    for words, more in zip(tagged, repeats, strict=True):
        known = dictionary_spans(words, finder)
        zh.append(_merged(_uncut(spans_from_words(words), known, words), [
            *_uncut(more, known, words), *known, *quoted_spans(words), *institution_spans(words)]))
    del tagged, repeats  # not held while the English is tokenised
    english = [b for b in beads if b.en.strip()]
    en_all = tuple(tuple(spans) for spans in candidates_en.spans_in([b.en for b in english]))
    en = tuple(spans for b, spans in zip(english, en_all, strict=True) if b.zh.strip())
    return Candidates(parallel, tuple(zh), en, en_all)


def _uncut(spans: Sequence[ZhSpan], words: Sequence[ZhSpan],
           tagged: Sequence[tuple[str, str]]) -> list[ZhSpan]:
    """The ``spans`` of a text that cut through none of its dictionary ``words``
    (:func:`~aligner.glossary.candidates_zh.dictionary_spans`) beside a one-character word
    of jieba's (``tagged``): 碳达峰碳 is no term before 中和, where 碳/中/和 is 碳中和. A
    cut between longer words (改革创新 of 创新/精神) is jieba's reading, and stays."""
    if not words:
        return list(spans)
    at = itertools.accumulate((len(w) for w, _ in tagged), initial=0)
    singles = {a for a, (w, _) in zip(at, tagged, strict=False) if len(w) == 1}
    # The places no span may start or end at, found once rather than per span and word
    # (the bible: 0.14 -> 0.03 s CPU).
    cuts = {e for w in words for e in range(w.start + 1, w.end)
            if e in singles or e - 1 in singles}
    return [s for s in spans if s.start not in cuts and s.end not in cuts]


def _merged(spans: Sequence[ZhSpan], more: Sequence[ZhSpan]) -> tuple[ZhSpan, ...]:
    """The spans of a text and the repeats and quotations found in it, each place and key
    once, in order. A quotation that is also a plain candidate there makes it "quoted"."""
    seen = {(s.key, s.start): s for s in spans}
    upgraded = {(s.key, s.start) for s in more if s.kind == "quoted" and (s.key, s.start) in seen
                and not seen[(s.key, s.start)].kind}
    extra: dict[tuple[str, int], ZhSpan] = {}
    for span in more:
        extra.setdefault((span.key, span.start), span)
    extra = {k: s for k, s in extra.items() if k not in seen}
    if not extra and not upgraded:
        return tuple(spans)
    spans = [replace(s, kind="quoted") if (s.key, s.start) in upgraded else s for s in spans]
    return tuple(sorted([*spans, *extra.values()], key=lambda s: (s.start, s.end)))
