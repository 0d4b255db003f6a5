"""The review project: the beads as sentence ids, what the reviewer did to them, and the
texts they edited, kept apart from the source.

A project is saved as JSON lines next to its input (``doc.txt`` → ``doc.review.jsonl``):
the first line holds both sources and their sentences as offsets (it never changes), the
second the edited sentence texts, then one line a bead. Every save rewrites the file
atomically; sentence vectors are cached beside it (``.vectors.npy``) so that resuming
needs no model run. Within :func:`in_memory` nothing is written: ``aligner review
--export`` reads a project beside its input if there is one, and leaves none behind.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from aligner.alignment import Clauses
from aligner.errors import InputError
from aligner.output import write_output
from aligner.paragraphs import Block
from aligner.records import Alignment, Sentence, Span, join_sentences

MAGIC = "aligner-review"
VERSION = 1
SUFFIX = ".review.jsonl"
SIDES = ("zh", "en")

_SAVING: ContextVar[bool] = ContextVar("aligner_review_saving", default=True)


@contextmanager
def in_memory() -> Iterator[None]:
    """Within the block, projects are kept in memory only: :meth:`Project.save` and the
    vector caches write nothing (a project already saved is still read)."""
    token = _SAVING.set(False)
    try:
        yield
    finally:
        _SAVING.reset(token)


@dataclass(frozen=True)
class ReviewBead:
    """A bead as the reviewer sees it: sentence ids on each side (indices into the side's
    sentences), the aligner's confidence (None for a bead the reviewer made), and flags.

    ``fixed``: the reviewer made or reshaped this bead, so re-aligning keeps it, as it keeps
    a ``confirmed`` one.
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float | None = None
    similarity: float | None = None
    block: int = 0
    confirmed: bool = False
    fixed: bool = False

    @property
    def type(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"

    @property
    def anchored(self) -> bool:
        return self.confirmed or self.fixed

    def side(self, side: str) -> tuple[int, ...]:
        return self.zh if side == "zh" else self.en


@dataclass(frozen=True)
class BlockFacts:
    """What the aligner knew of a block that re-aligning a stretch of it needs, so that the
    stretch is aligned as ``aligner align`` aligned the block
    (:func:`aligner.engine.stretch_block`): the confidence of its paragraph pair (None: not
    one 1-1 pair) and its left-out sentences (side, sentence id, probability unrelated)."""

    confidence: float | None = None
    left_out: tuple[tuple[str, int, float], ...] = ()


NO_FACTS = BlockFacts()


@dataclass(frozen=True)
class Side:
    """One language: its source text, its sentences, and each sentence's id in the input's
    numbering (None for a sentence no bead of the input held)."""

    source: str
    sentences: tuple[Sentence, ...]
    ids: tuple[int | None, ...]


Edits = dict[str, dict[int, str]]


@dataclass
class Project:
    zh: Side
    en: Side
    beads: list[ReviewBead]
    edits: Edits = field(default_factory=lambda: {"zh": {}, "en": {}})
    inputs: tuple[str, ...] = ()
    glossaries: tuple[str, ...] = ()
    model: str | None = None
    path: Path | None = None
    # The ratio ``aligner align`` judged bead lengths by, and what it knew of each block
    # (by number; blocks it knew nothing of are left out): none for an aligned file.
    length_ratio: float | None = None
    blocks: dict[int, BlockFacts] = field(default_factory=dict)
    _header: str | None = field(default=None, repr=False, compare=False)

    def side(self, side: str) -> Side:
        return self.zh if side == "zh" else self.en

    def sentence_text(self, side: str, sid: int) -> str:
        """The sentence as the reviewer left it: edited, or as in the source."""
        edited = self.edits[side].get(sid)
        return edited if edited is not None else self.side(side).sentences[sid].text

    def text(self, ids: Sequence[int], side: str) -> tuple[str, list[Span]]:
        """A bead side's text (source text from its first sentence to its last, edited
        sentences put in) and where each sentence lies in it."""
        aligned = self.side(side)
        joined, spans = join_sentences(aligned.source, [aligned.sentences[i] for i in ids])
        edits = self.edits[side]
        if not any(i in edits for i in ids):
            return joined, spans
        pieces: list[str] = []
        new_spans: list[Span] = []
        at = length = 0
        for sid, (start, end) in zip(ids, spans, strict=True):
            pieces.append(joined[at:start])
            length += start - at
            sentence = edits.get(sid, joined[start:end])
            new_spans.append((length, length + len(sentence)))
            pieces.append(sentence)
            length += len(sentence)
            at = end
        pieces.append(joined[at:])
        return "".join(pieces), new_spans

    def edited(self, bead: ReviewBead) -> dict[str, bool]:
        return {side: any(i in self.edits[side] for i in bead.side(side)) for side in SIDES}

    # --- saving ----------------------------------------------------------------------

    @property
    def vectors_path(self) -> Path | None:
        return None if self.path is None else vectors_path(self.path)

    @property
    def saving(self) -> bool:
        """Whether :meth:`save` writes: the project has a path and is not kept
        :func:`in_memory`."""
        return self.path is not None and _SAVING.get()

    def save(self) -> None:
        """Write the whole project atomically (a temporary file renamed onto it)."""
        if self.path is None or not self.saving:
            return
        if self._header is None:
            self._header = json.dumps(self._header_record(), ensure_ascii=False)
        edits = {side: {str(k): v for k, v in sorted(self.edits[side].items())}
                 for side in SIDES}
        lines = [self._header, json.dumps({"edits": edits}, ensure_ascii=False)]
        lines.extend(json.dumps(_bead_record(bead)) for bead in self.beads)
        write_output(self.path, "\n".join(lines) + "\n", inputs=self.inputs)

    def save_vectors(self, zh: np.ndarray, en: np.ndarray) -> None:
        """Cache the source sentences' vectors beside the project (written atomically)."""
        if self.vectors_path is not None and self.saving:
            buffer = io.BytesIO()
            np.save(buffer, np.concatenate([zh, en]).astype(np.float32))
            write_output(self.vectors_path, buffer.getvalue(), inputs=self.inputs)

    def load_vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The cached vectors, if they are there and fit the sentences."""
        target = self.vectors_path
        if target is None or not target.exists():
            return None
        try:
            matrix = np.load(target, allow_pickle=False)
        except (OSError, ValueError):
            return None
        n = len(self.zh.sentences)
        if matrix.ndim != 2 or len(matrix) != n + len(self.en.sentences):
            return None
        return matrix[:n], matrix[n:]

    @property
    def clauses_path(self) -> Path | None:
        return None if self.path is None else clauses_path(self.path)

    def save_clauses(self, clauses: dict[str, dict[int, np.ndarray]]) -> None:
        """Cache the clause vectors of the source sentences (by side and sentence id, every
        sentence there) beside the project (written atomically), float16 as embedded."""
        target = self.clauses_path
        if target is None or not self.saving:
            return
        arrays = {}
        for side in SIDES:
            joined = Clauses.of([clauses[side][sid]
                                 for sid in range(len(self.side(side).sentences))])
            arrays[f"{side}_starts"] = joined.starts
            arrays[f"{side}_vectors"] = joined.vectors.astype(np.float16)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        write_output(target, buffer.getvalue(), inputs=self.inputs)

    def load_clauses(self) -> dict[str, dict[int, np.ndarray]] | None:
        """The cached clause vectors by side and sentence id, if they are there and fit the
        sentences."""
        target = self.clauses_path
        if target is None or not target.exists():
            return None
        try:
            with np.load(target, allow_pickle=False) as saved:
                arrays = {name: saved[name] for name in saved.files}
        except (OSError, ValueError, KeyError):
            return None
        out: dict[str, dict[int, np.ndarray]] = {}
        for side in SIDES:
            starts, vectors = arrays.get(f"{side}_starts"), arrays.get(f"{side}_vectors")
            count = len(self.side(side).sentences)
            if starts is None or vectors is None or len(starts) != count + 1 \
                    or starts[-1] != len(vectors):
                return None
            out[side] = clauses_by_sentence(vectors, starts, count)
        return out

    def _header_record(self) -> dict[str, Any]:
        return {MAGIC: VERSION, "inputs": list(self.inputs), "glossaries": list(self.glossaries),
                "model": self.model,
                **({"length_ratio": self.length_ratio} if self.length_ratio is not None
                   else {}),
                **({"blocks": [[number, facts.confidence, [list(e) for e in facts.left_out]]
                               for number, facts in sorted(self.blocks.items())]}
                   if self.blocks else {}),
                **{side: _side_record(self.side(side)) for side in SIDES}}


def vectors_path(project: Path) -> Path:
    return project.with_name(project.name.removesuffix(".jsonl") + ".vectors.npy")


def clauses_by_sentence(vectors: np.ndarray, starts: np.ndarray, count: int
                        ) -> dict[int, np.ndarray]:
    """Sentence ``s``'s clause vectors, ``vectors[starts[s]:starts[s + 1]]``, by id."""
    return {sid: vectors[starts[sid]:starts[sid + 1]] for sid in range(count)}


def clauses_path(project: Path) -> Path:
    return project.with_name(project.name.removesuffix(".jsonl") + ".clauses.npz")


def project_path_for(input_path: str | os.PathLike[str]) -> Path:
    """Where the project of ``input_path`` lives: beside it, ``NAME.review.jsonl``."""
    path = Path(input_path)
    if str(input_path) == "-":
        raise InputError("-", "review needs a file: its project is saved next to it")
    return path.with_name(path.stem + SUFFIX)


def is_project(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a saved review project (by its first characters)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(64)
    except OSError:
        return False
    return start.lstrip().startswith(b'{"' + MAGIC.encode() + b'"')


def from_alignment(alignment: Alignment, *, inputs: Sequence[str] = (),
                   glossaries: Sequence[str] = (), model: str | None = None,
                   path: Path | None = None, blocks: Sequence[Block] = (),
                   length_ratio: float | None = None) -> Project:
    """A new project holding ``alignment``'s beads, nothing reviewed yet; ``blocks`` and
    ``length_ratio``: those the engine aligned it with (:class:`aligner.engine.Aligned`)."""
    sides = []
    for number, side in enumerate(SIDES):
        aligned = alignment.zh if side == "zh" else alignment.en
        ids: list[int | None] = [None] * len(aligned.sentences)
        for bead, members in zip(alignment.beads, alignment.members, strict=True):
            for original, sid in zip(bead.zh_ids if side == "zh" else bead.en_ids,
                                     members[number], strict=False):
                ids[sid] = original
        sides.append(Side(aligned.source, aligned.sentences, tuple(ids)))
    beads = [ReviewBead(tuple(members[0]), tuple(members[1]), bead.score, bead.similarity,
                        bead.block)
             for bead, members in zip(alignment.beads, alignment.members, strict=True)]
    facts = {number: BlockFacts(block.confidence, tuple(block.left_out))
             for number, block in enumerate(blocks)
             if block.confidence is not None or block.left_out}
    return Project(sides[0], sides[1], beads, inputs=tuple(inputs),
                   glossaries=tuple(glossaries), model=model, path=path,
                   length_ratio=length_ratio, blocks=facts)


def load_project(path: str | os.PathLike[str]) -> Project:
    """The project saved at ``path``; a file that is not one is an InputError."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    try:
        header = json.loads(lines[0])
        if not isinstance(header, dict) or header.get(MAGIC) != VERSION:
            raise InputError(path, f"is not an aligner review project (version {VERSION})")
        sides = [_side_from(header[side]) for side in SIDES]
        raw_edits = json.loads(lines[1])["edits"]
        edits = {side: {int(k): str(v) for k, v in raw_edits.get(side, {}).items()}
                 for side in SIDES}
        beads = [_bead_from(json.loads(line)) for line in lines[2:] if line.strip()]
        ratio = header.get("length_ratio")
        blocks = {int(number): BlockFacts(None if confidence is None else float(confidence),
                                          tuple((_side_name(side), int(sid), float(p))
                                                for side, sid, p in left_out))
                  for number, confidence, left_out in header.get("blocks", ())}
    except InputError:
        raise
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError(path, f"is a damaged review project ({type(exc).__name__}: {exc})") \
            from None
    project = Project(sides[0], sides[1], beads, edits,
                      inputs=tuple(header.get("inputs", ())),
                      glossaries=tuple(header.get("glossaries", ())),
                      model=header.get("model"), path=Path(path),
                      length_ratio=None if ratio is None else float(ratio), blocks=blocks)
    problem = validate(project)
    if problem:
        raise InputError(path, f"is a damaged review project ({problem})")
    return project


def validate(project: Project) -> str | None:
    """What is wrong with the beads (a sentence twice, an id out of range), or None."""
    for side in SIDES:
        count = len(project.side(side).sentences)
        seen: set[int] = set()
        for bead in project.beads:
            for sid in bead.side(side):
                if not 0 <= sid < count:
                    return f"{side} sentence {sid} does not exist"
                if sid in seen:
                    return f"{side} sentence {sid} is in two beads"
                seen.add(sid)
        for sid in project.edits[side]:
            if not 0 <= sid < count:
                return f"edited {side} sentence {sid} does not exist"
        for number, facts in project.blocks.items():
            for left_side, sid, _ in facts.left_out:
                if left_side == side and not 0 <= sid < count:
                    return f"block {number} leaves out {side} sentence {sid}, which does " \
                           "not exist"
    if any(not bead.zh and not bead.en for bead in project.beads):
        return "a bead has no sentence"
    return None


def _side_name(side: object) -> str:
    if side not in SIDES:
        raise ValueError(f"{side!r} is no side")
    return str(side)


def _side_record(side: Side) -> dict[str, Any]:
    rows = []
    for sentence in side.sentences:
        row: list[Any] = [sentence.start, sentence.end, sentence.paragraph, int(sentence.cut)]
        if side.source[sentence.start:sentence.end] != sentence.text:
            row.append(sentence.text)
        rows.append(row)
    return {"source": side.source, "sentences": rows, "ids": list(side.ids)}


def _side_from(record: dict[str, Any]) -> Side:
    source = record["source"]
    if not isinstance(source, str):
        raise TypeError("source is not a string")
    sentences = tuple(
        Sentence(row[4] if len(row) > 4 else source[row[0]:row[1]], int(row[0]), int(row[1]),
                 int(row[2]), bool(row[3]))
        for row in record["sentences"])
    ids = tuple(None if i is None else int(i) for i in record["ids"])
    if len(ids) != len(sentences):
        raise ValueError("ids and sentences differ in number")
    return Side(source, sentences, ids)


def _bead_record(bead: ReviewBead) -> dict[str, Any]:
    record: dict[str, Any] = {"zh": list(bead.zh), "en": list(bead.en)}
    if bead.score is not None:
        record["score"] = bead.score
    if bead.similarity is not None:
        record["similarity"] = bead.similarity
    if bead.block:
        record["block"] = bead.block
    if bead.confirmed:
        record["confirmed"] = True
    if bead.fixed:
        record["fixed"] = True
    return record


def _bead_from(record: dict[str, Any]) -> ReviewBead:
    def number(key: str) -> float | None:
        value = record.get(key)
        return None if value is None else float(value)

    return ReviewBead(tuple(int(i) for i in record["zh"]), tuple(int(i) for i in record["en"]),
                      number("score"), number("similarity"), int(record.get("block", 0)),
                      bool(record.get("confirmed", False)), bool(record.get("fixed", False)))
