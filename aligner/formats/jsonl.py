"""JSON lines: one JSON object a bead, carrying everything a Bead holds.

Keys: ``zh``, ``en``, ``zh_ids``, ``en_ids``, ``score`` (the bead's confidence), ``type``,
``block``, ``similarity`` (the cosine of its two sides, when known) and ``cut`` (true, present
only when a sentence of the bead was cut at a soft break). Reading needs
only ``zh`` and ``en``; missing ids are numbered as :class:`~aligner.formats.base.BeadBuilder`
describes, a missing score is :data:`~aligner.formats.base.DEFAULT_SCORE`, and unknown
keys are ignored.

A signed file's first line is its signature, ``{"signature": {...}}``
(:meth:`aligner.signature.Signature.to_json`); reading skips any record that has a
``signature`` and no ``zh`` or ``en``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from typing import Any

from aligner.errors import InputError
from aligner.formats.base import SCORE_DECIMALS, BeadBuilder, BeadProblem, format_score, parse_score
from aligner.records import Bead
from aligner.signature import Signature


class JsonlFormat:
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    keeps_ids = True
    holds_signature = True

    def clean(self, text: str) -> str:
        """JSON escapes every character, so text is kept as it is."""
        return text

    def render(self, beads: Sequence[Bead], *, signature: Signature | None = None) -> str:
        return "".join(self.chunks(beads, signature=signature))

    def chunks(self, beads: Iterable[Bead], *, signature: Signature | None = None
               ) -> Iterator[str]:
        """The file a piece at a time (the signature, then one line a bead), as beads come."""
        if signature is not None:
            yield signature.to_json()
        for bead in beads:
            yield json.dumps(_record(bead), ensure_ascii=False) + "\n"

    def parse(self, text: str, path: str | PathLike[str] | None = None) -> list[Bead]:
        builder = BeadBuilder()
        beads: list[Bead] = []
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                record = _load(line)
                if _is_signature(record):
                    continue
                beads.append(_bead(record, builder))
            except BeadProblem as problem:
                raise InputError(path, f"line {number}: {problem}") from None
        if not beads:
            raise InputError(path, "has no beads")
        return beads


def _record(bead: Bead) -> dict[str, Any]:
    format_score(bead.score)  # refuses NaN and infinities, which JSON cannot hold
    if bead.similarity is not None:
        format_score(bead.similarity)
    return {"zh": bead.zh, "en": bead.en, "zh_ids": list(bead.zh_ids),
            "en_ids": list(bead.en_ids), "score": round(bead.score, SCORE_DECIMALS),
            "type": bead.type, "block": bead.block,
            **({} if bead.similarity is None
               else {"similarity": round(bead.similarity, SCORE_DECIMALS)}),
            **({"cut": True} if bead.cut else {})}


def _load(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BeadProblem(f"is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise BeadProblem("is not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise BeadProblem(f"is a JSON {type(record).__name__}, not an object")
    return record


def _is_signature(record: dict[str, Any]) -> bool:
    """Whether a record is a signature (which has no text of a bead), not a bead."""
    return "signature" in record and "zh" not in record and "en" not in record


def _bead(record: dict[str, Any], builder: BeadBuilder) -> Bead:
    for key in ("zh", "en"):
        if key not in record:
            raise BeadProblem(f"missing key {key!r}")
        if not isinstance(record[key], str):
            raise BeadProblem(f"{key!r} is not a string")
    type_ = record.get("type")
    if type_ is not None and not isinstance(type_, str):
        raise BeadProblem(f"type {type_!r} is not a string like \"1-1\"")
    block = record.get("block", 0)
    if not _is_int(block):
        raise BeadProblem(f"block {block!r} is not a whole number")
    score = record.get("score")
    if isinstance(score, str):
        raise BeadProblem(f"score {score!r} is a string, not a number")
    cut = record.get("cut", False)
    if not isinstance(cut, bool):
        raise BeadProblem(f"cut {cut!r} is not true or false")
    similarity = record.get("similarity")
    if similarity is not None:
        if isinstance(similarity, str):
            raise BeadProblem(f"similarity {similarity!r} is a string, not a number")
        similarity = parse_score(similarity, "similarity")
    return builder.build(zh=record["zh"], en=record["en"], score=parse_score(score),
                         type_=type_, zh_ids=_id_list(record, "zh_ids"),
                         en_ids=_id_list(record, "en_ids"), block=block, cut=cut,
                         similarity=similarity)


def _id_list(record: dict[str, Any], key: str) -> list[int] | None:
    ids = record.get(key)
    if ids is None:
        return None
    if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
        raise BeadProblem(f"{key} {ids!r} is not a list of sentence numbers")
    return ids


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
