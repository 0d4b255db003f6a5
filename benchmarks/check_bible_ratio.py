"""`check` against `align` on the bible, in one process: the issue's bar is at most 1.5.

    python benchmarks/check_bible_ratio.py [--chapter 001]

Aligns one bible text pair (../shared/eval/bible/{zh,en}/CHAPTER) as `aligner check` does
(vectors kept for the checks), then runs every check on it with no threshold, and reports
both times and ``(align + checks) / align``. The model is loaded and warmed first.
"""

from __future__ import annotations

import argparse
import json
import time

from paths import EVAL

from aligner.check import check_alignment
from aligner.embed import get_encoder
from aligner.pipeline import align


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", default="001")
    args = parser.parse_args()
    bible = EVAL / "bible"
    encoder = get_encoder()
    encoder.encode(["warm up"])
    started = time.perf_counter()
    alignment = align(bible / "zh" / args.chapter, bible / "en" / args.chapter,
                      encoder=encoder, keep_vectors=True)
    aligned = time.perf_counter() - started
    started = time.perf_counter()
    findings = check_alignment(alignment, [], encoder=encoder, threshold=0.0)
    checked = time.perf_counter() - started
    print(json.dumps({"beads": len(alignment.beads), "findings": len(findings),
                      "align_s": round(aligned, 1), "checks_s": round(checked, 1),
                      "ratio": round((aligned + checked) / aligned, 2)}))


if __name__ == "__main__":
    main()
