"""``aligner align``: pair a text's Chinese and English and write the sentence beads."""

from __future__ import annotations

import click

from aligner.cli.common import (
    input_options,
    output_options,
    progress_bar,
    quiet_option,
    reports_input_errors,
)
from aligner.formats import FORMATS, write_beads
from aligner.output import refuse_inputs
from aligner.pipeline import align


@click.command("align")
@click.argument("inputs", nargs=-1, required=True, metavar="DOCUMENT | ZH EN")
@output_options(sorted(FORMATS))
@input_options
@quiet_option
@reports_input_errors
def align_command(inputs: tuple[str, ...], output: str | None, fmt: str | None,
                  presplit: bool, model: str | None, encoding: str | None,
                  quiet: bool) -> None:
    """Align a mixed Chinese/English DOCUMENT, or a ZH and an EN file (either order).

    `-` reads standard input. An aligned tsv, jsonl or tmx file is read as it is and
    written in the format asked for.
    """
    refuse_inputs(output, inputs)
    with progress_bar("Embedding", quiet) as progress:
        alignment = align(*inputs, presplit=presplit, model=model, encoding=encoding,
                          progress=progress)
    write_beads(alignment.beads, output, fmt, inputs=inputs)
