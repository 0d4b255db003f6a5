"""What a batch aligns: the documents of a manifest (tsv or jsonl) or of a directory.

- TSV: ``ID<TAB>DOCUMENT`` (one mixed document) or ``ID<TAB>ZH<TAB>EN`` (a pair) a line;
  blank lines and lines starting with ``#`` are skipped, and a first line ``id<TAB>...`` is
  a header.
- JSONL: ``{"id": ..., "document": ...}`` or ``{"id": ..., "zh": ..., "en": ...}`` a line.
- A directory with ``zh/`` and ``en/`` folders: files of the same name pair up (``zh/001``
  with ``en/001``), the id is the name without its suffix.
- Any other directory: ``NAME.zh.EXT`` pairs with ``NAME.en.EXT`` (the id is ``NAME``); every
  other file is one mixed document whose id is its name without the suffix. Hidden files
  and folders are left out.

Relative paths in a manifest are relative to the manifest's folder. Every document's input
paths are made absolute here (against this process's working directory), so that a worker
started anywhere else (a Dask worker on another machine, with its own working directory)
opens the same files. Ids become file names (``OUTDIR/ID.jsonl``), so they must be safe
ones and unique (also ignoring case). Every problem of the manifest itself is an
:class:`~aligner.errors.InputError` naming the file and line, raised before any document is
aligned; a document file that is missing or bad fails that document alone, when it is
aligned.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.errors import InputError
from aligner.text import read_text

PathName = str | os.PathLike[str]

REPORT_STEM = "batch-report"
_MAX_ID_BYTES = 200
_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_PAIR_NAME = re.compile(r"(?P<name>.+)\.(?P<lang>zh|en)(?P<ext>\.[^.]+)?", re.IGNORECASE)
_JSON_KEYS = ({"id", "document"}, {"id", "zh", "en"})


@dataclass(frozen=True)
class Document:
    """One unit of a batch: a mixed document (one input) or a zh + en pair (two)."""

    id: str
    inputs: tuple[str, ...]
    origin: str  # where it was named: "manifest.tsv:3", or the file in a directory


@dataclass(frozen=True)
class Manifest:
    """The documents of a batch, in order, and the file or folder that listed them."""

    source: str
    documents: tuple[Document, ...]


def read_manifest(source: PathName) -> Manifest:
    """The documents listed by ``source``: a tsv or jsonl manifest, or a directory."""
    path = Path(source)
    if path.is_dir():
        documents = _from_directory(path)
    elif not path.exists():
        raise InputError(source, "no such manifest file or directory")
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        documents = _from_jsonl(path)
    else:
        documents = _from_tsv(path)
    if not documents:
        raise InputError(source, "lists no documents")
    _check_unique(documents, str(source))
    return Manifest(absolute(source), tuple(documents))


def absolute(path: PathName) -> str:
    """``path`` made absolute against the working directory, as a string: joined, not
    resolved (a ``..`` after a symbolic link keeps its meaning, links stay links)."""
    return str(Path(os.path.expanduser(path)).absolute())


def absolute_document(document: Document) -> Document:
    """``document`` with absolute input paths (the same object when they already are)."""
    if all(os.path.isabs(p) for p in document.inputs):
        return document
    return replace(document, inputs=tuple(absolute(p) for p in document.inputs))


def check_id(value: str) -> str | None:
    """Why ``value`` cannot be an id (an output file name), or None when it can."""
    if not value or not value.strip():
        return "is empty"
    if _UNSAFE.search(value):
        return "holds a character that is not safe in a file name (/ \\ : * ? \" < > | or a " \
               "control character)"
    if value[0] in ".-" or value[-1] in ". " or value[0] == " ":
        return "starts with '.', '-' or a space, or ends with '.' or a space"
    if len(value.encode("utf-8")) > _MAX_ID_BYTES:
        return f"is longer than {_MAX_ID_BYTES} bytes"
    if value.casefold() == REPORT_STEM:
        return f"is reserved for the batch report ({REPORT_STEM}.jsonl)"
    return None


# --- manifests ----------------------------------------------------------------------------

def _from_tsv(path: Path) -> list[Document]:
    documents = []
    first = True
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if first and fields[0].casefold() == "id":
            first = False
            continue
        first = False
        where = f"{path}:{number}"
        if len(fields) not in (2, 3):
            raise InputError(where, f"has {len(fields)} tab-separated fields: expected "
                                    "ID, DOCUMENT or ID, ZH, EN")
        if any(not field for field in fields[1:]):
            raise InputError(where, "has an empty path")
        documents.append(_document(fields[0], fields[1:], path.parent, where))
    return documents


def _from_jsonl(path: Path) -> list[Document]:
    documents = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"is not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or set(record) not in _JSON_KEYS:
            keys = sorted(record) if isinstance(record, dict) else type(record).__name__
            raise InputError(where, f"has {keys}: expected the keys id and document, or "
                                    "id, zh and en")
        if not all(isinstance(value, str) and value for value in record.values()):
            raise InputError(where, "has a value that is not a non-empty string")
        paths = [record["document"]] if "document" in record else [record["zh"], record["en"]]
        documents.append(_document(record["id"], paths, path.parent, where))
    return documents


def _document(id_: str, paths: list[str], base: Path, where: str) -> Document:
    problem = check_id(id_)
    if problem:
        raise InputError(where, f"id {id_!r} {problem}")
    if "-" in paths:
        raise InputError(where, "names standard input (-): a batch reads files")
    return Document(id_, tuple(absolute(base / os.path.expanduser(p)) for p in paths), where)


# --- directories --------------------------------------------------------------------------

def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())


def _from_directory(folder: Path) -> list[Document]:
    zh_dir, en_dir = folder / "zh", folder / "en"
    if zh_dir.is_dir() and en_dir.is_dir():
        return _from_language_folders(zh_dir, en_dir)
    singles: list[Document] = []
    halves: dict[str, dict[str, Path]] = {}
    for path in _files(folder):
        match = _PAIR_NAME.fullmatch(path.name)
        if match:
            side = halves.setdefault(match["name"], {})
            lang = match["lang"].lower()
            if lang in side:
                raise InputError(path, f"is a second {lang} file for {match['name']!r} "
                                       f"(the first is {side[lang].name})")
            side[lang] = path
        else:
            singles.append(_file_document(path.stem if path.suffix else path.name,
                                          (path,), path))
    pairs = []
    for name, side in halves.items():
        if len(side) == 1:
            (lang, path), = side.items()
            other = "en" if lang == "zh" else "zh"
            raise InputError(path, f"has no {other} file to pair with (expected "
                                   f"{name}.{other}{path.suffix if path.suffixes[1:] else ''})")
        pairs.append(_file_document(name, (side["zh"], side["en"]), side["zh"]))
    return sorted(singles + pairs, key=lambda d: d.id)


def _from_language_folders(zh_dir: Path, en_dir: Path) -> list[Document]:
    zh = {p.name: p for p in _files(zh_dir)}
    en = {p.name: p for p in _files(en_dir)}
    for lone, other in ((set(zh) - set(en), en_dir), (set(en) - set(zh), zh_dir)):
        if lone:
            path = (zh_dir if other is en_dir else en_dir) / sorted(lone)[0]
            raise InputError(path, f"has no file of the same name in {other} to pair with")
    return [_file_document(Path(name).stem or name, (zh[name], en[name]), zh[name])
            for name in sorted(zh)]


def _file_document(id_: str, paths: tuple[Path, ...], named_by: Path) -> Document:
    problem = check_id(id_)
    if problem:
        raise InputError(named_by, f"makes the id {id_!r}, which {problem}; list the "
                                   "documents in a manifest with ids of your choice")
    return Document(id_, tuple(absolute(p) for p in paths), str(named_by))


def _check_unique(documents: list[Document], source: str) -> None:
    seen: dict[str, Document] = {}
    for document in documents:
        key = document.id.casefold()
        if key in seen:
            raise InputError(document.origin, f"id {document.id!r} repeats the id "
                                              f"{seen[key].id!r} of {seen[key].origin} (ids "
                                              "name output files, so they must differ, also "
                                              "ignoring case)")
        seen[key] = document
