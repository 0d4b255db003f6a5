"""End-to-end speed of `aligner align` on ../shared/eval/bible and 4x, 16x concatenations.

    python benchmarks/alignment_speed.py [--sizes 1 4 16]

Each size runs in a fresh process (read, segment, embed, align, write a TSV), so peak
memory is that run's own. Reports wall time, peak RSS, the time spent embedding (each
sentence once, its clauses pooled from the same pass), and total / one bare embedding pass
of the sentences alone (timed afterwards in the same process), the bar being at most 1.5.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from paths import EVAL

BIBLE = EVAL / "bible"


class TimedEncoder:
    """Wraps an encoder and adds up the seconds spent in it."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.seconds, self.sentences = inner, inner.name, 0.0, 0

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        started = time.perf_counter()
        out = self.inner.encode(texts, progress)
        self.seconds += time.perf_counter() - started
        self.sentences += len(texts)
        return out

    def encode_spans(self, texts: Sequence[str], spans, progress=None):
        started = time.perf_counter()
        out = self.inner.encode_spans(texts, spans, progress)
        self.seconds += time.perf_counter() - started
        self.sentences += len(texts)
        return out


def child(size: int, bible: Path) -> dict:
    from aligner import align
    from aligner.embed import get_encoder
    from aligner.formats import write_beads

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for lang in ("zh", "en"):
            text = (bible / lang / "001").read_text(encoding="utf-8")
            path = Path(tmp) / f"{lang}.txt"
            path.write_text(text.rstrip("\n") + "\n" if size == 1 else
                            (text.rstrip("\n") + "\n") * size, encoding="utf-8")
            paths.append(path)
        encoder = TimedEncoder(get_encoder())
        encoder.inner.encode(["warm up"])  # model loading is not alignment work
        started = time.perf_counter()
        alignment = align(*paths, encoder=encoder)
        beads = alignment.beads
        write_beads(beads, Path(tmp) / "out.tsv")
        total = time.perf_counter() - started
        # The bar's unit: one bare embedding pass of the sentences alone (no clauses).
        sentences = [s.text for side in (alignment.zh, alignment.en) for s in side.sentences]
        started = time.perf_counter()
        encoder.inner.encode(sentences)
        bare = time.perf_counter() - started
    return {"size": size, "texts_embedded": encoder.sentences, "sentences": len(sentences),
            "beads": len(beads), "total_s": round(total, 2),
            "embed_s": round(encoder.seconds, 2), "bare_embed_s": round(bare, 2),
            "embed_share": round(encoder.seconds / total, 3),
            "total_over_bare_embed": round(total / bare, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--bible", type=Path, default=BIBLE)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.bible)))
        return
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--bible",
                              str(args.bible)], capture_output=True, text=True, check=True)
        print(out.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
