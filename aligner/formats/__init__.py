"""Aligned beads to and from files: TSV (the default), JSON lines and TMX, in a small registry.

Every format renders a whole file in memory (so outputs are written atomically) and
parses one back, raising :class:`~aligner.errors.InputError` for malformed content.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from aligner.formats.base import DEFAULT_SCORE, SCORE_DECIMALS, BeadFormat
from aligner.formats.jsonl import JsonlFormat
from aligner.formats.tmx import TmxFormat
from aligner.formats.tsv import TsvFormat
from aligner.output import STDOUT, write_output
from aligner.text import read_text
from aligner.types import Bead

__all__ = ["DEFAULT_FORMAT", "DEFAULT_SCORE", "FORMATS", "SCORE_DECIMALS", "BeadFormat",
           "format_for_path", "get_format", "read_beads", "render_beads", "write_beads"]

DEFAULT_FORMAT = "tsv"

FORMATS: dict[str, BeadFormat] = {fmt.name: fmt for fmt in (TsvFormat(), JsonlFormat(),
                                                               TmxFormat())}


def get_format(name: str) -> BeadFormat:
    """The registered format called ``name``; ValueError names the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (known: {', '.join(FORMATS)})") from None


def format_for_path(path: str | PathLike[str] | None) -> str:
    """The format a file name asks for by its extension; stdout and unknown ones get TSV."""
    if path is None or str(path) == STDOUT:
        return DEFAULT_FORMAT
    suffix = Path(path).suffix.lower()
    return next((name for name, fmt in FORMATS.items() if suffix in fmt.suffixes),
                DEFAULT_FORMAT)


def render_beads(beads: Sequence[Bead], fmt: str = DEFAULT_FORMAT) -> str:
    """The whole file for ``beads`` in format ``fmt``."""
    return get_format(fmt).render(beads)


def write_beads(beads: Sequence[Bead], path: str | PathLike[str] | None,
                fmt: str | None = None) -> None:
    """Write ``beads`` atomically to ``path`` (None or ``-``: stdout); no ``fmt``: by extension."""
    name = fmt or format_for_path(path)
    write_output(None if path is None else str(path), render_beads(beads, name))


def read_beads(path: str | PathLike[str], fmt: str | None = None, *,
               encoding: str | None = None) -> list[Bead]:
    """The beads in an aligned file (``-``: stdin); no ``fmt``: by extension, else TSV."""
    parser = get_format(fmt or format_for_path(path))
    return parser.parse(read_text(str(path), encoding), path)
