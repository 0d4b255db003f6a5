"""The one interface every embedding model is used through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from aligner.progress import Progress

# Sentences per call into the model: large enough to keep the matrix work
# efficient, small enough for the progress bar to move.
BATCH = 256


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """L2-normalised float32 matrix, one row per text."""
        ...


def normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def encode_in_batches(encode_batch, texts: Sequence[str], dim: int,
                      progress: Progress | None) -> np.ndarray:
    out = np.empty((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        batch = list(texts[start:start + BATCH])
        out[start:start + len(batch)] = encode_batch(batch)
        if progress:
            progress(start + len(batch), len(texts))
    return normalise(out)
