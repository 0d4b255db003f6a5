"""What every command shares: bad input as one line and exit 2, the progress bar, -q."""

from __future__ import annotations

import functools
import sys
import time
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


class StageBar:
    """The command line's :class:`~aligner.progress.Staged` callback: on a terminal, a
    click bar per stage, labelled with it; elsewhere (a log, a pipe), a plain line every
    :data:`PLAIN_EVERY` seconds a stage runs."""

    def __init__(self, label: str, *, terminal: bool | None = None) -> None:
        self.label = label
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self._bar: Any = None
        self._current: str | None = None
        self._shown = 0
        self._said = 0.0

    def __call__(self, done: int, total: int) -> None:
        self._update(self.label, done, total)

    def stage(self, name: str) -> Progress:
        return functools.partial(self._update, name)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def _update(self, name: str, done: int, total: int) -> None:
        started = name != self._current
        if started:
            self.close()
            self._current, self._shown = name, 0
        if self.terminal:
            if self._bar is None:
                self._bar = click.progressbar(length=max(total, 1), label=name,
                                              file=sys.stderr)
                self._bar.__enter__()
            self._bar.update(done - self._shown)
            self._shown = done
            return
        # Nothing until a stage has run PLAIN_EVERY seconds: quick work, and bad input
        # refused early, leave stderr to the one line that matters.
        now = time.monotonic()
        if started:
            self._said = now
        elif now - self._said >= PLAIN_EVERY:
            self._said = now
            state = "done" if done >= total else \
                f"{done}/{total} ({100 * done // max(total, 1)}%)"
            click.echo(f"aligner: {name}: {state}", err=True)


# Seconds between two plain progress lines when stderr is not a terminal.
PLAIN_EVERY = 10.0


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Progress | None]:
    """A :class:`StageBar` on stderr whose unnamed work is ``label``, or None when quiet."""
    if quiet:
        yield None
        return
    bar = StageBar(label)
    try:
        yield bar
    finally:
        bar.close()
