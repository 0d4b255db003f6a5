"""A review in progress: the project, its sentence vectors and findings, and every action
the page offers, without any web code (the server is a thin layer over this).

Sentences are embedded and stretches re-aligned by the alignment engine
(:class:`aligner.engine.AlignmentEngine`), with the vectors, clause vectors, length ratio
and blocks ``aligner align`` had, so a re-align scores beads as aligning did.

Every change is saved at once. Findings are computed for the whole document when the
review opens and again after each change (above :data:`WHOLE_RECHECK` beads, for the beads
it touches and their neighbours, and the inconsistency check over every bead), each
numbered by its bead's place now. :meth:`ReviewSession.recheck` runs every check on the
whole document again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from aligner.alignment import AlignedBead, Clauses, length_ratio
from aligner.alignment.measure import measure_alignment
from aligner.check import (
    CHECKS,
    DEFAULT_LOW_SCORE,
    DEFAULT_MIN_CONFIDENCE,
    Finding,
    Report,
    check_alignment,
    render_report,
)
from aligner.embed import Encoder, get_encoder, normalise
from aligner.engine import AlignmentEngine, SentenceVectors, stretch_block
from aligner.errors import InputError, UsageError
from aligner.formats import FORMATS, format_for_path, is_bead_file, read_glossary
from aligner.formats.tmx import TmxFormat
from aligner.output import write_output
from aligner.pipeline import aligned
from aligner.progress import Progress
from aligner.records import AlignedSide, Alignment, Bead, Sentence, Term
from aligner.review import edits
from aligner.review.project import (
    NO_FACTS,
    SIDES,
    Project,
    ReviewBead,
    clauses_by_sentence,
    from_alignment,
    is_project,
    load_project,
    project_path_for,
)
from aligner.review.realign import realign_after

EXPORTS = (*FORMATS.names(), "html")
# Up to this many beads, every check runs again over the whole document after each change,
# and the page shows what an export reports: the checks also read the document as a whole
# (its length ratio, how often a term is rendered elsewhere), so checking only the beads a
# change touched, and a bead either side, found otherwise than the whole check after 3 of
# 48 fixes of the seed (1, merge and split at each bead: a clause addition missing until
# the export) and 3 of 21 of the planted readout. Every check over the seed's 21 beads takes
# 0.02 s, over the bible's 4,960 3.6 s (0.7 ms a bead, clause vectors in), past the
# review's second for a fix (benchmarks/review_speed.py): above this, the checks of one
# bead run again for the beads a change touches and their neighbours, and those that
# compare beads (_DOCUMENT_CHECKS) over every bead.
WHOLE_RECHECK = 500
_DOCUMENT_CHECKS = ["inconsistency"]
_LOCAL_CHECKS = [name for name in CHECKS if name not in _DOCUMENT_CHECKS]


@dataclass(frozen=True)
class Change:
    """What an action did: old beads ``[start, old_end)`` became ``[start, new_end)``;
    ``note``: what the reviewer should know of it (a confirmation it cleared, a re-align
    that found nothing to change)."""

    start: int
    old_end: int
    new_end: int
    focus: int
    note: str | None = None


class ReviewSession:
    def __init__(self, project: Project, vectors: tuple[np.ndarray, np.ndarray],
                 encoder: Encoder | None = None, glossary: Iterable[Term] = (), *,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 low_score: float = DEFAULT_LOW_SCORE,
                 clauses: dict[str, dict[int, np.ndarray]] | None = None,
                 bilingual: bool = False, rescore: bool = False) -> None:
        self.project = project
        self.engine = AlignmentEngine(encoder, model=project.model)
        self.glossary = list(glossary)
        self.min_confidence = min_confidence
        self.low_score = low_score
        # Each side's sentences as the engine scores them. Clause vectors by sentence id:
        # those of the alignment or the project's cache, else embedded as a re-align first
        # needs them (and again after an edit).
        self.sides = {side: SentenceVectors(
            [len(s.text) for s in project.side(side).sentences],
            np.array(side_vectors, dtype=np.float32),
            fresh={sid: rows.astype(np.float16, copy=False)
                   for sid, rows in (clauses or {}).get(side, {}).items()})
            for side, side_vectors in zip(SIDES, vectors, strict=True)}
        edited = [(side, sid) for side in SIDES for sid in project.edits[side]]
        if edited:
            self._embed_edits(edited)
        # A bilingual file (a CAT tool's segments) is a hypothesis: its segments are measured
        # under the alignment model, and those whose English belongs to a neighbour are
        # reported shifted, with the re-alignment (by the beads' sentences, so that a fix
        # clears them); ``rescore``: each segment's confidence and similarity become the
        # measured ones.
        self.bilingual = bilingual
        self._shifted: dict[tuple[tuple[int, ...], tuple[int, ...]], Finding] = {}
        self._shifts_measured = False  # for the beads as they stand
        if bilingual and rescore:
            self._measure(rescore=True)
        self.findings: list[list[Finding]] = self._check(0, len(project.beads), full=True)

    # --- reading ---------------------------------------------------------------------

    @property
    def beads(self) -> list[ReviewBead]:
        return self.project.beads

    @property
    def encoder(self) -> Encoder:
        return self.engine.encoder

    @property
    def vectors(self) -> dict[str, np.ndarray]:
        """Each side's sentence vectors (float32), edited sentences as edited."""
        return {side: self.sides[side].vectors for side in SIDES}

    @property
    def lengths(self) -> dict[str, list[int]]:
        """Each side's sentence lengths in characters, edited sentences as edited."""
        return {side: self.sides[side].lengths for side in SIDES}

    def is_low(self, bead: ReviewBead) -> bool:
        return not bead.confirmed and bead.score is not None and bead.score < self.min_confidence

    def counts(self) -> dict[str, int]:
        beads = self.beads
        return {"beads": len(beads),
                "confirmed": sum(b.confirmed for b in beads),
                "flagged": sum(1 for b, f in zip(beads, self.findings, strict=True)
                               if f and not b.confirmed),
                "low": sum(self.is_low(b) for b in beads),
                "edited": sum(any(self.project.edited(b).values()) for b in beads),
                "fixed": sum(b.fixed for b in beads)}

    def kinds(self) -> dict[str, int]:
        """How many findings of each check, in the checks' order."""
        found: dict[str, int] = {}
        for name in CHECKS:
            count = sum(1 for per in self.findings for f in per if f.check == name)
            if count:
                found[name] = count
        return found

    def view(self, kind: str | None = None) -> list[int]:
        """The beads a filter shows: those with a finding of ``kind`` (all without one)."""
        if not kind:
            return list(range(len(self.beads)))
        return [k for k, per in enumerate(self.findings) if any(f.check == kind for f in per)]

    def state(self) -> dict[str, Any]:
        return {"counts": self.counts(), "kinds": self.kinds(),
                "title": " ".join(Path(p).name for p in self.project.inputs) or "review",
                "project": str(self.project.path) if self.project.path else None,
                "min_confidence": self.min_confidence, "exports": list(EXPORTS)}

    def page(self, start: int, count: int, kind: str | None = None) -> dict[str, Any]:
        """Beads ``start`` to ``start + count`` of the view, as the page shows them."""
        shown = self.view(kind)
        start = max(0, min(start, max(0, len(shown) - 1)))
        return {"total": len(shown), "start": start,
                "beads": [self.bead_record(k) for k in shown[start:start + count]]}

    def position(self, k: int, kind: str | None = None) -> int:
        """Where bead ``k`` stands in the view (the nearest following one if it is not
        shown)."""
        shown = self.view(kind)
        for at, index in enumerate(shown):
            if index >= k:
                return at
        return max(0, len(shown) - 1)

    def bead_record(self, k: int) -> dict[str, Any]:
        bead = self.beads[k]
        findings = self.findings[k]
        record: dict[str, Any] = {
            "index": k, "type": bead.type, "score": bead.score, "similarity": bead.similarity,
            "block": bead.block, "confirmed": bead.confirmed, "fixed": bead.fixed,
            "low": self.is_low(bead),
            "findings": [{"check": f.check, "message": f.message,
                          "suggestion": f.suggestion} for f in findings]}
        for side in SIDES:
            text, spans = self.project.text(bead.side(side), side)
            marks = [(span, f.check) for f in findings
                     for span in (f.zh_spans if side == "zh" else f.en_spans)]
            sentences = []
            previous = 0
            for sid, (start, end) in zip(bead.side(side), spans, strict=True):
                edited = sid in self.project.edits[side]
                sentences.append({
                    "id": sid, "before": text[previous:start],
                    "pieces": _pieces(text, start, end, marks), "edited": edited,
                    **({"source": self.project.side(side).sentences[sid].text}
                       if edited else {})})
                previous = end
            record[side] = sentences
        return record

    def navigate(self, k: int, what: str, direction: int = 1,
                 kind: str | None = None) -> int | None:
        """The next (``direction`` 1) or previous (-1) bead after ``k`` that is of low
        confidence (``what`` "low") or has a finding ("finding", of ``kind`` if given);
        ``what`` "lowest": the unconfirmed bead of lowest confidence."""
        beads = self.beads
        if what == "lowest":
            scored = [(b.score, i) for i, b in enumerate(beads)
                      if b.score is not None and not b.confirmed]
            return min(scored)[1] if scored else None
        if what == "low":
            def wanted(i: int) -> bool:
                return self.is_low(beads[i])
        elif what == "finding":
            def wanted(i: int) -> bool:
                return any(not kind or f.check == kind for f in self.findings[i]) \
                    and not beads[i].confirmed
        else:
            raise UsageError(None, f"unknown navigation {what!r} (low, lowest, finding)")
        order = range(k + 1, len(beads)) if direction > 0 else range(k - 1, -1, -1)
        return next((i for i in order if wanted(i)), None)

    # --- changing --------------------------------------------------------------------

    def apply(self, op: str, args: dict[str, Any]) -> Change:
        """Apply one action of the page and save; ``args`` as the page sends them."""
        k = _int(args, "bead")
        beads = self.beads
        if op == "merge":
            return self._replace(edits.merge(beads, k), k)
        if op == "split":
            bead = edits._check(beads, k)
            side = str(args.get("side", "zh"))
            at = _int(args, "at")
            zh_at, en_at = (at, self._best_cut(bead, "zh", at)) if side == "zh" else \
                (self._best_cut(bead, "en", at), at)
            return self._replace(edits.split(beads, k, zh_at, en_at), k)
        if op == "move":
            direction = _int(args, "direction")
            return self._replace(edits.move(beads, k, str(args.get("side")), direction),
                                 k + (direction if len(beads[k].zh) + len(beads[k].en) == 1
                                      and direction < 0 else 0))
        if op == "null":
            return self._replace(edits.mark_null(beads, k, str(args.get("keep"))), k)
        if op == "confirm":
            return self._replace(edits.confirm(beads, k, bool(args.get("value", True))), k,
                                 fix=False)
        if op == "edit":
            return self._edit(k, str(args.get("side")), _int(args, "sentence"),
                              str(args.get("text", "")))
        if op == "realign":
            return self.realign(k)
        raise edits.EditError(f"unknown action {op!r}")

    def realign(self, k: int) -> Change:
        """Re-align the free beads after bead ``k`` (the first run of them, anchors right
        after ``k`` stepped over) with the kept beads as anchors
        (:func:`aligner.review.realign.realign_after`)."""
        if not -1 <= k < len(self.beads):
            raise edits.EditError(f"there is no bead {k + 1}")
        done = realign_after(self.beads, k, self.align_stretch)
        if done.new_end == done.old_end == done.start:
            after = f"after bead {k + 1}" if k >= 0 else "from the start"
            note = (f"re-aligning {after} found the beads as they are"
                    if done.start < len(self.beads) else
                    f"no bead {after} is left to re-align: every one is confirmed or made "
                    "by hand")
            return Change(done.start, done.start, done.start, k, note)
        return self._commit(done.beads, Change(done.start, done.old_end, done.new_end, k))

    def align_stretch(self, zh: Sequence[int], en: Sequence[int],
                      block: int) -> list[AlignedBead]:
        """Sentences ``zh`` and ``en`` of block ``block`` aligned by the engine as
        ``aligner align`` aligned the block: its left-out sentences kept out, its paragraph
        pair's confidence, the document's length ratio, clause vectors as embedded."""
        x, y = self.sides["zh"], self.sides["en"]
        self.engine.complete_clauses(x, y, zh, en, self.project.sentence_text)
        facts = self.project.blocks.get(block, NO_FACTS)
        return self.engine.align_block(stretch_block(zh, en, facts.confidence, facts.left_out),
                                       x, y, self.document_length_ratio())

    def document_length_ratio(self) -> float:
        """What a re-aligned stretch's lengths are judged by: the ratio ``aligner align``
        judged the document's by; for an aligned file, English characters per Chinese
        character over the sentences of every bead."""
        if self.project.length_ratio is not None:
            return self.project.length_ratio
        lengths = self.lengths
        return length_ratio([lengths["zh"][i] for bead in self.beads for i in bead.zh],
                            [lengths["en"][j] for bead in self.beads for j in bead.en])

    def recheck(self) -> None:
        """Run every check on the whole document again (inconsistency among them; a
        bilingual file's segments measured again for shifts)."""
        self.findings = self._check(0, len(self.beads), full=True)

    def _measure(self, rescore: bool = False) -> None:
        """Measure the beads as they stand under the alignment model: the beads whose English
        the model pairs with a neighbour's Chinese, by their sentences (a fix that changes
        them clears them), and with ``rescore`` each bead's confidence and similarity as
        measured (saved)."""
        self._shifted = {}
        self._shifts_measured = True
        if not self.beads:
            return
        measured_alignment, measured, steps = measure_alignment(self.alignment())
        for f in check_alignment(measured_alignment, (), checks=["shifted"],
                                 measured=measured, beads_measured=steps, threshold=0.0):
            self._shifted[self.beads[f.bead - 1].zh, self.beads[f.bead - 1].en] = f
        if rescore:
            self.project.beads = [replace(bead, score=m.score, similarity=m.similarity)
                                  for bead, m in zip(self.beads, measured_alignment.beads,
                                                     strict=True)]
            self.project.save()

    def _edit(self, k: int, side: str, sid: int, text: str) -> Change:
        bead = edits._check(self.beads, k)
        if side not in SIDES or sid not in bead.side(side):
            raise edits.EditError(f"bead {k + 1} has no {side} sentence {sid}")
        source = self.project.side(side).sentences[sid].text
        self.project.edits = edits.edit_text(self.project.edits, side, sid, text, source)
        self._embed_edits([(side, sid)])
        beads = list(self.beads)
        beads[k] = replace(bead, similarity=self._similarity(bead.zh, bead.en))
        return self._commit(beads, Change(k, k + 1, k + 1, k))

    def _replace(self, new: list[ReviewBead], focus: int, fix: bool = True) -> Change:
        """Put ``new`` in place of the beads; ``fix``: a fix made it (not a confirmation)."""
        old = self.beads
        start = 0
        limit = min(len(old), len(new))
        while start < limit and old[start] == new[start]:
            start += 1
        tail = 0
        while tail < limit - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
            tail += 1
        new_end = len(new) - tail
        for i in range(start, new_end):
            bead = new[i]
            if bead.fixed and bead.score is None and bead.zh and bead.en:
                new[i] = replace(bead, similarity=self._similarity(bead.zh, bead.en))
        focus = max(0, min(focus, len(new) - 1))
        # A confirmed bead a fix reshapes is no longer the pair that was confirmed: its
        # confirmation goes, and the reviewer is told (a fix that leaves it as it was, such
        # as 1 on a 1-0 bead, changes nothing).
        kept = {(b.zh, b.en) for b in new[start:new_end] if b.confirmed}
        cleared = [k + 1 for k in range(start, len(old) - tail)
                   if fix and old[k].confirmed and (old[k].zh, old[k].en) not in kept]
        note = None
        if cleared:
            note = (f"{_beads(cleared)} {'was' if len(cleared) == 1 else 'were'} confirmed: "
                    "the fix cleared that (c confirms again)")
        return self._commit(new, Change(start, len(old) - tail, new_end, focus, note))

    def _commit(self, beads: list[ReviewBead], change: Change) -> Change:
        self.project.beads = beads
        if len(beads) <= WHOLE_RECHECK:
            self.findings = self._check(0, len(beads), full=True)
        else:
            lo, hi = max(0, change.start - 1), min(len(beads), change.new_end + 1)
            old_lo, old_hi = lo, change.old_end + (hi - change.new_end)
            self.findings = self._with_document_checks(
                [*self.findings[:old_lo], *self._check(lo, hi), *self.findings[old_hi:]])
        self.project.save()
        return change

    def _with_document_checks(self, findings: list[list[Finding]]) -> list[list[Finding]]:
        """``findings`` (one list a bead) with the document-wide inconsistency check run
        again over every bead, and every finding numbered by its bead's place now: a
        finding kept from before a fix that added or removed beads had its old number, and
        an inconsistency's message names the other beads by theirs."""
        out = [[f for f in per if f.check not in _DOCUMENT_CHECKS] for per in findings]
        for finding in check_alignment(self.alignment(vectors=False), self.glossary,
                                       checks=_DOCUMENT_CHECKS, low_score=self.low_score,
                                       min_confidence=self.min_confidence):
            out[finding.bead - 1].append(finding)
        order = {name: i for i, name in enumerate(CHECKS)}
        return [sorted((f if f.bead == k + 1 else replace(f, bead=k + 1) for f in per),
                       key=lambda f: order[f.check])
                for k, per in enumerate(out)]

    # --- helpers ---------------------------------------------------------------------

    def _similarity(self, zh: Sequence[int], en: Sequence[int]) -> float:
        a = normalise(self.vectors["zh"][list(zh)].sum(axis=0))
        b = normalise(self.vectors["en"][list(en)].sum(axis=0))
        return float(np.clip(a @ b, 0.0, 1.0))

    def _best_cut(self, bead: ReviewBead, side: str, at: int) -> int:
        """Where to cut the other side when ``side`` is cut before its sentence ``at``: the
        cut that makes both parts match best."""
        other = "en" if side == "zh" else "zh"
        ours, theirs = bead.side(side), bead.side(other)
        if not theirs:
            return 0
        best, best_score = round(at * len(theirs) / max(1, len(ours))), -np.inf
        for cut in range(len(theirs) + 1):
            score = 0.0
            for mine, yours in ((ours[:at], theirs[:cut]), (ours[at:], theirs[cut:])):
                if mine and yours:
                    pair = (mine, yours) if side == "zh" else (yours, mine)
                    score += self._similarity(*pair)
            if score > best_score:
                best, best_score = cut, score
        return best

    def _embed_edits(self, which: Sequence[tuple[str, int]]) -> None:
        """Edited sentences embedded again by the engine, vector and clauses from one pass
        as ``aligner align`` embeds them."""
        texts = {side: [self.project.sentence_text(side, sid) for s, sid in which if s == side]
                 for side in SIDES}
        found = self.engine.embed_texts(texts["zh"], texts["en"])
        for side, rows in zip(SIDES, found, strict=True):
            sids = [sid for s, sid in which if s == side]
            for sid, text, (vector, clause_rows) in zip(sids, texts[side], rows, strict=True):
                self.sides[side].set_sentence(sid, len(text), vector, clause_rows)

    def clauses(self, zh: Sequence[int], en: Sequence[int]) -> tuple[Clauses, Clauses]:
        """The clause vectors of Chinese sentences ``zh`` and English ``en`` (ids), as
        ``aligner align`` computes them (:func:`aligner.engine.embed_sentences`), for the
        clause score of a re-align; each sentence is embedded once, and again when edited."""
        x, y = self.sides["zh"], self.sides["en"]
        self.engine.complete_clauses(x, y, zh, en, self.project.sentence_text)
        return x.clauses_of(zh), y.clauses_of(en)

    def alignment(self, lo: int = 0, hi: int | None = None, *,
                  vectors: bool = True) -> Alignment:
        """Beads ``lo`` to ``hi`` as an :class:`Alignment` (edited texts in; the sentence and
        clause vectors kept unless ``vectors`` is off), as ``aligner check`` reads one."""
        beads = self.beads[lo:hi]
        out = []
        for bead in beads:
            zh, _ = self.project.text(bead.zh, "zh")
            en, _ = self.project.text(bead.en, "en")
            out.append(Bead(bead.zh, bead.en, zh, en,
                            1.0 if bead.score is None else bead.score, bead.block,
                            similarity=bead.similarity))
        sides = []
        for side in SIDES:
            source_side = self.project.side(side)
            sentences = source_side.sentences
            if self.project.edits[side]:
                changed = list(sentences)
                for sid, text in self.project.edits[side].items():
                    changed[sid] = _retext(changed[sid], text)
                sentences = tuple(changed)
            sides.append(AlignedSide(source_side.source, sentences,
                                     self.sides[side].vectors if vectors else None,
                                     self.sides[side].every_clause() if vectors else None))
        return Alignment(tuple(out), sides[0], sides[1],
                         tuple((b.zh, b.en) for b in beads))

    def _check(self, lo: int, hi: int, full: bool = False) -> list[list[Finding]]:
        """The findings of beads ``lo`` to ``hi``, one list a bead, numbered by the beads'
        places in the document: every check with ``full``; else those of one bead, run
        with a bead more either side, as the checks that read a bead's neighbours (a
        term rendered in the next bead, a passage its neighbour translates) want."""
        per: list[list[Finding]] = [[] for _ in range(hi - lo)]
        if hi <= lo:
            return per
        if full and self.bilingual and not self._shifts_measured:
            # Shifts are a matter of the whole file; checked in part, the shifts measured
            # last stand for the beads a change left as they were.
            self._measure()
        self._shifts_measured = False
        first, last = (lo, hi) if full else (max(0, lo - 1), min(len(self.beads), hi + 1))
        for finding in check_alignment(self.alignment(first, last), self.glossary,
                                       checks=None if full else _LOCAL_CHECKS,
                                       low_score=self.low_score,
                                       min_confidence=self.min_confidence):
            k = first + finding.bead - 1
            if lo <= k < hi:
                per[k - lo].append(replace(finding, bead=k + 1))
        for k in range(lo, hi):
            shifted = self._shifted.get((self.beads[k].zh, self.beads[k].en))
            if shifted is not None:
                per[k - lo].append(replace(shifted, bead=k + 1))
        return per

    # --- export ----------------------------------------------------------------------

    def export_beads(self) -> list[Bead]:
        out = []
        for bead in self.beads:
            zh, _ = self.project.text(bead.zh, "zh")
            en, _ = self.project.text(bead.en, "en")
            score = 1.0 if bead.score is None or bead.confirmed else bead.score
            out.append(Bead(self._ids(bead.zh, "zh"), self._ids(bead.en, "en"), zh, en, score,
                            bead.block, similarity=bead.similarity))
        return out

    def _ids(self, sids: Sequence[int], side: str) -> tuple[int, ...]:
        ids = self.project.side(side).ids
        return tuple(sid if ids[sid] is None else ids[sid] for sid in sids)

    def review_facts(self) -> list[dict[str, str]]:
        """Per bead, what the review adds to an export: confirmed, fixed, edited sides and
        the source text of each edited side."""
        facts = []
        for bead in self.beads:
            fact: dict[str, str] = {}
            if bead.confirmed:
                fact["x-confirmed"] = "true"
            if bead.fixed:
                fact["x-fixed"] = "true"
            edited = [side for side, yes in self.project.edited(bead).items() if yes]
            if edited:
                fact["x-edited"] = ",".join(edited)
                for side in edited:
                    source = self.project.side(side)
                    fact[f"x-source-{side}"] = " ".join(source.sentences[i].text
                                                        for i in bead.side(side))
            facts.append(fact)
        return facts

    def export(self, fmt: str) -> str:
        """The reviewed alignment as a file in ``fmt`` (tmx, tsv, jsonl, xliff), or the
        check report (html)."""
        if fmt == "html":
            self.recheck()
            numbered = [replace(f, bead=k + 1) for k, per in enumerate(self.findings)
                        for f in per]
            return render_report(Report(numbered, self.export_beads(),
                                        "aligner review: " + self.state()["title"]), "html")
        beads = self.export_beads()
        if fmt == "tmx":
            return TmxFormat().render(beads, props=self.review_facts())
        text = FORMATS.get(fmt).render(beads)
        if fmt == "jsonl":
            lines = []
            for line, fact in zip(text.splitlines(), self.review_facts(), strict=True):
                record = json.loads(line)
                record.update({key.removeprefix("x-").replace("-", "_"):
                               (True if value == "true" else value)
                               for key, value in fact.items()})
                lines.append(json.dumps(record, ensure_ascii=False))
            text = "".join(line + "\n" for line in lines)
        return text

    def export_to(self, path: str | PathLike[str], fmt: str | None = None) -> str:
        """Write the export to ``path`` (format from its suffix, ``.html``: the report)."""
        name = fmt or ("html" if str(path).lower().endswith((".html", ".htm"))
                       else format_for_path(path))
        write_output(path, self.export(name),
                     inputs=[*self.project.inputs, *(
                         [self.project.path] if self.project.path else [])])
        return name


