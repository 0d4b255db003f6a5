"""Pairing paragraphs: which Chinese passages and which English ones translate each other.

Works on sentence vectors that are computed once for the whole input; a paragraph's
vector is the normalised sum of its sentences' vectors. Runs of any length on one side
(a wire service's eight English paragraphs for one Chinese one) are found by aligning the
sentences of a stretch of paragraphs as one text where the paragraph step alone cannot
(:func:`blocks_from_pair`), or where a translation's paragraphs score low one by one
(:func:`blocks_from_document`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

import numpy as np

from aligner.alignment import AlignedBead, align_sentences, aligned_beads, length_ratio
from aligner.records import Packed, Sentence, SentenceTable, sentence_lengths
from aligner.segment import ZH, Paragraph, sentence_table


@dataclass(frozen=True, slots=True)
class Block:
    """Sentences to align with each other: indices into the input's zh and en sentence lists.

    ``confidence``: for a block that is one 1-1 pair of paragraphs from the paragraph
    alignment (not from a stretch it realigned), that pair's posterior probability;
    otherwise None. ``zh`` and ``en`` hold no id of ``left_out``.

    Slots, no ``__dict__``: a long pair holds one a paragraph pair until its last window
    is aligned (a block of one Chinese and two English sentences: 271 bytes, 311 with a
    dict; tracemalloc).
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float | None = None
    # Sentences inside the block's stretch that translate nothing on the other side (a
    # paragraph no Chinese run claims, a paragraph the paragraph alignment leaves out), as
    # (side "zh" or "en", sentence id, probability that it is unrelated): they come out as
    # 1-0 or 0-1 beads where they stand, and the rest is aligned without them.
    left_out: tuple[tuple[str, int, float], ...] = ()


class BlockList(Packed[Block]):
    """Blocks kept as arrays of their sentence ids, a :class:`Block` made each time one is
    asked for (``blocks[k]``, equal to the one appended): what a long pair holds of its
    paragraph pairs until its last window is aligned.

    67 bytes a block of five sentences, against 374 for the Block with its tuples of ints
    (tracemalloc; a 200 MB pair has 800,000 blocks).
    """

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self._ids = array("q")  # each block's zh ids, then its en ids
        self._at = array("q", [0])  # where each block's ids begin in _ids
        self._zh = array("q")  # how many of them are zh
        self._confidence = array("d")
        self._sure = bytearray()  # whether a block has a confidence (not None)
        self._left_out: dict[int, tuple[tuple[str, int, float], ...]] = {}
        for block in blocks:
            self.append(block)

    def append(self, block: Block) -> None:
        if block.left_out:
            self._left_out[len(self)] = block.left_out
        self._ids.extend(block.zh)
        self._ids.extend(block.en)
        self._at.append(len(self._ids))
        self._zh.append(len(block.zh))
        self._confidence.append(0.0 if block.confidence is None else block.confidence)
        self._sure.append(block.confidence is not None)

    def __len__(self) -> int:
        return len(self._zh)

    def _item(self, k: int) -> Block:
        start, middle = self._at[k], self._at[k] + self._zh[k]
        return Block(tuple(self._ids[start:middle]), tuple(self._ids[middle:self._at[k + 1]]),
                     self._confidence[k] if self._sure[k] else None,
                     self._left_out.get(k, ()))


