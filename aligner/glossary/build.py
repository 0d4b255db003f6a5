"""The glossary of aligned beads, stage by stage; each stage is a module of its own:

1. candidates (:mod:`.candidates`): Chinese terms (jieba words and runs of them) and
   English n-grams per bead;
2. co-occurrence (:mod:`.cooccurrence`): the vocabularies and the pairs sharing beads;
3. pairing (:mod:`.pairing`): every such pair scored on co-occurrence, embeddings, numbers,
   names and length;
4. resolution (:mod:`.resolution`): one rendering per term, fragments and duplicates
   resolved, English words linked to one term each;
5. ranking (:mod:`.ranking`): each entry scored for sureness and usefulness; then sorted,
   examples added, curated entries merged in (:mod:`.curated`).

The weights of every stage are one :class:`~aligner.glossary.scoring.GlossaryScoring`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aligner.embed import Encoder, get_encoder
from aligner.errors import InputError
from aligner.glossary.candidates import Candidates, find_candidates
from aligner.glossary.candidates_zh import ZhCandidates
from aligner.glossary.cooccurrence import count_cooccurrence
from aligner.glossary.curated import merge_curated
from aligner.glossary.pairing import Pairing, pair
from aligner.glossary.ranking import score_entries
from aligner.glossary.resolution import Entry, resolve
from aligner.glossary.scoring import GlossaryScoring
from aligner.glossary.termhood import nest
from aligner.lexicon import sentences
from aligner.progress import Progress
from aligner.records import Bead, Term


def build_glossary(beads: Sequence[Bead], *, encoder: Encoder | None = None,
                   curated: Sequence[Term] = (), user_words: Iterable[str] | None = None,
                   min_count: int | None = None, top: int | None = None,
                   progress: Progress | None = None, name: str | None = None,
                   scoring: GlossaryScoring | None = None) -> list[Term]:
    """The recurring Chinese terms of ``beads`` with their best English rendering, best first.

    ``user_words`` are kept whole by the Chinese word splitter (by default the Chinese side
    of ``curated``); ``curated`` entries are merged into the result and win over extracted
    ones. ``min_count`` (occurrences of a term) defaults to 1 for short texts, 2 for long.
    ``scoring`` holds the weights of every stage (the tuned defaults when left out).
    """
    scoring = scoring or GlossaryScoring()
    if not any(b.zh.strip() and b.en.strip() for b in beads):
        raise InputError(name, "has no aligned Chinese and English text to take terms from")
    if user_words is None:
        user_words = [t.zh for t in curated]
    finder = ZhCandidates(user_words)
    found, termhood = nest(find_candidates(beads, finder), finder)
    if min_count is None:
        min_count = 1 if len(found.beads) < scoring.short_text else 2
    names = {s.key for spans in found.zh for s in spans if s.kind}
    stats = count_cooccurrence(found, min_count, scoring, keep=names)
    pairing = pair(found, stats, finder, encoder or get_encoder(), scoring, progress)
    entries = resolve(pairing, found.zh, min_count, scoring, termhood.units, names)
    entries = score_entries(entries, pairing, finder.general_frequency, scoring, termhood)
    terms = _terms(entries, pairing, found)
    if curated:
        terms = merge_curated(terms, curated, found.beads)
    return terms[:top] if top else terms


def _terms(entries: Sequence[Entry], pairing: Pairing, found: Candidates) -> list[Term]:
    """The entries as glossary terms, with examples, best first."""
    examples = _examples({e.zh for e in entries}, found)
    terms = [Term(zh=entry.zh, en=pairing.surface(entry.en),
                  alternates=tuple(pairing.surface(a) for a in entry.alternates),
                  score=round(entry.score, 3), count=entry.count,
                  example=examples.get(entry.zh, ""))
             for entry in entries]
    terms.sort(key=lambda t: (-t.score, -t.count, t.zh))
    return terms


def _examples(terms: set[str], found: Candidates) -> dict[str, str]:
    """For each term, the shortest sentence in which it occurs as a candidate."""
    best: dict[str, str] = {}
    for bead, spans in zip(found.beads, found.zh, strict=True):
        split = None
        for span in spans:
            if span.key not in terms:
                continue
            if split is None:
                split = sentences(bead.zh)
            for start, end, sentence in split:
                if start <= span.start < end:
                    if span.key not in best or len(sentence) < len(best[span.key]):
                        best[span.key] = sentence
                    break
    return best
