"""Dynamic programming over monotone beads inside a band of the (zh, en) grid.

A state (i, j) means the first i source and j target sentences are aligned. A bead of
type (a, b) moves from (i - a, j - b) to (i, j). Scores of every bead type at every
state of a chunk of rows are computed at once with numpy, from the banded sentence
similarities: the similarity of two spans is the cosine of the sums of their sentence
vectors, which needs only sums of similarities and of neighbouring self-similarities,
so no concatenation of sentences is ever embedded.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from aligner.alignment import weights as learned
from aligner.alignment.band import ROW_CHUNK, Band, banded_similarity, clamp
from aligner.embed.base import normalise
from aligner.segment.clauses import MAX_CLAUSES
from aligner.segment.sentences import MAX_SENTENCE_CHARS

NEG = np.float32(-1e9)
MAX_SPAN = 5
# Characters beyond which a left-out passage's length counts no more (see _null_length).
NULL_LENGTH_CAP = max(MAX_SENTENCE_CHARS.values())
SCORE_CHUNK = 2048
# Rows of BeadScorer._backgrounds at a time (a multiple of ROW_CHUNK).
BACKGROUND_ROWS = 4096
# States per chunk of bead values, whose features take a score of (rows, width)
# temporaries. Narrow bands (at most 502 columns) keep SCORE_CHUNK rows; on the full grid
# of coarse_path (1,751 columns on 16 bibles) search_band rose 517 MB above its start with
# 2,048 rows, 204 MB with this cap.
CHUNK_STATES = 2**20
# Bytes of bead values kept for the posteriors' forward and backward passes, which read
# the best path's chunks again: on the bible (6,301 rows, 4 chunks) keeping two chunks
# made scoring 2.6 times as long as keeping all (10.8 s against 4.2 s), the whole at 25 MB.
# Longer documents keep the most recent chunks within this budget and recompute the rest.
CHUNK_BUDGET = 256 * 2**20


@dataclass(frozen=True)
class Scoring:
    """How beads are valued: a weighted sum of a bead's features (:data:`SHARED_FEATURES`,
    :data:`NULL_FEATURES` and one bias per bead type).

    With ``weights`` unset, the hand-set weights below (tuned on held-out zh-en and
    checked on de-fr before the weights were learned) give them; :data:`LEARNED` holds the
    weights that ``benchmarks/train_scoring.py`` fits as a CRF (see
    :mod:`aligner.alignment.weights`).
    """

    # Similarity a sentence pair needs before matching it beats leaving both unaligned.
    base: float = 0.0
    # Extra cost of a bead per sentence beyond one on each side (a 1-3 bead pays 2x).
    merge_penalty: float = 0.1
    # Weight of the length-ratio evidence.
    length_weight: float = 0.1
    # Spread of log length ratios of true translations.
    length_sigma: float = 0.6
    # Value of leaving one sentence unaligned (a 0-1 or 1-0 bead).
    skip: float = -0.2
    # Share of the neighbours' similarity subtracted from a bead's (the margin).
    margin: float = 0.3
    neighbours: int = 8
    # Beads are weighted by (sentences covered) ** size_exponent.
    size_exponent: float = 0.5
    # Bead values are divided by this before the posteriors exponentiate them: 0.1 for
    # the hand-set weights (fitted by log-loss in benchmarks/confidence.py), 1 for learned
    # ones, whose values are log-potentials already.
    temperature: float = 0.1
    # Learned weights by feature name; a feature not named weighs 0.
    weights: tuple[tuple[str, float], ...] | None = None

    def weight_vector(self, names: tuple[str, ...]) -> np.ndarray:
        """The weight of each feature in ``names``."""
        if self.weights is not None:
            given = dict(self.weights)
        else:
            given = {"cosine": 1.0, "background": -self.margin,
                     "length2": -self.length_weight, "merge": -self.merge_penalty,
                     "type 1-0": self.skip, "type 0-1": self.skip}
            for name in names:
                if name.startswith("type ") and name not in given:
                    a, b = (int(v) for v in name[5:].split("-"))
                    given[name] = -((a + b) ** self.size_exponent) * self.base
        return np.array([given.get(name, 0.0) for name in names], dtype=np.float64)


# Features of an n-m bead (n, m >= 1), s = (n + m) ** size_exponent: s × the cosine of its
# two sides; s × the mean background similarity of its sentences (their similarity to
# their nearest rivals: the margin); the squared and absolute normalised log length ratio;
# the sentences beyond one on each side; s × the cosine of its weakest sentence with the
# other side; s × the clause score of a 1-n or n-1 bead (the mean cosine of the best in-order
# split of the one sentence's clauses into n groups, each matched to one of the n sentences),
# the weakest-sentence cosine where there is no such split or no clauses were given.
SHARED_FEATURES = ("cosine", "background", "length2", "length abs", "merge", "weakest",
                   "clause")
# Features of a 0-1 or 1-0 bead, from the sentence left out: its best similarity to any
# sentence in the band, its background similarity, log(1 + its length in characters).
NULL_FEATURES = ("null best", "null background", "null length")


# The default: weights fitted by benchmarks/train_scoring.py (see aligner/alignment/weights.py).
LEARNED = Scoring(temperature=learned.TEMPERATURE, weights=learned.WEIGHTS)


def feature_names(types: list[tuple[int, int]]) -> tuple[str, ...]:
    return SHARED_FEATURES + NULL_FEATURES + tuple(f"type {a}-{b}" for a, b in types)


def bead_types(max_total: int = 6) -> list[tuple[int, int]]:
    types = [(1, 0), (0, 1)]
    types += [(a, b) for a in range(1, MAX_SPAN + 1) for b in range(1, MAX_SPAN + 1)
              if a + b <= max_total]
    return types


class Clauses(NamedTuple):
    """One side's clause vectors: sentence s has clauses ``starts[s]`` .. ``starts[s + 1] - 1``
    of ``vectors`` (a sentence of one clause holds its own vector)."""

    vectors: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[np.ndarray], dim: int = 0) -> Clauses:
        """The clauses of sentences given one array of clause vectors each (``dim``, the
        vector size, for no sentences at all)."""
        if not rows:
            return cls(np.zeros((0, dim), dtype=np.float32), np.zeros(1, dtype=np.int64))
        starts = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
        return cls(np.concatenate(rows), starts)

    def take(self, ids: Sequence[int]) -> Clauses:
        """The clauses of sentences ``ids``, in that order, as sentences 0, 1, ..."""
        sizes = np.diff(self.starts)[list(ids)] if len(ids) else np.zeros(0, dtype=np.int64)
        rows = [np.arange(self.starts[i], self.starts[i + 1]) for i in ids]
        index = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return Clauses(self.vectors[index], np.concatenate([[0], np.cumsum(sizes)]))


# Every in-order range (p, q) of at most MAX_CLAUSES clauses, and each range's index.
_RANGES = [(p, q) for q in range(1, MAX_CLAUSES + 1) for p in range(q)]
_RANGE = {r: g for g, r in enumerate(_RANGES)}


@dataclass
class _SpanVectors:
    """One side's sentence vectors (float16 or float32, as given) and prefix sums of their
    lengths; :meth:`span` gives the vectors of spans of sentences.

    A span's vector is the normalised sum of its sentences' vectors: it stands in for
    the embedding of the concatenated text (as well as embedding the concatenation
    does, measured on mac-dev), at the cost of one addition instead of a model call.
    Spans are summed where they are needed rather than kept for the whole document: for
    MAX_SPAN = 5 that would be five float32 copies of the document's vectors.
    """

    sentences: np.ndarray
    chars: np.ndarray  # prefix sums of character lengths

    @classmethod
    def of(cls, v: np.ndarray, lengths: np.ndarray) -> _SpanVectors:
        chars = np.concatenate([[0.0], np.cumsum(lengths.astype(np.float64))])
        return cls(v, chars)

    def count(self, a: int) -> int:
        """How many spans of ``a`` sentences there are."""
        return max(0, len(self.sentences) - a + 1)

    def span(self, a: int, start: int, stop: int) -> np.ndarray:
        """float32 vectors of the spans of ``a`` sentences starting at ``start .. stop - 1``
        (those that exist)."""
        start, stop = max(0, start), min(self.count(a), stop)
        if stop <= start:
            return np.zeros((0, self.sentences.shape[1]), dtype=np.float32)
        if a == 1:
            return self.sentences[start:stop].astype(np.float32)
        total = self.sentences[start:stop].astype(np.float64)
        for o in range(1, a):
            total += self.sentences[start + o:stop + o]
        return normalise(total.astype(np.float32))


class _Gram:
    """Prefix sums of the dot products of each sentence with each of the next MAX_SPAN - 1:
    the squared norm of the sum of any span of sentences, for many spans at once.

    A distance's sums are made when a span that long is first asked for: a block of two
    sentences a side (most blocks of a document) reads two of the five, and a side of one
    sentence none (spans of one sentence have norm 1). The same sums, made later."""

    def __init__(self, v: np.ndarray) -> None:
        self.v = v
        self.prefix: list[np.ndarray] = []

    def _diagonal(self, d: int) -> np.ndarray:
        """Prefix sums of the dot products of each sentence with the one ``d`` after it."""
        v = self.v
        dots = np.zeros(max(0, len(v) - d), dtype=np.float64)
        for start in range(0, len(dots), 4096):
            stop = min(len(dots), start + 4096)
            dots[start:stop] = np.einsum(
                "ij,ij->i", v[start:stop].astype(np.float32, copy=False),
                v[start + d:stop + d].astype(np.float32, copy=False))
        return np.concatenate([[0.0], np.cumsum(dots)])

    def norm2(self, start: np.ndarray, size: int) -> np.ndarray:
        """Squared norm of the sum of sentences ``start .. start + size - 1`` (for each
        ``start``); 1 for a span of one sentence, whose vector is used as it is."""
        if size == 1:
            return np.ones(np.shape(start))
        while len(self.prefix) < size:
            self.prefix.append(self._diagonal(len(self.prefix)))
        out = np.zeros(np.shape(start))
        for d in range(size):
            sums = self.prefix[d]
            last = len(sums) - 1
            part = sums[clamp(start + size - d, 0, last)] - sums[clamp(start, 0, last)]
            out += part if d == 0 else 2 * part
        return np.maximum(out, 1e-12)


def length_ratio(source_lengths: Sequence[int] | np.ndarray,
                 target_lengths: Sequence[int] | np.ndarray) -> float:
    """Target characters per source character, smoothed by one: what a bead's length ratio
    is measured against."""
    return (float(np.sum(target_lengths)) + 1.0) / (float(np.sum(source_lengths)) + 1.0)


def _null_length(lengths: np.ndarray) -> np.ndarray:
    """The feature "null length": log(1 + characters), the characters capped at the longest
    sentence the segmenter makes. Its weight is learned on sentences; unbounded, a paragraph
    of 19,000 characters in the paragraph step was worth leaving out (+17 for its 0-1 bead)
    rather than pairing with its translation."""
    return np.log1p(np.minimum(np.asarray(lengths, np.float64), NULL_LENGTH_CAP))


class BeadScorer:
    """Values of all bead types at all states of the band, a chunk of rows at a time."""

    def __init__(self, x: np.ndarray, y: np.ndarray, x_len: np.ndarray, y_len: np.ndarray,
                 band: Band, types: list[tuple[int, int]], scoring: Scoring,
                 clauses: tuple[Clauses, Clauses] | None = None,
                 ratio: float | None = None) -> None:
        self.n, self.m = len(x), len(y)
        self.clauses = clauses
        self.band, self.types, self.scoring = band, types, scoring
        self.names = feature_names(types)
        self.index = {name: f for f, name in enumerate(self.names)}
        self.weights = scoring.weight_vector(self.names)
        # Rows of a chunk: a multiple of banded_similarity's row chunk, so that the products
        # are the same whatever the width.
        self.chunk_rows = int(np.clip(CHUNK_STATES // max(band.width, 1) // ROW_CHUNK
                                      * ROW_CHUNK, ROW_CHUNK, SCORE_CHUNK))
        # Bytes of chunks kept for a second reading (:meth:`chunk`): every chunk where they
        # all fit in CHUNK_BUDGET, else the latest alone. The passes read the chunks in
        # turn (the best path and the posteriors' forward pass, their backward pass, the
        # beads' forward): of a longer text's chunks, those the budget held were read
        # again only at the start of the backward pass, and held 256 MB until the end (the
        # paragraph step of a 50 MB pair: 124 chunks of 5 MB, 50 of its 496 readings).
        every = len(types) * (self.n + 1) * band.width * np.dtype(np.float32).itemsize
        self.chunk_budget = CHUNK_BUDGET if every <= CHUNK_BUDGET else 0
        self.xs = _SpanVectors.of(x, x_len)
        self.ys = _SpanVectors.of(y, y_len)
        self.x_gram, self.y_gram = _Gram(x), _Gram(y)
        # Columns of 1-1 similarities a source sentence's beads reach (see _pairs): the
        # band, the longest bead, and how far the band moves over a bead's rows.
        ahead = band.lo[np.minimum(np.arange(1, self.n + 1) + MAX_SPAN - 1, self.n)]
        jump = int((ahead - band.lo[1:self.n + 1]).max(initial=0))
        self.pair_width = int(band.width + MAX_SPAN + jump)
        # Target characters per source character of a translation: the caller's (that of
        # the whole document, when this is one block of it), else this text's own.
        self.ratio = length_ratio(x_len, y_len) if ratio is None else ratio
        # The product of the first rows of x with the columns of y that the backgrounds
        # read, kept for the 1-1 similarities of the first chunk of states (_pairs), which
        # read the same product where they start at the same row and span the same
        # columns: in a block of a few sentences a side (the full grid), both are x @ y.T.
        self._first_product: dict[tuple[int, int, int], np.ndarray] = {}
        self._lengths = x_len, y_len
        # The features that weigh something: the others are made only for every feature
        # (:meth:`features`). The coarse search's scoring (search.coarse_path) weighs the
        # cosine and the bead types alone: its backgrounds (a product of the whole grid of
        # block means, 1,576 by 1,250 on the bible's paragraphs, and its partition) and
        # its length features were never read. Without them find_band on the bible's
        # paragraphs: 0.93-1.22 -> 0.67-0.70 s CPU (least of 4 runs, three runs each,
        # alternated, one BLAS thread, load 8), the same band.
        self.weighted = frozenset(name for name, weight in zip(self.names, self.weights,
                                                               strict=True) if weight)
        self._tables: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        if self.weighted & {"background", *NULL_FEATURES}:
            self._background_tables()

    def _background_tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The prefix sums of the source and target sentences' backgrounds, and the
        features of leaving out each source sentence (by the row after it) and each target
        sentence (by the column after it), made once."""
        if self._tables is None:
            x_len, y_len = self._lengths
            (bg_x, best_x), (bg_y, best_y) = self._backgrounds(self.scoring.neighbours)
            # Per sentence, indexed by the state after it (row i for x[i - 1], column j
            # for y[j - 1]): the features of leaving it out.
            self._tables = (np.concatenate([[0.0], np.cumsum(bg_x)]),
                            np.concatenate([[0.0], np.cumsum(bg_y)]),
                            np.stack([np.concatenate([[0.0], v]) for v in
                                      (best_x, bg_x, _null_length(x_len))]),
                            np.stack([np.concatenate([[0.0], v]) for v in
                                      (best_y, bg_y, _null_length(y_len))]))
        return self._tables

    def _backgrounds(self, k: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Per sentence, the mean similarity to its ``k`` most similar ones near the band,
        and the best similarity.

        Those of the text given, a block of a document in the pipeline: in a block of fewer
        than ``k`` sentences a side, the columns outside it count as -1, so its sentences'
        backgrounds are lower than in the whole documents the weights were learned on, and
        leaving a sentence out is cheaper. The whole document's backgrounds instead (as the
        length ratio is) made fewer planted null beads (benchmarks/planted.py: 13, 9, 9, 12,
        9 of 13 against 13, 12, 12, 13, 11) and one fewer wrong 0-1 bead on the 508 beads
        of the clean wmt22 news documents: not kept.
        """
        x, y = self.xs.sentences, self.ys.sentences
        lo, w = self.band.lo, self.band.width
        x_lo = np.maximum(lo[np.minimum(np.arange(self.n) + 1, self.n)] - 2, 0)
        ends = lo + w
        y_lo = np.searchsorted(ends, np.arange(self.m), side="right")
        y_hi = np.searchsorted(lo, np.arange(self.m), side="right")
        y_width = int(max(1, (y_hi - y_lo).max(initial=1))) + 2
        y_lo = np.clip(y_lo - 1, 0, max(self.n - 1, 0))
        out = []
        for rows, other, first, width, kept in ((x, y, x_lo, w + 4, self._first_product),
                                                (y, x, y_lo, y_width, None)):
            # A chunk of rows at a time (from multiples of ROW_CHUNK: the same products),
            # each row's values its own. Whole, the similarities, their negation and its
            # partition were three float32 arrays of (rows, width + 4): for the paragraph
            # step of 64 bibles (403,000 Chinese paragraphs, a band 34 wide as on five
            # bibles) 61 MB each.
            mean = np.empty(len(rows), dtype=np.float32)
            best = np.empty(len(rows), dtype=np.float32)
            # Fewer rows where the band is wide: at most CHUNK_STATES cells.
            size = max(ROW_CHUNK, min(BACKGROUND_ROWS,
                                      CHUNK_STATES // width // ROW_CHUNK * ROW_CHUNK))
            for start in range(0, len(rows), size):
                stop = min(len(rows), start + size)
                sim = banded_similarity(rows[start:stop], other, first[start:stop], width,
                                        kept if start == 0 else None)
                kk = max(1, min(k, sim.shape[1]))
                top = -np.partition(-sim, kk - 1, axis=1)[:, :kk]
                mean[start:stop] = top.mean(axis=1)
                best[start:stop] = top.max(axis=1, initial=-1.0)
            out.append((mean, best))
        return out[0], out[1]

    def _columns(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the states ``rows`` (consecutive) of one chunk: the column of each state,
        shape (rows, width), and the rows and columns clamped to the grid, computed once for
        every bead type of the chunk rather than by each type's features, cosine and sums
        (the same integers: the same values)."""
        key = (int(rows[0]), int(rows[-1]) + 1)
        cached = self.__dict__.get("_columns_cache")
        if cached is not None and cached[0] == key:
            return cached[1]
        j = self.band.lo[rows][:, None] + np.arange(self.band.width)[None, :]
        value = (j, clamp(rows[:, None], 0, self.n), clamp(j, 0, self.m))
        self._columns_cache = (key, value)
        return value

    def _pairs(self, rows: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """For the states ``rows`` (consecutive) of one chunk: the first source sentence their
        beads cover, r0, and for each covered sentence r (from r0) its first column c0 and the
        prefix sums of its similarities with the target sentences from c0 on (float64, one
        more column than :attr:`pair_width`), with the similarities themselves.

        Every bead's span cosine, and the cosine of each of its sentences with the other
        side's span, are sums of these 1-1 similarities over the bead's rectangle divided
        by the norms of the span sums (:attr:`x_gram`): one banded product a chunk instead
        of one per bead type and sentence of a bead (on the bible, the 20 bead types read
        about 80 banded products a chunk).
        """
        key = (int(rows[0]), int(rows[-1]) + 1)
        cached = self.__dict__.get("_pair_cache")
        if cached is not None and cached[0] == key:
            return cached[1]
        lo = self.band.lo
        r0 = max(0, key[0] - MAX_SPAN)
        r1 = max(r0, min(self.n, key[1] - 1))
        c0 = np.maximum(lo[np.minimum(np.arange(r0, r1) + 1, self.n)] - MAX_SPAN, 0)
        sims = banded_similarity(self.xs.sentences[r0:r1], self.ys.sentences, c0,
                                 self.pair_width, self._first_product if r0 == 0 else None)
        inside = (c0[:, None] + np.arange(self.pair_width)[None, :]) < self.m
        sims = np.where(inside, sims, 0.0).astype(np.float32)
        prefix = np.zeros((r1 - r0, self.pair_width + 1), dtype=np.float64)
        np.cumsum(sims, axis=1, dtype=np.float64, out=prefix[:, 1:])
        value = (r0, c0, prefix, sims)
        self._pair_cache = (key, value)
        return value

    def _bead_sums(self, rows: np.ndarray, a: int, b: int
                   ) -> tuple[np.ndarray, list[np.ndarray], np.ndarray, np.ndarray]:
        """For bead (a, b) ending at each state of ``rows``: the sum of its 1-1 similarities,
        the sum for each of its source sentences (against the target span), and the
        squared norms of the two span sums (1 for a span of one sentence, whose vector is
        used as it is); shapes (rows, width), except the source norm, (rows, 1)."""
        key = (int(rows[0]), int(rows[-1]) + 1, a, b)
        cached = self.__dict__.get("_sums_cache")
        if cached is not None and cached[0] == key:
            return cached[1]
        r0, c0, prefix, _ = self._pairs(rows)
        j = self._columns(rows)[0]
        last = prefix.shape[1] - 1
        flat = prefix.ravel()
        per_row = []
        for o in range(a):
            if not len(c0):
                per_row.append(np.zeros(j.shape))
                continue
            r = clamp(rows - a + o - r0, 0, len(c0) - 1)
            base = (r * prefix.shape[1])[:, None]
            at = j - c0[r][:, None]
            per_row.append(flat[base + clamp(at, 0, last)]
                           - flat[base + clamp(at - b, 0, last)])
        total = per_row[0] if a == 1 else np.sum(per_row, axis=0)
        x_norm = self.x_gram.norm2(rows - a, a)[:, None]
        y_norm = self.y_gram.norm2(j - b, b)
        value = (total, per_row, x_norm, y_norm)
        self._sums_cache = (key, value)
        return value

    def cosine(self, rows: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Span cosine for bead (a, b) ending at each state of ``rows`` (consecutive), and
        its validity."""
        i = rows[:, None]
        j = self._columns(rows)[0]
        valid = (i - a >= 0) & (j - b >= 0) & (j <= self.m)
        total, _, x_norm, y_norm = self._bead_sums(rows, a, b)
        cos = total / np.sqrt(x_norm * y_norm)
        return np.where(valid, cos, 0.0).astype(np.float32), valid

    def _weakest(self, rows: np.ndarray, a: int, b: int) -> np.ndarray:
        """For bead (a, b) ending at each state of ``rows`` (consecutive): the lowest cosine
        of one of its sentences with the other side's span."""
        w = self.band.width
        j = self._columns(rows)[0]
        _, per_row, x_norm, y_norm = self._bead_sums(rows, a, b)
        worst = np.ones((len(rows), w), dtype=np.float64)
        if a > 1:
            for row_sum in per_row:  # sentence of x (as it is) against the y span
                worst = np.minimum(worst, row_sum / np.sqrt(y_norm))
        if b > 1:
            r0, c0, _, sims = self._pairs(rows)
            flat, stride = sims.ravel(), sims.shape[1]
            for q in range(b):  # sentence of y against the x span
                column = np.zeros(j.shape)
                for o in range(a):
                    if not len(c0):
                        continue
                    r = clamp(rows - a + o - r0, 0, len(c0) - 1)
                    k = clamp(j - b + q - c0[r][:, None], 0, stride - 1)
                    column += flat[(r * stride)[:, None] + k]
                worst = np.minimum(worst, column / np.sqrt(x_norm))
        valid = (rows[:, None] - a >= 0) & (j - b >= 0)
        return np.where(valid, worst, 1.0).astype(np.float32)

    def _clause_split(self, rows: np.ndarray, a: int, b: int) -> np.ndarray:
        """The clause score of bead (1, b) or (a, 1) ending at each state of ``rows``: -inf
        where the one sentence has fewer clauses than the bead has sentences on the other
        side."""
        table = self.__dict__.get("_split_tables")
        if table is None:
            table = self._split_tables = self._splits()
        w = self.band.width
        out = np.full((len(rows), w), -np.inf, dtype=np.float32)
        if b > 1:  # one Chinese sentence (row i - 1) split over b English ones
            values = table["x"][b]
            ok = rows >= 1
            out[ok] = values[rows[ok] - 1]
            return out
        values, first = table["y"][a], table["y first"]
        j = self._columns(rows)[0]
        e = clamp(j - 1, 0, max(self.m - 1, 0))
        col = rows[:, None] - first[e]
        ok = (j >= 1) & (j <= self.m) & (col >= 0) & (col < values.shape[1])
        out[ok] = values[e[ok], col[ok]]
        return out

    def _splits(self) -> dict:
        """Clause scores of every 1-n bead (by the row its Chinese sentence ends and the
        column its last English sentence ends, as in the chunks) and of every n-1 bead (by
        its English sentence and the row it ends, from ``y first``)."""
        assert self.clauses is not None
        lo, w = self.band.lo, self.band.width
        x_cl, y_cl = self.clauses
        pad = MAX_SPAN
        # 1-n: Chinese sentence s against the English sentences around row s + 1's band.
        x_first = lo[np.minimum(np.arange(self.n) + 1, self.n)] - pad
        # only as many sentences as a bead type of this scorer has on the other side
        x_most = max((b for a, b in self.types if a == 1), default=0)
        y_most = max((a for a, b in self.types if b == 1), default=0)
        x_table = _split_scores(x_cl, self.ys.sentences, x_first, w + pad, pad, w, x_most)
        # n-1: English sentence e against the Chinese sentences of the rows whose band
        # holds column e + 1.
        ends = lo + w
        first_row = np.searchsorted(ends, np.arange(self.m) + 1, side="right")
        last_row = np.searchsorted(lo, np.arange(self.m) + 1, side="right") - 1
        width = int(max(1, (last_row - first_row + 1).max(initial=1)))
        y_table = _split_scores(y_cl, self.xs.sentences, first_row - pad, width + pad, pad,
                                width, y_most)
        return {"x": x_table, "y": y_table, "y first": first_row}

    def chunk(self, start: int, stop: int) -> np.ndarray:
        """Values, shape (types, rows, width), of beads ending at rows start .. stop-1.

        The best path and the posteriors read the same chunks: the last few are kept.
        """
        key = (start, stop)
        cache = self.__dict__.setdefault("_chunks", {})
        if key not in cache:
            values = self._chunk(start, stop)
            values.setflags(write=False)  # shared by the passes: nobody may change it
            while cache and sum(v.nbytes for v in cache.values()) + values.nbytes \
                    > self.chunk_budget:
                cache.pop(next(iter(cache)))
            cache[key] = values
        return cache[key]

    def _chunk(self, start: int, stop: int) -> np.ndarray:
        rows = np.arange(start, stop)
        out = np.full((len(self.types), len(rows), self.band.width), NEG, dtype=np.float32)
        for t in range(len(self.types)):
            features, valid = self.type_features(rows, t)
            value = sum(self.weights[f] * feature for f, feature in features.items()
                        if self.weights[f])
            # float64 values rounded to float32 where the bead can be, as an assignment
            # through the mask rounds them, without its broadcast copy and two gathers: a
            # type of a block of 4 by 5 states 20 -> 1 us, of 64 by 34 57 -> 17 us (the
            # bible's blocks make 5,198 type values; the same bits).
            np.copyto(out[t], value, casting="same_kind", where=valid)
        return out

    def features(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Every feature of every bead ending at rows start .. stop-1, shape (types, rows,
        width, features), and where a bead is possible, shape (types, rows, width)."""
        rows = np.arange(start, stop)
        shape = (len(self.types), len(rows), self.band.width)
        out = np.zeros((*shape, len(self.names)), dtype=np.float32)
        possible = np.zeros(shape, dtype=bool)
        for t in range(len(self.types)):
            features, valid = self.type_features(rows, t, every=True)
            for f, feature in features.items():
                out[t, ..., f] = np.where(valid, feature, 0.0)
            possible[t] = valid
        return out, possible

    def type_features(self, rows: np.ndarray, t: int, every: bool = False
                      ) -> tuple[dict[int, np.ndarray], np.ndarray]:
        """The nonzero features (by index into :attr:`names`) of bead type ``t`` ending at
        each state of ``rows``, shape (rows, width) or broadcastable to it, and validity.
        The costly ``weakest`` and ``clause`` are left out when they weigh nothing (a
        clause score also needs clause vectors), unless ``every``."""
        a, b = self.types[t]
        sc = self.scoring
        i = rows[:, None]
        j = self._columns(rows)[0]
        index = self.index
        bias = {index[f"type {a}-{b}"]: np.ones((1, 1))}
        # Features that weigh nothing are left out (their sum is the same without them).
        weighted = frozenset(self.names) if every else self.weighted
        if a == 0 or b == 0:
            valid = (i - a >= 0) & (j - b >= 0) & (j <= self.m)
            if not weighted & set(NULL_FEATURES):
                return bias, valid
            _, _, null_x, null_y = self._background_tables()
            null = null_x[:, clamp(rows, 0, self.n)][:, :, None] if a else \
                null_y[:, self._columns(rows)[2]]
            return {**bias, **{index[name]: null[f]
                               for f, name in enumerate(NULL_FEATURES)}}, valid
        _, ic, jc = self._columns(rows)
        cos, valid = self.cosine(rows, a, b)
        ia, jb = clamp(i - a, 0, self.n), clamp(j - b, 0, self.m)
        size = (a + b) ** sc.size_exponent
        span_bg = np.zeros((1, 1))
        if "background" in weighted:
            bg_x, bg_y, _, _ = self._background_tables()
            span_bg = ((bg_x[ic] - bg_x[ia]) / a + (bg_y[jc] - bg_y[jb]) / b) / 2
        delta = np.zeros((1, 1))
        if "length2" in weighted or "length abs" in weighted:
            lx = self.xs.chars[ic] - self.xs.chars[ia]
            ly = self.ys.chars[jc] - self.ys.chars[jb]
            delta = np.log((ly + 1.0) / (self.ratio * (lx + 1.0))) / sc.length_sigma
        weakest = cos
        wanted = every or bool(self.weights[index["weakest"]] or self.weights[index["clause"]])
        if (a > 1 or b > 1) and wanted:
            weakest = np.minimum(cos, self._weakest(rows, a, b))
        clause = weakest
        if self.clauses is not None and min(a, b) == 1 and max(a, b) > 1 and \
                (every or self.weights[index["clause"]]):
            split = self._clause_split(rows, a, b)
            clause = np.where(np.isfinite(split), split, weakest)
        features = {index["cosine"]: size * cos, index["background"]: size * span_bg,
                    index["weakest"]: size * weakest, index["clause"]: size * clause,
                    index["length2"]: delta * delta, index["length abs"]: np.abs(delta),
                    index["merge"]: np.full((1, 1), float(a + b - 2)), **bias}
        return features, valid

    def bead_similarity(self, i: int, j: int, a: int, b: int) -> float:
        """Cosine of the two sides of bead (a, b) ending at state (i, j); 0 for 0-1 and 1-0."""
        if a == 0 or b == 0:
            return 0.0
        x, y = self.xs.sentences, self.ys.sentences
        if a == b == 1 and isinstance(x, np.ndarray) and isinstance(y, np.ndarray) \
                and x.dtype == y.dtype == np.float32 and x.flags.c_contiguous \
                and y.flags.c_contiguous:
            # the rows themselves: span() would copy them to the same float32 values
            return float(x[i - 1] @ y[j - 1])
        return float(self.xs.span(a, i - a, i - a + 1)[0]
                     @ self.ys.span(b, j - b, j - b + 1)[0])


def _split_scores(clauses: Clauses, other: np.ndarray, first: np.ndarray, span: int,
                  pad: int, width: int, most: int = MAX_SPAN) -> dict[int, np.ndarray]:
    """For n = 2 .. ``most`` (at most MAX_SPAN): the best mean cosine of an in-order split
    of each sentence's clauses into n groups against n consecutive sentences of ``other``,
    the last of them at ``first[s] + pad + k - 1`` for each column k < ``width``; -inf
    where it has fewer than n clauses."""
    count = len(clauses.starts) - 1
    sizes = np.minimum(np.diff(clauses.starts), MAX_CLAUSES)
    most = min(most, MAX_SPAN)
    out = {n: np.full((count, width), -np.inf, dtype=np.float32)
           for n in range(2, most + 1)}
    dim = clauses.vectors.shape[1] if clauses.vectors.ndim == 2 and most >= 2 else 0
    for block in range(0, count, 256):
        ids = np.arange(block, min(count, block + 256))
        ids = ids[sizes[ids] >= 2]
        if not len(ids) or not dim:
            continue
        top = int(sizes[ids].max())  # the most clauses a sentence of the block has
        # Normalised sums of every range of clauses, per sentence: (sentences, ranges, dim).
        prefix = np.zeros((len(ids), MAX_CLAUSES + 1, dim), dtype=np.float32)
        for c in range(top):
            at = clauses.starts[ids] + np.minimum(c, sizes[ids] - 1)
            piece = np.where((c < sizes[ids])[:, None], clauses.vectors[at], 0.0)
            prefix[:, c + 1] = prefix[:, c] + piece
        sims = np.full((len(ids), len(_RANGES), span), -np.inf, dtype=np.float32)
        # The normalised sum of every range of clauses each sentence has, all at once, and
        # their similarities: a range several sentences have in one banded product, as
        # before; a range of one sentence as that sentence's product with the columns it
        # reads (a product of one row, which BLAS sums as a matrix-vector product: the
        # same bits as banded_similarity of that row), without banded_similarity's
        # overhead. The bible's 1,235 blocks to align: 2.88 -> 2.29 s CPU, every clause
        # score to the last bit.
        ranges = [g for g, (_, q) in enumerate(_RANGES) if q <= top]  # _RANGES go by q
        lows = np.array([_RANGES[g][0] for g in ranges])
        highs = np.array([_RANGES[g][1] for g in ranges])
        usable = sizes[ids][:, None] >= highs[None, :]  # (sentences, ranges)
        row, col = np.nonzero(usable)
        vectors = normalise(prefix[row, highs[col]] - prefix[row, lows[col]])
        starts = first[ids[row]]
        having = usable.sum(axis=0)
        found = np.full((len(row), span), -1.0, dtype=np.float32)
        for g in np.flatnonzero(having > 1).tolist():
            rows = np.flatnonzero(col == g)
            found[rows] = banded_similarity(vectors[rows], other, starts[rows], span)
        for r in np.flatnonzero(having[col] == 1).tolist():
            start = int(starts[r])
            low, high = max(0, start), min(len(other), start + span)
            if high > low:
                product = vectors[r:r + 1] @ other[low:high].astype(np.float32, copy=False).T
                found[r, low - start:high - start] = product[0]
        sims[row, np.array(ranges)[col]] = np.where(found > -1.0, found, -np.inf)
        for n in range(2, most + 1):
            # best[q]: the best sum for groups 1 .. t over clauses 0 .. q-1.
            if n > top:
                continue
            best = {q: sims[:, _RANGE[(0, q)], pad - n:pad - n + width]
                    for q in range(1, top + 1)}
            for t in range(1, n):
                # groups 1 .. t end at clause q, leaving n - t groups for the rest: q at
                # most top - (n - t) + 1. The max of each cell over where group t starts,
                # p, a pair at a time (the max is exact whatever the order).
                cols = slice(pad - n + t, pad - n + t + width)
                after = {}
                for q in range(t + 1, top - (n - t) + 2):
                    found = best[t] + sims[:, _RANGE[(t, q)], cols]
                    for p in range(t + 1, q):
                        np.maximum(found, best[p] + sims[:, _RANGE[(p, q)], cols], out=found)
                    after[q] = found
                best = after
            done = np.full((len(ids), width), -np.inf, dtype=np.float32)
            for q in range(n, top + 1):
                here = sizes[ids] == q
                done[here] = best[q][here]
            out[n][ids] = done / n
    return out


def shifted(row: np.ndarray, offset: int, fill: float = NEG) -> np.ndarray:
    """``out[k] = row[k + offset]`` where that exists, ``fill`` elsewhere."""
    out = np.full(len(row), fill, dtype=row.dtype)
    if abs(offset) < len(row):
        if offset >= 0:
            out[:len(row) - offset] = row[offset:]
        else:
            out[-offset:] = row[:len(row) + offset]
    return out


def skip_prefix(step: np.ndarray, impossible: float = float(NEG)) -> np.ndarray:
    """``P[k]``: the value of the 0-1 beads from column 0 to column k of a row, whose 0-1
    values are ``step`` (``step[0]`` arrives from outside the row and never counts); a
    column a 0-1 bead cannot reach costs ``impossible``. ``step`` may hold several rows
    (the last axis): each row's sums are those it has alone."""
    out = np.empty(step.shape, dtype=np.float64)
    out[..., 0] = 0.0
    np.cumsum(np.where(step[..., 1:] > NEG / 2, step[..., 1:].astype(np.float64),
                       impossible), axis=-1, out=out[..., 1:])
    return out


def ring_gather(table: np.ndarray, slots: np.ndarray, offsets: np.ndarray,
                fill: float) -> np.ndarray:
    """``table[slots[q], PAD + offsets[q] + k]`` for each q and each column k of the band,
    from a ring of earlier rows padded by PAD = MAX_SPAN + 1 columns on each side (the
    best path's and the posterior passes' arrivals and departures of every bead type).

    Where the band jumped further than the padding reaches (one side has many more
    sentences than the other), the rows are shifted explicitly, ``fill`` coming in,
    rather than a bead type being dropped for the row.
    """
    pad = MAX_SPAN + 1
    width = table.shape[1] - 2 * pad
    if np.abs(offsets).max(initial=0) <= pad:
        return table[slots[:, None], pad + offsets[:, None] + np.arange(width)[None, :]]
    return np.stack([shifted(table[r, pad:pad + width], int(o), fill)
                     for r, o in zip(slots, offsets, strict=True)])


class RingReach:
    """For each row of the band, where the bead types that arrive at it (or, ``backward``,
    leave it) are in a ring of the last MAX_SPAN + 1 rows (:func:`ring_gather`'s table):
    the index arrays that gather them at once, made ROW_CHUNK rows at a time by a few
    numpy calls on the whole chunk instead of a dozen small ones a row (the best path's
    and the posterior passes' loops, with one errstate for both passes instead of three a
    row: the bible's paragraph step 1.96 -> 1.64 s CPU, its blocks 2.29 -> 2.22 s, one BLAS
    thread). The indices are ring_gather's, so the values gathered are the same.

    ``v_a`` and ``v_b`` are the sizes of the bead types read (those with a source
    sentence); a backward table's rows are (slot, bead type) flattened, ``v_type`` giving
    each type's place among ``types`` of them.
    """

    def __init__(self, lo: np.ndarray, n: int, width: int, v_a: np.ndarray,
                 v_b: np.ndarray, backward: bool = False, v_type: np.ndarray | None = None,
                 types: int = 1) -> None:
        self.lo, self.n, self.v_a, self.v_b = lo, n, v_a, v_b
        self.backward, self.types = backward, types
        self.v_type = np.zeros(len(v_a), dtype=np.int64) if v_type is None else v_type
        self.columns = np.arange(width)
        self.start = self.stop = -1
        self.whole: list[bool] = []
        self.rows = self.cols = np.zeros((0, 0, 0), dtype=np.int64)

    def _load(self, i: int) -> None:
        start = (i // ROW_CHUNK) * ROW_CHUNK
        stop = min(self.n + 1, start + ROW_CHUNK)
        here = np.arange(start, stop)[:, None]
        ring, pad = MAX_SPAN + 1, MAX_SPAN + 1
        if self.backward:
            other = here + self.v_a
            reached = clamp(other, 0, self.n)
            offsets = self.lo[here] + self.v_b - self.lo[reached]
            slots = (reached % ring) * self.types + self.v_type
        else:
            other = here - self.v_a
            reached = clamp(other, 0, self.n)
            offsets = self.lo[here] - self.lo[reached] - self.v_b
            slots = reached % ring
        # rows every bead type reaches, within the padding (the rest go row by row)
        self.whole = (((other >= 0) & (other <= self.n)).all(axis=1)
                      & (np.abs(offsets).max(axis=1, initial=0) <= pad)).tolist()
        self.rows = slots[:, :, None]
        self.cols = pad + offsets[:, :, None] + self.columns
        self.start, self.stop = start, stop

    def gather(self, table: np.ndarray, i: int, fill: float
               ) -> tuple[np.ndarray | None, np.ndarray]:
        """The bead types that reach row ``i`` (a mask of ``v_a``, None for all of them)
        and their rows of ``table`` gathered for row ``i``'s columns."""
        if not self.start <= i < self.stop:
            self._load(i)
        k = i - self.start
        if self.whole[k]:
            return None, table[self.rows[k], self.cols[k]]
        ring = MAX_SPAN + 1
        if self.backward:
            ok = self.v_a <= self.n - i
            target = i + self.v_a[ok]
            return ok, ring_gather(table, (target % ring) * self.types + self.v_type[ok],
                                   self.lo[i] + self.v_b[ok] - self.lo[target], fill)
        ok = self.v_a <= i
        origin = i - self.v_a[ok]
        return ok, ring_gather(table, origin % ring, self.lo[i] - self.lo[origin]
                               - self.v_b[ok], fill)


def arrivals(scorer: BeadScorer) -> RingReach:
    """Where the bead types that arrive at each row of ``scorer``'s band come from
    (:class:`RingReach`), one for the best path and the posteriors' forward pass, which
    read the rows in the same order: a block of fewer than ROW_CHUNK rows makes its index
    arrays once, not twice (the same integers)."""
    reach = scorer.__dict__.get("_arrivals")
    if reach is None:
        vertical = [(a, b) for a, b in scorer.types if a > 0]
        reach = scorer.__dict__["_arrivals"] = RingReach(
            scorer.band.lo, scorer.n, scorer.band.width,
            np.array([a for a, _ in vertical], dtype=np.int64),
            np.array([b for _, b in vertical], dtype=np.int64))
    return reach


Step = tuple[int, int, int, int]
# Beads of a path (or of :class:`aligner.alignment.AlignedBeads`) made into Python values at
# a time when it is read through.
STEPS_AT_ONCE = 4096


def best_path(scorer: BeadScorer) -> list[Step]:
    """The highest-valued monotone sequence of beads, as (i0, j0, a, b) from the start."""
    return list(steps(best_steps(scorer)))


def steps(path: Sequence[Step] | np.ndarray) -> Iterator[Step]:
    """The beads ``(i0, j0, a, b)`` of a path, as Python ints, whether it is a list of them
    or an array of one a row (:func:`best_steps`)."""
    if not isinstance(path, np.ndarray):
        yield from path
        return
    for start in range(0, len(path), STEPS_AT_ONCE):
        yield from ((i0, j0, a, b)
                    for i0, j0, a, b in path[start:start + STEPS_AT_ONCE].tolist())


def best_steps(scorer: BeadScorer) -> np.ndarray:
    """:func:`best_path` as an array, one bead ``(i0, j0, a, b)`` a row: 32 bytes a bead,
    against 144 for a tuple of ints in a list (tracemalloc; the paragraph step of a 200 MB
    pair has 800,000 beads)."""
    n, band, types = scorer.n, scorer.band, scorer.types
    lo, w = band.lo, band.width
    pad = MAX_SPAN + 1
    back = np.full((n + 1, w), -1, dtype=np.int8)
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    v_type = np.array([t for t, _, _ in vertical], dtype=np.int64)
    horizontal = [t for t, (a, b) in enumerate(types) if a == 0]
    t_skip = horizontal[0]
    columns = np.arange(w)
    # The best values of the last MAX_SPAN + 1 rows, all a bead reaches back.
    ring = MAX_SPAN + 1
    padded = np.full((ring, w + 2 * pad), NEG, dtype=np.float32)
    reach = arrivals(scorer)
    v_type8 = v_type.astype(np.int8)
    size = scorer.chunk_rows
    values = scorer.chunk(0, min(n + 1, size))
    prefixes = skip_prefix(values[t_skip])  # the whole chunk's rows at once
    chunk_start = 0
    for i in range(n + 1):
        if i - chunk_start >= values.shape[1]:
            chunk_start = i
            values = scorer.chunk(i, min(n + 1, i + size))
            prefixes = skip_prefix(values[t_skip])
        v = values[:, i - chunk_start]
        ok, stacked = (None, None) if i == 0 else reach.gather(padded, i, NEG)
        if stacked is None or not len(stacked):
            row = np.full(w, NEG, dtype=np.float32)
            bt = np.full(w, -1, dtype=np.int8)
            if i == 0:
                row[0 - lo[0]] = 0.0
        else:
            # Every bead type's arrivals at once, gathered from the ring of earlier rows.
            kinds = v_type if ok is None else v_type[ok]
            stacked = stacked + v[kinds]
            arg = stacked.argmax(axis=0)
            row = stacked[arg, columns]
            bt = (v_type8 if ok is None else v_type8[ok])[arg]
        # 0-1 beads move along the row: row[k] = max over k' <= k of row[k'] + P[k] - P[k'],
        # P the running sum of the 0-1 values. In float64, and a cell moves only when an
        # arrival from further left is strictly better: in float32 the rounding of
        # (row - P) + P (about 8e-6) beat a 1e-6 tolerance, so cells reached best by a
        # normal bead got a 0-1 back-pointer and the traced path was not the best one
        # (mac-dev chapter 001: 175.83 against 177.93).
        prefix = prefixes[i - chunk_start]
        along = row.astype(np.float64) - prefix
        best_along = np.maximum.accumulate(along)
        moved = best_along > along
        row = np.where(moved, best_along + prefix, row)
        row = np.where(row > NEG / 2, row, NEG).astype(np.float32)
        bt = np.where(moved & (row > NEG / 2), np.int8(t_skip), bt)
        back[i] = bt
        padded[i % ring, pad:pad + w] = row
    # Trace back from (n, m).
    path = array("q")
    i, j = n, scorer.m
    while i > 0 or j > 0:
        k = j - int(lo[i])
        t = int(back[i, k])
        if t < 0:
            raise RuntimeError(f"alignment lost its path at ({i}, {j})")
        a, b = types[t]
        path.extend((i - a, j - b, a, b))
        i, j = i - a, j - b
    return np.frombuffer(path, dtype=np.int64).reshape(-1, 4)[::-1].copy()