@dataclass(frozen=True)
class ParagraphList:
    """The paragraphs of one language and the span of each in that language's sentence list.

    ``starts[k]`` is paragraph k's first sentence (one more entry: past the last sentence),
    ``lengths[k]`` its characters. ``paragraphs`` holds the Paragraph records where they
    were made (:meth:`of`, a mixed document); a pair's sides are kept compact instead
    (:meth:`table`: the sentences as offsets, no Paragraph records, nothing in
    ``paragraphs``).
    """

    starts: Sequence[int]
    lengths: Sequence[int]
    sentences: Sequence[Sentence]
    paragraphs: tuple[Paragraph, ...] = ()

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> ParagraphList:
        starts, at = [], 0
        for paragraph in paragraphs:
            starts.append(at)
            at += len(paragraph.sentences)
        starts.append(at)
        return cls(tuple(starts), tuple(len(p.text) for p in paragraphs),
                   [s for p in paragraphs for s in p.sentences], tuple(paragraphs))

    @classmethod
    def table(cls, text: str, lang: str | None = None) -> ParagraphList:
        """The paragraphs of ``text`` as :meth:`of` of :func:`split_paragraphs` gives them,
        kept compact (:func:`sentence_table`)."""
        sentences, starts, lengths = sentence_table(text, lang)
        return cls(starts, lengths, sentences)

    def __len__(self) -> int:
        return len(self.lengths)

    def sentence_ids(self, k: int) -> range:
        return range(self.starts[k], self.starts[k + 1])

    def total_length(self) -> int:
        """Characters of all the sentences."""
        if isinstance(self.sentences, SentenceTable):
            return self.sentences.total_length()
        return sum(len(s.text) for s in self.sentences)

    def sentence_lengths(self, ids: Iterable[int]) -> list[int]:
        """Characters of the sentences ``ids``."""
        return sentence_lengths(self.sentences, ids)

    def vectors(self, sentence_vectors: np.ndarray) -> np.ndarray:
        out = np.zeros((len(self), sentence_vectors.shape[1]), dtype=np.float32)
        for k in range(len(self)):
            ids = self.sentence_ids(k)
            if len(ids):
                out[k] = sentence_vectors[ids.start:ids.stop].sum(axis=0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


class SentenceRows(Protocol):
    """Sentence vectors by id, as a numpy array gives them (``rows[ids]``), wherever they
    are kept (:class:`aligner.engine.SpilledVectors` reads them from a file)."""

    def __getitem__(self, ids: list[int]) -> np.ndarray: ...


class RowRanges(Protocol):
    """Vectors read by ranges of rows as a numpy array's are (``rows[a:b]``, ``len``,
    ``shape``), all that :func:`aligner.alignment.align_sentences` reads of them: a long
    pair's paragraph vectors, read from a file (:class:`aligner.engine.RowFile`)."""

    @property
    def shape(self) -> tuple[int, int]: ...

    def __len__(self) -> int: ...

    def __getitem__(self, key: slice) -> np.ndarray: ...


def blocks_from_pair(zh: ParagraphList, en: ParagraphList,
                     zh_vectors: np.ndarray | SentenceRows, en_vectors: np.ndarray | SentenceRows,
                     paragraph_vectors: tuple[np.ndarray | RowRanges,
                                              np.ndarray | RowRanges] | None = None
                     ) -> BlockList:
    """Align the paragraphs of two texts (any n-m), then group their sentences in blocks.

    The paragraph alignment runs on the sentence aligner's lattice (beads of at most
    :data:`WIDEST` paragraphs), which cannot pair one Chinese paragraph with the eight
    English ones a wire service cuts its translation into: it leaves some out instead, or
    pairs a bead as wide as the lattice allows. Around every such bead (a paragraph left
    out, a bead of WIDEST paragraphs) the sentences of the stretch between the nearest
    paired paragraphs on either side are aligned as one text, and the paragraphs are
    grouped as that sentence alignment groups them (:func:`_realigned`): a run of any
    length on one side goes with the paragraph of the other side its sentences translate.

    A paragraph whose sentences that alignment leaves all unpaired, and which the
    paragraph alignment left out too (with at least LEFT_OUT_CONFIDENCE), is left out of
    the sentence alignment (Block.left_out: its sentences become 1-0 or 0-1 beads where it
    stands); any other joins the block before it (:func:`_settled`). Each of its
    sentences is as sure to translate nothing as the paragraph alignment is of its
    paragraph, and no surer than its best cosine with the other side of the stretch
    allows (:func:`_unpairable`): a sentence that would pair at high similarity is never a
    confident 0-1.

    ``paragraph_vectors`` (:meth:`ParagraphList.vectors` of each side) are given where the
    sentence vectors are not in memory: only the stretches realigned read sentences then.
    """
    if paragraph_vectors is None:  # from the sentence vectors, which are in memory
        assert isinstance(zh_vectors, np.ndarray) and isinstance(en_vectors, np.ndarray)
        paragraph_vectors = zh.vectors(zh_vectors), en.vectors(en_vectors)
    # The alignment reads its vectors by ranges of rows only (RowRanges). Its beads are
    # kept as arrays (AlignedBeads), the paragraphs' lengths too.
    beads = aligned_beads(cast(np.ndarray, paragraph_vectors[0]),
                          cast(np.ndarray, paragraph_vectors[1]),
                          np.asarray(zh.lengths, dtype=np.int64),
                          np.asarray(en.lengths, dtype=np.int64), max_total=WIDEST)
    ratio = length_ratio([zh.total_length()], [en.total_length()])
    # The paragraph alignment's probability that a paragraph translates nothing: its null
    # bead's posterior, or one minus that of the pair bead it is in.
    # One array a side (a dict by (side, paragraph) took 150 bytes a paragraph).
    unpaired = {"zh": np.zeros(len(zh)), "en": np.zeros(len(en))}
    for zh_pars, en_pars, _, confidence in beads:
        both = bool(zh_pars and en_pars)
        for side, pars in (("zh", zh_pars), ("en", en_pars)):
            for k in pars:
                unpaired[side][k] = 1.0 - confidence if both else confidence
    # The paragraphs it leaves out surely.
    left_out = {(side, k) for b in beads if not (b.source and b.target)
                and b.confidence >= LEFT_OUT_CONFIDENCE
                for side, pars in (("zh", b.source), ("en", b.target)) for k in pars}
    # Each group becomes its block once the next group of both sides comes (until then
    # the sentences left out after it join it): a long pair's groups were never all held
    # beside their blocks.
    blocks = BlockList()
    last_group: _Group | None = None
    pending: list[tuple[str, int, float]] = []  # left out before the first group
    for first, last, region in _stretches(beads):
        if region:
            stretch = beads[first:last + 1]
            zh_pars = [k for b in stretch for k in b.source]
            en_pars = [k for b in stretch for k in b.target]
            found = _settled(_realigned(zh, en, zh_pars, en_pars, zh_vectors, en_vectors,
                                        ratio, unpaired), left_out)
            pairs = [(b.source, b.target, b.confidence) for b in stretch
                     if b.source and b.target]
            if [(tuple(g.zh), tuple(g.en)) for g in found if g.zh and g.en] == \
                    [(zs, es) for zs, es, _ in pairs]:
                # The sentences pair as the paragraphs did: the paragraph alignment's
                # posteriors stand, as outside the stretch.
                for group, (zs, es, confidence) in zip(
                        [g for g in found if g.zh and g.en], pairs, strict=True):
                    group.confidence = confidence if len(zs) == len(es) == 1 else None
        else:
            bead = beads[first]
            alone = len(bead.source) == len(bead.target) == 1
            found = [_Group(list(bead.source), list(bead.target),
                            bead.confidence if alone else None, [])]
        for group in found:
            if group.zh and group.en:
                if last_group is None:
                    group.left_out[:0] = pending
                    pending = []
                else:
                    blocks.append(_block(last_group, zh, en))
                last_group = group
            else:
                (last_group.left_out if last_group else pending).extend(group.left_out)
    if last_group is not None:
        blocks.append(_block(last_group, zh, en))
    if pending:
        blocks.append(_block(_Group([], [], None, pending), zh, en))
    return blocks


def _block(group: _Group, zh: ParagraphList, en: ParagraphList) -> Block:
    """The block of a group of paragraphs: their sentences."""
    return Block(tuple(s for k in group.zh for s in zh.sentence_ids(k)),
                 tuple(s for k in group.en for s in en.sentence_ids(k)), group.confidence,
                 tuple(group.left_out))


# The widest bead of the paragraph alignment, in paragraphs of both sides: the sentence
# aligner's lattice (n + m <= 6). Runs longer than that are found by _realigned.
WIDEST = 6


@dataclass
class _Group:
    """Paragraphs to align with each other (indices into each side's paragraphs), the
    block's confidence, and the sentences left out inside its stretch (see Block)."""

    zh: list[int]
    en: list[int]
    confidence: float | None
    left_out: list[tuple[str, int, float]]


def _stretches(beads: Sequence[AlignedBead]) -> Iterator[tuple[int, int, bool]]:
    """The paragraph beads as (first, last, whether to realign): a pair bead alone, or a
    region to realign: every bead that leaves a paragraph out or is WIDEST paragraphs
    wide, with the beads around it up to and including the nearest pair bead each side
    (overlapping regions are one)."""
    # An array of the pair beads, and the stretches made as they are read: as lists, a
    # long pair's pair beads and stretches took 40 and 104 bytes each (tracemalloc).
    pairs = np.flatnonzero(np.fromiter((bool(b.source and b.target) for b in beads),
                                       dtype=bool, count=len(beads)))
    regions: list[list[int]] = []
    for k, bead in enumerate(beads):
        if bead.source and bead.target and len(bead.source) + len(bead.target) < WIDEST:
            continue
        at = int(np.searchsorted(pairs, k))  # pairs[at - 1] < k <= pairs[at]
        before = int(pairs[at - 1]) if at else 0
        after = next((int(p) for p in pairs[at:at + 2] if p > k), len(beads) - 1)
        if regions and before <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], after)
        else:
            regions.append([before, after])
    at = 0
    for first, last in regions:
        yield from ((k, k, False) for k in range(at, first))
        yield first, last, True
        at = last + 1
    yield from ((k, k, False) for k in range(at, len(beads)))


