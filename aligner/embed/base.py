"""The one interface every embedding model is used through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from aligner.progress import Progress

# Sentences per call into the model: large enough to keep the matrix work
# efficient, small enough for the progress bar to move.
BATCH = 256


Span = tuple[int, int]


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


def encode_spans_as_texts(encoder: Encoder, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                          progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of ``texts`` and of their ``spans``, each span of a text of more than one
    embedded as a text of its own (in the same call); a text of one span is its own span.
    Rows: one per text, and one per span in order of texts then spans."""
    pieces = [text[a:b] for text, text_spans in zip(texts, spans, strict=True)
              if len(text_spans) > 1 for a, b in text_spans]
    every = list(texts) + pieces
    shown = None if progress is None else \
        (lambda done, _: progress(done * len(texts) // max(len(every), 1), len(texts)))
    vectors = encoder.encode(every, progress=shown)
    out = np.empty((sum(len(s) for s in spans), vectors.shape[1]), dtype=np.float32)
    row, piece = 0, len(texts)
    for k, text_spans in enumerate(spans):
        if len(text_spans) == 1:
            out[row] = vectors[k]
        else:
            out[row:row + len(text_spans)] = vectors[piece:piece + len(text_spans)]
            piece += len(text_spans)
        row += len(text_spans)
    return vectors[:len(texts)], out
