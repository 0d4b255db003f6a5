"""`aligner glossary` (being written)."""

from __future__ import annotations

import click


@click.command("glossary")
def glossary_command() -> None:
    """Not yet available."""
    raise click.ClickException("aligner glossary is not available yet")
