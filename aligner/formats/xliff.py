"""XLIFF 1.2: one ``<trans-unit>`` a bead, Chinese source and English target.

XLIFF 1.2 rather than 2.x because it is the version memoQ, Trados Studio and OmegaT all
import: OmegaT reads no XLIFF 2 without a plugin, and Trados's 2.x filter is newer and
narrower. A bead's confidence sets the target's state (``translated``, or
``needs-review-translation`` below 0.5) and stands with its similarity, type, block and
ids in a note ``from="aligner"``, which reads back exactly; XLIFF from other tools needs
only ``<source>`` and ``<target>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
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


class XliffFormat:
    name = "xliff"
    suffixes = (".xlf", ".xliff")
    keeps_ids = True

    def clean(self, text: str) -> str:
        return clean_text(text)

    def render(self, beads: Sequence[Bead]) -> str:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<xliff version="1.2" xmlns="{NAMESPACE}">\n',
                 f'  <file original="aligner" source-language="{SOURCE_LANG}" '
                 f'target-language="{TARGET_LANG}" datatype="plaintext">\n',
                 f'    <header><tool tool-id="aligner" tool-name="aligner" '
                 f'tool-version={quoteattr(__version__)}/></header>\n',
                 "    <body>\n"]
        for number, bead in enumerate(beads, 1):
            state = "translated" if bead.score >= REVIEW_BELOW else "needs-review-translation"
            facts = {"score": format_score(bead.score), "type": bead.type,
                     "block": str(bead.block), "zh-ids": render_id_list(bead.zh_ids),
                     "en-ids": render_id_list(bead.en_ids)}
            if bead.similarity is not None:
                facts["similarity"] = format_score(bead.similarity)
            if bead.cut:
                facts["cut"] = "true"
            note = " ".join(f"{key}={value}" for key, value in facts.items())
            parts.append(
                f'      <trans-unit id="{number}" xml:space="preserve">\n'
                f"        <source>{escape(self.clean(bead.zh))}</source>\n"
                f'        <target state="{state}">{escape(self.clean(bead.en))}</target>\n'
                f'        <note from="aligner">{escape(note)}</note>\n'
                "      </trans-unit>\n")
        parts.append("    </body>\n  </file>\n</xliff>\n")
        return "".join(parts)

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        root = parse_xml(text, path)
        if local(root.tag) != "xliff":
            raise InputError(path, f"is not an XLIFF file (its root element is "
                                   f"<{local(root.tag)}>)")
        return build_units([unit for unit in root.iter() if local(unit.tag) == "trans-unit"],
                           _bead, "trans-unit", path)


def _bead(unit: ET.Element, builder: BeadBuilder) -> Bead:
    texts: dict[str, str] = {}
    facts: dict[str, str] = {}
    for child in unit:
        tag = local(child.tag)
        if tag in ("source", "target") and tag not in texts:
            texts[tag] = "".join(child.itertext())
        elif tag == "note" and child.get("from") == "aligner":
            facts = dict(_NOTE.findall(child.text or ""))
    if "source" not in texts:
        raise BeadProblem("has no <source>")
    similarity = facts.get("similarity", "")
    return builder.build(
        zh=texts["source"], en=texts.get("target", ""),
        score=parse_score(facts.get("score"), "score"), type_=facts.get("type"),
        zh_ids=optional_ids(facts, "zh-ids"), en_ids=optional_ids(facts, "en-ids"),
        block=parse_block(facts.get("block")),
        cut=facts.get("cut") == "true",
        similarity=parse_score(similarity, "similarity") if similarity else None)
