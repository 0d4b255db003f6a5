"""What both XLIFF versions share: the bead's facts note, notes for findings, and reading
either version (1.2 ``<trans-unit>``s, 2.x ``<segment>``s) into beads.

Inline elements are markup, not text. XLIFF 1.2: ``<g>`` and ``<mrk>`` keep the text they
wrap; the codes ``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph>``, ``<bpt>``, ``<ept>`` and ``<it>``
are dropped with the native code they hold (a ``<ph>&lt;br/&gt;</ph>`` is no text of the
sentence). XLIFF 2.x: ``<pc>`` and ``<mrk>`` keep their text, ``<ph/>``, ``<sc/>``,
``<ec/>``, ``<sm/>`` and ``<em/>`` are dropped, ``<cp hex="…"/>`` is its character. Every
2.x ``<segment>`` is one already-aligned pair (``<ignorable>`` white space left out; a
target's ``order`` is not applied: each segment's target stays with its own source).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from os import PathLike

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
from aligner.formats.xml import local, parse_xml
from aligner.records import Bead

SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"
# Below this confidence a target is marked for review (aligner.check's default too).
REVIEW_BELOW = 0.5
_NOTE = re.compile(r"(\w[\w-]*)=(\S*)")
# XLIFF 1.2 inline codes: their content is the original format's code, not text.
_CODES_12 = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"}
# XLIFF 2.x inline elements without text of their own (codes, the ends of a marker span).
_EMPTY_2 = {"ph", "sc", "ec", "sm", "em"}


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


def read_xliff(text: str, path: str | PathLike[str] | None) -> list[Bead]:
    """The beads of an XLIFF file of either version; bad files raise InputError."""
    root = parse_xml(text, path)
    if local(root.tag) != "xliff":
        raise InputError(path, f"is not an XLIFF file (its root element is "
                               f"<{local(root.tag)}>)")
    if is_xliff2(root):
        return _beads_2(root, path)
    return build_units([unit for unit in root.iter() if local(unit.tag) == "trans-unit"],
                       _bead_12, "trans-unit", path)


def is_xliff2(root: ET.Element) -> bool:
    """Whether an ``<xliff>`` root is XLIFF 2.x (by its namespace, else its version)."""
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if namespace.startswith("urn:oasis:names:tc:xliff:document:"):
        return not namespace.endswith((":1.0", ":1.1", ":1.2"))
    return root.get("version", "").strip().startswith("2")


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


# --- XLIFF 1.2 ------------------------------------------------------------------------------

def _bead_12(unit: ET.Element, builder: BeadBuilder) -> Bead:
    texts: dict[str, str] = {}
    note: str | None = None
    for child in unit:
        tag = local(child.tag)
        if tag in ("source", "target") and tag not in texts:
            texts[tag] = _text_12(child)
        elif tag == "note" and child.get("from") == "aligner":
            note = child.text or ""
    if "source" not in texts:
        raise BeadProblem("has no <source>")
    return bead_from_facts(builder, texts["source"], texts.get("target", ""), note)


def _text_12(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in _CODES_12 and isinstance(child.tag, str):
            parts.append(_text_12(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- XLIFF 2.x ------------------------------------------------------------------------------

def _beads_2(root: ET.Element, path: str | PathLike[str] | None) -> list[Bead]:
    pairs: list[tuple[ET.Element, str | None]] = []
    units = [unit for unit in root.iter() if local(unit.tag) == "unit"]
    if not units:
        raise InputError(path, "has no <unit> elements")
    for unit in units:
        segments = [child for child in unit if local(child.tag) == "segment"]
        note = _aligner_note_2(unit) if len(segments) == 1 else None
        pairs.extend((segment, note) for segment in segments)
    return build_units(pairs, _bead_2, "segment", path)


def _bead_2(pair: tuple[ET.Element, str | None], builder: BeadBuilder) -> Bead:
    segment, note = pair
    texts: dict[str, str] = {}
    for child in segment:
        tag = local(child.tag)
        if tag in ("source", "target") and tag not in texts:
            texts[tag] = _text_2(child)
    if "source" not in texts:
        raise BeadProblem("has no <source>")
    return bead_from_facts(builder, texts["source"], texts.get("target", ""), note)


def _aligner_note_2(unit: ET.Element) -> str | None:
    for notes in unit:
        if local(notes.tag) == "notes":
            for note in notes:
                if local(note.tag) == "note" and note.get("category") == "aligner":
                    return note.text or ""
    return None


def _text_2(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = local(child.tag)
        if tag == "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif tag not in _EMPTY_2 and isinstance(child.tag, str):
            parts.append(_text_2(child))
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
