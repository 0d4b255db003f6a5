"""Alignment in windows (issue 26): a long pair's sentence and clause vectors are spilled to a
file as they are embedded and read back one window of blocks at a time, and the beads are
those of aligning the whole text with every vector in memory, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

import aligner.engine as engine_module
import aligner.pipeline as pipeline_module
from aligner import align_texts
from aligner.engine import (
    AlignmentEngine,
    SentenceVectors,
    SpilledVectors,
    block_windows,
)
from aligner.paragraphs import Block, ParagraphList
from aligner.segment import split_paragraphs
from aligner.segment.sentences import split_sentences
from tests.conftest import readout_paragraphs

ZH, EN = readout_paragraphs()
UNRELATED = "The weather in the capital was mild on Tuesday, with light winds from the west."


def _pair() -> tuple[str, str]:
    """The readout three times: as it stands, with its English one paragraph a sentence (a
    long run the paragraph step realigns) and an unrelated paragraph (left out)."""
    en_cut = [s for p in EN for s in split_sentences(p, "en")]
    return "\n".join(ZH * 3), "\n".join([*EN, *en_cut, UNRELATED, *EN])


def _beads(alignment) -> list[tuple]:
    return [(b.zh_ids, b.en_ids, b.zh, b.en, b.score, b.similarity, b.block, b.cut)
            for b in alignment.beads]


def test_windowed_spilled_alignment_is_the_whole_text_alignment(encoder, monkeypatch):
    zh, en = _pair()
    whole = align_texts(zh, en, encoder=encoder)
    spilled = []
    embed_spilled = AlignmentEngine.embed_spilled

    def counting(self, *args, **kwargs):
        spilled.append(True)
        return embed_spilled(self, *args, **kwargs)

    windows = []

    def counting_windows(blocks, size=None):
        found = block_windows(blocks, size)
        windows.append(len(found))
        return found

    monkeypatch.setattr(AlignmentEngine, "embed_spilled", counting)
    monkeypatch.setattr(engine_module, "block_windows", counting_windows)
    monkeypatch.setattr(pipeline_module, "SPILL_SENTENCES", 0)
    monkeypatch.setattr(engine_module, "WINDOW_SENTENCES", 3)
    windowed = align_texts(zh, en, encoder=encoder)
    assert spilled and windows and windows[0] > 3
    assert _beads(windowed) == _beads(whole)
    assert any(not b.zh_ids for b in whole.beads)  # the unrelated paragraph, left out


def test_spilled_vectors_read_back_what_was_written():
    rng = np.random.default_rng(0)
    lengths = [5, 7, 3, 9, 4]
    vectors = rng.standard_normal((5, 8)).astype(np.float32)
    counts = [1, 3, 1, 2, 1]
    clauses = rng.standard_normal((sum(counts), 8)).astype(np.float16)
    store = SpilledVectors(8)
    store.append(lengths[:2], vectors[:2], clauses[:4], counts[:2])
    store.append(lengths[2:], vectors[2:], clauses[4:], counts[2:])
    starts = np.concatenate([[0], np.cumsum(counts)])
    memory = SentenceVectors(lengths, vectors,
                             engine_module.Clauses(clauses, starts.astype(np.int64)))
    for start, stop in ((0, 5), (1, 4), (3, 3), (4, 5)):
        read, kept = store.window(start, stop), memory.window(start, stop)
        assert read.lengths == kept.lengths
        assert np.array_equal(read.vectors, kept.vectors)
        assert read.clauses is not None and kept.clauses is not None
        assert np.array_equal(read.clauses.vectors, kept.clauses.vectors)
        assert np.array_equal(read.clauses.starts, kept.clauses.starts)
    assert np.array_equal(store[[3, 1, 2]], vectors[[3, 1, 2]])


def test_paragraph_vectors_from_a_spill_are_those_from_memory(monkeypatch):
    text = "\n".join(f"Sentence {k} is here. And another one {k}." if k % 3 else f"Line {k}."
                     for k in range(40))
    paragraphs = ParagraphList.of(split_paragraphs(text, "en"))
    count = len(paragraphs.sentences)
    vectors = np.random.default_rng(1).standard_normal((count, 16)).astype(np.float32)
    store = SpilledVectors(16)
    store.append([1] * count, vectors, np.zeros((count, 16), np.float16), [1] * count)
    monkeypatch.setattr(engine_module, "WINDOW_SENTENCES", 5)
    monkeypatch.setattr(engine_module, "ROW_BUFFER", 4)
    rows, memory = store.paragraph_vectors(paragraphs), paragraphs.vectors(vectors)
    assert len(rows) == len(paragraphs) and rows.shape == memory.shape
    assert np.array_equal(rows[:], memory)
    for start, stop in ((0, 3), (3, 9), (7, 8), (2, 40), (12, 12), (38, 45), (-5, None),
                        (30, 33), (1, 2), (31, 32)):
        assert np.array_equal(rows[start:stop], memory[start:stop])


@pytest.mark.parametrize("size", [1, 3, 10])
def test_block_windows_cover_the_blocks_in_order(size):
    blocks = [Block((0, 1), (0,)), Block((2,), (1, 2), left_out=(("en", 3, 0.9),)),
              Block(tuple(range(3, 9)), (4, 5)), Block((), (), None, (("zh", 9, 0.8),)),
              Block((10,), (6,))]
    windows = block_windows(blocks, size)
    assert [w[0] for w in windows] == [0, *(w[1] for w in windows[:-1])]
    assert windows[-1][1] == len(blocks)
    for first, stop, zh_range, en_range in windows:
        for block in blocks[first:stop]:
            zh_ids = [*block.zh, *(i for s, i, _ in block.left_out if s == "zh")]
            en_ids = [*block.en, *(j for s, j, _ in block.left_out if s == "en")]
            assert all(zh_range[0] <= i < zh_range[1] for i in zh_ids)
            assert all(en_range[0] <= j < en_range[1] for j in en_ids)
        if stop - first > 1:  # only a block alone may be wider than the window
            assert zh_range[1] - zh_range[0] <= size and en_range[1] - en_range[0] <= size


def test_anchors_read_a_chunk_of_the_band_at_a_time_are_those_of_the_whole_band(monkeypatch):
    import aligner.alignment.band as band
    from aligner.embed.base import normalise

    monkeypatch.setattr(band, "ANCHOR_CHUNK", 128)  # several chunks (a multiple of 64)
    rng = np.random.default_rng(26)
    for n, m, width in ((300, 250, 40), (129, 400, 7), (64, 30, 31), (500, 500, 1)):
        base = normalise(rng.normal(size=(max(n, m), 24)).astype(np.float32))
        x = normalise(base[:n] + 0.5 * rng.normal(size=(n, 24)).astype(np.float32))
        y = normalise(base[:m] + 0.5 * rng.normal(size=(m, 24)).astype(np.float32))
        lo = np.clip(np.arange(n) * m // n - width // 2, 0, max(0, m - 1)).astype(np.int64)
        whole = band.find_anchors(band.banded_similarity(x, y, lo, width), lo, m, 0.3, 0.05)
        assert band.find_anchors_in_band(x, y, lo, width, 0.3, 0.05) == whole
        assert n < 100 or width == 1 or whole  # the data has anchors to find


def test_beads_streamed_window_by_window_are_the_whole_text_alignment(encoder, monkeypatch,
                                                                       tmp_path):
    """align_beads, as `aligner align` writes a pair: each window's beads come out before
    the next window is aligned, and the file written from them, in every streaming format,
    is byte for byte the one written from the whole alignment."""
    from aligner.formats import write_beads
    from aligner.pipeline import align_beads
    from aligner.signature import Signature

    zh, en = _pair()
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    files = (tmp_path / "zh.txt", tmp_path / "en.txt")
    whole = align_texts(zh, en, encoder=encoder)
    monkeypatch.setattr(pipeline_module, "SPILL_SENTENCES", 0)
    monkeypatch.setattr(engine_module, "WINDOW_SENTENCES", 3)
    aligned = []
    align_block = AlignmentEngine._align_block

    def counting(self, *args, **kwargs):
        aligned.append(True)
        return align_block(self, *args, **kwargs)

    monkeypatch.setattr(AlignmentEngine, "_align_block", counting)
    beads = align_beads(*reversed(files), encoder=encoder)  # either order, as align
    first = next(beads)
    assert 0 < len(aligned) < len(whole.beads)  # one window aligned, not the whole text
    streamed = [first, *beads]
    assert _beads_of(streamed) == _beads(whole)
    signature = Signature("0.1.0", "align", "use-multilingual", "test")
    for fmt in ("tsv", "jsonl", "tmx", "xliff"):
        write_beads(iter(streamed), tmp_path / f"streamed.{fmt}", fmt, signature=signature)
        write_beads(whole.beads, tmp_path / f"whole.{fmt}", fmt, signature=signature)
        assert (tmp_path / f"streamed.{fmt}").read_bytes() == \
            (tmp_path / f"whole.{fmt}").read_bytes()


def _beads_of(beads) -> list[tuple]:
    return [(b.zh_ids, b.en_ids, b.zh, b.en, b.score, b.similarity, b.block, b.cut)
            for b in beads]


def test_a_pair_kept_compact_is_split_as_split_paragraphs_splits_it():
    from aligner.records import SentenceTable

    zh, en = _pair()
    for text, lang in ((zh, "zh"), (en, "en"), ("\n  \nOne. Two!\r\n\n  Three  \n", None)):
        compact, full = ParagraphList.table(text, lang), ParagraphList.of(
            split_paragraphs(text, lang))
        assert isinstance(compact.sentences, SentenceTable)
        assert list(compact.sentences) == list(full.sentences)
        assert list(compact.starts) == list(full.starts)
        assert list(compact.lengths) == list(full.lengths)
        assert compact.sentence_lengths(range(len(compact.sentences))) == \
            full.sentence_lengths(range(len(full.sentences)))


def _related(rng: np.random.Generator, n: int, m: int, dim: int = 24
             ) -> tuple[np.ndarray, np.ndarray]:
    """Two sides whose sentences are noisy copies of one another, here and there merged."""
    from aligner.embed.base import normalise

    base = normalise(rng.normal(size=(max(n, m), dim)).astype(np.float32))
    x = normalise(base[np.arange(n) * max(n, m) // n]
                  + 0.4 * rng.normal(size=(n, dim)).astype(np.float32))
    y = normalise(base[np.arange(m) * max(n, m) // m]
                  + 0.4 * rng.normal(size=(m, dim)).astype(np.float32))
    return x, y


def test_a_long_alignment_is_the_same_however_little_of_it_is_held(monkeypatch):
    """What a long text's alignment holds at once (the wide band's rows read for anchors,
    the coarse grid's and the backgrounds' chunks, the bead values kept for the
    posteriors) changes none of its beads, and their scores only by float rounding; and its
    beads kept as arrays are the beads."""
    import aligner.alignment as alignment
    import aligner.alignment.band as band
    import aligner.alignment.dp as dp
    import aligner.alignment.search as search

    rng = np.random.default_rng(2026)
    n, m = 2300, 2000  # above the full matrix: coarse path, wide band, anchors
    x, y = _related(rng, n, m)
    lengths = (rng.integers(5, 90, n), rng.integers(5, 120, m))
    whole = alignment.align_sentences(x, y, *lengths)
    kept = alignment.aligned_beads(x, y, *lengths)
    assert list(kept) == whole and len(kept) == len(whole)
    assert kept[3] == whole[3] and kept[-1] == whole[-1] and kept[5:9] == whole[5:9]
    monkeypatch.setattr(band, "ANCHOR_CELLS", 64)
    monkeypatch.setattr(search, "COARSE_CHUNK_STATES", 64)
    monkeypatch.setattr(dp, "CHUNK_STATES", 64 * 64)
    monkeypatch.setattr(dp, "CHUNK_BUDGET", 0)
    held = alignment.align_sentences(x, y, *lengths)
    assert [b[:2] for b in held] == [b[:2] for b in whole]
    # Smaller chunks are matrix products of other shapes: OpenBLAS picks its kernels for
    # the CPU at run time, and on some (an AMD EPYC, measured) rounds their rows differently
    # in the last bits (confidences up to 1e-8 apart, measured).
    np.testing.assert_allclose([b[2:] for b in held], [b[2:] for b in whole], rtol=1e-6)


def test_blocks_kept_compact_are_the_blocks_appended():
    from aligner.paragraphs import BlockList

    blocks = [Block((0, 1), (0,), 0.25), Block((), (1, 2), None, (("en", 3, 0.9),)),
              Block((2,), ()), Block(tuple(range(3, 9)), (4, 5), 1.0,
                                     (("zh", 9, 0.5), ("en", 6, 0.125)))]
    kept = BlockList(blocks)
    assert len(kept) == len(blocks) and list(kept) == blocks
    assert kept[1] == blocks[1] and kept[-1] == blocks[-1] and kept[1:3] == blocks[1:3]
    assert kept[2].confidence is None and tuple(kept) == tuple(blocks)
    with pytest.raises(IndexError):
        kept[len(blocks)]


def test_blocks_aligned_by_several_processes_are_those_aligned_in_one(encoder, monkeypatch):
    """A long text's blocks go to worker processes a run at a time (engine.block_workers);
    the beads, read in order, are the ones this process makes alone, to the last bit, and
    a run of blocks is aligned in a worker, not here."""
    zh, en = _pair()
    monkeypatch.setattr(engine_module, "PARALLEL_SENTENCES", 10**9)
    alone = align_texts(zh, en, encoder=encoder)
    monkeypatch.setattr(engine_module, "PARALLEL_SENTENCES", 0)
    monkeypatch.setattr(engine_module, "TASK_SENTENCES", 4)
    monkeypatch.setattr(engine_module, "TASKS_AHEAD", 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    from concurrent.futures import ProcessPoolExecutor

    submitted = []
    submit = ProcessPoolExecutor.submit

    def counting(self, fn, *args, **kwargs):
        submitted.append(fn.__name__)
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", counting)
    parallel = align_texts(zh, en, encoder=encoder)
    assert _beads(parallel) == _beads(alone)
    assert len(submitted) > 3 and set(submitted) == {"_aligned_run"}


def test_a_long_pair_is_checked_from_its_vectors_read_a_window_at_a_time(encoder, monkeypatch,
                                                                         tmp_path):
    """`aligner check zh en` on a pair long enough to spill its vectors: the alignment keeps
    none, the check reads them back a few beads at a time, and every finding (with its
    evidence and probability) is the one found with every vector of the text in memory."""
    import aligner.check.strays as strays_module
    from aligner.check import check_alignment
    from aligner.pipeline import align, check_files

    zh, en = _pair()
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    files = [tmp_path / "zh.txt", tmp_path / "en.txt"]
    kept = align(*files, encoder=encoder, keep_vectors=True)
    whole = check_alignment(kept, encoder=encoder, threshold=0.0)
    monkeypatch.setattr(pipeline_module, "SPILL_SENTENCES", 0)
    monkeypatch.setattr(engine_module, "WINDOW_SENTENCES", 3)
    monkeypatch.setattr(strays_module, "BEAD_CHUNK", 2)
    read = []
    window = SpilledVectors.window

    def counting(self, start, stop):
        read.append(stop - start)
        return window(self, start, stop)

    monkeypatch.setattr(SpilledVectors, "window", counting)
    result = check_files(files, encoder=encoder, threshold=0.0)
    assert not result.alignment.has_vectors
    assert read and max(read) < len(kept.zh.sentences) / 3
    assert _beads(result.alignment) == _beads(kept)

    # The same findings, their evidence and probabilities to the encoder's last bits (a
    # chunk's list items are embedded together, and a batch moves a vector by up to 1e-7).
    assert any(f.check in ("omission", "addition") for f in whole)
    assert [(f.check, f.bead, f.message) for f in result.findings] == \
        [(f.check, f.bead, f.message) for f in whole]
    for mine, theirs in zip(result.findings, whole, strict=True):
        assert mine.probability == pytest.approx(theirs.probability, abs=1e-5)
        assert [k for k, _ in mine.evidence] == [k for k, _ in theirs.evidence]
        assert [v for _, v in mine.evidence] == pytest.approx([v for _, v in theirs.evidence],
                                                              abs=2e-4)
