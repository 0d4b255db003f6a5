"""Checking a translation: terms, numbers and content of the English against the Chinese.

``check_beads(beads, glossary)`` runs the checks named in :data:`CHECKS` and returns
:class:`Finding` records; :func:`render_report` turns them into text, json or html.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aligner.check.checks import CHECKS, DEFAULT_LOW_SCORE, Check, CheckContext, check_beads
from aligner.check.findings import Finding
from aligner.check.report import REPORTS, Report, render_report, summary
from aligner.glossary import read_glossary
from aligner.records import Term

__all__ = ["CHECKS", "DEFAULT_LOW_SCORE", "REPORTS", "Check", "CheckContext", "Finding",
           "Report", "check_beads", "load_glossaries", "render_report", "summary"]


def load_glossaries(paths: Sequence[str | Path], encoding: str | None = None) -> list[Term]:
    """The entries of every glossary file, in order; a bad or empty file raises InputError."""
    terms: list[Term] = []
    for path in paths:
        terms.extend(read_glossary(path, encoding=encoding))
    return terms
