"""What a batch remembers between runs: one report line per document, with hashes.

``OUTDIR/batch-report.jsonl`` has one JSON object a line: ``id``, ``status`` (``ok``,
``skipped`` or ``failed``), ``error``, ``seconds``, ``output`` (the file name in OUTDIR),
``input_sha256`` (the input bytes and every option that changes the output, see
:func:`input_hash`) and ``output_sha256``. A document is finished, and skipped on the next
run, when its last line is ``ok`` or ``skipped``, its input hash is unchanged and its output
file still has the recorded hash.

The output is renamed into place before its report line is appended, so a run killed
between the two (a window of one write) leaves a document that is aligned again; a run
killed anywhere else loses no finished document. A torn last line is ignored on reading.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from aligner._version import __version__
from aligner.batch.manifest import REPORT_STEM, Document
from aligner.documents import size_limit
from aligner.errors import InputError, OutputError
from aligner.output import write_output
from aligner.text import open_input

REPORT_NAME = f"{REPORT_STEM}.jsonl"
LOCK_NAME = ".batch.lock"

OK, SKIPPED, FAILED = "ok", "skipped", "failed"


@dataclass(frozen=True)
class Record:
    """One document's line in the batch report."""

    id: str
    status: str
    error: str | None = None
    seconds: float = 0.0
    output: str | None = None
    input_sha256: str | None = None
    output_sha256: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def input_hash(document: Document, options: dict[str, Any]) -> str:
    """sha256 of the document's input bytes (in order, each with its length) and of the
    options and program version that decide its output. Raises OSError for a missing or
    unreadable input, and for one that aligning would refuse unread (a device such as
    ``/dev/zero``, a FIFO, a socket, a file over :func:`~aligner.documents.size_limit`):
    hashing reads no further than aligning would, so such a document fails at once, with
    its reason, instead of the batch hashing it for ever before aligning any."""
    digest = hashlib.sha256()
    header = {"version": __version__, "options": options, "inputs": len(document.inputs)}
    digest.update(json.dumps(header, sort_keys=True).encode("utf-8"))
    for path in document.inputs:
        size = 0
        part = hashlib.sha256()
        limit = size_limit(path)
        try:
            handle = open_input(path, limit)
        except InputError as exc:
            raise OSError(errno.EINVAL, exc.problem, path) from None
        with handle:
            while (chunk := handle.read(1 << 20)) and size <= limit:
                part.update(chunk)
                size += len(chunk)
        if size > limit:  # grew past the limit since it was opened
            raise OSError(errno.EFBIG, f"holds more than {limit >> 20} MB", path)
        digest.update(f"\n{size}\n".encode())
        digest.update(part.digest())
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """sha256 of a file's bytes, or None if it cannot be read."""
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return None


def read_report(path: Path) -> dict[str, Record]:
    """Each document's last line in an earlier report; unreadable lines are passed over."""
    records: dict[str, Record] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return records
    for line in lines:
        try:
            record = Record(**json.loads(line))
        except (ValueError, TypeError):
            continue
        records[record.id] = record
    return records


def is_finished(previous: Record | None, new_hash: str, outdir: Path) -> bool:
    """Whether ``previous`` is a finished alignment of the same input whose output is intact."""
    if previous is None or previous.status not in (OK, SKIPPED) or not previous.output:
        return False
    if previous.input_sha256 != new_hash:
        return False
    return file_hash(outdir / previous.output) == previous.output_sha256


class Report:
    """The report of this run: written anew with the finished documents, then one line
    appended (and flushed) as each further document ends."""

    def __init__(self, path: Path, skipped: Iterable[Record]) -> None:
        self.path = path
        write_output(path, "".join(record.to_json() + "\n" for record in skipped))
        self._handle: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115

    def add(self, record: Record) -> None:
        self._handle.write(record.to_json() + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


@contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold OUTDIR for this run: a second batch writing the same folder is refused."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock
        yield
        return
    path = outdir / LOCK_NAME
    try:
        handle = open(path, "a")  # noqa: SIM115
    except OSError as exc:
        raise OutputError(outdir, f"cannot be written ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(outdir, "another aligner batch is writing here") from None
        yield
    finally:
        handle.close()


def output_identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(device, inode) of an existing file, links followed; None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino
