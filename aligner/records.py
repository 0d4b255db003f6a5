"""The small typed records that flow between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One segment of text; ``index`` counts sentences within its block."""

    text: str
    lang: str
    index: int
    paragraph: int = 0


@dataclass(frozen=True)
class Bead:
    """A minimal group of sentences that translate each other.

    ``zh`` is the source side (Chinese for the product's main use, any language for
    other pairs) and ``en`` the target side. Ids index sentences within ``block``;
    a side with no ids is an omission (1-0) or addition (0-1).
    """

    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh: str
    en: str
    score: float
    block: int = 0

    @property
    def type(self) -> str:
        return f"{len(self.zh_ids)}-{len(self.en_ids)}"


@dataclass(frozen=True)
class Term:
    """A glossary entry: one Chinese term and its accepted English renderings."""

    zh: str
    en: str
    alternates: tuple[str, ...] = ()
    score: float = 1.0
    count: int = 0
    example: str = ""
    curated: bool = False
    forbidden: tuple[str, ...] = field(default=())

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.alternates)
