"""Glossaries: the recurring terms of a parallel text and how each was rendered.

:func:`build_glossary` takes aligned beads and returns :class:`~aligner.records.Term`
entries, best first. Reading and writing glossary files is :mod:`aligner.formats`'s job;
the whole job from input files is :func:`aligner.pipeline.glossary_for`.
"""

from __future__ import annotations

from aligner.glossary.build import build_glossary
from aligner.glossary.curated import load_curated, merge_curated, shipped_glossaries, user_words

__all__ = ["build_glossary", "load_curated", "merge_curated", "shipped_glossaries",
           "user_words"]
