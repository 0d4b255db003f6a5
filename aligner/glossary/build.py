"""The glossary of aligned beads, in stages:

1. candidates: Chinese terms (jieba words and runs of them) and English n-grams per bead;
2. pairing: every (zh, en) pair sharing a bead, scored (see :mod:`aligner.glossary.pairing`);
3. fragments: a longer term takes the occurrences of the terms inside it, unless its
   rendering strays from theirs; each term is re-paired on the beads left to it;
4. linking: each English word renders one term, the best-paired term first;
5. entries: scored for sureness and usefulness, sorted, curated entries merged in.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.embed import Encoder, get_encoder
from aligner.errors import InputError
from aligner.glossary import candidates_en
from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan
from aligner.glossary.curated import SENTENCE, merge_curated
from aligner.glossary.pairing import (
    EnInfo,
    Pairs,
    Vocabulary,
    ZhInfo,
    association,
    dice_weight,
    length_fit,
    score_pairs,
    zh_info,
)
from aligner.progress import Progress
from aligner.records import Bead, Term

# Texts shorter than this many parallel beads keep terms seen once: a news article names its
# key terms once or twice, a book repeats them.
SHORT_TEXT = 300
MAX_ALTERNATES = 2
# Below this a pair is no rendering at all (a cosine near 0.4 and no co-occurrence to speak of).
MIN_PAIR_SCORE = 0.75
# An alternate rendering scores at most this much below the best one.
ALTERNATE_MARGIN = 0.15
# and is itself close to the term.
ALTERNATE_SIM = 0.5
# How much worse than its best rendering a term may settle for when better-paired terms
# have taken that one.
LINK_DROP = 0.25
# The entry score: how much a common dictionary word (发展 development) loses, a name or
# compound gains, a rendering well ahead of any unrelated alternative gains (up to
# MAX_MARGIN), and each doubling of the count adds.
GENERIC_PENALTY = 0.5
TERM_BONUS = 0.15
MARGIN_WEIGHT = 1.0
MAX_MARGIN = 0.3
FREQUENCY_BONUS = 0.04
# English renderings far longer or shorter than the Chinese term suggests lose this much per
# unit of log-ratio beyond the tolerance.
LENGTH_PENALTY = 0.15
LENGTH_TOLERANCE = 0.7


@dataclass
class _Entry:
    zh: str
    en: int
    pair_score: float
    score: float = 0.0
    count: int = 0
    beads: set[int] = field(default_factory=set)
    alternates: list[int] = field(default_factory=list)
    # English candidates by score on the beads where the term occurs on its own.
    ranked: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class _Context:
    """Everything the stages after pairing look at."""

    zh_vocab: Vocabulary
    en_vocab: Vocabulary
    pairs: Pairs
    zh_spans: list[list[ZhSpan]]
    en_beads: dict[int, set[int]]
    # Per English candidate, per bead, the word ranges of its occurrences.
    en_places: dict[int, dict[int, list[tuple[int, int]]]]
    surfaces: dict[str, str]
    info: dict[str, ZhInfo]
    zh_index: dict[str, int] = field(default_factory=dict)
    zh_beads: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.zh_index = {key: i for i, key in enumerate(self.zh_vocab.keys)}
        for number, spans in enumerate(self.zh_spans):
            for span in spans:
                self.zh_beads.setdefault(span.key, set()).add(number)
        self._rows = {(z, e): i for i, (z, e) in
                      enumerate(zip(self.pairs.zh.tolist(), self.pairs.en.tolist(), strict=True))}

    def sim_of(self, zh: str, e: int) -> float:
        """The embedding cosine of a Chinese term and an English candidate it was paired with."""
        row = self._rows.get((self.zh_index[zh], e))
        return -1.0 if row is None else float(self.pairs.sim[row])

    def unlinked_of(self, zh: str, e: int) -> float:
        """How many words of English candidate ``e`` translate no part of ``zh``."""
        row = self._rows.get((self.zh_index[zh], e))
        return 0.0 if row is None else float(self.pairs.unlinked[row])


def build_glossary(beads: Sequence[Bead], *, encoder: Encoder | None = None,
                   curated: Sequence[Term] = (), user_words: Iterable[str] | None = None,
                   min_count: int | None = None, top: int | None = None,
                   progress: Progress | None = None, name: str | None = None) -> list[Term]:
    """The recurring Chinese terms of ``beads`` with their best English rendering, best first.

    ``user_words`` are kept whole by the Chinese word splitter (by default the Chinese side
    of ``curated``); ``curated`` entries are merged into the result and win over extracted
    ones. ``min_count`` (occurrences of a term) defaults to 1 for short texts, 2 for long.
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
    # English without Chinese still shows how English terms are used (whether Kuala ever
    # comes without Lumpur), so it informs the English candidates' quality, not the pairing.
    english = [b for b in beads if b.en.strip()]
    en_all = candidates_en.spans_in([b.en for b in english])
    en_spans = [spans for b, spans in zip(english, en_all, strict=True) if b.zh.strip()]
    context = _pair(zh_spans, en_spans, en_all, min_count, encoder, progress, zh_finder)
    entries = _best_renderings(context)
    entries = _drop_duplicates(entries, context)
    entries = _resolve_fragments(entries, context, min_count)
    entries = _link(entries, context)
    for entry in entries:
        entry.score = _entry_score(entry, context, zh_finder)
    examples = _examples({e.zh for e in entries}, parallel, zh_spans)
    terms = [Term(zh=entry.zh, en=context.surfaces[context.en_vocab.keys[entry.en]],
                  alternates=tuple(context.surfaces[context.en_vocab.keys[a]]
                                   for a in entry.alternates),
                  score=round(entry.score, 3), count=entry.count,
                  example=examples.get(entry.zh, ""))
             for entry in entries]
    terms.sort(key=lambda t: (-t.score, -t.count, t.zh))
    if curated:
        terms = merge_curated(terms, curated, beads)
    return terms[:top] if top else terms


