"""One document's work, the same under every engine: align it as ``aligner align`` would and
return the bytes of its output file. The model is loaded once per process and kept.

This module is what a worker process imports first, so it loads no numpy at import time:
the thread limits are set before any numerical library starts its thread pool.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from aligner.batch.manifest import Document
from aligner.errors import AlignerError

if TYPE_CHECKING:
    from aligner.embed import Encoder

# Every variable by which a BLAS, OpenMP or numexpr library takes its thread count.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


@dataclass(frozen=True)
class AlignOptions:
    """The options of ``aligner align`` that a batch applies to every document."""

    fmt: str = "jsonl"
    presplit: bool = False
    model: str | None = None
    encoding: str | None = None
    min_confidence: float = 0.0

    def fingerprint(self) -> dict[str, Any]:
        """What goes into each document's input hash: every option changes the output."""
        return asdict(self)


@dataclass(frozen=True)
class Outcome:
    """A document aligned (``content``: its output file) or failed (``error``: why)."""

    id: str
    content: bytes | None
    error: str | None
    seconds: float


_encoders: dict[str | None, Encoder] = {}
_lock = threading.Lock()
_threads: int | None = None


def limit_threads(threads: int) -> None:
    """Cap this process's numerical libraries at ``threads`` threads: by the environment for
    those not loaded yet (and the default encoder, which reads ``OMP_NUM_THREADS``), by
    threadpoolctl for those already loaded."""
    global _threads
    if _threads == threads:
        return
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        pass
    else:
        threadpool_limits(threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    _threads = threads


def start_worker(model: str | None, threads: int) -> None:
    """A worker process's initializer: limit its threads, then load the model once.

    A model that fails to load is not an error here: each document then fails with the
    reason, in the report.
    """
    limit_threads(threads)
    with contextlib.suppress(Exception):
        encoder_for(model).encode(["."])


def encoder_for(model: str | None) -> Encoder:
    """This process's encoder for ``model``, made on first use."""
    with _lock:
        if model not in _encoders:
            from aligner.embed import get_encoder

            _encoders[model] = get_encoder(model)
        return _encoders[model]


def align_one(document: Document, options: AlignOptions,
              threads: int | None = None) -> Outcome:
    """Align ``document`` and render its output; any error is returned, never raised, so
    that one document never stops a batch."""
    start = time.perf_counter()
    try:
        if threads is not None:
            limit_threads(threads)
        content = _aligned(document, options)
    except AlignerError as exc:
        return Outcome(document.id, None, str(exc), time.perf_counter() - start)
    except MemoryError:
        return Outcome(document.id, None, "out of memory", time.perf_counter() - start)
    except Exception as exc:  # a bug met on one document fails that document
        return Outcome(document.id, None, f"internal error: {type(exc).__name__}: {exc}",
                       time.perf_counter() - start)
    return Outcome(document.id, content, None, time.perf_counter() - start)


def _aligned(document: Document, options: AlignOptions) -> bytes:
    from aligner.formats import is_bead_file, render_beads
    from aligner.pipeline import align

    # An aligned file is read back, not aligned: it needs no model.
    bead_file = len(document.inputs) == 1 and is_bead_file(document.inputs[0])
    alignment = align(*document.inputs, presplit=options.presplit, model=options.model,
                      encoder=None if bead_file else encoder_for(options.model),
                      encoding=options.encoding)
    # As `aligner align --min-confidence`: beads without a similarity (read from another
    # tool's file) carry no confidence and are kept.
    beads = [bead for bead in alignment.beads
             if bead.similarity is None or bead.score >= options.min_confidence]
    from aligner.provenance import signature_for  # the signature `aligner align` writes

    signature = signature_for("align", document.inputs, model=options.model, settings={
        "presplit": options.presplit, "min_confidence": options.min_confidence})
    return render_beads(beads, options.fmt, signature=signature).encode("utf-8")
