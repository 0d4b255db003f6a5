"""How well a bead's confidence tells right beads from wrong ones, end to end.

    python benchmarks/confidence.py [--set mac-dev] [--set text-berg] [--time]

A bead is right when the gold holds exactly the same bead (the strict hit of the quality
benchmark). For the confidence (the bead's posterior probability under the shipped
weights and temperature) and, for comparison, the similarity (the cosine of its two
sides), per set: ROC AUC, the share of all wrong beads among the lowest-scored 10%, Brier
score and log-loss, a reliability table, and the share of beads below aligner.check's
DEFAULT_MIN_CONFIDENCE with how many of them are wrong. The sets are aligned through
``align_texts`` presplit: this measures sentence-level confidence, not the paragraph
pairing's. The shipped weights were fitted on mac-dev, so its figures here are in-sample;
``benchmarks/train_scoring.py --evaluate`` gives the honest ones (leave one document out,
temperature fitted on the other set).

``--time`` instead aligns the bible (two files, as ``aligner align`` does) and reports the
share of its end-to-end time that the posterior passes (the confidence) take.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time

import numpy as np
from paths import EVAL

import aligner.alignment
from aligner import align, align_texts
from aligner.alignment import LEARNED
from aligner.check import DEFAULT_MIN_CONFIDENCE
from aligner.embed import get_encoder
from aligner.evaluation import read_alignment

SETS = {"mac-dev": ("zh", "en", "gold", ".align"), "text-berg": ("de", "fr", "gold", "")}


def beads(name: str, encoder) -> list[tuple[bool, float, float]]:
    """(right, confidence, similarity) of every bead the aligner makes on set ``name``."""
    src, tgt, gold_dir, suffix = SETS[name]
    base = EVAL / name
    out = []
    for doc in sorted(p.name for p in (base / src).iterdir()):
        alignment = align_texts((base / src / doc).read_text(encoding="utf-8"),
                                (base / tgt / doc).read_text(encoding="utf-8"),
                                presplit=True, encoder=encoder)
        gold = {(tuple(z), tuple(e)) for z, e in read_alignment(base / gold_dir /
                                                                 f"{doc}{suffix}")}
        out += [((b.zh_ids, b.en_ids) in gold, b.score, b.similarity or 0.0)
                for b in alignment.beads]
    return out


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # ties share their mean rank
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    positives = right.sum()
    negatives = len(right) - positives
    return float((ranks[right].sum() - positives * (positives + 1) / 2)
                 / (positives * negatives))


def log_loss(p: np.ndarray, right: np.ndarray) -> float:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return float(-np.mean(np.where(right, np.log(p), np.log(1 - p))))


def measures(p: np.ndarray, right: np.ndarray) -> dict:
    lowest = np.argsort(p, kind="stable")[:len(p) // 10]
    return {"auc": round(auc(p, right), 3),
            "wrong_in_lowest_10pct": round(float((~right[lowest]).sum()
                                                 / max(1, (~right).sum())), 3),
            "brier": round(float(np.mean((p - right) ** 2)), 4),
            "log_loss": round(log_loss(p, right), 4)}


def posterior_share(encoder) -> dict:
    """End-to-end time of aligning the bible, and the part the posterior passes take."""
    passes = aligner.alignment.bead_posteriors
    spent = [0.0]

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return passes(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    aligner.alignment.bead_posteriors = timed
    try:
        started = time.perf_counter()
        result = align(EVAL / "bible" / "zh" / "001", EVAL / "bible" / "en" / "001",
                       encoder=encoder)
        total = time.perf_counter() - started
    finally:
        aligner.alignment.bead_posteriors = passes
    return {"bible_seconds": round(total, 2), "posterior_seconds": round(spent[0], 2),
            "posterior_share": round(spent[0] / total, 4), "beads": len(result.beads),
            "bar_share": 0.10}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS))
    parser.add_argument("--time", action="store_true")
    args = parser.parse_args()
    encoder = get_encoder()
    if args.time:
        print(json.dumps(posterior_share(encoder)))
        return
    for name in args.set or sorted(SETS):
        table = np.array(beads(name, encoder))
        right, confidence, similarity = table[:, 0].astype(bool), table[:, 1], table[:, 2]
        below = confidence < DEFAULT_MIN_CONFIDENCE
        bins = [0.0, 0.3, 0.5, 0.7, 0.9, 1.01]
        print(json.dumps({
            "set": name, "beads": len(right), "wrong": int((~right).sum()),
            "temperature": LEARNED.temperature,
            "confidence": measures(confidence, right),
            "similarity": measures(similarity, right),
            "reliability": [{"from": lo, "to": min(hi, 1.0), "beads": int(s.sum()),
                             "right": round(float(right[s].mean()), 3) if s.any() else None}
                            for lo, hi in itertools.pairwise(bins)
                            for s in [(confidence >= lo) & (confidence < hi)]],
            "below_min_confidence": {"share_of_beads": round(float(below.mean()), 3),
                                     "wrong_among_them": round(float((~right[below]).mean()), 3)
                                     if below.any() else None,
                                     "share_of_wrong": round(float((~right & below).sum()
                                                                   / max(1, (~right).sum())),
                                                             3)},
        }))


if __name__ == "__main__":
    main()
