"""The signature of a command's output (:mod:`aligner.signature`), from what the command
used: the encoder a model name gives, the learned weights, the settings.

Which weights a command's result depends on: ``align`` the alignment model's (its learned
CRF weights and the rest of :data:`aligner.alignment.LEARNED`), ``glossary`` those and the
glossary's tuned :class:`~aligner.glossary.scoring.GlossaryScoring`, ``check`` the
alignment's and the checks' learned probabilities (:mod:`aligner.check.weights` and the
priors of checks without any). An aligned file that ``align`` only converts used no model
and no weights: its signature says ``model:none``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from os import PathLike

from aligner.errors import InputError
from aligner.output import STDIN
from aligner.signature import Setting, Signature, short_hash, short_hash_of_data
from aligner.text import MAX_INPUT_BYTES, open_input

__all__ = ["glossary_hash", "signature_for", "weights_hashes"]

PathName = str | PathLike[str]

# The weights each command's result depends on; an unknown command gets all of them.
COMMAND_WEIGHTS = {"align": ("align",), "glossary": ("align", "glossary"),
                   "check": ("align", "check")}
NO_MODEL = "none"


def signature_for(command: str, inputs: Sequence[PathName] = (), *,
                  model: str | None = None, glossaries: Sequence[PathName] = (),
                  settings: Mapping[str, Setting] | None = None) -> Signature:
    """The signature of ``command`` run on ``inputs`` with ``model`` (None: the default)
    and ``settings`` (names as the options', ``_`` for ``-``); ``glossaries`` given add
    a ``glossary`` setting, the short hash of each file's bytes.

    Nothing is loaded: the encoder is made, not run (a sentence-transformers model's
    version is its Hugging Face revision or a hash of its folder's files).
    """
    from aligner.formats import is_bead_file

    converted = command == "align" and len(inputs) == 1 and is_bead_file(inputs[0])
    if converted:
        name = version = NO_MODEL
        weights: dict[str, str] = {}
    else:
        from aligner.embed import get_encoder

        encoder = get_encoder(model)
        name = encoder.name
        version = str(getattr(encoder, "version", None) or "unknown")
        weights = weights_hashes(COMMAND_WEIGHTS.get(command, ("align", "check", "glossary")))
    shown: dict[str, Setting] = dict(settings or {})
    if glossaries:
        shown["glossary"] = [glossary_hash(path) for path in glossaries]
    return Signature.make(command, model=name, model_version=version, weights=weights,
                          settings=shown)


def weights_hashes(names: Sequence[str] = ("align", "check", "glossary")) -> dict[str, str]:
    """The short hash of each set of learned or tuned weights named: ``align`` (the
    alignment model), ``check`` (the checks' probabilities), ``glossary`` (its scoring);
    each is imported only when named."""
    hashes = {}
    for name in names:
        if name == "align":
            from aligner.alignment import LEARNED

            hashes[name] = short_hash(asdict(LEARNED))
        elif name == "check":
            from aligner.check import weights as check_weights
            from aligner.check.classifier import PRIORS

            hashes[name] = short_hash({"weights": check_weights.WEIGHTS, "priors": PRIORS})
        elif name == "glossary":
            from aligner.glossary.scoring import GlossaryScoring

            hashes[name] = short_hash(asdict(GlossaryScoring()))
        else:
            raise ValueError(f"no weights called {name!r}")
    return hashes


def glossary_hash(path: PathName) -> str:
    """The short hash of a glossary file's bytes (as :func:`short_hash_of_files`); ``stdin``
    for standard input (read once, already), ``unreadable`` for a file gone since, or that
    is no longer what the command read: read as every input is (:func:`open_input`), a
    FIFO, a device or a file past the input cap is never read."""
    if str(path) == STDIN:
        return "stdin"
    try:
        with open_input(path, MAX_INPUT_BYTES) as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except (OSError, InputError):
        return "unreadable"
    return "unreadable" if len(data) > MAX_INPUT_BYTES else short_hash_of_data([data])
