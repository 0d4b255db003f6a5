"""Glossaries: recurring terms of a parallel text and how each was rendered."""

from __future__ import annotations

from aligner.glossary.io import (
    format_for_path,
    parse_glossary,
    read_glossary,
    render_glossary,
    write_glossary,
)

__all__ = ["format_for_path", "parse_glossary", "read_glossary", "render_glossary",
           "write_glossary"]
