"""False findings of ``aligner check`` on clean, correct translations, in every domain.

    python benchmarks/check_false.py                          # train and dev, all domains
    python benchmarks/check_false.py --split dev --domains news ecommerce
    python benchmarks/check_false.py --examples 5 -o false.json

The clean texts are wmt22-zh-en's "general" documents with their two independent
professional references (benchmarks/check_cases.py): news (as check_quality.py reads it)
and the ecommerce, social and conversation documents, each domain split into train / dev /
test by the same every-third rule over its own document order. Each document is checked as
check_quality.py checks its clean texts: translator A, and translator B against the glossary
built from A (with the document's hand-made reference terms, where there are any), as two
files and as a bilingual tsv. Every finding at the default threshold is a false alarm; the
report gives them per 100 segments by domain, translator, mode and kind, and examples of each
kind (with ``-o``, every finding with its text). The test split is refused: it stays
held out.

Evaluation data is read from ../shared/eval; nothing of it is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from check_cases import DOMAINS, wmt22_domain
from check_quality import Checker, clean_texts

from aligner.check import DEFAULT_THRESHOLD
from aligner.embed import get_encoder


def _rate(c: Counter) -> dict:
    return {"segments": c["segments"],
            "per 100": round(100 * c["findings"] / max(c["segments"], 1), 2),
            **{k: round(100 * v / max(c["segments"], 1), 2)
               for k, v in sorted(c.items()) if k.startswith("kind ")}}


def evaluate(checker: Checker, splits: list[str], domains: list[str], threshold: float,
             examples: int) -> tuple[dict, list[dict]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    every: list[dict] = []
    for split in splits:
        for domain in domains:
            docs = [d for d in wmt22_domain(domain) if d.split == split]
            for name, mode, segments, located in clean_texts(checker, docs):
                ref = name.rsplit("/", 1)[1]
                shown = [x for x in located if x.finding.probability >= threshold]
                for key in (f"{split}/{domain}", f"{split}/{domain}/{ref}/{mode}", split,
                            f"{split}/{ref}", "all"):
                    counts[key]["segments"] += segments
                    counts[key]["findings"] += len(shown)
                    for x in shown:
                        counts[key][f"kind {x.finding.check}"] += 1
                for x in shown:
                    f = x.finding
                    every.append({"split": split, "domain": domain, "doc": name, "mode": mode,
                                  "check": f.check, "probability": round(f.probability, 3),
                                  "zh_term": f.zh_term, "expected": list(f.expected),
                                  "found": f.found, "message": f.message,
                                  "evidence": dict(f.evidence), "zh": f.zh, "en": f.en})
    result: dict = {"threshold": threshold,
                    "false per 100": {key: _rate(c) for key, c in sorted(counts.items())}}
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for f in every:
        by_kind[f["check"]].append(f)
    result["examples"] = {kind: [f"{f['split']} {f['doc']} {f['mode']}: {f['message']} "
                                 f"(p={f['probability']}) | {f['zh'][:60]} | {f['en'][:90]}"
                                 for f in found[:examples]]
                          for kind, found in sorted(by_kind.items())}
    return result, every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", default=["train", "dev"], choices=("train", "dev"),
                        help="never test: it stays held out")
    parser.add_argument("--domains", nargs="+", default=list(DOMAINS), choices=DOMAINS)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--examples", type=int, default=3, help="examples shown per kind")
    parser.add_argument("-o", "--output", help="also write the result and every finding (json)")
    args = parser.parse_args()
    started = time.process_time()
    checker = Checker(get_encoder())
    result, every = evaluate(checker, args.split, args.domains, args.threshold, args.examples)
    result["cpu seconds"] = round(time.process_time() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.output:
        Path(args.output).write_text(json.dumps({**result, "findings": every},
                                                ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
