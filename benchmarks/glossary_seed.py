"""The glossary bars on the seed: the listed renderings, and the top entries to judge.

    python benchmarks/glossary_seed.py [--top 50] [--no-user-dictionary] [--seed PATH]

Builds the glossary of seeds/000_50897b66f031bdf8.txt without any curated glossary merged
in (the shipped glossaries/ only keep known Chinese terms whole in the word splitter;
--no-user-dictionary turns that off too), prints the top entries for judging and whether
each of the issue's example renderings is the best rendering of its term.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from paths import SEED

from aligner import align
from aligner.embed import get_encoder
from aligner.glossary import build_glossary, load_curated, shipped_glossaries, user_words

# The renderings the issue names for the seed.
EXPECTED = {
    "对等关税": "reciprocal tariff", "301措施": "Section 301 measures",
    "出口管制": "export controls", "芬太尼": "fentanyl", "何立峰": "He Lifeng",
    "国务院副总理": "Vice Premier of the State Council", "吉隆坡": "Kuala Lumpur",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--no-user-dictionary", action="store_true")
    args = parser.parse_args()

    encoder = get_encoder()
    started = time.perf_counter()
    beads = align(args.seed, encoder=encoder).beads
    aligned = time.perf_counter()
    words = [] if args.no_user_dictionary else user_words(load_curated(shipped_glossaries()))
    terms = build_glossary(beads, encoder=encoder, user_words=words)
    done = time.perf_counter()

    for rank, term in enumerate(terms[:args.top], 1):
        alternates = f"  [{' | '.join(term.alternates)}]" if term.alternates else ""
        print(f"{rank:3d}  {term.score:.3f}  {term.count:2d}  {term.zh}  →  {term.en}{alternates}")
    best = {t.zh: (t.en, rank) for rank, t in enumerate(terms, 1)}
    found = {zh: best.get(zh) for zh in EXPECTED}
    hits = sum(1 for zh, en in EXPECTED.items() if found[zh] and found[zh][0] == en)
    print(json.dumps({
        "seed": args.seed.name, "user_dictionary": not args.no_user_dictionary,
        "entries": len(terms), "expected_found": f"{hits}/{len(EXPECTED)}",
        "expected": {zh: {"want": en, "got": found[zh][0] if found[zh] else None,
                          "rank": found[zh][1] if found[zh] else None}
                     for zh, en in EXPECTED.items()},
        "align_seconds": round(aligned - started, 2),
        "glossary_seconds": round(done - aligned, 2),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
