"""The glossary of aligned beads, stage by stage; each stage is a module of its own:

1. candidates (:mod:`.candidates`): Chinese terms (jieba words and runs of them) and
   English n-grams per bead;
2. co-occurrence (:mod:`.cooccurrence`): the vocabularies and the pairs sharing beads;
3. pairing (:mod:`.pairing`): every such pair scored on co-occurrence, embeddings, a
   bilingual dictionary (:mod:`.glosses`), numbers, names and length;
4. resolution (:mod:`.resolution`): one rendering per term, fragments and duplicates
   resolved, English words linked to one term each;
5. ranking (:mod:`.ranking`): each entry scored for sureness and usefulness; then sorted,
   examples added, curated entries merged in (:mod:`.curated`).

The weights of every stage are one :class:`~aligner.glossary.scoring.GlossaryScoring`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from aligner.dictionary import cedict
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
from aligner.progress import Progress
from aligner.records import Bead, Evidence, Term


def build_glossary(beads: Sequence[Bead], *, encoder: Encoder | None = None,
                   curated: Sequence[Term] = (), user_words: Iterable[str] | None = None,
                   min_count: int | None = None, top: int | None = None,
                   progress: Progress | None = None, name: str | None = None,
                   scoring: GlossaryScoring | None = None, min_consistency: float = 0.0,
                   keep_unused: bool = False) -> list[Term]:
    """The recurring Chinese terms of ``beads`` with their best English rendering, best first.

    ``user_words`` are kept whole by the Chinese word splitter (by default the Chinese side
    of ``curated``); ``curated`` entries are merged into the result and win over extracted
    ones. ``min_count`` (occurrences of a term) defaults to 1 for short texts, 2 for long.
    ``scoring`` holds the weights of every stage (the tuned defaults when left out).
    Extracted entries whose rendering is in fewer than ``min_consistency`` of their beads
    go; curated entries that never occur go unless ``keep_unused``. A single parallel bead
    is too little to tell terms from words: its glossary is empty.
    """
    scoring = scoring or GlossaryScoring()
    parallel = sum(1 for b in beads if b.zh.strip() and b.en.strip())
    if not parallel:
        raise InputError(name, "has no aligned Chinese and English text to take terms from")
    if parallel < 2:
        return []
    if user_words is None:
        user_words = [t.zh for t in curated]
    finder = ZhCandidates(user_words)
    found, termhood = nest(find_candidates(beads, finder), finder)
    # Names are kept at one occurrence unless the caller asks for more.
    floor = min_count or 1
    if min_count is None:
        min_count = 1 if len(found.beads) < scoring.short_text else 2
    names = {s.key for spans in found.zh for s in spans if s.kind}
    stats = count_cooccurrence(found, min_count, scoring, keep=names)
    pairing = pair(found, stats, finder, encoder or get_encoder(), scoring, progress,
                   cedict() if scoring.dictionary_chinese or scoring.dictionary_link else None)
    entries = resolve(pairing, found.zh, min_count, scoring, termhood.units, names)
    entries = score_entries(entries, pairing, finder.general_frequency, scoring, termhood)
    terms = [t for t in _terms(entries, pairing, found, scoring)
             if t.count >= floor and t.evidence is not None
             and t.evidence.consistency >= min_consistency]
    if curated:
        terms = merge_curated(terms, curated, found.beads, keep_unused=keep_unused)
    return terms[:top] if top else terms


def _terms(entries: Sequence[Entry], pairing: Pairing, found: Candidates,
           scoring: GlossaryScoring) -> list[Term]:
    """The entries as glossary terms with their evidence, best first.

    The score is the entry's sureness times its consistency to the power
    ``scoring.consistency_power``: a rendering missing from half the term's beads is less
    sure to be the term's.
    """
    terms = []
    for entry in entries:
        where = pairing.stats.en_beads
        holds = entry.beads & where.get(entry.en, frozenset())
        consistency = len(holds) / len(entry.beads) if entry.beads else 0.0
        bead = min(holds or entry.beads,
                   key=lambda k: (len(found.beads[k].zh) + len(found.beads[k].en), k))
        evidence = Evidence(en_count=len(holds), consistency=round(consistency, 3),
                            alternate_counts=tuple(len(entry.beads & where.get(a, frozenset()))
                                                   for a in entry.alternates),
                            example_en=found.beads[bead].en)
        score = entry.score * consistency ** scoring.consistency_power
        terms.append(Term(zh=entry.zh, en=_surface(entry.en, holds, pairing, found),
                          alternates=tuple(
                              _surface(a, entry.beads & where.get(a, frozenset()), pairing,
                                       found) for a in entry.alternates),
                          score=round(score, 3), count=entry.count,
                          example=found.beads[bead].zh, evidence=evidence))
    terms.sort(key=lambda t: (-t.score, -t.count, t.zh))
    return terms


def _surface(e: int, beads: frozenset[int], pairing: Pairing, found: Candidates) -> str:
    """How English candidate ``e`` is written where it heads a phrase in ``beads`` (the
    term's): not followed by another word of its phrase, most often, the text's commonest
    form first on ties. 产供链 is the "supply chains" of "industrial and supply chains",
    not the "supply chain" of "supply chain severance"."""
    key = pairing.stats.en.keys[e]
    overall = pairing.surface(e)
    forms = Counter(span.surface for bead in beads for span in found.en[bead]
                    if span.key == key and not span.open_right)
    if not forms:
        return overall
    best = max(forms.values())
    return overall if forms[overall] == best else min(f for f, n in forms.items() if n == best)
