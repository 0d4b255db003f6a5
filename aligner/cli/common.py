"""What every command shares: bad input as one line and exit 2, the progress bar, -q."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from aligner.errors import AlignerError, UsageError
from aligner.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


def reports_input_errors(command: F) -> F:
    """Turn :class:`AlignerError` (bad input, unwritable output, an unknown name) into
    ``aligner: FILE: problem`` on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        except AlignerError as exc:
            click.echo(f"aligner: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("aligner: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")


def input_options(command: F) -> F:
    """The options every command that reads texts to align shares with ``aligner align``."""
    for option in reversed((
        click.option("--presplit", is_flag=True,
                     help="Two files with one sentence per line, aligned as given."),
        click.option("--model", default=None, metavar="NAME_OR_PATH",
                     help="A sentence-transformers model (local path or cache) instead of USE."),
        click.option("--encoding", default=None, help="Input encoding (default: detected)."),
    )):
        command = option(command)
    return command


def output_options(formats: Sequence[str]) -> Callable[[F], F]:
    """``-o`` and ``--format`` of a command that writes one of ``formats``."""

    def decorate(command: F) -> F:
        for option in reversed((
            click.option("-o", "--output", default=None, metavar="FILE",
                         help="Write here (format from the extension) instead of stdout."),
            click.option("--format", "fmt", type=click.Choice(formats), default=None,
                         help="Output format (default: from -o's extension, else tsv; an "
                              "extension of no format is refused). Given, it is written "
                              "whatever -o's extension."),
        )):
            command = option(command)
        return command

    return decorate


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Progress | None]:
    """A :data:`Progress` callback drawing a bar on stderr, or None when quiet."""
    if quiet:
        yield None
        return
    bar = None
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
