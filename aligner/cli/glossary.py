"""``aligner glossary``: the terms of a parallel text or corpus and their renderings."""

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
from aligner.output import output_format, refuse_inputs
from aligner.pipeline import glossary_for
from aligner.provenance import signature_for


@click.command("glossary")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@output_options(GLOSSARY_FORMATS.names())
@click.option("--glossary", "curated", default=None, metavar="CURATED",
              help="A curated glossary (tsv, csv or tbx) merged in; its entries win.")
@click.option("--keep-unused", is_flag=True,
              help="Keep curated entries that never occur in the text.")
@click.option("--min-count", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep terms seen at least N times (default: 1 in short texts, else 2; "
                   "names 1).")
@click.option("--min-consistency", type=click.FloatRange(0.0, 1.0), default=0.0,
              metavar="X", help="Keep entries whose rendering is in at least this share of "
                                "the term's beads.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep only the N best entries.")
@click.option("--no-user-dictionary", is_flag=True,
              help="Do not keep the shipped glossaries' terms whole when splitting words.")
@input_options
@quiet_option
@reports_input_errors
def glossary_command(inputs: tuple[str, ...], output: str | None, fmt: str | None,
                     curated: str | None, keep_unused: bool, min_count: int | None,
                     min_consistency: float, top: int | None, no_user_dictionary: bool,
                     presplit: bool, model: str | None, encoding: str | None,
                     quiet: bool) -> None:
    """Build one glossary of INPUT...: mixed Chinese/English documents, Chinese files each
    followed (or preceded) by their English, and tsv, jsonl or tmx files that `aligner
    align` wrote, pooled.

    Output columns: zh, en, score, count, alternates (separated by |), example, and the
    evidence: rendered (beads of the term holding the rendering), consistency, alternate
    counts, example_en (in_text: a curated term the text renders otherwise).
    """
    sources = [*inputs, *([curated] if curated is not None else [])]
    refuse_inputs(output, sources)
    fmt = output_format(output, fmt, GLOSSARY_FORMATS, "glossary")
    with progress_bar("Embedding", quiet) as progress:
        terms = glossary_for(inputs, curated=curated, min_count=min_count, top=top,
                             presplit=presplit, model=model, encoding=encoding,
                             progress=progress, min_consistency=min_consistency,
                             keep_unused=keep_unused, use_shipped=not no_user_dictionary)
    if not terms:
        click.echo(f"aligner: {' '.join(inputs)}: no glossary terms found (too little "
                   "parallel text?); the glossary is empty", err=True)
    signature = signature_for(
        "glossary", inputs, model=model, glossaries=[curated] if curated is not None else [],
        settings={"presplit": presplit, "min_count": "auto" if min_count is None else min_count,
                  "min_consistency": min_consistency, "top": "all" if top is None else top,
                  "keep_unused": keep_unused, "user_dictionary": not no_user_dictionary})
    write_glossary(terms, output, fmt, inputs=sources, signature=signature)
