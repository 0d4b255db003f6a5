"""Curated glossaries: the ones shipped with aligner and the ones a user passes in.

Their Chinese terms go into the word splitter's dictionary so they stay whole, and their
entries can be merged into an extracted glossary, where they win.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from aligner.formats import GLOSSARY_FORMATS, read_glossary
from aligner.lexicon import TermIndex, claimed_counts, sentences, word_key
from aligner.records import Bead, Evidence, Term

_WORD = re.compile(r"[\w.'’-]+")

# The package data that glossaries/ at the top of the source tree installs as.
SHIPPED_PACKAGE = "aligner.glossaries"


def shipped_glossaries() -> list[Path]:
    """The curated glossaries that come with aligner, the same in a wheel and in a checkout."""
    suffixes = tuple(GLOSSARY_FORMATS.suffixes())
    return sorted(Path(str(entry)) for entry in resources.files(SHIPPED_PACKAGE).iterdir()
                  if entry.name.lower().endswith(suffixes))


def load_curated(paths: Iterable[str | Path]) -> list[Term]:
    """The entries of several glossaries; a term listed twice keeps its first entry."""
    seen: dict[str, Term] = {}
    for path in paths:
        for term in read_glossary(path):
            seen.setdefault(term.zh, term)
    return list(seen.values())


def user_words(*glossaries: Sequence[Term]) -> list[str]:
    """The Chinese terms to keep whole when splitting words."""
    return sorted({term.zh for terms in glossaries for term in terms})


def merge_curated(terms: Sequence[Term], curated: Sequence[Term],
                  beads: Sequence[Bead] = (), *, keep_unused: bool = True) -> list[Term]:
    """``terms`` with ``curated`` entries merged in, sorted by score.

    A curated entry replaces the extracted entry for its term and is marked curated; its example,
    unless it has one, is the shortest sentence of ``beads`` where it occurs. Without
    ``keep_unused``, a curated entry that never occurs in ``beads`` (not even inside a longer term)
    is left out. Its evidence says how consistently the English of its beads holds one of its
    renderings and, when the text renders it otherwise (the extracted entry's rendering is none of
    the curated ones), that rendering as ``in_text``: a finding for the terminologist.

    Its count means what an extracted term's does: the occurrences it claims in the Chinese
    of ``beads`` (the parallel ones, in :func:`~aligner.glossary.build.build_glossary`),
    where the longer terms of the merged glossary claim theirs first (curated ones first on
    equal length), as the checks find terms. 关税 counts only where it is not part of 对等关税.
    The occurrences are found in the text itself, not among the word splitter's candidates
    as an extracted term's are: a curated term is a term wherever it is written, and the
    extracted counts are left as they were claimed when the glossary was built.
    """
    curated_zh = {entry.zh for entry in curated}
    found = {t.zh: t for t in terms}
    others = [t for t in terms if t.zh not in curated_zh]
    rank = {t.zh: (-len(t.zh), 1, -t.score, t.zh) for t in others}
    rank |= {t.zh: (-len(t.zh), 0, -t.score, t.zh) for t in curated}
    index = TermIndex(rank)
    per_bead = [index.occurrences(bead.zh) for bead in beads]
    places = claimed_counts(per_bead, rank)
    examples = _examples(curated_zh, beads, per_bead)
    merged = []
    for entry in curated:
        extracted = found.get(entry.zh)
        where = sorted(set(places.get(entry.zh, ()))) \
            or [k for k, bead in enumerate(beads) if entry.zh in bead.zh]
        if not where and not keep_unused:
            continue
        renderings = [_keyed(r) for r in entry.renderings]
        english = {k: _keyed(beads[k].en) for k in where}
        holds = [k for k in where if any(r in english[k] for r in renderings)]
        in_text = extracted.en if extracted and _keyed(extracted.en) not in renderings else ""
        evidence = Evidence(
            en_count=len(holds), consistency=round(len(holds) / len(where), 3) if where else 0.0,
            alternate_counts=tuple(sum(1 for k in where if r in english[k])
                                   for r in renderings[1:]),
            example_en=beads[holds[0]].en if holds else "", in_text=in_text)
        merged.append(replace(entry, curated=True, count=len(places.get(entry.zh, ())),
                              example=entry.example or examples.get(entry.zh, "")
                              or (extracted.example if extracted else ""),
                              evidence=evidence if beads else entry.evidence))
    out = merged + others
    out.sort(key=lambda t: (-t.score, -t.curated, -t.count, t.zh))
    return out


def _keyed(text: str) -> str:
    """``text`` as matching keys (case and inflection removed), padded: " chip trade "."""
    return " " + " ".join(word_key(w) for w in _WORD.findall(text)) + " "


def _examples(terms: set[str], beads: Sequence[Bead],
              per_bead: Sequence[Sequence[tuple[str, int, int]]]) -> dict[str, str]:
    """For each of ``terms``, the shortest sentence that holds it (the first on ties)."""
    best: dict[str, str] = {}
    for bead, found in zip(beads, per_bead, strict=True):
        here = dict.fromkeys(term for term, _, _ in found if term in terms)
        if not here:
            continue
        split = [sentence for _, _, sentence in sentences(bead.zh)]
        for term in here:
            for sentence in split:
                if term in sentence and (term not in best or len(sentence) < len(best[term])):
                    best[term] = sentence
    return best
