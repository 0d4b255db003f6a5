"""``aligner align``: pair a text's Chinese and English and write the sentence beads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import click

from aligner.cli.common import (
    input_options,
    output_options,
    progress_bar,
    quiet_option,
    reports_input_errors,
)
from aligner.formats import FORMATS, write_beads
from aligner.output import output_format, refuse_inputs
from aligner.pipeline import align_beads
from aligner.provenance import signature_for
from aligner.records import Bead


@click.command("align")
@click.argument("inputs", nargs=-1, required=True, metavar="DOCUMENT | ZH EN")
@output_options(sorted(FORMATS))
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0,
              metavar="X", help="Leave out beads whose confidence is below X (e.g. for a TMX "
                                "that goes into a translation memory unreviewed).")
@input_options
@quiet_option
@reports_input_errors
def align_command(inputs: tuple[str, ...], output: str | None, fmt: str | None,
                  min_confidence: float, presplit: bool, model: str | None,
                  encoding: str | None, quiet: bool) -> None:
    """Align a mixed Chinese/English DOCUMENT, or a ZH and an EN file (either order).

    `-` reads standard input. An aligned tsv, jsonl, tmx or xliff file is read as it is and
    written in the format asked for.
    """
    refuse_inputs(output, inputs)
    fmt = output_format(output, fmt, FORMATS, "align")
    signature = signature_for("align", inputs, model=model, settings={
        "presplit": presplit, "min_confidence": min_confidence})
    counts = [0, 0]  # beads, beads left out
    with progress_bar("Embedding", quiet) as progress:
        beads = align_beads(*inputs, presplit=presplit, model=model, encoding=encoding,
                            progress=progress)
        # Written as they come: a long pair's beads a window at a time.
        write_beads(_confident(beads, min_confidence, counts), output, fmt, inputs=inputs,
                    signature=signature)
    if counts[1] and not quiet:
        click.echo(f"aligner: left out {counts[1]} of {counts[0]} beads with confidence "
                   f"below {min_confidence:g}", err=True)


def _confident(beads: Iterable[Bead], min_confidence: float, counts: list[int]
               ) -> Iterator[Bead]:
    """The beads whose confidence is at least ``min_confidence``; ``counts`` gets how many
    beads there were and how many were left out. Beads from another tool, or an older
    file, carry no similarity: their score is not a confidence, and they are kept."""
    for bead in beads:
        counts[0] += 1
        if bead.similarity is None or bead.score >= min_confidence:
            yield bead
        else:
            counts[1] += 1
