"""Fit the bead weights (a CRF, aligner.alignment.train) and measure them honestly.

    python benchmarks/train_scoring.py --evaluate        # leave-one-document-out figures
    python benchmarks/train_scoring.py --write           # fit on everything, write weights.py

Training data (sentence-level gold): the mac-dev chapters (zh-en literary), the text-berg
documents (de-fr) and the news documents of wmt22-zh-en (zh-en; segments are 1-1 by
construction, each cut into sentences with the aligner's own splitters, so a segment of one
Chinese and two English sentences is a 1-2 bead; every third document, from the first, is
set aside for the planted-error fixtures of benchmarks/planted.py and never trained on), with
planted variants of its training documents (a bead's Chinese deleted, an English sentence of
another document added, and in every second one a bead's English deleted: their 0-1 and 1-0
beads are gold). text-berg is not trained on;
the bible is not used: its gold is verse-level, not sentence-level.

``--evaluate`` reports mac-dev and text-berg by leave-one-document-out: each document is
aligned with weights fitted on every other training document (the other sets included),
so no figure comes from weights that saw its document. Strict and lax F1, per bead type,
and the confidence measures of benchmarks/confidence.py. Vectors are cached under
``--cache`` (default: the system temp directory) so that reruns skip the encoder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
from paths import EVAL, ROOT

from aligner.alignment import Clauses, Scoring, align_sentences
from aligner.alignment.train import TrainingDocument, train
from aligner.embed import get_encoder
from aligner.evaluation import Counts, per_type_f1, read_alignment
from aligner.pipeline import embed_sentences
from aligner.records import Sentence
from aligner.segment.sentences import split_sentences

SETS = {"mac-dev": ("zh", "en", "gold", ".align"), "text-berg": ("de", "fr", "gold", "")}
# Chosen by the leave-one-document-out F1 on mac-dev (benchmarks/train_scoring.py
# --evaluate), so that figure is a little optimistic. Before clause evidence: margin 0 and
# L2 1e-3 0.855, margin 1 0.860, margin 2 and L2 1e-4 0.868. With clauses embedded as texts:
# margin 2 and L2 1e-4 0.879, L2 3e-5 0.877, margin 1.5 0.876. With clause vectors pooled
# from the sentence's pass (aligner.embed.spans; mac-dev / text-berg): margin 2 and L2 1e-4
# 0.877 / 0.911, margin 3 0.879 / 0.912, margin 4 0.878 / 0.910, margin 3 and L2 3e-4
# 0.882 / 0.909, L2 1e-3 0.875 / 0.906.
L2 = 3e-4
# The softmax-margin: each wrong bead gains this inside Z while training.
MARGIN = 3.0
# Posterior temperatures tried; the one reported for a set is fitted (log-loss) on the other.
TEMPERATURES = (0.5, 1.0, 1.5, 2.0, 3.0)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _document(name: str, xs: list[str], ys: list[str], gold, encoder,
              langs: tuple[str, str] = ("zh", "en")) -> TrainingDocument:
    """Sentences and clauses embedded as ``aligner align`` embeds them."""
    x, y, clauses = embed_sentences([Sentence(s, 0, len(s)) for s in xs],
                                    [Sentence(s, 0, len(s)) for s in ys], encoder, None, langs)
    return TrainingDocument(x, y, np.array([len(s) for s in xs]),
                            np.array([len(s) for s in ys]), gold, name, clauses)


def gold_sets(encoder) -> dict[str, list[TrainingDocument]]:
    out = {}
    for name, (src, tgt, gold_dir, suffix) in SETS.items():
        base = EVAL / name
        out[name] = [_document(f"{name}/{doc}", _lines(base / src / doc),
                               _lines(base / tgt / doc),
                               read_alignment(base / gold_dir / f"{doc}{suffix}"), encoder,
                               (src, tgt))
                     for doc in sorted(p.name for p in (base / src).iterdir())]
    return out


def wmt_news() -> list[tuple[str, list[list[str]], list[list[str]]]]:
    """Each wmt22 news document as (id, Chinese segments, English segments of translator
    A), every segment cut into sentences."""
    root = ElementTree.parse(EVAL / "wmt22-zh-en" / "wmttest2022.zh-en.xml").getroot()
    news = {line.split("\t")[1] for line in
            (EVAL / "wmt22-zh-en" / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:]
            if line.split("\t")[2] == "news"}
    out = []
    for doc in root.iter("doc"):
        if doc.get("id") not in news:
            continue
        src = [seg.text or "" for seg in doc.find("src").iter("seg")]
        ref = next(r for r in doc.findall("ref") if r.get("translator") == "A")
        tgt = [seg.text or "" for seg in ref.iter("seg")]
        zh = [split_sentences(s, "zh") or [s] for s in src]
        en = [split_sentences(s, "en") or [s] for s in tgt]
        out.append((doc.get("id"), zh, en))
    return out


def wmt_documents(encoder, part: str) -> list[TrainingDocument]:
    """The wmt22 news documents for training (``part="train"``) or set aside (``"held"``)."""
    out = []
    for index, (name, zh, en) in enumerate(wmt_news()):
        if (index % 3 == 0) != (part == "held"):
            continue
        xs = [s for seg in zh for s in seg]
        ys = [s for seg in en for s in seg]
        gold, i, j = [], 0, 0
        for a, b in zip(zh, en, strict=True):
            gold.append((tuple(range(i, i + len(a))), tuple(range(j, j + len(b)))))
            i, j = i + len(a), j + len(b)
        out.append(_document(f"wmt22/{name}", xs, ys, gold, encoder))
    return out


def planted_variants(docs: list[TrainingDocument], seed: int = 0,
                     omit_every: int = 2) -> list[TrainingDocument]:
    """Variants of each document of at least four beads, with their null gold: "delete",
    one bead's Chinese deleted (its English sentences become 0-1 beads); "add", one
    sentence of the next document added after a bead's English; and for every
    ``omit_every``-th document (0: none) "omit", one bead's English deleted (its Chinese
    sentences become 1-0 beads, a sentence left untranslated). Beads picked at random, not
    the first or last; vectors, lengths and clauses are the documents' own, so nothing is
    embedded.
    """
    rng = random.Random(seed)
    out = []
    for k, doc in enumerate(docs):
        donor = docs[(k + 1) % len(docs)]
        beads = [(list(z), list(e)) for z, e in doc.gold]
        if len(beads) < 4:
            continue
        for kind in ("delete", "add", "omit"):
            at = rng.randrange(1, len(beads) - 1)  # drawn even when skipped: same draws
            if kind == "omit" and not (omit_every and k % omit_every == 0):
                continue
            zh: list[int] = []
            en: list[tuple[TrainingDocument, int]] = []
            gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
            for index, (z, e) in enumerate(beads):
                if kind == "omit" and index == at:
                    gold += [((i,), ()) for i in range(len(zh), len(zh) + len(z))]
                    zh += z
                    continue
                ids = tuple(range(len(en), len(en) + len(e)))
                en += [(doc, j) for j in e]
                if kind == "delete" and index == at:
                    gold += [((), (j,)) for j in ids]
                    continue
                gold.append((tuple(range(len(zh), len(zh) + len(z))), ids))
                zh += z
                if kind == "add" and index == at:
                    en.append((donor, rng.randrange(len(donor.y))))
                    gold.append(((), (len(en) - 1,)))
            y_clauses = Clauses.of([source.clauses[1].take([j]).vectors for source, j in en])
            out.append(TrainingDocument(
                doc.x[zh], np.stack([source.y[j] for source, j in en]), doc.x_len[zh],
                np.array([source.y_len[j] for source, j in en]), gold,
                f"{doc.name} ({kind})",
                (doc.clauses[0].take(zh), y_clauses)))
    return out


def cached(path: Path, build):
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = build()
    path.write_bytes(pickle.dumps(value))
    return value


def align(doc: TrainingDocument, scoring: Scoring):
    return align_sentences(doc.x, doc.y, doc.x_len, doc.y_len, scoring, clauses=doc.clauses)


def evaluate(docs: list[TrainingDocument], scorings: list[Scoring],
             temperatures: tuple[float, ...] = TEMPERATURES) -> dict:
    """Strict and lax F1 and per bead type, and (right, confidence) of every bead at each
    temperature of the grid (the best path does not depend on it)."""
    counts, pairs = Counts(), []
    rows: dict[float, list[tuple[bool, float]]] = {t: [] for t in temperatures}
    for doc, scoring in zip(docs, scorings, strict=True):
        beads = align(doc, scoring)
        test = [(tuple(b.source), tuple(b.target)) for b in beads]
        gold = [(tuple(z), tuple(e)) for z, e in doc.gold]
        counts.add(test, gold)
        pairs.append((test, gold))
        in_gold = set(gold)
        for temperature in temperatures:
            scaled = beads if temperature == scoring.temperature else \
                align(doc, replace(scoring, temperature=temperature))
            rows[temperature] += [((b.source, b.target) in in_gold, b.confidence)
                                  for b in scaled]
    return {"scores": {k: round(v, 4) for k, v in counts.scores().items()},
            "per_type": {t: {k: round(v, 4) if isinstance(v, float) else v
                             for k, v in d.items()} for t, d in per_type_f1(pairs).items()},
            "confidence": {t: (np.array([r for r, _ in v]), np.array([c for _, c in v]))
                           for t, v in rows.items()}}


def confidence_measures(right: np.ndarray, confidence: np.ndarray) -> dict:
    lowest = np.argsort(confidence, kind="stable")[:len(confidence) // 10]
    bins = np.linspace(0.0, 1.0, 11)
    return {"auc": round(_auc(confidence, right), 4),
            "wrong_in_lowest_10pct": round(float((~right[lowest]).sum()
                                                 / max(1, (~right).sum())), 4),
            "brier": round(float(np.mean((confidence - right) ** 2)), 4),
            "calibration": [{"bin": f"{lo:.1f}-{hi:.1f}", "beads": int(s.sum()),
                             "mean_confidence": round(float(confidence[s].mean()), 3),
                             "right": round(float(right[s].mean()), 3)}
                            for lo, hi in itertools.pairwise(bins)
                            for s in [(confidence >= lo) & ((confidence < hi) | (hi == 1.0))]
                            if s.any()]}


def _log_loss(right: np.ndarray, confidence: np.ndarray) -> float:
    p = np.clip(confidence, 1e-4, 1 - 1e-4)
    return float(-np.mean(np.where(right, np.log(p), np.log(1 - p))))


def _auc(scores: np.ndarray, right: np.ndarray) -> float:
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    positives = right.sum()
    negatives = len(right) - positives
    return float((ranks[right].sum() - positives * (positives + 1) / 2)
                 / (positives * negatives))


def write_weights(scoring: Scoring, trained_on: list[str], temperature: float) -> Path:
    path = ROOT / "aligner" / "alignment" / "weights.py"
    lines = "".join(f"    ({name!r}, {value!r}),\n" for name, value in scoring.weights or ())
    sets = ", ".join(f"{name} ({sum(t.startswith(name) for t in trained_on)})"
                     for name in sorted({t.split("/")[0] for t in trained_on}))
    path.write_text(
        '"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;\n'
        "do not edit by hand.\n\n"
        f"Fitted with L2 {L2} and softmax-margin {MARGIN} on {len(trained_on)} documents: "
        f"{sets}.\n"
        "The temperature is the one that benchmark fits on held-out posteriors.\n"
        '"""\n\n'
        f"TEMPERATURE = {temperature!r}\n\n"
        f"WEIGHTS: tuple[tuple[str, float], ...] = (\n{lines})\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--temperature", type=float, default=1.0,
                        help="posterior temperature to write (from --evaluate)")
    args = parser.parse_args()
    encoder = get_encoder()
    sets = cached(args.cache / "aligner-train-gold-4.pkl", lambda: gold_sets(encoder))
    wmt = cached(args.cache / "aligner-train-wmt-4.pkl", lambda: wmt_documents(encoder, "train"))
    # text-berg (de-fr) is not trained on: its documents 001 and 007 (17 and 5 null
    # beads) dominated the likelihood (9.7 and 6.0 nats per bead under the hand-set
    # weights) and flattened the cosine weight from about 7 to 1.7, and it stays a test
    # of a language pair the weights never saw.
    # Planted errors teach the weights what an untranslated sentence looks like: mac-dev
    # has 6 null beads and wmt22 none, which left a 0-1 bead so costly (type bias -4.9,
    # -0.96 per log character) that an unrelated English sentence always merged into its
    # neighbour's bead (benchmarks/planted.py: 0 of 13 sentence-level cases null). Two
    # planted variants of each wmt22 training document (see planted_variants) kept strict
    # F1 (mac-dev LODO 0.8823 -> 0.8819, text-berg 0.9088 -> 0.9152; another seed 0.8834 /
    # 0.9175) and made null beads of 13, 10, 10 and 7 of 13 planted cases (before 6, 0, 0,
    # 0); four variants a document: 13, 10, 10, 10 but mac-dev 0.8804. (With the features
    # before clause evidence, one planted error a document had lowered mac-dev to 0.861.)
    # Once the pipeline judged a block's lengths by the whole text's ratio, as training
    # always has (a document is one block here), the same weights made 13, 12, 12 and 13.
    # An omitted sentence (1-0) had only mac-dev's 6 to learn from: "omit" variants (a
    # bead's English deleted) of every second document took mac-dev 1-0 F1 0.29 -> 0.6
    # (LODO F1 0.8819 -> 0.8835), text-berg 1-0 0.12 -> 0.30 (F1 0.9152 -> 0.9089), and
    # planted omissions 10 -> 11 of 13; of every document: mac-dev 0.8828 (1-0 0.5),
    # text-berg 0.9025.
    # Paragraph-break features (a bead crossing a break on one side only, or starting a
    # paragraph on one side only; wmt22 segments as paragraphs) learned -7.3 and -3.0 but
    # made 13, 12, 12, 12; the crossing feature alone took mac-dev LODO to 0.8782 and its
    # 1-0 F1 to 0.0 (mac-dev has no paragraphs): not kept.
    training = [*sets["mac-dev"], *wmt, *planted_variants(wmt)]
    if args.evaluate:
        results = {}
        for name in SETS:
            started = time.perf_counter()
            if name == "mac-dev":
                scorings = [train([d for d in training if d is not held], L2, MARGIN)
                            for held in sets[name]]
                how = "leave one document out"
            else:
                scorings = [train(training, L2, MARGIN)] * len(sets[name])
                how = "held out (never trained on)"
            results[name] = (how, evaluate(sets[name], scorings),
                             evaluate(sets[name], [Scoring()] * len(sets[name]), (0.1,)),
                             time.perf_counter() - started)
        for name, (how, learned, hand, seconds) in results.items():
            other = [o for o in results if o != name]
            fitted = min(TEMPERATURES, key=lambda t: sum(
                _log_loss(*results[o][1]["confidence"][t]) for o in other))
            print(json.dumps({
                "set": name, "learned": how, "seconds": round(seconds, 1),
                "scores": learned["scores"], "hand-set scores": hand["scores"],
                "per_type_f1": {t: d.get("f1") for t, d in learned["per_type"].items()},
                "temperature": fitted, "temperature_fitted_on": other,
                "confidence": confidence_measures(*learned["confidence"][fitted]),
                "hand-set confidence (temperature 0.1)":
                    confidence_measures(*hand["confidence"][0.1]),
            }))
    if args.write:
        scoring = train(training, L2, MARGIN, log=print)
        print(write_weights(scoring, [d.name for d in training], args.temperature))


if __name__ == "__main__":
    main()