def _beads(numbers: Sequence[int]) -> str:
    return ("bead " if len(numbers) == 1 else "beads ") + ", ".join(map(str, numbers))


def _retext(sentence: Sentence, text: str) -> Sentence:
    return replace(sentence, text=text)


def _int(args: dict[str, Any], key: str) -> int:
    value = args.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise edits.EditError(f"{key} must be a whole number")
    return value


def _pieces(text: str, start: int, end: int,
            marks: Sequence[tuple[tuple[int, int], str]]) -> list[list[Any]]:
    """``text[start:end]`` cut where marks begin and end: ``[piece, [checks]]`` each."""
    cuts = {start, end}
    for (s, e), _ in marks:
        for point in (s, e):
            if start < point < end:
                cuts.add(point)
    points = sorted(cuts)
    out: list[list[Any]] = []
    for a, b in pairwise(points):
        checks = sorted({check for (s, e), check in marks if s <= a and b <= e})
        out.append([text[a:b], checks])
    return out or [["", []]]


# --- opening ----------------------------------------------------------------------------

def open_session(inputs: Sequence[str | PathLike[str]], glossaries: Sequence[str] = (), *,
                 presplit: bool = False, model: str | None = None,
                 encoder: Encoder | None = None, encoding: str | None = None,
                 progress: Progress | None = None,
                 notice: Callable[[str], None] | None = None) -> ReviewSession:
    """Open the review of ``inputs``: a saved project, or a document, a file pair or an
    aligned file, aligned if needed; an existing project beside the input is resumed."""
    if not inputs:
        raise UsageError(None, "nothing to review: give a document, two files, an aligned "
                               "file or a review project")
    terms_from = list(glossaries)
    terms = [t for path in terms_from for t in read_glossary(path, encoding=encoding)]
    if len(inputs) == 1 and is_project(inputs[0]):
        project = load_project(inputs[0])
    else:
        path = project_path_for(inputs[0])
        if path.exists() and is_project(path):
            project = load_project(path)
            if notice:
                notice(f"resuming {path}")
        elif path.exists():
            raise InputError(path, "is in the way: it is where the review project goes, and "
                                   "it is not one")
        else:
            project = None
    if project is not None:
        encoder = encoder or get_encoder(model or project.model)
        if not terms_from and project.glossaries:
            terms_from = list(project.glossaries)
            terms = [t for p in terms_from for t in read_glossary(p, encoding=encoding)]
        elif terms_from:
            project.glossaries = tuple(str(Path(p).resolve()) for p in terms_from)
            project._header = None
        vectors = project.load_vectors()
        clauses = project.load_clauses()
        if vectors is None:
            vectors, clauses = _embed(project, encoder, progress)
            project.save_vectors(*vectors)
            project.save_clauses(clauses)
        project.save()
        return ReviewSession(project, vectors, encoder, terms, clauses=clauses,
                             bilingual=_bilingual(project.inputs))
    encoder = encoder or get_encoder(model)
    done = aligned(*inputs, presplit=presplit, encoder=encoder, encoding=encoding,
                   progress=progress, keep_vectors=True)
    alignment = done.alignment
    project = from_alignment(alignment, inputs=[str(Path(p).resolve()) for p in inputs],
                             glossaries=[str(Path(p).resolve()) for p in terms_from],
                             model=model, path=path, blocks=done.blocks,
                             length_ratio=done.length_ratio)
    if alignment.has_vectors and (found := _clauses_by_sentence(alignment)) is not None:
        vectors, clauses = (alignment.zh.vectors, alignment.en.vectors), found
    else:
        vectors, clauses = _embed(project, encoder, progress)
    project.save()
    project.save_vectors(*vectors)
    project.save_clauses(clauses)
    bilingual = _bilingual(inputs)
    return ReviewSession(project, vectors, encoder, terms, clauses=clauses,
                         bilingual=bilingual, rescore=bilingual)


