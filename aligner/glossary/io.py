"""Glossary files: tsv and csv tables with a header row, and TBX-Basic (TBX v3, ISO 30042:2019).

Tables have the columns ``zh, en, score, count, alternates, example``; readers also accept
``forbidden`` and ``curated`` columns, and several accepted renderings in ``en`` separated
by ``|`` (the first is the preferred one), as CAT tools export synonyms. Lines starting with
``#`` before or between rows are comments.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

from aligner.errors import InputError
from aligner.output import write_output
from aligner.text import read_text
from aligner.types import Term

COLUMNS = ("zh", "en", "score", "count", "alternates", "example")
SEPARATOR = "|"

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# TBX-Basic's administrativeStatus values for a preferred, an accepted and a forbidden rendering.
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
# TBX-Basic has no numeric data category, so score, count and provenance ride in a note.
_NOTE = re.compile(r"aligner:\s*score=(?P<score>[-+\d.eE]+)\s+count=(?P<count>\d+)"
                   r"(?P<curated>\s+curated)?")

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

_TRUE = {"1", "yes", "true", "y", "curated", "x"}


# --- writing -----------------------------------------------------------------------------

def render_glossary(terms: Sequence[Term], fmt: str = "tsv") -> str:
    """The text of a glossary file in ``fmt`` (tsv, csv or tbx)."""
    try:
        render = RENDERERS[fmt]
    except KeyError:
        raise InputError(None, f"unknown glossary format {fmt!r} "
                               f"(known: {', '.join(RENDERERS)})") from None
    return render(terms)


def write_glossary(terms: Sequence[Term], path: str | Path | None, fmt: str | None = None) -> None:
    """Write ``terms`` atomically to ``path`` (None or ``-``: stdout); format from the suffix."""
    write_output(path, render_glossary(terms, fmt or format_for_path(path)))


def format_for_path(path: str | Path | None, default: str = "tsv") -> str:
    """The glossary format a file name asks for by its suffix, else ``default``."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in RENDERERS else default


def _columns(terms: Sequence[Term]) -> list[str]:
    # The extra columns appear only when some entry needs them, so a plain extracted
    # glossary has exactly the six documented columns.
    columns = list(COLUMNS)
    if any(t.forbidden for t in terms):
        columns.append("forbidden")
    if any(t.curated for t in terms):
        columns.append("curated")
    return columns


def _row(term: Term, columns: Sequence[str]) -> list[str]:
    values = {
        "zh": term.zh, "en": term.en, "score": f"{term.score:.3f}", "count": str(term.count),
        "alternates": SEPARATOR.join(term.alternates), "example": term.example,
        "forbidden": SEPARATOR.join(term.forbidden), "curated": "yes" if term.curated else "",
    }
    return [values[c] for c in columns]


def _render_tsv(terms: Sequence[Term]) -> str:
    columns = _columns(terms)
    lines = ["\t".join(columns)]
    for term in terms:
        lines.append("\t".join(_flat(v) for v in _row(term, columns)))
    return "\n".join(lines) + "\n"


def _flat(value: str) -> str:
    """A tsv cell cannot hold tabs or newlines."""
    return " ".join(value.split()) if any(c in value for c in "\t\n\r") else value


def _render_csv(terms: Sequence[Term]) -> str:
    columns = _columns(terms)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for term in terms:
        writer.writerow(_row(term, columns))
    return buffer.getvalue()


def _render_tbx(terms: Sequence[Term]) -> str:
    # Tags stay unqualified and the default namespace is declared as a plain attribute:
    # ElementTree would otherwise invent an ns0: prefix (or need global registration).
    root = ET.Element("tbx", {"xmlns": TBX_NS, "type": "TBX-Basic", "style": "dca",
                             XML_LANG: "en"})
    header = ET.SubElement(root, "tbxHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source = ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p")
    source.text = "Chinese-English glossary written by aligner"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, 1):
        entry = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
        note = ET.SubElement(entry, "note")
        note.text = (f"aligner: score={term.score:.3f} count={term.count}"
                     + (" curated" if term.curated else ""))
        zh = ET.SubElement(entry, "langSec", {XML_LANG: "zh"})
        zh_sec = _term_sec(zh, term.zh, None)
        if term.example:
            context = ET.SubElement(zh_sec, "descrip", {"type": "context"})
            context.text = term.example
        en = ET.SubElement(entry, "langSec", {XML_LANG: "en"})
        _term_sec(en, term.en, PREFERRED)
        for alternate in term.alternates:
            _term_sec(en, alternate, ADMITTED)
        for forbidden in term.forbidden:
            _term_sec(en, forbidden, DEPRECATED)
    ET.indent(root, space="  ")
    return _PROLOGUE + ET.tostring(root, encoding="unicode") + "\n"


def _term_sec(lang_sec: ET.Element, text: str, status: str | None) -> ET.Element:
    sec = ET.SubElement(lang_sec, "termSec")
    ET.SubElement(sec, "term").text = text
    if status:
        ET.SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
    return sec


RENDERERS: dict[str, Callable[[Sequence[Term]], str]] = {
    "tsv": _render_tsv,
    "csv": _render_csv,
    "tbx": _render_tbx,
}


# --- reading -----------------------------------------------------------------------------