def _pair(zh_spans: list[list[ZhSpan]], en_spans: list[list[candidates_en.EnSpan]],
          en_all: list[list[candidates_en.EnSpan]], min_count: int, encoder: Encoder,
          progress: Progress | None, finder: ZhCandidates) -> _Context:
    zh_vocab = Vocabulary.build([{s.key for s in spans} for spans in zh_spans], min_count)
    en_vocab = Vocabulary.build([{s.key for s in spans} for spans in en_spans], min_count)
    kinds: dict[str, Counter[str]] = {}
    first: dict[str, ZhSpan] = {}
    for spans in zh_spans:
        for span in spans:
            kinds.setdefault(span.key, Counter())[span.kind] += 1
            first.setdefault(span.key, span)
    # Only the terms frequent enough to pair need their parts and pinyin.
    info = {key: zh_info(key, kinds[key].most_common(1)[0][0], finder.parts(first[key]))
            for key in zh_vocab.keys}
    surfaces = candidates_en.surfaces(en_all)
    en_info = EnInfo(surfaces, candidates_en.word_surfaces(en_all),
                     candidates_en.penalties(en_all, en_vocab.keys),
                     candidates_en.neighbours(en_all, en_vocab.keys))
    pairs = score_pairs(zh_vocab, en_vocab, info, en_info, encoder, progress)
    fit = np.array([length_fit(zh_vocab.keys[a], surfaces[en_vocab.keys[b]])
                    for a, b in zip(pairs.zh.tolist(), pairs.en.tolist(), strict=True)])
    if len(fit):
        pairs.score = pairs.score - LENGTH_PENALTY * np.maximum(0.0, fit - LENGTH_TOLERANCE)
    en_beads: dict[int, set[int]] = {}
    for number, ids in enumerate(en_vocab.beads):
        for e in ids.tolist():
            en_beads.setdefault(e, set()).add(number)
    en_index = {key: i for i, key in enumerate(en_vocab.keys)}
    places: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for number, spans in enumerate(en_spans):
        for span in spans:
            e = en_index.get(span.key)
            if e is not None:
                places.setdefault(e, {}).setdefault(number, []).append((span.start, span.end))
    return _Context(zh_vocab, en_vocab, pairs, zh_spans, en_beads, places, surfaces, info)


