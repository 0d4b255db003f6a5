"""XLIFF 1.2: one ``<trans-unit>`` a bead, Chinese source and English target.

XLIFF 1.2 rather than 2.x because it is the version memoQ, Trados Studio and OmegaT all
import: OmegaT reads no XLIFF 2 without a plugin, and Trados's 2.x filter is newer and
narrower (``xliff2`` writes 2.1 for the tools that want it, see
:mod:`aligner.formats.xliff2`). A bead's confidence sets the target's state
(``translated``, or ``needs-review-translation`` below 0.5) and stands with its similarity,
type, block and ids in a note ``from="aligner"``, which reads back exactly; ``aligner
check`` adds its findings as notes ``from="aligner-check"``. XLIFF from other tools needs
only ``<source>`` and ``<target>``; an XLIFF 2.x file given as ``.xlf`` is read too.

Inline elements are markup, not text: ``<g>`` and ``<mrk>`` keep the text they wrap, the
codes ``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph>``, ``<bpt>``, ``<ept>`` and ``<it>`` are
dropped with the native code they hold (a ``<ph>&lt;br/&gt;</ph>`` is no text of the
sentence).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from xml.sax.saxutils import escape, quoteattr

from aligner._version import __version__
from aligner.errors import InputError
from aligner.formats.base import (
    BeadBuilder,
    BeadProblem,
    build_units,
    format_score,
    optional_ids,
    parse_block,
    parse_score,
    render_id_list,
)
from aligner.formats.xml import clean_text, local, parse_xml
from aligner.records import Bead

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"
# Below this confidence a target is marked for review (aligner.check's default too).
REVIEW_BELOW = 0.5
_NOTE = re.compile(r"(\w[\w-]*)=(\S*)")
# XLIFF 1.2 inline codes: their content is the original format's code, not text.
_CODES_12 = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"}


@dataclass(frozen=True)
class UnitNote:
    """A note for one unit beside the bead's own facts (a check finding, say).

    ``priority`` runs from 1 (most important) to 10, as both XLIFF versions have it;
    ``annotates`` is ``source``, ``target`` or ``general``.
    """

    text: str
    author: str = "aligner-check"
    priority: int = 5
    annotates: str = "general"


class XliffFormat:
    name = "xliff"
    suffixes = (".xlf", ".xliff")
    keeps_ids = True

    def clean(self, text: str) -> str:
        return clean_text(text)

    def render(self, beads: Sequence[Bead],
               notes: Sequence[Sequence[UnitNote]] | None = None) -> str:
        """The XLIFF file; ``notes`` adds notes to each bead's unit (check findings)."""
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<xliff version="1.2" xmlns="{NAMESPACE}">\n',
                 f'  <file original="aligner" source-language="{SOURCE_LANG}" '
                 f'target-language="{TARGET_LANG}" datatype="plaintext">\n',
                 f'    <header><tool tool-id="aligner" tool-name="aligner" '
                 f'tool-version={quoteattr(__version__)}/></header>\n',
                 "    <body>\n"]
        for number, bead in enumerate(beads, 1):
            extra = "".join(
                f'        <note from={quoteattr(note.author)} priority="{note.priority}"'
                f'{_annotates(note)}>{escape(self.clean(note.text))}</note>\n'
                for note in (notes[number - 1] if notes else ()))
            parts.append(
                f'      <trans-unit id="{number}" xml:space="preserve">\n'
                f"        <source>{escape(self.clean(bead.zh))}</source>\n"
                f'        <target state="{target_state(bead)}">{escape(self.clean(bead.en))}'
                "</target>\n"
                f'        <note from="aligner">{escape(facts_note(bead))}</note>\n'
                f"{extra}"
                "      </trans-unit>\n")
        parts.append("    </body>\n  </file>\n</xliff>\n")
        return "".join(parts)

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        root = parse_xml(text, path)
        if local(root.tag) != "xliff":
            raise InputError(path, f"is not an XLIFF file (its root element is "
                                   f"<{local(root.tag)}>)")
        if is_xliff2(root):
            from aligner.formats.xliff2 import beads_from_xliff2

            return beads_from_xliff2(root, path)
        return build_units([unit for unit in root.iter() if local(unit.tag) == "trans-unit"],
                           _bead, "trans-unit", path)


def is_xliff2(root: ET.Element) -> bool:
    """Whether an ``<xliff>`` root is XLIFF 2.x (by its namespace, else its version)."""
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if namespace.startswith("urn:oasis:names:tc:xliff:document:"):
        return not namespace.endswith((":1.0", ":1.1", ":1.2"))
    return root.get("version", "").strip().startswith("2")


def target_state(bead: Bead) -> str:
    return "translated" if bead.score >= REVIEW_BELOW else "needs-review-translation"


def facts_note(bead: Bead) -> str:
    """``score=0.8123 type=1-1 block=0 zh-ids=0 en-ids=0 …``: what the unit cannot say."""
    facts = {"score": format_score(bead.score), "type": bead.type,
             "block": str(bead.block), "zh-ids": render_id_list(bead.zh_ids),
             "en-ids": render_id_list(bead.en_ids)}
    if bead.similarity is not None:
        facts["similarity"] = format_score(bead.similarity)
    if bead.cut:
        facts["cut"] = "true"
    return " ".join(f"{key}={value}" for key, value in facts.items())


def bead_from_facts(builder: BeadBuilder, zh: str, en: str, note: str | None) -> Bead:
    """The bead of a unit's texts and its ``facts_note`` (None: a unit from another tool)."""
    facts = dict(_NOTE.findall(note or ""))
    similarity = facts.get("similarity", "")
    return builder.build(
        zh=zh, en=en,
        score=parse_score(facts.get("score"), "score"), type_=facts.get("type"),
        zh_ids=optional_ids(facts, "zh-ids"), en_ids=optional_ids(facts, "en-ids"),
        block=parse_block(facts.get("block")),
        cut=facts.get("cut") == "true",
        similarity=parse_score(similarity, "similarity") if similarity else None)


def _annotates(note: UnitNote) -> str:
    return "" if note.annotates == "general" else f' annotates="{note.annotates}"'


def _bead(unit: ET.Element, builder: BeadBuilder) -> Bead:
    texts: dict[str, str] = {}
    note: str | None = None
    for child in unit:
        tag = local(child.tag)
        if tag in ("source", "target") and tag not in texts:
            texts[tag] = inline_text(child, _CODES_12)
        elif tag == "note" and child.get("from") == "aligner":
            note = child.text or ""
    if "source" not in texts:
        raise BeadProblem("has no <source>")
    return bead_from_facts(builder, texts["source"], texts.get("target", ""), note)


def inline_text(element: ET.Element, codes: set[str]) -> str:
    """The text of ``element``: elements named in ``codes`` are dropped with their content,
    any other element keeps the text it wraps; the text after each element is kept."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in codes and isinstance(child.tag, str):
            parts.append(inline_text(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)
