"""Choose glossary weights on the train split of the reference lists, never on test.

    python benchmarks/glossary_fit.py [--grid dictionary_chinese=0,0.2,0.4 ...] [--check dev]

Builds the train glossary (glossary_terms.py's "train" set) once per point of the grid (every
combination of the values given) and prints, per point, terms right and top-50 precision
on train; the best point by the objective, terms right plus half the top-50 precision, is
the one to write into aligner/glossary/scoring.py. ``--check`` sets (dev, seed) are
measured at the best point only, to see it hold; test is not measured here.
"""

from __future__ import annotations

import argparse
import itertools
import json

from glossary_terms import measure, overrides

from aligner.embed import get_encoder
from aligner.glossary import load_curated, shipped_glossaries, user_words

DEFAULT_GRID = ("dictionary_chinese=0,0.15,0.3,0.45", "dictionary_english=0,0.1,0.2")


def objective(result: dict[str, object]) -> float:
    precision = result["top_precision"]
    return float(result["terms_right"]) + 0.5 * float(precision if precision is not None
                                                      else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...")
    parser.add_argument("--check", default="dev,seed")
    args = parser.parse_args()
    axes = [(name, values.split(",")) for name, _, values in
            (item.partition("=") for item in (args.grid or DEFAULT_GRID))]
    encoder = get_encoder()
    words = user_words(load_curated(shipped_glossaries()))
    table = []
    for point in itertools.product(*(values for _, values in axes)):
        settings = [f"{name}={value}" for (name, _), value in zip(axes, point, strict=True)]
        result = measure(["train"], encoder=encoder, words=words,
                         scoring=overrides(settings))["train"]
        row = {"settings": settings, "terms_right": result["terms_right"],
               "top_precision": result["top_precision"], "objective": objective(result)}
        print(json.dumps(row), flush=True)
        table.append(row)
    best = max(table, key=lambda row: row["objective"])
    print("best on train:", json.dumps(best))
    checks = [s for s in args.check.split(",") if s and s != "test"]
    if checks:
        report = measure(checks, encoder=encoder, words=words,
                         scoring=overrides(best["settings"]))
        print(json.dumps({name: {"terms_right": r["terms_right"],
                                 "top_precision": r["top_precision"]}
                          for name, r in report.items()}))


if __name__ == "__main__":
    main()
