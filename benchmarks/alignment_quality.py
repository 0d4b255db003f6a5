"""Strict and lax F1 of `aligner` on the gold-aligned sets in ../shared/eval (presplit input).

    python benchmarks/alignment_quality.py [--model NAME] [--set mac-dev] [--set text-berg]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from paths import EVAL

from aligner import align_texts
from aligner.embed import get_encoder
from aligner.evaluation import Counts, per_type_f1, read_alignment

# (folder, source-language subfolder, target-language subfolder, gold folder, gold suffix)
SETS = {
    "mac-dev": ("zh", "en", "gold", ".align"),
    "text-berg": ("de", "fr", "gold", ""),
}


def evaluate(name: str, encoder, root: Path = EVAL) -> dict:
    src, tgt, gold_dir, suffix = SETS[name]
    base = root / name
    counts, pairs = Counts(), []
    started = time.perf_counter()
    for doc in sorted(p.name for p in (base / src).iterdir()):
        beads = align_texts((base / src / doc).read_text(encoding="utf-8"),
                            (base / tgt / doc).read_text(encoding="utf-8"),
                            presplit=True, encoder=encoder)
        test = [(b.zh_ids, b.en_ids) for b in beads]
        gold = read_alignment(base / gold_dir / f"{doc}{suffix}")
        counts.add(test, gold)
        pairs.append((test, gold))
    result = {"set": name, "seconds": round(time.perf_counter() - started, 2),
              **{k: round(v, 4) for k, v in counts.scores().items()},
              "per_type": {t: {k: round(v, 4) if isinstance(v, float) else v
                               for k, v in d.items()} for t, d in per_type_f1(pairs).items()}}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--set", action="append", choices=sorted(SETS))
    parser.add_argument("--eval-root", type=Path, default=EVAL)
    args = parser.parse_args()
    encoder = get_encoder(args.model)
    for name in args.set or sorted(SETS):
        print(json.dumps(evaluate(name, encoder, args.eval_root), ensure_ascii=False))


if __name__ == "__main__":
    main()