def _realigned(zh: ParagraphList, en: ParagraphList, zh_pars: Sequence[int],
               en_pars: Sequence[int], zh_vectors: np.ndarray | SentenceRows,
               en_vectors: np.ndarray | SentenceRows,
               ratio: float, unpaired: dict[str, np.ndarray]) -> list[_Group]:
    """The paragraphs of a stretch grouped as the alignment of its sentences groups them.

    The sentences of ``zh_pars`` and ``en_pars`` are aligned as one text (``ratio``: the
    whole text's length ratio); a group ends wherever a sentence bead ends at the end of
    a paragraph on both sides, so that each group is the fewest whole paragraphs whose
    sentences pair among themselves. A group of one side only is left out: each of its
    sentences with the lower of the paragraph alignment's ``unpaired`` probability for its
    paragraph and what its best cosine with the stretch's other side allows.
    """
    zh_ids = [s for k in zh_pars for s in zh.sentence_ids(k)]
    en_ids = [s for k in en_pars for s in en.sentence_ids(k)]
    zh_of = [k for k in zh_pars for _ in zh.sentence_ids(k)]
    en_of = [k for k in en_pars for _ in en.sentence_ids(k)]
    if not zh_ids or not en_ids:  # nothing on the other side to translate
        return [_Group([], [], None, [(side, s, float(unpaired[side][k]))
                                      for side, ids, of in (("zh", zh_ids, zh_of),
                                                            ("en", en_ids, en_of))
                                      for s, k in zip(ids, of, strict=True)])]
    x, y = zh_vectors[zh_ids], en_vectors[en_ids]
    sims = x @ y.T
    best = {"zh": sims.max(axis=1), "en": sims.max(axis=0)}
    # The stretch's sentence lengths from its own paragraphs (the whole text's sentence
    # list, built once a stretch, made the paragraph step quadratic: 37 stretches a bible).
    beads = align_sentences(x, y, zh.sentence_lengths(zh_ids), en.sentence_lengths(en_ids),
                            length_ratio=ratio)
    # A group's block has no confidence of its own (unless the groups are the paragraph
    # beads, see blocks_from_pair): where the lattice could not hold a long run, the mass
    # it put on other beads lowered the posteriors of the right pairs around it (0.30 and
    # 0.69 beside the seed readout's 1-10 run).
    groups: list[_Group] = []
    group = _Group([], [], None, [])
    nulls: list[tuple[str, int, float]] = []
    i = j = 0
    for source, target, _, _ in beads:
        for side, local, ids, of in (("zh", source, zh_ids, zh_of),
                                     ("en", target, en_ids, en_of)):
            pars = group.zh if side == "zh" else group.en
            for t in local:
                if not pars or pars[-1] != of[t]:
                    pars.append(of[t])
                if not (source and target):
                    nulls.append((side, ids[t], min(float(unpaired[side][of[t]]),
                                                    _unpairable(float(best[side][t])))))
        i, j = i + len(source), j + len(target)
        if _at_break(zh_of, i) and _at_break(en_of, j):
            if not (group.zh and group.en):
                group.left_out.extend(nulls)
            groups.append(group)
            group, nulls = _Group([], [], None, []), []
    return groups


