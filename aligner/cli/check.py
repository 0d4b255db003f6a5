"""`aligner check`: point at every place where the English departs from the Chinese."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from aligner.check import (
    CHECKS,
    DEFAULT_LOW_SCORE,
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_THRESHOLD,
    REPORTS,
    Report,
    render_report,
)
from aligner.cli.common import input_options, progress_bar, quiet_option, reports_input_errors
from aligner.formats import FORMATS
from aligner.output import STDOUT, output_format, refuse_inputs, write_output
from aligner.pipeline import check_files
from aligner.provenance import signature_for

EXIT_CLEAN = 0
EXIT_FINDINGS = 1


@click.command("check")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="FILE",
              help="Glossary (tsv, csv or TBX) of agreed renderings; repeat for several.")
@click.option("-f", "--format", "fmt", type=click.Choice(REPORTS.names()), default=None,
              help="Report format [default: from the -o suffix, else text]; given, it is "
                   "written whatever the -o suffix.")
@click.option("-o", "--output", default=None, metavar="REPORT",
              help="Write the report here instead of stdout.")
@click.option("--skip", multiple=True, type=click.Choice(CHECKS.names()), metavar="CHECK",
              help=f"Leave out a check; repeat for several ({', '.join(CHECKS)}).")
@click.option("--low-score", type=click.FloatRange(0.0, 1.0), default=DEFAULT_LOW_SCORE,
              show_default=True,
              help="Report beads whose similarity (cosine of the two sides) is below this.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              default=DEFAULT_MIN_CONFIDENCE, show_default=True,
              help="Report beads whose alignment confidence is below this.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_THRESHOLD,
              show_default=True,
              help="Report findings at least this likely to be real errors.")
@click.option("--all", "show_all", is_flag=True,
              help="Report every finding, however unlikely (--threshold 0).")
@click.option("--from", "input_format", type=click.Choice(FORMATS.names()), default=None,
              help="INPUT is an aligned file in this format, whatever its name (- reads it "
                   "from stdin).")
@input_options
@quiet_option
@reports_input_errors
def check_command(inputs: tuple[str, ...], glossaries: tuple[str, ...], fmt: str | None,
                  output: str | None, skip: tuple[str, ...], low_score: float,
                  min_confidence: float, threshold: float, show_all: bool,
                  input_format: str | None, presplit: bool, model: str | None,
                  encoding: str | None, quiet: bool) -> None:
    """Check the English of INPUT against its Chinese: glossary terms, numbers, omissions.

    INPUT is a mixed document, a Chinese and an English file, or an aligned tsv, jsonl,
    tmx or xliff (1.2 or 2.x) file (known by its suffix, or by --from: `--from tsv -` reads
    one from stdin). `-o report.xlf` writes XLIFF whose units carry the
    findings as notes, for a CAT tool. An aligned file is re-measured, not trusted: each
    segment gets its own confidence, and segments whose English belongs to a neighbour are
    reported with the re-alignment. Each finding carries the probability that it is a real
    error, likeliest first; those under --threshold are hidden unless --all.
    Exit status: 0 nothing found, 1 findings, 2 bad input.
    """
    refuse_inputs(output, [*inputs, *glossaries])
    fmt = output_format(output, fmt, REPORTS, "check")
    with progress_bar("Aligning", quiet) as progress:
        result = check_files(inputs, glossaries, checks=[c for c in CHECKS if c not in skip],
                             low_score=low_score, min_confidence=min_confidence,
                             presplit=presplit, model=model, encoding=encoding,
                             progress=progress, threshold=0.0 if show_all else threshold,
                             input_format=input_format)
    to_terminal = output in (None, STDOUT) and sys.stdout.isatty()
    color = fmt == "text" and to_terminal and "NO_COLOR" not in os.environ
    title = "aligner check: " + " ".join(Path(p).name for p in inputs)
    signature = signature_for("check", inputs, model=model, glossaries=glossaries, settings={
        "presplit": presplit, "skip": sorted(set(skip)), "low_score": low_score,
        "min_confidence": min_confidence, "threshold": 0.0 if show_all else threshold})
    report = Report(result.findings, result.alignment.beads, title, signature)
    write_output(output, render_report(report, fmt, color=color),
                 inputs=[*inputs, *glossaries])
    sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)
