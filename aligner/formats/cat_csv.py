"""A glossary CSV for CAT tools: language codes as column headers, UTF-8 with a BOM.

Layout (``--format cat-csv``, or a ``.cat.csv`` name)::

    zh-CN,en-US,en-US,Forbidden (en-US),Context
    对等关税,reciprocal tariff,reciprocal tariffs,,延长对等关税暂停期。

- one row a concept; the header row names each term column by its language code
  (``zh-CN``, ``en-US``), which the Trados Glossary Converter maps to languages by itself
  and memoQ's and MultiTerm Convert's CSV import let one map in their column dialogs;
- the preferred English rendering first, each accepted alternative in one more ``en-US``
  column (the way memoQ's own CSV export lays out several terms of one language), so no
  tool has to split a cell; a row with fewer alternatives leaves those cells empty;
- ``Forbidden (en-US)`` (only when some entry has forbidden renderings, ``|`` between
  them) and ``Context`` (the sentence the term was found in) are descriptive fields;
- comma-delimited, CRLF line ends, quoted as Excel quotes (the ``csv`` module's ``excel``
  dialect), UTF-8 with a byte-order mark: Excel reads UTF-8 only with one, and memoQ and
  MultiTerm Convert take UTF-8 (memoQ's default encoding).

Nor is the signature, which would be a row to them: ``write_glossary`` writes it beside the
file. Score, count and the curated mark are not written (CAT tools have no field for them; the
tsv and TBX glossaries keep them): read back, an entry has score 1 and count 0. Reading
also takes the tab- or semicolon-delimited files memoQ exports, any ``zh*``/``en*`` code or
``Chinese…``/``English…`` name as a language column, and ``|`` between renderings in a cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from os import PathLike

from aligner.errors import InputError
from aligner.formats.glossary import SEPARATOR, checked_term, split_renderings
from aligner.records import Term
from aligner.signature import Signature

ZH_CODE = "zh-CN"
EN_CODE = "en-US"
FORBIDDEN = f"Forbidden ({EN_CODE})"
CONTEXT = "Context"
BOM = "\ufeff"

_ZH = {"zh", "zho", "chi", "cmn", "chinese"}
_EN = {"en", "eng", "english"}
_CONTEXT = {"context", "example", "note", "definition"}


class CatCsvFormat:
    name = "cat-csv"
    suffixes = (".cat.csv",)
    holds_signature = False

    def render(self, terms: Sequence[Term], *, signature: Signature | None = None) -> str:
        alternates = max((len(t.alternates) for t in terms), default=0)
        forbidden = any(t.forbidden for t in terms)
        context = any(t.example for t in terms)
        header = [ZH_CODE, EN_CODE, *[EN_CODE] * alternates,
                  *([FORBIDDEN] if forbidden else []), *([CONTEXT] if context else [])]
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect="excel")
        writer.writerow(header)
        for term in terms:
            row = [term.zh, term.en, *term.alternates,
                   *[""] * (alternates - len(term.alternates))]
            if forbidden:
                row.append(SEPARATOR.join(term.forbidden))
            if context:
                row.append(term.example)
            writer.writerow(row)
        return BOM + buffer.getvalue()

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Term]:
        name = str(path)
        text = text.removeprefix(BOM)
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max(",;\t", key=first.count)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
        try:
            rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
        except csv.Error as exc:
            raise InputError(name, f"line {reader.line_num}: {exc}") from None
        if not rows:
            raise InputError(name, "has no glossary entries")
        number, header = rows[0]
        kinds = [_column(cell) for cell in header]
        if "zh" not in kinds or "en" not in kinds:
            raise InputError(name, f"line {number}: the header row names no "
                                   f"{' and no '.join(k for k in ('zh', 'en') if k not in kinds)}"
                                   f" language column (expected {ZH_CODE},{EN_CODE},…)")
        terms = []
        for number, cells in rows[1:]:
            by_kind: dict[str, list[str]] = {}
            for kind, cell in zip(kinds, cells, strict=False):
                if kind and cell.strip():
                    by_kind.setdefault(kind, []).append(cell.strip())
            zh = by_kind.get("zh", [""])[0]
            english = [r for cell in by_kind.get("en", []) for r in split_renderings(cell)]
            english = list(dict.fromkeys(english))
            if not zh and not english:
                continue
            if not zh or not english:
                raise InputError(name, f"line {number}: an entry needs both a {ZH_CODE} and "
                                       f"an {EN_CODE} term")
            forbidden = [r for cell in by_kind.get("forbidden", [])
                         for r in split_renderings(cell)]
            try:
                terms.append(checked_term(Term(
                    zh=zh, en=english[0], alternates=tuple(english[1:]),
                    example=by_kind.get("context", [""])[0],
                    forbidden=tuple(dict.fromkeys(forbidden)))))
            except ValueError as problem:
                raise InputError(name, f"line {number}: {problem}") from None
        return terms


def _column(cell: str) -> str:
    """What a header cell names: ``zh``, ``en``, ``forbidden``, ``context`` or nothing."""
    name = cell.strip().lstrip(BOM).lower()
    if "forbidden" in name:
        return "forbidden"
    if name in _CONTEXT:
        return "context"
    primary = re.split(r"[-_ (]", name, maxsplit=1)[0]
    return "zh" if primary in _ZH else "en" if primary in _EN else ""
