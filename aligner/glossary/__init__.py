"""Glossaries: the recurring terms of a parallel text and how each was rendered.

:func:`build_glossary` takes aligned beads and returns :class:`~aligner.records.Term` entries, best
first, in typed stages: candidates → co-occurrence → pairing → resolution → ranking, all weighted by
one :class:`GlossaryScoring`. Reading and writing glossary files is :mod:`aligner.formats`'s job;
the whole job from input files is :func:`aligner.pipeline.glossary_for`.
"""

from __future__ import annotations

from aligner.glossary.build import build_glossary
from aligner.glossary.curated import load_curated, merge_curated, shipped_glossaries, user_words
from aligner.glossary.scoring import GlossaryScoring

__all__ = ["GlossaryScoring", "build_glossary", "load_curated", "merge_curated",
           "shipped_glossaries", "user_words"]
