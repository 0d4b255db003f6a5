"""Writing results so that an output never destroys an input or leaves half a file.

- ``None`` or ``-``: standard output.
- An output that is one of the inputs (same device and inode, so another spelling of the
  path, a hard link or a symbolic link to it all count) is refused before anything is written.
- A regular file, new or existing, is written atomically: a temporary file beside it (beside
  the file a symbolic link points to: the link stays a link), then :func:`os.replace`. On
  any failure, an interrupt included, the temporary file is removed and the target is left
  as it was. A new file gets the mode that the umask (and a default ACL) gives, as any
  program creating it would; an existing file keeps its mode.
- Anything else that exists (a character device such as ``/dev/null``, a FIFO, a socket) is
  opened and written in place: replacing it with a regular file would break it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any

from aligner.errors import OutputError
from aligner.registry import Registry

STDOUT = "-"
STDIN = "-"

__all__ = ["STDOUT", "refuse_inputs", "same_file", "write_chunks", "write_output"]


def _identity(path: str | os.PathLike[str], stdio: int) -> tuple[int, int] | None:
    """(device, inode) of ``path`` (links followed); ``-`` is the file open as ``stdio``."""
    try:
        found = os.fstat(stdio) if str(path) == STDIN else os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are one existing file (symbolic links followed); ``-`` stands
    for the file standard input reads (``aligner align - -o s.txt < s.txt``)."""
    first, second = _identity(a, 0), _identity(b, 0)
    return first is not None and first == second


def output_format(path: str | os.PathLike[str] | None, fmt: str | None,
                  formats: Registry[Any], command: str) -> str:
    """The format ``command`` writes ``path`` in: ``fmt`` where given (an unknown name
    raises UnknownNameError, a usage error), else the one of ``formats`` whose extension
    ``path`` has, else, for standard output or a name without an extension, their default.
    An extension none of ``formats`` owns (``-o out.docx``) raises :class:`OutputError`
    that lists the ones they do: a file is never written in a format its name belies."""
    if fmt is not None:
        formats.get(fmt)  # an unknown name raises UnknownNameError, a usage error
        return fmt
    name = formats.name_for_path(path)
    if name is not None:
        return name
    suffix = "" if path is None or str(path) == STDOUT else PurePath(path).suffix
    if not suffix:
        return formats.name_for(None)
    raise OutputError(path, f"aligner {command} writes {' '.join(formats.suffixes())} files, "
                            f"not {suffix}: rename it, or give --format "
                            f"({'|'.join(formats.names())}) to write one anyway")


def refuse_inputs(path: str | os.PathLike[str] | None,
                  inputs: Sequence[str | os.PathLike[str]]) -> None:
    """Raise OutputError if ``path`` is an existing regular file that is one of ``inputs``;
    the command line calls it before any work, :func:`write_output` again when writing."""
    if path is None or str(path) == STDOUT:
        return
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return
    if regular and any(same_file(path, source) for source in inputs):
        raise OutputError(path, "is also an input: refusing to overwrite it")


def write_output(path: str | os.PathLike[str] | None, content: str | bytes, *,
                 inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Write ``content`` (str as UTF-8) to ``path``, never over one of ``inputs``.

    ``None`` or ``-`` is standard output. Raises :class:`OutputError` naming ``path`` when
    it is an input or cannot be written.
    """
    write_chunks(path, (content,), inputs=inputs)


def write_chunks(path: str | os.PathLike[str] | None, chunks: Iterable[str | bytes], *,
                 inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """:func:`write_output` of the content ``chunks`` make up, each written as it comes
    (a long alignment's beads as its windows are aligned): a regular file is still
    replaced only once the last chunk is written, and left as it was if one fails."""
    if path is None or str(path) == STDOUT or _is_own_stdout(path):
        # /dev/stdout, or the file stdout is redirected to: write the stream, which
        # appends after what it already holds (``>> log``) instead of replacing the file.
        _write_stdout(chunks)
        return
    data = (chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in chunks)
    try:
        existing = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        existing = None  # nothing there, or a dangling link: create the file it names
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({_reason(exc)})") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(path, "is a directory, not a file")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # A device or a FIFO: writing it consumes nothing, so even an "input" is not lost.
        _write_in_place(path, data)
        return
    refuse_inputs(path, inputs)
    _write_atomically(path, Path(os.path.realpath(path)), data, existing)


def _is_own_stdout(path: str | os.PathLike[str]) -> bool:
    own = _identity(STDIN, 1)  # fstat of standard output
    return own is not None and _identity(path, 1) == own


def _write_stdout(chunks: Iterable[str | bytes]) -> None:
    for content in chunks:
        if isinstance(content, bytes):
            sys.stdout.flush()  # text written before goes first
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    sys.stdout.flush()


def _write_in_place(path: str | os.PathLike[str], data: Iterable[bytes]) -> None:
    try:
        with open(path, "wb") as handle:
            for chunk in data:
                handle.write(chunk)
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({_reason(exc)})") from None


def _write_atomically(path: str | os.PathLike[str], real: Path, data: Iterable[bytes],
                      existing: os.stat_result | None) -> None:
    """Write ``data`` to a temporary file beside ``real``, then rename it onto ``real``."""
    try:
        fd, tmp = _create_temporary(real)
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({_reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                os.chmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            for chunk in data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot be written ({_reason(exc)})") from None
        raise


def _create_temporary(real: Path) -> tuple[int, str]:
    """A new hidden file beside ``real``, created with mode 0o666 so the umask decides.

    (:func:`tempfile.mkstemp` always creates 0o600, which the rename would then give to
    every output.)
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(real.with_name(f".{real.name}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