def _bilingual(inputs: Sequence[str | PathLike[str]]) -> bool:
    """Whether the review is of an aligned or bilingual file (tsv, jsonl, tmx, xliff)."""
    return len(inputs) == 1 and is_bead_file(inputs[0])


def _clauses_by_sentence(alignment: Alignment) -> dict[str, dict[int, np.ndarray]] | None:
    """The clause vectors the aligner computed, by side and sentence id (None for an
    alignment read from a file)."""
    out = {}
    for side, kept in (("zh", alignment.zh), ("en", alignment.en)):
        if kept.clauses is None:
            return None
        out[side] = clauses_by_sentence(*kept.clauses, len(kept.sentences))
    return out


def _embed(project: Project, encoder: Encoder, progress: Progress | None
           ) -> tuple[tuple[np.ndarray, np.ndarray], dict[str, dict[int, np.ndarray]]]:
    """The project's source sentences embedded by the engine, as ``aligner align`` embeds a
    document's (an aligned file's, or a project cached without vectors): their vectors, and
    their clause vectors by side and sentence id."""
    x, y = AlignmentEngine(encoder, progress=progress).embed(project.zh.sentences,
                                                             project.en.sentences)
    clauses = {}
    for side, vectors in (("zh", x), ("en", y)):
        assert vectors.clauses is not None
        clauses[side] = clauses_by_sentence(*vectors.clauses, len(vectors))
    return (x.vectors, y.vectors), clauses
