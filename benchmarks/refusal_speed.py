"""How fast hostile inputs are refused: entity bombs (TMX, TBX) and an over-long curated term.

    python benchmarks/refusal_speed.py [--runs 5]

The bar is under 1 s each (median of ``--runs``), in this process, the reader only. These
were asserts in tests/test_hostile_input.py, which failed on a loaded machine; the tests
keep the behaviour (each input refused with one clear error), the timings are measured here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from paths import ROOT

from aligner.errors import InputError
from aligner.formats import read_beads, read_glossary

sys.path.insert(0, str(ROOT))  # the hostile files are the tests' own (tests/hostile.py)
from tests.hostile import TBX_BODY, TMX_BODY, billion_laughs

BAR_SECONDS = 1.0


def cases(folder: Path) -> dict[str, tuple[Path, Callable[[Path], object]]]:
    """name → (the hostile file, the reader that must refuse it)."""
    tmx, tbx, huge = folder / "bomb.tmx", folder / "bomb.tbx", folder / "huge.tsv"
    tmx.write_text(billion_laughs("tmx", TMX_BODY), encoding="utf-8")
    tbx.write_text(billion_laughs("tbx", TBX_BODY), encoding="utf-8")
    huge.write_text("zh\ten\n" + "对" * 30_000 + "\treciprocal\n", encoding="utf-8")
    return {"entity bomb, tmx": (tmx, read_beads), "entity bomb, tbx": (tbx, read_glossary),
            "over-long curated term": (huge, read_glossary)}


def refusal_seconds(path: Path, reader: Callable[[Path], object]) -> float:
    started = time.perf_counter()
    try:
        reader(path)
    except InputError:
        return time.perf_counter() - started
    raise SystemExit(f"{path.name} was read, not refused")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (path, reader) in cases(Path(tmp)).items():
            times = [refusal_seconds(path, reader) for _ in range(args.runs)]
            median = statistics.median(times)
            results[name] = {"seconds": [round(t, 4) for t in times],
                             "median_seconds": round(median, 4),
                             "passes": median < BAR_SECONDS}
    print(json.dumps({"bar_seconds": BAR_SECONDS, "cases": results,
                      "passes": all(r["passes"] for r in results.values())}, indent=2))


if __name__ == "__main__":
    main()
