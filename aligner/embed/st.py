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
from aligner.signature import short_hash_of_files


class SentenceTransformerEncoder:
    def __init__(self, name_or_path: str) -> None:
        self.name = name_or_path

    @cached_property
    def version(self) -> str:
        """Which weights the name stands for, found without loading them: the Hugging Face
        revision of a cached model (``revision=1a2b3c4d5e6f``) or a hash of a folder's files
        (``files=3f2a9c1e``), with the sentence-transformers release that runs it."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            library = f"sentence-transformers=={version('sentence-transformers')}"
        except PackageNotFoundError:
            library = "sentence-transformers (not installed)"
        return f"{_weights_version(self.name)},{library}"

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


# A folder's files are hashed whole up to this size, larger ones (the weights) by their size,
# head and tail: retrained weights differ there, and a 2 GB model is not read at each run.
_WHOLE_FILE = 1 << 20


def _weights_version(name: str) -> str:
    """``revision=…`` for a model in the Hugging Face cache (or a folder of one of its
    snapshots), ``files=…`` for another folder, ``unknown`` where the name finds neither."""
    path = Path(name)
    if path.is_dir():
        resolved = path.resolve()
        if resolved.parent.name == "snapshots":
            return f"revision={resolved.name[:12]}"
        return f"files={_folder_hash(resolved)}"
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return "unknown"
    for repo in (name, f"sentence-transformers/{name}") if "/" not in name else (name,):
        try:
            found = try_to_load_from_cache(repo, "modules.json")
        except ValueError:  # not a valid repository id
            return "unknown"
        if isinstance(found, str):
            return f"revision={Path(found).parent.name[:12]}"
    return "unknown"


def _folder_hash(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return short_hash_of_files(files, names_under=folder, sampled_over=_WHOLE_FILE)
