"""TBX-Basic glossaries (TBX v3, ISO 30042:2019); TBX v2 (martif) files are read too.

A signed file's ``<sourceDesc>`` holds the signature in a second ``<p type="x-aligner-signature">``
(TBX lets a source description have several paragraphs); reading takes entries only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from os import PathLike

from aligner.errors import InputError
from aligner.formats.glossary import checked_term, parse_number
from aligner.formats.xml import XML_LANG, local, parse_xml
from aligner.records import Evidence, Term
from aligner.signature import Signature

TBX_NS = "urn:iso:std:iso:30042:ed-2"
# TBX-Basic's administrativeStatus values for a preferred, an accepted and a forbidden rendering.
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
# TBX-Basic has no numeric data category, so score, count and provenance ride in a note.
_NOTE = re.compile(r"aligner:\s*score=(?P<score>[-+\d.eE]+)\s+count=(?P<count>\d+)"
                   r"(?P<curated>\s+curated)?")
# An extracted entry's evidence rides in a note of its own (see records.Evidence).
_EVIDENCE = re.compile(r"aligner evidence:\s*en_count=(?P<en_count>\d+)\s+"
                       r"consistency=(?P<consistency>[-+\d.eE]+)"
                       r"(?:\s+alternate_counts=(?P<alternates>[\d|]*))?")
_IN_TEXT = "aligner: rendered in the text as: "
SIGNATURE_TYPE = "x-aligner-signature"

# The declaration and the TBX-Basic schemas (RELAX NG structure, Schematron constraints)
# that validators pick up from xml-model instructions.
_PROLOGUE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/'
    'DCA/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/'
    'DCA/TBX-Basic_DCA.sch" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)


class TbxFormat:
    name = "tbx"
    suffixes = (".tbx",)
    holds_signature = True

    def render(self, terms: Sequence[Term], *, signature: Signature | None = None) -> str:
        # Tags stay unqualified and the default namespace is declared as a plain attribute:
        # ElementTree would otherwise invent an ns0: prefix (or need global registration).
        root = ET.Element("tbx", {"xmlns": TBX_NS, "type": "TBX-Basic", "style": "dca",
                                 XML_LANG: "en"})
        header = ET.SubElement(root, "tbxHeader")
        file_desc = ET.SubElement(header, "fileDesc")
        source_desc = ET.SubElement(file_desc, "sourceDesc")
        ET.SubElement(source_desc, "p").text = "Chinese-English glossary written by aligner"
        if signature is not None:
            ET.SubElement(source_desc, "p", {"type": SIGNATURE_TYPE}).text = str(signature)
        body = ET.SubElement(ET.SubElement(root, "text"), "body")
        for number, term in enumerate(terms, 1):
            entry = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
            note = ET.SubElement(entry, "note")
            note.text = (f"aligner: score={term.score:.3f} count={term.count}"
                         + (" curated" if term.curated else ""))
            evidence = term.evidence
            if evidence is not None:
                ET.SubElement(entry, "note").text = (
                    f"aligner evidence: en_count={evidence.en_count} "
                    f"consistency={evidence.consistency:.3f} alternate_counts="
                    + "|".join(map(str, evidence.alternate_counts)))
                if evidence.in_text:
                    ET.SubElement(entry, "note").text = _IN_TEXT + evidence.in_text
            zh = ET.SubElement(entry, "langSec", {XML_LANG: "zh"})
            zh_sec = _term_sec(zh, term.zh, None)
            if term.example:
                context = ET.SubElement(zh_sec, "descrip", {"type": "context"})
                context.text = term.example
            en = ET.SubElement(entry, "langSec", {XML_LANG: "en"})
            preferred = _term_sec(en, term.en, PREFERRED)
            if evidence is not None and evidence.example_en:
                ET.SubElement(preferred, "descrip", {"type": "context"}).text = \
                    evidence.example_en
            for alternate in term.alternates:
                _term_sec(en, alternate, ADMITTED)
            for forbidden in term.forbidden:
                _term_sec(en, forbidden, DEPRECATED)
        ET.indent(root, space="  ")
        return _PROLOGUE + ET.tostring(root, encoding="unicode") + "\n"

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Term]:
        name = str(path)
        root = parse_xml(text, path)
        if local(root.tag) not in ("tbx", "martif"):
            raise InputError(name, f"is XML but not TBX (root element <{local(root.tag)}>)")
        terms = []
        # TBX v3 names entries conceptEntry/langSec/termSec; TBX v2 (martif) termEntry/langSet/tig.
        for entry in root.iter():
            if local(entry.tag) not in ("conceptEntry", "termEntry"):
                continue
            try:
                term = _tbx_entry(entry)
                if term is not None:
                    terms.append(checked_term(term))
            except ValueError as problem:
                raise InputError(name, f"entry {entry.get('id') or len(terms) + 1}: "
                                       f"{problem}") from None
        return terms


def _term_sec(lang_sec: ET.Element, text: str, status: str | None) -> ET.Element:
    sec = ET.SubElement(lang_sec, "termSec")
    ET.SubElement(sec, "term").text = text
    if status:
        ET.SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
    return sec


def _tbx_entry(entry: ET.Element) -> Term | None:
    zh: list[str] = []
    preferred: list[str] = []
    admitted: list[str] = []
    forbidden: list[str] = []
    example = example_en = ""
    for lang_sec in entry:
        if local(lang_sec.tag) not in ("langSec", "langSet"):
            continue
        lang = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower()
        for sec in lang_sec:
            if local(sec.tag) not in ("termSec", "tig", "ntig"):
                continue
            text = _child_text(sec, "term")
            if not text:
                continue
            status = _status(sec)
            if lang.startswith("zh"):
                zh.append(text)
                example = example or _descrip(sec, "context")
            elif lang.startswith("en"):
                if "deprecated" in status or "superseded" in status or "forbidden" in status:
                    forbidden.append(text)
                elif "preferred" in status:
                    preferred.append(text)
                    example_en = example_en or _descrip(sec, "context")
                else:
                    admitted.append(text)
    english = preferred + admitted
    if not zh or not english:
        return None
    score, count, curated = 1.0, 0, False
    evidence: Evidence | None = None
    in_text = ""
    for note in entry:
        if local(note.tag) != "note":
            continue
        text = note.text or ""
        match = _NOTE.search(text)
        if match:
            score = parse_number(match["score"], "score", 1.0)
            count = int(parse_number(match["count"], "count", 0))
            curated = bool(match["curated"])
        found = _EVIDENCE.search(text)
        if found:
            evidence = Evidence(
                en_count=int(found["en_count"]),
                consistency=parse_number(found["consistency"], "consistency", 0.0),
                alternate_counts=tuple(int(c) for c in (found["alternates"] or "").split("|")
                                       if c))
        if text.strip().startswith(_IN_TEXT):
            in_text = _text(text.strip()[len(_IN_TEXT):])
    if evidence is not None:
        evidence = replace(evidence, example_en=example_en, in_text=in_text)
    return Term(zh=zh[0], en=english[0], alternates=tuple(english[1:]), score=score,
                count=count, example=example, curated=curated, forbidden=tuple(forbidden),
                evidence=evidence)


def _status(sec: ET.Element) -> str:
    for child in sec.iter():
        name = local(child.tag)
        if (name == "termNote" and child.get("type") == "administrativeStatus") \
                or name == "administrativeStatus":
            return (child.text or "").strip().lower()
    return ""


def _descrip(sec: ET.Element, kind: str) -> str:
    for child in sec.iter():
        if local(child.tag) == "descrip" and child.get("type") == kind:
            return _text(child.text or "")
    return ""


def _child_text(element: ET.Element, tag: str) -> str:
    for child in element:
        if local(child.tag) == tag:
            return _text("".join(child.itertext()))
    return ""


def _text(raw: str) -> str:
    """A term's or example's text as written; only layout (a line break and indentation
    from pretty-printing) is folded to single spaces."""
    raw = raw.strip()
    return " ".join(raw.split()) if "\n" in raw or "\t" in raw else raw
