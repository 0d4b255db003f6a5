"""``aligner review``: check, fix and export an alignment in the browser."""

from __future__ import annotations

import contextlib
import webbrowser

import click

from aligner.cli.common import input_options, progress_bar, quiet_option, reports_input_errors
from aligner.review import ReviewSession, open_session
from aligner.review.project import in_memory


@click.command("review")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-g", "--glossary", "glossaries", multiple=True, metavar="FILE",
              help="Glossary (tsv, csv or TBX) for the term checks; repeat for several.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, metavar="N",
              help="Listen on 127.0.0.1:N [default: a free port].")
@click.option("--no-browser", is_flag=True, help="Print the address, do not open a browser.")
@click.option("--export", "exports", multiple=True, metavar="FILE",
              help="Write the reviewed alignment (tmx, tsv, jsonl, xlf; .html: the check "
                   "report) and exit without serving; repeat for several.")
@input_options
@quiet_option
@reports_input_errors
def review_command(inputs: tuple[str, ...], glossaries: tuple[str, ...], port: int | None,
                   no_browser: bool, exports: tuple[str, ...], presplit: bool,
                   model: str | None, encoding: str | None, quiet: bool) -> None:
    """Review INPUT in the browser: a mixed document, a Chinese and an English file, an
    aligned tsv/jsonl/tmx file, or a saved review project (NAME.review.jsonl).

    Every change is saved at once to NAME.review.jsonl beside the input; giving the
    input or the project again resumes the review. With --export nothing else is
    written (a saved project is read, not changed).
    """
    from aligner.review.server import serve

    def notice(text: str) -> None:
        if not quiet:
            click.echo(f"aligner: {text}", err=True)

    def opened() -> ReviewSession:
        with progress_bar("Embedding", quiet) as progress:
            return open_session(inputs, glossaries, presplit=presplit, model=model,
                                encoding=encoding, progress=progress, notice=notice)

    if exports:
        # Export only: the project is read if it is there, but kept in memory, so that
        # nothing but the exports is written.
        with in_memory():
            session = opened()
            for path in exports:
                fmt = session.export_to(path)
                notice(f"wrote {path} ({fmt})")
        return
    session = opened()
    notice(f"project: {session.project.path}")

    def ready(url: str) -> None:
        click.echo(f"Reviewing at {url}")
        click.echo("Every change is saved at once; press Ctrl+C to stop.", err=True)
        if not no_browser:
            webbrowser.open(url)

    with contextlib.suppress(KeyboardInterrupt):
        serve(session, port=port, ready=ready)
    notice(f"stopped; every change is in {session.project.path}")
