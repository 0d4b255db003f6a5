"""Shared fixtures: the default encoder is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"
# The seed readout's two sides, one paragraph a line (tests/fixtures/check).
READOUT = ROOT / "tests" / "fixtures" / "check"


def readout_paragraphs() -> tuple[list[str], list[str]]:
    """The readout's Chinese and English paragraphs."""
    return tuple((READOUT / f"readout.{lang}.txt").read_text(encoding="utf-8").strip().split("\n")
                 for lang in ("zh", "en"))  # type: ignore[return-value]


@pytest.fixture(scope="session")
def encoder():
    from aligner.embed import get_encoder

    return get_encoder()


@pytest.fixture(scope="session")
def seed_beads(encoder):
    from aligner import align

    return align(SEED, encoder=encoder)
