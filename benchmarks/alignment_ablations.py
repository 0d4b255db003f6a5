"""What moves mac-dev strict F1 with the default model: variants of the sentence vectors.

    python benchmarks/alignment_ablations.py [--model NAME]

Each sentence of ../shared/eval/mac-dev and text-berg is embedded once; every variant
then transforms the vectors of one document and aligns them with the default scoring:

- ``baseline``: the vectors as the model gives them;
- ``centred``: each side's mean vector subtracted (removes what all sentences share);
- ``top-3 removed``: each side centred and its 3 main directions projected out;
- ``self-trained map``: source vectors mapped by a ridge regression (towards identity)
  fitted to the spans of a first alignment, then aligned again.

The Bertalign + LaBSE reference output shipped with mac-dev is scored the same way.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

import numpy as np
from alignment_quality import SETS
from paths import EVAL

from aligner.alignment import align_sentences
from aligner.embed import get_encoder
from aligner.embed.base import normalise
from aligner.evaluation import Counts, read_alignment

Document = tuple[list[str], list[str], np.ndarray, np.ndarray, list]


def load(name: str, encoder) -> list[Document]:
    src, tgt, gold_dir, suffix = SETS[name]
    docs = []
    for doc in sorted(p.name for p in (EVAL / name / src).iterdir()):
        xs = [line.strip() for line in
              (EVAL / name / src / doc).read_text(encoding="utf-8").rstrip("\n").split("\n")]
        ys = [line.strip() for line in
              (EVAL / name / tgt / doc).read_text(encoding="utf-8").rstrip("\n").split("\n")]
        gold = read_alignment(EVAL / name / gold_dir / f"{doc}{suffix}")
        # One call for both sides, as the pipeline makes it.
        vectors = encoder.encode(xs + ys)
        docs.append((xs, ys, vectors[:len(xs)], vectors[len(xs):], gold))
    return docs


def lengths(sentences: list[str]) -> list[int]:
    return [len(s) for s in sentences]


def centred(x: np.ndarray, y: np.ndarray, xs: list[str], ys: list[str]):
    return normalise(x - x.mean(axis=0)), normalise(y - y.mean(axis=0))


def top_removed(x: np.ndarray, y: np.ndarray, xs: list[str], ys: list[str], k: int = 3):
    out = []
    for v in (x, y):
        c = v - v.mean(axis=0)
        top = np.linalg.svd(c, full_matrices=False)[2][:k]
        out.append(normalise((c - c @ top.T @ top).astype(np.float32)))
    return out[0], out[1]


def self_trained_map(x: np.ndarray, y: np.ndarray, xs: list[str], ys: list[str],
                     ridge: float = 1.0):
    first = align_sentences(x, y, lengths(xs), lengths(ys))
    spans = [(a, b) for a, b, *_ in first if a and b]
    px = normalise(np.array([x[list(a)].sum(axis=0) for a, _ in spans])).astype(np.float64)
    py = normalise(np.array([y[list(b)].sum(axis=0) for _, b in spans])).astype(np.float64)
    eye = np.eye(x.shape[1])
    mapping = np.linalg.solve(px.T @ px + ridge * eye, px.T @ py + ridge * eye)
    return normalise((x @ mapping).astype(np.float32)), y


VARIANTS: dict[str, Callable | None] = {
    "baseline": None,
    "centred": centred,
    "top-3 removed": top_removed,
    "self-trained map": self_trained_map,
}


def score(docs: list[Document], variant: Callable | None) -> float:
    counts = Counts()
    for xs, ys, x, y, gold in docs:
        if variant is not None:
            x, y = variant(x, y, xs, ys)
        beads = align_sentences(x, y, lengths(xs), lengths(ys))
        counts.add([(a, b) for a, b, *_ in beads], gold)
    return round(counts.scores()["strict_f1"], 4)


def reference() -> float:
    counts = Counts()
    for path in sorted((EVAL / "mac-dev" / "bertalign-labse").glob("*.align")):
        counts.add(read_alignment(path), read_alignment(EVAL / "mac-dev" / "gold" / path.name))
    return round(counts.scores()["strict_f1"], 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    encoder = get_encoder(args.model)
    sets = {name: load(name, encoder) for name in SETS}
    for label, variant in VARIANTS.items():
        print(json.dumps({"variant": label, **{f"{name}_strict_f1": score(docs, variant)
                                               for name, docs in sets.items()}}), flush=True)
    print(json.dumps({"variant": "Bertalign + LaBSE output (reference)",
                      "mac-dev_strict_f1": reference()}))


if __name__ == "__main__":
    main()