def _best_renderings(context: _Context) -> list[_Entry]:
    """Per Chinese candidate, its best English candidate, if good enough to be a rendering."""
    pairs = context.pairs
    entries = []
    order = np.lexsort((-pairs.score, pairs.zh))
    bounds = np.r_[0, np.flatnonzero(np.diff(pairs.zh[order])) + 1, len(order)]
    for start, _ in itertools.pairwise(bounds):
        best = order[start]
        if pairs.score[best] >= MIN_PAIR_SCORE:
            entries.append(_Entry(context.zh_vocab.keys[int(pairs.zh[best])],
                                  int(pairs.en[best]), float(pairs.score[best])))
    return entries


def _drop_duplicates(entries: list[_Entry], context: _Context) -> list[_Entry]:
    """Of two nested terms with the same rendering, keep the one that pairs better.

    李成 and 李成钢 both give Li Chenggang, as 301措施 and 造船业301措施 both give Section
    301 measures: the nesting is a segmentation accident on one side or the other, and the
    better-scored span is the one whose boundaries match the English.
    """
    by_rendering: dict[int, list[_Entry]] = {}
    for entry in entries:
        by_rendering.setdefault(entry.en, []).append(entry)
    dropped: set[str] = set()
    for group in by_rendering.values():
        for a, b in itertools.combinations(group, 2):
            if a.zh in b.zh or b.zh in a.zh:
                dropped.add(min((a, b), key=lambda x: (x.pair_score, len(x.zh))).zh)
    return [e for e in entries if e.zh not in dropped]


def _resolve_fragments(entries: list[_Entry], context: _Context, min_count: int) -> list[_Entry]:
    """A longer term beats its fragments: 关税 counts only where it is not part of 对等关税.

    Occurrences are claimed longest term first (better score on equal length); a term keeps
    the beads where it occurs unclaimed, its pairing is re-scored on those, and a term left
    with fewer than ``min_count`` occurrences goes.
    """
    entries = _drop_compounds(entries, context)
    by_key = {e.zh: e for e in entries}
    ranked = sorted(entries, key=lambda e: (-len(e.zh), -e.pair_score, e.zh))
    rank = {e.zh: i for i, e in enumerate(ranked)}
    for number, spans in enumerate(context.zh_spans):
        claimed: list[tuple[int, int]] = []
        mine = sorted((s for s in spans if s.key in by_key), key=lambda s: rank[s.key])
        for span in mine:
            if any(span.start < end and start < span.end for start, end in claimed):
                continue
            claimed.append((span.start, span.end))
            entry = by_key[span.key]
            entry.count += 1
            entry.beads.add(number)
    kept = []
    for entry in entries:
        if entry.count < min_count or not entry.beads:
            continue
        _rescore(entry, context)
        if entry.ranked and entry.pair_score >= MIN_PAIR_SCORE:
            kept.append(entry)
    return kept


def _drop_compounds(entries: list[_Entry], context: _Context) -> list[_Entry]:
    """Drop a longer term whose rendering strays from those of the terms inside it.

    芬太尼禁毒合作 strings two terms together (芬太尼, 禁毒合作); the nearest English, "fentanyl
    tariffs and counter-narcotics cooperation", has a word (tariffs) that translates none
    of it, and 禁毒合作 pairs better. 两国元首战略引领 finds "strategic guidance of the two
    heads", which cuts through the "two heads of state" of 两国元首 inside it. Neither may
    take the occurrences of the terms inside it. 出口管制 pairs worse than 出口 (export is a
    closer match than export controls) but every word of its rendering is accounted for and
    it contains 出口's rendering whole, so it stays and takes 出口's occurrences inside it.
    """
    by_length = sorted(entries, key=lambda e: len(e.zh))
    dropped: set[str] = set()
    for i, short in enumerate(by_length):
        for long in by_length[i + 1:]:
            if len(long.zh) <= len(short.zh) or short.zh not in long.zh:
                continue
            strays = (short.pair_score > long.pair_score
                      and context.unlinked_of(long.zh, long.en) > 0)
            if strays or _crosses(long, short, context):
                dropped.add(long.zh)
    return [e for e in entries if e.zh not in dropped]


