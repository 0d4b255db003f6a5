"""Many documents at once: ``run_batch`` aligns every document of a manifest or directory
into one folder, resumably, on this machine's cores or on a Dask cluster.

- :mod:`~aligner.batch.manifest`: the documents (tsv/jsonl manifest, directory rules);
- :mod:`~aligner.batch.state`: input hashes and the report that makes reruns skip work;
- :mod:`~aligner.batch.worker`: one document's work, the same under every engine;
- :mod:`~aligner.batch.engines`: where the work runs (serial, local processes, Dask);
- :mod:`~aligner.batch.run`: :func:`run_batch`, used by ``aligner batch``.

Nothing heavy is imported here: a worker process imports this package before it sets
its thread limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aligner.batch.run import BatchResult, run_batch

__all__ = ["BatchResult", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from aligner.batch import run

        return getattr(run, name)
    raise AttributeError(f"module 'aligner.batch' has no attribute {name!r}")
