"""``aligner align``: pair a text's Chinese and English and write the sentence beads."""

from __future__ import annotations

import click

from aligner.cli.common import input_options, progress_bar, quiet_option, reports_input_errors
from aligner.formats import FORMATS, format_for_path, write_beads
from aligner.pipeline import align


@click.command("align")
@click.argument("inputs", nargs=-1, required=True, metavar="DOCUMENT | ZH EN")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write here (format from the extension) instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="Output format (default: from -o's extension, else tsv).")
@input_options
@quiet_option
@reports_input_errors
def align_command(inputs: tuple[str, ...], output: str | None, fmt: str | None,
                  presplit: bool, model: str | None, encoding: str | None,
                  quiet: bool) -> None:
    """Align a mixed Chinese/English DOCUMENT, or a ZH and an EN file (either order).

    `-` reads standard input.
    """
    with progress_bar("Embedding", quiet) as progress:
        beads = align(*inputs, presplit=presplit, model=model, encoding=encoding,
                      progress=progress)
    write_beads(beads, output, fmt or format_for_path(output))
