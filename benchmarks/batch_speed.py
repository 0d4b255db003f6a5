"""Wall time of `aligner batch` over 200 document pairs with 1 and 2 workers and on a Dask
local cluster, and whether every output is the one aligning the document alone gives.

    OMP_NUM_THREADS=1 python benchmarks/batch_speed.py [--documents 200] [--runs ...]

The 200 pairs: the 6 of mac-dev (zh/NNN with en/NNN, one sentence per line) and the first
194 documents of the WMT22 zh→en "general" collection (source with reference A, one
segment a line, a blank line between paragraphs). They are written to a temporary folder,
read from ../shared/eval and never copied into the repository.

The reference is each document aligned alone, as `aligner align` does it (pipeline.align,
the default model, one BLAS thread, rendered as jsonl); the first three are also checked
against the `aligner align` command itself. Each configuration then runs `python -m aligner
batch` in a fresh process into an empty folder (model loading included), and once more into
the same folder (every document skipped). The Dask cluster (2 worker processes, 1 thread
each) is started before its run; its start-up time is given apart.

The machine may be shared: before the runs, the same CPU work (aligning mac-dev 001 three
times, model loaded) runs in one process and then in two at once, and the speed-up of
the two is printed: what two workers can gain here at best, at that moment. ``--repeat N``
runs each configuration N times and keeps the fastest.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from paths import EVAL, ROOT

# This checkout's aligner, here, in the batch processes and in the Dask scheduler (which
# unpickles the tasks), whatever else is installed.
sys.path.insert(0, str(ROOT))
MAC_DEV = EVAL / "mac-dev"
WMT = EVAL / "wmt22-zh-en" / "wmttest2022.zh-en.xml"
RUNS = {
    "1 worker x 1 thread": ["--engine", "local", "--workers", "1", "--threads", "1"],
    "1 worker x 2 threads": ["--engine", "local", "--workers", "1", "--threads", "2"],
    "2 workers x 1 thread": ["--engine", "local", "--workers", "2", "--threads", "1"],
    "dask local cluster, 2 workers x 1 thread": ["--engine", "dask"],
}


def write_corpus(folder: Path, documents: int) -> tuple[Path, list[tuple[str, list[Path]]]]:
    """The pairs as files, and a tsv manifest listing them."""
    pairs: list[tuple[str, list[Path]]] = []
    for zh in sorted((MAC_DEV / "zh").iterdir())[:documents]:
        pairs.append((f"mac-dev-{zh.name}", [zh, MAC_DEV / "en" / zh.name]))
    root = ET.parse(WMT).getroot()
    general = next(c for c in root.iter("collection") if c.get("id") == "general")
    for doc in general.iter("doc"):
        if len(pairs) >= documents:
            break
        src = doc.find("src")
        ref = next((r for r in doc.findall("ref") if r.get("translator") == "A"), None)
        if src is None or ref is None:
            continue
        files = []
        for lang, side in (("zh", src), ("en", ref)):
            text = "\n\n".join("\n".join((seg.text or "").strip() for seg in p.iter("seg"))
                               for p in side.iter("p"))
            path = folder / "docs" / f"{doc.get('id')}.{lang}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
            files.append(path)
        pairs.append((f"wmt-{len(pairs):03}", files))
    manifest = folder / "manifest.tsv"
    manifest.write_text("".join(f"{id_}\t{zh}\t{en}\n" for id_, (zh, en) in pairs),
                        encoding="utf-8")
    return manifest, pairs


def references(pairs: list[tuple[str, list[Path]]]) -> tuple[dict[str, bytes], float]:
    """Each document aligned alone (jsonl bytes, None when it fails), and the seconds."""
    from aligner.embed import get_encoder
    from aligner.errors import AlignerError
    from aligner.formats import render_beads
    from aligner.pipeline import align
    from aligner.provenance import signature_for

    encoder = get_encoder()
    encoder.encode(["."])
    out: dict[str, bytes] = {}
    started = time.perf_counter()
    for id_, paths in pairs:
        try:
            signature = signature_for("align", paths, settings={"presplit": False,
                                                                "min_confidence": 0.0})
            out[id_] = render_beads(align(*paths, encoder=encoder).beads, "jsonl",
                                    signature=signature).encode()
        except AlignerError:
            out[id_] = None
    return out, time.perf_counter() - started


CONTROL = """
import sys, time
sys.path.insert(0, {root!r})
from aligner.embed import get_encoder
from aligner.pipeline import align
encoder = get_encoder()
encoder.encode(["."])
started = time.perf_counter()
for _ in range(3):
    align({zh!r}, {en!r}, encoder=encoder)
