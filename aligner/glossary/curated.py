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
from aligner.records import Bead, Term

# The package data that glossaries/ at the top of the source tree installs as.
SHIPPED_PACKAGE = "aligner.glossaries"
# A sentence or clause of Chinese text, for the examples of entries.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")


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
                  beads: Sequence[Bead] = ()) -> list[Term]:
    """``terms`` with ``curated`` entries merged in, sorted by score.

    A curated entry replaces the extracted entry for its term and is marked curated; its
    count is how often the term occurs in the Chinese of ``beads`` and its example, unless
    it has one, a sentence where it does.
    """
    found = {t.zh: t for t in terms}
    merged = []
    for entry in curated:
        extracted = found.pop(entry.zh, None)
        count, example = _occurrences(entry.zh, beads)
        merged.append(replace(entry, curated=True, count=count,
                              example=entry.example or example
                              or (extracted.example if extracted else "")))
    out = merged + list(found.values())
    out.sort(key=lambda t: (-t.score, -t.curated, -t.count, t.zh))
    return out


def _occurrences(term: str, beads: Sequence[Bead]) -> tuple[int, str]:
    count, example = 0, ""
    for bead in beads:
        hits = bead.zh.count(term)
        if not hits:
            continue
        count += hits
        for match in SENTENCE.finditer(bead.zh):
            sentence = match.group().strip()
            if term in sentence and (not example or len(sentence) < len(example)):
                example = sentence
    return count, example
