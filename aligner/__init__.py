"""aligner: Chinese–English parallel text alignment, glossaries and translation checks.

The pipeline, one layer per stage, each importing only the layers below it::

    text → segment → paragraphs → embed → alignment → glossary / check → formats

The Python API has one call per command: :func:`align`, :func:`glossary_for` and
:func:`check_files` (in :mod:`aligner.pipeline`). They are imported on first use, so
``import aligner`` stays light (no model, XML or command-line code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligner._version import __version__

if TYPE_CHECKING:
    from aligner.pipeline import (
        align,
        align_document,
        align_texts,
        check_files,
        glossary_for,
        read_alignment,
    )
    from aligner.records import Alignment, Bead, Sentence, Term

__all__ = ["Alignment", "Bead", "Sentence", "Term", "__version__", "align", "align_document",
           "align_texts", "check_files", "glossary_for", "read_alignment"]

_PIPELINE = {"align", "align_document", "align_texts", "check_files", "glossary_for",
             "read_alignment"}
_RECORDS = {"Alignment", "Bead", "Sentence", "Term"}


def __getattr__(name: str) -> Any:
    if name in _PIPELINE:
        from aligner import pipeline

        return getattr(pipeline, name)
    if name in _RECORDS:
        from aligner import records

        return getattr(records, name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
