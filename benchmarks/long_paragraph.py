"""Time and peak memory of `aligner align` on one huge paragraph without punctuation per side.

    python benchmarks/long_paragraph.py [--megabytes 1]

Builds a Chinese paragraph of at least N MB of UTF-8 and an English one of at least N MB,
neither with a sentence end, and aligns them end to end in a fresh process (read, cut
into bounded pieces, embed, align, write a TSV), as a user would from the command line.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ZH_UNIT = "中美双方就经贸问题进行了坦诚深入的交流"
EN_UNIT = "the two sides held candid talks on trade "


def align_files(zh: Path, en: Path) -> dict:
    """``aligner align ZH EN -o out.tsv`` in a fresh process: its time and peak memory."""
    out = zh.parent / "out.tsv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "aligner", "align", str(zh), str(en), "-q",
                    "-o", str(out)], check=True)
    seconds = time.perf_counter() - started
    beads = sum(1 for _ in out.open(encoding="utf-8")) - 1  # the header
    return {"zh_bytes": zh.stat().st_size, "en_bytes": en.stat().st_size,
            "beads": beads, "total_s": round(seconds, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                 / 1024)}


def run(megabytes: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        zh, en = Path(tmp) / "zh.txt", Path(tmp) / "en.txt"
        size = int(megabytes * 1_000_000)
        zh.write_text(ZH_UNIT * (size // len(ZH_UNIT.encode()) + 1) + "\n", encoding="utf-8")
        en.write_text(EN_UNIT * (size // len(EN_UNIT) + 1) + "\n", encoding="utf-8")
        return align_files(zh, en)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    print(json.dumps(run(args.megabytes)))


if __name__ == "__main__":
    main()
