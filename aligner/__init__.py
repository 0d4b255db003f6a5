"""aligner: Chinese–English parallel text alignment, glossaries and translation checks.

The data flows through the stages::

    text → segment → paragraphs → embed → alignment → glossary / check → formats

and each module imports only the layers below it (records and file formats, which every
stage reads or writes, sit low; the pipeline composes the stages; the command line is on
top). The layer table is in ``tests/test_architecture.py`` and the README.

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
