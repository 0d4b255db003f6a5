"""Sentence embeddings behind one interface; models are named in a small registry."""

from __future__ import annotations

from collections.abc import Callable

from aligner.embed.base import Encoder, normalise
from aligner.registry import Registry

__all__ = ["DEFAULT_MODEL", "MODELS", "Encoder", "get_encoder", "normalise"]

DEFAULT_MODEL = "use-multilingual"


def _use() -> Encoder:
    from aligner.embed.use import UseEncoder

    return UseEncoder()


# Built-in models by name; any other name is a sentence-transformers model (a local folder
# or the local Hugging Face cache), so an unknown name is not an error here.
MODELS: Registry[Callable[[], Encoder]] = Registry("model")
MODELS.register(DEFAULT_MODEL, _use)
MODELS.register("usem3", _use)


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder for a registered name, else a sentence-transformers model by name or path.

    Nothing is loaded until the first ``encode`` call.
    """
    name = name or DEFAULT_MODEL
    if name in MODELS:
        return MODELS.get(name)()
    from aligner.embed.st import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name)
