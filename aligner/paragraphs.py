"""Pairing paragraphs: which Chinese passages and which English ones translate each other.

Works on sentence vectors that are computed once for the whole input; a paragraph's
vector is the normalised sum of its sentences' vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment import align_sentences
from aligner.records import Sentence
from aligner.segment import ZH, Paragraph


@dataclass(frozen=True)
class Block:
    """Sentences to align with each other: indices into the input's zh and en sentence lists.

    ``confidence``: for a block that is one 1-1 pair of paragraphs from the paragraph
    alignment, that pair's posterior probability; otherwise None. ``zh`` and ``en`` hold
    no id of ``left_out``.
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float | None = None
    # Sentences inside the block's stretch that translate nothing on the other side (a
    # paragraph no Chinese run claims, a paragraph the paragraph alignment leaves out), as
    # (side "zh" or "en", sentence id, probability that it is unrelated): they come out as
    # 1-0 or 0-1 beads where they stand, and the rest is aligned without them.
    left_out: tuple[tuple[str, int, float], ...] = ()


@dataclass(frozen=True)
class ParagraphList:
    """The paragraphs of one language and the span of each in that language's sentence list."""

    paragraphs: tuple[Paragraph, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> ParagraphList:
        starts, at = [], 0
        for paragraph in paragraphs:
            starts.append(at)
            at += len(paragraph.sentences)
        return cls(tuple(paragraphs), tuple(starts))

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def sentence_ids(self, k: int) -> range:
        return range(self.starts[k], self.starts[k] + len(self.paragraphs[k].sentences))

    def vectors(self, sentence_vectors: np.ndarray) -> np.ndarray:
        out = np.zeros((len(self.paragraphs), sentence_vectors.shape[1]), dtype=np.float32)
        for k in range(len(self.paragraphs)):
            ids = self.sentence_ids(k)
            if len(ids):
                out[k] = sentence_vectors[ids.start:ids.stop].sum(axis=0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def blocks_from_pair(zh: ParagraphList, en: ParagraphList, zh_vectors: np.ndarray,
                     en_vectors: np.ndarray) -> list[Block]:
    """Align the paragraphs of two texts (n-m allowed), then group their sentences in blocks.

    A paragraph the paragraph alignment leaves out with confidence (at least
    LEFT_OUT_CONFIDENCE) is left out of the sentence alignment too: its sentences become
    1-0 or 0-1 beads where it stands. Any other paragraph without a partner joins the
    block before it, so that the sentence aligner, not the coarser paragraph step,
    decides what it corresponds to.
    """
    beads = align_sentences(zh.vectors(zh_vectors), en.vectors(en_vectors),
                            [len(p.text) for p in zh.paragraphs],
                            [len(p.text) for p in en.paragraphs])
    sides = {"zh": zh, "en": en}
    # (zh paragraphs, en paragraphs, confidence of the paragraph bead if the group is one,
    # left-out sentences)
    groups: list[tuple[list[int], list[int], float | None, list[tuple[str, int, float]]]] = []
    pending: tuple[list[int], list[int], list[tuple[str, int, float]]] = ([], [], [])
    for zh_pars, en_pars, _, confidence in beads:
        if zh_pars and en_pars:
            alone = not (pending[0] or pending[1]) and len(zh_pars) == len(en_pars) == 1
            groups.append(([*pending[0], *zh_pars], [*pending[1], *en_pars],
                           confidence if alone else None, pending[2]))
            pending = ([], [], [])
        elif confidence >= LEFT_OUT_CONFIDENCE:
            side = "zh" if zh_pars else "en"
            left = [(side, s, confidence) for k in (zh_pars or en_pars)
                    for s in sides[side].sentence_ids(k)]
            (groups[-1][3] if groups else pending[2]).extend(left)
        elif groups:
            groups[-1][0].extend(zh_pars)
            groups[-1][1].extend(en_pars)
            groups[-1] = (groups[-1][0], groups[-1][1], None, groups[-1][3])
        else:
            pending[0].extend(zh_pars)
            pending[1].extend(en_pars)
    if pending[0] or pending[1] or pending[2]:
        groups.append((pending[0], pending[1], None, pending[2]))
    return [Block(tuple(s for k in zs for s in zh.sentence_ids(k)),
                  tuple(s for k in es for s in en.sentence_ids(k)), confidence, tuple(left))
            for zs, es, confidence, left in groups]


# A paragraph the paragraph alignment leaves out at least this surely is left out of the
# sentence alignment as well (its sentences become 0-1 or 1-0 beads).
LEFT_OUT_CONFIDENCE = 0.5


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
    counterpart among the run's sentences. Each English paragraph goes to the run it is
    most akin to; each run then takes the contiguous window of its own paragraphs whose
    affinity above the threshold adds up highest. Unrelated English is never paired.
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
    for r, run in enumerate(runs):
        best_per_sentence = sentence_sims[list(run_ids[r])].max(axis=0)
        paragraph_best = (zh_par[run] @ en_par.T).max(axis=0)
        for k in range(len(en.paragraphs)):
            affinity[r, k] = (paragraph_best[k] + _weighted_mean(
                best_per_sentence, en_ids[k], en_weights[k])) / 2
    owner = affinity.argmax(axis=0)
    unclaimed = affinity.max(axis=0) < TRANSLATION_THRESHOLD
    windows: dict[int, tuple[int, int]] = {}
    for r in range(len(runs)):
        values = np.where(owner == r, affinity[r] - TRANSLATION_THRESHOLD, -np.inf)
        # An English paragraph that no run claims (an editor's note, a caption slipped into
        # the translation) costs at most GAP inside a window: the window goes on past it
        # when the translation does, and the sentence aligner leaves it out (0-1 beads).
        values = np.where(unclaimed, np.maximum(affinity[r] - TRANSLATION_THRESHOLD, -GAP),
                          values)
        window, total = _best_window(values)
        if window is not None and total > 0:
            windows[r] = window
    taken = {k for start, stop in windows.values() for k in range(start, stop)}
    blocks = []
    for r, window in windows.items():
        heading = window[0] - 1
        if (heading >= 0 and heading not in taken and _is_heading(en.paragraphs[heading])
                and affinity[r, heading] >= HEADING_THRESHOLD):
            window = (heading, window[1])
        kept = [k for k in range(*window) if not unclaimed[k] or k == window[0]]
        left_out = tuple(("en", s, _unrelated(affinity[r, k])) for k in range(*window)
                         if k not in kept for s in en_ids[k])
        blocks.append(Block(run_ids[r], tuple(s for k in kept for s in en_ids[k]),
                            left_out=left_out))
    return blocks


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
