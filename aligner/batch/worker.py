"""One document's work, the same under every engine: align it as ``aligner align`` would and
return the bytes of its output file. The model is loaded once per process and kept.

This module is what a worker process imports first, so it loads no numpy at import time:
the thread limits are set before any numerical library starts its thread pool.

A local worker process runs :func:`serve`: it takes documents one at a time from its pipe
and sends back each outcome. It ignores Ctrl-C (the ``aligner batch`` process that started
it stops it), and it exits on its own, within a fraction of a second, when that process is
gone (killed, say), so that no worker is ever left behind aligning for nobody.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from aligner.batch.manifest import Document
from aligner.errors import AlignerError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from aligner.embed import Encoder
    from aligner.signature import Signature

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

    def signature(self, inputs: Sequence[str | os.PathLike[str]]) -> Signature:
        """What `aligner align INPUTS` with these options signs in its output."""
        from aligner.provenance import signature_for

        return signature_for("align", inputs, model=self.model, settings={
            "presplit": self.presplit, "min_confidence": self.min_confidence})


@dataclass(frozen=True)
class Outcome:
    """A document aligned (``content``: its output file) or failed (``error``: why)."""

    id: str
    content: bytes | None
    error: str | None
    seconds: float


# How often a worker looks whether the process that started it is still there.
PARENT_CHECK_S = 0.2

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
    from threadpoolctl import threadpool_limits  # loads no numerical library itself

    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(threads)
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


def serve(tasks: Connection, results: Connection, model: str | None, threads: int,
          parent: int) -> None:
    """A local worker process's life: ``(document, options)`` from ``tasks`` one at a time,
    each :class:`Outcome` sent to ``results``; ``None`` or a closed pipe ends it."""
    with contextlib.suppress(ValueError, AttributeError):  # not the main thread; no signals
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    start_worker(model, threads)
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        document, options = task
        try:
            results.send(align_one(document, options))
        except OSError:  # the batch process is gone
            return


def watch_parent(parent: int) -> None:
    """End this process (at once, no cleanup: it writes no files) when the process
    ``parent`` is no longer its parent: it was killed or exited without stopping it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="aligner-parent-watch", daemon=True).start()


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
    return render_beads(beads, options.fmt,
                        signature=options.signature(document.inputs)).encode("utf-8")
