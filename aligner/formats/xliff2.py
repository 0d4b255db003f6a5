"""XLIFF 2.1 (namespace ``urn:oasis:names:tc:xliff:document:2.0``, which 2.0 and 2.1 share):
one ``<unit>`` with one ``<segment>`` a bead, Chinese source and English target.

Written only when asked for (``--format xliff2``, or a ``.xlf2`` name): XLIFF 1.2 stays
the default XLIFF because memoQ, Trados Studio and OmegaT all import it. A bead's facts
(score, type, block, ids, similarity) ride in a unit note ``category="aligner"`` and read
back exactly; a bead under 0.5 confidence has ``state="translated"`` with
``subState="aligner:needs-review"`` (XLIFF 2 has no needs-review state); ``aligner check``
adds its findings as notes ``category="aligner-check"``.

Reading (also of an XLIFF 2 file named ``.xlf``): every ``<segment>`` of every unit is one
already-aligned pair, its ``<ignorable>`` white space between segments left out. Inline
elements are markup, not text: ``<pc>`` and ``<mrk>`` keep the text they wrap,
``<ph/>``, ``<sc/>``, ``<ec/>``, ``<sm/>`` and ``<em/>`` are dropped, and ``<cp hex="…"/>``
is the character it stands for. A target's ``order`` (reordered segments) is not applied:
each segment's target stays paired with its own source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from os import PathLike
from xml.sax.saxutils import escape, quoteattr

from aligner._version import __version__
from aligner.errors import InputError
from aligner.formats.base import BeadBuilder, BeadProblem, build_units
from aligner.formats.xliff import (
    REVIEW_BELOW,
    SOURCE_LANG,
    TARGET_LANG,
    UnitNote,
    XliffFormat,
    bead_from_facts,
    facts_note,
    is_xliff2,
)
from aligner.formats.xml import clean_text, local, parse_xml
from aligner.records import Bead

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
VERSION = "2.1"
NEEDS_REVIEW = "aligner:needs-review"
# Inline elements without text of their own (codes and the ends of a marker span).
_EMPTY = {"ph", "sc", "ec", "sm", "em"}


class Xliff2Format:
    name = "xliff2"
    suffixes = (".xlf2", ".xliff2")
    keeps_ids = True

    def clean(self, text: str) -> str:
        return clean_text(text)

    def render(self, beads: Sequence[Bead],
               notes: Sequence[Sequence[UnitNote]] | None = None) -> str:
        """The XLIFF 2.1 file; ``notes`` adds notes to each bead's unit (check findings)."""
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<xliff xmlns="{NAMESPACE}" version="{VERSION}" srcLang="{SOURCE_LANG}" '
                 f'trgLang="{TARGET_LANG}">\n',
                 f"  <file id=\"f1\" original={quoteattr('aligner ' + __version__)}>\n"]
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
        root = parse_xml(text, path)
        if local(root.tag) == "xliff" and is_xliff2(root):
            return beads_from_xliff2(root, path)
        return XliffFormat().parse(text, path)


def beads_from_xliff2(root: ET.Element, path: str | PathLike[str] | None) -> list[Bead]:
    """The beads of an XLIFF 2.x document: one a ``<segment>``."""
    pairs: list[tuple[ET.Element, str | None]] = []
    for unit in root.iter():
        if local(unit.tag) != "unit":
            continue
        segments = [child for child in unit if local(child.tag) == "segment"]
        note = _aligner_note(unit) if len(segments) == 1 else None
        pairs.extend((segment, note) for segment in segments)

    def build(pair: tuple[ET.Element, str | None], builder: BeadBuilder) -> Bead:
        segment, note = pair
        texts: dict[str, str] = {}
        for child in segment:
            tag = local(child.tag)
            if tag in ("source", "target") and tag not in texts:
                texts[tag] = _text(child)
        if "source" not in texts:
            raise BeadProblem("has no <source>")
        return bead_from_facts(builder, texts["source"], texts.get("target", ""), note)

    if not pairs and not any(local(el.tag) == "unit" for el in root.iter()):
        raise InputError(path, "has no <unit> elements")
    return build_units(pairs, build, "segment", path)


def _aligner_note(unit: ET.Element) -> str | None:
    for notes in unit:
        if local(notes.tag) == "notes":
            for note in notes:
                if local(note.tag) == "note" and note.get("category") == "aligner":
                    return note.text or ""
    return None


def _applies_to(note: UnitNote) -> str:
    return "" if note.annotates == "general" else f' appliesTo="{note.annotates}"'


def _text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = local(child.tag)
        if tag == "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif tag not in _EMPTY and isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(value: str) -> str:
    try:
        point = int(value, 16)
        if 0xD800 <= point <= 0xDFFF:
            raise ValueError(value)
        return chr(point)
    except (ValueError, OverflowError):
        raise BeadProblem(f'<cp hex="{value}"> is not a Unicode code point') from None
