"""Files of records: aligned beads (tsv, jsonl, tmx, xliff, xliff2) and glossaries (tsv, csv,
tbx, cat-csv).

Each kind has a :class:`~aligner.registry.Registry` of formats that share one interface
(:class:`~aligner.formats.base.FileFormat`: ``render`` a whole file, ``parse`` one back),
and one lookup by file suffix (:meth:`Registry.name_for`). XML formats read through
:mod:`aligner.formats.xml`, which refuses entity declarations.

A :class:`~aligner.signature.Signature` given to a writer goes into the file where the
format has a place for it that its readers skip (jsonl, tmx, xliff, xliff2, tbx); a table
(tsv, csv, cat-csv) written to a file gets it beside, in ``FILE.signature.json``
(:func:`sidecar_path`), and none on standard output. A sidecar that cannot be written is
refused before the file is; one that an earlier run left beside a file now written unsigned
(or in a format that holds its own) is removed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from os import PathLike

from aligner.errors import InputError, OutputError
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
from aligner.output import STDOUT, refuse_inputs, same_file, write_chunks, write_output
from aligner.records import Bead, Term
from aligner.registry import Registry
from aligner.signature import Signature, find_signature
from aligner.text import read_text

__all__ = ["DEFAULT_FORMAT", "DEFAULT_SCORE", "FORMATS", "GLOSSARY_FORMATS", "SCORE_DECIMALS",
           "SIDECAR_SUFFIX", "BeadFormat", "FileFormat", "GlossaryFormat", "format_for_path",
           "get_format", "is_bead_file", "parse_glossary", "read_beads", "read_glossary",
           "render_beads", "render_glossary", "sidecar_path", "write_beads", "write_glossary"]

DEFAULT_FORMAT = "tsv"
# Beside a table written to a file: its signature (``out.tsv.signature.json``).
SIDECAR_SUFFIX = ".signature.json"

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

def render_beads(beads: Sequence[Bead], fmt: str = DEFAULT_FORMAT, *,
                 signature: Signature | None = None) -> str:
    """The whole file for ``beads`` in format ``fmt``, signed where the format can be."""
    return FORMATS.get(fmt).render(beads, signature=signature)


def write_beads(beads: Iterable[Bead], path: Path | None, fmt: str | None = None, *,
                inputs: Sequence[Path] = (), signature: Signature | None = None) -> None:
    """Write ``beads`` atomically to ``path`` (None or ``-``: stdout); no ``fmt``: by suffix.

    ``inputs`` are never overwritten: naming one as ``path`` raises OutputError.
    ``signature`` goes into the file, or a table's sidecar.

    ``beads`` may be an iterator: tsv, jsonl and tmx write each bead as it comes (a long
    alignment's beads as its windows are aligned, :func:`aligner.pipeline.align_beads`),
    the bytes being those of rendering the whole list; the other formats take the list
    first.
    """
    name = fmt or format_for_path(path)
    found = FORMATS.get(name)
    streams = getattr(found, "chunks", None)
    _sign_beside(found, path, signature, inputs, check_only=True)
    if streams is not None:
        write_chunks(None if path is None else str(path), streams(beads, signature=signature),
                     inputs=inputs)
    else:
        text = render_beads(list(beads), name, signature=signature)
        write_output(None if path is None else str(path), text, inputs=inputs)
    _sign_beside(found, path, signature, inputs)


def read_beads(path: Path, fmt: str | None = None, *,
               encoding: str | None = None) -> list[Bead]:
    """The beads in an aligned file (``-``: stdin); no ``fmt``: by suffix, else TSV."""
    parser = FORMATS.get(fmt or format_for_path(path))
    return parser.parse(read_text(str(path), encoding), path)


# --- glossaries ---------------------------------------------------------------------------

def render_glossary(terms: Sequence[Term], fmt: str = "tsv", *,
                    signature: Signature | None = None) -> str:
    """The text of a glossary file in ``fmt`` (tsv, csv, tbx or cat-csv), signed where the
    format can be (tbx)."""
    return GLOSSARY_FORMATS.get(fmt).render(terms, signature=signature)


def write_glossary(terms: Sequence[Term], path: Path | None, fmt: str | None = None, *,
                   inputs: Sequence[Path] = (), signature: Signature | None = None) -> None:
    """Write ``terms`` atomically to ``path`` (None or ``-``: stdout); format from the suffix.
    ``signature`` goes into the file, or a table's sidecar."""
    name = fmt or format_for_path(path, GLOSSARY_FORMATS)
    text = render_glossary(terms, name, signature=signature)
    _sign_beside(GLOSSARY_FORMATS.get(name), path, signature, inputs, check_only=True)
    write_output(None if path is None else str(path), text, inputs=inputs)
    _sign_beside(GLOSSARY_FORMATS.get(name), path, signature, inputs)


def sidecar_path(path: Path | None) -> str | None:
    """``PATH.signature.json`` beside an output ``path`` that is a regular file; None for
    standard output (``-``, or ``/dev/stdout`` and the file stdout is redirected to), a
    device, a pipe or a path that names nothing."""
    if path is None or str(path) == STDOUT or same_file(path, "/dev/stdout"):
        return None
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None
    return f"{os.fspath(path)}{SIDECAR_SUFFIX}" if regular else None


def _sign_beside(fmt: FileFormat, path: Path | None, signature: Signature | None,
                 inputs: Sequence[Path], *, check_only: bool = False) -> None:
    """A table's signature, in its sidecar file (a regular file's only).

    ``check_only``, before anything is written: refuse a sidecar that would overwrite an
    input, or that is there and is no regular file (a folder, a FIFO, a device), so that a
    refusal never leaves the output written without it. Otherwise write it, or, where the
    output is written unsigned or holds its own signature, remove a sidecar an earlier run
    left beside it (it would sign what it no longer describes).
    """
    if path is None or str(path) == STDOUT:
        return
    beside = f"{os.fspath(path)}{SIDECAR_SUFFIX}"
    signed = signature is not None and not fmt.holds_signature
    if check_only:
        if signed and _may_be_regular(path):
            refuse_inputs(beside, inputs)
            _refuse_irregular(beside)
        return
    if sidecar_path(path) is None:  # stdout, a device, a pipe: nothing beside it
        return
    if signed:
        assert signature is not None
        write_output(beside, signature.to_json(), inputs=inputs)
    else:
        _remove_stale_sidecar(beside, inputs)


def _may_be_regular(path: Path) -> bool:
    """Whether ``path`` is, or will be once written, a regular file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True  # (or a dangling link: the file it names is made)
    except (OSError, ValueError):
        return False


def _refuse_irregular(beside: str) -> None:
    try:
        mode = os.stat(beside).st_mode
    except (OSError, ValueError):
        return  # nothing there (or a dangling link): written as any new file
    if not stat.S_ISREG(mode):
        what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise OutputError(beside, f"is {what}: the output's signature cannot be written "
                                  "there (remove it, or write the output elsewhere)")


# A sidecar is a line of JSON; a file beside the output that is larger, or holds no
# signature, is not one that aligner wrote, and is left alone.
_SIDECAR_BYTES = 1 << 16


def _remove_stale_sidecar(beside: str, inputs: Sequence[Path]) -> None:
    try:
        found = os.lstat(beside)
        if not stat.S_ISREG(found.st_mode) or found.st_size > _SIDECAR_BYTES \
                or any(same_file(beside, source) for source in inputs):
            return
        with open(beside, encoding="utf-8") as handle:
            text = handle.read()
        if text.lstrip().startswith('{"signature"') and find_signature(text) is not None:
            os.remove(beside)
    except (OSError, ValueError):
        return


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