def _settled(groups: Sequence[_Group], left_out: set[tuple[str, int]]) -> list[_Group]:
    """The groups of a realigned stretch, with each group of one side whose paragraphs the
    paragraph alignment did not all leave out too (``left_out``: with at least
    LEFT_OUT_CONFIDENCE) joined to the group before it (the first such, to the group after
    it): the sentence alignment of that block, with its clauses, decides what it
    translates.

    The stretch's own alignment has no clauses: left to it, seven one-sentence Chinese
    paragraphs of the bible ("事就这样成了。", "比拉就是琐珥。"), which the paragraph
    alignment had not left out surely, came out as 1-0 beads instead of in the 2-1 beads
    the block's alignment gives them (line-level strict F1 against the bible's gold 0.898
    instead of 0.900; with this rule its beads are the same as before long runs).
    """
    out: list[_Group] = []
    carried: list[_Group] = []  # groups of one side before any group of both
    for group in groups:
        if group.zh and group.en:
            for extra in carried:
                _join(group, extra)
            carried = []
            out.append(group)
        elif all((side, k) in left_out
                 for side, pars in (("zh", group.zh), ("en", group.en)) for k in pars):
            out.append(group)
        elif (host := next((g for g in reversed(out) if g.zh and g.en), None)) is not None:
            _join(host, group)
        else:
            carried.append(group)
    return out + carried  # with no group of both sides, left out after all


