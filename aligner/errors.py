"""Errors that the command line turns into one line on stderr and exit code 2.

- :class:`InputError`: an input file is missing, unreadable or not what it claims to be.
- :class:`OutputError`: an output cannot be written, or would destroy an input.
- :class:`UsageError`: the call itself is wrong (three inputs, ``--presplit`` with one file);
  :class:`UnknownNameError`, a registry (formats, checks, reports) has no such name, is one.
  The command line reports both as click usage errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike


class AlignerError(Exception):
    """Something the user can fix; ``path`` names the file concerned, if any."""

    def __init__(self, path: str | PathLike[str] | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class InputError(AlignerError):
    """Bad input: names the file (or ``-`` for stdin) and what is wrong with it."""


class ModelNotAvailableError(InputError):
    """An embedding model that is not installed or not in the local cache."""


class OutputError(AlignerError):
    """An output that cannot be written, or whose writing would overwrite an input."""


class UsageError(AlignerError):
    """A call that cannot be right whatever the files hold."""


class UnknownNameError(UsageError, ValueError):
    """A name that a registry does not hold; the message lists the names it does."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name, self.known = kind, name, tuple(known)
        super().__init__(None, f"unknown {kind} {name!r} (known: {', '.join(self.known)})")
