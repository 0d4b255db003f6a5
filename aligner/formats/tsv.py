"""Tab-separated values: the default format, one bead a row under a
``zh en score type similarity`` header (score: the bead's confidence; similarity: the cosine
of its two sides, empty when unknown).

TSV does not carry sentence ids, blocks or the signature (a comment line would be a row to
the CAT tools and spreadsheets that read it: ``write_beads`` writes the signature beside the
file instead). Reading numbers ids sequentially from the
``type`` column in block 0 (an ``n-m`` row takes the next n zh and m en ids), so a file
written from one block of sequentially numbered beads reads back equal to them; beads
from several blocks come back as one block with ids continuing across them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from os import PathLike

from aligner.errors import InputError
from aligner.formats.base import BeadBuilder, BeadProblem, drop_controls, format_score, parse_score
from aligner.records import Bead
from aligner.signature import Signature

COLUMNS = ("zh", "en", "score", "type", "similarity")
REQUIRED = ("zh", "en")

# Everything a spreadsheet or a line-splitting tool might take for a cell or row break.
_BREAKS = str.maketrans(dict.fromkeys("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))


class TsvFormat:
    name = "tsv"
    suffixes = (".tsv", ".tab")
    keeps_ids = False
    holds_signature = False

    def clean(self, text: str) -> str:
        """Tabs and line breaks become spaces; other control characters are dropped."""
        return drop_controls(text.translate(_BREAKS))

    def render(self, beads: Sequence[Bead], *, signature: Signature | None = None) -> str:
        return "".join(self.chunks(beads, signature=signature))

    def chunks(self, beads: Iterable[Bead], *, signature: Signature | None = None
               ) -> Iterator[str]:
        """The file a piece at a time (the header, then one row a bead), as beads come."""
        yield "\t".join(COLUMNS) + "\n"
        for b in beads:
            yield "\t".join((self.clean(b.zh), self.clean(b.en), format_score(b.score), b.type,
                             "" if b.similarity is None else format_score(b.similarity))) + "\n"

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        lines = text.split("\n")
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None:
            raise InputError(path, "is empty")
        header = [name.strip().lower() for name in lines[start].split("\t")]
        for name in REQUIRED:
            if name not in header:
                raise InputError(path, f"line {start + 1}: the header row has no {name!r} column "
                                       f"(expected {', '.join(COLUMNS)})")
        duplicated = next((name for name in header if name and header.count(name) > 1), None)
        if duplicated:
            raise InputError(path, f"line {start + 1}: the header row has two {duplicated!r} "
                                   "columns")
        builder = BeadBuilder()
        beads: list[Bead] = []
        for number, line in enumerate(lines[start + 1:], start + 2):
            if not line.strip() and "\t" not in line:
                continue
            cells = line.split("\t")
            try:
                if len(cells) < len(header):
                    raise BeadProblem(f"missing column {header[len(cells)]!r}")
                if len(cells) > len(header):
                    raise BeadProblem(f"has {len(cells)} columns but the header has "
                                      f"{len(header)}")
                row = dict(zip(header, cells, strict=True))
                similarity = row.get("similarity", "")
                beads.append(builder.build(
                    zh=row["zh"], en=row["en"], score=parse_score(row.get("score")),
                    type_=row.get("type"),
                    similarity=parse_score(similarity, "similarity") if similarity.strip()
                    else None))
            except BeadProblem as problem:
                raise InputError(path, f"line {number}: {problem}") from None
        if not beads:
            raise InputError(path, "has a header row but no beads")
        return beads