print(time.perf_counter() - started)
"""


def machine_speedup() -> tuple[float, float]:
    """Seconds of the control work in one process, and the speed-up of two at once."""
    code = CONTROL.format(root=str(ROOT), zh=str(MAC_DEV / "zh" / "001"),
                          en=str(MAC_DEV / "en" / "001"))

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                text=True, env=env())

    one = float(start().communicate()[0])
    pair = [start(), start()]
    two = max(float(process.communicate()[0]) for process in pair)
    return one, 2 * one / two


def env() -> dict[str, str]:
    variables = dict(os.environ)
    variables["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), variables.get("PYTHONPATH")) if p)
    return variables


def check_cli(pairs: list[tuple[str, list[Path]]], expected: dict[str, bytes],
              folder: Path) -> bool:
    same = True
    for id_, paths in pairs[:3]:
        out = folder / f"{id_}.alone.jsonl"
        subprocess.run([sys.executable, "-m", "aligner", "align", *map(str, paths), "-o",
                        str(out), "-q"], check=True, env=env())
        same &= out.read_bytes() == expected[id_]
    return same


def run(manifest: Path, outdir: Path, options: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "aligner", "batch", str(manifest), "-o",
                           str(outdir), "-q", *options], env=env(), capture_output=True,
                          text=True)
    return time.perf_counter() - started, done.returncode


def compare(outdir: Path, expected: dict[str, bytes]) -> dict[str, int | list[str]]:
    identical = different = missing = 0
    which = []
    for id_, data in expected.items():
        path = outdir / f"{id_}.jsonl"
        if data is None:
            continue
        if not path.exists():
            missing += 1
        elif path.read_bytes() == data:
            identical += 1
        else:
            different += 1
            which.append(id_)
    return {"identical": identical, "different": different, "missing": missing,
            "different_ids": which}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", nargs="*", choices=list(RUNS), default=list(RUNS))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest, pairs = write_corpus(folder, args.documents)
        zh_chars = sum(len(p[0].read_text(encoding="utf-8")) for _, p in pairs)
        print(f"{len(pairs)} document pairs, {zh_chars} zh characters; "
              f"{os.cpu_count()} cores, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
        expected, seconds = references(pairs)
        failed = sum(v is None for v in expected.values())
        print(f"reference, one process, documents one after another (model loaded before): "
              f"{seconds:.1f} s; {failed} documents cannot be aligned")
        print(f"`aligner align` writes the reference bytes (first 3 documents): "
              f"{check_cli(pairs, expected, folder)}")
        one, speedup = machine_speedup()
        print(f"machine check: control work {one:.1f} s in one process; two processes at "
              f"once run {speedup:.2f}x as fast (2.00 = two free cores)", flush=True)
        results = {}
        for name in args.runs:
            options = list(RUNS[name])
            cluster = None
            if options[1] == "dask":
                from distributed import LocalCluster

                os.environ["PYTHONPATH"] = env()["PYTHONPATH"]
                started = time.perf_counter()
                cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                print(f"dask local cluster started in {time.perf_counter() - started:.1f} s")
                options += ["--scheduler", cluster.scheduler_address]
            try:
                walls = []
                for attempt in range(args.repeat):
                    outdir = folder / f"out-{len(results)}-{attempt}"
                    wall, code = run(manifest, outdir, options)
                    walls.append(wall)
                wall = min(walls)
                rerun, rerun_code = run(manifest, outdir, options)
            finally:
                if cluster is not None:
                    cluster.close()
            same = compare(outdir, expected)
            results[name] = {"seconds": round(wall, 1),
                             "all_seconds": [round(w, 1) for w in walls],
                             "exit": code,
                             "rerun_seconds": round(rerun, 1), "rerun_exit": rerun_code,
                             "docs_per_s": round(len(pairs) / wall, 2), **same}
            print(f"{name}: {wall:.1f} s ({len(pairs) / wall:.2f} documents/s, exit {code}); "
                  f"rerun {rerun:.1f} s (exit {rerun_code}); outputs {same}", flush=True)
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
