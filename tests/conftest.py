"""Shared fixtures: the default encoder is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"


@pytest.fixture(scope="session")
def encoder():
    from aligner.embed import get_encoder

    return get_encoder()


@pytest.fixture(scope="session")
def seed_beads(encoder):
    from aligner import align

    return align(SEED, encoder=encoder)
