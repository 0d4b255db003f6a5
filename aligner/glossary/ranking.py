"""The last stage of the glossary: each entry's score, how sure and how useful it is."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aligner.glossary.resolution import Entry, overlap
from aligner.glossary.scoring import GlossaryScoring

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
    return [replace(entry, score=_entry_score(entry, pairing, general_frequency, scoring,
                                              termhood))
            for entry in entries]


def _entry_score(entry: Entry, pairing: Pairing, general_frequency: Callable[[str], int],
                 scoring: GlossaryScoring, termhood: Termhood | None) -> float:
    score = entry.pair_score + scoring.frequency_bonus * math.log2(max(entry.count, 1))
    if termhood is not None:
        # C-value: how much the candidate stands on its own rather than inside longer ones.
        score += scoring.termhood_weight * min(1.0, max(0.0, termhood.of(entry.zh))
                                               / scoring.termhood_full)
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
