"""``aligner batch``: align every document of a manifest or directory into one folder."""

from __future__ import annotations

import sys

import click

from aligner.batch.engines import ENGINES
from aligner.batch.run import run_batch
from aligner.cli.common import input_options, progress_bar, quiet_option, reports_input_errors
from aligner.formats import FORMATS

EXIT_ALL_DONE = 0
EXIT_SOME_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command that Ctrl-C stopped


@click.command("batch")
@click.argument("source", metavar="MANIFEST|DIR")
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              help="Folder for ID.jsonl (or --format) per document and batch-report.jsonl.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="jsonl",
              show_default=True, help="Format of each document's output.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, metavar="X",
              help="Leave out beads whose confidence is below X, as `aligner align` does.")
@click.option("--engine", type=click.Choice(ENGINES.names()), default="local",
              show_default=True,
              help="local: processes on this machine; dask: a Dask cluster (--scheduler); "
                   "serial: this process.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="local: worker processes [default: one per core].")
@click.option("--threads", type=click.IntRange(min=1), default=None, metavar="N",
              help="BLAS threads per worker [default: cores / workers; dask: 1]. "
                   "Workers × threads may not exceed the cores.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="dask: the scheduler's address, e.g. tcp://10.0.0.5:8786.")
@click.option("--merged-tmx", default=None, metavar="FILE",
              help="Also write one TMX of every finished document, in manifest order.")
@click.option("--corpus-glossary", default=None, metavar="FILE",
              help="Also write the glossary of the whole corpus (tsv, csv or tbx by suffix).")
@input_options
@quiet_option
@reports_input_errors
def batch_command(source: str, outdir: str, fmt: str, min_confidence: float, engine: str,
                  workers: int | None, threads: int | None, scheduler: str | None,
                  merged_tmx: str | None, corpus_glossary: str | None, presplit: bool,
                  model: str | None, encoding: str | None, quiet: bool) -> None:
    """Align each document that MANIFEST (tsv or jsonl) or DIR lists into OUTDIR/ID.jsonl.

    \b
    MANIFEST lines: ID<TAB>DOCUMENT or ID<TAB>ZH<TAB>EN (tsv);
    {"id": .., "document": ..} or {"id": .., "zh": .., "en": ..} (jsonl).
    DIR: zh/NAME with en/NAME; NAME.zh.EXT with NAME.en.EXT; any other file is one
    mixed document.

    A rerun skips documents already aligned from the same input with the same options,
    so a batch stopped by Ctrl-C is finished by running the same command again.
    Exit status: 0 all aligned, 1 some documents failed (see OUTDIR/batch-report.jsonl),
    2 bad manifest or usage, 130 interrupted.
    """
    try:
        with progress_bar("Documents", quiet) as progress:
            result = run_batch(source, outdir, fmt=fmt, presplit=presplit, model=model,
                               encoding=encoding, min_confidence=min_confidence,
                               engine=engine, workers=workers, threads=threads,
                               scheduler=scheduler, merged_tmx=merged_tmx,
                               corpus_glossary=corpus_glossary, progress=progress)
    except KeyboardInterrupt:
        click.echo("aligner: interrupted; the documents finished so far are kept, run the "
                   "same command again to align the rest", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for record in result.failed:
        click.echo(f"aligner: {record.id}: {record.error}", err=True)
    if not quiet or result.failed:
        click.echo(f"aligner: {result.count('ok')} aligned, {result.count('skipped')} "
                   f"already done, {len(result.failed)} failed (report: {result.report})",
                   err=True)
    sys.exit(EXIT_SOME_FAILED if result.failed else EXIT_ALL_DONE)
