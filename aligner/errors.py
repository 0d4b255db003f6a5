"""Errors that the command line turns into one line on stderr and exit code 2."""

from __future__ import annotations

from os import PathLike


class InputError(Exception):
    """Bad input: names the file (or ``-`` for stdin) and what is wrong with it."""

    def __init__(self, path: str | PathLike[str] | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class ModelNotAvailableError(InputError):
    """An embedding model that is not installed or not in the local cache."""
