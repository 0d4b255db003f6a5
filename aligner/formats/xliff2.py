"""XLIFF 2.1 (namespace ``urn:oasis:names:tc:xliff:document:2.0``, which 2.0 and 2.1 share):
one ``<unit>`` with one ``<segment>`` a bead, Chinese source and English target.

Written only when asked for (``--format xliff2``, or a ``.xlf2`` name): XLIFF 1.2 stays
the default XLIFF because memoQ, Trados Studio and OmegaT all import it. A bead's facts
(score, type, block, ids, similarity) ride in a unit note ``category="aligner"`` and read
back exactly; a bead under 0.5 confidence has ``state="translated"`` with
``subState="aligner:needs-review"`` (XLIFF 2 has no needs-review state); ``aligner check``
adds its findings as notes ``category="aligner-check"``.

Reading (also of an XLIFF 2 file named ``.xlf``, and of XLIFF 1.2): every ``<segment>`` of
every unit is one already-aligned pair, inline markup dropped and its text kept
(:mod:`aligner.formats.xliff_common`).

A signed file's ``<file>`` opens with the signature in the Metadata module
(``<mda:metadata>``, which XLIFF 2 allows there): one ``<mda:meta type="signature">`` with
the whole string, then one ``<mda:meta>`` a field. Reading takes units only.
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

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"
SIGNATURE_GROUP = "aligner-signature"
VERSION = "2.1"
NEEDS_REVIEW = "aligner:needs-review"


class Xliff2Format:
    name = "xliff2"
    suffixes = (".xlf2", ".xliff2")
    keeps_ids = True
    holds_signature = True

    def clean(self, text: str) -> str:
        return clean_text(text)

    def render(self, beads: Sequence[Bead],
               notes: Sequence[Sequence[UnitNote]] | None = None, *,
               signature: Signature | None = None) -> str:
        """The XLIFF 2.1 file; ``notes`` adds notes to each bead's unit (check findings),
        ``signature`` metadata to the file."""
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<xliff xmlns="{NAMESPACE}" version="{VERSION}" srcLang="{SOURCE_LANG}" '
                 f'trgLang="{TARGET_LANG}">\n',
                 f"  <file id=\"f1\" original={quoteattr('aligner ' + __version__)}>\n",
                 *([] if signature is None else [_metadata(signature)])]
        for number, bead in enumerate(beads, 1):
            extra = "".join(
                f"        <note category={quoteattr(note.author)} priority=\"{note.priority}\""
                f"{_applies_to(note)}>{escape(self.clean(note.text))}</note>\n"
                for note in (notes[number - 1] if notes else ()))
            state = ('state="translated"' if bead.score >= REVIEW_BELOW
                     else f'state="translated" subState="{NEEDS_REVIEW}"')
            parts.append(
                f'    <unit id="u{number}" xml:space="preserve">\n'
                "      <notes>\n"
                f'        <note category="aligner">{escape(facts_note(bead))}</note>\n'
                f"{extra}"
                "      </notes>\n"
                f"      <segment {state}>\n"
                f"        <source>{escape(self.clean(bead.zh))}</source>\n"
                f"        <target>{escape(self.clean(bead.en))}</target>\n"
                "      </segment>\n"
                "    </unit>\n")
        parts.append("  </file>\n</xliff>\n")
        return "".join(parts)

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        """XLIFF 2.x, or 1.2 (the same reader as ``xliff``)."""
        return read_xliff(text, path)


def _metadata(signature: Signature) -> str:
    """The signature as the Metadata module's ``<mda:metadata>`` of a ``<file>``."""
    metas = "".join(f"        <mda:meta type={quoteattr(key)}>{escape(value)}</mda:meta>\n"
                    for key, value in [("signature", str(signature)), *signature.fields()])
    return (f'    <mda:metadata xmlns:mda="{METADATA}">\n'
            f'      <mda:metaGroup category="{SIGNATURE_GROUP}">\n{metas}'
            "      </mda:metaGroup>\n    </mda:metadata>\n")


def _applies_to(note: UnitNote) -> str:
    return "" if note.annotates == "general" else f' appliesTo="{note.annotates}"'