def read_glossary(path: str | Path, fmt: str | None = None,
                  encoding: str | None = None) -> list[Term]:
    """The entries of a tsv, csv or TBX glossary; bad files raise :class:`InputError`."""
    text = read_text(path, encoding)
    if fmt is None:
        fmt = format_for_path(path)
        if fmt != "tbx" and text.lstrip().startswith("<"):
            fmt = "tbx"
    return parse_glossary(text, fmt, str(path))


def parse_glossary(text: str, fmt: str, name: str = "glossary") -> list[Term]:
    try:
        parse = PARSERS[fmt]
    except KeyError:
        raise InputError(name, f"unknown glossary format {fmt!r}") from None
    terms = parse(text, name)
    if not terms:
        raise InputError(name, "has no glossary entries")
    return terms


def _parse_tsv(text: str, name: str) -> list[Term]:
    return _parse_rows(_table_lines(text, lambda line: line.split("\t")), name)


def _parse_csv(text: str, name: str) -> list[Term]:
    # csv fields may hold newlines, so the whole text goes through the csv reader.
    reader = csv.reader(io.StringIO(text))
    rows = []
    for row in reader:
        if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        rows.append((reader.line_num, row))
    return _parse_rows(rows, name)


def _table_lines(text: str, split: Callable[[str], list[str]]) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, split(line)))
    return rows


_ALIASES = {"chinese": "zh", "source": "zh", "english": "en", "target": "en"}


def _parse_rows(rows: list[tuple[int, list[str]]], name: str) -> list[Term]:
    if not rows:
        raise InputError(name, "has no glossary entries")
    header = [_column_name(cell) for cell in rows[0][1]]
    missing = [c for c in ("zh", "en") if c not in header]
    if missing:
        raise InputError(name, f"has no {' or '.join(missing)} column in its header row "
                               f"(expected {', '.join(COLUMNS)})")
    at = {column: header.index(column) for column in set(header)}
    terms = []
    for number, cells in rows[1:]:
        def cell(column: str, cells: list[str] = cells) -> str:
            index = at.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        zh = cell("zh")
        renderings = _split(cell("en"))
        if not zh and not renderings:
            continue
        if not zh or not renderings:
            raise InputError(name, f"line {number}: an entry needs both zh and en")
        alternates = [r for r in _split(cell("alternates")) if r not in renderings]
        try:
            score = float(cell("score")) if cell("score") else 1.0
            count = int(float(cell("count"))) if cell("count") else 0
        except ValueError:
            raise InputError(name, f"line {number}: score and count must be numbers") from None
        terms.append(Term(zh=zh, en=renderings[0], alternates=(*renderings[1:], *alternates),
                          score=score, count=count, example=cell("example"),
                          curated=cell("curated").lower() in _TRUE,
                          forbidden=tuple(_split(cell("forbidden")))))
    return terms


def _column_name(cell: str) -> str:
    name = cell.strip().lstrip("\ufeff").lower()
    if name.startswith(("zh-", "zh_")):
        name = "zh"
    elif name.startswith(("en-", "en_")):
        name = "en"
    return _ALIASES.get(name, name)


def _split(value: str) -> list[str]:
    seen: list[str] = []
    for part in value.split(SEPARATOR):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def _parse_tbx(text: str, name: str) -> list[Term]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise InputError(name, f"is not well-formed XML ({exc})") from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(name, f"is XML but not TBX (root element <{_local(root.tag)}>)")
    terms = []
    # TBX v3 names entries conceptEntry/langSec/termSec; TBX v2 (martif) termEntry/langSet/tig.
    for entry in root.iter():
        if _local(entry.tag) not in ("conceptEntry", "termEntry"):
            continue
        term = _tbx_entry(entry)
        if term is not None:
            terms.append(term)
    return terms


def _tbx_entry(entry: ET.Element) -> Term | None:
    zh: list[str] = []
    preferred: list[str] = []
    admitted: list[str] = []
    forbidden: list[str] = []
    example = ""
    for lang_sec in entry:
        if _local(lang_sec.tag) not in ("langSec", "langSet"):
            continue
        lang = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower()
        for sec in lang_sec:
            if _local(sec.tag) not in ("termSec", "tig", "ntig"):
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
                else:
                    admitted.append(text)
    english = preferred + admitted
    if not zh or not english:
        return None
    score, count, curated = 1.0, 0, False
    for note in entry:
        match = _local(note.tag) == "note" and _NOTE.search(note.text or "")
        if match:
            score, count = float(match["score"]), int(match["count"])
            curated = bool(match["curated"])
    return Term(zh=zh[0], en=english[0], alternates=tuple(english[1:]), score=score,
                count=count, example=example, curated=curated, forbidden=tuple(forbidden))


def _status(sec: ET.Element) -> str:
    for child in sec.iter():
        name = _local(child.tag)
        if (name == "termNote" and child.get("type") == "administrativeStatus") \
                or name == "administrativeStatus":
            return (child.text or "").strip().lower()
    return ""


def _descrip(sec: ET.Element, kind: str) -> str:
    for child in sec.iter():
        if _local(child.tag) == "descrip" and child.get("type") == kind:
            return " ".join((child.text or "").split())
    return ""


def _child_text(element: ET.Element, tag: str) -> str:
    for child in element:
        if _local(child.tag) == tag:
            return " ".join("".join(child.itertext()).split())
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


PARSERS: dict[str, Callable[[str, str], list[Term]]] = {
    "tsv": _parse_tsv,
    "csv": _parse_csv,
    "tbx": _parse_tbx,
}

FORMATS: tuple[str, ...] = tuple(RENDERERS)
