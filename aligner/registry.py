"""One shape for every registry of named implementations (formats, models, checks, reports).

A registry maps a name to an implementation; asking for a name it does not hold raises
:class:`~aligner.errors.UnknownNameError`, which lists the names it does hold and which the
command line reports as a usage error. Implementations that stand for files declare the
suffixes they own, so "which one for this path" is one lookup for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from pathlib import PurePath
from typing import Generic, TypeVar

from aligner.errors import UnknownNameError

T = TypeVar("T")

STDIO = "-"


class Registry(Generic[T]):
    """Named implementations of one kind, in registration order."""

    def __init__(self, kind: str, default: str | None = None) -> None:
        self.kind = kind
        self.default = default
        self._items: dict[str, T] = {}
        self._suffixes: dict[str, str] = {}

    def register(self, name: str, item: T, suffixes: tuple[str, ...] = ()) -> T:
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._items[name] = item
        for suffix in suffixes:
            self._suffixes[suffix.lower()] = name
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(self.kind, name, self._items) from None

    def __getitem__(self, name: str) -> T:
        return self.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def name_for_path(self, path: str | PathLike[str] | None) -> str | None:
        """The name whose suffixes include ``path``'s, or None (also for None and ``-``)."""
        if path is None or str(path) == STDIO:
            return None
        suffixes = [suffix.lower() for suffix in PurePath(path).suffixes]
        # The longest registered ending wins: ``terms.cat.csv`` before ``.csv``.
        for start in range(len(suffixes)):
            name = self._suffixes.get("".join(suffixes[start:]))
            if name is not None:
                return name
        return None

    def name_for(self, path: str | PathLike[str] | None) -> str:
        """The name for ``path`` by its suffix, else the registry's default."""
        name = self.name_for_path(path) or self.default
        if name is None:
            raise UnknownNameError(self.kind, PurePath(str(path)).suffix, self._suffixes)
        return name

    def suffixes(self) -> list[str]:
        return list(self._suffixes)
