"""Glossaries: the recurring terms of a parallel text and how each was rendered.

:func:`build_glossary` takes aligned beads and returns :class:`~aligner.types.Term` entries,
best first; :func:`read_glossary` and :func:`write_glossary` read and write them as tsv, csv
or TBX; :func:`glossary_for` does the whole job from input files, as the command line does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aligner.embed import Encoder, get_encoder
from aligner.glossary.build import build_glossary
from aligner.glossary.curated import (
    load_curated,
    merge_curated,
    shipped_glossaries,
    user_words,
)
from aligner.glossary.io import (
    FORMATS,
    format_for_path,
    parse_glossary,
    read_glossary,
    render_glossary,
    write_glossary,
)
from aligner.progress import Progress
from aligner.types import Term

__all__ = ["FORMATS", "build_glossary", "format_for_path", "glossary_for", "load_curated",
           "merge_curated", "parse_glossary", "read_glossary", "render_glossary",
           "shipped_glossaries", "user_words", "write_glossary"]


def glossary_for(inputs: Sequence[str | Path], *, curated: str | Path | None = None,
                 min_count: int | None = None, top: int | None = None,
                 presplit: bool = False, model: str | None = None,
                 encoder: Encoder | None = None, encoding: str | None = None,
                 use_shipped: bool = True, progress: Progress | None = None) -> list[Term]:
    """The glossary of a mixed document, a zh + en pair, or an aligned tsv/jsonl/tmx file.

    ``curated`` is merged into the result (its entries win); the shipped glossaries' terms,
    unless ``use_shipped`` is off, and the curated ones are only kept whole by the Chinese
    word splitter.
    """
    from aligner.pipeline import load_beads

    user = load_curated([curated]) if curated is not None else []
    shipped = load_curated(shipped_glossaries()) if use_shipped else []
    encoder = encoder or get_encoder(model)
    beads = load_beads(inputs, presplit=presplit, model=model, encoder=encoder,
                       encoding=encoding, progress=progress)
    name = str(inputs[0]) if len(inputs) == 1 else None
    return build_glossary(beads, encoder=encoder, curated=user,
                          user_words=user_words(shipped, user), min_count=min_count, top=top,
                          name=name)
