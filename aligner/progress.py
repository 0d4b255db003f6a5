"""Progress reporting: the library calls a plain callback, the command line draws the bar."""

from __future__ import annotations

from collections.abc import Callable

# Called with (items done, items in total) as long work advances.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    return None
