"""Files of records: aligned beads (tsv, jsonl, tmx, xliff, xliff2) and glossaries (tsv, csv,
tbx, cat-csv).

Each kind has a :class:`~aligner.registry.Registry` of formats that share one interface
(:class:`~aligner.formats.base.FileFormat`: ``render`` a whole file, ``parse`` one back),
and one lookup by file suffix (:meth:`Registry.name_for`). XML formats read through
:mod:`aligner.formats.xml`, which refuses entity declarations.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from aligner.errors import InputError
from aligner.formats.base import (
    DEFAULT_SCORE,
    SCORE_DECIMALS,
    BeadFormat,
    FileFormat,
    GlossaryFormat,
)
from aligner.formats.cat_csv import CatCsvFormat
from aligner.formats.glossary import GlossaryCsvFormat, GlossaryTsvFormat
from aligner.formats.jsonl import JsonlFormat
from aligner.formats.tbx import TbxFormat
from aligner.formats.tmx import TmxFormat
from aligner.formats.tsv import TsvFormat
from aligner.formats.xliff import XliffFormat
from aligner.formats.xliff2 import Xliff2Format
from aligner.output import write_output
from aligner.records import Bead, Term
from aligner.registry import Registry
from aligner.text import read_text

__all__ = ["DEFAULT_FORMAT", "DEFAULT_SCORE", "FORMATS", "GLOSSARY_FORMATS", "SCORE_DECIMALS",
           "BeadFormat", "FileFormat", "GlossaryFormat", "format_for_path", "get_format",
           "is_bead_file", "parse_glossary", "read_beads", "read_glossary", "render_beads",
           "render_glossary", "write_beads", "write_glossary"]

DEFAULT_FORMAT = "tsv"

FORMATS: Registry[BeadFormat] = Registry("bead format", default=DEFAULT_FORMAT)
for _format in (TsvFormat(), JsonlFormat(), TmxFormat(), XliffFormat(), Xliff2Format()):
    FORMATS.register(_format.name, _format, _format.suffixes)

GLOSSARY_FORMATS: Registry[GlossaryFormat] = Registry("glossary format", default="tsv")
for _glossary_format in (GlossaryTsvFormat(), GlossaryCsvFormat(), TbxFormat(),
                         CatCsvFormat()):
    GLOSSARY_FORMATS.register(_glossary_format.name, _glossary_format, _glossary_format.suffixes)

Path = str | PathLike[str]


def get_format(name: str) -> BeadFormat:
    """The bead format called ``name``; UnknownNameError names the known ones otherwise."""
    return FORMATS.get(name)


def format_for_path(path: Path | None, formats: Registry = FORMATS) -> str:
    """The format a file name asks for by its suffix; stdout and unknown suffixes get the
    registry's default (tsv)."""
    return formats.name_for(path)


def is_bead_file(path: Path) -> bool:
    """Whether ``path``'s suffix names an aligned-bead format (tsv, jsonl, tmx)."""
    return FORMATS.name_for_path(path) is not None


# --- beads ------------------------------------------------------------------------------

def render_beads(beads: Sequence[Bead], fmt: str = DEFAULT_FORMAT) -> str:
    """The whole file for ``beads`` in format ``fmt``."""
    return FORMATS.get(fmt).render(beads)


def write_beads(beads: Sequence[Bead], path: Path | None, fmt: str | None = None, *,
                inputs: Sequence[Path] = ()) -> None:
    """Write ``beads`` atomically to ``path`` (None or ``-``: stdout); no ``fmt``: by suffix.

    ``inputs`` are never overwritten: naming one as ``path`` raises OutputError.
    """
    name = fmt or format_for_path(path)
    write_output(None if path is None else str(path), render_beads(beads, name),
                 inputs=inputs)


def read_beads(path: Path, fmt: str | None = None, *,
               encoding: str | None = None) -> list[Bead]:
    """The beads in an aligned file (``-``: stdin); no ``fmt``: by suffix, else TSV."""
    parser = FORMATS.get(fmt or format_for_path(path))
    return parser.parse(read_text(str(path), encoding), path)


# --- glossaries ---------------------------------------------------------------------------

def render_glossary(terms: Sequence[Term], fmt: str = "tsv") -> str:
    """The text of a glossary file in ``fmt`` (tsv, csv or tbx)."""
    return GLOSSARY_FORMATS.get(fmt).render(terms)


def write_glossary(terms: Sequence[Term], path: Path | None, fmt: str | None = None, *,
                   inputs: Sequence[Path] = ()) -> None:
    """Write ``terms`` atomically to ``path`` (None or ``-``: stdout); format from the suffix."""
    name = fmt or format_for_path(path, GLOSSARY_FORMATS)
    write_output(None if path is None else str(path), render_glossary(terms, name),
                 inputs=inputs)


def read_glossary(path: Path, fmt: str | None = None,
                  encoding: str | None = None) -> list[Term]:
    """The entries of a tsv, csv or TBX glossary; bad files raise :class:`InputError`."""
    text = read_text(path, encoding)
    if fmt is None:
        fmt = format_for_path(path, GLOSSARY_FORMATS)
        if fmt != "tbx" and text.lstrip().startswith("<"):
            fmt = "tbx"
    return parse_glossary(text, fmt, str(path))


def parse_glossary(text: str, fmt: str, name: str = "glossary") -> list[Term]:
    """The entries of glossary ``text`` in ``fmt``; none at all is an InputError."""
    terms = GLOSSARY_FORMATS.get(fmt).parse(text, name)
    if not terms:
        raise InputError(name, "has no glossary entries")
    return terms
