"""``aligner glossary``: the recurring terms of a parallel text and their renderings."""

from __future__ import annotations

import click

from aligner.cli.common import (
    input_options,
    output_options,
    progress_bar,
    quiet_option,
    reports_input_errors,
)
from aligner.formats import GLOSSARY_FORMATS, write_glossary
from aligner.output import refuse_inputs
from aligner.pipeline import glossary_for


@click.command("glossary")
@click.argument("inputs", nargs=-1, required=True, metavar="DOCUMENT | ZH EN | ALIGNED")
@output_options(GLOSSARY_FORMATS.names())
@click.option("--glossary", "curated", default=None, metavar="CURATED",
              help="A curated glossary (tsv, csv or tbx) merged in; its entries win.")
@click.option("--min-count", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep terms seen at least N times (default: 1 in short texts, else 2).")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep only the N best entries.")
@input_options
@quiet_option
@reports_input_errors
def glossary_command(inputs: tuple[str, ...], output: str | None, fmt: str | None,
                     curated: str | None, min_count: int | None, top: int | None,
                     presplit: bool, model: str | None, encoding: str | None,
                     quiet: bool) -> None:
    """Build the glossary of a mixed Chinese/English DOCUMENT, a ZH and an EN file, or the
    tsv, jsonl or tmx that `aligner align` wrote.

    Output columns: zh, en, score, count, alternates (separated by |), example.
    """
    sources = [*inputs, *([curated] if curated is not None else [])]
    refuse_inputs(output, sources)
    with progress_bar("Embedding", quiet) as progress:
        terms = glossary_for(inputs, curated=curated, min_count=min_count, top=top,
                             presplit=presplit, model=model, encoding=encoding,
                             progress=progress)
    if not terms:
        click.echo(f"aligner: {' '.join(inputs)}: no glossary terms found (too little "
                   "parallel text?); the glossary is empty", err=True)
    write_glossary(terms, output, fmt, inputs=sources)
