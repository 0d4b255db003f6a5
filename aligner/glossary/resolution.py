"""Stage 4 of the glossary: from scored pairs to entries, one rendering per term.

1. best renderings: each Chinese candidate's best-scored English one, if good enough;
2. duplicates: of two nested terms with the same rendering, the better-paired one stays;
3. fragments: a longer term takes the occurrences of the terms inside it, unless its
   rendering strays from theirs; each term is re-paired on the beads left to it;
4. linking: each English word renders one term, the best-paired term first; its rendering
   extended or trimmed by the evidence of the term's beads (:func:`refine`); alternates.

Each step takes :class:`Entry` records and returns new ones; :func:`resolve` runs them all.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from aligner.dictionary import english_stems
from aligner.glossary.cooccurrence import association, association_weight
from aligner.glossary.glosses import english_words, matches
from aligner.glossary.pairing import term_pieces
from aligner.lexicon import STOP_WORDS, claimed_counts

if TYPE_CHECKING:
    from aligner.glossary.candidates_zh import ZhSpan
    from aligner.glossary.pairing import Pairing
    from aligner.glossary.scoring import GlossaryScoring


@dataclass(frozen=True)
class Entry:
    """A Chinese term and its rendering (an English vocabulary index), on the way to a Term."""

    zh: str
    en: int
    pair_score: float
    # The occurrences the term claimed (see :func:`claim_occurrences`) and their beads.
    count: int = 0
    beads: frozenset[int] = frozenset()
    alternates: tuple[int, ...] = ()
    # English candidates by score on the beads where the term occurs on its own.
    ranked: tuple[tuple[int, float], ...] = ()
    # How sure and useful the entry is, 0–1 (set by the scoring stage).
    score: float = 0.0


def resolve(pairing: Pairing, zh_spans: Sequence[Sequence[ZhSpan]], min_count: int,
            scoring: GlossaryScoring, units: Set[str] = frozenset(),
            names: Set[str] = frozenset()) -> list[Entry]:
    """The entries of a glossary: steps 1–4 in turn. ``units`` are the recognised units of
    :mod:`.termhood`, ``names`` the names kept however rarely seen."""
    entries = complete(best_renderings(pairing, scoring), pairing, scoring)
    entries = drop_duplicates(entries, units, pairing.stats.en.keys)
    entries = drop_crossing(entries, zh_spans, pairing.stats.en.keys, pairing)
    units = frozenset(units) | compositional(entries, pairing, scoring)
    entries = resolve_fragments(entries, pairing, zh_spans, min_count, scoring, units, names)
    return link(entries, pairing, scoring)


def best_renderings(pairing: Pairing, scoring: GlossaryScoring) -> list[Entry]:
    """Per Chinese candidate, its best English candidate, if good enough to be a rendering."""
    pairs = pairing.pairs
    entries: list[Entry] = []
    if not len(pairs.zh):
        return entries  # no candidate pair at all (a text of a few words)
    order = np.lexsort((-pairs.score, pairs.zh))
    bounds = np.r_[0, np.flatnonzero(np.diff(pairs.zh[order])) + 1, len(order)]
    for start, _ in itertools.pairwise(bounds):
        best = order[start]
        if pairs.score[best] >= scoring.min_pair_score:
            entries.append(Entry(pairing.stats.zh.keys[int(pairs.zh[best])],
                                 int(pairs.en[best]), float(pairs.score[best])))
    return entries


def complete(entries: Sequence[Entry], pairing: Pairing, scoring: GlossaryScoring) -> list[Entry]:
    """Each entry's rendering grown by the word that translates a part of the term it
    leaves untranslated, where the term's beads always show that word with it: "new
    development pattern" for 新发展格局, though "new development" embeds closer (0.84
    against 0.77), leaves 格局 untranslated. See :func:`_completion`."""
    out = []
    for entry in entries:
        rows = pairing.rows_of(entry.zh).tolist()
        options = [(int(pairing.pairs.en[r]), float(pairing.pairs.score[r])) for r in rows]
        done = _completion(entry.zh, entry.en, options, pairing, scoring)
        out.append(entry if done is None else replace(entry, en=done[0], pair_score=done[1]))
    return out


def _completion(zh: str, en: int, options: Sequence[tuple[int, float]], pairing: Pairing,
                scoring: GlossaryScoring) -> tuple[int, float] | None:
    """The best of ``options`` (English candidates and their pair scores) that is rendering
    ``en`` of term ``zh`` with words added around it, which translate a part of the term
    that no word of ``en`` does, at ``scoring.linked``, and which the term's beads never
    show ``en`` without; twice at most. Only pairs scoring at least
    ``scoring.min_pair_score``, and only content words added (:func:`_around`) that each
    translate a part of the term at ``scoring.linked``, joined by of/the/and/for; None
    when there is none ("polarization of the rich and the poor" for 贫富分化, whose 分化
    "poor" leaves untranslated). Single characters are no parts: they embed too loosely
    (the condemn of "condemn populism" reaches 0.56 to the 粹 of 民粹主义)."""
    info = pairing.info[zh]
    read_by = term_pieces(info.parts, pairing.dictionary)
    if info.spelling or len(read_by) < 2 or any(
            p not in pairing.pairs.part_vectors for p in read_by):
        return None
    keys, vectors = pairing.stats.en.keys, pairing.pairs.word_vectors
    beads = pairing.stats.zh_beads.get(zh, frozenset())
    current: tuple[int, float] | None = None
    for _ in range(2):
        base = en if current is None else current[0]
        words = [w for w in keys[base].split() if w not in STOP_WORDS and w in vectors]
        covered = pairing.pairs.cosines(read_by, words).max(axis=1) \
            if words else np.full(len(read_by), -1.0)
        best: tuple[int, float] | None = None
        for e, score in options:
            if score < scoring.min_pair_score or (best and score <= best[1]):
                continue
            _, added = _around(keys[base].split(), keys[e].split()) or (0, [])
            content = [w for w in added if w not in STOP_WORDS]
            if not content or any(w in STOP_WORDS and w not in _COMPLETION_JOINERS
                                  for w in added) or any(w not in vectors for w in content):
                continue
            links = pairing.pairs.cosines(read_by, content)
            if (links.max(axis=0) < scoring.linked).any():
                continue  # a word that translates nothing of the term
            gains = (links.max(axis=1) >= scoring.linked) & (covered < scoring.linked)
            if gains.any() and _always_within(base, e, beads, pairing):
                best = (e, score)
        if best is None:
            break
        current = best
    return current


# Stop words that may join an extension to the rendering (Communist Party of China); and
# the words a completion adds, "and" too (polarization of the rich and the poor).
_JOINERS = frozenset(("of", "the", "for"))
_COMPLETION_JOINERS = _JOINERS | {"and"}
# After the rendering, the words the dictionary explains may also follow a preposition that
# keeps the rendering the head (:func:`_explained`: "person in charge", 负责人; "combining
# science with education", 科教融合; "ethnic minorities in China"); before it, a preposition
# would make it the object ("groups in the Party and the whole country"). Train: 5 entries
# changed, all to the better, terms right 0.839 -> 0.844 (benchmarks/glossary_ablation.py
# --only _AFTER_JOINERS); dev and seed unchanged (on, by and to as well changed nothing).
_AFTER_JOINERS = _COMPLETION_JOINERS | {"with", "in"}


def _around(words: list[str], longer: list[str]) -> tuple[int, list[str]] | None:
    """Where ``longer`` first holds ``words`` whole, and the words it adds around them; None
    where it does not hold them."""
    n = len(words)
    for start in range(len(longer) - n + 1):
        if longer[start:start + n] == words:
            return start, longer[:start] + longer[start + n:]
    return None


def drop_duplicates(entries: Sequence[Entry], units: Set[str] = frozenset(),
                    keys: Sequence[str] = ()) -> list[Entry]:
    """Of two nested terms with the same rendering, keep the one that pairs better, unless
    the longer is the shorter with a modifier (see :func:`_modified`).

    李成 and 李成钢 both give Li Chenggang: a segmentation accident, and the better-scored
    span is the one whose boundaries match the English. Given the English candidates'
    ``keys``, renderings of the same words in another order are the same ("modern socialist
    country" and "socialist modern country")."""
    by_rendering: dict[object, list[Entry]] = {}
    for entry in entries:
        words = tuple(sorted(keys[entry.en].split())) if keys else entry.en
        by_rendering.setdefault(words, []).append(entry)
    dropped: set[str] = set()
    for group in by_rendering.values():
        for a, b in itertools.combinations(group, 2):
            short, long = sorted((a, b), key=lambda x: len(x.zh))
            if short.zh in long.zh and not _modified(short.zh, long.zh, units):
                dropped.add(min((a, b), key=lambda x: (x.pair_score, len(x.zh))).zh)
    return [e for e in entries if e.zh not in dropped]


def drop_crossing(entries: Sequence[Entry], zh_spans: Sequence[Sequence[ZhSpan]],
                  keys: Sequence[str], pairing: Pairing | None = None) -> list[Entry]:
    """Of two terms whose occurrences cross (each holds a part of the other, neither the
    whole), where the rendering of one holds the other's, keep the one that pairs better;
    given the ``pairing``, the one with fewer words translating nothing of it first
    (消费者金融, "financial literacy of consumers", goes for 金融素养).

    商务部国际贸易谈判 ("International Trade Representative", whose representative is the
    代表 it lacks) and 国际贸易谈判代表 cross in 商务部国际贸易谈判代表: one term read twice
    with its edges cut differently. ``keys`` are the English candidates' keys."""
    by_zh = {e.zh: e for e in entries}
    dropped: set[str] = set()
    seen = pairing.stats.zh_beads if pairing else {}
    for spans in zh_spans:
        spans = [s for s in spans if s.key in by_zh]
        for i, a in enumerate(spans):
            for b in spans[i + 1:]:
                if b.start >= a.end:
                    break
                if not a.start < b.start < a.end < b.end:
                    continue
                first, second = by_zh[a.key], by_zh[b.key]
                ra, rb = keys[first.en].split(), keys[second.en].split()
                if _around(rb, ra) or _around(ra, rb):
                    dropped.add(min((first, second), key=lambda x: (
                        len(seen.get(x.zh, ())), x.pair_score, x.zh)).zh)
    return [e for e in entries if e.zh not in dropped]


def _modified(core: str, term: str, units: Set[str]) -> bool:
    """Whether ``term`` is a unit ``core`` with a word before or after it (美国|财政部长): two
    terms that may well share a rendering (Treasury Secretary), not a segmentation accident."""
    if core not in units or term == core:
        return False
    before, _, after = term.partition(core)
    return all(not rest or len(rest) >= 2 for rest in (before, after))


def compositional(entries: Sequence[Entry], pairing: Pairing,
                  scoring: GlossaryScoring) -> frozenset[str]:
    """The terms that are units of their own beside the longer terms holding them, and keep
    their entries (see :func:`resolve_fragments`): those no longer term translates
    (:func:`_untranslated`), and those whose rendering every longer term renders whole:
    民间社会 (civil society) inside 民间社会领导人 (civil society leaders), the longer built of
    the shorter, if its rendering has two words or more and does not look cut short (an
    English penalty over ``scoring.unit_penalty``: Central Economic of Central Economic Work
    Conference)."""
    keys = pairing.stats.en.keys
    longer: dict[str, list[Entry]] = {e.zh: [] for e in entries}
    for entry in entries:
        for piece in _pieces(entry.zh) & longer.keys():
            longer[piece].append(entry)
    out = set()
    for short in entries:
        words = keys[short.en].split()
        if _untranslated(words, [keys[e.en].split() for e in longer[short.zh]]):
            out.add(short.zh)
        if len(words) < 2 or pairing.profile.penalty[short.en] > scoring.unit_penalty:
            # One word is held by any phrase; a fragment of English (Central Economic) is cut short.
            continue
        holding = [e for e in longer[short.zh] if _around(words, keys[e.en].split())]
        # A longer term that pairs worse and renders it otherwise (稳定发展大局, "overall
        # stability", beside 稳定发展, "stable development") says little against it.
        if holding and all(e in holding or e.pair_score < short.pair_score
                           for e in longer[short.zh]):
            out.add(short.zh)
    return frozenset(out)


def _untranslated(words: list[str], renderings: list[list[str]]) -> bool:
    """Whether the longer terms holding a term, rendered ``renderings``, leave it (rendered
    ``words``) untranslated, sharing no content word with it: 同频共振 (resonate) inside
    时代精神同频共振 ("spirit of the times"). Its occurrences there are its own: on the train
    split of benchmarks/glossary_terms.py, 13 entries change, terms right 0.830 -> 0.839."""
    return bool(renderings) and not any(set(words) & set(r) - STOP_WORDS for r in renderings)


def _pieces(zh: str) -> set[str]:
    return {zh[a:b] for a in range(len(zh)) for b in range(a + 1, len(zh) + 1)} - {zh}


def resolve_fragments(entries: Sequence[Entry], pairing: Pairing,
                      zh_spans: Sequence[Sequence[ZhSpan]], min_count: int,
                      scoring: GlossaryScoring, units: Set[str] = frozenset(),
                      names: Set[str] = frozenset()) -> list[Entry]:
    """A longer term beats its fragments: 关税 counts only where it is not part of 对等关税.

    Compounds whose rendering strays from their parts' go first; the others claim their
    occurrences; a term left with fewer than ``min_count`` occurrences goes, the others are
    re-paired on the beads left to them.

    A recognised unit (:mod:`.termhood`: 财政部长 in 美国财政部长, 总理 in 范明正总理) keeps
    its entry: when the longer terms leave it fewer than ``min_count`` occurrences of its
    own, it counts and is re-paired on all of them. A name needs only one, and a person's
    name counts every occurrence, inside titles too (习近平 of 习近平总书记).
    """
    claimed = claim_occurrences(drop_compounds(entries, pairing, units), zh_spans)
    kept = []
    for entry in claimed:
        if (entry.zh in units and entry.count < min_count) or pairing.info[entry.zh].spelling:
            # A person's name stands for the person inside a title or an institution too
            # (习近平 of 习近平总书记, 拜登 of 拜登政府): it counts everywhere.
            beads = pairing.stats.zh_beads.get(entry.zh, frozenset())
            entry = replace(entry, count=len(beads), beads=beads)
        if entry.count < (1 if entry.zh in names else min_count) or not entry.beads:
            continue
        every = pairing.stats.zh_beads.get(entry.zh, frozenset())
        rescored = rescore(entry, pairing, scoring)
        if entry.zh in units and entry.beads != every and (
                not rescored.ranked or rescored.pair_score < scoring.min_pair_score):
            # Its own occurrences left untranslated (人民日报 dropped from one sentence's
            # English): a unit is rendered where it sits inside longer terms too.
            rescored = rescore(replace(entry, beads=every), pairing, scoring)
        entry = rescored
        if entry.ranked and entry.pair_score >= scoring.min_pair_score:
            kept.append(entry)
    return kept


def claim_occurrences(entries: Sequence[Entry], zh_spans: Sequence[Sequence[ZhSpan]]
                      ) -> list[Entry]:
    """``entries`` with the occurrences each claims among its candidate spans: longest term
    first (better pair score on equal length), and none inside another's claimed span.

    This is a term's ``count``: where it stands for itself, as for a curated term
    (:func:`aligner.glossary.curated.merge_curated`) and for the checks.
    """
    ranked = sorted(entries, key=lambda e: (-len(e.zh), -e.pair_score, e.zh))
    rank = {e.zh: i for i, e in enumerate(ranked)}
    places = claimed_counts([[(s.key, s.start, s.end) for s in spans] for spans in zh_spans], rank)
    return [replace(e, count=len(places.get(e.zh, ())), beads=frozenset(places.get(e.zh, ())))
            for e in entries]


def drop_compounds(entries: Sequence[Entry], pairing: Pairing,
                   units: Set[str] = frozenset()) -> list[Entry]:
    """Drop a longer term whose rendering strays from those of the terms inside it.

    芬太尼禁毒合作's "fentanyl tariffs and counter-narcotics cooperation" has a word
    (tariffs) that translates none of it, and 禁毒合作 pairs better; 两国元首战略引领's
    "strategic guidance of the two heads" cuts through the "two heads of state" of 两国元首.
    出口管制 pairs worse than 出口, but every word of its rendering is accounted for and it
    holds 出口's whole: it stays. A recognised unit (中美经贸磋商机制) stays. A longer term
    whose rendering shares no word with that of the term it begins with, which pairs
    better and is no unit, goes (产供链安全, "safeguard the security"); a term inside it
    modifying it (美国 of 美国财政部长) or ending it (工作总基调 of 稳中求进工作总基调) does not
    count so (either would cost a reference term of benchmarks/glossary_terms.py).
    """
    by_zh: dict[str, list[Entry]] = {}
    for entry in entries:
        by_zh.setdefault(entry.zh, []).append(entry)
    keys = pairing.stats.en.keys
    dropped: set[str] = set()
    for long in entries:
        if long.zh in units:
            continue
        for short in (e for piece in _pieces(long.zh) for e in by_zh.get(piece, ())):
            strays = short.pair_score > long.pair_score and (
                pairing.unlinked_of(long.zh, long.en) > 0
                or (long.zh.startswith(short.zh) and short.zh not in units
                    # sharing no content word: "safeguard the security" for 产供链安全
                    and not (set(keys[long.en].split()) & set(keys[short.en].split()))
                    - STOP_WORDS))
            if strays or _crosses(long, short, pairing):
                dropped.add(long.zh)
    return [e for e in entries if e.zh not in dropped]


def _crosses(long: Entry, short: Entry, pairing: Pairing) -> bool:
    """Whether the long term's rendering cuts through the short one's where both occur."""
    places = pairing.stats.en_places
    mine, theirs = places.get(long.en, {}), places.get(short.en, {})
    shared = pairing.stats.zh_beads.get(long.zh, frozenset()) & mine.keys() & theirs.keys()
    return any(a < c < b < d or c < a < d < b for bead in shared
               for a, b in mine[bead] for c, d in theirs[bead])


def rescore(entry: Entry, pairing: Pairing, scoring: GlossaryScoring) -> Entry:
    """The entry with its renderings ranked again on the beads where the term occurs on its
    own (its claimed ones), and the best of them."""
    pairs, stats = pairing.pairs, pairing.stats
    rows = pairing.rows_of(entry.zh)
    en_ids = pairs.en[rows]
    en_count = stats.en.count[en_ids]
    own = np.array([len(entry.beads & stats.en_beads.get(e, frozenset()))
                    for e in en_ids.tolist()], dtype=np.float64)
    zh_count = stats.zh.count[pairing.zh_id(entry.zh)]
    before = association(pairs.together[rows], zh_count, en_count, scoring.coverage)
    after = association(own, float(len(entry.beads)), en_count, scoring.coverage)
    scores = pairs.score[rows] + association_weight(stats.beads, scoring) * (after - before)
    order = np.argsort(-scores, kind="stable")
    usable = order[own[order] > 0]
    ranked = tuple((int(en_ids[i]), float(scores[i])) for i in usable)
    if not ranked:
        return replace(entry, ranked=())
    done = _completion(entry.zh, ranked[0][0], ranked, pairing, scoring)
    if done is not None:
        # The completed rendering first (see :func:`complete`), for the linking too.
        ranked = (done, *(r for r in ranked if r != done))
    return replace(entry, en=ranked[0][0], pair_score=ranked[0][1], ranked=ranked)


def link(entries: Sequence[Entry], pairing: Pairing, scoring: GlossaryScoring) -> list[Entry]:
    """Each English word renders one Chinese term: the better-paired term takes it.

    Terms are served best pair first (相互尊重 takes "mutual respect", 协商 the words left:
    consultation); a rendering takes its words in the term's beads (not the "tariff" of
    "reciprocal tariff suspension" for 芬太尼关税 once 对等关税 has it), but none inside the
    best rendering of another term of the bead where it is also said alone ("consumers",
    not the consumer of "consumer groups", 消费群体). A term whose renderings all belong to
    better-paired terms is part of one of them, and goes.
    """
    # Per bead, per word position, the term whose rendering took the word.
    used: dict[int, dict[int, str]] = {}

    kept = []
    owners: dict[int, Entry] = {}
    for entry in entries:
        if entry.ranked and (entry.ranked[0][0] not in owners
                             or owners[entry.ranked[0][0]].pair_score < entry.pair_score):
            owners[entry.ranked[0][0]] = entry
    owned: dict[int, list[tuple[int, int, str]]] = {}
    for e, owner in owners.items():
        for bead, spans in pairing.stats.en_places.get(e, {}).items():
            if bead in owner.beads:
                owned.setdefault(bead, []).extend((a, b, owner.zh) for a, b in spans)
    for entry in sorted(entries, key=lambda e: (-e.pair_score, e.zh)):
        free = _free_beads(entry, used, pairing, scoring)
        floor = max(scoring.min_pair_score, entry.pair_score - scoring.link_drop)
        choice = next(((e, score) for e, score in entry.ranked if score >= floor and free(e)), None)
        if choice is None:
            continue
        entry = replace(entry, en=choice[0], pair_score=choice[1])
        entry = refine(entry, free, pairing, scoring, owners)
        entry = replace(entry, alternates=_alternates(entry, free, pairing, scoring))
        for e in (entry.en, *entry.alternates):
            linked = _linked_offsets(entry, e, pairing, scoring)
            for bead in free(e):
                places = pairing.stats.en_places[e].get(bead, ())
                for start, _ in _own_places(places, owned.get(bead, ()), entry.zh):
                    taken = used.setdefault(bead, {})
                    for i in linked:
                        taken.setdefault(start + i, entry.zh)
        kept.append(entry)
    return kept


def _own_places(places: Sequence[tuple[int, int]], others: Sequence[tuple[int, int, str]],
                zh: str) -> Sequence[tuple[int, int]]:
    """The occurrences ``places`` of a rendering of ``zh`` in a bead that lie inside no
    longer best rendering of another term of the bead (``others``: start, end, term); all
    of them where every one does (see :func:`link`)."""
    return [(a, b) for a, b in places if not any(
        c <= a and b <= d and d - c > b - a and not _nested(term, zh)
        for c, d, term in others)] or places


def refine(entry: Entry, free: Callable[[int], frozenset[int]], pairing: Pairing,
           scoring: GlossaryScoring, owners: Mapping[int, Entry] | None = None) -> Entry:
    """The entry's rendering made to fit the English of its beads, by evidence.

    Extended: a longer candidate holding the rendering in every bead of the term (human rights for
    人权, Communist Party of China for 中共) is the rendering if it is as close to the term, or
    nearly (``scoring.extend_tolerance``) and the word it adds is related to the term and absent
    from more beads without it (border residents for 边民); a joiner ("of") only on the right; or by
    words the dictionary explains (:func:`_explained`). Trimmed: an edge word or a conjunct that
    translates no part ("arising" of "frictions arising" for 摩擦), or that the rest repeats (the
    tail of another coordination: "confidence and" of "confidence and ability confidence" for
    能力自信, beside 路径自信 "path confidence"), goes, when the rest is as close to the term (an
    edge word: as seldom without it, and seen alone unless stop words follow the word: "release of"
    missing children information).
    """
    keys = pairing.stats.en.keys
    scores = dict(entry.ranked)
    parts = pairing.info[entry.zh].parts or (entry.zh,)
    if pairing.info[entry.zh].spelling:
        return entry  # a name's rendering is spelt, not composed

    def sim(e: int) -> float:
        return pairing.sim_of(entry.zh, e)

    term_beads = pairing.stats.zh_beads.get(entry.zh, frozenset())

    def specificity(e: int) -> float:
        # The share of the candidate's beads that hold the term: "residents" is also in
        # beads without 边民, "border residents" only in its own.
        where = pairing.stats.en_beads.get(e, frozenset())
        return len(where & term_beads) / len(where) if where else 0.0

    def usable(e: int) -> bool:
        return scores.get(e, -1.0) >= scoring.min_pair_score and bool(free(e))

    current, seen = entry.en, {entry.en}
    for _ in range(3):
        words = keys[current].split()
        best: tuple[float, int] | None = None
        for e, _score in entry.ranked:
            if e in seen or not usable(e):
                continue
            added = _added(words, keys[e].split())
            if added is None or not _always_within(current, e, entry.beads, pairing):
                continue
            gain = sim(e) - sim(current)
            fits = gain >= 0 or (gain >= -scoring.extend_tolerance and (
                all(w in STOP_WORDS for w in added) or (
                    # More specific, and the word added loosely related to a part (the "border" of
                    # border residents for 边民, not the "means" of "means clear the guilty").
                    specificity(e) > specificity(current) and pairing.pairs.linked_words(
                        parts, [w for w in added if w not in STOP_WORDS], scoring.unlinked)[0])))
            if fits and (best is None or sim(e) > best[0]):
                best = (sim(e), e)
        if best is None:
            break
        current = best[1]
        seen.add(current)
    words = keys[current].split()
    if "and" in words[1:-1] and owners:
        current = _own_conjunct(entry, current, usable, sim, pairing, scoring, owners)
        words = keys[current].split()
    if len(words) > 1:
        # An edge word, or a conjunct ("in-depth and" of "in-depth and sustainable
        # development" for 可持续发展).
        cut = words.index("and", 1) if "and" in words[1:-1] else None
        # An edge word takes the stop words after it ("release of" of "release of missing
        # children information" for 儿童失踪信息).
        left = next((i for i in range(1, len(words)) if words[i] not in STOP_WORDS), len(words))
        options = [(words[left:], words[:left]), (words[:-1], words[-1:])]
        if cut is not None:
            options += [(words[cut + 1:], words[:cut]), (words[:cut], words[cut + 1:])]
        for number, (kept, dropped) in enumerate(options):
            content = [w for w in dropped if w not in STOP_WORDS]
            # A word that translates a part goes only if what stays says the same word.
            if not content or (set(content) - set(kept) and any(
                    pairing.pairs.linked_words(parts, content, scoring.linked))):
                continue
            shorter = next((e for e, _ in entry.ranked if keys[e].split() == kept), None)
            # The rest must be at least as close to the term; left by an edge word, it must
            # also be found as seldom without the term, and stand on its own somewhere in
            # the text ("Party Central" never comes without Committee) unless what goes is
            # a word and the stop words after it (release of, insist on): on the train
            # split that trims 3 entries, all to the better.
            if shorter is not None and shorter not in seen and usable(shorter) \
                    and sim(shorter) >= sim(current) and (number >= 2 or (
                        specificity(shorter) >= specificity(current)
                        and (len(dropped) > 1
                             or not _always_within(shorter, current, frozenset(
                                 pairing.stats.en_places.get(shorter, {})), pairing)))):
                current = shorter
                break
    current = _explained(entry, current, usable, pairing)
    if current == entry.en:
        return entry
    return replace(entry, en=current, pair_score=scores[current])


def _explained(entry: Entry, current: int, usable: Callable[[int], bool], pairing: Pairing) -> int:
    """Of the candidates holding rendering ``current`` in every bead of the term, the one
    adding most words (joined by of/the/and, after it also by with/in: _AFTER_JOINERS) that
    the dictionary explains, where one occurrence tells no span of its bead from another:
    each a gloss of a part no word of ``current`` renders (member of the administrative
    council, 政务委员), or completing in order a sense of the term or a part that ``current``
    holds a word of ("People's Bank of China", 人民银行; not "ethnic group and the Tibetans"
    for 藏族, Tibetan ethnic group); none that ``current`` already says (the "confidence" of
    "confidence and ability confidence")."""
    dictionary, keys, info = pairing.dictionary, pairing.stats.en.keys, pairing.info[entry.zh]
    if dictionary is None or info.spelling:
        return current
    words = keys[current].split()
    longer = [(e, *found) for e, _ in entry.ranked if keys[current] in keys[e]
              and (found := _around(words, keys[e].split())) and found[1]]
    mine = english_words(keys[current])
    glossed = [dictionary.glosses(p) for p in info.parts or (entry.zh,)]
    unrendered = {g for found in glossed if not any(matches(w, h) for w in mine for h in found)
                  for g in found}
    senses = [english_stems(sense) for s in {entry.zh, *info.parts}
              for sense in dictionary.senses(s)]

    def completes(word: str, longer: list[str]) -> bool:
        places = ([i for i in (next((k for k, w in enumerate(longer) if matches(w, g)), -1)
                               for g in sense) if i >= 0] for sense in senses)
        return any(word in (held := {longer[i] for i in at}) and held & set(mine)
                   and at == sorted(at) for at in places)

    best = (0, current)
    for e, start, added in longer:
        content = english_words(" ".join(added))
        if len(content) > best[0] and usable(e) and not set(content) & set(mine) \
                and all(w in (_COMPLETION_JOINERS if k < start else _AFTER_JOINERS)
                        for k, w in enumerate(added) if w in STOP_WORDS) \
                and all(any(matches(w, g) for g in unrendered)
                        or completes(w, english_words(keys[e])) for w in content) \
                and _always_within(current, e, entry.beads, pairing):
            best = (len(content), e)
    return best[1]


def _added(words: list[str], longer: list[str]) -> list[str] | None:
    """The words ``longer`` adds around ``words`` (held whole in it): at most two, of which
    one is a content word and the other a joiner (of, the); None otherwise."""
    found = _around(words, longer)
    if found is None:
        return None
    start, added = found
    content = [w for w in added if w not in STOP_WORDS]
    # A joiner only on the right (Party of China): "serves the interests" is a verb and its object.
    if 0 < len(added) <= 2 and len(content) == 1 \
            and all(w in _JOINERS for w in added if w in STOP_WORDS) \
            and (start == 0 or (start == 1 and longer[0] not in STOP_WORDS)):
        return added
    return None


def _own_conjunct(entry: Entry, current: int, usable: Callable[[int], bool],
                  sim: Callable[[int], float], pairing: Pairing, scoring: GlossaryScoring,
                  owners: Mapping[int, Entry]) -> int:
    """Of a coordination ("nativism and extremism" for 极端主义), the conjunct that is the
    term's own, when the other is the best rendering of another term of its beads (本土主义,
    nativism) that it neither holds nor sits in, pairs better with it and is closer to it;
    the coordination otherwise."""
    keys = pairing.stats.en.keys
    words = keys[current].split()
    cut = words.index("and", 1)
    index = {keys[e]: e for e, _ in entry.ranked}
    for other, mine in ((words[:cut], words[cut + 1:]), (words[cut + 1:], words[:cut])):
        theirs, own = pairing.en_id(" ".join(other)), index.get(" ".join(mine))
        if own is None or not usable(own):
            # The conjunct with a word the term lacks: the best rendering inside it ("deputy
            # international trade representative" scores 0.69 for 国际贸易谈判代表, whose 副 is the
            # Vice of "Vice Minister"; "international trade representative" 1.02).
            own = next((e for e, _ in entry.ranked if usable(e)
                        and _around(keys[e].split(), mine)), None)
        if theirs is None or own is None:
            continue
        owner = owners.get(theirs)
        if owner is None or entry.zh in owner.zh or owner.zh in entry.zh \
                or sim(own) < sim(current) - scoring.extend_tolerance:
            continue
        if owner.ranked[0][1] > pairing.score_of(entry.zh, theirs) \
                and pairing.sim_of(owner.zh, theirs) > sim(theirs) and owner.beads & entry.beads:
            return own
    return current


def _always_within(short: int, long: int, beads: frozenset[int], pairing: Pairing) -> bool:
    """Whether every occurrence of candidate ``short`` in ``beads`` lies inside one of
    ``long``: the term's beads never show the one without the other."""
    places = pairing.stats.en_places
    inner, outer = places.get(short, {}), places.get(long, {})
    where = beads & inner.keys()
    return bool(where) and all(
        any(a <= s and t <= b for a, b in outer.get(bead, ())) for bead in where
        for s, t in inner[bead])


def _free_beads(entry: Entry, used: dict[int, dict[int, str]], pairing: Pairing,
                scoring: GlossaryScoring) -> Callable[[int], frozenset[int]]:
    """For the entry being linked: per English candidate ``e``, the term's beads holding an
    occurrence of ``e`` whose words are not yet taken, computed once per candidate.

    Words taken by a term nested with this one stay free for it: the "fentanyl" of
    "fentanyl tariffs" (芬太尼关税) also renders 芬太尼. Once for all: while the entry takes
    its words, the words it takes stay free for it, so the answers do not change.
    """
    known: dict[int, frozenset[int]] = {}

    def free(e: int) -> frozenset[int]:
        if e not in known:
            places = pairing.stats.en_places.get(e, {})
            words = pairing.stats.en.keys[e].split()
            # A coordination (mutual benefit and win-win cooperation for 互利共赢) may share
            # one conjunct with another term (合作共赢, win-win cooperation).
            joint = words.index("and") if "and" in words[1:-1] else None
            # The words of ``e`` that translate the term, worked out only where needed.
            linked = functools.cache(lambda: frozenset(_linked_offsets(entry, e, pairing, scoring)))
            known[e] = frozenset(
                bead for bead in entry.beads & places.keys()
                if any(_free(entry.zh, used.get(bead, {}), start, end, joint, linked)
                       for start, end in places[bead]))
        return known[e]

    return free


def _free(zh: str, taken: dict[int, str], start: int, end: int, joint: int | None,
          linked: Callable[[], Set[int]] = frozenset) -> bool:
    """Whether words ``start:end`` are free for term ``zh``: not taken by a term other than
    one nested with it, or, around the "and" at ``joint``, free on one side of it.

    Not where the other side holds a word that translates the term (at an offset
    ``linked()`` gives) and was taken by a term whose rendering runs on past the coordination:
    "representative of Taiwan government" (台湾政府代表) before "and member of the
    administrative council" leaves 政务委员 a "government and member" that joins the end
    of one phrase to the start of the next. A term whose rendering is the conjunct (the
    "mutual benefit" of 合则两利 in "mutual benefit and win-win cooperation" for 互利共赢)
    shares it; a conjunct that translates nothing of the term ("Kong and ethnic
    minorities" for 中国少数民族) is trimmed off the rendering later (:func:`refine`)."""
    def ok(i: int) -> bool:
        return _nested(zh, taken.get(i, zh))

    if all(ok(i) for i in range(start, end)):
        return True
    if joint is None:
        return False
    left, right = range(start, start + joint), range(start + joint + 1, end)
    for mine, theirs, outside in ((left, right, end), (right, left, start - 1)):
        if not all(ok(i) for i in mine):
            continue
        across = {taken.get(i) for i in theirs if not ok(i)} & {taken.get(outside)}
        if not (across and any(i - start in linked() for i in theirs)):
            return True
    return False


def _nested(a: str, b: str) -> bool:
    """Whether one term holds the other, or they overlap by two characters or more at their
    edges (平等对话 and 对话协商, which may share the "dialogue" of "equal dialogue and
    consultation")."""
    return a in b or b in a or any(a.endswith(b[:k]) or b.endswith(a[:k])
                                   for k in range(2, min(len(a), len(b))))


def _linked_offsets(entry: Entry, e: int, pairing: Pairing, scoring: GlossaryScoring) -> list[int]:
    """The word positions within rendering ``e`` that translate the term.

    Treasury Secretary Scott Bessent and U.S. renders 美国财政部长 at best loosely; it takes
    Treasury, Secretary and U.S., and leaves Scott Bessent to 贝森特. A name takes all.
    """
    words = pairing.stats.en.keys[e].split()
    info = pairing.info[entry.zh]
    if info.spelling:
        return list(range(len(words)))
    content = [i for i, w in enumerate(words) if w not in STOP_WORDS]
    linked = pairing.pairs.linked_words(info.parts or (entry.zh,),
                                        [words[i] for i in content], scoring.linked)
    return [i for i, ok in zip(content, linked, strict=True) if ok]


def _alternates(entry: Entry, free: Callable[[int], frozenset[int]], pairing: Pairing,
                scoring: GlossaryScoring) -> tuple[int, ...]:
    """Other renderings that account for occurrences the best one does not.

    An alternate must score close to the best, overlap none of the renderings already
    chosen (not "tariff" beside "reciprocal tariff"), and be free in a bead of the term
    where the chosen renderings are not: a real synonym, not a near miss in the same place.
    """
    keys = pairing.stats.en.keys
    chosen = [entry.en]
    explained = set(free(entry.en))
    floor = max(scoring.min_pair_score, entry.pair_score - scoring.alternate_margin)
    for e, score in entry.ranked:
        if len(chosen) > scoring.max_alternates or score < floor:
            break
        if any(overlap(keys[e], keys[c]) for c in chosen) \
                or pairing.sim_of(entry.zh, e) < scoring.alternate_sim:
            continue
        where = free(e)
        if where - explained:
            chosen.append(e)
            explained |= where
    return tuple(chosen[1:])


def overlap(a: str, b: str) -> bool:
    """Whether two English candidate keys share a word or one holds the other."""
    words_a, words_b = set(a.split()), set(b.split())
    return bool(words_a & words_b) or a in b or b in a
