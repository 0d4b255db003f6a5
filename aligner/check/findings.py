"""What a check reports: one problem, tied to the bead where it occurs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    """One problem in one bead.

    ``bead`` counts beads from 1 as a translator reads them. ``zh_spans`` and ``en_spans``
    are character ranges in ``zh`` and ``en`` for reports to highlight; they are not part of
    the json record, whose keys are those of :meth:`to_dict`. ``evidence`` is what the
    check measured (named features), ``probability`` how likely the finding is a real error
    given that evidence (:mod:`aligner.check.classifier`), and ``suggestion`` a fix to
    consider (the re-alignment of a shifted segment).
    """

    check: str
    bead: int
    zh: str
    en: str
    message: str
    zh_term: str | None = None
    expected: tuple[str, ...] = ()
    found: str | None = None
    zh_spans: tuple[Span, ...] = ()
    en_spans: tuple[Span, ...] = ()
    probability: float = 1.0
    evidence: tuple[tuple[str, float], ...] = ()
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "bead": self.bead, "zh": self.zh, "en": self.en,
                "zh_term": self.zh_term, "expected": list(self.expected),
                "found": self.found, "message": self.message,
                "probability": round(self.probability, 3), "suggestion": self.suggestion}