def _crosses(long: _Entry, short: _Entry, context: _Context) -> bool:
    """Whether the long term's rendering cuts through the short one's where both occur."""
    places_long = context.en_places.get(long.en, {})
    places_short = context.en_places.get(short.en, {})
    shared = context.zh_beads.get(long.zh, set()) & places_long.keys() & places_short.keys()
    for bead in shared:
        for a, b in places_long[bead]:
            for c, d in places_short[bead]:
                if a < d and c < b and not (a <= c and d <= b) and not (c <= a and b <= d):
                    return True
    return False


def _rescore(entry: _Entry, context: _Context) -> None:
    """Pick the best rendering again on the beads where the term occurs on its own."""
    pairs = context.pairs
    z = context.zh_index[entry.zh]
    rows = np.flatnonzero(pairs.zh == z)
    en_count = context.en_vocab.count[pairs.en[rows]]
    own = np.array([len(entry.beads & context.en_beads.get(e, set()))
                    for e in pairs.en[rows].tolist()], dtype=np.float64)
    before = association(pairs.together[rows], context.zh_vocab.count[z], en_count)
    after = association(own, float(len(entry.beads)), en_count)
    scores = pairs.score[rows] + dice_weight(len(context.zh_vocab.beads)) * (after - before)
    order = np.argsort(-scores, kind="stable")
    usable = order[own[order] > 0]
    entry.ranked = [(int(pairs.en[rows[i]]), float(scores[i])) for i in usable]
    entry.en, entry.pair_score = entry.ranked[0]


def _link(entries: list[_Entry], context: _Context) -> list[_Entry]:
    """Each English word renders one Chinese term: the better-paired term takes it.

    相互尊重 and 协商 share their beads; "mutual respect" goes to 相互尊重, whose pairing is
    stronger, and 协商 must find its rendering among the words left (consultation). Terms
    are served best pair first; a rendering takes its words in the term's beads, so the
    "cooperation" of "trade cooperation" is not given to 合作 as well, nor the "tariff" of
    "reciprocal tariff suspension" to 芬太尼关税 once 对等关税 has it.
    """
    used: dict[int, dict[int, str]] = {}
    kept = []
    for entry in sorted(entries, key=lambda e: (-e.pair_score, e.zh)):
        floor = max(MIN_PAIR_SCORE, entry.pair_score - LINK_DROP)
        choice = next(((e, score) for e, score in entry.ranked if score >= floor
                       and _free_beads(entry, e, used, context)), None)
        if choice is None:
            # Its renderings belong to better-paired terms: it is part of one of them.
            continue
        entry.en, entry.pair_score = choice
        entry.alternates = _alternates(entry, used, context)
        for e in (entry.en, *entry.alternates):
            linked = _linked_offsets(entry, e, context)
            for bead in _free_beads(entry, e, used, context):
                for start, _ in context.en_places[e].get(bead, ()):
                    taken = used.setdefault(bead, {})
                    for i in linked:
                        taken.setdefault(start + i, entry.zh)
        kept.append(entry)
    return kept


def _linked_offsets(entry: _Entry, e: int, context: _Context) -> list[int]:
    """The word positions within rendering ``e`` that translate the term.

    Treasury Secretary Scott Bessent and U.S. renders 美国财政部长 at best loosely; it takes
    Treasury, Secretary and U.S., and leaves Scott Bessent to 贝森特. A name takes all.
    """
    words = context.en_vocab.keys[e].split()
    info = context.info[entry.zh]
    if info.spelling:
        return list(range(len(words)))
    content = [i for i, w in enumerate(words) if w not in candidates_en.STOP_WORDS]
    linked = context.pairs.linked_words(info.parts or (entry.zh,), [words[i] for i in content])
    return [i for i, ok in zip(content, linked, strict=True) if ok]