def _join(host: _Group, extra: _Group) -> None:
    """Put the paragraphs of ``extra`` in ``host``, in order."""
    host.zh[:] = sorted({*host.zh, *extra.zh})
    host.en[:] = sorted({*host.en, *extra.en})


# A paragraph the paragraph alignment leaves out at least this surely, and the sentence
# alignment of its stretch too, is left out of the sentence alignment (its sentences
# become 0-1 or 1-0 beads); one it is less sure of joins a block.
LEFT_OUT_CONFIDENCE = 0.5


def _at_break(paragraph_of: Sequence[int], at: int) -> bool:
    """Whether sentence position ``at`` (0 .. len) is a paragraph break of ``paragraph_of``
    (each sentence's paragraph), the start and end of the stretch included."""
    return at in (0, len(paragraph_of)) or paragraph_of[at] != paragraph_of[at - 1]


# How similar an English paragraph must be to a Chinese passage to count as part of its
# translation: translated paragraphs score 0.55-0.8 with USE, commentary on the same
# events 0.3-0.5.
TRANSLATION_THRESHOLD = 0.47
# A heading that introduces the translation ("Briefing by Li Chenggang ... to CGTN:")
# shares only names and titles with the Chinese, so it needs less similarity to join.
HEADING_THRESHOLD = 0.25
# Most an unclaimed English paragraph inside a translation costs its window: less than
# one translated paragraph brings (0.08-0.33 above TRANSLATION_THRESHOLD).
GAP = 0.05
# Spread of the logistic that turns an unclaimed paragraph's affinity into the confidence
# that it is unrelated: commentary on the same events scores 0.3-0.5, i.e. 0.97-0.35.
UNRELATED_SPREAD = 0.05


