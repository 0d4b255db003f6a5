"""aligner: Chinese–English parallel text alignment, glossaries and translation checks.

The pipeline, one module per stage::

    text → segment → paragraphs → embed → alignment → glossary / check → formats
"""

from __future__ import annotations

__version__ = "0.1.0"

from aligner.pipeline import align, align_document, align_texts, load_beads
from aligner.records import Bead, Sentence, Term

__all__ = ["Bead", "Sentence", "Term", "__version__", "align", "align_document", "align_texts",
           "load_beads"]
