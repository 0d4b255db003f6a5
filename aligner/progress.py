"""Progress reporting: the library calls a plain callback, the command line draws the bar.

A callback counts (items done, items in total) of one piece of work. Long work has several
stages (segmenting, embedding, aligning, building a glossary); a callback that can show
them (:class:`Staged`, as the command line's bar is) hands out one callback per stage, and
the library asks for it with :func:`stage`. Any other callback just counts every stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

# Called with (items done, items in total) as long work advances.
Progress = Callable[[int, int], None]


@runtime_checkable
class Staged(Protocol):
    """A progress callback that can name the stage of the work it counts."""

    def __call__(self, done: int, total: int) -> None: ...

    def stage(self, name: str) -> Progress: ...


def no_progress(done: int, total: int) -> None:
    return None


def stage(progress: Progress | None, name: str) -> Progress | None:
    """The callback counting the stage ``name`` of the work ``progress`` follows."""
    if isinstance(progress, Staged):
        return progress.stage(name)
    return progress


@contextmanager
def step(progress: Progress | None, name: str) -> Iterator[None]:
    """A stage of one step (reading, pairing paragraphs): shown while it runs."""
    counting = stage(progress, name)
    if counting is not None:
        counting(0, 1)
    yield
    if counting is not None:
        counting(1, 1)
