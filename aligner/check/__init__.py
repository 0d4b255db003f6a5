"""Checking a translation: terms, numbers and content of the English against the Chinese.

``check_alignment(alignment, glossary)`` runs the checks named in :data:`CHECKS` and
returns :class:`Finding` records; :func:`render_report` turns them into text, json or
html. The whole job from input files is :func:`aligner.pipeline.check_files`.
"""

from __future__ import annotations

from aligner.check.checks import (
    CHECKS,
    DEFAULT_LOW_SCORE,
    DEFAULT_MIN_CONFIDENCE,
    Check,
    CheckContext,
    check_alignment,
    check_beads,
)
from aligner.check.classifier import DEFAULT_THRESHOLD
from aligner.check.findings import Finding
from aligner.check.report import REPORTS, Report, render_report, summary, terminal_safe

__all__ = ["CHECKS", "DEFAULT_LOW_SCORE", "DEFAULT_MIN_CONFIDENCE", "DEFAULT_THRESHOLD",
           "REPORTS", "Check",
           "CheckContext", "Finding", "Report", "check_alignment", "check_beads",
           "render_report", "summary", "terminal_safe"]