def blocks_from_document(paragraphs: Sequence[Paragraph], zh: ParagraphList, en: ParagraphList,
                         zh_vectors: np.ndarray, en_vectors: np.ndarray) -> list[Block]:
    """Find, for each run of Chinese paragraphs, the run of English ones that translates it.

    An English paragraph's affinity to a Chinese run averages two views: the best cosine
    between it and one of the run's paragraphs, and how well its sentences each find a
    counterpart among the run's sentences. A run may take the English paragraphs it is
    most akin to, or within TIE of the run most akin to them (commentary that quotes the
    readout shares its sentences); each run, the surest first, then takes the contiguous
    window of the paragraphs left to it whose affinity above the threshold adds up
    highest. Unrelated English is never paired.

    An English paragraph no run claims inside a window is left out (Block.left_out) unless
    the sentence alignment of the window pairs one of its sentences: a wire service's one
    sentence paragraphs each translate part of one Chinese paragraph, and score low as
    paragraphs. Each of its sentences is as sure to translate nothing as its paragraph's
    affinity says, and no surer than its best cosine with the run allows
    (:func:`_unpairable`).
    """
    runs = _chinese_runs(paragraphs, zh)
    if not runs or not en.paragraphs:
        return []
    zh_par, en_par = zh.vectors(zh_vectors), en.vectors(en_vectors)
    sentence_sims = zh_vectors @ en_vectors.T  # documents hold hundreds of sentences, not more
    run_ids = [tuple(s for k in run for s in zh.sentence_ids(k)) for run in runs]
    en_ids = [en.sentence_ids(k) for k in range(len(en.paragraphs))]
    en_weights = [np.array([len(s.text) for s in p.sentences], dtype=np.float64)
                  for p in en.paragraphs]
    affinity = np.empty((len(runs), len(en.paragraphs)))
    # Each English sentence's best cosine with a sentence of each run.
    best_per_sentence = np.empty((len(runs), len(en_vectors)))
    for r, run in enumerate(runs):
        best_per_sentence[r] = sentence_sims[list(run_ids[r])].max(axis=0)
        paragraph_best = (zh_par[run] @ en_par.T).max(axis=0)
        for k in range(len(en.paragraphs)):
            affinity[r, k] = (paragraph_best[k] + _weighted_mean(
                best_per_sentence[r], en_ids[k], en_weights[k])) / 2
    windows = _windows(affinity)
    unclaimed = affinity.max(axis=0) < TRANSLATION_THRESHOLD
    taken = {k for start, stop in windows.values() for k in range(start, stop)}
    zh_sentences, en_sentences = zh.sentences, en.sentences
    # Lengths are judged against the ratio of the text the windows pair, not the whole
    # document's, most of whose English may translate nothing.
    ratio = length_ratio([len(zh_sentences[i].text) for r in windows for i in run_ids[r]],
                         [len(en_sentences[j].text) for start, stop in windows.values()
                          for k in range(start, stop) for j in en_ids[k]])
    blocks = []
    for r, window in sorted(windows.items()):
        heading = window[0] - 1
        if (heading >= 0 and heading not in taken and _is_heading(en.paragraphs[heading])
                and affinity[r, heading] >= HEADING_THRESHOLD):
            window = (heading, window[1])
        inside = [k for k in range(*window) if unclaimed[k] and k != window[0]]
        unpaired = _unpaired(run_ids[r], [len(zh_sentences[i].text) for i in run_ids[r]],
                             range(*window), en, zh_vectors, en_vectors, ratio) \
            if inside else set()
        left = [k for k in inside if k in unpaired]
        kept = [k for k in range(*window) if k not in left]
        left_out = tuple(("en", s, min(_unrelated(affinity[r, k]),
                                       _unpairable(float(best_per_sentence[r, s]))))
                         for k in left for s in en_ids[k])
        blocks.append(Block(run_ids[r], tuple(s for k in kept for s in en_ids[k]),
                            left_out=left_out))
    return blocks


# How much more akin to another run an English paragraph may be and still go to a run's
# window. The seed readout's English cut into one paragraph a sentence had three of its
# paragraphs 0.01-0.04 more akin to the commentary that quotes the readout than to the
# readout (ownership by the highest affinity cut its window short: 8 of 12 paragraphs
# out); in the seed as it stands no window changes.
TIE = 0.05


def _windows(affinity: np.ndarray) -> dict[int, tuple[int, int]]:
    """Each run's window of English paragraphs (start, stop), if it has one.

    A run's candidates are the paragraphs it is within TIE of the most akin run to, and
    the ones no run claims (at most GAP each below the threshold); the run whose best
    window adds up highest takes it first, and the others choose among what is left."""
    best = affinity.max(axis=0)
    unclaimed = best < TRANSLATION_THRESHOLD
    values = np.where(affinity >= best - TIE, affinity - TRANSLATION_THRESHOLD, -np.inf)
    # An English paragraph that no run claims (an editor's note, a caption slipped into
    # the translation) costs at most GAP inside a window: the window goes on past it
    # when the translation does, and it is left out unless its sentences pair.
    values = np.where(unclaimed, np.maximum(affinity - TRANSLATION_THRESHOLD, -GAP), values)
    found = {r: _best_window(values[r]) for r in range(len(affinity))}
    windows: dict[int, tuple[int, int]] = {}
    taken = np.zeros(affinity.shape[1], dtype=bool)
    while found:
        r = max(found, key=lambda q: (found[q][1], -q))
        window, total = found.pop(r)
        if window is None or total <= 0:
            break
        if taken[window[0]:window[1]].any():  # another run took some: choose again
            found[r] = _best_window(np.where(taken, -np.inf, values[r]))
            continue
        windows[r] = window
        taken[window[0]:window[1]] = True
    return windows


