"""Time and peak memory of `aligner align` as the input grows, and its cost against one bare
embedding pass (issue 26).

    python benchmarks/alignment_scale.py                      # everything below, in one run
    python benchmarks/alignment_scale.py --sizes 1 16 --megabytes 0 --runs 5

Reports, one JSON line each:

- ``scale``: the bible (../shared/eval/bible, 0.48 MB Chinese, 0.65 MB English) repeated
  1, 16 and 64 times, and a zh+en pair of ``--megabytes`` (200) made from it with long
  unpunctuated paragraphs (benchmarks/big_pair.py), each aligned end to end in a fresh
  process (read, segment, embed, pair, align and write a TSV as each window is aligned,
  as ``aligner align`` does):
  wall time, seconds per MB, CPU seconds (the process's and its workers') and the
  process's peak RSS, model included, and that of the largest block worker
  (engine.block_workers). Bar: peak RSS at most 1.5 GB at every size, time linear in size.
  With ``--job check``, each size is checked instead (``aligner check zh en``: aligned,
  then every check run, the vectors read back a window at a time): the same figures, and
  the findings at the default threshold. With ``--job glossary``, the glossary of each
  size is built (``aligner glossary zh en``): the same figures, and the terms found.
- ``ratio``: the bible aligned end to end ``--runs`` (5) times in one process, each run
  followed by one bare embedding pass of its sentences (no clauses) in the same process:
  the ratio of the two, its mean and spread. Bar: mean at most 1.3.

With ``--memo`` (the default for every size above 1x) the scale runs embed each distinct
sentence once and take its vectors from memory when it comes again, as it does in a
repeated bible: the model's work is then that of one bible, and the time and memory are
the rest of the pipeline's at that size (the encoder's own memory is a batch's whatever
the size). ``--no-memo`` embeds everything (64 bibles take about 16 minutes of model time
on two cores). The memo's table (distinct texts only) counts in the peak RSS.

Timings on a shared machine are noisy: the script prints the load average with each line,
and the ratio of CPU times beside the ratio of wall times (on one BLAS thread,
``OMP_NUM_THREADS=1``, CPU time is the work done, whatever else the cores run; on two,
it counts OpenBLAS's threads spinning while they wait).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from paths import EVAL

BIBLE = EVAL / "bible"


class MemoEncoder:
    """An encoder that embeds each distinct text (with its spans) once and remembers its
    vectors: a repeated bible costs the model one bible."""

    def __init__(self, inner) -> None:
        self.inner, self.name = inner, inner.name
        self.texts: dict[str, np.ndarray] = {}
        self.spans: dict[tuple[str, tuple], tuple[np.ndarray, np.ndarray]] = {}

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.texts))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self.texts[text] = vector
        dim = next(iter(self.texts.values())).shape[0] if self.texts else 512
        return np.array([self.texts[t] for t in texts], dtype=np.float32).reshape(-1, dim)

    def encode_spans(self, texts: Sequence[str], spans, progress=None):
        keys = [(t, tuple(map(tuple, s))) for t, s in zip(texts, spans, strict=True)]
        missing = list(dict.fromkeys(k for k in keys if k not in self.spans))
        if missing:
            vectors, clause_vectors = self.inner.encode_spans(
                [t for t, _ in missing], [list(s) for _, s in missing])
            row = 0
            for k, (_, s) in enumerate(missing):
                self.spans[missing[k]] = (vectors[k], clause_vectors[row:row + len(s)])
                row += len(s)
        dim = vectors.shape[1] if missing else next(iter(self.spans.values()))[0].shape[0]
        found = [self.spans[k] for k in keys]
        return (np.array([v for v, _ in found], dtype=np.float32).reshape(-1, dim),
                np.concatenate([c for _, c in found]).astype(np.float32)
                if found else np.zeros((0, dim), dtype=np.float32))


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


def bible_pair(folder: Path, copies: int) -> tuple[Path, Path]:
    """The bible repeated ``copies`` times, one file a language."""
    paths = []
    for lang in ("zh", "en"):
        text = (BIBLE / lang / "001").read_text(encoding="utf-8").rstrip("\n") + "\n"
        path = folder / f"{lang}.txt"
        path.write_text(text * copies, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def child(zh: Path, en: Path, memo: bool, job: str = "align") -> dict:
    """One end-to-end alignment (or check), in this (fresh) process."""
    from aligner.embed import get_encoder
    from aligner.formats import write_beads
    from aligner.pipeline import align_beads, check_files, glossary_for

    inner = get_encoder()
    inner.encode(["warm up"])  # loading the model is not alignment work
    encoder = MemoEncoder(inner) if memo else inner
    started = time.perf_counter()
    count = [0]

    def counted(beads):
        for bead in beads:
            count[0] += 1
            yield bead

    found = {}
    if job == "check":
        result = check_files([zh, en], encoder=encoder)
        count[0] = len(result.alignment.beads)
        found = {"findings": len(result.findings)}
    elif job == "glossary":
        found = {"terms": len(glossary_for([zh, en], encoder=encoder))}
    else:  # as `aligner align` does: the beads written as their windows are aligned
        write_beads(counted(align_beads(zh, en, encoder=encoder)), zh.parent / "out.tsv")
    total = time.perf_counter() - started
    cpu = sum(getattr(resource.getrusage(who), field)
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for field in ("ru_utime", "ru_stime"))
    megabytes = (zh.stat().st_size + en.stat().st_size) / 1e6
    return {"job": job, "megabytes": round(megabytes, 1), "beads": count[0], **found,
            "total_s": round(total, 1), "s_per_mb": round(total / megabytes, 2),
            # the process's and its block workers' CPU, model loading included: on a shared
            # machine the measure of work done, where wall time is the machine's load
            "cpu_s": round(cpu, 1), "cpu_s_per_mb": round(cpu / megabytes, 2),
            "memo": memo,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            # the largest of the processes that aligned its blocks (forked: their RSS counts
            # the pages they share with this one)
            "worker_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


def scale(name: str, zh: Path, en: Path, memo: bool, job: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(zh), str(en), "--job", job,
                          *(["--memo"] if memo else ["--no-memo"])],
                         capture_output=True, text=True, check=True)
    return {"scale": name, **json.loads(out.stdout.strip().splitlines()[-1]), "at": load()}


def ratio(runs: int) -> dict:
    """The bible end to end ``runs`` times, each over one bare embedding pass, in this
    process."""
    from aligner import align
    from aligner.embed import get_encoder
    from aligner.formats import write_beads

    encoder = get_encoder()
    encoder.encode(["warm up"])
    ratios, cpu_ratios, totals, bares = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        zh, en = bible_pair(Path(tmp), 1)
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            alignment = align(zh, en, encoder=encoder)
            write_beads(alignment.beads, Path(tmp) / "out.tsv")
            total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
            sentences = [s.text for side in (alignment.zh, alignment.en)
                         for s in side.sentences]
            started, cpu = time.perf_counter(), time.process_time()
            encoder.encode(sentences)
            bare, bare_cpu = time.perf_counter() - started, time.process_time() - cpu
            totals.append(total)
            bares.append(bare)
            ratios.append(total / bare)
            cpu_ratios.append(total_cpu / bare_cpu)
            print(json.dumps({"run": len(ratios), "total_s": round(total, 2),
                              "bare_embed_s": round(bare, 2), "ratio": round(total / bare, 3),
                              "cpu_ratio": round(total_cpu / bare_cpu, 3), "at": load()}),
                  flush=True)
    return {"ratio_mean": round(statistics.mean(ratios), 3),
            "ratio_sd": round(statistics.stdev(ratios), 3) if runs > 1 else 0.0,
            "ratio_min": round(min(ratios), 3), "ratio_max": round(max(ratios), 3),
            "cpu_ratio_mean": round(statistics.mean(cpu_ratios), 3),
            "cpu_ratio_sd": round(statistics.stdev(cpu_ratios), 3) if runs > 1 else 0.0,
            "runs": runs, "total_s_mean": round(statistics.mean(totals), 2),
            "bare_embed_s_mean": round(statistics.mean(bares), 2), "at": load()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 16, 64],
                        help="copies of the bible (0 or none: skip)")
    parser.add_argument("--megabytes", type=float, default=200.0,
                        help="size of the big pair (0: skip)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the ratio (0: skip)")
    parser.add_argument("--memo", action=argparse.BooleanOptionalAction, default=None,
                        help="remember vectors of repeated texts (default: above 1x)")
    parser.add_argument("--job", choices=("align", "check", "glossary"), default="align",
                        help="what the scale runs do (check: `aligner check zh en`, "
                             "glossary: `aligner glossary zh en`)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, bool(args.memo), args.job)))
        return
    from big_pair import make

    with tempfile.TemporaryDirectory() as tmp:
        for copies in [c for c in args.sizes if c > 0]:
            memo = copies > 1 if args.memo is None else args.memo
            folder = Path(tmp) / f"bible{copies}"
            folder.mkdir()
            print(json.dumps(scale(f"bible x{copies}", *bible_pair(folder, copies), memo,
                                   args.job)), flush=True)
            for path in folder.iterdir():
                path.unlink()
        if args.megabytes > 0:
            folder = Path(tmp) / "pair"
            folder.mkdir()
            memo = True if args.memo is None else args.memo
            print(json.dumps(scale(f"pair {args.megabytes:g} MB",
                                   *make(folder, args.megabytes), memo, args.job)),
                  flush=True)
    if args.runs > 0:
        print(json.dumps(ratio(args.runs)), flush=True)


if __name__ == "__main__":
    main()
