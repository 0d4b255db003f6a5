"""The last stage of the glossary: each entry's score, how sure and how useful it is."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set
from dataclasses import replace
from typing import TYPE_CHECKING

from aligner.glossary.resolution import Entry, overlap
from aligner.glossary.scoring import GlossaryScoring
from aligner.lexicon import STOP_WORDS

if TYPE_CHECKING:
    from aligner.glossary.pairing import Pairing
    from aligner.glossary.termhood import Termhood


def score_entries(entries: Sequence[Entry], pairing: Pairing,
                  general_frequency: Callable[[str], int],
                  scoring: GlossaryScoring, termhood: Termhood | None = None) -> list[Entry]:
    """``entries`` with their scores: how sure and how useful each is, 0–1.

    ``general_frequency`` is how common a word is in the word splitter's dictionary (0 for
    none: a name, a compound, a curated word).
    """
    scored = [replace(entry, score=_entry_score(entry, pairing, general_frequency, scoring,
                                                termhood))
              for entry in entries]
    echoes = echoing(scored, pairing, scoring, termhood.placed if termhood else frozenset())
    return [replace(e, score=e.score * scoring.echo_factor) if e.zh in echoes else e
            for e in scored]


def echoing(entries: Sequence[Entry], pairing: Pairing, scoring: GlossaryScoring,
            placed: Set[str] = frozenset()) -> set[str]:
    """The longer terms that only echo a term inside them: the same rendering, and no word
    of it translates what the longer term adds (造船业|301措施, Section 301 measures; 通话|
    重要共识, important consensus), unless what it adds is a place (美国|财政部长, ``placed``).
    They are right where they occur, and less useful than their core."""
    by_rendering: dict[int, list[Entry]] = {}
    for entry in entries:
        by_rendering.setdefault(entry.en, []).append(entry)
    out = set()
    for group in by_rendering.values():
        for long in group:
            if long.zh in placed:
                continue
            for short in group:
                if short.zh != long.zh and short.zh in long.zh \
                        and not _adds_rendered(short.zh, long, pairing, scoring):
                    out.add(long.zh)
    return out


def _adds_rendered(core: str, long: Entry, pairing: Pairing, scoring: GlossaryScoring) -> bool:
    """Whether a word of the longer term's rendering translates one of its parts outside
    ``core``; true when that cannot be told."""
    parts = pairing.info[long.zh].parts if long.zh in pairing.info else ()
    extra = [p for p in parts if p not in core]
    if not extra or any(p not in pairing.pairs.part_vectors for p in extra):
        return True
    words = [w for w in pairing.stats.en.keys[long.en].split() if w not in STOP_WORDS]
    return any(pairing.pairs.linked_words(extra, words, scoring.linked))


def _entry_score(entry: Entry, pairing: Pairing, general_frequency: Callable[[str], int],
                 scoring: GlossaryScoring, termhood: Termhood | None) -> float:
    score = entry.pair_score + scoring.frequency_bonus * math.log2(max(entry.count, 1))
    if termhood is not None:
        # C-value: how much the candidate stands on its own rather than inside longer ones.
        score += scoring.termhood_weight * min(1.0, max(0.0, termhood.of(entry.zh))
                                               / scoring.termhood_full)
        if entry.zh in termhood.titled:
            score -= scoring.title_piece_penalty
    # A rendering that stands out from the unrelated alternatives is a surer one.
    keys = pairing.stats.en.keys
    rivals = [s for e, s in entry.ranked if not overlap(keys[e], keys[entry.en])]
    margin = entry.pair_score - (rivals[0] if rivals
                                 else scoring.min_pair_score - scoring.max_margin)
    score += scoring.margin_weight * min(max(margin, 0.0), scoring.max_margin)
    frequency = general_frequency(entry.zh)
    info = pairing.info[entry.zh]
    name = info.place or bool(info.spelling)
    if frequency and not name:
        generic = min(1.0, max(0.0, (math.log10(frequency) - scoring.generic_from)
                               / scoring.generic_span))
        score -= scoring.generic_penalty * generic
    if name or len(info.parts) > 1 or not frequency:
        # Names and compounds (对等关税, 国务院副总理) are what a glossary is for, and their
        # renderings embed less closely than single words do.
        score += scoring.term_bonus
    # A logistic curve around the acceptance threshold: 0.5 is a borderline rendering.
    return 1 / (1 + math.exp(-scoring.sureness_slope
                             * (score - scoring.min_pair_score - scoring.sureness_midpoint)))
