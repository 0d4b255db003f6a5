"""End-to-end time of `aligner glossary` on ../shared/eval/bible (11k sentences).

    python benchmarks/glossary_speed.py [--presplit] [--threads 2]

Runs the command line in a fresh process on the Chinese and English files (aligned on the
fly, then the glossary), with the math libraries held to --threads threads, as on a
2-core machine; the bar (issue 23) is 40 seconds end to end. Also times the glossary alone from the
aligned beads, to tell the two stages apart.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paths import EVAL, ROOT

BIBLE = EVAL / "bible"


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "aligner", *args], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presplit", action="store_true")
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = args.threads
    inputs = [str(BIBLE / "zh" / "001"), str(BIBLE / "en" / "001")]
    split = ["--presplit"] if args.presplit else []
    with tempfile.TemporaryDirectory() as tmp:
        glossary = Path(tmp) / "bible.tsv"
        aligned = Path(tmp) / "bible.jsonl"
        end_to_end = timed(["glossary", "-q", *split, *inputs, "-o", str(glossary)], env)
        entries = sum(1 for _ in glossary.open(encoding="utf-8")) - 1
        align_only = timed(["align", "-q", *split, *inputs, "-o", str(aligned)], env)
        from_beads = timed(["glossary", "-q", str(aligned), "-o", str(glossary)], env)
    print(json.dumps({"end_to_end_seconds": round(end_to_end, 1), "entries": entries,
                      "align_seconds": round(align_only, 1),
                      "glossary_from_aligned_seconds": round(from_beads, 1),
                      "bar_seconds": 40, "load": os.getloadavg()[0],
                      "threads": args.threads}, indent=1))


if __name__ == "__main__":
    main()
