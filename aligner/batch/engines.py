"""Where a batch's documents are aligned: a small registry of engines.

Every engine runs :func:`~aligner.batch.worker.align_one` on each document and yields its
:class:`~aligner.batch.worker.Outcome` as it ends, in any order; the caller writes outputs
and the report, so an engine only computes. Documents are sent with absolute paths, so a
worker whose working directory is another (a Dask worker, always) opens the same files.

- ``serial``: in this process, one document after another.
- ``local``: worker processes on this machine (spawned, each fed one document at a time
  through a pipe). Each worker limits its BLAS/OpenMP threads, then loads the model once;
  workers × threads is never more than the cores this process may use.
- ``dask``: an existing Dask distributed cluster (``--scheduler ADDRESS``), with the
  optional extra ``aligner[cluster]``. Each task caps its threads (1 by default; Dask's
  nanny also starts workers with ``OMP_NUM_THREADS=1``); the model is loaded once per
  worker process, on its first document. Workers read the inputs by their paths (a shared
  file system, as on any cluster that runs file jobs); the outputs come back to this process.

Ctrl-C: this process never blocks for longer than :data:`POLL_S` at a time while it waits
for outcomes, so an interrupt is acted on at once (whichever thread the signal lands on).
The local workers ignore it; the generator's cleanup kills them (the documents they were
aligning are lost, a rerun aligns them), and they end by themselves when this process is
killed. Dask tasks are cancelled.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from aligner.batch.manifest import Document, absolute_document
from aligner.batch.worker import AlignOptions, Outcome, align_one, serve
from aligner.errors import InputError, UsageError
from aligner.registry import Registry

CLUSTER_EXTRA = "pip install 'aligner[cluster]'"
CONNECT_TIMEOUT_S = 10
# The longest this process blocks while waiting for an outcome (an interrupt is seen then).
POLL_S = 0.2
# How long finished workers get to exit by themselves before they are killed.
STOP_WAIT_S = 2.0


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
    """Each document on a worker process of this machine, one at a time per worker.

    A worker that dies (out of memory, killed) fails the document it had, and another
    takes its place for the rest. However this generator ends (all done, an error, Ctrl-C,
    closed early), no worker is left when it returns: asked to stop when the batch is done,
    killed at once otherwise.
    """
    pending = deque(absolute_document(document) for document in documents)
    pool = _Pool(options, threads)
    try:
        for _ in range(min(workers, len(pending))):
            pool.give(pool.start(), pending.popleft())
        while pool.busy():
            for worker, outcome in pool.finished(POLL_S):
                if pending:  # the next document first: the worker aligns while we write
                    pool.give(worker if worker.alive() else pool.start(), pending.popleft())
                yield outcome
        pool.stop()
    finally:
        pool.kill()


@dataclass
class _Worker:
    """A worker process, this process's ends of its two pipes, and the document it has."""

    process: BaseProcess
    tasks: Connection
    results: Connection
    document: Document | None = None

    def alive(self) -> bool:
        return not self.tasks.closed and self.process.is_alive()

    def close(self) -> None:
        self.tasks.close()
        self.results.close()


class _Pool:
    """Spawned worker processes running :func:`~aligner.batch.worker.serve`, each with a
    pipe for documents and one for outcomes. Spawned, not forked: a worker imports numpy
    after its thread limits are set, and inherits no lock or thread state from here."""

    def __init__(self, options: AlignOptions, threads: int) -> None:
        self.options, self.threads = options, threads
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.document is not None]

    def start(self) -> _Worker:
        task_reader, task_writer = self.context.Pipe(duplex=False)
        result_reader, result_writer = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=serve, name="aligner-batch-worker", daemon=True,
            args=(task_reader, result_writer, self.options.model, self.threads, os.getpid()))
        worker = _Worker(process, task_writer, result_reader)
        self.workers.append(worker)
        with _sigint_blocked():  # Ctrl-C in the terminal never reaches a starting worker
            process.start()
        # The worker holds the other ends alone now: its death is an end of file here.
        task_reader.close()
        result_writer.close()
        return worker

    def give(self, worker: _Worker, document: Document) -> None:
        worker.document = document
        with contextlib.suppress(OSError):  # it died: finished() fails the document
            worker.tasks.send((document, self.options))

    def finished(self, timeout: float) -> list[tuple[_Worker, Outcome]]:
        """The workers whose document ended within ``timeout`` seconds, and its outcome."""
        busy = self.busy()
        ready = set(wait([worker.results for worker in busy]
                         + [worker.process.sentinel for worker in busy], timeout))
        ended = []
        for worker in busy:
            if worker.results not in ready and worker.process.sentinel not in ready:
                continue
            document = worker.document
            assert document is not None
            worker.document = None
            try:
                outcome = worker.results.recv()
            except (EOFError, OSError):  # it died before or while sending the outcome
                worker.process.kill()
                worker.process.join()
                worker.close()
                self.workers.remove(worker)
                outcome = _stopped(document, f"exit code {worker.process.exitcode}")
            ended.append((worker, outcome))
        return ended

    def stop(self) -> None:
        """The batch is done: each worker is told to end, and given a moment to."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.tasks.send(None)
        for worker in self.workers:
            worker.process.join(STOP_WAIT_S)

    def kill(self) -> None:
        """Every worker still running is killed and waited for, every pipe closed."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self.workers:
            worker.process.join()
            worker.close()
        self.workers.clear()


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread meanwhile. A process started meanwhile inherits the
    block, so a Ctrl-C in the terminal (which signals the whole process group) never stops
    a worker half started; one that comes meanwhile is delivered here when it ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process group signal
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
    futures: dict[Any, Document] = {}
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    try:
        for document in map(absolute_document, documents):
            future = client.submit(align_one, document, options, threads, pure=False)
            futures[future] = document
            future.add_done_callback(done.put)
        for _ in range(len(futures)):
            # Never blocked for long: Ctrl-C lands on whichever thread it may.
            while True:
                try:
                    future = done.get(timeout=POLL_S)
                    break
                except queue.Empty:
                    continue
            yield _outcome(future, futures[future])
    finally:
        if futures:
            client.cancel(list(futures))
        client.close()


def _outcome(future: Any, document: Document) -> Outcome:
    """The future's outcome; a worker that died (out of memory, killed) fails its document."""
    try:
        return future.result()  # type: ignore[no-any-return]
    except Exception as exc:  # KilledWorker, ...
        return _stopped(document, f"{type(exc).__name__}: {exc}")


def _stopped(document: Document, reason: str) -> Outcome:
    reason = " ".join(reason.split())
    return Outcome(document.id, None, f"the worker aligning it stopped ({reason})", 0.0)


ENGINES.register("local", _local)
ENGINES.register("serial", _serial)
ENGINES.register("dask", _dask)
