"""Reading input text: encoding detection and the checks that reject unusable files."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from aligner.errors import InputError

STDIN = "-"

# Tried in this order when the file has no BOM; GB18030 before Big5 because it
# accepts every byte sequence GBK does and Simplified Chinese is the common case.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")


def read_bytes(path: str | Path) -> bytes:
    if str(path) == STDIN:
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, not a text file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode ``data``; with no ``encoding``, detect UTF-8/16 BOMs, UTF-8, GB18030, Big5."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not valid {encoding} (byte {exc.start})") from None
        return _check_text(text.lstrip("\ufeff"), path)
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(name), path)
            except UnicodeDecodeError:
                raise InputError(path, f"has a {name} byte-order mark but is not {name}") from None
    if b"\x00" in data:
        raise InputError(path, "is a binary file, not text")
    for name in _FALLBACK_ENCODINGS:
        try:
            return _check_text(data.decode(name), path)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "is not text in UTF-8, UTF-16, GB18030 or Big5 (try --encoding)")


def _check_text(text: str, path: str | Path) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text) // 100):
        raise InputError(path, "is a binary file, not text")
    if not text.strip():
        raise InputError(path, "is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The text of ``path`` (``-`` for stdin) with newlines normalised to ``\\n``."""
    return decode(read_bytes(path), path, encoding)
