"""The glossary of aligned beads: candidates on both sides, pairing, fragments, entries."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.embed import Encoder, get_encoder
from aligner.errors import InputError
from aligner.glossary import candidates_en
from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan
from aligner.glossary.pairing import Pairs, Vocabulary, ZhInfo, length_fit, score_pairs, zh_info
from aligner.progress import Progress
from aligner.types import Bead, Term

# Texts shorter than this many parallel beads keep terms seen once: a news article names its
# key terms once or twice, a book repeats them.
SHORT_TEXT = 300
MAX_ALTERNATES = 2
# A pair whose score falls below this is no rendering at all.
MIN_PAIR_SCORE = 0.55
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")


@dataclass
class _Entry:
    zh: str
    en: int
    score: float
    pair_score: float
    count: int
    alternates: list[int]


def build_glossary(beads: Sequence[Bead], *, encoder: Encoder | None = None,
                   curated: Sequence[Term] = (), user_words: Iterable[str] | None = None,
                   min_count: int | None = None, top: int | None = None,
                   progress: Progress | None = None, name: str | None = None) -> list[Term]:
    """The recurring Chinese terms of ``beads`` with their best English rendering, best first.

    ``user_words`` are kept whole by the Chinese word splitter (by default the Chinese side
    of ``curated``); ``curated`` entries are merged into the result and win over extracted
    ones. ``min_count`` defaults to 1 for short texts and 2 for long ones.
    """
    parallel = [b for b in beads if b.zh.strip() and b.en.strip()]
    if not parallel:
        raise InputError(name, "has no aligned Chinese and English text to take terms from")
    if user_words is None:
        user_words = [t.zh for t in curated]
    if min_count is None:
        min_count = 1 if len(parallel) < SHORT_TEXT else 2
    encoder = encoder or get_encoder()

    zh_finder = ZhCandidates(user_words)
    zh_spans = [zh_finder.spans(b.zh) for b in parallel]
    en_spans = candidates_en.spans_in([b.en for b in parallel])
    entries, zh_vocab, en_vocab, pairs, info = _pair(zh_spans, en_spans, min_count,
                                                     encoder, progress)
    entries = _resolve_fragments(entries, zh_spans, en_vocab, pairs, zh_vocab, en_spans,
                                 min_count)
    surfaces = _surfaces(en_spans)
    terms = [Term(zh=entry.zh, en=surfaces[en_vocab.keys[entry.en]],
                  alternates=tuple(surfaces[en_vocab.keys[a]] for a in entry.alternates),
                  score=round(entry.score, 3), count=entry.count,
                  example=_example(entry.zh, parallel, zh_spans))
             for entry in entries]
    del info
    terms = merge_curated(terms, curated)
    terms.sort(key=lambda t: (-t.curated, -t.score, -t.count, t.zh))
    return terms[:top] if top else terms


def _pair(zh_spans: list[list[ZhSpan]], en_spans: list[list[candidates_en.EnSpan]],
          min_count: int, encoder: Encoder, progress: Progress | None):
    zh_vocab = Vocabulary.build([{s.key for s in spans} for spans in zh_spans], min_count)
    en_vocab = Vocabulary.build([{s.key for s in spans} for spans in en_spans], min_count)
    kinds: dict[str, Counter[str]] = {}
    for spans in zh_spans:
        for span in spans:
            kinds.setdefault(span.key, Counter())[span.kind] += 1
    info: dict[str, ZhInfo] = {key: zh_info(key, counter.most_common(1)[0][0])
                               for key, counter in kinds.items()}
    surfaces = _surfaces(en_spans)
    penalty = candidates_en.penalties(en_spans, en_vocab.keys)
    pairs = score_pairs(zh_vocab, en_vocab, info, surfaces, penalty, encoder, progress)
    fit = np.array([length_fit(zh_vocab.keys[a], surfaces[en_vocab.keys[b]])
                    for a, b in zip(pairs.zh.tolist(), pairs.en.tolist(), strict=True)])
    pairs.score = pairs.score - 0.15 * np.maximum(0.0, fit - 0.7)
    entries = _best_renderings(pairs, zh_vocab)
    return entries, zh_vocab, en_vocab, pairs, info


def _best_renderings(pairs: Pairs, zh_vocab: Vocabulary) -> list[_Entry]:
    entries = []
    order = np.lexsort((-pairs.score, pairs.zh))
    z_sorted = pairs.zh[order]
    bounds = np.r_[0, np.flatnonzero(np.diff(z_sorted)) + 1, len(order)]
    for start, end in itertools.pairwise(bounds):
        best = order[start]
        if pairs.score[best] < MIN_PAIR_SCORE:
            continue
        z = int(pairs.zh[best])
        entries.append(_Entry(zh_vocab.keys[z], int(pairs.en[best]), float(pairs.score[best]),
                              float(pairs.score[best]), int(zh_vocab.count[z]),
                              [int(pairs.en[i]) for i in order[start + 1:end]]))
    return entries


def _resolve_fragments(entries, zh_spans, en_vocab, pairs, zh_vocab, en_spans, min_count):
    return entries


def _surfaces(en_spans: list[list[candidates_en.EnSpan]]) -> dict[str, str]:
    """The printed form of each English key: the one seen most (first seen on ties)."""
    seen: dict[str, Counter[str]] = {}
    for spans in en_spans:
        for span in spans:
            seen.setdefault(span.key, Counter())[span.surface] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in seen.items()}


def _example(term: str, beads: Sequence[Bead], zh_spans: list[list[ZhSpan]]) -> str:
    """The shortest sentence in which ``term`` occurs as a candidate."""
    best = ""
    for bead, spans in zip(beads, zh_spans, strict=True):
        for span in spans:
            if span.key != term:
                continue
            for match in _SENTENCE.finditer(bead.zh):
                if match.start() <= span.start < match.end():
                    sentence = match.group().strip()
                    if not best or len(sentence) < len(best):
                        best = sentence
    return best


def merge_curated(terms: Sequence[Term], curated: Sequence[Term]) -> list[Term]:
    """Extracted terms with ``curated`` ones merged in; a curated entry replaces its term."""
    from dataclasses import replace

    found = {t.zh: t for t in terms}
    merged = []
    for entry in curated:
        seen = found.pop(entry.zh, None)
        merged.append(replace(entry, curated=True, count=seen.count if seen else entry.count,
                              example=entry.example or (seen.example if seen else "")))
    return merged + list(found.values())
