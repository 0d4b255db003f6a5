"""`aligner check`: point at every place where the English departs from the Chinese."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from aligner.check import (
    CHECKS,
    DEFAULT_LOW_SCORE,
    REPORTS,
    Report,
    check_beads,
    load_glossaries,
    render_report,
)
from aligner.cli.common import input_options, progress_bar, quiet_option, reports_input_errors
from aligner.embed import get_encoder
from aligner.output import STDOUT, write_output
from aligner.pipeline import load_beads

EXIT_CLEAN = 0
EXIT_FINDINGS = 1

_SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html"}


@click.command("check")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="FILE",
              help="Glossary (tsv, csv or TBX) of agreed renderings; repeat for several.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(REPORTS)), default=None,
              help="Report format [default: from the -o suffix, else text].")
@click.option("-o", "--output", default=None, metavar="REPORT",
              help="Write the report here instead of stdout.")
@click.option("--skip", multiple=True, type=click.Choice(list(CHECKS)), metavar="CHECK",
              help=f"Leave out a check; repeat for several ({', '.join(CHECKS)}).")
@click.option("--low-score", type=click.FloatRange(0.0, 1.0), default=DEFAULT_LOW_SCORE,
              show_default=True, help="Report beads whose alignment score is below this.")
@input_options
@quiet_option
@reports_input_errors
def check_command(inputs: tuple[str, ...], glossaries: tuple[str, ...], fmt: str | None,
                  output: str | None, skip: tuple[str, ...], low_score: float, presplit: bool,
                  model: str | None, encoding: str | None, quiet: bool) -> None:
    """Check the English of INPUT against its Chinese: glossary terms, numbers, omissions.

    INPUT is a mixed document, a Chinese and an English file, or an aligned tsv, jsonl or
    tmx file. Exit status: 0 nothing found, 1 findings, 2 bad input.
    """
    # Glossaries first: a bad glossary should fail before the model loads.
    terms = load_glossaries(glossaries)
    encoder = get_encoder(model)
    with progress_bar("Aligning", quiet) as progress:
        beads = load_beads(inputs, presplit=presplit, model=model, encoder=encoder,
                           encoding=encoding, progress=progress)
    findings = check_beads(beads, terms, checks=[c for c in CHECKS if c not in skip],
                           low_score=low_score, encoder=encoder)
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "text") if output else "text"
    to_terminal = output in (None, STDOUT) and sys.stdout.isatty()
    color = fmt == "text" and to_terminal and "NO_COLOR" not in os.environ
    title = "aligner check: " + " ".join(Path(p).name for p in inputs)
    write_output(output, render_report(Report(findings, beads, title), fmt, color=color))
    sys.exit(EXIT_FINDINGS if findings else EXIT_CLEAN)
