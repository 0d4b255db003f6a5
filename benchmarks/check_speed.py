"""Wall time of `aligner check` on the whole seed document, model loading included.

    python benchmarks/check_speed.py [--cores 2] [--runs 3]

Each run is a fresh process pinned to ``--cores`` CPUs (the bar: under 10 s on 2 cores),
checking seeds/000_50897b66f031bdf8.txt against the curated glossary with a json report.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paths import ROOT, SEED

GLOSSARY = ROOT / "glossaries" / "trade_diplomacy.tsv"
BAR_SECONDS = 10.0


def run_once(cores: int, report: Path) -> float:
    command = [sys.executable, "-c", "from aligner.cli import main; main()", "check", "-q",
               "-g", str(GLOSSARY), str(SEED), "-o", str(report)]
    cpus = sorted(os.sched_getaffinity(0))[:cores]
    env = {**os.environ, "OMP_NUM_THREADS": str(cores), "MKL_NUM_THREADS": str(cores)}
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False,
                            preexec_fn=lambda: os.sched_setaffinity(0, cpus))
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"aligner check failed ({result.returncode}): {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        times = [run_once(args.cores, report) for _ in range(args.runs)]
        findings = json.loads(report.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["check"]] = counts.get(finding["check"], 0) + 1
    median = statistics.median(times)
    print(json.dumps({"document": SEED.name, "cores": args.cores,
                      "seconds": [round(t, 2) for t in times], "median_seconds": round(median, 2),
                      "bar_seconds": BAR_SECONDS, "passes": median < BAR_SECONDS,
                      "findings": counts}, indent=2))


if __name__ == "__main__":
    main()
