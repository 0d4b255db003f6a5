"""Writing results: to stdout, or atomically to a file so no half-written output is left."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from aligner.errors import InputError

STDOUT = "-"


def write_output(path: str | Path | None, content: str | bytes) -> None:
    """Write ``content`` to ``path`` via a temporary file and a rename; None or ``-`` is stdout."""
    if path is None or str(path) == STDOUT:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
        return
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(path, f"cannot be written ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot be written ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
