"""TMX 1.4b translation memories: one ``<tu>`` a bead, valid to the TMX 1.4b DTD.

Each ``<tu>`` carries the bead's score, type, block and ids as ``x-`` properties, so a
TMX file reads back exactly; TMX files from other tools need only the ``<tuv>``
elements (any ``zh*`` and ``en*`` language, ``xml:lang`` or TMX 1.1's ``lang``), and
their ids are numbered as :class:`~aligner.formats.base.BeadBuilder` describes.

A signed file's ``<header>`` holds its signature as ``<prop type="x-aligner-signature">``
(the DTD lets a header hold props); reading takes only the ``<body>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from aligner.formats.xml import XML_LANG, clean_text, local, parse_xml
from aligner.records import Bead
from aligner.signature import Signature

ZH_LANG = "zh-CN"
EN_LANG = "en"

_ZH_CODES = {"zh", "zho", "chi", "cmn"}
_EN_CODES = {"en", "eng"}
SIGNATURE_PROP = "x-aligner-signature"


class TmxFormat:
    name = "tmx"
    suffixes = (".tmx",)
    keeps_ids = True
    holds_signature = True

    def clean(self, text: str) -> str:
        """Control characters other than tab and newline are dropped; CR becomes a newline."""
        return clean_text(text)

    def render(self, beads: Sequence[Bead],
               props: Sequence[Mapping[str, str]] | None = None, *,
               signature: Signature | None = None) -> str:
        """The TMX file; ``props`` adds properties to each bead's ``<tu>`` (``x-confirmed``
        from a review, say), ``signature`` one to the header."""
        return "".join(self.chunks(beads, props, signature=signature))

    def chunks(self, beads: Iterable[Bead],
               props: Sequence[Mapping[str, str]] | None = None, *,
               signature: Signature | None = None) -> Iterator[str]:
        """:meth:`render`'s file a piece at a time (the header, one ``<tu>`` a bead, the
        end), as beads come."""
        header = " ".join(f"{key}={quoteattr(value)}" for key, value in (
            ("creationtool", "aligner"), ("creationtoolversion", __version__),
            ("segtype", "sentence"), ("o-tmf", "aligner"), ("adminlang", "en"),
            ("srclang", ZH_LANG), ("datatype", "plaintext")))
        yield "".join(['<?xml version="1.0" encoding="UTF-8"?>\n',
                       '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
                       '<tmx version="1.4">\n',
                       f"  <header {header}/>\n" if signature is None else
                       f"  <header {header}>\n    <prop type=\"{SIGNATURE_PROP}\">"
                       f"{escape(str(signature))}</prop>\n  </header>\n",
                       "  <body>\n"])
        for number, bead in enumerate(beads):
            parts = ["    <tu>\n"]
            for prop, value in (("x-score", format_score(bead.score)), ("x-type", bead.type),
                                ("x-block", str(bead.block)),
                                ("x-zh-ids", render_id_list(bead.zh_ids)),
                                ("x-en-ids", render_id_list(bead.en_ids)),
                                *((("x-similarity", format_score(bead.similarity)),)
                                  if bead.similarity is not None else ()),
                                *((("x-cut", "true"),) if bead.cut else ())):
                parts.append(f'      <prop type="{prop}">{value}</prop>\n')
            for prop, value in (props[number].items() if props else ()):
                parts.append(f"      <prop type={quoteattr(prop)}>"
                             f"{escape(self.clean(value))}</prop>\n")
            # Both sides always get a <tuv>: an omission is an empty <seg>, which the DTD allows.
            for lang, text in ((ZH_LANG, bead.zh), (EN_LANG, bead.en)):
                parts.append(f'      <tuv xml:lang="{lang}"><seg>{escape(self.clean(text))}'
                             "</seg></tuv>\n")
            parts.append("    </tu>\n")
            yield "".join(parts)
        yield "  </body>\n</tmx>\n"

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        root = parse_xml(text, path)
        if local(root.tag) != "tmx":
            raise InputError(path, f"is not a TMX file (its root element is <{local(root.tag)}>)")
        body = next((child for child in root if local(child.tag) == "body"), None)
        if body is None:
            raise InputError(path, "has no <body> element")
        return build_units([child for child in body if local(child.tag) == "tu"], _bead, "tu",
                           path)


def _bead(unit: ET.Element, builder: BeadBuilder) -> Bead:
    props: dict[str, str] = {}
    sides: dict[str, str] = {}
    for child in unit:
        tag = local(child.tag)
        if tag == "prop":
            props.setdefault(child.get("type", ""), child.text or "")
        elif tag == "tuv":
            lang = child.get(XML_LANG) or child.get("lang") or ""
            side = _side(lang)
            if side is None:
                continue
            if side in sides:
                raise BeadProblem(f"has two {side} <tuv> elements")
            seg = next((el for el in child if local(el.tag) == "seg"), None)
            if seg is None:
                raise BeadProblem(f"<tuv xml:lang=\"{lang}\"> has no <seg>")
            sides[side] = _seg_text(seg)
    if not sides:
        raise BeadProblem("has no zh or en <tuv>")
    return builder.build(
        zh=sides.get("zh", ""), en=sides.get("en", ""),
        score=parse_score(props.get("x-score"), "x-score"), type_=props.get("x-type"),
        zh_ids=optional_ids(props, "x-zh-ids"), en_ids=optional_ids(props, "x-en-ids"),
        block=parse_block(props.get("x-block"), "x-block"), cut=props.get("x-cut") == "true",
        similarity=(parse_score(props["x-similarity"], "x-similarity")
                    if props.get("x-similarity", "").strip() else None))


def _side(lang: str) -> str | None:
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    if primary in _ZH_CODES:
        return "zh"
    if primary in _EN_CODES:
        return "en"
    return None


def _seg_text(element: ET.Element) -> str:
    """The text of a <seg> or <hi>; inline codes (bpt, ept, ph, it, ut) are markup, not text."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) == "hi":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
