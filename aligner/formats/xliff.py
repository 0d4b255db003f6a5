"""XLIFF 1.2: one ``<trans-unit>`` a bead, Chinese source and English target.

XLIFF 1.2 rather than 2.x because it is the version memoQ, Trados Studio and OmegaT all
import: OmegaT reads no XLIFF 2 without a plugin, and Trados's 2.x filter is newer and
narrower (``xliff2`` writes 2.1 for the tools that want it, see
:mod:`aligner.formats.xliff2`). A bead's confidence sets the target's state
(``translated``, or ``needs-review-translation`` below 0.5) and stands with its similarity,
type, block and ids in a note ``from="aligner"``, which reads back exactly; ``aligner
check`` adds its findings as notes ``from="aligner-check"``. XLIFF from other tools needs
only ``<source>`` and ``<target>``; an XLIFF 2.x file given as ``.xlf`` is read too, and
inline markup is dropped with its text kept (:mod:`aligner.formats.xliff_common`). A signed
file's ``<header>`` holds its signature in a ``<note from="aligner-signature">``, which
reading (of units only) passes by.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from xml.sax.saxutils import escape, quoteattr

from aligner._version import __version__
from aligner.formats.xliff_common import (
    REVIEW_BELOW,
    SOURCE_LANG,
    TARGET_LANG,
    UnitNote,
    facts_note,
    read_xliff,
)
from aligner.formats.xml import clean_text
from aligner.records import Bead
from aligner.signature import Signature

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SIGNATURE_NOTE = "aligner-signature"

__all__ = ["NAMESPACE", "REVIEW_BELOW", "SOURCE_LANG", "TARGET_LANG", "UnitNote",
           "XliffFormat"]


class XliffFormat:
    name = "xliff"
    suffixes = (".xlf", ".xliff")
    keeps_ids = True
    holds_signature = True

    def clean(self, text: str) -> str:
        return clean_text(text)

    def render(self, beads: Sequence[Bead],
               notes: Sequence[Sequence[UnitNote]] | None = None, *,
               signature: Signature | None = None) -> str:
        """The XLIFF file; ``notes`` adds notes to each bead's unit (check findings),
        ``signature`` one to the header."""
        signed = ("" if signature is None else
                  f'<note from="{SIGNATURE_NOTE}">{escape(str(signature))}</note>')
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<xliff version="1.2" xmlns="{NAMESPACE}">\n',
                 f'  <file original="aligner" source-language="{SOURCE_LANG}" '
                 f'target-language="{TARGET_LANG}" datatype="plaintext">\n',
                 f'    <header><tool tool-id="aligner" tool-name="aligner" '
                 f'tool-version={quoteattr(__version__)}/>{signed}</header>\n',
                 "    <body>\n"]
        for number, bead in enumerate(beads, 1):
            extra = "".join(
                f'        <note from={quoteattr(note.author)} priority="{note.priority}"'
                f'{_annotates(note)}>{escape(self.clean(note.text))}</note>\n'
                for note in (notes[number - 1] if notes else ()))
            state = "translated" if bead.score >= REVIEW_BELOW else "needs-review-translation"
            parts.append(
                f'      <trans-unit id="{number}" xml:space="preserve">\n'
                f"        <source>{escape(self.clean(bead.zh))}</source>\n"
                f'        <target state="{state}">{escape(self.clean(bead.en))}</target>\n'
                f'        <note from="aligner">{escape(facts_note(bead))}</note>\n'
                f"{extra}"
                "      </trans-unit>\n")
        parts.append("    </body>\n  </file>\n</xliff>\n")
        return "".join(parts)

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        """XLIFF 1.2, or 2.x."""
        return read_xliff(text, path)


def _annotates(note: UnitNote) -> str:
    return "" if note.annotates == "general" else f' annotates="{note.annotates}"'