def _unpaired(run: Sequence[int], zh_lengths: Sequence[int], window: range,
              en: ParagraphList, zh_vectors: np.ndarray, en_vectors: np.ndarray,
              ratio: float) -> set[int]:
    """The paragraphs of ``window`` none of whose sentences the sentence alignment of the
    run (sentence ids ``run`` of ``zh_lengths`` characters) with the window pairs."""
    en_ids = [s for k in window for s in en.sentence_ids(k)]
    paragraph_of = [k for k in window for _ in en.sentence_ids(k)]
    en_sentences = en.sentences
    beads = align_sentences(zh_vectors[list(run)], en_vectors[en_ids], zh_lengths,
                            [len(en_sentences[s].text) for s in en_ids], length_ratio=ratio,
                            confidence=False)
    paired = {paragraph_of[t] for source, target, _, _ in beads if source for t in target}
    return set(window) - paired


# A sentence's best cosine with the other side's sentences nearby, against which a 0-1 or
# 1-0 bead's confidence is capped (_unpairable). Translations (the wmt22 train and dev
# documents' 363 English sentences, each against its segment's Chinese): 5th percentile
# 0.48, median 0.69, 7.7% below 0.51 and 3.6% below 0.45; sentences on the same events that
# translate nothing (the seed's 177 interview and commentary sentences against its Chinese
# readout): 95th percentile 0.32, 99th 0.45, highest 0.49; another document's sentences 0.43
# at most. The cap is 0.5 at PAIRABLE, just above the highest of the latter, 0.36 at 0.53,
# 0.004 at 0.70, 0.85 at 0.45. (Centred at 0.45 with spread 0.04, it lowered a planted
# omission's 1-0 bead, 0.45 from the English beside it, under check's threshold: planted
# "delete en sentence" check 9 -> 8 of 13.)
PAIRABLE = 0.51
PAIRABLE_SPREAD = 0.035


def _unpairable(similarity: float) -> float:
    """The most a sentence whose best cosine with the other side is ``similarity`` may be
    trusted to translate nothing: a logistic around PAIRABLE."""
    return float(1.0 / (1.0 + np.exp((similarity - PAIRABLE) / PAIRABLE_SPREAD)))


def _unrelated(affinity: float) -> float:
    """How sure it is that a paragraph of this affinity translates nothing of the run: a
    logistic around TRANSLATION_THRESHOLD whose spread is UNRELATED_SPREAD."""
    return float(1.0 / (1.0 + np.exp((affinity - TRANSLATION_THRESHOLD) / UNRELATED_SPREAD)))


def _chinese_runs(paragraphs: Sequence[Paragraph], zh: ParagraphList) -> list[list[int]]:
    """Runs of consecutive Chinese paragraphs, as indices into ``zh.paragraphs``."""
    position = {p.index: k for k, p in enumerate(zh.paragraphs)}
    runs: list[list[int]] = []
    previous_zh = False
    for paragraph in paragraphs:
        if paragraph.lang == ZH:
            if previous_zh:
                runs[-1].append(position[paragraph.index])
            else:
                runs.append([position[paragraph.index]])
        previous_zh = paragraph.lang == ZH if paragraph.lang else previous_zh
    return runs


def _is_heading(paragraph: Paragraph) -> bool:
    """A short paragraph ending in a colon introduces what follows it."""
    return len(paragraph.sentences) <= 2 and len(paragraph.text) <= 300 \
        and paragraph.text.rstrip().endswith((":", "："))


def _weighted_mean(values: np.ndarray, ids: range, weights: np.ndarray) -> float:
    """Mean of a paragraph's sentence values, weighted by sentence length (``weights``)."""
    if not len(ids):
        return 0.0
    return float((values[ids.start:ids.stop] * weights).sum() / weights.sum())


def _best_window(values: np.ndarray) -> tuple[tuple[int, int] | None, float]:
    """The contiguous slice with the largest sum (Kadane), skipping -inf entries."""
    best, best_window = 0.0, None
    total, start = 0.0, 0
    for k, value in enumerate(values):
        if not np.isfinite(value):
            total, start = 0.0, k + 1
            continue
        if total <= 0:
            total, start = 0.0, k
        total += value
        if total > best:
            best, best_window = total, (start, k + 1)
    return best_window, best
