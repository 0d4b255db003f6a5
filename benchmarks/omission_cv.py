"""Omission and addition findings, cross-validated by document over train and dev.

    python benchmarks/omission_cv.py collect -o /tmp/om.json [--per-doc 5] [--no-mqm]
    python benchmarks/omission_cv.py cv /tmp/om.json [--draws 10]

``collect`` runs the omission and addition checks (only those: no glossary is built) on
every planted omitted sentence, omitted clause and added sentence (both as two files and
as a bilingual tsv), on the clean texts (translators A and B) of the train and dev wmt22
documents, and on the MQM train and dev documents, and keeps each finding with its
evidence, segments and document. The encoder's vectors are kept in ``--memo`` (a pickle):
a second collect after a change of evidence embeds nothing again.

``cv`` fits the omission and addition models (benchmarks/train_check.py ``fit``, the
strengths weights.py records) on four fifths of the documents and scores the fifth
(folds drawn by document name, ``--draws`` times), and reports at the default threshold:
each planted kind's cases found (and those with no candidate at all), the clean texts'
omission/addition findings per 100 segments, the MQM segments with a long omission or
addition that get one, and the MQM clean segments that get one. The test split is never
read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from check_cases import LONG, cases, mqm_documents, wmt22_news
from check_quality import RELEVANT, Checker, Example
from sklearn.metrics import roc_auc_score
from train_check import fit

from aligner.check import DEFAULT_THRESHOLD
from aligner.embed import Encoder, get_encoder, normalise
from aligner.embed.base import encode_spans_as_texts

KINDS = ("omitted sentence", "omitted clause", "added sentence")
CHECKS = ("omission", "addition")
# weights.py's choice (train_check.py on dev): omission standardised C=3, addition raw C=0.1
STRENGTH = {"omission": (True, 3.0), "addition": (False, 0.1)}


class MemoEncoder:
    """An encoder that embeds each distinct text once, across runs (kept in ``path``)."""

    def __init__(self, encoder: Encoder, path: Path) -> None:
        self.encoder, self.path = encoder, path
        self.name = encoder.name
        self.memo: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) \
            if path.exists() else {}
        self.new = 0

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self.memo[text] = vector
            self.new += len(missing)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return normalise(np.stack([self.memo[t] for t in texts]))

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                     progress=None) -> tuple[np.ndarray, np.ndarray]:
        """The encoder's ``encode_spans`` (a text's clause vectors from its own pass), each
        text with its spans embedded once."""
        keys = [(t, tuple(map(tuple, s))) for t, s in zip(texts, spans, strict=True)]
        missing = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if missing:
            own = getattr(self.encoder, "encode_spans", None)
            args = ([k[0] for k in missing], [k[1] for k in missing])
            vectors, clauses = own(*args) if own is not None else \
                encode_spans_as_texts(self.encoder, *args)
            row = 0
            for k, key in enumerate(missing):
                self.memo[key] = (vectors[k], clauses[row:row + len(key[1])])
                row += len(key[1])
            self.new += len(missing)
        if not keys:
            return np.zeros((0, 512), dtype=np.float32), np.zeros((0, 512), dtype=np.float32)
        return (np.stack([self.memo[k][0] for k in keys]),
                np.concatenate([self.memo[k][1] for k in keys]))

    def save(self) -> None:
        if self.new:
            self.path.write_bytes(pickle.dumps(self.memo))
            self.new = 0

    def __getattr__(self, name: str):
        return getattr(self.encoder, name)


def _findings(located) -> list[dict]:
    return [{"check": x.finding.check, "evidence": dict(x.finding.evidence),
             "segments": sorted(x.segments), "probability": x.finding.probability}
            for x in located]


def collect(checker: Checker, per_doc: int, with_mqm: bool) -> list[dict]:
    records: list[dict] = []
    for split in ("train", "dev"):
        docs = [d for d in wmt22_news() if d.split == split]
        for case in cases(docs, per_doc=per_doc):
            if case.kind not in KINDS:
                continue
            for mode in ("files", "tsv"):
                located = checker.check(case.zh, case.en, mode, [], checks=CHECKS)
                records.append({"type": "case", "doc": case.doc.name, "kind": case.kind,
                                "mode": mode, "segments": list(case.segments),
                                "zh": [case.zh[k] for k in case.segments],
                                "en": [case.en[k] for k in case.segments],
                                "removed": case.removed if case.side == "zh" else case.text,
                                "findings": _findings(located)})
        for doc in docs:
            for ref, en in (("A", doc.en), ("B", doc.en_b)):
                if en is None:
                    continue
                for mode in ("files", "tsv"):
                    located = checker.check(doc.zh, en, mode, [], checks=CHECKS)
                    records.append({"type": "clean", "doc": doc.name, "ref": ref, "mode": mode,
                                    "segments": len(doc.zh), "findings": _findings(located)})
        checker.encoder.save()
        if with_mqm:
            for (system, name), segments in sorted(mqm_documents(split).items()):
                located = checker.check([s.zh for s in segments], [s.en for s in segments],
                                        "tsv", [], checks=CHECKS)
                records.append({"type": "mqm", "doc": "mqm:" + name, "system": system,
                                "labels": [s.label for s in segments],
                                "findings": _findings(located)})
            checker.encoder.save()
    return records


def examples(records: Sequence[dict], per_doc: int) -> list[tuple[Example, dict, dict]]:
    """(training example, its finding, its record) as check_quality.examples makes them."""
    out = []
    for r in records:
        for f in r["findings"]:
            if f["check"] not in CHECKS:
                continue
            if r["type"] == "case":
                if f["check"] in RELEVANT[r["kind"]] and set(f["segments"]) & set(r["segments"]):
                    label, source = 1, f"{r['kind']}/{r['mode']}"
                else:
                    continue
            elif r["type"] == "clean":
                label, source = 0, f"clean/{r['mode']}"
            else:
                labels = {r["labels"][k] for k in f["segments"]}
                if "clean" in labels and len(labels) == 1:
                    label = 0
                elif LONG in labels:
                    label = 1
                else:
                    continue
                source = "mqm"
            out.append((Example(f["check"], f["evidence"], label, f["probability"], source),
                        f, r))
    return out


def _fold(doc: str, draw: int, folds: int) -> int:
    return int(hashlib.md5(f"{draw}/{doc}".encode()).hexdigest(), 16) % folds


def _score(weights: dict, check: str, evidence: dict) -> float:
    w = weights.get(check)
    if w is None:
        return 0.0
    z = w["bias"] + sum(w.get(k, 0.0) * v for k, v in evidence.items())
    return float(1 / (1 + np.exp(-np.clip(z, -50, 50))))


def cross_validate(records: list[dict], per_doc: int, draws: int, folds: int = 5,
                   strength: dict | None = None, threshold: float = DEFAULT_THRESHOLD) -> dict:
    strength = strength or STRENGTH
    rows = examples(records, per_doc)
    docs = sorted({r["doc"] for r in records})
    tally: Counter = Counter()
    aucs: dict[str, list[float]] = defaultdict(list)
    for draw in range(draws):
        fold_of = {d: _fold(d, draw, folds) for d in docs}
        # each finding's probability when its document is held out
        held: dict[int, float] = {}
        for fold in range(folds):
            train = [e for e, _, r in rows if fold_of[r["doc"]] != fold]
            weights = fit(train, strength, per_doc)
            for _, f, r in rows:
                if fold_of[r["doc"]] == fold:
                    held[id(f)] = _score(weights, f["check"], f["evidence"])
        for check in CHECKS:
            y = [e.label for e, f, _ in rows if f["check"] == check]
            p = [held[id(f)] for e, f, _ in rows if f["check"] == check]
            if 0 < sum(y) < len(y):
                aucs[check].append(roc_auc_score(y, p))
        _tally(records, held, tally, threshold)
    return _summary(tally, draws) | {f"auc {k}": round(float(np.mean(v)), 3)
                                     for k, v in aucs.items()}


def _tally(records: list[dict], held: dict[int, float], tally: Counter, threshold: float
           ) -> None:
    for r in records:
        if r["type"] == "case":
            naming = [f for f in r["findings"] if f["check"] in RELEVANT[r["kind"]]
                      and set(f["segments"]) & set(r["segments"])]
            tally[f"{r['kind']} cases"] += 1
            tally[f"{r['kind']} no candidate"] += not naming
            tally[f"{r['kind']} found"] += any(held[id(f)] >= threshold for f in naming)
        elif r["type"] == "clean":
            tally["clean segments"] += r["segments"]
            for check in CHECKS:
                tally[f"clean {check}"] += sum(held[id(f)] >= threshold for f in r["findings"]
                                               if f["check"] == check)
        else:
            flagged = {k for f in r["findings"] if held.get(id(f), 0.0) >= threshold
                       and f["check"] in CHECKS for k in f["segments"]}
            for k, label in enumerate(r["labels"]):
                if label in (LONG, "clean"):
                    tally[f"mqm {label} segments"] += 1
                    tally[f"mqm {label} flagged"] += k in flagged


def _summary(tally: Counter, draws: int) -> dict:
    out: dict = {}
    for kind in KINDS:
        n = tally[f"{kind} cases"]
        if n:
            out[kind] = {"cases": n // draws, "found": round(tally[f"{kind} found"] / n, 3),
                         "no candidate": round(tally[f"{kind} no candidate"] / n, 3)}
    if tally["clean segments"]:
        out["clean per 100"] = {c: round(100 * tally[f"clean {c}"] / tally["clean segments"], 2)
                                for c in CHECKS}
    for label in (LONG, "clean"):
        n = tally[f"mqm {label} segments"]
        if n:
            out[f"mqm {label}"] = round(tally[f"mqm {label} flagged"] / n, 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("--per-doc", type=int, default=5)
    c.add_argument("--no-mqm", action="store_true")
    c.add_argument("--memo", default="/tmp/omission_cv_vectors.pickle")
    v = sub.add_parser("cv")
    v.add_argument("records")
    v.add_argument("--draws", type=int, default=10)
    v.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    if args.command == "collect":
        encoder = MemoEncoder(get_encoder(), Path(args.memo))
        records = collect(Checker(encoder), args.per_doc, not args.no_mqm)
        Path(args.output).write_text(json.dumps({"per_doc": args.per_doc, "records": records}),
                                     encoding="utf-8")
        return
    data = json.loads(Path(args.records).read_text(encoding="utf-8"))
    random.seed(0)
    print(json.dumps(cross_validate(data["records"], data["per_doc"], args.draws,
                                    threshold=args.threshold), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
