"""Where a batch's documents are aligned: a small registry of engines.

Every engine runs :func:`~aligner.batch.worker.align_one` on each document and yields its
:class:`~aligner.batch.worker.Outcome` as it ends, in any order; the caller writes outputs
and the report, so an engine only computes.

- ``serial``: in this process, one document after another.
- ``local``: a process pool on this machine (``concurrent.futures``, spawned processes).
  Each worker limits its BLAS/OpenMP threads, then loads the model once; workers × threads
  is never more than the cores this process may use.
- ``dask``: an existing Dask distributed cluster (``--scheduler ADDRESS``), with the
  optional extra ``aligner[cluster]``. Each task caps its threads (1 by default; Dask's
  nanny also starts workers with ``OMP_NUM_THREADS=1``); the model is loaded once per
  worker process, on its first document. Workers read the inputs by their paths (a shared
  file system, as on any cluster that runs file jobs); the outputs come back to this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from aligner.batch.manifest import Document
from aligner.batch.worker import AlignOptions, Outcome, align_one, start_worker
from aligner.errors import InputError, UsageError
from aligner.registry import Registry

CLUSTER_EXTRA = "pip install 'aligner[cluster]'"
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class EngineSettings:
    """How many processes and threads, and where the cluster is."""

    workers: int | None = None  # local: processes (default: one per core)
    threads: int | None = None  # BLAS threads per worker (default: cores // workers; dask 1)
    scheduler: str | None = None  # dask: the scheduler's address


Engine = Callable[[Sequence[Document], AlignOptions, EngineSettings], Iterator[Outcome]]

ENGINES: Registry[Engine] = Registry("engine", default="local")


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def local_shape(settings: EngineSettings, documents: int) -> tuple[int, int]:
    """(workers, threads per worker) for the local engine; more threads in all than cores
    is a UsageError."""
    available = cores()
    workers, threads = settings.workers, settings.threads
    if (workers is not None and workers < 1) or (threads is not None and threads < 1):
        raise UsageError(None, "--workers and --threads must be at least 1")
    if workers is None:
        workers = max(1, available // (threads or 1))
    if threads is None:
        threads = max(1, available // workers)
    if workers * threads > available:
        raise UsageError(None, f"{workers} workers × {threads} threads = {workers * threads} "
                               f"threads, more than the {available} cores here")
    workers = max(1, min(workers, documents))
    if settings.threads is None:
        threads = max(1, available // workers)
    return workers, threads


def _serial(documents: Sequence[Document], options: AlignOptions,
            settings: EngineSettings) -> Iterator[Outcome]:
    for document in documents:
        yield align_one(document, options)


def _local(documents: Sequence[Document], options: AlignOptions,
           settings: EngineSettings) -> Iterator[Outcome]:
    workers, threads = local_shape(settings, len(documents))
    return _pool_outcomes(documents, options, workers, threads)


def _pool_outcomes(documents: Sequence[Document], options: AlignOptions, workers: int,
                   threads: int) -> Iterator[Outcome]:
    if not documents:
        return
    # Spawned, not forked: a worker imports numpy after its thread limits are set, and
    # inherits no lock or thread pool state from this process.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start_worker, initargs=(options.model, threads))
    futures: dict[Future[Outcome], Document] = {}
    try:
        for document in documents:
            futures[pool.submit(align_one, document, options)] = document
        for future in as_completed(futures):
            yield _outcome(future, futures[future])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(documents: Sequence[Document], options: AlignOptions,
          settings: EngineSettings) -> Iterator[Outcome]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(None, "--engine dask needs Dask distributed, the optional extra: "
                               f"{CLUSTER_EXTRA}") from None
    if not settings.scheduler:
        raise UsageError(None, "--engine dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    if settings.threads is not None and settings.threads < 1:
        raise UsageError(None, "--threads must be at least 1")
    if settings.workers is not None:
        raise UsageError(None, "--workers is for --engine local: a Dask cluster has the "
                               "workers it was started with")
    try:
        client = Client(settings.scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise InputError(settings.scheduler, f"no Dask scheduler answers there ({exc})") from None
    return _dask_outcomes(client, documents, options, settings.threads or 1)


def _dask_outcomes(client: Any, documents: Sequence[Document], options: AlignOptions,
                   threads: int) -> Iterator[Outcome]:
    from distributed import as_completed as dask_completed

    futures = {}
    try:
        for document in documents:
            futures[client.submit(align_one, document, options, threads, pure=False)] = document
        for future in dask_completed(futures):
            yield _outcome(future, futures[future])
    finally:
        if futures:
            client.cancel(list(futures))
        client.close()


def _outcome(future: Future[Outcome], document: Document) -> Outcome:
    """The future's outcome; a worker that died (out of memory, killed) fails its document."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool, KilledWorker, ...
        reason = " ".join(str(exc).split())
        return Outcome(document.id, None,
                       f"the worker aligning it stopped ({type(exc).__name__}: {reason})", 0.0)


ENGINES.register("local", _local)
ENGINES.register("serial", _serial)
ENGINES.register("dask", _dask)
