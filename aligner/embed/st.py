"""Any sentence-transformers model, from a local path or the local Hugging Face cache."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from aligner.embed.base import encode_in_batches
from aligner.errors import ModelNotAvailableError
from aligner.progress import Progress


class SentenceTransformerEncoder:
    def __init__(self, name_or_path: str) -> None:
        self.name = name_or_path

    @cached_property
    def _model(self):
        # The tool never downloads: a model must be a local folder or already cached.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # Progress is aligner's to show (or not, with -q), not the model loader's.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelNotAvailableError(
                self.name, "needs the optional models extra (sentence-transformers and "
                           "torch): pip install 'aligner[models]'") from None
        try:
            return SentenceTransformer(self.name, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            hint = ("is not a sentence-transformers model folder" if Path(self.name).exists() else
                    "is not a local folder nor in the local Hugging Face cache; download it "
                    "once on a networked machine (SentenceTransformer(name).save(DIR)) and "
                    "pass --model DIR")
            raise ModelNotAvailableError(self.name, f"{hint} ({type(exc).__name__})") from None

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        model = self._model
        dimension = getattr(model, "get_embedding_dimension", None) \
            or model.get_sentence_embedding_dimension
        dim = dimension()
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)

        def batch(items: list[str]) -> np.ndarray:
            return model.encode(items, batch_size=32, convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)

        return encode_in_batches(batch, texts, dim, progress)