def _free_beads(entry: _Entry, e: int, used: dict[int, dict[int, str]],
                context: _Context) -> set[int]:
    """The term's beads holding an occurrence of ``e`` whose words are not yet taken.

    Words taken by a term nested with this one stay free for it: the "fentanyl" of
    "fentanyl tariffs" (芬太尼关税) also renders 芬太尼.
    """
    places = context.en_places.get(e, {})
    return {bead for bead in entry.beads & places.keys()
            if any(all(_nested(entry.zh, used.get(bead, {}).get(i, entry.zh))
                       for i in range(start, end))
                   for start, end in places[bead])}


def _nested(a: str, b: str) -> bool:
    return a in b or b in a


def _alternates(entry: _Entry, used: dict[int, dict[int, str]],
                context: _Context) -> list[int]:
    """Other renderings that account for occurrences the best one does not.

    An alternate must score close to the best, overlap none of the renderings already
    chosen (not "tariff" beside "reciprocal tariff"), and be free in a bead of the term
    where the chosen renderings are not: a real synonym, not a near miss in the same place.
    """
    keys = context.en_vocab.keys
    chosen = [entry.en]
    explained = _free_beads(entry, entry.en, used, context)
    for e, score in entry.ranked:
        if len(chosen) > MAX_ALTERNATES or score < max(MIN_PAIR_SCORE,
                                                         entry.pair_score - ALTERNATE_MARGIN):
            break
        if any(_overlap(keys[e], keys[c]) for c in chosen) \
                or context.sim_of(entry.zh, e) < ALTERNATE_SIM:
            continue
        where = _free_beads(entry, e, used, context)
        if where - explained:
            chosen.append(e)
            explained |= where
    return chosen[1:]


def _overlap(a: str, b: str) -> bool:
    words_a, words_b = set(a.split()), set(b.split())
    return bool(words_a & words_b) or a in b or b in a


def _entry_score(entry: _Entry, context: _Context, finder: ZhCandidates) -> float:
    """How sure and how useful an entry is, 0–1: its pairing, specificity and frequency."""
    score = entry.pair_score + FREQUENCY_BONUS * math.log2(entry.count)
    # A rendering that stands out from the unrelated alternatives is a surer one.
    keys = context.en_vocab.keys
    rivals = [s for e, s in entry.ranked if not _overlap(keys[e], keys[entry.en])]
    margin = entry.pair_score - (rivals[0] if rivals else MIN_PAIR_SCORE - MAX_MARGIN)
    score += MARGIN_WEIGHT * min(max(margin, 0.0), MAX_MARGIN)
    frequency = finder.general_frequency(entry.zh)
    info = context.info[entry.zh]
    name = info.place or bool(info.spelling)
    if frequency and not name:
        generic = min(1.0, max(0.0, (math.log10(frequency) - 2.5) / 2.5))
        score -= GENERIC_PENALTY * generic
    if name or len(info.parts) > 1 or not frequency:
        # Names and compounds (对等关税, 国务院副总理) are what a glossary is for, and their
        # renderings embed less closely than single words do.
        score += TERM_BONUS
    # A logistic curve around the acceptance threshold: 0.5 is a borderline rendering.
    return 1 / (1 + math.exp(-4 * (score - MIN_PAIR_SCORE - 0.35)))


def _examples(terms: set[str], beads: Sequence[Bead],
              zh_spans: list[list[ZhSpan]]) -> dict[str, str]:
    """For each term, the shortest sentence in which it occurs as a candidate."""
    best: dict[str, str] = {}
    for bead, spans in zip(beads, zh_spans, strict=True):
        sentences = None
        for span in spans:
            if span.key not in terms:
                continue
            if sentences is None:
                sentences = [(m.start(), m.end(), m.group().strip())
                             for m in SENTENCE.finditer(bead.zh)]
            for start, end, sentence in sentences:
                if start <= span.start < end:
                    if span.key not in best or len(sentence) < len(best[span.key]):
                        best[span.key] = sentence
                    break
    return best
