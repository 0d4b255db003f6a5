"""Fit the probability each ``check`` finding is a real error, from its evidence.

    python benchmarks/train_check.py                 # fit on train, report on dev
    python benchmarks/train_check.py --write         # ... and write aligner/check/weights.py,
                                                     # refitted on train and dev
    python benchmarks/train_check.py --write --train-only   # weights of train alone, for
                                                     # check_quality.py --split dev

Training data (benchmarks/check_quality.py ``examples``): every finding on the planted
cases of the train split's wmt22 documents of every domain (news, ecommerce, social,
conversation; ``--domains`` to narrow) that names its case (a real error) and on their clean
texts (translator A, and B against A's glossary: false alarms), the other domains' counted
at :data:`OTHER` of the news'; and on the MQM train documents (news) the omission and
addition findings of segments rated with a Major omission or addition of 8+ characters
(real) and every finding of segments rated clean (false). One logistic regression per check
(scikit-learn, L2), over the evidence that check records (standardised or not), each
planted error weighted 1/--per-doc so that a probability is that of a document with one
error of each kind, however many cases are drawn from each training document. The dev
split chooses each check's regularisation and shows the fit; the weights written are then
refitted on train and dev together. The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from check_cases import DOMAINS, OTHER_DOMAINS
from check_quality import Checker, Example, examples
from paths import ROOT
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from aligner.embed import get_encoder

WEIGHTS = ROOT / "aligner" / "check" / "weights.py"
# What a finding of another domain's document counts beside a news one's: (clean, planted).
# Train-only weights, dev (offline rescoring of every finding's evidence): false findings per
# 100 on the clean texts of all four domains 3.19 (news only) -> 2.79 at (0.25, 0.25), 2.17 at
# (0.25, 0.1), 1.51 at (1.0, 0.25), 2.84 at (1, 1); planted recall unchanged at (0.25, 0.1)
# only: the others lose omitted clauses (.65 -> .45-.55) or added sentences. The non-news
# texts are looser translations (translator B drops whole clauses of social posts), and their
# short segments give many planted additions: counted in full they outweigh the news.
OTHER = {0: 0.25, 1: 0.1}
# Checks whose findings are fitted; the others keep the classifier's priors.
FITTED = ("term", "number", "omission", "addition")
# The inverse L2 strengths tried, per check, on the dev split.
GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def weight(e: Example, per_doc: int) -> float:
    """How much a finding counts: a planted error's ``1 / per_doc``, so that the
    probabilities are those of a document with one error of each kind (as the benchmark
    plants them, one at a time) whatever the number of cases drawn from each document; a
    clean text's finding or an MQM segment's (errors as the raters found them) one; a
    finding of another domain than news (its source ``domain:...``) :data:`OTHER` of that."""
    w = 1.0 if e.label == 0 or e.source == "mqm" else 1.0 / per_doc
    if e.source.split(":", 1)[0] in OTHER_DOMAINS:
        return w * OTHER[e.label]
    return w


def fit(train: list[Example], strength: dict[str, tuple[bool, float]], per_doc: int
        ) -> dict[str, dict[str, float]]:
    """One logistic regression per check, on the evidence as it is or standardised (so that
    one L2 strength suits features of any scale; the weights are then folded back onto the
    raw evidence), with the check's (standardise, inverse L2 strength), each finding
    weighted by :func:`weight`."""
    weights = {}
    for check in FITTED:
        rows = [e for e in train if e.check == check]
        labels = {e.label for e in rows}
        if len(labels) < 2:
            continue
        names = sorted({k for e in rows for k in e.evidence})
        x = np.array([[e.evidence.get(k, 0.0) for k in names] for e in rows])
        y = np.array([e.label for e in rows])
        standardise, c = strength[check]
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        if not standardise:
            mean, scale = np.zeros_like(mean), np.ones_like(scale)
        model = LogisticRegression(C=c, max_iter=5000).fit(
            (x - mean) / scale, y, sample_weight=[weight(e, per_doc) for e in rows])
        w = model.coef_[0] / scale
        weights[check] = {"bias": float(model.intercept_[0] - (w * mean).sum()),
                          **{k: float(v) for k, v in zip(names, w, strict=True)}}
    return weights


def choose_strength(train: list[Example], dev: list[Example], per_doc: int
                    ) -> dict[str, tuple[bool, float]]:
    """Per check, the (standardise, inverse L2 strength) of :data:`GRID` with the least
    weighted log loss on dev."""
    settings = [(standardise, c) for standardise in (False, True) for c in GRID]
    fitted = {setting: fit(train, dict.fromkeys(FITTED, setting), per_doc)
              for setting in settings}
    chosen: dict[str, tuple[bool, float]] = {}
    for check in FITTED:
        rows = [e for e in dev if e.check == check]
        if len({e.label for e in rows}) < 2:
            chosen[check] = (False, 1.0)
            continue
        y = np.array([e.label for e in rows])
        w = np.array([weight(e, per_doc) for e in rows])
        losses = {}
        for setting, weights in fitted.items():
            p = np.clip([predict(weights, e) for e in rows], 1e-6, 1 - 1e-6)
            losses[setting] = float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum()
                                    / w.sum())
        chosen[check] = min(losses, key=losses.__getitem__)
    return chosen

def predict(weights: dict[str, dict[str, float]], e: Example) -> float:
    w = weights.get(e.check)
    if w is None:
        return e.probability
    z = w["bias"] + sum(w.get(k, 0.0) * v for k, v in e.evidence.items())
    return float(1 / (1 + np.exp(-np.clip(z, -50, 50))))


def report(weights: dict[str, dict[str, float]], rows: list[Example]) -> dict:
    out = {}
    by_check: dict[str, list[Example]] = defaultdict(list)
    for e in rows:
        by_check[e.check].append(e)
    for check, group in sorted(by_check.items()):
        p = np.array([predict(weights, e) for e in group])
        y = np.array([e.label for e in group])
        entry = {"positives": int(y.sum()), "negatives": int((1 - y).sum()),
                 "kept positives (>=0.5)": round(float((p[y == 1] >= 0.5).mean()), 3)
                 if y.sum() else None,
                 "kept negatives (>=0.5)": round(float((p[y == 0] >= 0.5).mean()), 3)
                 if (1 - y).sum() else None}
        if 0 < y.sum() < len(y):
            entry["auc"] = round(float(roc_auc_score(y, p)), 3)
        out[check] = entry
    return out


def write(weights: dict[str, dict[str, float]], strength: dict[str, tuple[bool, float]],
          per_doc: int, counts: dict[str, int], fitted_on: str) -> None:
    lines = ['"""How likely each check\'s finding is a real error: logistic weights over its',
             "evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).",
             "",
             "Evidence standardised or not and inverse L2 strength C chosen on the dev split;",
             f"fitted on {fitted_on}, planted errors weighted 1/per-doc ({per_doc}: one",
             "error of each kind a document). Per check: standardised, C, findings:",
             *(f"{k} standardised={strength[k][0]} C={strength[k][1]} findings={v}"
               for k, v in sorted(counts.items()) if k in weights),
             '"""', "", "WEIGHTS: dict[str, dict[str, float]] = {"]
    for check, w in weights.items():
        lines.append(f"    {check!r}: {{")
        lines.extend(f"        {k!r}: {round(v, 4)!r}," for k, v in w.items())
        lines.append("    },")
    lines.append("}")
    WEIGHTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _keep(cached: Path, train: list[Example], dev: list[Example], per_doc: int,
          domains: list[str]) -> None:
    cached.write_text(json.dumps({"train": [e.__dict__ for e in train],
                                  "dev": [e.__dict__ for e in dev],
                                  "per_doc": per_doc, "domains": domains}), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--train-only", action="store_true",
                        help="with --write, write the weights fitted on train alone (so that "
                             "check_quality.py --split dev measures them held out)")
    parser.add_argument("--per-doc", type=int, default=None,
                        help="planted cases of each kind a training document (default 5; "
                             "a cache keeps the number it was made with)")
    parser.add_argument("--no-mqm", action="store_true")
    parser.add_argument("--domains", nargs="+", default=list(DOMAINS), choices=DOMAINS,
                        help="wmt22 domains whose train/dev documents give planted errors and "
                             "clean texts (default all; MQM is news either way)")
    parser.add_argument("--cache", help="keep the examples in this json file (one made with "
                                        "fewer domains is extended with the others)")
    args = parser.parse_args()
    cached = Path(args.cache) if args.cache else None
    if cached is not None and cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        train = [Example(**e) for e in data["train"]]
        dev = [Example(**e) for e in data["dev"]]
        per_doc = data["per_doc"]
        if args.per_doc not in (None, per_doc):
            parser.error(f"{cached} holds {per_doc} cases a document, not {args.per_doc}")
        held = data.get("domains", ["news"])
        missing = [d for d in args.domains if d not in held]
        if set(held) - set(args.domains):
            parser.error(f"{cached} holds the domains {held}; ask for all of them")
        if missing:
            checker = Checker(get_encoder())
            train += examples(checker, "train", per_doc, False, missing)
            dev += examples(checker, "dev", per_doc, False, missing)
            _keep(cached, train, dev, per_doc, [*held, *missing])
    else:
        checker = Checker(get_encoder())
        per_doc = args.per_doc or 5
        train = examples(checker, "train", per_doc, not args.no_mqm, args.domains)
        dev = examples(checker, "dev", per_doc, not args.no_mqm, args.domains)
        if cached is not None:
            _keep(cached, train, dev, per_doc, args.domains)
    strength = choose_strength(train, dev, per_doc)
    weights = fit(train, strength, per_doc)
    print(json.dumps({"strength": strength, "train": report(weights, train),
                      "dev": report(weights, dev), "weights": weights}, indent=1))
    if args.write:
        counts: dict[str, int] = defaultdict(int)
        for e in [*train, *dev]:
            counts[e.check] += 1
        write(weights if args.train_only else fit([*train, *dev], strength, per_doc),
              strength, per_doc, counts, "train" if args.train_only else "train and dev")


if __name__ == "__main__":
    main()
