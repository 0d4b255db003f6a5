"""Glossary tables: tsv and csv with a header row.

Columns ``zh, en, score, count, alternates, example``, then for an extracted glossary its
evidence (``rendered``: the term's beads holding the rendering, ``consistency``: their
share, ``alternate_counts``, ``example_en``: the English of the example bead, and
``in_text`` where a curated entry's text renders it otherwise); readers also accept
``forbidden`` and ``curated`` columns, and several accepted renderings in ``en`` separated
by ``|`` (the first is the preferred one), as CAT tools export synonyms. Lines starting
with ``#`` before or between rows are comments.

Neither table holds a signature (spreadsheets and CAT tools would take a comment line for a
row): :func:`aligner.formats.write_glossary` writes it beside the file.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from os import PathLike

from aligner.errors import InputError
from aligner.records import Evidence, Term
from aligner.signature import Signature

COLUMNS = ("zh", "en", "score", "count", "alternates", "example")
EVIDENCE = ("rendered", "consistency", "alternate_counts", "example_en")
SEPARATOR = "|"
# A curated term longer than this is no term (a pasted paragraph); it would also cost the
# Chinese word splitter's dictionary memory in proportion to its length squared. Each
# English rendering becomes a regular expression in the checker: bounded the same way.
MAX_TERM_CHARS = 200
MAX_RENDERING_CHARS = 400

_TRUE = {"1", "yes", "true", "y", "curated", "x"}


class GlossaryTsvFormat:
    name = "tsv"
    suffixes = (".tsv",)
    holds_signature = False

    def render(self, terms: Sequence[Term], *, signature: Signature | None = None) -> str:
        columns = _columns(terms)
        lines = ["\t".join(columns)]
        for term in terms:
            lines.append("\t".join(_flat(v) for v in _row(term, columns)))
        return "\n".join(lines) + "\n"

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Term]:
        return parse_rows(_table_lines(text, lambda line: line.split("\t")), str(path))


class GlossaryCsvFormat:
    name = "csv"
    suffixes = (".csv",)
    holds_signature = False

    def render(self, terms: Sequence[Term], *, signature: Signature | None = None) -> str:
        columns = _columns(terms)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for term in terms:
            writer.writerow(_row(term, columns))
        return buffer.getvalue()

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Term]:
        # csv fields may hold newlines, so the whole text goes through the csv reader.
        reader = csv.reader(io.StringIO(text))
        rows = []
        for row in reader:
            if not row or not any(cell.strip() for cell in row) \
                    or row[0].lstrip().startswith("#"):
                continue
            rows.append((reader.line_num, row))
        return parse_rows(rows, str(path))


def _columns(terms: Sequence[Term]) -> list[str]:
    # The extra columns appear only when some entry needs them, so a plain extracted
    # glossary has exactly the six documented columns.
    columns = list(COLUMNS)
    if any(t.evidence for t in terms):
        columns.extend(EVIDENCE)
    if any(t.evidence and t.evidence.in_text for t in terms):
        columns.append("in_text")
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
    evidence = term.evidence
    if evidence is not None:
        values |= {"rendered": str(evidence.en_count),
                   "consistency": f"{evidence.consistency:.3f}",
                   "alternate_counts": SEPARATOR.join(map(str, evidence.alternate_counts)),
                   "example_en": evidence.example_en, "in_text": evidence.in_text}
    return [values.get(c, "") for c in columns]


def _flat(value: str) -> str:
    """A tsv cell cannot hold tabs or newlines."""
    return " ".join(value.split()) if any(c in value for c in "\t\n\r") else value


def _table_lines(text: str, split: Callable[[str], list[str]]) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, split(line)))
    return rows


_ALIASES = {"chinese": "zh", "source": "zh", "english": "en", "target": "en"}


def parse_rows(rows: list[tuple[int, list[str]]], name: str) -> list[Term]:
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
        renderings = split_renderings(cell("en"))
        if not zh and not renderings:
            continue
        if not zh or not renderings:
            raise InputError(name, f"line {number}: an entry needs both zh and en")
        alternates = [r for r in split_renderings(cell("alternates")) if r not in renderings]
        try:
            score = parse_number(cell("score"), "score", 1.0)
            count = int(parse_number(cell("count"), "count", 0))
            terms.append(checked_term(Term(
                zh=zh, en=renderings[0], alternates=(*renderings[1:], *alternates),
                score=score, count=count, example=cell("example"),
                curated=cell("curated").lower() in _TRUE,
                forbidden=tuple(split_renderings(cell("forbidden"))),
                evidence=_evidence(cell) if "rendered" in at else None)))
        except ValueError as problem:
            raise InputError(name, f"line {number}: {problem}") from None
    return terms


def _evidence(cell: Callable[[str], str]) -> Evidence:
    counts = [part.strip() for part in cell("alternate_counts").split(SEPARATOR)]
    return Evidence(en_count=int(parse_number(cell("rendered"), "count", 0)),
                    consistency=parse_number(cell("consistency"), "consistency", 0.0),
                    alternate_counts=tuple(int(parse_number(c, "count", 0))
                                           for c in counts if c),
                    example_en=cell("example_en"), in_text=cell("in_text"))


def parse_number(value: str, what: str, default: float) -> float:
    """A finite number from a glossary file; ValueError says what is wrong with it."""
    if not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number) or (what == "count" and number < 0):
        raise ValueError(f"{what} {value!r} is not a finite number"
                         + (" of 0 or more" if what == "count" else ""))
    return number


def checked_term(term: Term) -> Term:
    """``term``, if its texts are of a sane length; ValueError otherwise."""
    if len(term.zh) > MAX_TERM_CHARS:
        raise ValueError(f"the term is {len(term.zh):,} characters long; terms may have at "
                         f"most {MAX_TERM_CHARS}")
    longest = max((*term.renderings, *term.forbidden), key=len)
    if len(longest) > MAX_RENDERING_CHARS:
        raise ValueError(f"a rendering is {len(longest):,} characters long; renderings may "
                         f"have at most {MAX_RENDERING_CHARS}")
    return term


def _column_name(cell: str) -> str:
    name = cell.strip().lstrip("\ufeff").lower()
    if name.startswith(("zh-", "zh_")):
        name = "zh"
    elif name.startswith(("en-", "en_")):
        name = "en"
    return _ALIASES.get(name, name)


def split_renderings(value: str) -> list[str]:
    seen: list[str] = []
    for part in value.split(SEPARATOR):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


